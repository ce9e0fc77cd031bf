/* kon-organisation-pane-actions.c: the organisation pane's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of KonOrganisationPane (see kon-organisation-pane-private.h).
 * Every command of the pane is an action here ("org.*" for the data,
 * "chart.*" for the chart), with its shortcut; buttons and menus name
 * them.  Which are enabled follows the pane's state:
 * _kon_organisation_pane_update_actions ().
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-chart-render.h"
#include "kon-compat.h"
#include "kon-organisation-pane-private.h"

/* Undo: every change pushes how to undo it on the pane's stack; Ctrl+Z
 * ("org.undo") undoes the newest, a toast's Undo its own */

static void
undo_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(GError) error = NULL;

  if (!kon_undo_stack_undo (self->undo_stack, 0, &error))
    _kon_organisation_pane_show_error (self, error);
}

/* Bodies */

static void
close_body_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);

  _kon_organisation_pane_show_body (self, NULL);
}

static void
add_body_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _kon_organisation_pane_open_body_dialog (KON_ORGANISATION_PANE (widget), NULL);
}

static void
edit_body_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(KonBody) body = NULL;

  if (self->shown_body != NULL)
    body = kon_org_get_body (self->store, self->shown_body, NULL);

  if (body != NULL)
    _kon_organisation_pane_open_body_dialog (self, body);
}

static void
add_role_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);

  if (self->shown_body != NULL)
    _kon_organisation_pane_open_role_dialog (self, NULL, self->shown_body);
}

static void
add_partner_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _kon_organisation_pane_open_partner_dialog (KON_ORGANISATION_PANE (widget), NULL);
}

static void
add_person_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _kon_organisation_pane_open_person_dialog (KON_ORGANISATION_PANE (widget), NULL);
}

/* Lists */

static void
edit_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  const char *table, *uuid;
  const KonTable *row_table;
  gpointer row;

  g_variant_get (parameter, "(&s&s)", &table, &uuid);
  row_table = kon_table_lookup (table);
  row = row_table != NULL ? kon_store_get (self->store, row_table, uuid, NULL) : NULL;
  if (row != NULL)
    _kon_organisation_pane_open_dialog (self, row_table, row);
  kon_table_row_free (row_table, row);
}

/* Ctrl+F: the search of the list shown, or of the people from the chart */
static void
search_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (page, "partners") == 0)
    {
      kon_searchable_list_focus_search (self->partner_list);
      return;
    }

  gtk_stack_set_visible_child_name (self->content_stack, "persons");
  kon_searchable_list_focus_search (self->person_list);
}

static void
chart_zoom_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);

  if (g_str_equal (action_name, "chart.zoom-in"))
    kon_chart_view_zoom_in (self->chart_view);
  else if (g_str_equal (action_name, "chart.zoom-out"))
    kon_chart_view_zoom_out (self->chart_view);
  else
    kon_chart_view_zoom_fit (self->chart_view);
}

/* Exporting and printing the chart */

typedef struct
{
  KonChartLayout *layout;
  char           *community_name;
  GDate           date;
} ChartPage;

static void
chart_page_free (ChartPage *page)
{
  g_clear_pointer (&page->layout, kon_chart_layout_unref);
  g_free (page->community_name);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChartPage, chart_page_free)

/* The chart as it stands today, laid out for paper */
static ChartPage *
chart_page_new (KonOrganisationPane  *self,
                GError              **error)
{
  g_autoptr(KonChartData) data = kon_chart_data_load (self->store, error);
  ChartPage *page;

  if (data == NULL)
    return NULL;

  page = g_new0 (ChartPage, 1);
  g_date_clear (&page->date, 1);
  g_date_set_time_t (&page->date, time (NULL));
  page->community_name = g_strdup (data->community != NULL ? data->community->name : "");
  page->layout = kon_chart_render_layout (data->community, data->partners, data->bodies,
                                          data->roles, &page->date);

  return page;
}

static void
on_chart_exported_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KonOrganisationPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kon_chart_render_export_finish (result, &error))
    {
      kon_compat_show_alert (_kon_organisation_pane_get_window (self), _("The Chart Could Not Be Exported"), error->message);
      return;
    }

  _kon_organisation_pane_add_toast (self, adw_toast_new (_("Chart exported")));
}

