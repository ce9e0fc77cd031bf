/* kon-terms.c: terms, seats and chair rotation on any date — the rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See kon-terms.h.  Every rule is data of the body (its seats, term
 * length, rotation) or of the community (representatives in every body):
 * no community's numbers are in here.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-date.h"
#include "kon-terms.h"

/* Helpers */

static KonSide
other_side (KonSide side)
{
  switch (side)
    {
    case KON_SIDE_HF:
      return KON_SIDE_MUNICIPAL;
    case KON_SIDE_MUNICIPAL:
      return KON_SIDE_HF;
    case KON_SIDE_NONE:
    default:
      return KON_SIDE_NONE;
    }
}

/* "1 member", "7 members" */
static char *
count_members (guint n)
{
  /* TRANSLATORS: a count of members in a sentence of a rule break */
  return g_strdup_printf (ngettext ("%u member", "%u members", n), n);
}

/* "the hospital trust’s side", for a sentence */
static const char *
side_phrase (KonSide side)
{
  switch (side)
    {
    case KON_SIDE_HF:
      return _("the hospital trust’s side");
    case KON_SIDE_MUNICIPAL:
      return _("the municipalities’ side");
    case KON_SIDE_NONE:
    default:
      return _("neither side");
    }
}

static const char *
person_name (const KonTermsInput *input,
             const KonRole       *role)
{
  const KonPerson *person = input->persons != NULL
                              ? g_hash_table_lookup (input->persons, role->person_uuid) : NULL;

  return person != NULL ? person->name : _("(unknown person)");
}

static const KonPartner *
role_partner (const KonTermsInput *input,
              const KonRole       *role)
{
  const char *partner_uuid = role->partner_uuid;

  if (partner_uuid == NULL && input->persons != NULL)
    {
      const KonPerson *person = g_hash_table_lookup (input->persons, role->person_uuid);

      if (person != NULL)
        partner_uuid = person->partner_uuid;
    }

  if (partner_uuid == NULL || input->partners == NULL)
    return NULL;

  return g_hash_table_lookup (input->partners, partner_uuid);
}

/* Leader and deputy leader are elected among (or beside) the members */
static gboolean
is_chair_kind (KonRoleKind kind)
{
  return kind == KON_ROLE_KIND_LEADER || kind == KON_ROLE_KIND_DEPUTY_LEADER;
}

static gboolean
is_member_kind (KonRoleKind kind)
{
  return kind == KON_ROLE_KIND_MEMBER || kind == KON_ROLE_KIND_LEADER ||
         kind == KON_ROLE_KIND_DEPUTY_LEADER;
}

static char *
format_date (const GDate *date)
{
  return kon_date_format (date);
}

static void
add_break (KonTermsDay    *day,
           KonBreakKind    kind,
           const KonSeat  *seat,
           const KonRole  *role,
           char           *message,
           char           *advice)
{
  KonBreak *brk = g_new0 (KonBreak, 1);

  brk->kind = kind;
  brk->seat = seat;
  brk->role = role;
  brk->message = message;
  brk->advice = advice;
  g_ptr_array_add (day->breaks, brk);
}

static void
break_free (KonBreak *brk)
{
  g_free (brk->message);
  g_free (brk->advice);
  g_free (brk);
}

static int
compare_seats (gconstpointer a,
               gconstpointer b)
{
  const KonSeat *seat_a = *(const KonSeat * const *) a;
  const KonSeat *seat_b = *(const KonSeat * const *) b;

  if (seat_a->position != seat_b->position)
    return seat_a->position < seat_b->position ? -1 : 1;

  return g_utf8_collate (seat_a->name, seat_b->name);
}

/* Whether @a begins before @b (an open first day is the earliest) */
static gboolean
begins_before (const KonRole *a,
               const KonRole *b)
{
  if (!g_date_valid (&a->from))
    return g_date_valid (&b->from);
  if (!g_date_valid (&b->from))
    return FALSE;

  return g_date_compare (&a->from, &b->from) < 0;
}

/* Seats */

/* Of two roles of one person in one seat (a leader's two years within
 * the member's four), the one that lasts longer says when the seat is
 * free; a role without a last day lasts the body's term */
static gboolean
ends_after (const KonBody *body,
            const KonRole *a,
            const KonRole *b)
{
  GDate last_a, last_b;
  gboolean open_a = !kon_terms_role_last_day (body, a, &last_a);
  gboolean open_b = !kon_terms_role_last_day (body, b, &last_b);

  if (open_a)
    return !open_b;
  if (open_b)
    return FALSE;

  return g_date_compare (&last_a, &last_b) > 0;
}

/* The last day on which the seat is held without a break from @last on:
 * the roles that begin by the day after it and end later carry it on.
 * Returns: %FALSE when it is held for good */
