/* kon-person.h: a person who holds roles
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
  char *title;          /* nullable */
  char *partner_uuid;   /* nullable: the partner they come from */
  char *email;          /* nullable */
  char *phone;          /* nullable */
} KonPerson;

#define KON_TYPE_PERSON (kon_person_get_type ())

KON_DECLARE_ROW_TYPE (KonPerson, kon_person)

extern const KonTable kon_person_table;

G_END_DECLS
