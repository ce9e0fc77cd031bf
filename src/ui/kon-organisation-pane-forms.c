/* kon-organisation-pane-forms.c: the dialogs that add and edit partners,
 * persons, bodies and roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of KonOrganisationPane (see kon-organisation-pane-private.h).  Each
 * dialog is a KonEditDialog around one form (KonPartnerForm, …), whose
 * store is the pane's by binding.  When the dialog says "saved", the pane
 * announces the change with Undo.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-body-form.h"
#include "kon-compat.h"
#include "kon-edit-dialog.h"
#include "kon-organisation-pane-private.h"
#include "kon-partner-form.h"
#include "kon-person-form.h"
#include "kon-role-form.h"

/* Callbacks */

static void
on_saved_cb (KonEditDialog       *dialog,
             KonOrganisationPane *self)
{
  _kon_organisation_pane_add_toast (self, kon_edit_dialog_push_undo (dialog, self->undo_stack));
}

/* The one way a form is opened: @exists says whether it edits a saved
 * row (the dialog keeps the row as it was, for Undo) or adds one */
static void
open_form (KonOrganisationPane *self,
           GtkWidget           *form,
           gboolean             exists,
           const char          *title)
{
  KonEditDialog *dialog;

  g_object_bind_property (self, "store", form, "store", G_BINDING_DEFAULT);

  dialog = kon_edit_dialog_new (_kon_organisation_pane_get_window (self), title,
                                exists ? _("_Save") : _("_Add"),
                                KON_EDIT_FORM (form));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved_cb), self, 0);
  if (!_kon_organisation_pane_is_writable (self))
    kon_edit_dialog_set_read_only (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Internal API */

void
_kon_organisation_pane_open_partner_dialog (KonOrganisationPane *self,
                                            const KonPartner    *partner)
{
  open_form (self, kon_partner_form_new (self->store, partner), partner != NULL,
             partner != NULL ? _("Edit Partner") : _("New Partner"));
}

void
_kon_organisation_pane_open_person_dialog (KonOrganisationPane *self,
                                           const KonPerson     *person)
{
  open_form (self, kon_person_form_new (self->store, person), person != NULL,
             person != NULL ? _("Edit Person") : _("New Person"));
}

/**
 * _kon_organisation_pane_open_body_dialog:
 * @body: (nullable): the body to edit; %NULL for a new one, set up by the
 *   body shown
 */
void
_kon_organisation_pane_open_body_dialog (KonOrganisationPane *self,
                                         const KonBody       *body)
{
  g_autoptr(KonBody) new_body = NULL;

  if (body == NULL)
    {
      new_body = kon_body_new ();
      new_body->kind = KON_BODY_KIND_WORKING_GROUP;
      new_body->takes_decisions = FALSE;
      new_body->parent_uuid = g_strdup (self->shown_body);
    }

  open_form (self, kon_body_form_new (self->store, body != NULL ? body : new_body),
             body != NULL, body != NULL ? _("Edit Body") : _("New Body"));
}

/**
 * _kon_organisation_pane_open_role_dialog:
 * @role: (nullable): the role to edit; %NULL for a new one in @body_uuid
 */
void
_kon_organisation_pane_open_role_dialog (KonOrganisationPane *self,
                                         const KonRole       *role,
                                         const char          *body_uuid)
{
  g_autoptr(KonRole) new_role = NULL;
  g_autoptr(GPtrArray) persons = NULL;

  if (role == NULL)
    {
      persons = kon_org_list_persons (self->store, NULL);
      if (persons == NULL || persons->len == 0)
        {
          kon_compat_show_alert (_kon_organisation_pane_get_window (self), _("No People Yet"),
                                 _("Add the person under People first, then give them a role here."));
          return;
        }

      new_role = kon_role_new ();
      g_free (new_role->body_uuid);
      new_role->body_uuid = g_strdup (body_uuid);
      new_role->kind = KON_ROLE_KIND_MEMBER;
      new_role->represents = KON_REPRESENTS_PARTNER;
    }

  open_form (self, kon_role_form_new (self->store, role != NULL ? role : new_role),
             role != NULL, role != NULL ? _("Edit Role") : _("New Role"));
}

/**
 * _kon_organisation_pane_open_dialog:
 * @table: the row's table
 * @row: the row to edit
 *
 * The dialog that edits a row of any of the organisation's tables.
 */
void
_kon_organisation_pane_open_dialog (KonOrganisationPane *self,
                                    const KonTable      *table,
                                    gconstpointer        row)
{
  if (table == &kon_partner_table)
    _kon_organisation_pane_open_partner_dialog (self, row);
  else if (table == &kon_person_table)
    _kon_organisation_pane_open_person_dialog (self, row);
  else if (table == &kon_body_table)
    _kon_organisation_pane_open_body_dialog (self, row);
  else if (table == &kon_role_table)
    _kon_organisation_pane_open_role_dialog (self, row, ((const KonRole *) row)->body_uuid);
}
