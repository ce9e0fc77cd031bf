/* kon-window.c: one window per database, with the four panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-compat.h"
#include "kon-exchange.h"
#include "kon-org.h"
#include "kon-organisation-pane.h"
#include "kon-cases-pane.h"
#include "kon-terms-pane.h"
#include "kon-window.h"

/* What the header bar needs beside its title: the menu button, window
 * buttons and paddings. */
#define HEADER_RESERVE 170

struct _KonWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  KonStore             *store;
  char                 *database_path;
  guint                 narrow_idle_id;
  int                   switcher_wide_width;
  int                   switcher_narrow_width;
  GCancellable         *exchange_cancellable;
  KonExchangeFlags      export_flags;         /* the export being chosen: with the attachments' content or not */
  char                 *exchange_file_name;

  /* Template widgets */
  GtkStack             *title_stack;
  AdwViewSwitcher      *switcher;
  AdwWindowTitle       *window_title;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  KonOrganisationPane  *organisation_pane;
  AdwBin               *terms_bin;     /* the SSU pane, made when first shown */
  AdwBin               *cases_bin;     /* the Cases pane, made when first shown */
  AdwStatusPage        *error_page;
  GtkButton            *open_another_button;
  GtkButton            *create_new_button;
  GtkButton            *progress_cancel_button;
  AdwViewSwitcherBar   *switcher_bar;
  GtkMenuButton        *primary_menu_button;
  GThread              *icon_thread;
  GMenuModel           *primary_menu;
};

G_DEFINE_FINAL_TYPE (KonWindow, kon_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const pane_names[] = { "organisation", "ssu", "cases", "voting" };

/* Helpers */

/* The width the header's switcher needs under @policy, measured once
 * (and the narrow one only if the window is ever too narrow for the wide) */
static int
get_switcher_width (KonWindow             *self,
                    AdwViewSwitcherPolicy  policy)
{
  int *width = policy == ADW_VIEW_SWITCHER_POLICY_NARROW ? &self->switcher_narrow_width
                                                        : &self->switcher_wide_width;

  if (*width <= 0)
    {
      AdwViewSwitcherPolicy current = adw_view_switcher_get_policy (self->switcher);

      adw_view_switcher_set_policy (self->switcher, policy);
      gtk_widget_measure (GTK_WIDGET (self->switcher), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, width, NULL, NULL);
      adw_view_switcher_set_policy (self->switcher, current);
    }

  return *width;
}

/* Banners */

static void
on_child_revealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_child_revealed (revealer) && !gtk_revealer_get_reveal_child (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

/* Shows or hides a banner.  A revealer measures its child even while it is
 * hidden, so a hidden banner is made invisible once it has slid away, and
 * costs nothing in the window's layout. */
static void
set_revealed (GtkRevealer *revealer,
              gboolean     revealed)
{
  if (revealed)
    gtk_widget_set_visible (GTK_WIDGET (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, revealed);
}

/* Icons */

typedef struct
{
  GtkIconTheme     *theme;
  GPtrArray        *names;       /* of char *, and the size each is shown at */
  GArray           *sizes;
  int               scale;
  GtkTextDirection  direction;
} IconLookups;

static gpointer
look_up_icons_thread_func (gpointer data)
{
  IconLookups *lookups = data;

  for (guint i = 0; i < lookups->names->len; i++)
    {
      g_autoptr(GtkIconPaintable) icon = NULL;

      icon = gtk_icon_theme_lookup_icon (lookups->theme, lookups->names->pdata[i], NULL,
                                         g_array_index (lookups->sizes, int, i),
                                         lookups->scale, lookups->direction,
                                         GTK_ICON_LOOKUP_PRELOAD);
    }

  g_object_unref (lookups->theme);
  g_ptr_array_unref (lookups->names);
  g_array_unref (lookups->sizes);
  g_free (lookups);

  return NULL;
}

static void
add_icon_lookup (IconLookups *lookups,
                 const char  *name,
                 int          size)
{
  if (name == NULL)
    return;

  g_ptr_array_add (lookups->names, g_strdup (name));
  g_array_append_val (lookups->sizes, size);
}

/* The first icon looked up reads the icon theme's index and folders, which
 * takes longer than building the window.  The panes' icons are looked up
 * in a thread of its own instead (GtkIconTheme allows lookups from other
 * threads once it is set up), while the window is shown, and their
 * pictures start loading (PRELOAD); the window then finds them ready. */
static void
start_icon_lookups (KonWindow *self)
{
  IconLookups *lookups = g_new0 (IconLookups, 1);
  g_autoptr(GListModel) pages = G_LIST_MODEL (adw_view_stack_get_pages (self->view_stack));
  const char *shown = adw_view_stack_get_visible_child_name (self->view_stack);

  lookups->theme = g_object_ref (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))));
  lookups->names = g_ptr_array_new_with_free_func (g_free);
  lookups->sizes = g_array_new (FALSE, FALSE, sizeof (int));
  lookups->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  lookups->direction = gtk_widget_get_direction (GTK_WIDGET (self));

  /* The switcher shows each pane's icon; the pane shown, when empty, shows
   * it large in its status page */
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      const char *icon_name = adw_view_stack_page_get_icon_name (page);

      add_icon_lookup (lookups, icon_name, 16);
      if (g_strcmp0 (adw_view_stack_page_get_name (page), shown) == 0)
        add_icon_lookup (lookups, icon_name, 128);
    }
  add_icon_lookup (lookups, gtk_menu_button_get_icon_name (self->primary_menu_button), 16);

  self->icon_thread = g_thread_new ("konsensus-icons", look_up_icons_thread_func, lookups);
}

