/* kon-organisation-pane-private.h: what the organisation pane's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KonOrganisationPane spans kon-organisation-pane.c (life cycle, content,
 * store and change events), kon-organisation-pane-actions.c (its actions,
 * undo, export and print) and kon-organisation-pane-forms.c (the dialogs
 * that add and edit rows), as GNOME Text Editor's EditorWindow spans
 * editor-window.c and editor-window-actions.c.
 */

#pragma once

#include <adwaita.h>

#include "kon-body-details.h"
#include "kon-chart-view.h"
#include "kon-org.h"
#include "kon-organisation-pane.h"
#include "kon-searchable-list.h"
#include "kon-template-picker.h"
#include "kon-undo-stack.h"

G_BEGIN_DECLS

struct _KonOrganisationPane
{
  GtkWidget          parent_instance;

  KonStore          *store;
  gulong             changed_id;

  GListModel        *partner_model;     /* KonOrgItem, see create_list_model () */
  GListModel        *person_model;
  GHashTable        *partner_names;     /* uuid → short name */
  KonChartView      *chart_view;
  char              *shown_body;
  KonUndoStack      *undo_stack;
  guint              focus_frames;      /* see on_detail_revealed_cb () */

  /* Template widgets */
  GtkStack          *main_stack;
  KonTemplatePicker *template_picker;

  /* Content widgets, from kon-organisation-content.ui: NULL until the
   * database has an organisation to show (see ensure_content ()) */
  GtkWidget         *content;
  GtkLabel          *community_label;
  GtkStack          *content_stack;
  AdwBin            *chart_holder;
  GtkRevealer       *detail_revealer;
  KonBodyDetails    *body_details;
  KonSearchableList *partner_list;
  KonSearchableList *person_list;
};


/* How long a toast offers Undo: longer than GNOME's 5 s, for a change
 * noticed while someone is talking in a meeting */

GtkWindow  *_kon_organisation_pane_get_window           (KonOrganisationPane *self);
void        _kon_organisation_pane_add_toast            (KonOrganisationPane *self,
                                                         AdwToast            *toast);
void        _kon_organisation_pane_show_error           (KonOrganisationPane *self,
                                                         const GError        *error);
const char *_kon_organisation_pane_partner_short_name   (KonOrganisationPane *self,
                                                         const char          *uuid);
void        _kon_organisation_pane_show_body            (KonOrganisationPane *self,
                                                         const char          *body_uuid);
gboolean    _kon_organisation_pane_is_writable          (KonOrganisationPane *self);

/* kon-organisation-pane-actions.c */
void        _kon_organisation_pane_class_actions_init   (GtkWidgetClass      *widget_class);
void        _kon_organisation_pane_add_shortcuts        (KonOrganisationPane *self);
void        _kon_organisation_pane_update_actions       (KonOrganisationPane *self);

/* kon-organisation-pane-forms.c */
void        _kon_organisation_pane_open_partner_dialog  (KonOrganisationPane *self,
                                                         const KonPartner    *partner);
void        _kon_organisation_pane_open_person_dialog   (KonOrganisationPane *self,
                                                         const KonPerson     *person);
void        _kon_organisation_pane_open_body_dialog     (KonOrganisationPane *self,
                                                         const KonBody       *body);
void        _kon_organisation_pane_open_role_dialog     (KonOrganisationPane *self,
                                                         const KonRole       *role,
                                                         const char          *body_uuid);
void          _kon_organisation_pane_open_dialog           (KonOrganisationPane *self,
                                                            const KonTable      *table,
                                                            gconstpointer        row);

G_END_DECLS
