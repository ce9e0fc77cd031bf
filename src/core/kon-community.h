/* kon-community.h: the health community a database holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-enums.h"
#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  char *name;
  int   user_representatives_per_body;   /* 0: no such rule (Bergen: 2) */
  int   gp_representatives_per_body;     /* 0: no such rule (Bergen: 1) */
} KonCommunity;

#define KON_TYPE_COMMUNITY (kon_community_get_type ())

KON_DECLARE_ROW_TYPE (KonCommunity, kon_community)

extern const KonTable kon_community_table;

G_END_DECLS
