/* kon-case-links.h: what hangs on a case: its officers, its two-stage
 * chain and the municipalities' anchoring, its attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is a row of its own in the store, written the moment it is added
 * or removed, and shown again when the store says it changed (here, in
 * another window, or by another desk).  The case form holds one for a
 * case that is saved.
 */

#pragma once

#include <adwaita.h>

#include "kon-cases.h"

G_BEGIN_DECLS

#define KON_TYPE_CASE_LINKS (kon_case_links_get_type ())

G_DECLARE_FINAL_TYPE (KonCaseLinks, kon_case_links, KON, CASE_LINKS, GtkWidget)

GtkWidget  *kon_case_links_new        (KonStore   *store,
                                       const char *case_uuid);

/* Emitted (signal "open-case") when a case of the chain is activated */

G_END_DECLS
