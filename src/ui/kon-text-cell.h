/* kon-text-cell.h: one line of text in a list cell, measured from its font alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KON_TYPE_TEXT_CELL (kon_text_cell_get_type ())

G_DECLARE_FINAL_TYPE (KonTextCell, kon_text_cell, KON, TEXT_CELL, GtkWidget)

GtkWidget  *kon_text_cell_new              (int          width_chars);
const char *kon_text_cell_get_text         (KonTextCell *self);
void        kon_text_cell_set_text         (KonTextCell *self,
                                            const char  *text);
const char *kon_text_cell_get_subtitle     (KonTextCell *self);
void        kon_text_cell_set_subtitle     (KonTextCell *self,
                                            const char  *subtitle);
int         kon_text_cell_get_width_chars  (KonTextCell *self);
void        kon_text_cell_set_width_chars  (KonTextCell *self,
                                            int          width_chars);

G_END_DECLS
