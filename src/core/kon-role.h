/* kon-role.h: the role of a person in a body
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
  char          *person_uuid;
  char          *body_uuid;
  KonRoleKind    kind;
  KonRepresents  represents;
  char          *partner_uuid;     /* nullable; set when represents = PARTNER */
  KonSide        side;             /* side represented; for PARTNER, the partner's */
  GDate          from;             /* invalid: open */
  GDate          to;               /* invalid: open */
  /* The appointment (kon-terms.h) */
  char          *seat_uuid;        /* nullable: the seat the role fills */
  char          *appointed_by;     /* nullable: who appointed ("Salten regionråd") */
  char          *decided_in;       /* nullable: the case that decided it ("sak 12-2025") */
} KonRole;

#define KON_TYPE_ROLE (kon_role_get_type ())

KON_DECLARE_ROW_TYPE (KonRole, kon_role)

extern const KonTable kon_role_table;

G_END_DECLS
