/* kon-composition.h: the rules of who sits in a body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions (no SQL, no GTK, no store) over the model's structs:
 * from a body, its roles, the community's rules and the partners, how
 * many sit there per side, and which composition rules it breaks on a
 * given day:
 *
 *   - parity: a body with seats per side (SSU: 7) needs as many members
 *     from the hospital trust as from the municipalities, and every seat
 *     filled;
 *   - representatives: the community may ask for user and GP
 *     representatives in every body (Bergen: 2 and 1), not counting the
 *     secretariat;
 *   - deadline: a time-limited body past its deadline.
 *
 * Members are roles of kind member, leader and deputy leader.  A user or
 * GP representative is any role but deputy (vara) and secretary that
 * represents users or GPs (an observer counts).  A person with two roles
 * counts once.  A role counts on a day when it started on or before it
 * and ends on or after it (open dates are open); with no day, every role
 * counts and no deadline is checked.
 */

#pragma once

#include "kon-org.h"

G_BEGIN_DECLS

typedef enum
{
  KON_COMPOSITION_USER_REPRESENTATIVES,  /* fewer than the community's rule */
  KON_COMPOSITION_GP_REPRESENTATIVES,    /* fewer than the community's rule */
  KON_COMPOSITION_UNEQUAL_SIDES,         /* seats per side set, sides differ */
  KON_COMPOSITION_VACANT_SEATS,          /* seats per side set, a side short */
  KON_COMPOSITION_PAST_DEADLINE,         /* a time-limited body past its deadline */
  KON_COMPOSITION_N_RULES,
} KonCompositionRule;

/* What a warning is about:
 *
 *   USER_REPRESENTATIVES, GP_REPRESENTATIVES: side NONE; count: those
 *     there are; required: the community's rule.
 *   UNEQUAL_SIDES: side: the side with fewer members; count: its members;
 *     required: the other side's members.
 *   VACANT_SEATS: side: the side with vacant seats, NONE when both sides
 *     have; count: that side's members (both: the fewer); required: the
 *     seats per side.
 *   PAST_DEADLINE: side NONE; count: the days since the deadline;
 *     required: 0.
 */
typedef struct
{
  KonCompositionRule  rule;
  KonSide             side;
  guint               count;
  guint               required;
  char               *message;      /* translated, one sentence */
} KonCompositionWarning;

/* Who sits in a body on a day: distinct persons */
typedef struct
{
  guint n_hf;          /* members on the hospital trust's side */
  guint n_municipal;   /* members on the municipalities' side */
  guint n_other;       /* members who represent no side */
  guint n_users;       /* user representatives */
  guint n_gps;         /* GP representatives */
} KonComposition;

/* The side a role represents: a partner's role takes the partner's side
 * when @partner is known (the partner's UUID looked up), else its own. */
KonSide  kon_composition_role_side  (const KonRole         *role,
                                     const KonPartner      *partner);
gboolean kon_composition_role_is_member  (const KonRole    *role);
gboolean kon_composition_role_in_force   (const KonRole    *role,
                                          const GDate      *date);

/* Counts @roles (those of @body; others are skipped) in force on @date
 * (nullable).  @partners: partner UUID → const KonPartner *, nullable. */
void     kon_composition_count      (const KonBody         *body,
                                     KonRole * const       *roles,
                                     guint                  n_roles,
                                     GHashTable            *partners,
                                     const GDate           *date,
                                     KonComposition        *out);

/* The rules @body breaks with @composition on @date (nullable: no
 * deadline check); @community nullable: no representative rules.
 * Returns: (transfer full): a GArray of KonCompositionWarning, in the
 *   order of KonCompositionRule: unequal sides, vacant seats, user
 *   representatives, GP representatives, deadline; empty, never NULL.
 *   Freeing the array frees the messages. */
GArray  *kon_composition_check      (const KonBody         *body,
                                     const KonComposition  *composition,
                                     const KonCommunity    *community,
                                     const GDate           *date);

/* kon_composition_count() then kon_composition_check(); @out nullable */
GArray  *kon_composition_evaluate   (const KonBody         *body,
                                     KonRole * const       *roles,
                                     guint                  n_roles,
                                     GHashTable            *partners,
                                     const KonCommunity    *community,
                                     const GDate           *date,
                                     KonComposition        *out);

void     kon_composition_warning_clear (KonCompositionWarning *warning);

G_END_DECLS
