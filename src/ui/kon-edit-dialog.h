/* kon-edit-dialog.h: a modal form with Cancel and Save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-edit-form.h"
#include "kon-undo-stack.h"

G_BEGIN_DECLS

#define KON_TYPE_EDIT_DIALOG (kon_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KonEditDialog, kon_edit_dialog, KON, EDIT_DIALOG, AdwWindow)

KonEditDialog *kon_edit_dialog_new         (GtkWindow     *parent,
                                            const char    *title,
                                            const char    *save_label,
                                            KonEditForm   *form);
KonEditForm   *kon_edit_dialog_get_form    (KonEditDialog *self);
void           kon_edit_dialog_set_read_only (KonEditDialog *self);
AdwToast      *kon_edit_dialog_push_undo   (KonEditDialog *self,
                                            KonUndoStack  *stack);
void           kon_edit_dialog_show_error  (KonEditDialog *self,
                                            const char    *message,
                                            gboolean       offer_reload);

G_END_DECLS
