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

typedef struct
{
  GType     type;
  char     *table;
  gpointer  before;    /* boxed copy of the row as it was; NULL for a new row */
} EditRequest;

/* Helpers */

static void
edit_request_free (EditRequest *request)
{
  if (request->before != NULL)
    g_boxed_free (request->type, request->before);
  g_free (request->table);
  g_free (request);
}

/* Callbacks */

static void
on_saved_cb (KonEditDialog       *dialog,
             KonOrganisationPane *self)
{
  EditRequest *request = g_object_get_data (G_OBJECT (dialog), "kon-edit-request");
  KonEditForm *form = kon_edit_dialog_get_form (dialog);

  _kon_organisation_pane_announce_saved (self, request->type, request->before, request->table,
                                         kon_edit_form_get_uuid (form),
                                         kon_edit_form_get_name (form));
}

/* The one way a form is opened: @before is the row edited (copied), or
 * %NULL for a new one */
static void
open_form (KonOrganisationPane *self,
           GtkWidget           *form,
           GType                type,
           const char          *table,
           gconstpointer        before,
           const char          *title)
{
  EditRequest *request;
  KonEditDialog *dialog;

  g_object_bind_property (self, "store", form, "store", G_BINDING_DEFAULT);

  request = g_new0 (EditRequest, 1);
  request->type = type;
  request->table = g_strdup (table);
  request->before = before != NULL ? g_boxed_copy (type, before) : NULL;

  dialog = kon_edit_dialog_new (_kon_organisation_pane_get_window (self), title,
                                before != NULL ? _("_Save") : _("_Add"),
                                KON_EDIT_FORM (form));
  g_object_set_data_full (G_OBJECT (dialog), "kon-edit-request", request,
                          (GDestroyNotify) edit_request_free);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Internal API */

void
_kon_organisation_pane_open_partner_dialog (KonOrganisationPane *self,
                                            const KonPartner    *partner)
{
  open_form (self, kon_partner_form_new (self->store, partner), KON_TYPE_PARTNER, "partner",
             partner, partner != NULL ? _("Edit Partner") : _("New Partner"));
}

void
_kon_organisation_pane_open_person_dialog (KonOrganisationPane *self,
                                           const KonPerson     *person)
{
  open_form (self, kon_person_form_new (self->store, person), KON_TYPE_PERSON, "person",
             person, person != NULL ? _("Edit Person") : _("New Person"));
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
             KON_TYPE_BODY, "body", body, body != NULL ? _("Edit Body") : _("New Body"));
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
             KON_TYPE_ROLE, "role", role, role != NULL ? _("Edit Role") : _("New Role"));
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
