/* kon-row.h: one row of a table, as an object a list can show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KonRow is the item of a KonRowModel: the table, the uuid, and the
 * row's boxed struct once it was read ("data"; NULL until then).  The
 * model keeps the data up to date: "data" is notified only when the row
 * really changed (its fields or its revision).  A typed accessor
 * (a KonPerson for a template) is the caller's: cast kon_row_get_data().
 */

#pragma once

#include <glib-object.h>

#include "kon-table.h"

G_BEGIN_DECLS

#define KON_TYPE_ROW (kon_row_get_type ())

/* KON_ROW() is kon-table.h's cast to a row header, so the object's cast
 * and check are KON_ROW_OBJECT() and KON_IS_ROW_OBJECT() */
G_DECLARE_FINAL_TYPE (KonRow, kon_row, KON, ROW_OBJECT, GObject)

const KonTable *kon_row_get_table (KonRow *self);
const char     *kon_row_get_uuid  (KonRow *self);
gconstpointer   kon_row_get_data  (KonRow *self);

G_END_DECLS
