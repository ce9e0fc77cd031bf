/* test-composition.c: the rules of who sits in a body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per case, each its own test (/composition/<name>): a body, the
 * community's rules, the roles (written out, or so many members per side
 * made up), the day, and the counts and warnings expected, in order.
 * Every row was worked out by hand from the rules in kon-composition.h.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kon-composition.h"

#define MAX_ROLES    12
#define MAX_WARNINGS 6

/* Partners the roles may name */
#define NO_PARTNER      0
#define PARTNER_HF      1     /* Nordlandssykehuset HF: the HF side */
#define PARTNER_BODO    2     /* Bodø kommune: the municipal side */
#define PARTNER_UNKNOWN 3     /* a UUID no partner has */

typedef struct
{
  const char    *person;      /* "": a role without a person; NULL: no more roles */
  KonRoleKind    kind;
  KonRepresents  represents;
  KonSide        side;        /* the role's own side */
  int            partner;
  const char    *from;        /* "dd.mm.yyyy" or NULL: open */
  const char    *to;
  gboolean       other_body;  /* a role in another body: never counted */
} RoleSpec;

typedef struct
{
  KonCompositionRule  rule;
  KonSide             side;
  guint               count;
  guint               required;
  const char         *message;   /* NULL: not checked */
} WarningSpec;

typedef struct
{
  const char     *name;
  KonBodyKind     kind;
  int             seats_per_side;
  const char     *deadline;            /* NULL: none */
  gboolean        has_community;
  int             users_rule;
  int             gps_rule;
  const char     *date;                /* NULL: every role, no deadline */
  guint           add_hf;              /* members made up per side, each */
  guint           add_municipal;       /*   a person of their own */
  RoleSpec        roles[MAX_ROLES];
  guint           n_hf, n_municipal, n_other, n_users, n_gps;
  WarningSpec     warnings[MAX_WARNINGS];   /* until rule is -1 (n_warnings) */
  guint           n_warnings;
} Row;

#define M   KON_ROLE_KIND_MEMBER
#define DEP KON_ROLE_KIND_DEPUTY
#define OBS KON_ROLE_KIND_OBSERVER
#define LDR KON_ROLE_KIND_LEADER
#define DLR KON_ROLE_KIND_DEPUTY_LEADER
#define SEC KON_ROLE_KIND_SECRETARY

#define R_NONE KON_REPRESENTS_NONE
#define R_PART KON_REPRESENTS_PARTNER
#define R_SIDE KON_REPRESENTS_SIDE
#define R_USER KON_REPRESENTS_USERS
#define R_GP   KON_REPRESENTS_GPS
#define R_EMPL KON_REPRESENTS_EMPLOYEES

#define S_NONE KON_SIDE_NONE
#define S_HF   KON_SIDE_HF
#define S_MUN  KON_SIDE_MUNICIPAL

#define UNEQUAL KON_COMPOSITION_UNEQUAL_SIDES
#define VACANT  KON_COMPOSITION_VACANT_SEATS
#define USERS   KON_COMPOSITION_USER_REPRESENTATIVES
#define GPS     KON_COMPOSITION_GP_REPRESENTATIVES
#define PAST    KON_COMPOSITION_PAST_DEADLINE

#define COUNCIL KON_BODY_KIND_COUNCIL
#define SSU     KON_BODY_KIND_SSU
#define SEKR    KON_BODY_KIND_SECRETARIAT
#define GROUP   KON_BODY_KIND_WORKING_GROUP

