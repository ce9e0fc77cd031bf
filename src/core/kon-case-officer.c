/* kon-case-officer.c: a person who prepares a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-case-officer.h"

static const KonField fields[] = {
  { "case", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCaseOfficer, case_uuid),
    .ref_table = "case_file", .on_delete = KON_ON_DELETE_CASCADE },
  { "person", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCaseOfficer, person_uuid),
    .ref_table = "person", .on_delete = KON_ON_DELETE_CASCADE },
};

const KonTable kon_case_officer_table = {
  .name = "case_officer",
  .member = "case_officers",
  .size = sizeof (KonCaseOfficer),
  .get_type = kon_case_officer_get_type,
  .free = (GDestroyNotify) kon_case_officer_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .since = 3,
};

KON_DEFINE_ROW_TYPE (KonCaseOfficer, kon_case_officer, &kon_case_officer_table)
