/* kon-community.c: the health community a database holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-community.h"

/* The largest count the schema allows */
#define MAX_COUNT 1000

static const KonField fields[] = {
  { "name", KON_FIELD_STRING, KON_FIELD_REQUIRED, G_STRUCT_OFFSET (KonCommunity, name) },
  { "user_representatives_per_body", KON_FIELD_INT, 0,
    G_STRUCT_OFFSET (KonCommunity, user_representatives_per_body), NULL, 0, MAX_COUNT },
  { "gp_representatives_per_body", KON_FIELD_INT, 0,
    G_STRUCT_OFFSET (KonCommunity, gp_representatives_per_body), NULL, 0, MAX_COUNT },
};

static const char *
sort_text (gconstpointer row)
{
  return ((const KonCommunity *) row)->name;
}

static const char *
name_text (gconstpointer row)
{
  return ((const KonCommunity *) row)->name;
}

const KonTable kon_community_table = {
  .name = "community",
  .member = "community",
  .size = sizeof (KonCommunity),
  .get_type = kon_community_get_type,
  .free = (GDestroyNotify) kon_community_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .singleton = TRUE,
  .sort_text = sort_text,
};

KON_DEFINE_ROW_TYPE (KonCommunity, kon_community, &kon_community_table)
