/* kon-role-form.c: a role of a person in a body, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a copy of the row in the template's rows; saving writes a new copy
 * through kon_org_save_*, so the row shown stays as it was until a save
 * succeeds.  The person is found by search (name, or
 * partner) and shown with their partner, so two people of one name are
 * told apart; choosing them fills in the partner and side they represent.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-role-form.h"
#include "kon-terms.h"

struct _KonRoleForm
{
  KonEditForm       parent_instance;

  KonRole       *row;
  GPtrArray        *partners;        /* KonPartner, the partner choices after "None" */
  GPtrArray        *seats;           /* KonSeat of the role's body, the seat choices after "None" */
  char             *person_uuid;     /* the person chosen, or NULL */

  /* Template widgets */
  GtkSearchEntry   *person_search;
  GtkListBox       *person_list;
  AdwComboRow      *kind_row;
  AdwComboRow      *represents_row;
  AdwComboRow      *partner_row;
  AdwComboRow      *side_row;
  AdwEntryRow      *from_row;
  AdwEntryRow      *to_row;
  AdwComboRow      *seat_row;
  AdwEntryRow      *appointed_by_row;
  AdwEntryRow      *decided_in_row;
};

G_DEFINE_FINAL_TYPE (KonRoleForm, kon_role_form, KON_TYPE_EDIT_FORM)

/* Helpers */

static void
set_row (KonRoleForm *self,
         const KonRole *row)
{
  g_clear_pointer (&self->row, kon_role_free);
  self->row = kon_role_copy (row);
}

/* The sides as the side row lists them */
static const KonSide sides[] = { KON_SIDE_NONE, KON_SIDE_HF, KON_SIDE_MUNICIPAL };

static const KonPartner *
find_partner (KonRoleForm *self,
              const char  *uuid,
              guint       *position)
{
  for (guint i = 0; uuid != NULL && self->partners != NULL && i < self->partners->len; i++)
    {
      const KonPartner *partner = g_ptr_array_index (self->partners, i);

      if (g_str_equal (partner->uuid, uuid))
        {
          if (position != NULL)
            *position = i + 1;
          return partner;
        }
    }

  if (position != NULL)
    *position = 0;
  return NULL;
}

/* The seats of the role's body, in their order; the row shows only where
 * the body has seats */
static void
show_seats (KonRoleForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  const KonRole *role = self->row;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  g_clear_pointer (&self->seats, g_ptr_array_unref);
  if (store != NULL && role->body_uuid != NULL && *role->body_uuid != '\0')
    self->seats = kon_store_list (store, &kon_seat_table, "body", role->body_uuid, NULL);
  if (self->seats != NULL)
    kon_terms_sort_seats (self->seats);

  g_ptr_array_add (names, (gpointer) _("None"));
  for (guint i = 0; self->seats != NULL && i < self->seats->len; i++)
    {
      const KonSeat *seat = g_ptr_array_index (self->seats, i);

      if (g_strcmp0 (seat->uuid, role->seat_uuid) == 0)
        selected = names->len;
      g_ptr_array_add (names, seat->name);
    }
  g_ptr_array_add (names, NULL);

  kon_edit_form_set_choices (self->seat_row, (const char * const *) names->pdata, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->seat_row), self->seats != NULL && self->seats->len > 0);
}

static guint
side_position (KonSide side)
{
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (sides[i] == side)
      return i;

  return 0;
}

static GtkWidget *
create_person_row (KonRoleForm     *self,
                   const KonPerson *person)
{
  const KonPartner *partner = find_partner (self, person->partner_uuid, NULL);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  if (person->title != NULL && partner != NULL)
    /* TRANSLATORS: a person's title and partner: "Kommunedirektør, Bodø kommune" */
    subtitle = g_strdup_printf (_("%s, %s"), person->title, partner->name);
  else
    subtitle = g_strdup (partner != NULL ? partner->name : person->title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "kon-person", kon_person_copy (person),
                          (GDestroyNotify) kon_person_free);

  return row;
}