/* The primary menu is built the first time it opens, not with the window */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  KonWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* Wide windows show the panes' names beside their icons in the header,
 * half a 1280-pixel screen shows them below the icons, and narrower
 * windows move the switcher to a bar at the bottom. */
static void
update_narrow (KonWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height;
  gboolean wide, narrow;

  /* No panes to switch to while the window shows why a database failed */
  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->title_stack, "title");
      adw_view_switcher_bar_set_reveal (self->switcher_bar, FALSE);
      return;
    }

  if (width <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  wide = width >= get_switcher_width (self, ADW_VIEW_SWITCHER_POLICY_WIDE) + HEADER_RESERVE;
  narrow = !wide && width > 0 &&
           width < get_switcher_width (self, ADW_VIEW_SWITCHER_POLICY_NARROW) + HEADER_RESERVE;

  adw_view_switcher_set_policy (self->switcher, wide ? ADW_VIEW_SWITCHER_POLICY_WIDE
                                                     : ADW_VIEW_SWITCHER_POLICY_NARROW);
  gtk_stack_set_visible_child_name (self->title_stack, narrow ? "title" : "switcher");

  /* The bar's buttons are made when it is first needed */
  if (narrow && adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, narrow);
}

static void
update_title (KonWindow *self)
{
  g_autofree char *basename = NULL;

  if (self->database_path == NULL)
    return;

  basename = g_path_get_basename (self->database_path);
  adw_window_title_set_subtitle (self->window_title, basename);

  {
    /* TRANSLATORS: the window title, %s is the database file name */
    g_autofree char *title = g_strdup_printf (_("%s – Konsensus"), basename);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }
}

static void
save_window_state (KonWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

/* Callbacks */

static gboolean
narrow_idle_cb (gpointer user_data)
{
  KonWindow *self = user_data;

  self->narrow_idle_id = 0;
  update_narrow (self);

  return G_SOURCE_REMOVE;
}

static void
on_size_changed_cb (KonWindow *self)
{
  /* Not from inside a size allocation: changing what is shown there would
   * queue another one. */
  if (self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (narrow_idle_cb, self);
}

static void
select_pane_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KonWindow *self = KON_WINDOW (widget);
  int index = g_variant_get_int32 (parameter);

  if (index >= 0 && index < (int) G_N_ELEMENTS (pane_names) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "database") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, pane_names[index]);
}

/* Import and export */

static const KonFileFilter json_filters[] = {
  { N_("Konsensus exchange files"), "*.json", "application/json" },
  { N_("All files"), "*", NULL },
};

static void
translate_json_filters (KonFileFilter filters[G_N_ELEMENTS (json_filters)])
{
  for (guint i = 0; i < G_N_ELEMENTS (json_filters); i++)
    {
      filters[i] = json_filters[i];
      filters[i].name = _(json_filters[i].name);
    }
}

