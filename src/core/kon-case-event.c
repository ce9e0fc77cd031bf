/* kon-case-event.c: a step in a case's status history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-case-event.h"

static const KonField fields[] = {
  { "case", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCaseEvent, case_uuid),
    .ref_table = "case_file", .on_delete = KON_ON_DELETE_CASCADE },
  { "step", KON_FIELD_INT, 0, G_STRUCT_OFFSET (KonCaseEvent, step), NULL, 1, 100000 },
  { "status", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonCaseEvent, status),
    .enum_names = KON_ENUM_NAMES (kon_case_status_names) },
  { "date", KON_FIELD_DATE, 0, G_STRUCT_OFFSET (KonCaseEvent, date), "event_date" },
  { "who", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCaseEvent, who) },
};

const KonTable kon_case_event_table = {
  .name = "case_event",
  .member = "case_events",
  .size = sizeof (KonCaseEvent),
  .get_type = kon_case_event_get_type,
  .free = (GDestroyNotify) kon_case_event_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .since = 2,
};

KON_DEFINE_ROW_TYPE (KonCaseEvent, kon_case_event, &kon_case_event_table)
