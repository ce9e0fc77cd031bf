/* kon-terms-data.h: what the terms rules of one body read, from a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-store.h"
#include "kon-terms.h"

G_BEGIN_DECLS

/* A KonTermsInput that owns its rows: the body, its seats (in their
 * order) and roles, the community, and the partners and persons the
 * roles name */
typedef struct
{
  KonTermsInput input;
} KonTermsData;

KonTermsData *kon_terms_data_load          (KonStore      *store,
                                            const char    *body_uuid,
                                            GError       **error);
void          kon_terms_data_free          (KonTermsData  *data);

/* The bodies that have seats, in display order (KonBody, owned) */
GPtrArray    *kon_terms_data_list_bodies   (KonStore      *store,
                                            GError       **error);

/* What to be reminded of on @date, over every body with seats: the terms
 * ending within @warning_months (KON_SEAT_STATE_ENDING, by their own last
 * day or the one the body's term length gives) with no successor from the
 * day after (kon_terms_day_count_ending()), and the rules broken */
gboolean      kon_terms_data_reminders     (KonStore      *store,
                                            const GDate   *date,
                                            guint          warning_months,
                                            guint         *out_n_ending,
                                            guint         *out_n_breaks,
                                            GError       **error);

/* "2 terms end within the warning window …, and 1 rule is broken", or
 * NULL when both are 0 */
char         *kon_terms_data_describe_reminders (guint     n_ending,
                                                 guint     n_breaks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonTermsData, kon_terms_data_free)

G_END_DECLS
