/* kon-person-form.c: the fields of a person, and their roles, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a copy of the row in the template's rows; saving writes a new copy
 * through kon_org_save_*, so the row shown stays as it was until a save
 * succeeds.  The person's roles are listed below the fields,
 * with their bodies and dates.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kon-person-form.h"

struct _KonPersonForm
{
  KonEditForm       parent_instance;

  KonPerson       *row;
  GPtrArray        *partner_uuids;   /* of the partner choices after "None" */

  /* Template widgets */
  AdwEntryRow      *name_row;
  AdwEntryRow      *title_row;
  AdwComboRow      *partner_row;
  AdwEntryRow      *email_row;
  AdwEntryRow      *phone_row;
  AdwPreferencesGroup *roles_group;
  GtkListBox       *roles_list;
};

G_DEFINE_FINAL_TYPE (KonPersonForm, kon_person_form, KON_TYPE_EDIT_FORM)

/* Helpers */

static void
set_row (KonPersonForm *self,
         const KonPerson *row)
{
  g_clear_pointer (&self->row, kon_person_free);
  self->row = kon_person_copy (row);
}

/* A plain check, enough to catch a slip: something@something.something */
static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && text[strlen (text) - 1] != '.' &&
         strpbrk (text, " \t,;") == NULL;
}

/* Digits with spaces, dashes, brackets and a leading +; 5 to 15 digits */
static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == text)
        continue;
      else if (strchr (" -()", *p) == NULL)
        return FALSE;
    }

  return digits >= 5 && digits <= 15;
}

static void
show_partners (KonPersonForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(GPtrArray) partners = store != NULL ? kon_org_list_partners (store, NULL) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  g_ptr_array_set_size (self->partner_uuids, 0);
  g_ptr_array_add (names, (gpointer) _("None"));
  for (guint i = 0; partners != NULL && i < partners->len; i++)
    {
      KonPartner *partner = g_ptr_array_index (partners, i);

      if (g_strcmp0 (partner->uuid, self->row->partner_uuid) == 0)
        selected = names->len;
      g_ptr_array_add (self->partner_uuids, g_strdup (partner->uuid));
      g_ptr_array_add (names, partner->name);
    }
  g_ptr_array_add (names, NULL);

  kon_edit_form_set_choices (self->partner_row, (const char * const *) names->pdata, selected);
}

static void
show_roles (KonPersonForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(GPtrArray) roles = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->roles_list))) != NULL)
    gtk_list_box_remove (self->roles_list, child);

  if (store != NULL && self->row->uuid != NULL)
    roles = kon_org_list_roles_of_person (store, self->row->uuid, NULL);

  for (guint i = 0; roles != NULL && i < roles->len; i++)
    {
      KonRole *role = g_ptr_array_index (roles, i);
      g_autoptr(KonBody) body = kon_org_get_body (store, role->body_uuid, NULL);
      g_autofree char *term = kon_edit_form_describe_term (&role->from, &role->to);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      subtitle = term != NULL
                   /* TRANSLATORS: a role and its term: "Member, 01.01.2021–31.12.2024" */
                   ? g_strdup_printf (_("%s, %s"), kon_role_kind_to_string (role->kind), term)
                   : g_strdup (kon_role_kind_to_string (role->kind));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), body != NULL ? body->name : "?");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->roles_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->roles_group), roles != NULL && roles->len > 0);
}

static void
show_row (KonPersonForm *self)
{
  kon_edit_form_set_text (self->name_row, self->row->name);
  kon_edit_form_set_text (self->title_row, self->row->title);
  kon_edit_form_set_text (self->email_row, self->row->email);
  kon_edit_form_set_text (self->phone_row, self->row->phone);
  show_partners (self);
  show_roles (self);
}

