/* kon-seat.h: a seat of a body, the rule its holders are appointed by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A body's seats are its seat rules, as data a template brings: the SSU
 * of Lofoten, Vesterålen og Salten has seven HF member seats and seven
 * municipal ones, three of them for Salten (region "Salten"), two for
 * Lofoten, two for Vesterålen, and required observer seats (a user and an
 * employee representative per side, a GP, Nord universitet, …).  A role
 * fills a seat (KonRole.seat_uuid); a seat held by nobody on a date is
 * vacant (kon-terms.h).
 */

#pragma once

#include "kon-enums.h"
#include "kon-table.h"

G_BEGIN_DECLS

typedef struct
{
  KON_ROW_HEADER;
  char          *body_uuid;
  char          *name;           /* "Salten 1", "Nord universitet" */
  KonRoleKind    kind;           /* member, deputy or observer */
  KonSide        side;           /* none: neither side's */
  char          *region;         /* nullable: its holder's partner is in this region */
  KonRepresents  represents;     /* users, gps, employees, …; none */
  gboolean       required;       /* a rule break when nobody holds it */
  char          *appointed_by;   /* nullable: "Salten regionråd", "Administrerende direktør" */
  int            position;       /* the order among the body's seats */
} KonSeat;

#define KON_TYPE_SEAT (kon_seat_get_type ())

KON_DECLARE_ROW_TYPE (KonSeat, kon_seat)

extern const KonTable kon_seat_table;

G_END_DECLS
