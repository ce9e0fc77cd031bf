/* kon-compat.c: what differs between GTK 4.8 / libadwaita 1.2 and later
 * versions: the dialogs they renamed, and one accessibility fix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-compat.h"

/**
 * kon_compat_name_button:
 * @button: a button whose label has a mnemonic ("_Save")
 *
 * GTK 4.8 names such a button twice over for assistive technology: its
 * label as written and the label it shows ("_Save Save"), and an
 * accessible label set beside it only replaces the first half.  This
 * names it once, by the label it shows.  Later GTK versions name it
 * right by themselves.
 */
void
kon_compat_name_button (GtkButton *button)
{
  const char *label;
  GString *name;

  g_return_if_fail (GTK_IS_BUTTON (button));

  label = gtk_button_get_label (button);
  if (label == NULL)
    return;

  /* "_" marks the mnemonic, "__" is an underscore */
  name = g_string_sized_new (strlen (label));
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (name, *p);
    }

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name->str,
                                  -1);
  g_string_free (name, TRUE);
}

void
kon_compat_show_about (GtkWindow *parent)
{
  static const char *developers[] = { "The Konsensus developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Konsensus"),
                        "developer-name", _("The Konsensus developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The secretariat's tool for a health community: "
                                      "organisation, SSU terms, cases, meetings and consensus votes."),
                        "website", "https://github.com/konsensus/konsensus",
                        "issue-url", "https://github.com/konsensus/konsensus/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* TRANSLATORS: your name, one per line, shown in About */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

void
kon_compat_show_shortcuts (GtkWindow *parent)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource ("/io/github/konsensus/Konsensus/ui/kon-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window, parent);
  /* The accelerators are written in the window's file, beside those
   * kon-application.c sets: a shortcut named by its action shows none in
   * GTK 4.8, which reads them before the window has an application */
  if (parent != NULL)
    gtk_window_set_application (window, gtk_window_get_application (parent));
  gtk_window_present (window);
}

void
kon_compat_show_alert (GtkWindow  *parent,
                       const char *heading,
                       const char *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_boolean (task, g_strcmp0 (response, "confirm") == 0);
}

void
kon_compat_confirm (GtkWindow           *parent,
                    const char          *heading,
                    const char          *body,
                    const char          *confirm_label,
                    gboolean             destructive,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  GtkWidget *dialog;

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, kon_compat_confirm);

  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
kon_compat_confirm_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

GtkWindow *
kon_compat_preferences_new (GtkWindow *parent)
{
  return g_object_new (ADW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       /* libadwaita 1.2 has no nb or nn catalogue of its own */
                       "title", _("Preferences"),
                       "search-enabled", FALSE,
                       NULL);
}

void
kon_compat_preferences_add (GtkWindow          *preferences,
                            AdwPreferencesPage *page)
{
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (preferences), page);
}

static void
on_file_chooser_response_cb (GtkNativeDialog *native,
                             int              response,
                             gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task,
                           gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native)),
                           g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No file was chosen."));

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
kon_compat_choose_file (GtkWindow           *parent,
                        KonFileChooserMode   mode,
                        const char          *title,
                        const char          *accept_label,
                        const char          *initial_name,
                        const KonFileFilter *filters,
                        guint                n_filters,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task;

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, kon_compat_choose_file);

  native = gtk_file_chooser_native_new (title, parent,
                                        mode == KON_FILE_CHOOSER_SAVE
                                          ? GTK_FILE_CHOOSER_ACTION_SAVE
                                          : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  if (initial_name != NULL && mode == KON_FILE_CHOOSER_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);

  for (guint i = 0; i < n_filters; i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filters[i].name);
      if (filters[i].pattern != NULL)
        gtk_file_filter_add_pattern (filter, filters[i].pattern);
      if (filters[i].mime_type != NULL)
        gtk_file_filter_add_mime_type (filter, filters[i].mime_type);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }

  g_signal_connect (native, "response", G_CALLBACK (on_file_chooser_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/**
 * kon_compat_choose_file_finish:
 *
 * Returns: (transfer full): the chosen file, or %NULL with
 *   %G_IO_ERROR_CANCELLED when the user chose none
 */
GFile *
kon_compat_choose_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