static const Row rows[] = {
  /* No rules: nothing to break, whoever sits there */
  { "no-rules/empty", COUNCIL, 0, NULL, FALSE, 0, 0, NULL, 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },
  { "no-rules/members", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 3, 1,
    { { "u", M, R_USER, S_NONE } },
    3, 1, 1, 1, 0, { { 0 } }, 0 },
  { "no-rules/community-without-rules", COUNCIL, 0, NULL, TRUE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE, S_NONE } },
    0, 0, 1, 0, 0, { { 0 } }, 0 },
  { "no-rules/deadline-without-date", GROUP, 0, "25.05.2021", FALSE, 0, 0, NULL, 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },

  /* Parity: exactly at the quota, one under, one over, on each side */
  { "parity/at-quota", SSU, 3, NULL, FALSE, 0, 0, NULL, 3, 3, { { NULL } },
    3, 3, 0, 0, 0, { { 0 } }, 0 },
  { "parity/ssu-seven-each", SSU, 7, NULL, FALSE, 0, 0, NULL, 7, 7, { { NULL } },
    7, 7, 0, 0, 0, { { 0 } }, 0 },
  { "parity/hf-one-under", SSU, 3, NULL, FALSE, 0, 0, NULL, 2, 3, { { NULL } },
    2, 3, 0, 0, 0,
    { { UNEQUAL, S_HF, 2, 3, "The sides are unequal: 2 members from the hospital trust, 3 from the municipalities." },
      { VACANT, S_HF, 2, 3, "Seats are vacant: 2 of 3 hospital trust seats and 3 of 3 municipal seats are filled." } }, 2 },
  { "parity/municipal-one-under", SSU, 3, NULL, FALSE, 0, 0, NULL, 3, 2, { { NULL } },
    3, 2, 0, 0, 0,
    { { UNEQUAL, S_MUN, 2, 3, NULL },
      { VACANT, S_MUN, 2, 3, "Seats are vacant: 3 of 3 hospital trust seats and 2 of 3 municipal seats are filled." } }, 2 },
  { "parity/hf-one-over", SSU, 3, NULL, FALSE, 0, 0, NULL, 4, 3, { { NULL } },
    4, 3, 0, 0, 0,
    { { UNEQUAL, S_MUN, 3, 4, "The sides are unequal: 4 members from the hospital trust, 3 from the municipalities." } }, 1 },
  { "parity/municipal-one-over", SSU, 3, NULL, FALSE, 0, 0, NULL, 3, 4, { { NULL } },
    3, 4, 0, 0, 0, { { UNEQUAL, S_HF, 3, 4, NULL } }, 1 },
  { "parity/both-one-over", SSU, 3, NULL, FALSE, 0, 0, NULL, 4, 4, { { NULL } },
    4, 4, 0, 0, 0, { { 0 } }, 0 },
  { "parity/both-one-under", SSU, 3, NULL, FALSE, 0, 0, NULL, 2, 2, { { NULL } },
    2, 2, 0, 0, 0, { { VACANT, S_NONE, 2, 3, NULL } }, 1 },
  { "parity/both-under-unequal", SSU, 3, NULL, FALSE, 0, 0, NULL, 1, 2, { { NULL } },
    1, 2, 0, 0, 0, { { UNEQUAL, S_HF, 1, 2, NULL }, { VACANT, S_NONE, 1, 3, NULL } }, 2 },
  { "parity/nobody", SSU, 7, NULL, FALSE, 0, 0, NULL, 0, 0, { { NULL } },
    0, 0, 0, 0, 0,
    { { VACANT, S_NONE, 0, 7, "Seats are vacant: 0 of 7 hospital trust seats and 0 of 7 municipal seats are filled." } }, 1 },
  { "parity/over-and-under", SSU, 3, NULL, FALSE, 0, 0, NULL, 4, 2, { { NULL } },
    4, 2, 0, 0, 0, { { UNEQUAL, S_MUN, 2, 4, NULL }, { VACANT, S_MUN, 2, 3, NULL } }, 2 },
  { "parity/no-rule-unequal", COUNCIL, 0, NULL, FALSE, 0, 0, NULL, 3, 5, { { NULL } },
    3, 5, 0, 0, 0, { { 0 } }, 0 },

  /* Who is a member of a side */
  { "members/leaders-count", SSU, 2, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "a", LDR, R_SIDE, S_HF }, { "b", M, R_SIDE, S_HF },
      { "c", DLR, R_SIDE, S_MUN }, { "d", M, R_SIDE, S_MUN } },
    2, 2, 0, 0, 0, { { 0 } }, 0 },
  { "members/no-seat-without-membership", SSU, 2, NULL, FALSE, 0, 0, NULL, 2, 1,
    { { "vara", DEP, R_SIDE, S_MUN }, { "obs", OBS, R_SIDE, S_MUN }, { "sekr", SEC, R_SIDE, S_MUN } },
    2, 1, 0, 0, 0, { { UNEQUAL, S_MUN, 1, 2, NULL }, { VACANT, S_MUN, 1, 2, NULL } }, 2 },
  { "members/person-counts-once", SSU, 2, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "a", LDR, R_SIDE, S_HF }, { "a", M, R_SIDE, S_HF }, { "b", M, R_SIDE, S_HF },
      { "c", M, R_SIDE, S_MUN }, { "d", M, R_SIDE, S_MUN } },
    2, 2, 0, 0, 0, { { 0 } }, 0 },
  { "members/partner-side-wins", SSU, 1, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "a", M, R_PART, S_MUN, PARTNER_HF }, { "b", M, R_PART, S_HF, PARTNER_BODO } },
    1, 1, 0, 0, 0, { { 0 } }, 0 },
  { "members/unknown-partner-own-side", SSU, 1, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "a", M, R_PART, S_MUN, PARTNER_UNKNOWN }, { "b", M, R_PART, S_NONE, PARTNER_UNKNOWN } },
    0, 1, 1, 0, 0, { { UNEQUAL, S_HF, 0, 1, NULL }, { VACANT, S_HF, 0, 1, NULL } }, 2 },
  { "members/side-ignored-unless-represented", SSU, 1, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "a", M, R_NONE, S_HF }, { "b", M, R_EMPL, S_MUN }, { "c", M, R_USER, S_HF } },
    0, 0, 3, 1, 0, { { VACANT, S_NONE, 0, 1, NULL } }, 1 },
  { "members/person-less-roles-count-each", COUNCIL, 0, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "", M, R_NONE, S_NONE }, { "", M, R_NONE, S_NONE } },
    0, 0, 2, 0, 0, { { 0 } }, 0 },
  { "members/other-body-ignored", SSU, 1, NULL, FALSE, 0, 0, NULL, 1, 0,
    { { "x", M, R_SIDE, S_MUN, NO_PARTNER, NULL, NULL, TRUE } },
    1, 0, 0, 0, 0, { { UNEQUAL, S_MUN, 0, 1, NULL }, { VACANT, S_MUN, 0, 1, NULL } }, 2 },

  /* User and GP representatives: at the rule, one under, one over */
  { "users/at-rule", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0,
    { { "u1", M, R_USER }, { "u2", M, R_USER } },
    0, 0, 2, 2, 0, { { 0 } }, 0 },
  { "users/one-under", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0,
    { { "u1", M, R_USER } },
    0, 0, 1, 1, 0, { { USERS, S_NONE, 1, 2, "Too few user representatives: 1, where the rule is 2." } }, 1 },
  { "users/one-over", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0,
    { { "u1", M, R_USER }, { "u2", M, R_USER }, { "u3", OBS, R_USER } },
    0, 0, 2, 3, 0, { { 0 } }, 0 },
  { "users/none", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { USERS, S_NONE, 0, 2, NULL } }, 1 },
  { "users/observer-counts", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0,
    { { "u1", M, R_USER }, { "u2", OBS, R_USER } },
    0, 0, 1, 2, 0, { { 0 } }, 0 },
  { "users/deputy-and-secretary-do-not", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0,
    { { "u1", M, R_USER }, { "u2", DEP, R_USER }, { "u3", SEC, R_USER } },
    0, 0, 1, 1, 0, { { USERS, S_NONE, 1, 2, NULL } }, 1 },
  { "users/person-counts-once", COUNCIL, 0, NULL, TRUE, 2, 0, NULL, 0, 0,
    { { "u1", M, R_USER }, { "u1", OBS, R_USER } },
    0, 0, 1, 1, 0, { { USERS, S_NONE, 1, 2, NULL } }, 1 },
  { "gps/at-rule", COUNCIL, 0, NULL, TRUE, 0, 1, NULL, 0, 0,
    { { "g1", OBS, R_GP } },
    0, 0, 0, 0, 1, { { 0 } }, 0 },
  { "gps/one-under", COUNCIL, 0, NULL, TRUE, 0, 1, NULL, 0, 0,
    { { "g1", DEP, R_GP } },
    0, 0, 0, 0, 0, { { GPS, S_NONE, 0, 1, "Too few GP representatives: 0, where the rule is 1." } }, 1 },
  { "gps/one-over", COUNCIL, 0, NULL, TRUE, 0, 1, NULL, 0, 0,
    { { "g1", M, R_GP }, { "g2", M, R_GP } },
    0, 0, 2, 0, 2, { { 0 } }, 0 },
  { "representatives/both-under", COUNCIL, 0, NULL, TRUE, 2, 1, NULL, 0, 0,
    { { "u1", M, R_USER } },
    0, 0, 1, 1, 0, { { USERS, S_NONE, 1, 2, NULL }, { GPS, S_NONE, 0, 1, NULL } }, 2 },
  { "representatives/secretariat-exempt", SEKR, 0, NULL, TRUE, 2, 1, NULL, 1, 1, { { NULL } },
    1, 1, 0, 0, 0, { { 0 } }, 0 },
  { "representatives/secretariat-keeps-parity", SEKR, 1, NULL, TRUE, 2, 1, NULL, 1, 0, { { NULL } },
    1, 0, 0, 0, 0, { { UNEQUAL, S_MUN, 0, 1, NULL }, { VACANT, S_MUN, 0, 1, NULL } }, 2 },
  { "representatives/no-community", COUNCIL, 0, NULL, FALSE, 2, 1, NULL, 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },

  /* Deadlines: the day itself is still in time */
  { "deadline/before", GROUP, 0, "25.05.2021", FALSE, 0, 0, "24.05.2021", 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },
  { "deadline/on-the-day", GROUP, 0, "25.05.2021", FALSE, 0, 0, "25.05.2021", 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },
  { "deadline/day-after", GROUP, 0, "25.05.2021", FALSE, 0, 0, "26.05.2021", 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { PAST, S_NONE, 1, 0, "The deadline 25.05.2021 has passed." } }, 1 },
  { "deadline/a-year-after", GROUP, 0, "25.05.2021", FALSE, 0, 0, "25.05.2022", 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { PAST, S_NONE, 365, 0, NULL } }, 1 },
  { "deadline/none", GROUP, 0, NULL, FALSE, 0, 0, "25.05.2022", 0, 0, { { NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },

  /* Roles by date: from and to are both days in force; open is open */
  { "dates/open", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE } },
    0, 0, 1, 0, 0, { { 0 } }, 0 },
  { "dates/ended-day-before", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE, S_NONE, NO_PARTNER, NULL, "31.05.2023" } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },
  { "dates/ends-on-the-day", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE, S_NONE, NO_PARTNER, NULL, "01.06.2023" } },
    0, 0, 1, 0, 0, { { 0 } }, 0 },
  { "dates/starts-on-the-day", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE, S_NONE, NO_PARTNER, "01.06.2023", NULL } },
    0, 0, 1, 0, 0, { { 0 } }, 0 },
  { "dates/starts-day-after", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE, S_NONE, NO_PARTNER, "02.06.2023", NULL } },
    0, 0, 0, 0, 0, { { 0 } }, 0 },
  { "dates/closed-around", COUNCIL, 0, NULL, FALSE, 0, 0, "01.06.2023", 0, 0,
    { { "a", M, R_NONE, S_NONE, NO_PARTNER, "23.09.2021", "22.09.2025" } },
    0, 0, 1, 0, 0, { { 0 } }, 0 },
  { "dates/no-date-counts-all", COUNCIL, 0, NULL, FALSE, 0, 0, NULL, 0, 0,
    { { "a", M, R_NONE, S_NONE, NO_PARTNER, NULL, "31.12.2000" },
      { "b", M, R_NONE, S_NONE, NO_PARTNER, "01.01.2100", NULL },
      { "c", M, R_NONE } },
    0, 0, 3, 0, 0, { { 0 } }, 0 },
  { "dates/ended-member-leaves-a-seat", SSU, 2, NULL, FALSE, 0, 0, "01.06.2023", 2, 1,
    { { "k2", M, R_SIDE, S_MUN, NO_PARTNER, NULL, "31.12.2022" } },
    2, 1, 0, 0, 0, { { UNEQUAL, S_MUN, 1, 2, NULL }, { VACANT, S_MUN, 1, 2, NULL } }, 2 },
  { "dates/representative-not-yet", COUNCIL, 0, NULL, TRUE, 1, 1, "01.06.2023", 0, 0,
    { { "u", M, R_USER, S_NONE, NO_PARTNER, "01.01.2024" },
      { "g", M, R_GP, S_NONE, NO_PARTNER, NULL, "01.06.2023" } },
    0, 0, 1, 0, 1, { { USERS, S_NONE, 0, 1, NULL } }, 1 },

  /* Everything at once, in the order of the rules */
  { "combined/all", GROUP, 2, "25.05.2021", TRUE, 2, 1, "01.06.2023", 1, 0,
    { { "g", DEP, R_GP } },
    1, 0, 0, 0, 0,
    { { UNEQUAL, S_MUN, 0, 1, NULL }, { VACANT, S_NONE, 0, 2, NULL },
      { USERS, S_NONE, 0, 2, NULL }, { GPS, S_NONE, 0, 1, NULL },
      { PAST, S_NONE, 737, 0, NULL } }, 5 },
  { "combined/parity-and-users", SSU, 7, NULL, TRUE, 2, 0, NULL, 7, 6,
    { { "u1", OBS, R_USER } },
    7, 6, 0, 1, 0,
    { { UNEQUAL, S_MUN, 6, 7, NULL }, { VACANT, S_MUN, 6, 7, NULL },
      { USERS, S_NONE, 1, 2, NULL } }, 3 },
};

