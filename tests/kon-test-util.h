/* kon-test-util.h: helpers the core tests and benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-org-private.h"
#include "kon-store.h"

G_BEGIN_DECLS

void    kon_test_remove_tree                (const char    *path);
void    kon_test_assert_search_index_sound  (KonStore      *store);
GBytes *kon_test_write_document             (KonCommunity  *community,
                                             GPtrArray     *rows[KON_ORG_N_KINDS]);

G_END_DECLS