static gboolean
held_until (const KonBody *body,
            GPtrArray     *seat_roles,
            const GDate   *last,
            GDate         *out_until)
{
  gboolean extended = TRUE;

  *out_until = *last;
  while (extended)
    {
      GDate next_day = *out_until;

      extended = FALSE;
      g_date_add_days (&next_day, 1);
      for (guint i = 0; i < seat_roles->len; i++)
        {
          const KonRole *role = g_ptr_array_index (seat_roles, i);
          GDate role_last;

          if (g_date_valid (&role->from) && g_date_compare (&role->from, &next_day) > 0)
            continue;
          if (!kon_terms_role_last_day (body, role, &role_last))
            return FALSE;
          if (g_date_compare (&role_last, out_until) > 0)
            {
              *out_until = role_last;
              next_day = role_last;
              g_date_add_days (&next_day, 1);
              extended = TRUE;
            }
        }
    }

  return TRUE;
}

static void
evaluate_seat (const KonTermsInput *input,
               KonTermsDay         *day,
               const KonSeat       *seat,
               GPtrArray           *seat_roles,
               guint                warning_months)
{
  const KonBody *body = input->body;
  KonSeatStatus status = { .seat = seat };
  const KonRole *second = NULL;
  GDate window_end = day->date;

  g_date_clear (&status.next_from, 1);
  g_date_clear (&status.last, 1);
  g_date_clear (&status.vacant_from, 1);
  g_date_add_months (&window_end, warning_months);

  for (guint i = 0; seat_roles != NULL && i < seat_roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (seat_roles, i);

      if (!kon_terms_role_active (role, &day->date))
        continue;

      /* The holders are persons: one person's two roles are one */
      if (status.holder != NULL && g_strcmp0 (role->person_uuid, status.holder->person_uuid) == 0)
        {
          if (ends_after (body, role, status.holder))
            status.holder = role;
        }
      else if (second != NULL && g_strcmp0 (role->person_uuid, second->person_uuid) == 0)
        ;
      else if (status.holder == NULL || begins_before (role, status.holder))
        {
          second = status.holder;
          status.holder = role;
          status.n_holders++;
        }
      else
        {
          if (second == NULL)
            second = role;
          status.n_holders++;
        }
    }

  if (status.holder != NULL)
    kon_terms_role_last_day (body, status.holder, &status.last);

  /* The next appointment: not the holder's own role that begins within
   * the term (elected leader in the seat) */
  for (guint i = 0; seat_roles != NULL && i < seat_roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (seat_roles, i);

      if (!g_date_valid (&role->from) || g_date_compare (&role->from, &day->date) <= 0)
        continue;
      if (status.holder != NULL && g_strcmp0 (role->person_uuid, status.holder->person_uuid) == 0 &&
          (!g_date_valid (&status.last) || g_date_compare (&role->from, &status.last) <= 0))
        continue;
      if (!g_date_valid (&status.next_from) || g_date_compare (&role->from, &status.next_from) < 0)
        status.next_from = role->from;
    }

  if (status.holder == NULL)
    {
      status.state = KON_SEAT_STATE_VACANT;
      status.vacant_from = day->date;
      status.needs_appointment = !g_date_valid (&status.next_from);
    }
  else if (g_date_valid (&status.last))
    {
      GDate until;

      status.state = g_date_compare (&status.last, &window_end) <= 0
                       ? KON_SEAT_STATE_ENDING : KON_SEAT_STATE_FINE;
      if (held_until (body, seat_roles, &status.last, &until) && g_date_get_year (&until) < G_MAXUINT16)
        {
          status.vacant_from = until;
          g_date_add_days (&status.vacant_from, 1);
          status.needs_appointment = g_date_compare (&until, &window_end) <= 0;
        }
    }
  else
    status.state = KON_SEAT_STATE_FINE;

  g_array_append_val (day->seats, status);

  if (status.n_holders > 1)
    add_break (day, KON_BREAK_TWO_HOLDERS, seat, second,
               /* TRANSLATORS: "“Salten 1” has 2 holders on this date: Kari Holm and Ola Dahl." */
               g_strdup_printf (ngettext ("“%s” has %u holder on this date: %s and %s.",
                                          "“%s” has %u holders on this date: %s and %s.",
                                          status.n_holders),
                                seat->name, status.n_holders,
                                person_name (input, status.holder), person_name (input, second)),
               g_strdup (_("A seat has one holder at a time: end the earlier term the day before "
                           "the next begins, or move one of them to another seat.")));

  if (status.holder == NULL && seat->required)
    {
      g_autofree char *next = g_date_valid (&status.next_from) ? format_date (&status.next_from) : NULL;
      char *message = next != NULL
        /* TRANSLATORS: "The required seat “Nord universitet” is vacant until 01.01.2026." */
        ? g_strdup_printf (_("The required seat “%s” is vacant until %s."), seat->name, next)
        : g_strdup_printf (_("The required seat “%s” is vacant."), seat->name);
      char *advice = next != NULL
        /* TRANSLATORS: "The next appointment is already made. If the seat must be held before
         * 01.01.2026, …" */
        ? g_strdup_printf (_("The next appointment is already made. If the seat must be held before %s, "
                             "move that appointment’s first day earlier."), next)
        : seat->appointed_by != NULL
        /* TRANSLATORS: "Ask Salten regionråd to appoint …" */
        ? g_strdup_printf (_("Ask %s to appoint someone to the seat, and add the appointment."),
                           seat->appointed_by)
        : g_strdup (_("Appoint someone to the seat, and add the appointment."));

      add_break (day, KON_BREAK_REQUIRED_VACANT, seat, NULL, message, advice);
    }
}