static void
list_people (KonRoleForm *self,
             GPtrArray   *uuids)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->person_list))) != NULL)
    gtk_list_box_remove (self->person_list, child);

  /* Enough to choose from: the search narrows it */
  for (guint i = 0; uuids != NULL && i < uuids->len && i < 20; i++)
    {
      g_autoptr(KonPerson) person = kon_org_get_person (store, g_ptr_array_index (uuids, i), NULL);
      GtkWidget *row;

      if (person == NULL)
        continue;

      row = create_person_row (self, person);
      gtk_list_box_append (self->person_list, row);
      if (g_strcmp0 (person->uuid, self->person_uuid) == 0)
        gtk_list_box_select_row (self->person_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
show_row (KonRoleForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  const KonRole *role = self->row;
  g_autoptr(GPtrArray) partner_names = g_ptr_array_new ();
  const char *kinds[KON_ROLE_KIND_SECRETARY + 2];
  const char *represents[KON_REPRESENTS_EMPLOYEES + 2];
  const char *side_names[G_N_ELEMENTS (sides) + 1];
  guint partner_position;

  for (int i = 0; i <= KON_ROLE_KIND_SECRETARY; i++)
    kinds[i] = kon_role_kind_to_string ((KonRoleKind) i);
  kinds[KON_ROLE_KIND_SECRETARY + 1] = NULL;
  for (int i = 0; i <= KON_REPRESENTS_EMPLOYEES; i++)
    represents[i] = kon_represents_to_string ((KonRepresents) i);
  represents[KON_REPRESENTS_EMPLOYEES + 1] = NULL;
  side_names[0] = _("Neither side");
  for (guint i = 1; i < G_N_ELEMENTS (sides); i++)
    side_names[i] = kon_side_to_string (sides[i]);
  side_names[G_N_ELEMENTS (sides)] = NULL;

  g_clear_pointer (&self->partners, g_ptr_array_unref);
  self->partners = store != NULL ? kon_org_list_partners (store, NULL) : NULL;
  g_ptr_array_add (partner_names, (gpointer) _("None"));
  for (guint i = 0; self->partners != NULL && i < self->partners->len; i++)
    g_ptr_array_add (partner_names, ((KonPartner *) g_ptr_array_index (self->partners, i))->name);
  g_ptr_array_add (partner_names, NULL);
  find_partner (self, role->partner_uuid, &partner_position);

  kon_edit_form_set_choices (self->kind_row, kinds, role->kind);
  kon_edit_form_set_choices (self->represents_row, represents, role->represents);
  kon_edit_form_set_choices (self->partner_row, (const char * const *) partner_names->pdata, partner_position);
  kon_edit_form_set_choices (self->side_row, side_names, side_position (role->side));
  kon_edit_form_set_date (self->from_row, &role->from);
  kon_edit_form_set_date (self->to_row, &role->to);
  show_seats (self);
  kon_edit_form_set_text (self->appointed_by_row, role->appointed_by);
  kon_edit_form_set_text (self->decided_in_row, role->decided_in);

  /* The person who has the role, alone until a search lists others */
  g_free (self->person_uuid);
  self->person_uuid = role->person_uuid != NULL && *role->person_uuid != '\0'
                        ? g_strdup (role->person_uuid) : NULL;
  if (store != NULL && self->person_uuid != NULL)
    {
      g_autoptr(GPtrArray) uuids = g_ptr_array_new ();

      g_ptr_array_add (uuids, role->person_uuid);
      list_people (self, uuids);
    }
}

/* Callbacks */

static void
on_person_search_changed_cb (KonRoleForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->person_search));
  g_autoptr(GPtrArray) uuids = NULL;

  if (store != NULL && *text != '\0')
    uuids = kon_org_search_persons (store, text, NULL);

  list_people (self, uuids);
}

/* Choosing a person fills in whom they represent */
static void
on_person_selected_cb (KonRoleForm   *self,
                       GtkListBoxRow *row)
{
  const KonPerson *person = row != NULL ? g_object_get_data (G_OBJECT (row), "kon-person") : NULL;
  const KonPartner *partner;
  guint position;

  if (person == NULL || g_strcmp0 (person->uuid, self->person_uuid) == 0)
    return;

  g_free (self->person_uuid);
  self->person_uuid = g_strdup (person->uuid);

  partner = find_partner (self, person->partner_uuid, &position);
  if (partner != NULL)
    {
      adw_combo_row_set_selected (self->partner_row, position);
      adw_combo_row_set_selected (self->side_row, side_position (partner->side));
      if (adw_combo_row_get_selected (self->represents_row) == KON_REPRESENTS_NONE)
        adw_combo_row_set_selected (self->represents_row, KON_REPRESENTS_PARTNER);
    }

  kon_edit_form_changed (KON_EDIT_FORM (self));
}

static char *
kon_role_form_check (KonEditForm *form)
{
  KonRoleForm *self = KON_ROLE_FORM (form);
  char *message = NULL;
  GDate from, to;

  if (self->person_uuid == NULL)
    return g_strdup (_("Choose the person who has the role."));
  if (!kon_edit_form_read_date (self->from_row, &from, &message) ||
      !kon_edit_form_read_date (self->to_row, &to, &message))
    return message;
  if (g_date_valid (&from) && g_date_valid (&to) && g_date_compare (&from, &to) > 0)
    return g_strdup (_("The role cannot end before it begins."));
  if (adw_combo_row_get_selected (self->represents_row) == KON_REPRESENTS_PARTNER &&
      adw_combo_row_get_selected (self->partner_row) == 0)
    return g_strdup (_("Choose the partner the role represents."));

  return NULL;
}