static void
begin_exchange (KonWindow  *self,
                const char *label)
{
  g_cancellable_cancel (self->exchange_cancellable);
  g_clear_object (&self->exchange_cancellable);
  self->exchange_cancellable = g_cancellable_new ();

  gtk_label_set_label (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_revealed (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-file", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-with-attachments", FALSE);
}

static void
end_exchange (KonWindow *self)
{
  gboolean writable = self->store != NULL && !kon_store_is_read_only (self->store);

  set_revealed (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-file", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-with-attachments", self->store != NULL);
}

static void
on_exchange_progress_cb (double   fraction,
                         gpointer user_data)
{
  KonWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
on_progress_cancel_clicked_cb (KonWindow *self)
{
  g_cancellable_cancel (self->exchange_cancellable);
}

static void
on_import_details_clicked_cb (AdwToast *toast,
                              char     *summary)
{
  GtkWindow *window = g_object_get_data (G_OBJECT (toast), "kon-window");

  kon_compat_show_alert (window, _("Imported"), summary);
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KonWindow) self = user_data;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  report = kon_exchange_import_file_finish (KON_STORE (source), result, &error);
  end_exchange (self);

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kon_compat_show_alert (GTK_WINDOW (self), _("The File Could Not Be Imported"), error->message);
      else
        kon_window_show_toast (self, _("Import cancelled: nothing was changed"));
      return;
    }

  summary = kon_exchange_report_describe (report, self->exchange_file_name);

  if (report->conflict_lines != NULL && report->conflict_lines->len > 0)
    {
      g_autoptr(GString) body = g_string_new (summary);

      g_string_append (body, "\n\n");
      g_string_append (body, _("These rows were changed both here and in the file; "
                               "the version here was kept:"));
      for (guint i = 0; i < report->conflict_lines->len; i++)
        g_string_append_printf (body, "\n• %s", (const char *) g_ptr_array_index (report->conflict_lines, i));

      kon_compat_show_alert (GTK_WINDOW (self), _("Imported, with Conflicts"), body->str);
      return;
    }

  {
    /* The toast names the community imported; the file is in Details */
    g_autoptr(KonCommunity) community = kon_org_get_community (self->store, NULL);
    const char *what = community != NULL && community->name != NULL && *community->name != '\0'
                         ? community->name : self->exchange_file_name;
    /* TRANSLATORS: %s is a community's name (or a file name) */
    g_autofree char *title = g_strdup_printf (_("Imported “%s”"), what);
    AdwToast *toast = adw_toast_new (title);

    adw_toast_set_button_label (toast, _("_Details"));
    g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_import_details_clicked_cb),
                           g_steal_pointer (&summary), (GClosureNotify) g_free, 0);
    g_object_set_data (G_OBJECT (toast), "kon-window", self);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
}

static void
import_file (KonWindow *self,
             GFile     *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  /* TRANSLATORS: %s is a file name */
  g_autofree char *label = g_strdup_printf (_("Importing “%s”…"), basename);

  if (self->store == NULL)
    return;

  begin_exchange (self, label);
  g_free (self->exchange_file_name);
  self->exchange_file_name = g_steal_pointer (&basename);
  kon_exchange_import_file_async (self->store, file, self->exchange_cancellable,
                                  on_exchange_progress_cb, g_object_ref (self), g_object_unref,
                                  on_import_done_cb, g_object_ref (self));
}

static void
on_import_chosen_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KonWindow) self = user_data;
  g_autoptr(GFile) file = kon_compat_choose_file_finish (result, NULL);

  if (file != NULL)
    import_file (self, file);
}

static void
import_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonWindow *self = KON_WINDOW (widget);
  KonFileFilter filters[G_N_ELEMENTS (json_filters)];

  translate_json_filters (filters);

  kon_compat_choose_file (GTK_WINDOW (self), KON_FILE_CHOOSER_OPEN,
                          _("Import"), _("_Import"), NULL,
                          filters, G_N_ELEMENTS (filters),
                          NULL, on_import_chosen_cb, g_object_ref (self));
}

static void
import_file_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  import_file (KON_WINDOW (widget), file);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KonWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  end_exchange (self);

  if (!kon_exchange_export_file_finish (KON_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kon_compat_show_alert (GTK_WINDOW (self), _("The Export Failed"), error->message);
      return;
    }

  kon_window_show_toast (self, _("Exported"));
}

static void
on_export_chosen_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KonWindow) self = user_data;
  g_autoptr(GFile) file = kon_compat_choose_file_finish (result, NULL);
  g_autofree char *basename = NULL;
  g_autofree char *label = NULL;

  if (file == NULL || self->store == NULL)
    return;

  basename = g_file_get_basename (file);
  /* TRANSLATORS: %s is a file name */
  label = g_strdup_printf (_("Exporting to “%s”…"), basename);
  begin_exchange (self, label);
  kon_exchange_export_file_async (self->store, file, self->export_flags,
                                  self->exchange_cancellable, on_exchange_progress_cb, g_object_ref (self), g_object_unref,
                                  on_export_done_cb, g_object_ref (self));
}