static const char *partner_uuids[] = { NULL, "partner-nlsh", "partner-bodo", "partner-gone" };

/* Helpers */

static void
parse_day (const char *text,
           GDate      *date)
{
  guint d, m, y;

  g_date_clear (date, 1);
  if (text == NULL)
    return;
  g_assert_cmpint (sscanf (text, "%u.%u.%u", &d, &m, &y), ==, 3);
  g_date_set_dmy (date, d, m, y);
  g_assert_true (g_date_valid (date));
}

static KonRole *
make_role (const char    *body_uuid,
           const char    *person,
           KonRoleKind    kind,
           KonRepresents  represents,
           KonSide        side,
           int            partner)
{
  KonRole *role = kon_role_new ();

  g_free (role->person_uuid);
  role->person_uuid = person != NULL && *person != '\0' ? g_strdup (person) : NULL;
  g_free (role->body_uuid);
  role->body_uuid = g_strdup (body_uuid);
  role->kind = kind;
  role->represents = represents;
  role->side = side;
  role->partner_uuid = g_strdup (partner_uuids[partner]);

  return role;
}

static int
compare_roles_by_uuid (gconstpointer a,
                       gconstpointer b)
{
  const KonRole *x = *(KonRole * const *) a;
  const KonRole *y = *(KonRole * const *) b;

  return strcmp (x->uuid, y->uuid);
}