/* A term longer than the body's, or one without an end where the body
 * has a term length; a holder appointed again where that is not allowed */
static void
check_terms (const KonTermsInput *input,
             KonTermsDay         *day,
             GHashTable          *seat_by_uuid)
{
  const KonBody *body = input->body;

  for (guint i = 0; i < input->roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (input->roles, i);
      const KonSeat *seat;

      /* A secretary sits by their position, not for a term */
      if (role->seat_uuid == NULL || role->kind == KON_ROLE_KIND_SECRETARY ||
          !kon_terms_role_active (role, &day->date))
        continue;
      seat = g_hash_table_lookup (seat_by_uuid, role->seat_uuid);
      if (seat == NULL)
        continue;

      if (body->term_years > 0 && g_date_valid (&role->from))
        {
          GDate last;

          if (!kon_terms_last_day (&role->from, (guint) body->term_years, &last))
            continue;

          if (!g_date_valid (&role->to))
            {
              g_autofree char *last_text = format_date (&last);

              add_break (day, KON_BREAK_TERM_TOO_LONG, seat, role,
                         /* TRANSLATORS: "The term of Kari Holm in “Salten 1” has no last day;
                          * a term is 4 years, so it ends 24.09.2029." */
                         g_strdup_printf (ngettext ("The term of %s in “%s” has no last day; a term is "
                                                    "%d year, so it ends %s.",
                                                    "The term of %s in “%s” has no last day; a term is "
                                                    "%d years, so it ends %s.",
                                                    body->term_years),
                                          person_name (input, role), seat->name,
                                          body->term_years, last_text),
                         g_strdup_printf (_("Set the last day of the term to %s."), last_text));
            }
          else if (g_date_compare (&role->to, &last) > 0)
            {
              g_autofree char *from_text = format_date (&role->from);
              g_autofree char *to_text = format_date (&role->to);
              g_autofree char *last_text = format_date (&last);

              add_break (day, KON_BREAK_TERM_TOO_LONG, seat, role,
                         /* TRANSLATORS: "The term of Kari Holm in “Salten 1”, 01.01.2024–31.12.2029,
                          * is longer than 4 years." */
                         g_strdup_printf (ngettext ("The term of %s in “%s”, %s–%s, is longer than %d year.",
                                                    "The term of %s in “%s”, %s–%s, is longer than %d years.",
                                                    body->term_years),
                                          person_name (input, role), seat->name, from_text, to_text,
                                          body->term_years),
                         g_strdup_printf (_("End the term on %s, and add what follows as a new "
                                            "appointment."), last_text));
            }
        }

      /* A re-appointment is a new term of the same kind after an earlier
       * one; a member elected leader or deputy leader is not appointed
       * again */
      if (body->single_term && !is_chair_kind (role->kind))
        for (guint j = 0; j < input->roles->len; j++)
          {
            const KonRole *earlier = g_ptr_array_index (input->roles, j);
            GDate earlier_last;

            if (earlier != role && earlier->seat_uuid != NULL && earlier->kind == role->kind &&
                g_strcmp0 (earlier->person_uuid, role->person_uuid) == 0 &&
                begins_before (earlier, role) && g_date_valid (&role->from) &&
                kon_terms_role_last_day (body, earlier, &earlier_last) &&
                g_date_compare (&earlier_last, &role->from) < 0)
              {
                add_break (day, KON_BREAK_REAPPOINTED, seat, role,
                           /* TRANSLATORS: "Kari Holm holds “Salten 1” again, and a member of this body
                            * cannot be appointed again." */
                           g_strdup_printf (_("%s holds “%s” again, and a member of this body cannot "
                                              "be appointed again."),
                                            person_name (input, role), seat->name),
                           g_strdup (_("Appoint someone else to the seat, or allow re-appointment "
                                       "in the body’s seat rules.")));
                break;
              }
          }
    }
}

