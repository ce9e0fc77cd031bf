/* kon-snapshot.h: rows as they were, to put back (Undo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opaque to everyone but the store: a delete's snapshot holds the rows
 * it removed and the rows it changed, each as it was before, with its
 * revision after the delete (so that a restore over a row changed since
 * is a conflict, not an overwrite).
 */

#pragma once

#include "kon-table.h"

G_BEGIN_DECLS

typedef struct _KonSnapshot KonSnapshot;

#define KON_TYPE_SNAPSHOT (kon_snapshot_get_type ())

GType         kon_snapshot_get_type      (void) G_GNUC_CONST;
KonSnapshot  *kon_snapshot_copy          (KonSnapshot     *snapshot);
void          kon_snapshot_free          (KonSnapshot     *snapshot);
/* Rows of @table the delete removes (the row itself counts) */
guint         kon_snapshot_count_removed (KonSnapshot     *snapshot,
                                          const KonTable  *table);
/* Rows of @table the delete changes (they lose or move a reference) */
guint         kon_snapshot_count_changed (KonSnapshot     *snapshot,
                                          const KonTable  *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonSnapshot, kon_snapshot_free)

G_END_DECLS