/* The test of one row */

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonCommunity) community = NULL;
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  g_autoptr(GHashTable) partners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KonPartner) nlsh = kon_partner_new ();
  g_autoptr(KonPartner) bodo = kon_partner_new ();
  g_autoptr(GArray) warnings = NULL;
  g_autoptr(GArray) checked = NULL;
  KonComposition composition = { 99, 99, 99, 99, 99 };
  GDate day;

  nlsh->side = KON_SIDE_HF;
  g_free (nlsh->uuid);
  nlsh->uuid = g_strdup (partner_uuids[PARTNER_HF]);
  bodo->side = KON_SIDE_MUNICIPAL;
  g_free (bodo->uuid);
  bodo->uuid = g_strdup (partner_uuids[PARTNER_BODO]);
  g_hash_table_insert (partners, nlsh->uuid, nlsh);
  g_hash_table_insert (partners, bodo->uuid, bodo);

  body->kind = row->kind;
  body->seats_per_side = row->seats_per_side;
  parse_day (row->deadline, &body->deadline);
  if (row->has_community)
    {
      community = kon_community_new ();
      community->user_representatives_per_body = row->users_rule;
      community->gp_representatives_per_body = row->gps_rule;
    }
  parse_day (row->date, &day);

  for (guint i = 0; i < row->add_hf; i++)
    {
      g_autofree char *person = g_strdup_printf ("hf-%u", i);

      g_ptr_array_add (roles, make_role (body->uuid, person, KON_ROLE_KIND_MEMBER,
                                         KON_REPRESENTS_SIDE, KON_SIDE_HF, NO_PARTNER));
    }
  for (guint i = 0; i < row->add_municipal; i++)
    {
      g_autofree char *person = g_strdup_printf ("k-%u", i);

      /* Half of them through their municipality */
      g_ptr_array_add (roles, make_role (body->uuid, person, KON_ROLE_KIND_MEMBER,
                                         i % 2 == 0 ? KON_REPRESENTS_SIDE : KON_REPRESENTS_PARTNER,
                                         KON_SIDE_MUNICIPAL, i % 2 == 0 ? NO_PARTNER : PARTNER_BODO));
    }
  for (guint i = 0; i < MAX_ROLES && row->roles[i].person != NULL; i++)
    {
      const RoleSpec *spec = &row->roles[i];
      KonRole *role = make_role (spec->other_body ? "another-body" : body->uuid, spec->person,
                                 spec->kind, spec->represents, spec->side, spec->partner);

      parse_day (spec->from, &role->from);
      parse_day (spec->to, &role->to);
      g_ptr_array_add (roles, role);
    }
  warnings = kon_composition_evaluate (body, (KonRole * const *) roles->pdata, roles->len,
                                       partners, community, row->date != NULL ? &day : NULL,
                                       &composition);

  g_assert_cmpuint (composition.n_hf, ==, row->n_hf);
  g_assert_cmpuint (composition.n_municipal, ==, row->n_municipal);
  g_assert_cmpuint (composition.n_other, ==, row->n_other);
  g_assert_cmpuint (composition.n_users, ==, row->n_users);
  g_assert_cmpuint (composition.n_gps, ==, row->n_gps);

  g_assert_nonnull (warnings);
  g_assert_cmpuint (warnings->len, ==, row->n_warnings);
  for (guint i = 0; i < row->n_warnings; i++)
    {
      const KonCompositionWarning *w = &g_array_index (warnings, KonCompositionWarning, i);
      const WarningSpec *want = &row->warnings[i];

      g_test_message ("warning %u: %s", i, w->message);
      g_assert_cmpint (w->rule, ==, want->rule);
      g_assert_cmpint (w->side, ==, want->side);
      g_assert_cmpuint (w->count, ==, want->count);
      g_assert_cmpuint (w->required, ==, want->required);
      g_assert_nonnull (w->message);
      g_assert_true (g_str_has_suffix (w->message, "."));
      if (want->message != NULL)
        g_assert_cmpstr (w->message, ==, want->message);
    }

  /* Counting and checking apart give the same; the order of the roles
   * does not matter */
  g_ptr_array_sort (roles, compare_roles_by_uuid);
  {
    KonComposition again = { 0, };

    kon_composition_count (body, (KonRole * const *) roles->pdata, roles->len, partners,
                           row->date != NULL ? &day : NULL, &again);
    g_assert_cmpmem (&again, sizeof again, &composition, sizeof composition);
    checked = kon_composition_check (body, &again, community, row->date != NULL ? &day : NULL);
    g_assert_cmpuint (checked->len, ==, warnings->len);
    for (guint i = 0; i < checked->len; i++)
      g_assert_cmpstr (g_array_index (checked, KonCompositionWarning, i).message, ==,
                       g_array_index (warnings, KonCompositionWarning, i).message);
  }
}

