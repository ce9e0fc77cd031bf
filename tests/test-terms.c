/* test-terms.c: terms, seats and chair rotation, with dates worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kon-terms.h"

static void
set_date (GDate      *date,
          const char *dmy)
{
  guint d, m, y;

  g_date_clear (date, 1);
  if (dmy == NULL)
    return;
  g_assert_cmpint (sscanf (dmy, "%u.%u.%u", &d, &m, &y), ==, 3);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_assert_true (g_date_valid (date));
}

static char *
date_text (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("-");

  return g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

/* Dates */

static void
test_last_day (void)
{
  const struct {
    const char *first;
    guint       years;
    const char *last;
  } cases[] = {
    { "25.09.2025", 4, "24.09.2029" },   /* the demo's SSU terms */
    { "29.02.2024", 4, "28.02.2028" },   /* to a leap year: the day before 29.02 */
    { "29.02.2024", 2, "28.02.2026" },   /* no 29.02 in 2026: the anniversary is 01.03 */
    { "29.02.2024", 1, "28.02.2025" },
    { "29.02.2024", 3, "28.02.2027" },   /* 01.03.2027 is the anniversary */
    { "01.01.2024", 4, "31.12.2027" },
    { "01.03.2023", 1, "29.02.2024" },   /* ends on a leap day */
    { "28.02.2023", 1, "27.02.2024" },
    { "31.12.2025", 2, "30.12.2027" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate first, last;
      g_autofree char *text = NULL;

      set_date (&first, cases[i].first);
      g_assert_true (kon_terms_last_day (&first, cases[i].years, &last));
      text = date_text (&last);
      g_test_message ("%s + %u years: %s", cases[i].first, cases[i].years, text);
      g_assert_cmpstr (text, ==, cases[i].last);
    }
}

/* A role's last day: its own, or the body's term length's */
static void
test_role_last_day (void)
{
  const struct {
    int          term_years;
    const char  *from;
    const char  *to;
    KonRoleKind  kind;
    const char  *last;
  } cases[] = {
    { 4, "01.01.2024", "31.12.2030", KON_ROLE_KIND_MEMBER, "31.12.2030" },   /* its own, too long or not */
    { 3, "01.03.2024", NULL, KON_ROLE_KIND_MEMBER, "28.02.2027" },
    { 3, "29.02.2024", NULL, KON_ROLE_KIND_MEMBER, "28.02.2027" },
    { 4, "29.02.2024", NULL, KON_ROLE_KIND_MEMBER, "28.02.2028" },
    { 4, "01.01.2024", NULL, KON_ROLE_KIND_LEADER, "31.12.2027" },
    { 0, "01.03.2024", NULL, KON_ROLE_KIND_MEMBER, "-" },            /* no term length */
    { 4, NULL, NULL, KON_ROLE_KIND_MEMBER, "-" },                    /* no first day */
    { 4, "01.01.2024", NULL, KON_ROLE_KIND_SECRETARY, "-" },         /* by position */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KonBody) body = kon_body_new ();
      g_autoptr(KonRole) role = kon_role_new ();
      g_autofree char *text = NULL;
      GDate last;

      body->term_years = cases[i].term_years;
      role->kind = cases[i].kind;
      set_date (&role->from, cases[i].from);
      set_date (&role->to, cases[i].to);
      g_assert_cmpint (kon_terms_role_last_day (body, role, &last), ==, g_strcmp0 (cases[i].last, "-") != 0);
      text = date_text (&last);
      g_assert_cmpstr (text, ==, cases[i].last);
    }
}

static void
test_active (void)
{
  const struct {
    const char *from;
    const char *to;
    const char *date;
    gboolean    active;
  } cases[] = {
    { "01.01.2025", "31.12.2025", "01.01.2025", TRUE },    /* first day included */
    { "01.01.2025", "31.12.2025", "31.12.2025", TRUE },    /* last day included */
    { "01.01.2025", "31.12.2025", "31.12.2024", FALSE },
    { "01.01.2025", "31.12.2025", "01.01.2026", FALSE },
    { NULL, "31.12.2025", "01.01.1990", TRUE },            /* open start */
    { "01.01.2025", NULL, "01.01.2090", TRUE },            /* open end */
    { "01.01.2025", NULL, "31.12.2024", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KonRole) role = kon_role_new ();
      GDate date;

      set_date (&role->from, cases[i].from);
      set_date (&role->to, cases[i].to);
      set_date (&date, cases[i].date);
      g_assert_cmpint (kon_terms_role_active (role, &date), ==, cases[i].active);
    }
}

/* A small SSU: 2 seats per side, the municipal ones for Salten and
 * Lofoten, a required user representative, 4-year terms, the chair
 * rotating every 2 years from 01.01.2024, the municipalities first */

typedef struct
{
  KonCommunity *community;
  KonBody      *body;
  GPtrArray    *seats;
  GPtrArray    *roles;
  GHashTable   *partners;
  GHashTable   *persons;
  KonTermsInput input;
} Ssu;

static KonPartner *
add_partner (Ssu        *ssu,
             const char *name,
             KonSide     side,
             const char *region)
{
  KonPartner *partner = kon_partner_new ();

  g_free (partner->name);

  partner->name = g_strdup (name);
  g_free (partner->short_name);
  partner->short_name = g_strdup (name);
  partner->side = side;
  partner->region = g_strdup (region);
  g_hash_table_insert (ssu->partners, partner->uuid, partner);
  return partner;
}

static KonPerson *
add_person (Ssu              *ssu,
            const char       *name,
            const KonPartner *partner)
{
  KonPerson *person = kon_person_new ();

  g_free (person->name);
  person->name = g_strdup (name);
  person->partner_uuid = partner != NULL ? g_strdup (partner->uuid) : NULL;
  g_hash_table_insert (ssu->persons, person->uuid, person);
  return person;
}

