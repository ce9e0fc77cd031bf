/* kon-snapshot.c: rows as they were, to put back (Undo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-snapshot-private.h"

G_DEFINE_BOXED_TYPE (KonSnapshot, kon_snapshot, kon_snapshot_copy, kon_snapshot_free)

static void
snapshot_row_clear (KonSnapshotRow *row)
{
  kon_table_row_free (row->table, g_steal_pointer (&row->row));
}

KonSnapshot *
_kon_snapshot_new (void)
{
  KonSnapshot *snapshot = g_new0 (KonSnapshot, 1);

  snapshot->removed = g_array_new (FALSE, TRUE, sizeof (KonSnapshotRow));
  snapshot->changed = g_array_new (FALSE, TRUE, sizeof (KonSnapshotRow));
  g_array_set_clear_func (snapshot->removed, (GDestroyNotify) snapshot_row_clear);
  g_array_set_clear_func (snapshot->changed, (GDestroyNotify) snapshot_row_clear);

  return snapshot;
}

static void
copy_rows (GArray *to,
           GArray *from)
{
  for (guint i = 0; i < from->len; i++)
    {
      KonSnapshotRow row = g_array_index (from, KonSnapshotRow, i);

      row.row = kon_table_row_copy (row.table, row.row);
      g_array_append_val (to, row);
    }
}

KonSnapshot *
kon_snapshot_copy (KonSnapshot *snapshot)
{
  KonSnapshot *copy;

  g_return_val_if_fail (snapshot != NULL, NULL);

  copy = _kon_snapshot_new ();
  copy_rows (copy->removed, snapshot->removed);
  copy_rows (copy->changed, snapshot->changed);

  return copy;
}

void
kon_snapshot_free (KonSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_array_unref (snapshot->removed);
  g_array_unref (snapshot->changed);
  g_free (snapshot);
}

static guint
count_rows (GArray         *rows,
            const KonTable *table)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, KonSnapshotRow, i).table == table)
      n++;

  return n;
}

guint
kon_snapshot_count_removed (KonSnapshot    *snapshot,
                            const KonTable *table)
{
  g_return_val_if_fail (snapshot != NULL, 0);

  return count_rows (snapshot->removed, table);
}

guint
kon_snapshot_count_changed (KonSnapshot    *snapshot,
                            const KonTable *table)
{
  g_return_val_if_fail (snapshot != NULL, 0);

  return count_rows (snapshot->changed, table);
}
