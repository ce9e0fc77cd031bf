/* kon-partner.c: a partner of the community
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-partner.h"

static const KonField fields[] = {
  { "kind", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonPartner, kind),
    .enum_names = KON_ENUM_NAMES (kon_partner_kind_names) },
  { "side", KON_FIELD_ENUM, 0, G_STRUCT_OFFSET (KonPartner, side),
    .enum_names = KON_ENUM_NAMES (kon_side_names) },
  { "region", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPartner, region) },
  { "name", KON_FIELD_STRING, KON_FIELD_REQUIRED | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPartner, name) },
  { "short_name", KON_FIELD_STRING, KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPartner, short_name) },
  { "aliases", KON_FIELD_STRV, KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPartner, aliases) },
};

static gboolean
validate (gconstpointer   row,
          const char    **out_key,
          GError        **error)
{
  const KonPartner *partner = row;

  if (partner->side == KON_SIDE_NONE)
    {
      *out_key = "side";
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID,
                           _("Choose the side of the partner: the hospital trust’s or the municipalities’."));
      return FALSE;
    }

  return TRUE;
}

/* Partners are listed by their short name ("Bodø"), or their name */
static const char *
sort_text (gconstpointer row)
{
  const KonPartner *partner = row;

  return partner->short_name != NULL && *partner->short_name != '\0'
    ? partner->short_name : partner->name;
}

static const char *
name_text (gconstpointer row)
{
  return ((const KonPartner *) row)->name;
}

const KonTable kon_partner_table = {
  .name = "partner",
  .member = "partners",
  .size = sizeof (KonPartner),
  .get_type = kon_partner_get_type,
  .free = (GDestroyNotify) kon_partner_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .validate = validate,
  .sort_text = sort_text,
};

KON_DEFINE_ROW_TYPE (KonPartner, kon_partner, &kon_partner_table)
