/* kon-body.c: a body of the organisation chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-body.h"
#include "kon-case-number.h"

/* The largest count the schema allows (meetings per year, seats) */
#define MAX_COUNT 1000
/* The longest term or chair period (years) */
#define MAX_YEARS 100

static const KonField fields[] = {
  { "kind", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonBody, kind),
    .enum_names = KON_ENUM_NAMES (kon_body_kind_names) },
  { "name", KON_FIELD_STRING, KON_FIELD_REQUIRED, G_STRUCT_OFFSET (KonBody, name) },
  { "short_name", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, short_name) },
  /* A deleted body's sub-bodies move up to its parent */
  { "parent", KON_FIELD_REF, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, parent_uuid),
    .ref_table = "body", .on_delete = KON_ON_DELETE_REPARENT },
  { "mandate", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, mandate) },
  { "takes_decisions", KON_FIELD_BOOL, 0, G_STRUCT_OFFSET (KonBody, takes_decisions) },
  { "meetings_per_year", KON_FIELD_INT, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, meetings_per_year),
    NULL, 0, MAX_COUNT },
  { "public", KON_FIELD_BOOL, 0, G_STRUCT_OFFSET (KonBody, is_public), "is_public" },
  { "deadline", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, deadline) },
  { "seats_per_side", KON_FIELD_INT, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, seats_per_side),
    NULL, 0, MAX_COUNT },
  { "term_years", KON_FIELD_INT, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, term_years),
    NULL, 0, MAX_YEARS, .since = 2 },
  { "single_term", KON_FIELD_BOOL, 0, G_STRUCT_OFFSET (KonBody, single_term), .since = 2 },
  { "rotation_start", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, rotation_start),
    .since = 2 },
  { "rotation_first_side", KON_FIELD_ENUM, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, rotation_first_side),
    .enum_names = KON_ENUM_NAMES (kon_side_names), .since = 2 },
  { "rotation_years", KON_FIELD_INT, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, rotation_years),
    NULL, 0, MAX_YEARS, .since = 2 },
  { "case_pattern", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonBody, case_pattern),
    .since = 2 },
};

static gboolean
validate (gconstpointer   row,
          const char    **out_key,
          GError        **error)
{
  const KonBody *body = row;

  if (body->parent_uuid != NULL && g_ascii_strcasecmp (body->parent_uuid, body->uuid) == 0)
    {
      *out_key = "parent";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("A body cannot be placed under itself or under one of its own sub-bodies."));
      return FALSE;
    }

  if (body->case_pattern != NULL && !kon_case_pattern_check (body->case_pattern, error))
    {
      *out_key = "case_pattern";
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = KON_TABLE_ERROR;
          (*error)->code = KON_TABLE_ERROR_INVALID;
        }
      return FALSE;
    }

  return TRUE;
}

static const char *
name_text (gconstpointer row)
{
  return ((const KonBody *) row)->name;
}

const KonTable kon_body_table = {
  .name = "body",
  .member = "bodies",
  .size = sizeof (KonBody),
  .get_type = kon_body_get_type,
  .free = (GDestroyNotify) kon_body_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .validate = validate,
  .sort_text = name_text,
};

KON_DEFINE_ROW_TYPE (KonBody, kon_body, &kon_body_table)