/* Parity and the regions' quotas, from the members on the date */
static void
check_members (const KonTermsInput *input,
               KonTermsDay         *day,
               GHashTable          *seat_by_uuid)
{
  const KonBody *body = input->body;
  g_autoptr(GHashTable) hf = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) municipal = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) quota = g_hash_table_new (g_str_hash, g_str_equal);         /* region → seats */
  g_autoptr(GHashTable) region_members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                                 (GDestroyNotify) g_hash_table_unref);
  gboolean seat_in_wrong_region = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < input->seats->len; i++)
    {
      const KonSeat *seat = g_ptr_array_index (input->seats, i);

      if (seat->kind == KON_ROLE_KIND_MEMBER && seat->side == KON_SIDE_MUNICIPAL && seat->region != NULL)
        g_hash_table_insert (quota, seat->region,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (quota, seat->region)) + 1));
    }

  for (guint i = 0; i < input->roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (input->roles, i);
      KonSide side;

      if (!is_member_kind (role->kind) || !kon_terms_role_active (role, &day->date))
        continue;

      side = kon_terms_role_side (input, role);
      if (side == KON_SIDE_HF)
        g_hash_table_add (hf, role->person_uuid);
      else if (side == KON_SIDE_MUNICIPAL)
        {
          const char *region = kon_terms_role_region (input, role);
          const KonSeat *seat = role->seat_uuid != NULL ? g_hash_table_lookup (seat_by_uuid, role->seat_uuid) : NULL;
          GHashTable *persons;

          g_hash_table_add (municipal, role->person_uuid);

          if (g_hash_table_size (quota) == 0)
            continue;

          if (region != NULL)
            {
              persons = g_hash_table_lookup (region_members, region);
              if (persons == NULL)
                {
                  persons = g_hash_table_new (g_str_hash, g_str_equal);
                  g_hash_table_insert (region_members, (gpointer) region, persons);
                }
              g_hash_table_add (persons, role->person_uuid);
            }

          if (seat != NULL && seat->region != NULL && g_strcmp0 (seat->region, region) != 0)
            {
              const KonPartner *partner = role_partner (input, role);

              seat_in_wrong_region = TRUE;
              add_break (day, KON_BREAK_REGION_QUOTA, seat, role,
                         region != NULL
                           /* TRANSLATORS: "Knut Ulvang (Vågan, Lofoten) holds “Salten 2”, a seat for Salten." */
                           ? g_strdup_printf (_("%s (%s, %s) holds “%s”, a seat for %s."),
                                              person_name (input, role),
                                              partner != NULL ? partner->short_name : "", region,
                                              seat->name, seat->region)
                           /* TRANSLATORS: "Knut Ulvang holds “Salten 2”, a seat for Salten, and comes from
                            * no region." */
                           : g_strdup_printf (_("%s holds “%s”, a seat for %s, and comes from no region."),
                                              person_name (input, role), seat->name, seat->region),
                         g_strdup_printf (_("Appoint a member from %s to “%s”, or move %s to a seat "
                                            "of their own region."),
                                          seat->region, seat->name, person_name (input, role)));
            }
        }
    }

  if (body->seats_per_side > 0 && g_hash_table_size (hf) != g_hash_table_size (municipal))
    {
      g_autofree char *hf_members = count_members (g_hash_table_size (hf));
      KonSide fewer = g_hash_table_size (hf) < g_hash_table_size (municipal) ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      gboolean seat_to_fill = FALSE;

      /* Filling a seat helps only where the side with fewer has one vacant */
      for (guint i = 0; i < day->seats->len && !seat_to_fill; i++)
        {
          const KonSeatStatus *status = &g_array_index (day->seats, KonSeatStatus, i);

          seat_to_fill = status->state == KON_SEAT_STATE_VACANT && status->seat->kind == KON_ROLE_KIND_MEMBER &&
                         status->seat->side == fewer;
        }

      add_break (day, KON_BREAK_PARITY, NULL, NULL,
               /* TRANSLATORS: "The hospital trust’s side has 7 members and the municipalities’ side 6:
                * the sides must be equal."; %s is "1 member", "7 members" */
               g_strdup_printf (_("The hospital trust’s side has %s and the municipalities’ "
                                  "side %u: the sides must be equal."),
                                hf_members, g_hash_table_size (municipal)),
               seat_to_fill
                 ? g_strdup_printf (_("Fill the vacant seats of %s, or end a term on %s."),
                                    side_phrase (fewer), side_phrase (other_side (fewer)))
                 /* TRANSLATORS: "End a term on the hospital trust’s side: the municipalities’ side has
                  * no vacant seat to fill." */
                 : g_strdup_printf (_("End a term on %s: %s has no vacant seat to fill."),
                                    side_phrase (other_side (fewer)), side_phrase (fewer)));
    }

  /* A seat held from the wrong region already says where the count is off */
  if (seat_in_wrong_region)
    return;

  g_hash_table_iter_init (&iter, region_members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint seats = GPOINTER_TO_UINT (g_hash_table_lookup (quota, key));
      guint members = g_hash_table_size (value);

      g_autofree char *counted = count_members (members);

      if (members > seats)
        add_break (day, KON_BREAK_REGION_QUOTA, NULL, NULL,
                   /* TRANSLATORS: "Lofoten has 3 members, and 2 seats."; the second %s is
                    * "1 member", "3 members" */
                   g_strdup_printf (ngettext ("%s has %s, and %u seat.",
                                              "%s has %s, and %u seats.", seats),
                                    (const char *) key, counted, seats),
                   g_strdup_printf (_("End the term of a member from %s, or give the member a seat "
                                      "of another region."), (const char *) key));
    }
}

