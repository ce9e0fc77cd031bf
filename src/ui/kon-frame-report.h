/* kon-frame-report.h: when was the first frame painted?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kon_frame_report_install (GtkWindow *window);

G_END_DECLS