/* A backup of the rows, or of the rows and the attached files' content */
static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonWindow *self = KON_WINDOW (widget);
  gboolean with_content = g_str_equal (action_name, "win.export-with-attachments");
  KonFileFilter filters[G_N_ELEMENTS (json_filters)];
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  /* TRANSLATORS: suggested file name of an export; %s is today's date */
  g_autofree char *name = g_strdup_printf (_("konsensus-%s.json"), date);

  translate_json_filters (filters);
  self->export_flags = with_content ? KON_EXCHANGE_WITH_CONTENT : KON_EXCHANGE_FLAGS_NONE;

  kon_compat_choose_file (GTK_WINDOW (self), KON_FILE_CHOOSER_SAVE,
                          with_content ? _("Export with Attachments") : _("Export"), _("_Export"), name,
                          filters, G_N_ELEMENTS (filters),
                          NULL, on_export_chosen_cb, g_object_ref (self));
}

/* Overrides */

static gboolean
kon_window_close_request (GtkWindow *window)
{
  save_window_state (KON_WINDOW (window));

  return GTK_WINDOW_CLASS (kon_window_parent_class)->close_request (window);
}

static void
kon_window_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  GTK_WIDGET_CLASS (kon_window_parent_class)->size_allocate (widget, width, height, baseline);

  on_size_changed_cb (KON_WINDOW (widget));
}

