/* kon-test-util.h: helpers the core tests and benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TEST_N_FIRST_NAMES 10
#define KON_TEST_N_LAST_NAMES  8
#define KON_TEST_N_REGIONS     3
#define KON_TEST_N_TRICKY      5
/* The tables of kon_tables (): community, partner, person, body, seat, role, case */
#define KON_TEST_N_TABLES      7

extern const char * const kon_test_first_names[KON_TEST_N_FIRST_NAMES];
extern const char * const kon_test_last_names[KON_TEST_N_LAST_NAMES];
extern const char * const kon_test_regions[KON_TEST_N_REGIONS];
extern const char * const kon_test_tricky[KON_TEST_N_TRICKY];


void    kon_test_remove_tree                (const char    *path);
GBytes *kon_test_write_document             (KonCommunity  *community,
                                             GPtrArray     *rows[KON_TEST_N_TABLES]);
GBytes *kon_test_generate_community         (guint          n_partners,
                                             guint          n_persons,
                                             guint          n_bodies,
                                             guint          n_roles,
                                             guint         *out_n_bo,
                                             guint         *out_n_bodo,
                                             GBytes       **out_partial);

G_END_DECLS
