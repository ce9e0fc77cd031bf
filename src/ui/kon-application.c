/* kon-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One process per user session; one window per database.  Opening a
 * database that is already open presents its window instead of opening it
 * twice.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "kon-application.h"
#include "kon-compat.h"
#include "kon-exchange.h"
#include "kon-frame-report.h"
#include "konsensus-resources.h"
#include "kon-store.h"
#include "kon-terms-data.h"
#include "kon-window.h"

struct _KonApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  /* The database this process was started on, opened in a thread while
   * the application connects to the display (see startup) */
  char            *start_path;
  KonStoreOpening *opening;
};

G_DEFINE_FINAL_TYPE (KonApplication, kon_application, ADW_TYPE_APPLICATION)

typedef enum
{
  NEW_DATABASE,
  OPEN_DATABASE,
} DatabaseChoice;

/* Helpers */

static KonWindow *
find_window_for_path (KonApplication *self,
                      const char     *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (KON_IS_WINDOW (l->data) &&
          g_strcmp0 (kon_window_get_database_path (l->data), canonical) == 0)
        return l->data;
    }

  return NULL;
}

static GSettings *
get_settings (KonApplication *self)
{
  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  return self->settings;
}

static char *
get_start_database (KonApplication *self)
{
  g_autofree char *last = NULL;

  if (g_settings_get_boolean (get_settings (self), "open-last-database"))
    {
      last = g_settings_get_string (get_settings (self), "last-database");
      if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&last);
    }

  return kon_store_get_default_path ();
}

static GtkWindow *
get_parent_window (KonApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

/* Shows @path in @window: opened by the opening that startup began, if
 * that was for @path, or opened now */
static gboolean
open_in_window (KonApplication *self,
                KonWindow      *window,
                const char     *path)
{
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;
  KonStoreOpening *opening = g_steal_pointer (&self->opening);
  gboolean same, existed;

  if (opening == NULL)
    return kon_window_open_database (window, path);

  canonical = g_canonicalize_filename (path, NULL);
  same = g_strcmp0 (canonical, kon_store_opening_get_path (opening)) == 0;
  store = kon_store_opening_finish (opening, &existed, &error);

  if (!same)
    {
      g_clear_object (&store);
      return kon_window_open_database (window, path);
    }

  return kon_window_set_database (window, path, store, existed, error);
}

/* What the seats need today, as a notification: a moment after the
 * window is on screen, so it never holds up the first frame */
#define REMINDER_DELAY_MS 1500

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Whether anything on the session bus shows notifications (a desktop
 * does; a bare session in a test or over ssh does not, and GLib would
 * warn about each one sent) */
static gboolean
can_notify (GApplication *application)
{
  static const char * const services[] = {
    "org.freedesktop.portal.Desktop", "org.gtk.Notifications", "org.freedesktop.Notifications",
  };
  GDBusConnection *bus = g_application_get_dbus_connection (application);
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **names = NULL;

  if (bus == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(GVariant) owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", services[i]),
                                                               G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                               500, NULL, NULL);
      gboolean has_owner = FALSE;

      if (owned != NULL)
        g_variant_get (owned, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
    }

  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                             G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 500, NULL, NULL);
  if (activatable == NULL)
    return FALSE;

  g_variant_get (activatable, "(^a&s)", &names);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_strv_contains (services, names[i]))
      return TRUE;

  return FALSE;
}

static gboolean
remind_cb (gpointer user_data)
{
  g_autoptr(KonWindow) window = g_weak_ref_get (user_data);
  KonStore *store = window != NULL ? kon_window_get_store (window) : NULL;
  GApplication *application = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_ending = 0, n_breaks = 0;
  GDate today;

  if (store == NULL || application == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)) ||
      !can_notify (application))
    return G_SOURCE_REMOVE;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  settings = g_settings_new (APP_ID);
  if (!kon_terms_data_reminders (store, &today, g_settings_get_uint (settings, "term-warning-months"),
                                 &n_ending, &n_breaks, &error))
    {
      g_debug ("No reminders: %s", error->message);
      return G_SOURCE_REMOVE;
    }

  text = kon_terms_data_describe_reminders (n_ending, n_breaks);
  if (text == NULL)
    return G_SOURCE_REMOVE;

  notification = g_notification_new (_("Seats and Terms Need Attention"));
  g_notification_set_body (notification, text);
  g_notification_set_default_action (notification, "app.show-terms");
  g_application_send_notification (application, "terms-reminder", notification);

  return G_SOURCE_REMOVE;
}

