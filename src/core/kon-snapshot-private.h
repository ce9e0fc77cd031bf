/* kon-snapshot-private.h: what a snapshot holds, for the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-snapshot.h"

G_BEGIN_DECLS

typedef struct
{
  const KonTable *table;
  gpointer        row;             /* as it was before the delete */
  KonRowHash      sync_hash;       /* removed rows: their exchange hashes */
  KonRowHash      export_hash;
  gint64          revision_after;  /* changed rows: their revision after the delete */
} KonSnapshotRow;

struct _KonSnapshot
{
  GArray *removed;   /* KonSnapshotRow: the row deleted first, then what went with it */
  GArray *changed;   /* KonSnapshotRow: rows that lost or moved a reference */
};

KonSnapshot *_kon_snapshot_new (void);

G_END_DECLS
