/* kon-partner.h: a partner: the hospital trust or a municipality, one voting entity
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
  KonPartnerKind  kind;
  KonSide         side;
  char           *region;       /* nullable: "Salten" */
  char           *name;         /* "Bodø kommune" */
  char           *short_name;   /* "Bodø" */
  char          **aliases;      /* NULL-terminated, never NULL: "NLSH", … */
} KonPartner;

#define KON_TYPE_PARTNER (kon_partner_get_type ())

KON_DECLARE_ROW_TYPE (KonPartner, kon_partner)

extern const KonTable kon_partner_table;

G_END_DECLS