/* Callbacks */

static void
show_terms_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GtkWindow *window = get_parent_window (user_data);

  if (window == NULL)
    return;

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-pane", "i", 1);
}

static void
on_database_chosen_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(KonApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  DatabaseChoice choice;

  file = kon_compat_choose_file_finish (result, &error);
  if (file == NULL)
    return;

  choice = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "kon-choice"));
  path = g_file_get_path (file);

  if (path == NULL)
    {
      kon_compat_show_alert (get_parent_window (self),
                             _("The Database Cannot Be Opened"),
                             _("Konsensus can only open databases stored as local files."));
      return;
    }

  if (choice == NEW_DATABASE && g_file_test (path, G_FILE_TEST_EXISTS) &&
      find_window_for_path (self, path) == NULL)
    {
      /* Never replace a file: it may hold a year of meetings */
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *body = g_strdup_printf (_("A file named “%s” already exists. "
                                                 "Choose another name, or open it with "
                                                 "Open Database…"), basename);
      kon_compat_show_alert (get_parent_window (self), _("The File Already Exists"), body);
      return;
    }

  kon_application_open_database (self, path);
}

static void
choose_database (KonApplication *self,
                 DatabaseChoice  choice)
{
  const KonFileFilter filters[] = {
    /* The backend's own type first; GIO resolves its aliases */
    { _("Konsensus databases"), "*.db", kon_store_get_mime_types ()[0] },
    { _("All files"), "*", NULL },
  };

  kon_compat_choose_file (get_parent_window (self),
                          choice == NEW_DATABASE ? KON_FILE_CHOOSER_SAVE : KON_FILE_CHOOSER_OPEN,
                          choice == NEW_DATABASE ? _("New Database") : _("Open Database"),
                          choice == NEW_DATABASE ? _("_Create") : _("_Open"),
                          choice == NEW_DATABASE ? _("konsensus.db") : NULL,
                          filters, G_N_ELEMENTS (filters),
                          NULL, on_database_chosen_cb, g_object_ref (self));
}

static void
new_database_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  choose_database (KON_APPLICATION (user_data), NEW_DATABASE);
}

static void
open_database_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  choose_database (KON_APPLICATION (user_data), OPEN_DATABASE);
}

/* A row for a setting, @widget bound to @key by @property: named by its
 * row (the widget is its activatable widget), not twice */