static void
on_chart_file_chosen_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(KonOrganisationPane) self = user_data;
  g_autoptr(GFile) file = kon_compat_choose_file_finish (result, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChartPage) page = NULL;
  KonChartFormat format;

  if (file == NULL || self->store == NULL)
    return;

  format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "kon-chart-format"));
  page = chart_page_new (self, &error);
  if (page == NULL)
    {
      _kon_organisation_pane_show_error (self, error);
      return;
    }

  kon_chart_render_export_async (page->layout, page->community_name, &page->date, format, file,
                                 NULL, on_chart_exported_cb, g_object_ref (self));
}

static void
chart_export_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  gboolean pdf = g_str_equal (action_name, "chart.export-pdf");
  const KonFileFilter filters[] = {
    { pdf ? _("PDF documents") : _("SVG images"),
      pdf ? "*.pdf" : "*.svg",
      pdf ? "application/pdf" : "image/svg+xml" },
  };

  g_object_set_data (G_OBJECT (self), "kon-chart-format",
                     GINT_TO_POINTER (pdf ? KON_CHART_FORMAT_PDF : KON_CHART_FORMAT_SVG));
  kon_compat_choose_file (_kon_organisation_pane_get_window (self), KON_FILE_CHOOSER_SAVE,
                          _("Export the Organisation Chart"), _("_Export"),
                          /* TRANSLATORS: file names suggested for the chart */
                          pdf ? _("organisation-chart.pdf") : _("organisation-chart.svg"),
                          filters, G_N_ELEMENTS (filters),
                          NULL, on_chart_file_chosen_cb, g_object_ref (self));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 ChartPage         *page)
{
  cairo_rectangle_t area = {
    0, 0,
    gtk_print_context_get_width (context),
    gtk_print_context_get_height (context),
  };

  kon_chart_render_draw_page (gtk_print_context_get_cairo_context (context),
                              page->layout, page->community_name, &page->date, &area);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  KonOrganisationPane     *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        kon_compat_show_alert (_kon_organisation_pane_get_window (self), _("The Chart Could Not Be Printed"), error->message);
    }
}

static void
chart_print_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  ChartPage *page;

  page = chart_page_new (self, &error);
  if (page == NULL)
    {
      _kon_organisation_pane_show_error (self, error);
      return;
    }

  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, _("Organisation chart"));
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb), page,
                         (GClosureNotify) chart_page_free, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), self, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               _kon_organisation_pane_get_window (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    kon_compat_show_alert (_kon_organisation_pane_get_window (self), _("The Chart Could Not Be Printed"), error->message);
}

/* Deleting, with Undo */

typedef struct
{
  KonOrganisationPane *pane;
  char                *table;
  char                *uuid;
  char                *name;
} DeleteRequest;

static void
delete_request_free (DeleteRequest *request)
{
  g_clear_object (&request->pane);
  g_free (request->table);
  g_free (request->uuid);
  g_free (request->name);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteRequest, delete_request_free)

static void
do_delete (DeleteRequest *request)
{
  KonOrganisationPane *self = request->pane;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  KonSnapshot *snapshot;

  snapshot = kon_org_delete (self->store, request->table, request->uuid, &error);
  if (snapshot == NULL)
    {
      _kon_organisation_pane_show_error (self, error);
      return;
    }

  /* TRANSLATORS: shown after deleting; %s is what was deleted */
  title = g_strdup_printf (_("“%s” deleted"), request->name);
  _kon_organisation_pane_add_toast (self, kon_undo_stack_deleted (self->undo_stack, self->store,
                                                                  snapshot, title));
}

static void
on_delete_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DeleteRequest) request = user_data;

  if (kon_compat_confirm_finish (result, NULL))
    do_delete (request);
}

static char *
lookup_name (KonOrganisationPane *self,
             const char          *table,
             const char          *uuid)
{
  const KonTable *row_table = kon_table_lookup (table);
  gpointer row = row_table != NULL ? kon_store_get (self->store, row_table, uuid, NULL) : NULL;
  char *name = g_strdup (row != NULL && row_table->name_text != NULL ? row_table->name_text (row) : uuid);

  kon_table_row_free (row_table, row);
  return name;
}