static void
collect_kind (const KonTermsInput *input,
              const GDate         *first,
              const GDate         *last,
              KonRoleKind          kind,
              const KonRole      **out_role)
{
  *out_role = NULL;

  for (guint i = 0; i < input->roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (input->roles, i);

      if (role->kind != kind)
        continue;
      /* Overlaps [first, last] */
      if (g_date_valid (&role->to) && g_date_compare (&role->to, first) < 0)
        continue;
      if (g_date_valid (&role->from) && g_date_compare (&role->from, last) > 0)
        continue;

      /* The one holding the first day wins; else the earliest */
      if (*out_role == NULL ||
          (kon_terms_role_active (role, first) && !kon_terms_role_active (*out_role, first)) ||
          (kon_terms_role_active (role, first) == kon_terms_role_active (*out_role, first) &&
           begins_before (role, *out_role)))
        *out_role = role;
    }
}

/* The roles of @kind held on @date, one per person, the earliest begun
 * first */
static GPtrArray *
active_of_kind (const KonTermsInput *input,
                const GDate         *date,
                KonRoleKind          kind)
{
  GPtrArray *roles = g_ptr_array_new ();

  for (guint i = 0; i < input->roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (input->roles, i);
      gboolean counted = FALSE;
      guint at;

      if (role->kind != kind || !kon_terms_role_active (role, date))
        continue;

      for (guint j = 0; j < roles->len && !counted; j++)
        counted = g_strcmp0 (((const KonRole *) roles->pdata[j])->person_uuid, role->person_uuid) == 0;
      if (counted)
        continue;

      for (at = 0; at < roles->len && !begins_before (role, roles->pdata[at]); at++)
        ;
      g_ptr_array_insert (roles, (int) at, (gpointer) role);
    }

  return roles;
}

/* Leader and deputy leader: one of each, from the two sides, the leader
 * from the side that chairs by the rotation */
static void
check_chairs (const KonTermsInput *input,
              KonTermsDay         *day)
{
  const KonBody *body = input->body;
  g_autoptr(GPtrArray) leaders = active_of_kind (input, &day->date, KON_ROLE_KIND_LEADER);
  g_autoptr(GPtrArray) deputies = active_of_kind (input, &day->date, KON_ROLE_KIND_DEPUTY_LEADER);
  KonSide planned = kon_terms_rotation_side (body, &day->date);

  /* Only the rotation says a body must have a leader: before its first
   * day, or without a side to begin, it says nothing */
  if (leaders->len == 0)
    {
      if (planned != KON_SIDE_NONE)
        add_break (day, KON_BREAK_NO_CHAIR, NULL, NULL,
                   g_strdup (_("The body has no leader on this date.")),
                   /* TRANSLATORS: "By the rotation, the leader comes from the hospital trust’s side: …" */
                   g_strdup_printf (_("By the rotation, the leader comes from %s: add the leader’s role "
                                      "once the leader is elected."), side_phrase (planned)));
    }

  for (guint i = 1; i < leaders->len; i++)
    add_break (day, KON_BREAK_TWO_LEADERS, NULL, leaders->pdata[i],
               /* TRANSLATORS: "The body has 2 leaders on this date: Kari Holm and Ola Dahl." */
               g_strdup_printf (ngettext ("The body has %u leader on this date: %s and %s.",
                                          "The body has %u leaders on this date: %s and %s.",
                                          leaders->len),
                                leaders->len, person_name (input, leaders->pdata[0]),
                                person_name (input, leaders->pdata[i])),
               g_strdup (_("A body has one leader at a time: end one of the terms; where one follows "
                           "the other, end the earlier the day before the later begins.")));

  for (guint i = 1; i < deputies->len; i++)
    add_break (day, KON_BREAK_TWO_DEPUTY_LEADERS, NULL, deputies->pdata[i],
               /* TRANSLATORS: "The body has 2 deputy leaders on this date: Kari Holm and Ola Dahl." */
               g_strdup_printf (ngettext ("The body has %u deputy leader on this date: %s and %s.",
                                          "The body has %u deputy leaders on this date: %s and %s.",
                                          deputies->len),
                                deputies->len, person_name (input, deputies->pdata[0]),
                                person_name (input, deputies->pdata[i])),
               g_strdup (_("A body has one deputy leader at a time: end one of the terms; where one follows "
                           "the other, end the earlier the day before the later begins.")));

  for (guint i = 0; i < leaders->len; i++)
    {
      const KonRole *leader = leaders->pdata[i];
      KonSide leader_side = kon_terms_role_side (input, leader);

      if (leader_side == KON_SIDE_NONE)
        continue;

      for (guint j = 0; j < deputies->len; j++)
        {
          const KonRole *deputy = deputies->pdata[j];

          if (kon_terms_role_side (input, deputy) == leader_side)
            add_break (day, KON_BREAK_CHAIRS_SAME_SIDE, NULL, deputy,
                       /* TRANSLATORS: "The leader (Kari Holm) and the deputy leader (Ola Dahl) are both from
                        * the hospital trust’s side." */
                       g_strdup_printf (_("The leader (%s) and the deputy leader (%s) are both from %s."),
                                        person_name (input, leader), person_name (input, deputy),
                                        side_phrase (leader_side)),
                       g_strdup_printf (_("The deputy leader comes from the side that does not chair: "
                                          "choose one from %s."), side_phrase (other_side (leader_side))));
        }

      if (planned != KON_SIDE_NONE && leader_side != planned)
        add_break (day, KON_BREAK_CHAIR_OFF_ROTATION, NULL, leader,
                   /* TRANSLATORS: "By the rotation, the municipalities’ side chairs now, but the leader
                    * (Kari Holm) is from the hospital trust’s side." */
                   g_strdup_printf (_("By the rotation, %s chairs now, but the leader (%s) is from %s."),
                                    side_phrase (planned), person_name (input, leader), side_phrase (leader_side)),
                   g_strdup_printf (_("End the leader’s term where the period ends, and add the leader "
                                      "elected from %s."), side_phrase (planned)));
    }
}