static char *
kon_person_form_check (KonEditForm *form)
{
  KonPersonForm *self = KON_PERSON_FORM (form);
  g_autofree char *name = kon_edit_form_get_text (self->name_row);
  g_autofree char *email = kon_edit_form_get_text (self->email_row);
  g_autofree char *phone = kon_edit_form_get_text (self->phone_row);

  if (name == NULL)
    return g_strdup (_("A person needs a name."));
  if (email != NULL && !is_email (email))
    /* TRANSLATORS: %s is what the user wrote */
    return g_strdup_printf (_("“%s” is not an e-mail address, such as ola.nordmann@bodo.kommune.no."), email);
  if (phone != NULL && !is_phone (phone))
    /* TRANSLATORS: %s is what the user wrote */
    return g_strdup_printf (_("“%s” is not a phone number, such as +47 75 55 50 00."), phone);

  return NULL;
}

static gboolean
kon_person_form_save (KonEditForm  *form,
                      GError      **error)
{
  KonPersonForm *self = KON_PERSON_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonPerson) person = kon_person_copy (self->row);
  guint selected = adw_combo_row_get_selected (self->partner_row);

  g_free (person->name);
  person->name = kon_edit_form_get_text (self->name_row);
  g_free (person->title);
  person->title = kon_edit_form_get_text (self->title_row);
  g_free (person->email);
  person->email = kon_edit_form_get_text (self->email_row);
  g_free (person->phone);
  person->phone = kon_edit_form_get_text (self->phone_row);
  g_free (person->partner_uuid);
  person->partner_uuid = selected > 0 && selected <= self->partner_uuids->len
                           ? g_strdup (g_ptr_array_index (self->partner_uuids, selected - 1)) : NULL;

  if (!kon_org_save_person (store, person, error))
    return FALSE;

  set_row (self, person);
  return TRUE;
}

static gboolean
kon_person_form_reload (KonEditForm  *form,
                        GError      **error)
{
  KonPersonForm *self = KON_PERSON_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonPerson) person = kon_org_get_person (store, self->row->uuid, error);

  if (person == NULL)
    return FALSE;

  set_row (self, person);
  show_row (self);
  return TRUE;
}

static const char *
kon_person_form_get_name (KonEditForm *form)
{
  return KON_PERSON_FORM (form)->row->name;
}

static gconstpointer
kon_person_form_get_row (KonEditForm *form)
{
  return KON_PERSON_FORM (form)->row;
}

/* Overrides */

static void
kon_person_form_dispose (GObject *object)
{
  KonPersonForm *self = KON_PERSON_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_PERSON_FORM);
  g_clear_pointer (&self->row, kon_person_free);
  g_clear_pointer (&self->partner_uuids, g_ptr_array_unref);

  G_OBJECT_CLASS (kon_person_form_parent_class)->dispose (object);
}

static void
kon_person_form_class_init (KonPersonFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonEditFormClass *form_class = KON_EDIT_FORM_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_person_form_dispose;
  form_class->table = &kon_person_table;
  form_class->check = kon_person_form_check;
  form_class->save = kon_person_form_save;
  form_class->reload = kon_person_form_reload;
  form_class->get_row = kon_person_form_get_row;
  form_class->get_name = kon_person_form_get_name;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-person-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, title_row);
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, partner_row);
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, phone_row);
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, roles_group);
  gtk_widget_class_bind_template_child (widget_class, KonPersonForm, roles_list);
}

static void
kon_person_form_init (KonPersonForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->partner_uuids = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

/**
 * kon_person_form_new:
 * @row: (nullable): the row to edit, copied; %NULL for a new one
 */
GtkWidget *
kon_person_form_new (KonStore *store,
                     const KonPerson *row)
{
  KonPersonForm *self = g_object_new (KON_TYPE_PERSON_FORM, "store", store, NULL);

  if (row == NULL)
    {
      g_autoptr(KonPerson) person = kon_person_new ();
      set_row (self, person);
    }
  if (row != NULL)
    set_row (self, row);
  show_row (self);
  kon_edit_form_name_rows (GTK_WIDGET (self));
  kon_edit_form_watch (KON_EDIT_FORM (self), GTK_WIDGET (self->name_row),
                       GTK_WIDGET (self->title_row),
                       GTK_WIDGET (self->partner_row),
                       GTK_WIDGET (self->email_row),
                       GTK_WIDGET (self->phone_row), NULL);

  return GTK_WIDGET (self);
}