static void
delete_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *consequences = NULL;
  DeleteRequest *request;
  const char *table, *uuid;

  g_variant_get (parameter, "(&s&s)", &table, &uuid);

  request = g_new0 (DeleteRequest, 1);
  request->pane = g_object_ref (self);
  request->table = g_strdup (table);
  request->uuid = g_strdup (uuid);
  request->name = lookup_name (self, table, uuid);

  consequences = kon_org_describe_delete (self->store, table, uuid, &error);
  if (error != NULL)
    {
      _kon_organisation_pane_show_error (self, error);
      delete_request_free (request);
      return;
    }

  if (consequences == NULL)
    {
      do_delete (request);
      delete_request_free (request);
      return;
    }

  {
    /* TRANSLATORS: heading of the question before deleting; %s is a name */
    g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), request->name);

    kon_compat_confirm (_kon_organisation_pane_get_window (self), heading, consequences, _("_Delete"), TRUE,
                        NULL, on_delete_confirmed_cb, request);
  }
}

/* Enabled states */

/* What changes data is enabled only in a writable database with an
 * organisation shown; the chart's commands only with the chart built */
void
_kon_organisation_pane_update_actions (KonOrganisationPane *self)
{
  static const char * const writing[] = {
    "org.add-partner", "org.add-person", "org.add-body", "org.add-role",
    "org.edit-body", "org.delete",
  };
  /* org.edit opens a row's form: read-only where the database is */
  static const char * const reading[] = {
    "org.edit", "org.search", "chart.zoom-in", "chart.zoom-out", "chart.zoom-fit",
    "chart.export-pdf", "chart.export-svg", "chart.print",
  };
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean content = self->content != NULL && self->store != NULL;
  gboolean writable = content && _kon_organisation_pane_is_writable (self);

  for (guint i = 0; i < G_N_ELEMENTS (writing); i++)
    gtk_widget_action_set_enabled (widget, writing[i], writable);
  for (guint i = 0; i < G_N_ELEMENTS (reading); i++)
    gtk_widget_action_set_enabled (widget, reading[i], content);

  gtk_widget_action_set_enabled (widget, "org.undo",
                                 writable && kon_undo_stack_can_undo (self->undo_stack));
  gtk_widget_action_set_enabled (widget, "org.close-body", self->shown_body != NULL);
}

void
_kon_organisation_pane_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "org.add-partner", NULL, add_partner_cb);
  gtk_widget_class_install_action (widget_class, "org.add-person", NULL, add_person_cb);
  gtk_widget_class_install_action (widget_class, "org.edit", "(ss)", edit_cb);
  gtk_widget_class_install_action (widget_class, "org.delete", "(ss)", delete_cb);
  gtk_widget_class_install_action (widget_class, "org.undo", NULL, undo_cb);
  gtk_widget_class_install_action (widget_class, "org.search", NULL, search_cb);
  gtk_widget_class_install_action (widget_class, "org.add-body", NULL, add_body_cb);
  gtk_widget_class_install_action (widget_class, "org.close-body", NULL, close_body_cb);
  gtk_widget_class_install_action (widget_class, "org.edit-body", NULL, edit_body_cb);
  gtk_widget_class_install_action (widget_class, "org.add-role", NULL, add_role_cb);
  gtk_widget_class_install_action (widget_class, "chart.zoom-in", NULL, chart_zoom_cb);
  gtk_widget_class_install_action (widget_class, "chart.zoom-out", NULL, chart_zoom_cb);
  gtk_widget_class_install_action (widget_class, "chart.zoom-fit", NULL, chart_zoom_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-pdf", NULL, chart_export_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-svg", NULL, chart_export_cb);
  gtk_widget_class_install_action (widget_class, "chart.print", NULL, chart_print_cb);

  /* Listed in ui/kon-shortcuts-window.ui; Ctrl+Z and Ctrl+F also work
   * with the focus outside the pane (_kon_organisation_pane_add_shortcuts ()) */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "org.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "org.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "org.close-body", NULL);
}

/* Ctrl+Z, Ctrl+F and Escape work wherever the focus is in the window (after a
 * deletion it may be nowhere in the pane), while the pane is shown; an
 * action that is disabled lets the key go on to others */
void
_kon_organisation_pane_add_shortcuts (KonOrganisationPane *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("org.undo")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("org.search")));
  /* Escape closes the body's details wherever the focus is (an entry that
   * takes Escape for itself, as a search does, takes it first) */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("org.close-body")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
