/* kon-test-util.h: helpers the core tests and benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-exchange.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TEST_N_FIRST_NAMES 10
#define KON_TEST_N_LAST_NAMES  8
#define KON_TEST_N_REGIONS     3
#define KON_TEST_N_TRICKY      5
/* The tables of kon_tables (): community, partner, person, body, seat, role,
 * case, case_event, case_officer, case_anchoring, case_attachment */
#define KON_TEST_N_TABLES      11

extern const char * const kon_test_first_names[KON_TEST_N_FIRST_NAMES];
extern const char * const kon_test_last_names[KON_TEST_N_LAST_NAMES];
extern const char * const kon_test_regions[KON_TEST_N_REGIONS];
extern const char * const kon_test_tricky[KON_TEST_N_TRICKY];


void    kon_test_remove_tree                (const char    *path);
/* A store at @name in @dir; the whole database exported or an import's
 * report, asserting that it worked; how many rows a table has */
KonStore          *kon_test_open_store      (const char       *dir,
                                             const char       *name);
GBytes            *kon_test_export          (KonStore         *store,
                                             KonExchangeFlags  flags);
KonExchangeReport *kon_test_import          (KonStore         *store,
                                             GBytes           *bytes);
guint              kon_test_count_rows      (KonStore         *store,
                                             const KonTable   *table);
GBytes *kon_test_write_document             (KonCommunity  *community,
                                             GPtrArray     *rows[KON_TEST_N_TABLES]);
GBytes *kon_test_generate_community         (guint          n_partners,
                                             guint          n_persons,
                                             guint          n_bodies,
                                             guint          n_roles,
                                             guint         *out_n_bo,
                                             guint         *out_n_bodo,
                                             GBytes       **out_partial);

/* The words of the generated archive's texts (Norwegian, with æ ø å) */
extern const char * const kon_test_words[];
extern const guint kon_test_n_words;

/* A database at @path with a case archive: four bodies and @n_cases
 * cases over @n_years years up to @last_year, each with a title of five
 * to ten words and 300 words of text (recommendation, background,
 * presentation) from kon_test_words; the same for the same arguments */
gboolean kon_test_make_archive (const char  *path,
                                guint        n_cases,
                                guint        n_years,
                                int          last_year,
                                GError     **error);

G_END_DECLS