/* The community's rule for every body: so many user (GP)
 * representatives */
static void
check_represented (const KonTermsInput *input,
                   KonTermsDay         *day,
                   KonRepresents        represents,
                   int                  wanted)
{
  g_autoptr(GHashTable) persons = NULL;
  guint n;

  if (wanted <= 0)
    return;

  persons = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < input->roles->len; i++)
    {
      const KonRole *role = g_ptr_array_index (input->roles, i);

      if (role->represents == represents && kon_terms_role_active (role, &day->date))
        g_hash_table_add (persons, role->person_uuid);
    }

  n = g_hash_table_size (persons);
  if (n >= (guint) wanted)
    return;

  if (represents == KON_REPRESENTS_USERS)
    add_break (day, KON_BREAK_TOO_FEW_REPRESENTED, NULL, NULL,
               /* TRANSLATORS: "The body has 1 user representatives; the community’s rule is 2 in every body." */
               g_strdup_printf (ngettext ("The body has %u user representative; the community’s rule is %d "
                                          "in every body.",
                                          "The body has %u user representatives; the community’s rule is %d "
                                          "in every body.", n),
                                n, wanted),
               g_strdup (_("Ask the user committee (brukerutvalget) to appoint the representatives "
                           "missing, and add their roles.")));
  else
    add_break (day, KON_BREAK_TOO_FEW_REPRESENTED, NULL, NULL,
               /* TRANSLATORS: "The body has 0 GP representatives; the community’s rule is 1 in every body." */
               g_strdup_printf (ngettext ("The body has %u GP representative; the community’s rule is %d "
                                          "in every body.",
                                          "The body has %u GP representatives; the community’s rule is %d "
                                          "in every body.", n),
                                n, wanted),
               g_strdup (_("Ask the GP committees to nominate the representatives missing, and add "
                           "their roles.")));
}

/* Public API */

/**
 * kon_terms_add_years:
 *
 * The same date @years on; 29 February in a year without one is 1 March.
 *
 * Returns: %FALSE when the result is out of range
 */
gboolean
kon_terms_add_years (const GDate *date,
                     guint        years,
                     GDate       *out_date)
{
  guint year;
  GDateMonth month;
  GDateDay day;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  year = g_date_get_year (date) + years;
  month = g_date_get_month (date);
  day = g_date_get_day (date);
  if (year > G_MAXUINT16)
    return FALSE;

  if (month == G_DATE_FEBRUARY && day == 29 && !g_date_is_leap_year ((GDateYear) year))
    {
      month = G_DATE_MARCH;
      day = 1;
    }

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, day, month, (GDateYear) year);
  return TRUE;
}

/**
 * kon_terms_last_day:
 *
 * The last day of a term of @years from @first: the day before the same
 * date @years on (kon_terms_add_years()).
 */
gboolean
kon_terms_last_day (const GDate *first,
                    guint        years,
                    GDate       *out_last)
{
  g_return_val_if_fail (years > 0, FALSE);

  if (!kon_terms_add_years (first, years, out_last))
    return FALSE;

  g_date_subtract_days (out_last, 1);
  return TRUE;
}

