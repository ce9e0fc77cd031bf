/* kon-undo-stack.h: what can be undone, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_UNDO_STACK (kon_undo_stack_get_type ())

G_DECLARE_FINAL_TYPE (KonUndoStack, kon_undo_stack, KON, UNDO_STACK, GObject)

/* Undoes one change; returns FALSE with @error set when it cannot */
typedef gboolean (*KonUndoFunc) (gpointer   data,
                                 GError   **error);

KonUndoStack *kon_undo_stack_new       (void);
guint         kon_undo_stack_push      (KonUndoStack    *self,
                                        const char      *label,
                                        KonUndoFunc      func,
                                        gpointer         data,
                                        GDestroyNotify   destroy);
gboolean      kon_undo_stack_undo      (KonUndoStack    *self,
                                        guint            id,
                                        GError         **error);
gboolean      kon_undo_stack_can_undo  (KonUndoStack    *self);
const char   *kon_undo_stack_peek_label (KonUndoStack   *self);
void          kon_undo_stack_clear     (KonUndoStack    *self);

/* A change to the store's rows, pushed with its toast */
AdwToast     *kon_undo_stack_saved     (KonUndoStack    *self,
                                        KonStore        *store,
                                        const KonTable  *table,
                                        gconstpointer    before,
                                        const char      *uuid,
                                        const char      *name);
AdwToast     *kon_undo_stack_deleted   (KonUndoStack    *self,
                                        KonStore        *store,
                                        KonSnapshot     *snapshot,
                                        const char      *title);

G_END_DECLS
