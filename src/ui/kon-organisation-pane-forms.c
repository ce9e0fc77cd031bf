/* kon-organisation-pane-forms.c: the dialogs that add and edit partners,
 * persons, bodies and roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of KonOrganisationPane (see kon-organisation-pane-private.h).  Each
 * form is a KonEditDialog; its "save" handler validates, writes through
 * kon_org_save_*, and either closes the dialog (announcing the change,
 * with Undo) or shows the error and stays open, so nothing typed is lost.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-compat.h"
#include "kon-date.h"
#include "kon-edit-dialog.h"
#include "kon-organisation-pane-private.h"

/* Helpers */

/* Fills the choices of a combo row from a list of partners or persons:
 * UUIDs and names side by side.  Returns the position of @selected_uuid
 * among them, or -1. */
static int
collect_choices (GPtrArray  *rows,
                 gboolean    is_partner,
                 const char *selected_uuid,
                 GPtrArray  *uuids,
                 GPtrArray  *names)
{
  int selected = -1;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      gconstpointer row = g_ptr_array_index (rows, i);
      const char *uuid = ((const KonPartner *) row)->uuid;

      if (g_strcmp0 (uuid, selected_uuid) == 0)
        selected = (int) uuids->len;
      g_ptr_array_add (uuids, g_strdup (uuid));
      g_ptr_array_add (names, is_partner ? ((KonPartner *) row)->name : ((KonPerson *) row)->name);
    }

  return selected;
}

static const char * const *
partner_kind_choices (void)
{
  static const char *choices[3];

  choices[0] = kon_partner_kind_to_string (KON_PARTNER_KIND_HELSEFORETAK);
  choices[1] = kon_partner_kind_to_string (KON_PARTNER_KIND_KOMMUNE);
  choices[2] = NULL;

  return choices;
}

static const char * const *
side_choices (void)
{
  static const char *choices[3];

  choices[0] = kon_side_to_string (KON_SIDE_HF);
  choices[1] = kon_side_to_string (KON_SIDE_MUNICIPAL);
  choices[2] = NULL;

  return choices;
}

typedef struct
{
  KonOrganisationPane *pane;
  KonPartner          *partner;
  KonPerson           *person;
  gpointer             before;          /* boxed copy of the row as it was, or NULL */
  GType                type;
  GPtrArray           *partner_uuids;
  AdwEntryRow         *name;
  AdwEntryRow         *short_name;
  AdwComboRow         *kind;
  AdwComboRow         *side;
  AdwEntryRow         *region;
  AdwEntryRow         *aliases;
  AdwEntryRow         *title;
  AdwComboRow         *partner_choice;
  AdwEntryRow         *email;
  AdwEntryRow         *phone;
} EditForm;

static void
edit_form_free (EditForm *form)
{
  if (form->before != NULL)
    g_boxed_free (form->type, form->before);
  g_clear_pointer (&form->partner, kon_partner_free);
  g_clear_pointer (&form->person, kon_person_free);
  g_clear_pointer (&form->partner_uuids, g_ptr_array_unref);
  g_free (form);
}