static KonSeat *
add_seat (Ssu           *ssu,
          const char    *name,
          KonRoleKind    kind,
          KonSide        side,
          const char    *region,
          KonRepresents  represents,
          gboolean       required)
{
  KonSeat *seat = kon_seat_new ();

  g_free (seat->name);
  seat->name = g_strdup (name);
  g_free (seat->body_uuid);
  seat->body_uuid = g_strdup (ssu->body->uuid);
  seat->kind = kind;
  seat->side = side;
  seat->region = g_strdup (region);
  seat->represents = represents;
  seat->required = required;
  seat->appointed_by = required ? g_strdup ("Brukerutvalget") : NULL;
  seat->position = (int) ssu->seats->len;
  g_ptr_array_add (ssu->seats, seat);
  return seat;
}

static KonRole *
add_role (Ssu             *ssu,
          const KonPerson *person,
          const KonSeat   *seat,
          KonRoleKind      kind,
          const char      *from,
          const char      *to)
{
  KonRole *role = kon_role_new ();

  g_free (role->person_uuid);

  role->person_uuid = g_strdup (person->uuid);
  g_free (role->body_uuid);
  role->body_uuid = g_strdup (ssu->body->uuid);
  role->kind = kind;
  role->seat_uuid = seat != NULL ? g_strdup (seat->uuid) : NULL;
  if (seat != NULL && seat->represents != KON_REPRESENTS_NONE)
    role->represents = seat->represents;
  set_date (&role->from, from);
  set_date (&role->to, to);
  g_ptr_array_add (ssu->roles, role);
  return role;
}

typedef struct
{
  Ssu        ssu;
  KonPerson *a, *b, *c, *d, *e, *u;
  KonSeat   *hf1, *hf2, *salten, *lofoten, *users;
  KonRole   *role_a, *role_b, *role_c, *role_d, *role_u, *deputy_b;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  Ssu *ssu = &f->ssu;
  KonPartner *nlsh, *bodo, *vagan;

  ssu->community = kon_community_new ();
  ssu->body = kon_body_new ();
  g_free (ssu->body->name);
  ssu->body->name = g_strdup ("SSU");
  ssu->body->seats_per_side = 2;
  ssu->body->term_years = 4;
  ssu->body->rotation_years = 2;
  ssu->body->rotation_first_side = KON_SIDE_MUNICIPAL;
  set_date (&ssu->body->rotation_start, "01.01.2024");
  ssu->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_seat_free);
  ssu->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  ssu->partners = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kon_partner_free);
  ssu->persons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kon_person_free);

  nlsh = add_partner (ssu, "NLSH", KON_SIDE_HF, NULL);
  bodo = add_partner (ssu, "Bodø", KON_SIDE_MUNICIPAL, "Salten");
  vagan = add_partner (ssu, "Vågan", KON_SIDE_MUNICIPAL, "Lofoten");

  f->a = add_person (ssu, "Anne", nlsh);
  f->b = add_person (ssu, "Bjørn", nlsh);
  f->c = add_person (ssu, "Cecilie", bodo);
  f->d = add_person (ssu, "Dag", vagan);
  f->e = add_person (ssu, "Eli", vagan);
  f->u = add_person (ssu, "Ulf", NULL);

  f->hf1 = add_seat (ssu, "HF 1", KON_ROLE_KIND_MEMBER, KON_SIDE_HF, NULL, KON_REPRESENTS_NONE, FALSE);
  f->hf2 = add_seat (ssu, "HF 2", KON_ROLE_KIND_MEMBER, KON_SIDE_HF, NULL, KON_REPRESENTS_NONE, FALSE);
  f->salten = add_seat (ssu, "Salten 1", KON_ROLE_KIND_MEMBER, KON_SIDE_MUNICIPAL, "Salten", KON_REPRESENTS_NONE, FALSE);
  f->lofoten = add_seat (ssu, "Lofoten 1", KON_ROLE_KIND_MEMBER, KON_SIDE_MUNICIPAL, "Lofoten", KON_REPRESENTS_NONE, FALSE);
  f->users = add_seat (ssu, "Brukerrepresentant", KON_ROLE_KIND_OBSERVER, KON_SIDE_MUNICIPAL, NULL,
                       KON_REPRESENTS_USERS, TRUE);

  f->role_a = add_role (ssu, f->a, f->hf1, KON_ROLE_KIND_MEMBER, "01.01.2024", "31.12.2027");
  f->role_b = add_role (ssu, f->b, f->hf2, KON_ROLE_KIND_MEMBER, "01.01.2024", "31.12.2027");
  /* The municipal leader of 2024–2025 holds a member seat */
  f->role_c = add_role (ssu, f->c, f->salten, KON_ROLE_KIND_LEADER, "01.01.2024", "31.12.2025");
  f->role_d = add_role (ssu, f->d, f->lofoten, KON_ROLE_KIND_MEMBER, "01.01.2024", "31.12.2027");
  f->role_u = add_role (ssu, f->u, f->users, KON_ROLE_KIND_OBSERVER, "01.01.2024", "31.12.2027");
  f->deputy_b = add_role (ssu, f->b, NULL, KON_ROLE_KIND_DEPUTY_LEADER, "01.01.2024", "31.12.2025");

  ssu->input = (KonTermsInput) {
    .community = ssu->community,
    .body = ssu->body,
    .seats = ssu->seats,
    .roles = ssu->roles,
    .partners = ssu->partners,
    .persons = ssu->persons,
  };
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kon_community_free (f->ssu.community);
  kon_body_free (f->ssu.body);
  g_ptr_array_unref (f->ssu.seats);
  g_ptr_array_unref (f->ssu.roles);
  g_hash_table_unref (f->ssu.partners);
  g_hash_table_unref (f->ssu.persons);
}

