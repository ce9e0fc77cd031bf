/* kon-edit-dialog.h: a small modal form with Cancel and Save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KON_TYPE_EDIT_DIALOG (kon_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KonEditDialog, kon_edit_dialog, KON, EDIT_DIALOG, AdwWindow)

KonEditDialog *kon_edit_dialog_new          (GtkWindow     *parent,
                                             const char    *title,
                                             const char    *save_label);
AdwEntryRow   *kon_edit_dialog_add_entry    (KonEditDialog *self,
                                             const char    *title,
                                             const char    *text);
AdwComboRow   *kon_edit_dialog_add_choice   (KonEditDialog *self,
                                             const char    *title,
                                             const char * const *choices,
                                             guint          selected);
GtkSwitch     *kon_edit_dialog_add_switch   (KonEditDialog *self,
                                             const char    *title,
                                             gboolean       active);
GtkSpinButton *kon_edit_dialog_add_number   (KonEditDialog *self,
                                             const char    *title,
                                             int            value,
                                             int            max);
void           kon_edit_dialog_show_error   (KonEditDialog *self,
                                             const char    *message);
char          *kon_edit_dialog_get_text     (AdwEntryRow   *row);

G_END_DECLS
