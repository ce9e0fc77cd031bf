/* kon-body.h: a body of the organisation chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-enums.h"
#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  KonBodyKind  kind;
  char        *name;
  char        *short_name;         /* nullable: "SSU" */
  char        *parent_uuid;        /* nullable: the body that set it up */
  char        *mandate;            /* nullable */
  gboolean     takes_decisions;
  int          meetings_per_year;  /* 0: not set (null) */
  gboolean     is_public;
  GDate        deadline;           /* invalid (g_date_valid() FALSE): none */
  int          seats_per_side;     /* 0: no parity rule (null; SSU: 7) */
  /* Terms and chair rotation (kon-terms.h) */
  int          term_years;         /* 0: no term length (null; SSU: 4) */
  gboolean     single_term;        /* a holder cannot be appointed again */
  GDate        rotation_start;     /* invalid: no rotation; the first period's first day */
  KonSide      rotation_first_side;/* the side that chairs the first period */
  int          rotation_years;     /* 0: no rotation (null; SSU: 2) */
  /* Cases (kon-case.h) */
  char        *case_pattern;       /* nullable: how its case numbers are written
                                    * (kon-case-number.h); NULL: the default */
} KonBody;

#define KON_TYPE_BODY (kon_body_get_type ())

KON_DECLARE_ROW_TYPE (KonBody, kon_body)

extern const KonTable kon_body_table;

G_END_DECLS
