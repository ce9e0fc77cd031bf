/* kon-case-event.h: a step in a case's status history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a case was received, prepared, put on an agenda, decided by
 * consensus, sent back to the secretariat or closed, and who recorded it
 * (kon-cases.h writes one at every change of status).
 */

#pragma once

#include "kon-enums.h"
#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  char          *case_uuid;
  int            step;     /* 1, 2, …: the order of the case's steps (several a day) */
  KonCaseStatus  status;
  GDate          date;
  char          *who;      /* nullable: who recorded it */
} KonCaseEvent;

#define KON_TYPE_CASE_EVENT (kon_case_event_get_type ())

KON_DECLARE_ROW_TYPE (KonCaseEvent, kon_case_event)

extern const KonTable kon_case_event_table;

G_END_DECLS
