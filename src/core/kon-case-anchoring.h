/* kon-case-anchoring.h: a municipality's anchoring of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the discussion case and the decision case of two-stage
 * processing, each municipality anchors the matter in its own bodies
 * (forankring): which partner, on what day, and where ("kommunestyret,
 * sak 15/2021").  One row per partner and occasion.
 */

#pragma once

#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  char  *case_uuid;
  char  *partner_uuid;
  GDate  date;       /* the day it was anchored */
  char  *note;       /* nullable: where and how, as the municipality wrote it */
} KonCaseAnchoring;

#define KON_TYPE_CASE_ANCHORING (kon_case_anchoring_get_type ())

KON_DECLARE_ROW_TYPE (KonCaseAnchoring, kon_case_anchoring)

extern const KonTable kon_case_anchoring_table;

G_END_DECLS
