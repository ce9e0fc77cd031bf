/* kon-terms.h: terms, seats and chair rotation on any date — the rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions: no SQL, no GTK.  The caller reads a body's seats and
 * roles (and the partners and persons they name) into a KonTermsInput;
 * kon_terms_evaluate() says, for one date, who holds each seat, until
 * when, and which rules are broken; kon_terms_rotation_plan() says which
 * side chairs in each period of the years ahead.  A body's rotation is
 * its first day, its length and its first side: without all three it has
 * none.
 *
 * Dates are inclusive: a role from 25.09.2025 to 24.09.2029 is held on
 * both days.  A term of N years from a first day ends the day before the
 * same date N years on, where 29 February in a year without one is
 * 1 March: a 4-year term from 29.02.2024 ends 28.02.2028, a 2-year term
 * from 29.02.2024 ends 28.02.2026, a 3-year term from 29.02.2024
 * ends 28.02.2027.
 */

#pragma once

#include "kon-body.h"
#include "kon-community.h"
#include "kon-partner.h"
#include "kon-person.h"
#include "kon-role.h"
#include "kon-seat.h"

G_BEGIN_DECLS

/* What kon_terms_evaluate() reads.  The arrays hold the rows (borrowed);
 * @partners and @persons map uuid → row (borrowed), for the side and
 * region a holder comes from and for the names in messages. */
typedef struct
{
  const KonCommunity *community;   /* nullable: its rules for every body */
  const KonBody      *body;
  GPtrArray          *seats;       /* KonSeat of the body, any order */
  GPtrArray          *roles;       /* KonRole of the body, any order */
  GHashTable         *partners;    /* uuid → KonPartner */
  GHashTable         *persons;     /* uuid → KonPerson */
} KonTermsInput;

typedef enum
{
  KON_SEAT_STATE_FINE,
  KON_SEAT_STATE_ENDING,     /* the holder's term ends within the warning window */
  KON_SEAT_STATE_VACANT,
} KonSeatState;

typedef struct
{
  const KonSeat *seat;
  const KonRole *holder;      /* NULL when vacant; the first of several */
  guint          n_holders;
  KonSeatState   state;       /* ENDING by @last */
  GDate          next_from;   /* the next appointment's first day after the date
                               * (not the holder's own later role within the
                               * term, as leader), or invalid: none made yet */
  GDate          last;        /* the holder's last day: the role's own, or for a
                               * role without one the last the body's term
                               * length gives; invalid: vacant, or open */
  GDate          vacant_from; /* the first day from the date on which nobody
                               * holds the seat: the date when vacant, the day
                               * after the holder's (and the successors who
                               * follow on without a gap) last day; invalid:
                               * never */
  gboolean       needs_appointment; /* vacant with no appointment made, or vacant
                                     * from a day within the warning window (the
                                     * term ends with no successor from the day
                                     * after, or a gap before the next): an
                                     * appointment to ask for */
} KonSeatStatus;

typedef enum
{
  KON_BREAK_PARITY,              /* the sides have unequal numbers of members */
  KON_BREAK_REGION_QUOTA,        /* a region has more members than its seats */
  KON_BREAK_REQUIRED_VACANT,     /* a required seat (an observer) is vacant */
  KON_BREAK_TWO_HOLDERS,         /* two hold one seat at once */
  KON_BREAK_TERM_TOO_LONG,       /* a term longer than the body's term, or without end */
  KON_BREAK_REAPPOINTED,         /* a new term of the same kind (not an election as leader)
                                  * where re-appointment is not allowed */
  KON_BREAK_CHAIRS_SAME_SIDE,    /* leader and deputy leader from one side */
  KON_BREAK_NO_CHAIR,            /* no leader on a date the rotation says a side chairs */
  KON_BREAK_CHAIR_OFF_ROTATION,  /* the leader is from the side that does not chair now */
  KON_BREAK_TOO_FEW_REPRESENTED, /* fewer user or GP representatives than the community's rule */
  KON_BREAK_TWO_LEADERS,         /* two persons lead the body at once */
  KON_BREAK_TWO_DEPUTY_LEADERS,  /* two persons are deputy leader at once */
} KonBreakKind;

typedef struct
{
  KonBreakKind   kind;
  const KonSeat *seat;        /* nullable: the seat to open */
  const KonRole *role;        /* nullable: the role it is about */
  char          *message;     /* translated: what is wrong */
  char          *advice;      /* translated: what to do about it */
} KonBreak;

typedef struct
{
  GDate       date;
  GArray     *seats;          /* KonSeatStatus, in the seats' order */
  GPtrArray  *breaks;         /* KonBreak */
} KonTermsDay;

typedef struct
{
  GDate          first;
  GDate          last;
  KonSide        side;        /* the side that chairs by the rule */
  const KonRole *leader;      /* nullable: the leader role in the period */
  const KonRole *deputy;      /* nullable: the deputy leader role, also where
                               * no leader is elected yet */
  char          *warning;     /* nullable, translated: where they break the plan */
} KonRotationPeriod;

/* Dates */
gboolean      kon_terms_add_years        (const GDate         *date,
                                          guint                years,
                                          GDate               *out_date);
gboolean      kon_terms_last_day         (const GDate         *first,
                                          guint                years,
                                          GDate               *out_last);
gboolean      kon_terms_role_active      (const KonRole       *role,
                                          const GDate         *date);
/* The last day of @role: its own, or for one without, the last of a term
 * of the body's length from its first day (not for a secretary) */
gboolean      kon_terms_role_last_day    (const KonBody       *body,
                                          const KonRole       *role,
                                          GDate               *out_last);

/* The side a role is on: its own, its partner's, or its person's partner's */
KonSide       kon_terms_role_side        (const KonTermsInput *input,
                                          const KonRole       *role);
/* The region of the partner a role comes from, or NULL */
const char   *kon_terms_role_region      (const KonTermsInput *input,
                                          const KonRole       *role);

/* The seats' order: position, then name */
void          kon_terms_sort_seats       (GPtrArray           *seats);

KonTermsDay  *kon_terms_evaluate         (const KonTermsInput *input,
                                          const GDate         *date,
                                          guint                warning_months);
void          kon_terms_day_free         (KonTermsDay         *day);
/* The held seats whose term ends within the warning window with nobody
 * from the day after (KON_SEAT_STATE_ENDING and needs_appointment) */
guint         kon_terms_day_count_ending (const KonTermsDay   *day);

/* The side that chairs on @date by the body's rotation, or NONE */
KonSide       kon_terms_rotation_side    (const KonBody       *body,
                                          const GDate         *date);
/* The periods from the one holding @from on, covering at least @n_years
 * (KonRotationPeriod); empty for a body without a rotation */
GArray       *kon_terms_rotation_plan    (const KonTermsInput *input,
                                          const GDate         *from,
                                          guint                n_years);
/* Who is elected in @period: "Leader Kari Holm, deputy leader Ola Dahl",
 * "Deputy leader Ola Dahl; the leader is not elected yet", … */
char         *kon_terms_rotation_period_describe (const KonTermsInput     *input,
                                                  const KonRotationPeriod *period);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonTermsDay, kon_terms_day_free)

G_END_DECLS