static void
kon_window_dispose (GObject *object)
{
  KonWindow *self = (KonWindow *) object;

  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  if (self->icon_thread != NULL)
    g_thread_join (g_steal_pointer (&self->icon_thread));
  g_cancellable_cancel (self->exchange_cancellable);
  g_clear_object (&self->exchange_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  /* libadwaita 1.2's switchers unparent their buttons when they lose
   * their stack: let them do it while the stack and its pages live. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->switcher != NULL)
    adw_view_switcher_set_stack (self->switcher, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_WINDOW);

  G_OBJECT_CLASS (kon_window_parent_class)->dispose (object);
}

static void
kon_window_finalize (GObject *object)
{
  KonWindow *self = (KonWindow *) object;

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->exchange_file_name, g_free);

  G_OBJECT_CLASS (kon_window_parent_class)->finalize (object);
}

static void on_pane_toast_cb (KonWindow *self,
                              AdwToast  *toast);

/* The SSU and Cases panes are made the first time they are shown: a
 * window that opens on the Organisation pane makes none of their widgets
 * (startup-ratio).  Each follows the window's store by binding, and
 * raises its toasts by its signal, as the Organisation pane does. */
static void
on_pane_bin_map_cb (AdwBin    *bin,
                    KonWindow *self)
{
  GtkWidget *pane;

  if (adw_bin_get_child (bin) != NULL)
    return;

  pane = g_object_new (bin == self->terms_bin ? KON_TYPE_TERMS_PANE : KON_TYPE_CASES_PANE, NULL);
  g_object_bind_property (self, "store", pane, "store", G_BINDING_SYNC_CREATE);
  if (KON_IS_CASES_PANE (pane))
    g_settings_bind (self->settings, "cases-document-date-column", pane, "document-date-visible",
                     G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (pane, "toast", G_CALLBACK (on_pane_toast_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (bin, pane);
}

/* Panes raise toasts by a signal: the window shows them */
static void
on_pane_toast_cb (KonWindow *self,
                  AdwToast  *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void
kon_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KonWindow *self = KON_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_window_class_init (KonWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kon_window_dispose;
  object_class->finalize = kon_window_finalize;
  object_class->get_property = kon_window_get_property;

  widget_class->size_allocate = kon_window_size_allocate;

  window_class->close_request = kon_window_close_request;

  /**
   * KonWindow:store:
   *
   * The open database, or %NULL while none could be opened.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KON_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KON_TYPE_ORGANISATION_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KonWindow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, switcher);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, organisation_pane);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, terms_bin);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, cases_bin);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, open_another_button);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, create_new_button);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, progress_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KonWindow, primary_menu);

  gtk_widget_class_install_action (widget_class, "win.select-pane", "i", select_pane_cb);
  for (guint i = 0; i < G_N_ELEMENTS (pane_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.select-pane", "i", (int) i);

  gtk_widget_class_bind_template_callback (widget_class, on_progress_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_child_revealed_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_cb);
  gtk_widget_class_install_action (widget_class, "win.import-file", "s", import_file_cb);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "win.export-with-attachments", NULL, export_cb);
}

static void
kon_window_init (KonWindow *self)
{
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self, "store", self->organisation_pane, "store", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->organisation_pane, "toast",
                           G_CALLBACK (on_pane_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->terms_bin, "map", G_CALLBACK (on_pane_bin_map_cb), self, 0);
  g_signal_connect_object (self->cases_bin, "map", G_CALLBACK (on_pane_bin_map_cb), self, 0);

  kon_compat_name_button (self->open_another_button);
  kon_compat_name_button (self->create_new_button);
  kon_compat_name_button (self->progress_cancel_button);
  gtk_menu_button_set_create_popup_func (self->primary_menu_button,
                                         create_primary_menu_cb, self, NULL);

  self->settings = g_settings_new (APP_ID);

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "last-pane",
                   self->view_stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);

  end_exchange (self);

  update_narrow (self);

  start_icon_lookups (self);
}

/* Public API */

KonWindow *
kon_window_new (GtkApplication *application)
{
  return g_object_new (KON_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * kon_window_open_database:
 * @path: the database file
 *
 * Opens @path in this window.  If it cannot be opened, the window says why
 * and offers to open another or create a new one; the file is left as it
 * was.
 *
 * Returns: %TRUE if the database was opened
 */
gboolean
kon_window_open_database (KonWindow  *self,
                          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  gboolean existed;

  g_return_val_if_fail (KON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  store = kon_store_open (path, &error);

  return kon_window_set_database (self, path, store, existed, error);
}

/**
 * kon_window_set_database:
 * @path: the database file
 * @store: (nullable): @path opened, or %NULL if it could not be
 * @existed: whether @path was there before it was opened
 * @error: (nullable): why @path could not be opened, if @store is %NULL
 *
 * Shows a database opened elsewhere (see kon_store_opening_start()) as
 * kon_window_open_database() shows one it opens itself.
 *
 * Returns: %TRUE if @store is not %NULL
 */
gboolean
kon_window_set_database (KonWindow    *self,
                         const char   *path,
                         KonStore     *store,
                         gboolean      existed,
                         const GError *error)
{
  g_return_val_if_fail (KON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (store == NULL || KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (store != NULL || error != NULL, FALSE);

  g_free (self->database_path);
  self->database_path = store != NULL ? g_strdup (kon_store_get_path (store))
                                      : g_canonicalize_filename (path, NULL);
  update_title (self);

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  /* The panes follow the store by binding (see kon_window_init ()) */
  end_exchange (self);

  if (store == NULL)
    {
      g_autofree char *description = NULL;

      description = g_markup_printf_escaped ("%s\n\n<small>%s</small>",
                                             error->message, self->database_path);
      adw_status_page_set_title (self->error_page,
                                 existed ? _("The Database Cannot Be Opened")
                                         : _("The Database Cannot Be Created"));
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      set_revealed (self->read_only_revealer, FALSE);
      update_narrow (self);
      return FALSE;
    }

  if (kon_store_is_read_only (store))
    {
      g_autofree char *basename = g_path_get_basename (self->database_path);
      /* TRANSLATORS: %s is the database file name */
      g_autofree char *text = g_strdup_printf (_("“%s” is read-only: you can look, "
                                                 "but changes cannot be saved."), basename);
      gtk_label_set_label (self->read_only_label, text);
    }

  gtk_stack_set_visible_child_name (self->main_stack, "database");
  set_revealed (self->read_only_revealer, kon_store_is_read_only (store));
  update_narrow (self);

  return TRUE;
}

const char *
kon_window_get_database_path (KonWindow *self)
{
  g_return_val_if_fail (KON_IS_WINDOW (self), NULL);

  return self->database_path;
}

/**
 * kon_window_get_store:
 *
 * Returns: (transfer none) (nullable): the open database
 */
KonStore *
kon_window_get_store (KonWindow *self)
{
  g_return_val_if_fail (KON_IS_WINDOW (self), NULL);

  return self->store;
}

void
kon_window_show_toast (KonWindow  *self,
                       const char *title)
{
  g_return_if_fail (KON_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}
