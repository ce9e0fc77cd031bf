/* kon-role.c: the role of a person in a body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-role.h"

static const KonField fields[] = {
  { "person", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonRole, person_uuid),
    .ref_table = "person", .on_delete = KON_ON_DELETE_CASCADE },
  { "body", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonRole, body_uuid),
    .ref_table = "body", .on_delete = KON_ON_DELETE_CASCADE },
  { "kind", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonRole, kind),
    .enum_names = KON_ENUM_NAMES (kon_role_kind_names) },
  { "represents", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonRole, represents),
    .enum_names = KON_ENUM_NAMES (kon_represents_names) },
  { "partner", KON_FIELD_REF, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, partner_uuid),
    .ref_table = "partner", .on_delete = KON_ON_DELETE_CASCADE },
  { "side", KON_FIELD_ENUM, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, side),
    .enum_names = KON_ENUM_NAMES (kon_side_names) },
  { "from", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, from), "from_date" },
  { "to", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, to), "to_date" },
  { "seat", KON_FIELD_REF, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, seat_uuid),
    .ref_table = "seat", .on_delete = KON_ON_DELETE_SET_NULL, .since = 2 },
  { "appointed_by", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, appointed_by), .since = 2 },
  { "decided_in", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonRole, decided_in), .since = 2 },
};

static gboolean
fail (const char  *key,
      const char  *message,
      const char **out_key,
      GError     **error)
{
  *out_key = key;
  g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
validate (gconstpointer   row,
          const char    **out_key,
          GError        **error)
{
  const KonRole *role = row;

  if (role->person_uuid == NULL || *role->person_uuid == '\0')
    return fail ("person", _("Choose the person who has the role."), out_key, error);

  if (role->body_uuid == NULL || *role->body_uuid == '\0')
    return fail ("body", _("Choose the body the role is in."), out_key, error);

  if (role->represents == KON_REPRESENTS_PARTNER && role->partner_uuid == NULL)
    return fail ("partner", _("Choose the partner that the role represents."), out_key, error);

  if (role->represents != KON_REPRESENTS_PARTNER && role->partner_uuid != NULL)
    return fail ("partner", _("Only a role that represents a partner names one: set “represents” "
                              "to “partner”, or leave the partner out."), out_key, error);

  if (role->represents == KON_REPRESENTS_SIDE && role->side == KON_SIDE_NONE)
    return fail ("side", _("Choose the side that the role represents."), out_key, error);

  if (g_date_valid (&role->from) && g_date_valid (&role->to) &&
      g_date_compare (&role->from, &role->to) > 0)
    return fail ("to", _("The role ends before it begins."), out_key, error);

  return TRUE;
}

const KonTable kon_role_table = {
  .name = "role",
  .member = "roles",
  .size = sizeof (KonRole),
  .get_type = kon_role_get_type,
  .free = (GDestroyNotify) kon_role_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .validate = validate,
};

KON_DEFINE_ROW_TYPE (KonRole, kon_role, &kon_role_table)