/* Whether @role is held on @date (first and last day included) */
gboolean
kon_terms_role_active (const KonRole *role,
                       const GDate   *date)
{
  g_return_val_if_fail (role != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (g_date_valid (&role->from) && g_date_compare (&role->from, date) > 0)
    return FALSE;
  if (g_date_valid (&role->to) && g_date_compare (&role->to, date) < 0)
    return FALSE;

  return TRUE;
}

/**
 * kon_terms_role_last_day:
 *
 * The last day of @role: its own, or for a role without one, the last day
 * of a term of @body's length from the role's first day.  A secretary
 * sits by their position, not for a term.
 *
 * Returns: %FALSE (and @out_last invalid) when the role has no end
 */
gboolean
kon_terms_role_last_day (const KonBody *body,
                         const KonRole *role,
                         GDate         *out_last)
{
  g_return_val_if_fail (role != NULL, FALSE);
  g_return_val_if_fail (out_last != NULL, FALSE);

  g_date_clear (out_last, 1);
  if (g_date_valid (&role->to))
    {
      *out_last = role->to;
      return TRUE;
    }

  if (body == NULL || body->term_years <= 0 || !g_date_valid (&role->from) ||
      role->kind == KON_ROLE_KIND_SECRETARY)
    return FALSE;

  if (!kon_terms_last_day (&role->from, (guint) body->term_years, out_last))
    {
      g_date_clear (out_last, 1);
      return FALSE;
    }

  return TRUE;
}

KonSide
kon_terms_role_side (const KonTermsInput *input,
                     const KonRole       *role)
{
  const KonPartner *partner;

  g_return_val_if_fail (input != NULL && role != NULL, KON_SIDE_NONE);

  if (role->side != KON_SIDE_NONE)
    return role->side;

  partner = role_partner (input, role);
  return partner != NULL ? partner->side : KON_SIDE_NONE;
}

const char *
kon_terms_role_region (const KonTermsInput *input,
                       const KonRole       *role)
{
  const KonPartner *partner;

  g_return_val_if_fail (input != NULL && role != NULL, NULL);

  partner = role_partner (input, role);
  return partner != NULL ? partner->region : NULL;
}

void
kon_terms_sort_seats (GPtrArray *seats)
{
  g_return_if_fail (seats != NULL);

  g_ptr_array_sort (seats, compare_seats);
}

/**
 * kon_terms_evaluate:
 * @warning_months: a term ending within so many months of @date is
 *   KON_SEAT_STATE_ENDING
 *
 * Returns: (transfer full): each seat's holder and state on @date, and
 *   the rules broken on it
 */
KonTermsDay *
kon_terms_evaluate (const KonTermsInput *input,
                    const GDate         *date,
                    guint                warning_months)
{
  g_autoptr(GPtrArray) seats = NULL;
  g_autoptr(GHashTable) seat_by_uuid = NULL;
  g_autoptr(GHashTable) roles_by_seat = NULL;
  KonTermsDay *day;

  g_return_val_if_fail (input != NULL && input->body != NULL, NULL);
  g_return_val_if_fail (input->seats != NULL && input->roles != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  day = g_new0 (KonTermsDay, 1);
  day->date = *date;
  day->seats = g_array_sized_new (FALSE, TRUE, sizeof (KonSeatStatus), input->seats->len);
  day->breaks = g_ptr_array_new_with_free_func ((GDestroyNotify) break_free);

  seats = g_ptr_array_sized_new (input->seats->len);
  seat_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < input->seats->len; i++)
    {
      KonSeat *seat = g_ptr_array_index (input->seats, i);

      g_ptr_array_add (seats, seat);
      g_hash_table_insert (seat_by_uuid, seat->uuid, seat);
    }
  kon_terms_sort_seats (seats);

  roles_by_seat = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < input->roles->len; i++)
    {
      KonRole *role = g_ptr_array_index (input->roles, i);
      GPtrArray *list;

      if (role->seat_uuid == NULL)
        continue;
      list = g_hash_table_lookup (roles_by_seat, role->seat_uuid);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (roles_by_seat, role->seat_uuid, list);
        }
      g_ptr_array_add (list, role);
    }

  for (guint i = 0; i < seats->len; i++)
    {
      const KonSeat *seat = g_ptr_array_index (seats, i);

      evaluate_seat (input, day, seat, g_hash_table_lookup (roles_by_seat, seat->uuid), warning_months);
    }

  check_terms (input, day, seat_by_uuid);
  check_members (input, day, seat_by_uuid);
  check_chairs (input, day);
  if (input->community != NULL)
    {
      check_represented (input, day, KON_REPRESENTS_USERS, input->community->user_representatives_per_body);
      check_represented (input, day, KON_REPRESENTS_GPS, input->community->gp_representatives_per_body);
    }

  return day;
}

void
kon_terms_day_free (KonTermsDay *day)
{
  if (day == NULL)
    return;

  g_array_unref (day->seats);
  g_ptr_array_unref (day->breaks);
  g_free (day);
}

/**
 * kon_terms_day_count_ending:
 *
 * Returns: how many seats' terms end within the warning window with no
 *   successor from the day after: nobody appointed, or the next term
 *   beginning after a gap
 */
guint
kon_terms_day_count_ending (const KonTermsDay *day)
{
  guint n = 0;

  g_return_val_if_fail (day != NULL, 0);

  for (guint i = 0; i < day->seats->len; i++)
    {
      const KonSeatStatus *status = &g_array_index (day->seats, KonSeatStatus, i);

      if (status->state == KON_SEAT_STATE_ENDING && status->needs_appointment)
        n++;
    }

  return n;
}

/* The first day of rotation period @index */
static gboolean
period_first (const KonBody *body,
              guint          index,
              GDate         *out_first)
{
  return kon_terms_add_years (&body->rotation_start, index * (guint) body->rotation_years, out_first);
}

/* The period that holds @date: its index, or FALSE before the first (and
 * for a body without a whole rotation: a first day, a length and a side) */
