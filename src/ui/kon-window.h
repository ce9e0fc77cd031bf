/* kon-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_WINDOW (kon_window_get_type ())

G_DECLARE_FINAL_TYPE (KonWindow, kon_window, KON, WINDOW, AdwApplicationWindow)

KonWindow  *kon_window_new                (GtkApplication *application);
gboolean    kon_window_open_database      (KonWindow      *self,
                                           const char     *path);
gboolean    kon_window_set_database       (KonWindow      *self,
                                           const char     *path,
                                           KonStore       *store,
                                           gboolean        existed,
                                           const GError   *error);
const char *kon_window_get_database_path  (KonWindow      *self);
KonStore   *kon_window_get_store          (KonWindow      *self);
void        kon_window_show_toast         (KonWindow      *self,
                                           const char     *title);

G_END_DECLS
