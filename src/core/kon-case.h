/* kon-case.h: a case of a body's case registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case belongs to a body and is numbered per body and year from 1
 * (kon-cases.h assigns the number; kon-case-number.h writes it by the
 * body's pattern: "02-2021").  A beslutningssak that needs consensus
 * follows an earlier drøftingssak (earlier_case, possibly in another
 * body) and records the municipalities that anchored it
 * (kon-case-anchoring.h), or records that both sides agreed to one-stage
 * processing (one_stage_by, one_stage_date, one_stage: who, when, why).
 * Its officers and attachments are rows of their own
 * (kon-case-officer.h, kon-case-attachment.h).  The host archive's reference is kept as
 * given ("2021/3288"): Konsensus never mints archive numbers.
 */

#pragma once

#include "kon-enums.h"
#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  char          *body_uuid;
  int            year;            /* the year it is numbered in */
  int            number;          /* from 1 per body and year; 0: not assigned yet */
  char          *title;
  char          *public_title;    /* nullable: the title made public when the title is screened */
  char          *screening;       /* nullable: the legal basis for screening (skjermingshjemmel) */
  KonCaseKind    kind;
  KonCaseStatus  status;
  GDate          document_date;   /* invalid: not set */
  char          *archive_ref;     /* nullable: the host archive's reference, as given */
  char          *recommendation;  /* nullable: the innstilling, its points one a line */
  char          *background;      /* nullable */
  char          *presentation;    /* nullable: saksfremstilling */
  char          *earlier_case;    /* nullable: the drøftingssak this one follows */
  char          *one_stage;       /* nullable: why both sides agreed to one-stage processing */
  char          *one_stage_by;    /* nullable: who agreed to it, for each side */
  GDate          one_stage_date;  /* invalid: not set; when they agreed */
  GDate          meeting_date;    /* invalid: not set; the meeting it is or was on */
} KonCase;

#define KON_TYPE_CASE (kon_case_get_type ())

KON_DECLARE_ROW_TYPE (KonCase, kon_case)

extern const KonTable kon_case_table;

G_END_DECLS
