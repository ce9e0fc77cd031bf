/* kon-case-anchoring.c: a municipality's anchoring of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-case-anchoring.h"

static const KonField fields[] = {
  { "case", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCaseAnchoring, case_uuid),
    .ref_table = "case_file", .on_delete = KON_ON_DELETE_CASCADE },
  { "partner", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCaseAnchoring, partner_uuid),
    .ref_table = "partner", .on_delete = KON_ON_DELETE_CASCADE },
  { "date", KON_FIELD_DATE, 0, G_STRUCT_OFFSET (KonCaseAnchoring, date), "anchored_on" },
  { "note", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCaseAnchoring, note) },
};

const KonTable kon_case_anchoring_table = {
  .name = "case_anchoring",
  .member = "case_anchorings",
  .size = sizeof (KonCaseAnchoring),
  .get_type = kon_case_anchoring_get_type,
  .free = (GDestroyNotify) kon_case_anchoring_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .since = 3,
};

KON_DEFINE_ROW_TYPE (KonCaseAnchoring, kon_case_anchoring, &kon_case_anchoring_table)