static void
on_partner_save_cb (KonEditDialog *dialog,
                    EditForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kon_edit_dialog_get_text (form->name);
  g_autofree char *short_name = kon_edit_dialog_get_text (form->short_name);
  g_autofree char *aliases = kon_edit_dialog_get_text (form->aliases);
  KonPartner *partner = form->partner;

  if (name == NULL || short_name == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("A partner needs an official name and a short name."));
      return;
    }

  g_free (partner->name);
  partner->name = g_steal_pointer (&name);
  g_free (partner->short_name);
  partner->short_name = g_steal_pointer (&short_name);
  partner->kind = adw_combo_row_get_selected (form->kind) == 0 ? KON_PARTNER_KIND_HELSEFORETAK
                                                                 : KON_PARTNER_KIND_KOMMUNE;
  partner->side = adw_combo_row_get_selected (form->side) == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
  g_free (partner->region);
  partner->region = kon_edit_dialog_get_text (form->region);

  g_strfreev (partner->aliases);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) parts = g_strsplit (aliases != NULL ? aliases : "", ",", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      {
        g_strstrip (parts[i]);
        if (*parts[i] != '\0')
          g_strv_builder_add (builder, parts[i]);
      }
    partner->aliases = g_strv_builder_end (builder);
  }

  if (!kon_org_save_partner (form->pane->store, partner, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  _kon_organisation_pane_announce_saved (form->pane, KON_TYPE_PARTNER, form->before, "partner", partner->uuid, partner->name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_kon_organisation_pane_open_partner_dialog (KonOrganisationPane *self,
                     const KonPartner    *partner)
{
  KonEditDialog *dialog;
  EditForm *form;
  g_autofree char *aliases = NULL;

  form = g_new0 (EditForm, 1);
  form->pane = self;
  form->partner = partner != NULL ? kon_partner_copy (partner) : kon_partner_new ();
  form->type = KON_TYPE_PARTNER;
  form->before = partner != NULL ? kon_partner_copy (partner) : NULL;
  if (partner == NULL)
    {
      form->partner->kind = KON_PARTNER_KIND_KOMMUNE;
      form->partner->side = KON_SIDE_MUNICIPAL;
    }

  dialog = kon_edit_dialog_new (_kon_organisation_pane_get_window (self),
                                partner != NULL ? _("Edit Partner") : _("New Partner"),
                                partner != NULL ? _("_Save") : _("_Add"));

  aliases = g_strjoinv (", ", form->partner->aliases);
  form->name = kon_edit_dialog_add_entry (dialog, _("Official name"), form->partner->name);
  form->short_name = kon_edit_dialog_add_entry (dialog, _("Short name"), form->partner->short_name);
  form->kind = kon_edit_dialog_add_choice (dialog, _("Kind"), partner_kind_choices (),
                                           form->partner->kind == KON_PARTNER_KIND_HELSEFORETAK ? 0 : 1);
  form->side = kon_edit_dialog_add_choice (dialog, _("Side"), side_choices (),
                                           form->partner->side == KON_SIDE_HF ? 0 : 1);
  form->region = kon_edit_dialog_add_entry (dialog, _("Region"), form->partner->region);
  form->aliases = kon_edit_dialog_add_entry (dialog, _("Other names, separated by commas"), aliases);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_partner_save_cb), form,
                         (GClosureNotify) edit_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_person_save_cb (KonEditDialog *dialog,
                   EditForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kon_edit_dialog_get_text (form->name);
  KonPerson *person = form->person;
  guint selected;

  if (name == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("A person needs a name."));
      return;
    }

  g_free (person->name);
  person->name = g_steal_pointer (&name);
  g_free (person->title);
  person->title = kon_edit_dialog_get_text (form->title);
  g_free (person->email);
  person->email = kon_edit_dialog_get_text (form->email);
  g_free (person->phone);
  person->phone = kon_edit_dialog_get_text (form->phone);

  selected = adw_combo_row_get_selected (form->partner_choice);
  g_free (person->partner_uuid);
  person->partner_uuid = selected > 0 && selected <= form->partner_uuids->len
                           ? g_strdup (g_ptr_array_index (form->partner_uuids, selected - 1))
                           : NULL;

  if (!kon_org_save_person (form->pane->store, person, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  _kon_organisation_pane_announce_saved (form->pane, KON_TYPE_PERSON, form->before, "person", person->uuid, person->name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_kon_organisation_pane_open_person_dialog (KonOrganisationPane *self,
                    const KonPerson     *person)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new ();
  g_autoptr(GPtrArray) partners = kon_org_list_partners (self->store, NULL);
  KonEditDialog *dialog;
  EditForm *form;
  guint selected = 0;

  form = g_new0 (EditForm, 1);
  form->pane = self;
  form->person = person != NULL ? kon_person_copy (person) : kon_person_new ();
  form->type = KON_TYPE_PERSON;
  form->before = person != NULL ? kon_person_copy (person) : NULL;
  form->partner_uuids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (choices, (gpointer) _("None"));
  selected = 1 + collect_choices (partners, TRUE, form->person->partner_uuid,
                                  form->partner_uuids, choices);
  g_ptr_array_add (choices, NULL);

  dialog = kon_edit_dialog_new (_kon_organisation_pane_get_window (self),
                                person != NULL ? _("Edit Person") : _("New Person"),
                                person != NULL ? _("_Save") : _("_Add"));

  form->name = kon_edit_dialog_add_entry (dialog, _("Name"), form->person->name);
  form->title = kon_edit_dialog_add_entry (dialog, _("Title"), form->person->title);
  form->partner_choice = kon_edit_dialog_add_choice (dialog, _("Partner"),
                                                     (const char * const *) choices->pdata, selected);
  form->email = kon_edit_dialog_add_entry (dialog, _("E-mail"), form->person->email);
  form->phone = kon_edit_dialog_add_entry (dialog, _("Phone"), form->person->phone);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_person_save_cb), form,
                         (GClosureNotify) edit_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char * const *
body_kind_choices (void)
{
  static const char *choices[KON_BODY_KIND_OTHER + 2];

  for (int i = 0; i <= KON_BODY_KIND_OTHER; i++)
    choices[i] = kon_body_kind_to_string ((KonBodyKind) i);
  choices[KON_BODY_KIND_OTHER + 1] = NULL;

  return choices;
}

static const char * const *
role_kind_choices (void)
{
  static const char *choices[KON_ROLE_KIND_SECRETARY + 2];

  for (int i = 0; i <= KON_ROLE_KIND_SECRETARY; i++)
    choices[i] = kon_role_kind_to_string ((KonRoleKind) i);
  choices[KON_ROLE_KIND_SECRETARY + 1] = NULL;

  return choices;
}

static const char * const *
represents_choices (void)
{
  static const char *choices[KON_REPRESENTS_EMPLOYEES + 2];

  for (int i = 0; i <= KON_REPRESENTS_EMPLOYEES; i++)
    choices[i] = kon_represents_to_string ((KonRepresents) i);
  choices[KON_REPRESENTS_EMPLOYEES + 1] = NULL;

  return choices;
}

static const char * const *
optional_side_choices (void)
{
  static const char *choices[4];

  choices[0] = _("Neither side");
  choices[1] = kon_side_to_string (KON_SIDE_HF);
  choices[2] = kon_side_to_string (KON_SIDE_MUNICIPAL);
  choices[3] = NULL;

  return choices;
}

typedef struct
{
  KonOrganisationPane *pane;
  KonBody             *body;
  KonBody             *before;    /* the body as it was, or NULL */
  KonRole             *role;
  GPtrArray           *uuids;      /* parent bodies, or persons */
  GPtrArray           *partner_uuids;
  AdwEntryRow         *name;
  AdwEntryRow         *short_name;
  AdwComboRow         *kind;
  AdwComboRow         *parent;
  AdwEntryRow         *mandate;
  GtkSwitch           *takes_decisions;
  GtkSwitch           *is_public;
  GtkSpinButton       *meetings;
  GtkSpinButton       *seats;
  AdwEntryRow         *deadline;
  AdwComboRow         *person;
  AdwComboRow         *represents;
  AdwComboRow         *partner;
  AdwComboRow         *side;
  AdwEntryRow         *from;
  AdwEntryRow         *to;
} BodyForm;

static void
body_form_free (BodyForm *form)
{
  g_clear_pointer (&form->body, kon_body_free);
  g_clear_pointer (&form->before, kon_body_free);
  g_clear_pointer (&form->role, kon_role_free);
  g_clear_pointer (&form->uuids, g_ptr_array_unref);
  g_clear_pointer (&form->partner_uuids, g_ptr_array_unref);
  g_free (form);
}

/* Reads an optional date field; FALSE (with the dialog showing why) when
 * something is written that is not a date. */
static gboolean
read_date_field (KonEditDialog *dialog,
                 AdwEntryRow   *row,
                 GDate         *date)
{
  g_autofree char *text = kon_edit_dialog_get_text (row);

  g_date_clear (date, 1);

  if (text == NULL)
    return TRUE;

  if (!kon_date_parse (text, date))
    {
      /* TRANSLATORS: %s is what the user wrote */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date. Write it as dd.mm.yyyy, "
                                                    "for example 25.05.2021."), text);
      kon_edit_dialog_show_error (dialog, message);
      return FALSE;
    }

  return TRUE;
}

static char *
format_optional_date (const GDate *date)
{
  return g_date_valid (date) ? kon_date_format (date) : NULL;
}

static void
on_body_save_cb (KonEditDialog *dialog,
                 BodyForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kon_edit_dialog_get_text (form->name);
  KonBody *body = form->body;
  guint parent;

  if (name == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("A body needs a name."));
      return;
    }

  if (!read_date_field (dialog, form->deadline, &body->deadline))
    return;

  g_free (body->name);
  body->name = g_steal_pointer (&name);
  g_free (body->short_name);
  body->short_name = kon_edit_dialog_get_text (form->short_name);
  g_free (body->mandate);
  body->mandate = kon_edit_dialog_get_text (form->mandate);
  body->kind = (KonBodyKind) adw_combo_row_get_selected (form->kind);
  body->takes_decisions = gtk_switch_get_active (form->takes_decisions);
  body->is_public = gtk_switch_get_active (form->is_public);
  body->meetings_per_year = gtk_spin_button_get_value_as_int (form->meetings);
  body->seats_per_side = gtk_spin_button_get_value_as_int (form->seats);

  parent = adw_combo_row_get_selected (form->parent);
  g_free (body->parent_uuid);
  body->parent_uuid = parent > 0 && parent <= form->uuids->len
                        ? g_strdup (g_ptr_array_index (form->uuids, parent - 1)) : NULL;

  if (!kon_org_save_body (form->pane->store, body, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  _kon_organisation_pane_announce_saved (form->pane, KON_TYPE_BODY, form->before, "body", body->uuid, body->name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_kon_organisation_pane_open_body_dialog (KonOrganisationPane *self,
                  const KonBody       *body)
{
  g_autoptr(GPtrArray) bodies = kon_org_list_bodies (self->store, NULL);
  g_autoptr(GPtrArray) choices = g_ptr_array_new ();
  g_autofree char *deadline = NULL;
  KonEditDialog *dialog;
  BodyForm *form;
  guint selected = 0;

  form = g_new0 (BodyForm, 1);
  form->pane = self;
  form->body = body != NULL ? kon_body_copy (body) : kon_body_new ();
  form->before = body != NULL ? kon_body_copy (body) : NULL;
  form->uuids = g_ptr_array_new_with_free_func (g_free);
  if (body == NULL)
    {
      form->body->kind = KON_BODY_KIND_WORKING_GROUP;
      form->body->takes_decisions = FALSE;
      if (self->shown_body != NULL)
        form->body->parent_uuid = g_strdup (self->shown_body);
    }

  g_ptr_array_add (choices, (gpointer) _("None (top level)"));
  for (guint i = 0; bodies != NULL && i < bodies->len; i++)
    {
      KonBody *other = g_ptr_array_index (bodies, i);

      if (g_strcmp0 (other->uuid, form->body->uuid) == 0)
        continue;

      g_ptr_array_add (form->uuids, g_strdup (other->uuid));
      g_ptr_array_add (choices, other->name);
      if (g_strcmp0 (other->uuid, form->body->parent_uuid) == 0)
        selected = form->uuids->len;
    }
  g_ptr_array_add (choices, NULL);

  dialog = kon_edit_dialog_new (_kon_organisation_pane_get_window (self),
                                body != NULL ? _("Edit Body") : _("New Body"),
                                body != NULL ? _("_Save") : _("_Add"));

  deadline = format_optional_date (&form->body->deadline);
  form->name = kon_edit_dialog_add_entry (dialog, _("Name"), form->body->name);
  form->short_name = kon_edit_dialog_add_entry (dialog, _("Short name"), form->body->short_name);
  form->kind = kon_edit_dialog_add_choice (dialog, _("Kind"), body_kind_choices (), form->body->kind);
  form->parent = kon_edit_dialog_add_choice (dialog, _("Set up by"),
                                             (const char * const *) choices->pdata, selected);
  form->mandate = kon_edit_dialog_add_entry (dialog, _("Mandate"), form->body->mandate);
  form->takes_decisions = kon_edit_dialog_add_switch (dialog, _("Takes decisions"),
                                                      form->body->takes_decisions);
  form->is_public = kon_edit_dialog_add_switch (dialog, _("Public meetings"), form->body->is_public);
  form->meetings = kon_edit_dialog_add_number (dialog, _("Meetings per year"),
                                               form->body->meetings_per_year, 52);
  form->seats = kon_edit_dialog_add_number (dialog, _("Seats per side (0: no parity rule)"),
                                            form->body->seats_per_side, 99);
  form->deadline = kon_edit_dialog_add_entry (dialog, _("Deadline (dd.mm.yyyy), if time-limited"), deadline);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_body_save_cb), form,
                         (GClosureNotify) body_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_role_save_cb (KonEditDialog *dialog,
                 BodyForm      *form)
{
  g_autoptr(GError) error = NULL;
  KonRole *role = form->role;
  guint person, partner;

  person = adw_combo_row_get_selected (form->person);
  if (person >= form->uuids->len)
    {
      kon_edit_dialog_show_error (dialog, _("Choose the person who has the role."));
      return;
    }

  if (!read_date_field (dialog, form->from, &role->from) ||
      !read_date_field (dialog, form->to, &role->to))
    return;

  if (g_date_valid (&role->from) && g_date_valid (&role->to) &&
      g_date_compare (&role->from, &role->to) > 0)
    {
      kon_edit_dialog_show_error (dialog, _("The role cannot end before it begins."));
      return;
    }

  g_free (role->person_uuid);
  role->person_uuid = g_strdup (g_ptr_array_index (form->uuids, person));
  role->kind = (KonRoleKind) adw_combo_row_get_selected (form->kind);
  role->represents = (KonRepresents) adw_combo_row_get_selected (form->represents);
  role->side = (KonSide) adw_combo_row_get_selected (form->side);

  partner = adw_combo_row_get_selected (form->partner);
  g_free (role->partner_uuid);
  role->partner_uuid = partner > 0 && partner <= form->partner_uuids->len
                         ? g_strdup (g_ptr_array_index (form->partner_uuids, partner - 1)) : NULL;

  if (role->represents == KON_REPRESENTS_PARTNER && role->partner_uuid == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("Choose the partner the role represents."));
      return;
    }

  if (!kon_org_save_role (form->pane->store, role, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  _kon_organisation_pane_announce_saved (form->pane, KON_TYPE_ROLE, NULL, "role", role->uuid,
                  adw_combo_row_get_selected_item (form->person) != NULL
                    ? gtk_string_object_get_string (adw_combo_row_get_selected_item (form->person))
                    : "");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_kon_organisation_pane_open_role_dialog (KonOrganisationPane *self,
                  const char          *body_uuid)
{
  g_autoptr(GPtrArray) person_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) partner_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) persons = kon_org_list_persons (self->store, NULL);
  g_autoptr(GPtrArray) partners = kon_org_list_partners (self->store, NULL);
  guint n_persons = persons != NULL ? persons->len : 0;
  KonEditDialog *dialog;
  BodyForm *form;

  if (n_persons == 0)
    {
      kon_compat_show_alert (_kon_organisation_pane_get_window (self), _("No People Yet"),
                             _("Add the person under People first, then give them a role here."));
      return;
    }

  form = g_new0 (BodyForm, 1);
  form->pane = self;
  form->role = kon_role_new ();
  g_free (form->role->body_uuid);
  form->role->body_uuid = g_strdup (body_uuid);
  form->uuids = g_ptr_array_new_with_free_func (g_free);
  form->partner_uuids = g_ptr_array_new_with_free_func (g_free);

  collect_choices (persons, FALSE, NULL, form->uuids, person_names);
  g_ptr_array_add (person_names, NULL);

  g_ptr_array_add (partner_names, (gpointer) _("None"));
  collect_choices (partners, TRUE, NULL, form->partner_uuids, partner_names);
  g_ptr_array_add (partner_names, NULL);

  dialog = kon_edit_dialog_new (_kon_organisation_pane_get_window (self), _("New Role"), _("_Add"));
  form->person = kon_edit_dialog_add_choice (dialog, _("Person"),
                                             (const char * const *) person_names->pdata, 0);
  form->kind = kon_edit_dialog_add_choice (dialog, _("Role"), role_kind_choices (), KON_ROLE_KIND_MEMBER);
  form->represents = kon_edit_dialog_add_choice (dialog, _("Represents"), represents_choices (),
                                                 KON_REPRESENTS_PARTNER);
  form->partner = kon_edit_dialog_add_choice (dialog, _("Partner"),
                                              (const char * const *) partner_names->pdata, 0);
  form->side = kon_edit_dialog_add_choice (dialog, _("Side"), optional_side_choices (), 0);
  form->from = kon_edit_dialog_add_entry (dialog, _("From (dd.mm.yyyy)"), NULL);
  form->to = kon_edit_dialog_add_entry (dialog, _("To (dd.mm.yyyy)"), NULL);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_role_save_cb), form,
                         (GClosureNotify) body_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