static gboolean
kon_role_form_save (KonEditForm  *form,
                    GError      **error)
{
  KonRoleForm *self = KON_ROLE_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonRole) role = kon_role_copy (self->row);
  guint partner = adw_combo_row_get_selected (self->partner_row);
  guint side = adw_combo_row_get_selected (self->side_row);
  guint seat;

  g_free (role->person_uuid);
  role->person_uuid = g_strdup (self->person_uuid);
  role->kind = (KonRoleKind) adw_combo_row_get_selected (self->kind_row);
  role->represents = (KonRepresents) adw_combo_row_get_selected (self->represents_row);
  role->side = side < G_N_ELEMENTS (sides) ? sides[side] : KON_SIDE_NONE;
  g_free (role->partner_uuid);
  role->partner_uuid = partner > 0 && self->partners != NULL && partner <= self->partners->len
                         ? g_strdup (((KonPartner *) g_ptr_array_index (self->partners, partner - 1))->uuid)
                         : NULL;
  kon_edit_form_read_date (self->from_row, &role->from, NULL);
  kon_edit_form_read_date (self->to_row, &role->to, NULL);
  seat = adw_combo_row_get_selected (self->seat_row);
  g_free (role->seat_uuid);
  role->seat_uuid = seat > 0 && self->seats != NULL && seat <= self->seats->len
                      ? g_strdup (((KonSeat *) g_ptr_array_index (self->seats, seat - 1))->uuid)
                      : NULL;
  g_free (role->appointed_by);
  role->appointed_by = kon_edit_form_get_text (self->appointed_by_row);
  g_free (role->decided_in);
  role->decided_in = kon_edit_form_get_text (self->decided_in_row);

  if (!kon_org_save_role (store, role, error))
    return FALSE;

  set_row (self, role);
  return TRUE;
}

static gboolean
kon_role_form_reload (KonEditForm  *form,
                      GError      **error)
{
  KonRoleForm *self = KON_ROLE_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonRole) role = kon_org_get_role (store, self->row->uuid, error);

  if (role == NULL)
    return FALSE;

  set_row (self, role);
  show_row (self);
  return TRUE;
}

/* What the toast names: the person */
static const char *
kon_role_form_get_name (KonEditForm *form)
{
  KonRoleForm *self = KON_ROLE_FORM (form);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->person_list);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "";
}

static gconstpointer
kon_role_form_get_row (KonEditForm *form)
{
  return KON_ROLE_FORM (form)->row;
}

/* Overrides */

static void
kon_role_form_dispose (GObject *object)
{
  KonRoleForm *self = KON_ROLE_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_ROLE_FORM);
  g_clear_pointer (&self->row, kon_role_free);
  g_clear_pointer (&self->partners, g_ptr_array_unref);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->person_uuid, g_free);

  G_OBJECT_CLASS (kon_role_form_parent_class)->dispose (object);
}

static void
kon_role_form_class_init (KonRoleFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonEditFormClass *form_class = KON_EDIT_FORM_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_role_form_dispose;
  form_class->table = &kon_role_table;
  form_class->check = kon_role_form_check;
  form_class->save = kon_role_form_save;
  form_class->reload = kon_role_form_reload;
  form_class->get_row = kon_role_form_get_row;
  form_class->get_name = kon_role_form_get_name;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-role-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, person_search);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, person_list);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, represents_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, partner_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, side_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, from_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, to_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, seat_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, appointed_by_row);
  gtk_widget_class_bind_template_child (widget_class, KonRoleForm, decided_in_row);
  gtk_widget_class_bind_template_callback (widget_class, on_person_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_person_selected_cb);
}

static void
kon_role_form_init (KonRoleForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

/**
 * kon_role_form_new:
 * @row: (nullable): the row to edit, copied; %NULL for a new one
 */
GtkWidget *
kon_role_form_new (KonStore *store,
                   const KonRole *row)
{
  KonRoleForm *self = g_object_new (KON_TYPE_ROLE_FORM, "store", store, NULL);

  if (row == NULL)
    {
      g_autoptr(KonRole) role = kon_role_new ();
      set_row (self, role);
    }
  if (row != NULL)
    set_row (self, row);
  show_row (self);
  kon_edit_form_name_rows (GTK_WIDGET (self));
  kon_edit_form_watch (KON_EDIT_FORM (self), GTK_WIDGET (self->kind_row),
                       GTK_WIDGET (self->represents_row),
                       GTK_WIDGET (self->partner_row),
                       GTK_WIDGET (self->side_row),
                       GTK_WIDGET (self->from_row),
                       GTK_WIDGET (self->to_row),
                       GTK_WIDGET (self->seat_row),
                       GTK_WIDGET (self->appointed_by_row),
                       GTK_WIDGET (self->decided_in_row), NULL);

  return GTK_WIDGET (self);
}