static KonTermsDay *
evaluate (Fixture    *f,
          const char *dmy)
{
  GDate date;

  set_date (&date, dmy);
  return kon_terms_evaluate (&f->ssu.input, &date, 6);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The kinds of the breaks, sorted, as text: "PARITY REGION_QUOTA" */
static char *
break_kinds (KonTermsDay *day)
{
  static const char *names[] = {
    "PARITY", "REGION_QUOTA", "REQUIRED_VACANT", "TWO_HOLDERS", "TERM_TOO_LONG",
    "REAPPOINTED", "CHAIRS_SAME_SIDE", "NO_CHAIR", "CHAIR_OFF_ROTATION", "TOO_FEW_REPRESENTED",
    "TWO_LEADERS", "TWO_DEPUTY_LEADERS",
  };
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();

  for (guint i = 0; i < day->breaks->len; i++)
    {
      const KonBreak *brk = g_ptr_array_index (day->breaks, i);

      g_assert_cmpuint (brk->kind, <, G_N_ELEMENTS (names));
      /* Every break says what is wrong and what to do */
      g_assert_true (brk->message != NULL && *brk->message != '\0');
      g_assert_true (brk->advice != NULL && *brk->advice != '\0');
      g_test_message ("%s: %s %s", names[brk->kind], brk->message, brk->advice);
      g_ptr_array_add (kinds, (gpointer) names[brk->kind]);
    }
  g_ptr_array_sort (kinds, compare_names);
  g_ptr_array_add (kinds, NULL);

  return g_strjoinv (" ", (char **) kinds->pdata);
}

static const KonSeatStatus *
status_of (KonTermsDay   *day,
           const KonSeat *seat)
{
  for (guint i = 0; i < day->seats->len; i++)
    if (g_array_index (day->seats, KonSeatStatus, i).seat == seat)
      return &g_array_index (day->seats, KonSeatStatus, i);

  g_assert_not_reached ();
}

static void
test_fine (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(KonTermsDay) day = evaluate (f, "01.06.2024");
  g_autofree char *kinds = break_kinds (day);

  g_assert_cmpstr (kinds, ==, "");
  g_assert_cmpuint (day->seats->len, ==, 5);
  /* In the seats' order, each held */
  g_assert_true (g_array_index (day->seats, KonSeatStatus, 0).seat == f->hf1);
  g_assert_true (g_array_index (day->seats, KonSeatStatus, 4).seat == f->users);
  g_assert_true (status_of (day, f->hf1)->holder == f->role_a);
  g_assert_cmpint (status_of (day, f->hf1)->state, ==, KON_SEAT_STATE_FINE);
  g_assert_cmpint (status_of (day, f->salten)->state, ==, KON_SEAT_STATE_FINE);
}

/* A term ending within the warning window (6 months): 31.12.2027 is
 * within 6 months of 01.07.2027, not of 30.06.2027 */
static void
test_ending (Fixture       *f,
             gconstpointer  data)
{
  const struct {
    const char  *date;
    KonSeatState state;
  } cases[] = {
    { "30.06.2027", KON_SEAT_STATE_FINE },
    { "01.07.2027", KON_SEAT_STATE_ENDING },
    { "31.12.2027", KON_SEAT_STATE_ENDING },
    { "01.01.2028", KON_SEAT_STATE_VACANT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KonTermsDay) day = evaluate (f, cases[i].date);

      g_assert_cmpint (status_of (day, f->hf1)->state, ==, cases[i].state);
    }
}

/* A term ending the day before the next begins leaves no vacant day; two
 * days before, two */
static void
test_vacancy_days (Fixture       *f,
                   gconstpointer  data)
{
  const struct {
    const char *next_from;
    guint       vacant_days;
  } cases[] = {
    { "01.01.2028", 0 },
    { "03.01.2028", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KonRole *next = add_role (&f->ssu, f->e, f->hf1, KON_ROLE_KIND_MEMBER, cases[i].next_from, "31.12.2031");
      guint vacant = 0;
      GDate date;

      set_date (&date, "25.12.2027");
      for (guint d = 0; d < 14; d++, g_date_add_days (&date, 1))
        {
          g_autoptr(KonTermsDay) day = kon_terms_evaluate (&f->ssu.input, &date, 6);
          const KonSeatStatus *status = status_of (day, f->hf1);

          g_assert_cmpuint (status->n_holders, <=, 1);
          if (status->state == KON_SEAT_STATE_VACANT)
            {
              g_autofree char *next_text = date_text (&status->next_from);

              vacant++;
              g_assert_cmpstr (next_text, ==, cases[i].next_from);
            }
        }
      g_assert_cmpuint (vacant, ==, cases[i].vacant_days);
      g_ptr_array_remove (f->ssu.roles, next);
    }
}

/* The leader holds a member seat too: two roles of one person in one
 * seat are one holder, whose seat is free when the longer role ends */
static void
test_leader_and_member (Fixture       *f,
                        gconstpointer  data)
{
  KonRole *member = add_role (&f->ssu, f->c, f->salten, KON_ROLE_KIND_MEMBER, "01.01.2024", "31.12.2027");
  g_autoptr(KonTermsDay) day = evaluate (f, "01.06.2025");
  g_autofree char *kinds = break_kinds (day);
  g_autoptr(KonTermsDay) later = NULL;

  g_assert_cmpstr (kinds, ==, "");
  g_assert_cmpuint (status_of (day, f->salten)->n_holders, ==, 1);
  g_assert_true (status_of (day, f->salten)->holder == member);

  /* 01.07.2025: the leader's role ends within 6 months, the seat's not */
  g_clear_pointer (&day, kon_terms_day_free);
  day = evaluate (f, "01.07.2025");
  g_assert_cmpint (status_of (day, f->salten)->state, ==, KON_SEAT_STATE_FINE);

  later = evaluate (f, "01.01.2026");
  g_assert_true (status_of (later, f->salten)->holder == member);
}

typedef void (*Change) (Fixture *f);

static void
successor_day_after (Fixture *f)
{
  add_role (&f->ssu, f->e, f->hf1, KON_ROLE_KIND_MEMBER, "01.01.2028", "31.12.2031");
}

static void
successor_after_gap (Fixture *f)
{
  add_role (&f->ssu, f->e, f->hf1, KON_ROLE_KIND_MEMBER, "01.02.2028", "31.01.2032");
}

/* Eli holds the seat already, beside Anne (two holders) */
static void
successor_holds (Fixture *f)
{
  add_role (&f->ssu, f->e, f->hf1, KON_ROLE_KIND_MEMBER, "01.08.2027", "31.07.2031");
}

/* 3-year terms; Anne's from 01.03.2024 has no last day */
static void
three_years_no_end (Fixture *f)
{
  f->ssu.body->term_years = 3;
  set_date (&f->role_a->from, "01.03.2024");
  set_date (&f->role_a->to, NULL);
}

static void
leap_day_no_end (Fixture *f)
{
  set_date (&f->role_a->from, "29.02.2024");
  set_date (&f->role_a->to, NULL);
}

static void
leap_day_no_end_three_years (Fixture *f)
{
  leap_day_no_end (f);
  f->ssu.body->term_years = 3;
}

/* Cecilie is member of "Salten 1" 2024–2025, and leader in it from 2026 */
static void
member_then_leader (Fixture *f)
{
  f->role_c->kind = KON_ROLE_KIND_MEMBER;
  add_role (&f->ssu, f->c, f->salten, KON_ROLE_KIND_LEADER, "01.01.2026", "31.12.2027");
}

/* Cecilie is member of "Salten 1" 2024–2027, and leader in it 2026–2027 */
static void
leader_within_member_term (Fixture *f)
{
  set_date (&f->role_c->from, "01.01.2026");
  set_date (&f->role_c->to, "31.12.2027");
  add_role (&f->ssu, f->c, f->salten, KON_ROLE_KIND_MEMBER, "01.01.2024", "31.12.2027");
}

static void no_user_representative (Fixture *f);
static void user_representative_later (Fixture *f);

static const KonSeat *
seat_named (Fixture    *f,
            const char *name)
{
  for (guint i = 0; i < f->ssu.seats->len; i++)
    if (g_strcmp0 (((KonSeat *) f->ssu.seats->pdata[i])->name, name) == 0)
      return f->ssu.seats->pdata[i];

  g_assert_not_reached ();
}

/* Each seat's last day, next appointment, first vacant day and whether an
 * appointment is to be asked for, on dates worked out by hand (the
 * warning window is 6 months); and how many ending terms are reminded of
 * (the fixture's other terms end 31.12.2027) */
static void
test_seat_status (void)
{
  const struct {
    const char  *name;
    Change       change;
    const char  *date;
    const char  *seat;
    KonSeatState state;
    const char  *last;
    const char  *next_from;
    const char  *vacant_from;
    gboolean     needs_appointment;
    guint        n_ending;
  } cases[] = {
    { "ends, nobody next", NULL, "01.09.2027", "HF 1",
      KON_SEAT_STATE_ENDING, "31.12.2027", "-", "01.01.2028", TRUE, 4 },
    { "successor the day after", successor_day_after, "01.09.2027", "HF 1",
      KON_SEAT_STATE_ENDING, "31.12.2027", "01.01.2028", "01.01.2032", FALSE, 3 },
    /* Vacant 01.01.2028–31.01.2028: still to be asked for */
    { "successor after a gap", successor_after_gap, "01.09.2027", "HF 1",
      KON_SEAT_STATE_ENDING, "31.12.2027", "01.02.2028", "01.01.2028", TRUE, 4 },
    { "successor holds already", successor_holds, "01.09.2027", "HF 1",
      KON_SEAT_STATE_ENDING, "31.12.2027", "-", "01.08.2031", FALSE, 3 },
    /* 01.09.2026 + 6 months = 01.03.2027, after 28.02.2027 */
    { "no last day, 3 years, within the window", three_years_no_end, "01.09.2026", "HF 1",
      KON_SEAT_STATE_ENDING, "28.02.2027", "-", "01.03.2027", TRUE, 1 },
    /* 27.08.2026 + 6 months = 27.02.2027, before 28.02.2027 */
    { "no last day, 3 years, before the window", three_years_no_end, "27.08.2026", "HF 1",
      KON_SEAT_STATE_FINE, "28.02.2027", "-", "01.03.2027", FALSE, 0 },
    { "from 29.02.2024, no last day, 4 years", leap_day_no_end, "01.09.2027", "HF 1",
      KON_SEAT_STATE_ENDING, "28.02.2028", "-", "29.02.2028", TRUE, 4 },
    { "from 29.02.2024, no last day, 3 years", leap_day_no_end_three_years, "01.09.2026", "HF 1",
      KON_SEAT_STATE_ENDING, "28.02.2027", "-", "01.03.2027", TRUE, 1 },
    { "vacant, appointed later", user_representative_later, "01.06.2025", "Brukerrepresentant",
      KON_SEAT_STATE_VACANT, "-", "01.01.2026", "01.06.2025", FALSE, 0 },
    { "vacant, nobody appointed", no_user_representative, "01.06.2025", "Brukerrepresentant",
      KON_SEAT_STATE_VACANT, "-", "-", "01.06.2025", TRUE, 0 },
    /* Her leader's role carries the seat on from the day after */
    { "member, then leader in the seat", member_then_leader, "01.09.2025", "Salten 1",
      KON_SEAT_STATE_ENDING, "31.12.2025", "01.01.2026", "01.01.2028", FALSE, 0 },
    /* Her own leader's role within the term is no next appointment */
    { "leader within the member's term", leader_within_member_term, "01.09.2025", "Salten 1",
      KON_SEAT_STATE_FINE, "31.12.2027", "-", "01.01.2028", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f;
      g_autoptr(KonTermsDay) day = NULL;
      const KonSeatStatus *status;
      g_autofree char *last = NULL;
      g_autofree char *next_from = NULL;
      g_autofree char *vacant_from = NULL;

      g_test_message ("case: %s", cases[i].name);
      fixture_set_up (&f, NULL);
      if (cases[i].change != NULL)
        cases[i].change (&f);
      day = evaluate (&f, cases[i].date);
      status = status_of (day, seat_named (&f, cases[i].seat));
      last = date_text (&status->last);
      next_from = date_text (&status->next_from);
      vacant_from = date_text (&status->vacant_from);

      g_assert_cmpint (status->state, ==, cases[i].state);
      g_assert_cmpstr (last, ==, cases[i].last);
      g_assert_cmpstr (next_from, ==, cases[i].next_from);
      g_assert_cmpstr (vacant_from, ==, cases[i].vacant_from);
      g_assert_cmpint (status->needs_appointment, ==, cases[i].needs_appointment);
      g_assert_cmpuint (kon_terms_day_count_ending (day), ==, cases[i].n_ending);
      fixture_tear_down (&f, NULL);
    }
}

static void
no_user_representative (Fixture *f)
{
  g_ptr_array_remove (f->ssu.roles, f->role_u);
}

static void
lofoten_member_leaves (Fixture *f)
{
  set_date (&f->role_d->to, "31.12.2024");
}

static void
second_holder_in_lofoten (Fixture *f)
{
  add_role (&f->ssu, f->e, f->lofoten, KON_ROLE_KIND_MEMBER, "01.06.2025", "31.12.2027");
}

static void
lofoten_seat_for_salten (Fixture *f)
{
  g_free (f->lofoten->region);
  f->lofoten->region = g_strdup ("Salten");
}

static void
five_year_term (Fixture *f)
{
  set_date (&f->role_a->to, "31.12.2028");
}

static void
term_without_end (Fixture *f)
{
  set_date (&f->role_a->to, NULL);
}

static void
reappointed (Fixture *f)
{
  f->ssu.body->single_term = TRUE;
  add_role (&f->ssu, f->a, f->hf1, KON_ROLE_KIND_MEMBER, "01.01.2020", "31.12.2023");
}

static void
leader_only_member (Fixture *f)
{
  f->role_c->kind = KON_ROLE_KIND_MEMBER;
}

static void
deputy_from_municipalities (Fixture *f)
{
  g_free (f->deputy_b->person_uuid);
  f->deputy_b->person_uuid = g_strdup (f->d->uuid);
}

static void
leader_stays_on (Fixture *f)
{
  set_date (&f->role_c->to, "31.12.2027");
}

static void
two_user_representatives_everywhere (Fixture *f)
{
  f->ssu.community->user_representatives_per_body = 2;
}

/* A secretary sits by their position: no term, so no last day needed */
static void
secretary_in_seat (Fixture *f)
{
  KonSeat *seat = add_seat (&f->ssu, "Samhandlingsleder", KON_ROLE_KIND_OBSERVER, KON_SIDE_HF, NULL,
                            KON_REPRESENTS_SIDE, TRUE);

  add_role (&f->ssu, f->e, seat, KON_ROLE_KIND_SECRETARY, "01.01.2024", NULL);
}

/* Single term: Cecilie was a member 2022–2023 and is leader from 2024 in
 * the same seat; electing a member leader is no re-appointment */
static void
member_elected_leader (Fixture *f)
{
  f->ssu.body->single_term = TRUE;
  add_role (&f->ssu, f->c, f->salten, KON_ROLE_KIND_MEMBER, "01.01.2022", "31.12.2023");
}

/* Single term: Bjørn, a member from 01.01.2024, deputy leader in his
 * seat from 01.01.2025 */
static void
member_elected_deputy (Fixture *f)
{
  f->ssu.body->single_term = TRUE;
  g_free (f->deputy_b->seat_uuid);
  f->deputy_b->seat_uuid = g_strdup (f->hf2->uuid);
  set_date (&f->deputy_b->from, "01.01.2025");
}

/* Single term, and Cecilie appointed member again after her leader's
 * term: a member's second term is a re-appointment */
static void
member_again_after_member (Fixture *f)
{
  f->ssu.body->single_term = TRUE;
  f->role_c->kind = KON_ROLE_KIND_MEMBER;
  add_role (&f->ssu, f->c, f->salten, KON_ROLE_KIND_MEMBER, "01.01.2026", "31.12.2029");
}

/* Ulf, on the hospital trust's side and a member of no seat, is leader
 * beside Cecilie: two leaders, and a side with a member too many */
static void
second_leader_from_hf (Fixture *f)
{
  KonRole *leader = add_role (&f->ssu, f->u, NULL, KON_ROLE_KIND_LEADER, "01.01.2024", "31.12.2025");

  leader->side = KON_SIDE_HF;
}

/* Dag (municipal) is deputy leader beside Bjørn */
static void
second_deputy (Fixture *f)
{
  add_role (&f->ssu, f->d, NULL, KON_ROLE_KIND_DEPUTY_LEADER, "01.06.2024", "31.12.2025");
}

/* The rotation begins 25.09.2025, and nobody leads before */
static void
rotation_starts_later (Fixture *f)
{
  set_date (&f->ssu.body->rotation_start, "25.09.2025");
  f->role_c->kind = KON_ROLE_KIND_MEMBER;
}

/* A start and a length, but no first side: no rotation */
static void
rotation_without_first_side (Fixture *f)
{
  f->ssu.body->rotation_first_side = KON_SIDE_NONE;
  f->role_c->kind = KON_ROLE_KIND_MEMBER;
}

/* The user representative is appointed from 01.01.2026, none before */
static void
user_representative_later (Fixture *f)
{
  set_date (&f->role_u->from, "01.01.2026");
}

/* Ulf sits as an eighth hospital trust member without a seat: every
 * municipal seat is held */
static void
extra_hf_member (Fixture *f)
{
  KonRole *member = add_role (&f->ssu, f->u, NULL, KON_ROLE_KIND_MEMBER, "01.01.2024", "31.12.2027");

  member->side = KON_SIDE_HF;
}

static void
many_at_once (Fixture *f)
{
  no_user_representative (f);
  five_year_term (f);
  deputy_from_municipalities (f);
  lofoten_seat_for_salten (f);
}

static void
test_breaks (void)
{
  const struct {
    const char *name;
    Change      change;
    const char *date;
    const char *kinds;
    const char *says;       /* nullable: in a message or an advice */
    const char *not_says;   /* nullable: in none */
  } cases[] = {
    { "required observer missing", no_user_representative, "01.06.2025", "REQUIRED_VACANT",
      "Ask Brukerutvalget to appoint", NULL },
    /* Appointed from 01.01.2026: not to be asked for again */
    { "required observer appointed later", user_representative_later, "01.06.2025", "REQUIRED_VACANT",
      "vacant until 01.01.2026. The next appointment is already made.", "appoint someone" },
    { "parity", lofoten_member_leaves, "01.06.2025", "PARITY",
      "Fill the vacant seats of the municipalities’ side, or end a term on the hospital trust’s side.", NULL },
    /* No municipal seat is vacant: nothing to fill */
    { "parity, no seat to fill", extra_hf_member, "01.06.2025", "PARITY",
      "End a term on the hospital trust’s side", "Fill" },
    { "two holders (and so parity, quota)", second_holder_in_lofoten, "01.06.2025",
      "PARITY REGION_QUOTA TWO_HOLDERS" },
    { "region quota", lofoten_seat_for_salten, "01.06.2025", "REGION_QUOTA" },
    { "term too long", five_year_term, "01.06.2025", "TERM_TOO_LONG" },
    { "term without end", term_without_end, "01.06.2025", "TERM_TOO_LONG" },
    { "re-appointed", reappointed, "01.06.2025", "REAPPOINTED" },
    { "member elected leader, single term", member_elected_leader, "01.06.2025", "" },
    { "member elected deputy leader, single term", member_elected_deputy, "01.06.2025", "" },
    { "member again after a member's term, single term", member_again_after_member, "01.06.2026",
      "NO_CHAIR REAPPOINTED" },
    { "no chair", leader_only_member, "01.06.2025", "NO_CHAIR" },
    { "no chair before the rotation begins", rotation_starts_later, "01.01.2025", "" },
    { "no chair from the rotation's first day", rotation_starts_later, "25.09.2025", "NO_CHAIR" },
    { "no chair, rotation without a first side", rotation_without_first_side, "01.06.2025", "" },
    /* Ulf (HF) leads beside Cecilie: he breaks the rotation and shares
     * the deputy Bjørn's side; the hospital trust's side has 3 members */
    { "two leaders", second_leader_from_hf, "01.06.2025",
      "CHAIRS_SAME_SIDE CHAIR_OFF_ROTATION PARITY TWO_LEADERS",
      "The body has 2 leaders on this date: Cecilie and Ulf.", NULL },
    { "two deputy leaders", second_deputy, "01.06.2025", "CHAIRS_SAME_SIDE TWO_DEPUTY_LEADERS",
      "The body has 2 deputy leaders on this date: Bjørn and Dag.", NULL },
    { "chairs from one side", deputy_from_municipalities, "01.06.2025", "CHAIRS_SAME_SIDE" },
    /* From 01.01.2026 the hospital trust chairs; the municipal leader
     * staying on breaks the rotation (and no deputy is left) */
    { "off rotation", leader_stays_on, "01.06.2026", "CHAIR_OFF_ROTATION" },
    { "a secretary without last day", secretary_in_seat, "01.06.2025", "" },
    { "community rule", two_user_representatives_everywhere, "01.06.2025", "TOO_FEW_REPRESENTED" },
    { "combined", many_at_once, "01.06.2025",
      "CHAIRS_SAME_SIDE REGION_QUOTA REQUIRED_VACANT TERM_TOO_LONG" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f;
      g_autoptr(KonTermsDay) day = NULL;
      g_autofree char *kinds = NULL;

      g_test_message ("case: %s", cases[i].name);
      fixture_set_up (&f, NULL);
      cases[i].change (&f);
      day = evaluate (&f, cases[i].date);
      kinds = break_kinds (day);
      g_assert_cmpstr (kinds, ==, cases[i].kinds);
      if (cases[i].says != NULL || cases[i].not_says != NULL)
        {
          g_autoptr(GString) text = g_string_new ("");

          for (guint b = 0; b < day->breaks->len; b++)
            {
              const KonBreak *brk = g_ptr_array_index (day->breaks, b);

              g_string_append_printf (text, "%s %s\n", brk->message, brk->advice);
            }
          if (cases[i].says != NULL)
            g_assert_nonnull (strstr (text->str, cases[i].says));
          if (cases[i].not_says != NULL)
            g_assert_null (strstr (text->str, cases[i].not_says));
        }
      fixture_tear_down (&f, NULL);
    }
}

/* Rotation */

static void
test_rotation_side (void)
{
  const struct {
    const char *start;
    guint       years;
    const char *date;
    KonSide     side;
  } cases[] = {
    { "01.01.2024", 2, "31.12.2023", KON_SIDE_NONE },         /* before the first period */
    { "01.01.2024", 2, "01.01.2024", KON_SIDE_MUNICIPAL },
    { "01.01.2024", 2, "31.12.2025", KON_SIDE_MUNICIPAL },
    { "01.01.2024", 2, "01.01.2026", KON_SIDE_HF },
    { "01.01.2024", 2, "31.12.2027", KON_SIDE_HF },
    { "01.01.2024", 2, "01.01.2028", KON_SIDE_MUNICIPAL },
    { "01.01.2024", 2, "15.06.2047", KON_SIDE_HF },           /* 2046–2047: the 12th period */
    { "25.09.2025", 2, "24.09.2027", KON_SIDE_MUNICIPAL },    /* a start mid-year */
    { "25.09.2025", 2, "25.09.2027", KON_SIDE_HF },
    { "29.02.2024", 2, "28.02.2026", KON_SIDE_MUNICIPAL },    /* a start on a leap day */
    { "29.02.2024", 2, "01.03.2026", KON_SIDE_HF },
    { "29.02.2024", 2, "28.02.2028", KON_SIDE_HF },
    { "29.02.2024", 2, "29.02.2028", KON_SIDE_MUNICIPAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KonBody) body = kon_body_new ();
      GDate date;

      body->rotation_years = (int) cases[i].years;
      body->rotation_first_side = KON_SIDE_MUNICIPAL;
      set_date (&body->rotation_start, cases[i].start);
      set_date (&date, cases[i].date);
      g_test_message ("start %s, %s", cases[i].start, cases[i].date);
      g_assert_cmpint (kon_terms_rotation_side (body, &date), ==, cases[i].side);
    }
}

/* A rotation without its first day, length or first side is none */
static void
test_rotation_incomplete (void)
{
  const struct {
    const char *start;
    int         years;
    KonSide     first_side;
  } cases[] = {
    { "25.09.2025", 2, KON_SIDE_NONE },
    { "25.09.2025", 0, KON_SIDE_MUNICIPAL },
    { NULL, 2, KON_SIDE_MUNICIPAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KonBody) body = kon_body_new ();
      g_autoptr(GPtrArray) roles = g_ptr_array_new ();
      g_autoptr(GPtrArray) seats = g_ptr_array_new ();
      KonTermsInput input = { .body = body, .seats = seats, .roles = roles };
      g_autoptr(GArray) plan = NULL;
      GDate date;

      body->rotation_years = cases[i].years;
      body->rotation_first_side = cases[i].first_side;
      set_date (&body->rotation_start, cases[i].start);
      set_date (&date, "01.06.2026");
      g_assert_cmpint (kon_terms_rotation_side (body, &date), ==, KON_SIDE_NONE);
      plan = kon_terms_rotation_plan (&input, &date, 12);
      g_assert_cmpuint (plan->len, ==, 0);
    }
}

/* 2-year periods from 29.02.2024: each begins on the start's date 2, 4,
 * … years on, 01.03 in a year without 29.02, and ends the day before the
 * next begins */
static void
test_rotation_plan_leap_day (void)
{
  const struct {
    const char *first;
    const char *last;
    KonSide     side;
  } expected[] = {
    { "29.02.2024", "28.02.2026", KON_SIDE_MUNICIPAL },
    { "01.03.2026", "28.02.2028", KON_SIDE_HF },
    { "29.02.2028", "28.02.2030", KON_SIDE_MUNICIPAL },
    { "01.03.2030", "28.02.2032", KON_SIDE_HF },
    { "29.02.2032", "28.02.2034", KON_SIDE_MUNICIPAL },
    { "01.03.2034", "28.02.2036", KON_SIDE_HF },
    { "29.02.2036", "28.02.2038", KON_SIDE_MUNICIPAL },   /* begins before 01.03.2036, 12 years on */
  };
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autoptr(GPtrArray) seats = g_ptr_array_new ();
  KonTermsInput input = { .body = body, .seats = seats, .roles = roles };
  g_autoptr(GArray) plan = NULL;
  GDate from;

  body->rotation_years = 2;
  body->rotation_first_side = KON_SIDE_MUNICIPAL;
  set_date (&body->rotation_start, "29.02.2024");
  set_date (&from, "01.03.2024");
  plan = kon_terms_rotation_plan (&input, &from, 12);

  g_assert_cmpuint (plan->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < plan->len; i++)
    {
      const KonRotationPeriod *period = &g_array_index (plan, KonRotationPeriod, i);
      g_autofree char *first = date_text (&period->first);
      g_autofree char *last = date_text (&period->last);

      g_assert_cmpstr (first, ==, expected[i].first);
      g_assert_cmpstr (last, ==, expected[i].last);
      g_assert_cmpint (period->side, ==, expected[i].side);
    }
}

static void
no_deputy (Fixture *f)
{
  g_ptr_array_remove (f->ssu.roles, f->deputy_b);
}

/* Dag (municipal) is elected deputy for 2026–2027, when the hospital
 * trust chairs; its leader is not elected yet */
static void
deputy_elected_first (Fixture *f)
{
  add_role (&f->ssu, f->d, NULL, KON_ROLE_KIND_DEPUTY_LEADER, "01.01.2026", "31.12.2027");
}

/* Who is elected in the period holding the date: the deputy shown where
 * elected, also before the leader */
static void
test_rotation_elected (void)
{
  const struct {
    const char *name;
    Change      change;
    const char *from;
    gboolean    leader;
    gboolean    deputy;
    const char *text;
  } cases[] = {
    { "both", NULL, "01.06.2024", TRUE, TRUE, "Leader Cecilie, deputy leader Bjørn" },
    { "the leader", no_deputy, "01.06.2024", TRUE, FALSE, "Leader Cecilie" },
    { "the deputy, the leader a member", leader_only_member, "01.06.2024", FALSE, TRUE,
      "Deputy leader Bjørn; the leader is not elected yet" },
    { "the deputy elected first", deputy_elected_first, "01.06.2026", FALSE, TRUE,
      "Deputy leader Dag; the leader is not elected yet" },
    { "nobody", NULL, "01.06.2026", FALSE, FALSE, "Not elected yet" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f;
      g_autoptr(GArray) plan = NULL;
      g_autofree char *text = NULL;
      const KonRotationPeriod *period;
      GDate from;

      g_test_message ("case: %s", cases[i].name);
      fixture_set_up (&f, NULL);
      if (cases[i].change != NULL)
        cases[i].change (&f);
      set_date (&from, cases[i].from);
      plan = kon_terms_rotation_plan (&f.ssu.input, &from, 12);
      g_assert_cmpuint (plan->len, >, 0);
      period = &g_array_index (plan, KonRotationPeriod, 0);
      g_assert_cmpint (period->leader != NULL, ==, cases[i].leader);
      g_assert_cmpint (period->deputy != NULL, ==, cases[i].deputy);
      g_assert_null (period->warning);
      text = kon_terms_rotation_period_describe (&f.ssu.input, period);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_clear_pointer (&plan, g_array_unref);
      fixture_tear_down (&f, NULL);
    }
}

static void
test_rotation_plan (Fixture       *f,
                    gconstpointer  data)
{
  const struct {
    const char *first;
    const char *last;
    KonSide     side;
    gboolean    warning;
  } expected[] = {
    { "01.01.2026", "31.12.2027", KON_SIDE_HF, TRUE },          /* Cecilie stays on */
    { "01.01.2028", "31.12.2029", KON_SIDE_MUNICIPAL, FALSE },
    { "01.01.2030", "31.12.2031", KON_SIDE_HF, FALSE },
    { "01.01.2032", "31.12.2033", KON_SIDE_MUNICIPAL, FALSE },
    { "01.01.2034", "31.12.2035", KON_SIDE_HF, FALSE },
    { "01.01.2036", "31.12.2037", KON_SIDE_MUNICIPAL, FALSE },
    { "01.01.2038", "31.12.2039", KON_SIDE_HF, FALSE },
  };
  g_autoptr(GArray) plan = NULL;
  GDate from;

  leader_stays_on (f);
  set_date (&from, "15.06.2026");
  plan = kon_terms_rotation_plan (&f->ssu.input, &from, 12);

  g_assert_cmpuint (plan->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < plan->len; i++)
    {
      const KonRotationPeriod *period = &g_array_index (plan, KonRotationPeriod, i);
      g_autofree char *first = date_text (&period->first);
      g_autofree char *last = date_text (&period->last);

      g_assert_cmpstr (first, ==, expected[i].first);
      g_assert_cmpstr (last, ==, expected[i].last);
      g_assert_cmpint (period->side, ==, expected[i].side);
      g_assert_cmpint (period->warning != NULL, ==, expected[i].warning);
    }
  g_assert_true (g_array_index (plan, KonRotationPeriod, 0).leader == f->role_c);
  g_assert_null (g_array_index (plan, KonRotationPeriod, 1).leader);

  /* From before the first period: the first period first */
  g_clear_pointer (&plan, g_array_unref);
  set_date (&from, "01.06.2020");
  plan = kon_terms_rotation_plan (&f->ssu.input, &from, 12);
  g_assert_cmpuint (plan->len, >, 0);
  {
    g_autofree char *first = date_text (&g_array_index (plan, KonRotationPeriod, 0).first);

    g_assert_cmpstr (first, ==, "01.01.2024");
    g_assert_true (g_array_index (plan, KonRotationPeriod, 0).leader == f->role_c);
    g_assert_true (g_array_index (plan, KonRotationPeriod, 0).deputy == f->deputy_b);
    g_assert_null (g_array_index (plan, KonRotationPeriod, 0).warning);
  }

  /* No rotation: no plan */
  g_clear_pointer (&plan, g_array_unref);
  f->ssu.body->rotation_years = 0;
  plan = kon_terms_rotation_plan (&f->ssu.input, &from, 12);
  g_assert_cmpuint (plan->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The messages in English: the tests read only their kinds */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/terms/last-day", test_last_day);
  g_test_add_func ("/terms/role-last-day", test_role_last_day);
  g_test_add_func ("/terms/active", test_active);
  g_test_add ("/terms/fine", Fixture, NULL, fixture_set_up, test_fine, fixture_tear_down);
  g_test_add ("/terms/ending", Fixture, NULL, fixture_set_up, test_ending, fixture_tear_down);
  g_test_add ("/terms/vacancy-days", Fixture, NULL, fixture_set_up, test_vacancy_days, fixture_tear_down);
  g_test_add ("/terms/leader-and-member", Fixture, NULL, fixture_set_up, test_leader_and_member, fixture_tear_down);
  g_test_add_func ("/terms/seat-status", test_seat_status);
  g_test_add_func ("/terms/breaks", test_breaks);
  g_test_add_func ("/terms/rotation-side", test_rotation_side);
  g_test_add_func ("/terms/rotation-incomplete", test_rotation_incomplete);
  g_test_add_func ("/terms/rotation-plan-leap-day", test_rotation_plan_leap_day);
  g_test_add_func ("/terms/rotation-elected", test_rotation_elected);
  g_test_add ("/terms/rotation-plan", Fixture, NULL, fixture_set_up, test_rotation_plan, fixture_tear_down);

  return g_test_run ();
}
