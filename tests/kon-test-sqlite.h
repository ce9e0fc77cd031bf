/* kon-test-sqlite.h: what tests look at inside a SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through a connection of its own to the store's file (as another
 * program would), never through the store: for the tests of the SQLite
 * backend and of what it must keep (the search index, exchange hashes).
 */

#pragma once

#include "kon-sqlite-private.h"
#include "kon-store.h"

G_BEGIN_DECLS

void    kon_test_assert_search_index_sound  (KonStore      *store);
/* Every row of every organisation table with its exchange hashes, and
 * the search index, as text: two dumps are equal when the tables are */
char   *kon_test_dump_tables                (KonStore      *store);

/* The real schema steps followed by @extra (GArray of KonSchemaStep) */
GArray *kon_test_sqlite_steps_with          (const KonSchemaStep *extra,
                                             guint                n_extra);

G_END_DECLS
