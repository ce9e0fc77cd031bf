/* kon-compat.h: what differs between GTK 4.8 / libadwaita 1.2 and later
 * versions: the dialogs they renamed, and one accessibility fix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the Debian 12 platform (GTK 4.8, libadwaita 1.2) these are
 * AdwMessageDialog, AdwAboutWindow, AdwPreferencesWindow,
 * GtkFileChooserNative and GtkShortcutsWindow.  Newer versions replace them
 * with AdwAlertDialog, AdwAboutDialog, AdwPreferencesDialog, GtkFileDialog
 * and (from GTK 4.18) nothing; moving is a change to kon-compat.c alone.
 * kon_compat_name_button() makes up for GTK 4.8 naming buttons with a
 * mnemonic twice for assistive technology.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  KON_FILE_CHOOSER_OPEN,
  KON_FILE_CHOOSER_SAVE,
} KonFileChooserMode;

typedef struct
{
  const char *name;          /* translated */
  const char *pattern;       /* "*.db" */
  const char *mime_type;     /* or NULL */
} KonFileFilter;

void       kon_compat_name_button           (GtkButton             *button);

void       kon_compat_show_about            (GtkWindow             *parent);
void       kon_compat_show_shortcuts        (GtkWindow             *parent);
void       kon_compat_show_alert            (GtkWindow             *parent,
                                             const char            *heading,
                                             const char            *body);
void       kon_compat_confirm               (GtkWindow             *parent,
                                             const char            *heading,
                                             const char            *body,
                                             const char            *confirm_label,
                                             gboolean               destructive,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gboolean   kon_compat_confirm_finish        (GAsyncResult          *result,
                                             GError               **error);

GtkWindow *kon_compat_preferences_new       (GtkWindow             *parent);
void       kon_compat_preferences_add       (GtkWindow             *preferences,
                                             AdwPreferencesPage    *page);

void       kon_compat_choose_file           (GtkWindow             *parent,
                                             KonFileChooserMode     mode,
                                             const char            *title,
                                             const char            *accept_label,
                                             const char            *initial_name,
                                             const KonFileFilter   *filters,
                                             guint                  n_filters,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
GFile     *kon_compat_choose_file_finish    (GAsyncResult          *result,
                                             GError               **error);

G_END_DECLS