static void
add_setting_row (KonApplication      *self,
                 AdwPreferencesGroup *group,
                 const char          *key,
                 GtkWidget           *widget,
                 const char          *property,
                 const char          *title,
                 const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  g_settings_bind (get_settings (self), key, widget, property, G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_preferences_group_add (group, row);
}

/* A switch for a boolean setting */
static void
add_switch_row (KonApplication      *self,
                AdwPreferencesGroup *group,
                const char          *key,
                const char          *title,
                const char          *subtitle)
{
  add_setting_row (self, group, key, gtk_switch_new (), "active", title, subtitle);
}

/* A spin button for a whole-number setting, in its key's range */
static void
add_spin_row (KonApplication      *self,
              AdwPreferencesGroup *group,
              const char          *key,
              const char          *title,
              const char          *subtitle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *range_type = NULL;
  guint32 min = 0, max = 100;

  g_object_get (get_settings (self), "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &range_type, &limits);
  if (g_str_equal (range_type, "range") && g_variant_is_of_type (limits, G_VARIANT_TYPE ("(uu)")))
    g_variant_get (limits, "(uu)", &min, &max);

  add_setting_row (self, group, key, gtk_spin_button_new_with_range (min, max, 1), "value", title, subtitle);
}

static void
preferences_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  KonApplication *self = KON_APPLICATION (user_data);
  GtkWindow *parent = get_parent_window (self);
  GtkWindow *preferences;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GtkWidget *row;

  preferences = kon_compat_preferences_new (parent);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Database"));

  add_switch_row (self, group, "open-last-database", _("Open the last database at start"),
                  _("Otherwise Konsensus starts with the default database"));

  if (KON_IS_WINDOW (parent) && kon_window_get_database_path (KON_WINDOW (parent)) != NULL)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Database of this window"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   kon_window_get_database_path (KON_WINDOW (parent)));
      adw_preferences_group_add (group, row);
    }

  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("SSU Terms"));
  add_spin_row (self, group, "term-warning-months", _("Warn of terms ending within"),
                _("Months ahead: the seat shows “Ends soon”, and Konsensus reminds of it at start"));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Cases"));
  add_switch_row (self, group, "cases-document-date-column", _("Document date in the list"),
                  _("A column of its own, beside the meeting date (also in the menu of a column header)"));
  adw_preferences_page_add (page, group);

  kon_compat_preferences_add (preferences, page);

  gtk_window_present (preferences);
}

static void
shortcuts_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  kon_compat_show_shortcuts (get_parent_window (KON_APPLICATION (user_data)));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  kon_compat_show_about (get_parent_window (KON_APPLICATION (user_data)));
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  KonApplication *self = KON_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows one by one, so each saves its state */
  while (windows != NULL)
    {
      gtk_window_close (windows->data);
      windows = gtk_application_get_windows (GTK_APPLICATION (self));
      if (windows != NULL && !gtk_widget_get_visible (windows->data))
        break;
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "new-database", new_database_cb },
  { "open-database", open_database_cb },
  { "preferences", preferences_cb },
  { "shortcuts", shortcuts_cb },
  { "about", about_cb },
  { "quit", quit_cb },
  { "show-terms", show_terms_cb },
};

/* Overrides */

/* Removes the database a refused import was to start (--create), with
 * its -wal and -shm, when this process made them: closed, the store
 * leaves no -wal or -shm unless another connection still has the file
 * open, and then, as when it holds rows, it is not ours to remove. */
static void
remove_new_database (KonStore   **store,
                     const char  *database,
                     gboolean     created_folder)
{
  g_autofree char *wal = g_strconcat (database, "-wal", NULL);
  g_autofree char *shm = g_strconcat (database, "-shm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (database);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GError) error = NULL;

      if (kon_store_count (*store, tables[t], NULL, NULL, &error) > 0 || error != NULL)
        return;
    }

  g_clear_object (store);

  if (g_file_test (wal, G_FILE_TEST_EXISTS) || g_file_test (shm, G_FILE_TEST_EXISTS))
    return;

  g_file_delete (file, NULL, NULL);
  if (created_folder)
    g_file_delete (folder, NULL, NULL);   /* only if it is still empty */
}

/* konsensus --database DB --import FILE / --export FILE
 * [--with-attachments]: no window, no
 * display, no D-Bus (this runs before the application registers).  One
 * line on stdout, or one line on stderr and a non-zero exit.  The text is
 * written as UTF-8 whatever the locale's charset (g_print() would turn
 * “ø” into “?” under LANG=C). */
