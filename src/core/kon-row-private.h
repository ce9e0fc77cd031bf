/* kon-row-private.h: what KonRowModel does with its rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-row.h"

G_BEGIN_DECLS

KonRow   *_kon_row_new      (const KonTable *table,
                             const char     *uuid);
/* Takes @data (a row of the table, or NULL); notifies "data" only when
 * it differs from the current data in its fields or revision */
gboolean  _kon_row_set_data (KonRow         *self,
                             gpointer        data);

G_END_DECLS
