/* kon-seat.c: a seat of a body, the rule its holders are appointed by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-seat.h"

/* The most seats a body can list */
#define MAX_POSITION 10000

static const KonField fields[] = {
  { "body", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonSeat, body_uuid),
    .ref_table = "body", .on_delete = KON_ON_DELETE_CASCADE },
  { "name", KON_FIELD_STRING, KON_FIELD_REQUIRED, G_STRUCT_OFFSET (KonSeat, name) },
  { "kind", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonSeat, kind),
    .enum_names = KON_ENUM_NAMES (kon_role_kind_names) },
  { "side", KON_FIELD_ENUM, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonSeat, side),
    .enum_names = KON_ENUM_NAMES (kon_side_names) },
  { "region", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonSeat, region) },
  { "represents", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonSeat, represents),
    .enum_names = KON_ENUM_NAMES (kon_represents_names) },
  { "required", KON_FIELD_BOOL, 0, G_STRUCT_OFFSET (KonSeat, required) },
  { "appointed_by", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonSeat, appointed_by) },
  { "position", KON_FIELD_INT, 0, G_STRUCT_OFFSET (KonSeat, position), NULL, 0, MAX_POSITION },
};

static gboolean
validate (gconstpointer   row,
          const char    **out_key,
          GError        **error)
{
  const KonSeat *seat = row;

  if (seat->kind != KON_ROLE_KIND_MEMBER && seat->kind != KON_ROLE_KIND_DEPUTY &&
      seat->kind != KON_ROLE_KIND_OBSERVER)
    {
      *out_key = "kind";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("A seat is for a member, a deputy member or an observer: "
                             "the leader and the deputy leader are chosen among the members."));
      return FALSE;
    }

  if (seat->region != NULL && seat->side != KON_SIDE_MUNICIPAL)
    {
      *out_key = "region";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("Only a seat on the municipalities’ side is for a region."));
      return FALSE;
    }

  return TRUE;
}

static const char *
name_text (gconstpointer row)
{
  return ((const KonSeat *) row)->name;
}

const KonTable kon_seat_table = {
  .name = "seat",
  .member = "seats",
  .size = sizeof (KonSeat),
  .get_type = kon_seat_get_type,
  .free = (GDestroyNotify) kon_seat_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .validate = validate,
  .sort_text = name_text,
  .since = 2,
};

KON_DEFINE_ROW_TYPE (KonSeat, kon_seat, &kon_seat_table)