/* Roles without partners to look up, and with no roles at all */
static void
test_without_partners (void)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonRole) role = make_role (body->uuid, "a", KON_ROLE_KIND_MEMBER,
                                       KON_REPRESENTS_PARTNER, KON_SIDE_MUNICIPAL, PARTNER_HF);
  KonRole *roles[] = { role };
  KonComposition composition = { 0, };
  g_autoptr(GArray) none = NULL;

  kon_composition_count (body, roles, 1, NULL, NULL, &composition);
  g_assert_cmpuint (composition.n_municipal, ==, 1);
  g_assert_cmpuint (composition.n_hf, ==, 0);

  none = kon_composition_evaluate (body, NULL, 0, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_cmpint (kon_composition_role_side (role, NULL), ==, KON_SIDE_MUNICIPAL);
  role->represents = KON_REPRESENTS_USERS;
  g_assert_cmpint (kon_composition_role_side (role, NULL), ==, KON_SIDE_NONE);
}

/* Preconditions are checked, and say which */
static void
test_preconditions (void)
{
  if (g_test_subprocess ())
    {
      KonComposition composition = { 0, };

      g_assert_null (kon_composition_check (NULL, &composition, NULL, NULL));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*body != NULL*");
}

int
main (int   argc,
      char *argv[])
{
  /* The messages as written in the sources */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strconcat ("/composition/", rows[i].name, NULL);

      g_test_add_data_func (path, &rows[i], test_row);
    }
  g_test_add_func ("/composition/without-partners", test_without_partners);
  g_test_add_func ("/composition/preconditions", test_preconditions);

  return g_test_run ();
}
