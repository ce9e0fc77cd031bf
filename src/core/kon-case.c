/* kon-case.c: a case of a body's case registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-case.h"

/* The longest title: a line in a list and in the minutes */
#define MAX_TITLE 300

static const KonField fields[] = {
  { "body", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCase, body_uuid),
    .ref_table = "body", .on_delete = KON_ON_DELETE_CASCADE },
  { "year", KON_FIELD_INT, 0, G_STRUCT_OFFSET (KonCase, year), NULL, 1900, 9999 },
  { "number", KON_FIELD_INT, 0, G_STRUCT_OFFSET (KonCase, number), NULL, 1, 99999 },
  { "title", KON_FIELD_STRING, KON_FIELD_REQUIRED | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonCase, title) },
  { "public_title", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH,
    G_STRUCT_OFFSET (KonCase, public_title) },
  { "screening", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, screening) },
  { "kind", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonCase, kind),
    .enum_names = KON_ENUM_NAMES (kon_case_kind_names) },
  { "status", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonCase, status),
    .enum_names = KON_ENUM_NAMES (kon_case_status_names) },
  { "document_date", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, document_date) },
  { "archive_ref", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, archive_ref) },
  { "recommendation", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH,
    G_STRUCT_OFFSET (KonCase, recommendation) },
  { "background", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH,
    G_STRUCT_OFFSET (KonCase, background) },
  { "presentation", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH,
    G_STRUCT_OFFSET (KonCase, presentation) },
  { "earlier_case", KON_FIELD_REF, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, earlier_case),
    .ref_table = "case_file", .on_delete = KON_ON_DELETE_SET_NULL },
  { "one_stage", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, one_stage) },
  { "one_stage_by", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, one_stage_by),
    .since = 3 },
  { "one_stage_date", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, one_stage_date),
    .since = 3 },
  { "meeting_date", KON_FIELD_DATE, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCase, meeting_date),
    .since = 3 },
};

static gboolean
validate (gconstpointer   row,
          const char    **out_key,
          GError        **error)
{
  const KonCase *c = row;

  if (c->title != NULL && g_utf8_strlen (c->title, -1) > MAX_TITLE)
    {
      *out_key = "title";
      g_set_error (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                   _("The title is longer than %d characters: put the rest in the background."),
                   MAX_TITLE);
      return FALSE;
    }
  if (c->public_title != NULL && g_utf8_strlen (c->public_title, -1) > MAX_TITLE)
    {
      *out_key = "public_title";
      g_set_error (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                   _("The public title is longer than %d characters."), MAX_TITLE);
      return FALSE;
    }
  /* What is screened needs its legal basis, and a title that may be shown */
  if (c->screening != NULL && c->public_title == NULL)
    {
      *out_key = "public_title";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("A screened case needs a public title: the title that may be shown."));
      return FALSE;
    }
  if (c->earlier_case != NULL && c->uuid != NULL && g_ascii_strcasecmp (c->earlier_case, c->uuid) == 0)
    {
      *out_key = "earlier_case";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("A case cannot follow itself: choose the earlier discussion case."));
      return FALSE;
    }

  return TRUE;
}

static const char *
name_text (gconstpointer row)
{
  return ((const KonCase *) row)->title;
}

const KonTable kon_case_table = {
  .name = "case_file",
  .member = "cases",
  .size = sizeof (KonCase),
  .get_type = kon_case_get_type,
  .free = (GDestroyNotify) kon_case_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .validate = validate,
  .sort_text = name_text,
  .since = 2,
};

KON_DEFINE_ROW_TYPE (KonCase, kon_case, &kon_case_table)