static int
run_exchange_command (GVariantDict *options)
{
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *database = NULL;
  g_autofree char *line = NULL;
  const char *database_arg = NULL;
  const char *import_path = NULL;
  const char *export_path = NULL;
  gboolean create = FALSE;
  gboolean with_attachments = FALSE;
  gboolean created = FALSE;
  gboolean created_folder = FALSE;

  g_variant_dict_lookup (options, "database", "^&ay", &database_arg);
  g_variant_dict_lookup (options, "import", "^&ay", &import_path);
  g_variant_dict_lookup (options, "export", "^&ay", &export_path);
  g_variant_dict_lookup (options, "create", "b", &create);
  g_variant_dict_lookup (options, "with-attachments", "b", &with_attachments);

  /* Not ignored: whoever asked for the content expects it in a file */
  if (with_attachments && export_path == NULL)
    {
      fprintf (stderr, "%s\n", _("--with-attachments goes with --export FILE."));
      return 2;
    }

  if (import_path == NULL && export_path == NULL)
    return -1;

  if (import_path != NULL && export_path != NULL)
    {
      fprintf (stderr, "%s\n", _("Give either --import or --export, not both."));
      return 2;
    }

  database = database_arg != NULL && *database_arg != '\0'
             ? g_strdup (database_arg) : kon_store_get_default_path ();

  /* A database that is not there is not made on the way: a backup of it
   * would be written empty, and an import would go into a new file
   * nobody meant (a mistyped path), unless --create asks for it */
  if (!g_file_test (database, G_FILE_TEST_EXISTS) && !(import_path != NULL && create))
    {
      if (export_path != NULL)
        /* TRANSLATORS: %s is a file name */
        fprintf (stderr, _("There is no database “%s”: nothing was exported.\n"), database);
      else
        /* TRANSLATORS: %s is a file name */
        fprintf (stderr, _("There is no database “%s”: nothing was imported. "
                           "To start a new database with this file, add --create.\n"), database);
      return 1;
    }

  /* What a refused import removes again */
  if (!g_file_test (database, G_FILE_TEST_EXISTS))
    {
      g_autofree char *dir = g_path_get_dirname (database);

      created = TRUE;
      created_folder = !g_file_test (dir, G_FILE_TEST_EXISTS);
    }

  store = kon_store_open (database, &error);
  if (store == NULL)
    {
      /* TRANSLATORS: the first %s is a file name, the second says why */
      fprintf (stderr, _("Could not open the database “%s”: %s\n"), database, error->message);
      return 1;
    }

  if (import_path != NULL)
    {
      g_autoptr(KonExchangeReport) report = NULL;

      file = g_file_new_for_commandline_arg (import_path);
      report = kon_exchange_import_file (store, file, NULL, &error);
      if (report == NULL)
        {
          /* TRANSLATORS: the first %s is a file name, the second says what is wrong */
          fprintf (stderr, _("Could not import “%s”: %s\n"), import_path, error->message);
          if (created)
            remove_new_database (&store, database, created_folder);
          return 1;
        }

      line = kon_exchange_report_describe (report, import_path);
      fprintf (stdout, "%s\n", line);
      for (guint i = 0; i < report->conflict_lines->len; i++)
        fprintf (stdout, "  %s\n", (const char *) report->conflict_lines->pdata[i]);
    }
  else
    {
      guint counts[KON_EXCHANGE_N_KINDS] = { 0 };

      file = g_file_new_for_commandline_arg (export_path);
      if (!kon_exchange_export_file (store, file,
                                     with_attachments ? KON_EXCHANGE_WITH_CONTENT : KON_EXCHANGE_FLAGS_NONE,
                                     counts, NULL, &error))
        {
          /* TRANSLATORS: the first %s is a file name, the second says what is wrong */
          fprintf (stderr, _("Could not export to “%s”: %s\n"), export_path, error->message);
          return 1;
        }

      line = kon_exchange_describe_export (counts, export_path);
      fprintf (stdout, "%s\n", line);
    }

  return 0;
}

/* The database a command line asks for: --database (relative to @cwd, the
 * folder it was given in, or this process's), or the one to start on */
static char *
get_database_for_options (KonApplication *self,
                          GVariantDict   *options,
                          const char     *cwd)
{
  const char *arg = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &arg) && arg != NULL && *arg != '\0')
    {
      g_autoptr(GFile) file = cwd != NULL ? g_file_new_for_commandline_arg_and_cwd (arg, cwd)
                                          : g_file_new_for_commandline_arg (arg);
      return g_file_get_path (file);
    }

  return get_start_database (self);
}

