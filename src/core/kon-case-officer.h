/* kon-case-officer.h: a person who prepares a case (saksbehandler)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case has one or more officers, each a row of its own: a person
 * deleted leaves the cases they prepared without them.
 */

#pragma once

#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  char *case_uuid;
  char *person_uuid;
} KonCaseOfficer;

#define KON_TYPE_CASE_OFFICER (kon_case_officer_get_type ())

KON_DECLARE_ROW_TYPE (KonCaseOfficer, kon_case_officer)

extern const KonTable kon_case_officer_table;

G_END_DECLS
