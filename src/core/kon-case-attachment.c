/* kon-case-attachment.c: a file attached to a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-case-attachment.h"

static const KonField fields[] = {
  { "case", KON_FIELD_REF, 0, G_STRUCT_OFFSET (KonCaseAttachment, case_uuid),
    .ref_table = "case_file", .on_delete = KON_ON_DELETE_CASCADE },
  { "name", KON_FIELD_STRING, KON_FIELD_REQUIRED, G_STRUCT_OFFSET (KonCaseAttachment, name) },
  { "size", KON_FIELD_INT, 0, G_STRUCT_OFFSET (KonCaseAttachment, size), NULL,
    0, KON_CASE_ATTACHMENT_MAX_SIZE },
  { "sha256", KON_FIELD_STRING, 0, G_STRUCT_OFFSET (KonCaseAttachment, sha256) },
  { "media_type", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonCaseAttachment, media_type) },
  { "added", KON_FIELD_DATE, 0, G_STRUCT_OFFSET (KonCaseAttachment, added), "added_on" },
};

gboolean
kon_case_attachment_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && (*p < 'a' || *p > 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
validate (gconstpointer   row,
          const char    **out_key,
          GError        **error)
{
  const KonCaseAttachment *a = row;

  if (!kon_case_attachment_is_sha256 (a->sha256))
    {
      *out_key = "sha256";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("An attachment’s SHA-256 is 64 hexadecimal digits, a to f in lower case."));
      return FALSE;
    }
  return TRUE;
}

static const char *
name_text (gconstpointer row)
{
  return ((const KonCaseAttachment *) row)->name;
}

const KonTable kon_case_attachment_table = {
  .name = "case_attachment",
  .member = "case_attachments",
  .size = sizeof (KonCaseAttachment),
  .get_type = kon_case_attachment_get_type,
  .free = (GDestroyNotify) kon_case_attachment_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .sort_text = name_text,
  .validate = validate,
  .since = 3,
};

KON_DEFINE_ROW_TYPE (KonCaseAttachment, kon_case_attachment, &kon_case_attachment_table)