static int
kon_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  KonApplication *self = KON_APPLICATION (application);
  int status;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "konsensus", PACKAGE_VERSION);
      return 0;
    }

  status = run_exchange_command (options);

  /* If this process becomes the primary instance, this is the database its
   * first window shows: startup begins opening it. */
  if (status < 0)
    self->start_path = get_database_for_options (self, options, NULL);

  return status;
}

static int
kon_application_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  KonApplication *self = KON_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *path = NULL;

  path = get_database_for_options (self, options,
                                   g_application_command_line_get_cwd (command_line));

  kon_application_open_database (self, path);

  return 0;
}

static void
kon_application_startup (GApplication *application)
{
  KonApplication *self = KON_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-database", { "<Control>n", NULL } },
    { "app.open-database", { "<Control>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  /* Opening (or creating) the database takes a few milliseconds, or more
   * on a slow disk: it happens in a thread while GTK connects to the
   * display, and the first window takes the result. */
  if (self->start_path != NULL)
    self->opening = kon_store_opening_start (self->start_path);

  /* Pango reads the fontconfig configuration in a thread of its own once
   * the font map exists: start that now, so it overlaps with opening the
   * display instead of delaying the first frame. */
  pango_cairo_font_map_get_default ();

  G_APPLICATION_CLASS (kon_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

static void
kon_application_dispose (GObject *object)
{
  KonApplication *self = KON_APPLICATION (object);
  g_autoptr(KonStore) store = NULL;

  /* Never taken if the first window was not shown: let the thread end */
  if (self->opening != NULL)
    store = kon_store_opening_finish (g_steal_pointer (&self->opening), NULL, NULL);

  g_clear_pointer (&self->start_path, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kon_application_parent_class)->dispose (object);
}

static void
kon_application_class_init (KonApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kon_application_dispose;

  app_class->handle_local_options = kon_application_handle_local_options;
  app_class->command_line = kon_application_command_line;
  app_class->startup = kon_application_startup;

  konsensus_register_resource ();
}

static void
kon_application_init (KonApplication *self)
{
  static const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the database in FILE (created if it does not exist)"), N_("FILE") },
    { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Import the exchange file FILE into the database and exit, without a window"), N_("FILE") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Export the database to the exchange file FILE and exit, without a window"), N_("FILE") },
    { "with-attachments", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --export: include the content of the files attached to cases, not only their names"),
      NULL },
    { "create", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --import: create the database if it does not exist"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), "");
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Konsensus keeps the organisation, SSU terms, "
                                              "cases and consensus votes of a health community."));
}

/* Public API */

KonApplication *
kon_application_new (void)
{
  return g_object_new (KON_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/konsensus/Konsensus",
                       NULL);
}

/**
 * kon_application_open_database:
 * @path: a database file
 *
 * Presents the window of @path, opening it in a new window (or in a window
 * that holds no database) if it is not open yet.
 */
void
kon_application_open_database (KonApplication *self,
                               const char     *path)
{
  KonWindow *window;

  g_return_if_fail (KON_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  window = find_window_for_path (self, path);

  if (window == NULL)
    {
      GtkWindow *active = get_parent_window (self);

      if (KON_IS_WINDOW (active) && kon_window_get_store (KON_WINDOW (active)) == NULL)
        window = KON_WINDOW (active);
      else
        window = kon_window_new (GTK_APPLICATION (self));

      if (open_in_window (self, window, path))
        {
          g_settings_set_string (get_settings (self), "last-database", kon_window_get_database_path (window));
          GWeakRef *ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (ref, window);
          g_timeout_add_full (G_PRIORITY_LOW, REMINDER_DELAY_MS, remind_cb, ref, free_weak_ref);
        }

      kon_frame_report_install (GTK_WINDOW (window));
    }

  gtk_window_present (GTK_WINDOW (window));
}
