/* kon-template-picker.h: the community templates, offered by an empty database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KON_TYPE_TEMPLATE_PICKER (kon_template_picker_get_type ())

G_DECLARE_FINAL_TYPE (KonTemplatePicker, kon_template_picker, KON, TEMPLATE_PICKER, GtkWidget)

GtkWidget *kon_template_picker_new   (void);
void       kon_template_picker_load  (KonTemplatePicker *self);

G_END_DECLS