static gboolean
period_index (const KonBody *body,
              const GDate   *date,
              guint         *out_index)
{
  GDate first;
  guint index;
  int years;

  if (body->rotation_years <= 0 || !g_date_valid (&body->rotation_start) ||
      body->rotation_first_side == KON_SIDE_NONE || g_date_compare (date, &body->rotation_start) < 0)
    return FALSE;

  years = (int) g_date_get_year (date) - (int) g_date_get_year (&body->rotation_start);
  index = (guint) MAX (years / body->rotation_years, 0);

  /* The estimate from the years is one too many when @date is before the
   * anniversary of the start */
  while (index > 0 && (!period_first (body, index, &first) || g_date_compare (&first, date) > 0))
    index--;
  while (period_first (body, index + 1, &first) && g_date_compare (&first, date) <= 0)
    index++;

  *out_index = index;
  return TRUE;
}

KonSide
kon_terms_rotation_side (const KonBody *body,
                         const GDate   *date)
{
  guint index;

  g_return_val_if_fail (body != NULL, KON_SIDE_NONE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), KON_SIDE_NONE);

  if (!period_index (body, date, &index))
    return KON_SIDE_NONE;

  return index % 2 == 0 ? body->rotation_first_side : other_side (body->rotation_first_side);
}

static void
clear_period (KonRotationPeriod *period)
{
  g_free (period->warning);
}

/**
 * kon_terms_rotation_plan:
 *
 * Returns: (transfer full) (element-type KonRotationPeriod): the chair
 *   periods from the one that holds @from (or the first, when @from is
 *   before it) until @n_years after @from, each with the side that chairs,
 *   the leader and deputy leader in it where known, and a warning where
 *   they break the plan
 */
GArray *
kon_terms_rotation_plan (const KonTermsInput *input,
                         const GDate         *from,
                         guint                n_years)
{
  const KonBody *body;
  GArray *plan;
  GDate until;
  guint index = 0;

  g_return_val_if_fail (input != NULL && input->body != NULL && input->roles != NULL, NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);

  body = input->body;
  plan = g_array_new (FALSE, TRUE, sizeof (KonRotationPeriod));
  g_array_set_clear_func (plan, (GDestroyNotify) clear_period);

  if (body->rotation_years <= 0 || !g_date_valid (&body->rotation_start) ||
      body->rotation_first_side == KON_SIDE_NONE ||
      !kon_terms_add_years (from, n_years, &until))
    return plan;

  if (!period_index (body, from, &index))
    index = 0;

  for (;; index++)
    {
      KonRotationPeriod period = { 0 };
      KonSide leader_side, deputy_side;

      if (!period_first (body, index, &period.first) || g_date_compare (&period.first, &until) >= 0)
        break;
      if (!period_first (body, index + 1, &period.last))
        break;
      g_date_subtract_days (&period.last, 1);

      period.side = index % 2 == 0 ? body->rotation_first_side : other_side (body->rotation_first_side);
      collect_kind (input, &period.first, &period.last, KON_ROLE_KIND_LEADER, &period.leader);
      collect_kind (input, &period.first, &period.last, KON_ROLE_KIND_DEPUTY_LEADER, &period.deputy);

      leader_side = period.leader != NULL ? kon_terms_role_side (input, period.leader) : KON_SIDE_NONE;
      deputy_side = period.deputy != NULL ? kon_terms_role_side (input, period.deputy) : KON_SIDE_NONE;

      if (leader_side != KON_SIDE_NONE && leader_side != period.side)
        /* TRANSLATORS: "The leader (Kari Holm) is from the hospital trust’s side, but in this period
         * the municipalities’ side chairs." */
        period.warning = g_strdup_printf (_("The leader (%s) is from %s, but in this period %s chairs."),
                                          person_name (input, period.leader), side_phrase (leader_side),
                                          side_phrase (period.side));
      else if (deputy_side != KON_SIDE_NONE && deputy_side == period.side)
        /* TRANSLATORS: "The deputy leader (Ola Dahl) is from the side that chairs, the hospital trust’s side." */
        period.warning = g_strdup_printf (_("The deputy leader (%s) is from the side that chairs, %s."),
                                          person_name (input, period.deputy), side_phrase (period.side));

      g_array_append_val (plan, period);
    }

  return plan;
}

/**
 * kon_terms_rotation_period_describe:
 *
 * Returns: (transfer full): who is elected in @period, translated: the
 *   leader and the deputy leader, each where elected
 */
char *
kon_terms_rotation_period_describe (const KonTermsInput     *input,
                                    const KonRotationPeriod *period)
{
  g_return_val_if_fail (input != NULL && period != NULL, NULL);

  if (period->leader != NULL && period->deputy != NULL)
    return g_strdup_printf (_("Leader %s, deputy leader %s"),
                            person_name (input, period->leader), person_name (input, period->deputy));
  if (period->leader != NULL)
    return g_strdup_printf (_("Leader %s"), person_name (input, period->leader));
  if (period->deputy != NULL)
    /* TRANSLATORS: a chair period with a deputy leader elected and no leader yet */
    return g_strdup_printf (_("Deputy leader %s; the leader is not elected yet"),
                            person_name (input, period->deputy));

  return g_strdup (_("Not elected yet"));
}
