/* test-org.c: the organisation model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "kon-exchange.h"
#include "kon-org.h"
#include "kon-store-private.h"
#include "kon-test-sqlite.h"
#include "kon-test-util.h"

typedef struct
{
  char     *dir;
  KonStore *store;
  GPtrArray *changed;   /* details of KonStore::changed, in order */
} Fixture;

static void
on_changed_cb (KonStore   *store,
               const char *table,
               const char *uuid,
               int         change,
               gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->changed, g_strdup (table));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("test-org-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "org.db", NULL);
  fixture->store = kon_store_open (path, &error);
  g_assert_no_error (error);
  fixture->changed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->store);
  g_ptr_array_unref (fixture->changed);
  kon_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Helpers */

static char *
row_json (const KonTable *table,
          gconstpointer   row)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = kon_table_row_to_json (table, row);

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

/* The same fields and uuid, and the revision the store gave it */
#define assert_rows_equal(table, a, b) \
  G_STMT_START { \
    g_autofree char *json_a = row_json ((table), (a)); \
    g_autofree char *json_b = row_json ((table), (b)); \
    g_assert_cmpstr (json_a, ==, json_b); \
    g_assert_true (kon_table_row_equal ((table), (a), (b))); \
    g_assert_cmpint (KON_ROW_REVISION (a), ==, KON_ROW_REVISION (b)); \
  } G_STMT_END

/* Restoring @snapshot (an undo) puts back exactly the tables of @before */
static void
assert_restores (KonStore    *store,
                 KonSnapshot *snapshot,
                 const char  *before)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_true (kon_org_restore (store, snapshot, &error));
  g_assert_no_error (error);
  after = kon_test_dump_tables (store);
  g_assert_cmpstr (before, ==, after);
}

static KonPartner *
add_partner (KonStore       *store,
             KonPartnerKind  kind,
             const char     *region,
             const char     *name,
             const char     *short_name,
             const char    **aliases)
{
  g_autoptr(GError) error = NULL;
  KonPartner *partner = kon_partner_new ();

  partner->kind = kind;
  partner->side = kind == KON_PARTNER_KIND_HELSEFORETAK ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
  partner->region = g_strdup (region);
  g_free (partner->name);
  partner->name = g_strdup (name);
  g_free (partner->short_name);
  partner->short_name = g_strdup (short_name);
  if (aliases != NULL)
    {
      g_strfreev (partner->aliases);
      partner->aliases = g_strdupv ((char **) aliases);
    }

  g_assert_true (kon_org_save_partner (store, partner, &error));
  g_assert_no_error (error);

  return partner;
}

static KonPerson *
add_person (KonStore   *store,
            const char *name,
            const char *title,
            const char *partner_uuid,
            const char *email)
{
  g_autoptr(GError) error = NULL;
  KonPerson *person = kon_person_new ();

  g_free (person->name);
  person->name = g_strdup (name);
  person->title = g_strdup (title);
  person->partner_uuid = g_strdup (partner_uuid);
  person->email = g_strdup (email);

  g_assert_true (kon_org_save_person (store, person, &error));
  g_assert_no_error (error);

  return person;
}

static KonBody *
add_body (KonStore    *store,
          KonBodyKind  kind,
          const char  *name,
          const char  *parent_uuid)
{
  g_autoptr(GError) error = NULL;
  KonBody *body = kon_body_new ();

  body->kind = kind;
  g_free (body->name);
  body->name = g_strdup (name);
  body->parent_uuid = g_strdup (parent_uuid);

  g_assert_true (kon_org_save_body (store, body, &error));
  g_assert_no_error (error);

  return body;
}

static KonRole *
add_role (KonStore      *store,
          const char    *person_uuid,
          const char    *body_uuid,
          KonRoleKind    kind,
          KonRepresents  represents,
          const char    *partner_uuid)
{
  g_autoptr(GError) error = NULL;
  KonRole *role = kon_role_new ();

  g_free (role->person_uuid);
  role->person_uuid = g_strdup (person_uuid);
  g_free (role->body_uuid);
  role->body_uuid = g_strdup (body_uuid);
  role->kind = kind;
  role->represents = represents;
  role->partner_uuid = g_strdup (partner_uuid);

  g_assert_true (kon_org_save_role (store, role, &error));
  g_assert_no_error (error);

  return role;
}

static void
assert_uuids (GPtrArray          *uuids,
              const char * const *expected)
{
  g_assert_nonnull (uuids);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_assert_cmpuint (i, <, uuids->len);
      g_assert_cmpstr (uuids->pdata[i], ==, expected[i]);
    }
  g_assert_cmpuint (uuids->len, ==, g_strv_length ((char **) expected));
}

/* Tests */

static void
test_community (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonCommunity) none = NULL;
  g_autoptr(KonCommunity) community = kon_community_new ();
  g_autoptr(KonCommunity) read = NULL;
  g_autoptr(KonCommunity) other = kon_community_new ();

  /* A new database has none, and that is not an error */
  none = kon_org_get_community (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_free (community->name);
  community->name = g_strdup ("Helsefellesskapet i Bergensområdet");
  community->user_representatives_per_body = 2;
  community->gp_representatives_per_body = 1;
  g_assert_true (kon_org_save_community (fixture->store, community, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->changed->pdata[0], ==, "community");

  read = kon_org_get_community (fixture->store, &error);
  g_assert_no_error (error);
  assert_rows_equal (&kon_community_table, community, read);

  /* One community per database: saving another replaces it */
  g_free (other->name);
  other->name = g_strdup ("Helsefellesskap Helgeland");
  g_assert_true (kon_org_save_community (fixture->store, other, &error));
  g_clear_pointer (&read, kon_community_free);
  read = kon_org_get_community (fixture->store, &error);
  assert_rows_equal (&kon_community_table, other, read);

  /* Counts out of range are refused */
  other->user_representatives_per_body = -1;
  g_assert_false (kon_org_save_community (fixture->store, other, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
}

static void
test_partner_crud (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const char *aliases[] = { "NLSH", "Nordlandssykehuset", "Nordlandssykehuset HF", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) nlsh = NULL;
  g_autoptr(KonPartner) read = NULL;
  g_autoptr(KonPartner) copy = NULL;
  g_autoptr(GPtrArray) partners = NULL;
  g_autofree char *missing = g_uuid_string_random ();

  nlsh = add_partner (fixture->store, KON_PARTNER_KIND_HELSEFORETAK, NULL,
                      "Nordlandssykehuset HF", "NLSH", aliases);
  g_assert_cmpstr (fixture->changed->pdata[0], ==, "partner");

  read = kon_org_get_partner (fixture->store, nlsh->uuid, &error);
  g_assert_no_error (error);
  assert_rows_equal (&kon_partner_table, nlsh, read);
  g_assert_cmpuint (g_strv_length (read->aliases), ==, 3);
  g_assert_cmpstr (read->aliases[1], ==, "Nordlandssykehuset");
  g_assert_null (read->region);
  g_assert_cmpint (read->side, ==, KON_SIDE_HF);

  /* Update by uuid: no second row */
  copy = kon_partner_copy (read);
  g_free (copy->region);
  copy->region = g_strdup ("Nordland");
  g_strfreev (copy->aliases);
  copy->aliases = g_new0 (char *, 1);
  g_assert_true (kon_org_save_partner (fixture->store, copy, &error));
  g_clear_pointer (&read, kon_partner_free);
  read = kon_org_get_partner (fixture->store, nlsh->uuid, &error);
  assert_rows_equal (&kon_partner_table, copy, read);
  g_assert_nonnull (read->aliases);
  g_assert_null (read->aliases[0]);

  partners = kon_org_list_partners (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partners->len, ==, 1);

  /* A partner needs a name and a side */
  g_free (copy->name);
  copy->name = g_strdup ("  ");
  g_assert_false (kon_org_save_partner (fixture->store, copy, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A UUID that is not there */
  g_assert_null (kon_org_get_partner (fixture->store, missing, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
}

static void
test_person_crud (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) bodo = NULL;
  g_autoptr(KonPerson) kari = NULL;
  g_autoptr(KonPerson) read = NULL;
  g_autoptr(KonPerson) stranger = kon_person_new ();
  g_autoptr(GPtrArray) persons = NULL;

  bodo = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Salten", "Bodø kommune", "Bodø", NULL);
  kari = add_person (fixture->store, "Kari Nordmann", "Kommunedirektør", bodo->uuid, "kari@example.no");

  read = kon_org_get_person (fixture->store, kari->uuid, &error);
  g_assert_no_error (error);
  assert_rows_equal (&kon_person_table, kari, read);
  g_assert_cmpstr (read->partner_uuid, ==, bodo->uuid);
  g_assert_null (read->phone);

  read->phone = g_strdup ("+47 75 00 00 00");
  g_assert_true (kon_org_save_person (fixture->store, read, &error));
  g_clear_pointer (&kari, kon_person_free);
  kari = kon_org_get_person (fixture->store, read->uuid, &error);
  g_assert_cmpstr (kari->phone, ==, "+47 75 00 00 00");

  persons = kon_org_list_persons (fixture->store, &error);
  g_assert_cmpuint (persons->len, ==, 1);

  /* A person from a partner that is not there is refused */
  g_free (stranger->name);
  stranger->name = g_strdup ("Ola Nordmann");
  stranger->partner_uuid = g_uuid_string_random ();
  g_assert_false (kon_org_save_person (fixture->store, stranger, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no longer there"));
  g_assert_cmpint (stranger->revision, ==, 0);
  g_clear_error (&error);

  g_free (stranger->name);
  stranger->name = g_strdup ("");
  g_assert_false (kon_org_save_person (fixture->store, stranger, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
}

static void
test_body_crud (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonBody) pm = NULL;
  g_autoptr(KonBody) ssu = NULL;
  g_autoptr(KonBody) ksu = NULL;
  g_autoptr(KonBody) dialog = NULL;
  g_autoptr(KonBody) read = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  const char *expected[5];

  pm = add_body (fixture->store, KON_BODY_KIND_PARTNERSKAPSMOTE, "Partnerskapsmøtet", NULL);
  ssu = add_body (fixture->store, KON_BODY_KIND_SSU, "Strategisk samarbeidsutvalg", pm->uuid);
  ksu = add_body (fixture->store, KON_BODY_KIND_WORKING_GROUP, "Klinisk samarbeidsutvalg", ssu->uuid);
  dialog = add_body (fixture->store, KON_BODY_KIND_DIALOGMOTE, "Dialogmøtet", NULL);

  /* Every field comes back */
  ksu->short_name = g_strdup ("KSU");
  ksu->mandate = g_strdup ("Forberede Partnerskapsmøtet 2021.");
  ksu->takes_decisions = FALSE;
  ksu->meetings_per_year = 6;
  ksu->is_public = TRUE;
  ksu->seats_per_side = 3;
  g_date_set_dmy (&ksu->deadline, 25, G_DATE_MAY, 2021);
  g_assert_true (kon_org_save_body (fixture->store, ksu, &error));
  g_assert_no_error (error);
  read = kon_org_get_body (fixture->store, ksu->uuid, &error);
  assert_rows_equal (&kon_body_table, ksu, read);
  g_assert_true (g_date_valid (&read->deadline));
  g_assert_cmpint (g_date_get_day (&read->deadline), ==, 25);

  /* Parents before children, siblings by name */
  bodies = kon_org_list_bodies (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 4);
  expected[0] = dialog->uuid;
  expected[1] = pm->uuid;
  expected[2] = ssu->uuid;
  expected[3] = ksu->uuid;
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (((KonBody *) bodies->pdata[i])->uuid, ==, expected[i]);

  /* No body under itself, directly or through its sub-bodies */
  g_free (pm->parent_uuid);
  pm->parent_uuid = g_strdup (ksu->uuid);
  g_assert_false (kon_org_save_body (fixture->store, pm, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (pm->parent_uuid);
  pm->parent_uuid = g_strdup (pm->uuid);
  g_assert_false (kon_org_save_body (fixture->store, pm, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Nor under its own direct sub-body, with a message that says why */
  g_free (ssu->parent_uuid);
  ssu->parent_uuid = g_strdup (ksu->uuid);
  g_assert_false (kon_org_save_body (fixture->store, ssu, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "own sub-bodies"));
  g_clear_error (&error);

  /* The refused saves changed nothing */
  g_clear_pointer (&read, kon_body_free);
  read = kon_org_get_body (fixture->store, pm->uuid, &error);
  g_assert_null (read->parent_uuid);
  g_assert_cmpint (read->revision, ==, 1);
  g_clear_pointer (&read, kon_body_free);
  read = kon_org_get_body (fixture->store, ssu->uuid, &error);
  g_assert_cmpstr (read->parent_uuid, ==, pm->uuid);
  g_assert_cmpint (read->revision, ==, 1);

  /* Moved elsewhere, it may go under its former sub-body's sibling */
  g_free (ssu->parent_uuid);
  ssu->parent_uuid = g_strdup (dialog->uuid);
  g_assert_true (kon_org_save_body (fixture->store, ssu, &error));
  g_assert_no_error (error);
}

/* A person search also finds the people of the partners that match
 * ("Bodø" lists Bodø's people), after the people who match themselves,
 * each group in rank order */
static void
test_search_persons_by_partner (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) bodo = NULL;
  g_autoptr(KonPartner) bo = NULL;
  g_autoptr(KonPartner) nlsh = NULL;
  g_autoptr(KonPerson) anne = NULL;
  g_autoptr(KonPerson) ase = NULL;
  g_autoptr(KonPerson) per = NULL;
  g_autoptr(KonPerson) ola = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;

  bodo = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Salten", "Bodø kommune", "Bodø", NULL);
  bo = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Vesterålen", "Bø kommune", "Bø", NULL);
  nlsh = add_partner (fixture->store, KON_PARTNER_KIND_HELSEFORETAK, NULL, "Nordlandssykehuset HF", "NLSH", NULL);

  /* Åse matches twice (name and title), Anne once, both from NLSH; Per
   * only through his partner.  By name the order would be Anne, Per, Åse. */
  ase = add_person (fixture->store, "Åse Bodø", "Bodø", nlsh->uuid, NULL);
  anne = add_person (fixture->store, "Anne Bodø", "Lege", nlsh->uuid, NULL);
  per = add_person (fixture->store, "Per Olsen", "Rådgiver", bodo->uuid, NULL);
  ola = add_person (fixture->store, "Ola Hansen", "Rådgiver", bo->uuid, NULL);

  hits = kon_org_search_persons (fixture->store, "Bodø", &error);
  g_assert_no_error (error);
  assert_uuids (hits, (const char *[]) { ase->uuid, anne->uuid, per->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* "Bø" is Bø, not Bodø: Bø's people, none of Bodø's */
  hits = kon_org_search_persons (fixture->store, "Bø", &error);
  g_assert_no_error (error);
  assert_uuids (hits, (const char *[]) { ola->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Every word must match */
  hits = kon_org_search_persons (fixture->store, "Bodø kommune", &error);
  assert_uuids (hits, (const char *[]) { per->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The partner renamed: its people follow */
  g_free (bodo->short_name);
  bodo->short_name = g_strdup ("Bodø by");
  g_free (bodo->name);
  bodo->name = g_strdup ("Bodø bykommune");
  g_assert_true (kon_org_save_partner (fixture->store, bodo, &error));
  g_assert_no_error (error);
  hits = kon_org_search_persons (fixture->store, "bykommune", &error);
  assert_uuids (hits, (const char *[]) { per->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Without the partner, Per is no longer found through it */
  snapshot = kon_org_delete (fixture->store, "partner", bodo->uuid, &error);
  g_assert_no_error (error);
  hits = kon_org_search_persons (fixture->store, "Bodø", &error);
  assert_uuids (hits, (const char *[]) { ase->uuid, anne->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_assert_true (kon_org_restore (fixture->store, snapshot, &error));
  g_assert_no_error (error);
  hits = kon_org_search_persons (fixture->store, "Bodø", &error);
  assert_uuids (hits, (const char *[]) { ase->uuid, anne->uuid, per->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  kon_test_assert_search_index_sound (fixture->store);
}

static void
test_role_crud (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) bodo = NULL;
  g_autoptr(KonPartner) nlsh = NULL;
  g_autoptr(KonPerson) kari = NULL;
  g_autoptr(KonPerson) anne = NULL;
  g_autoptr(KonPerson) per = NULL;
  g_autoptr(KonBody) ssu = NULL;
  g_autoptr(KonBody) pm = NULL;
  g_autoptr(KonRole) member = NULL;
  g_autoptr(KonRole) leader = NULL;
  g_autoptr(KonRole) observer = NULL;
  g_autoptr(KonRole) other = NULL;
  g_autoptr(KonRole) read = NULL;
  g_autoptr(KonRole) bad = NULL;
  g_autoptr(GPtrArray) roles = NULL;

  bodo = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Salten", "Bodø kommune", "Bodø", NULL);
  nlsh = add_partner (fixture->store, KON_PARTNER_KIND_HELSEFORETAK, NULL, "Nordlandssykehuset HF", "NLSH", NULL);
  kari = add_person (fixture->store, "Kari Nordmann", NULL, bodo->uuid, NULL);
  anne = add_person (fixture->store, "Anne Hansen", NULL, nlsh->uuid, NULL);
  per = add_person (fixture->store, "Per Olsen", NULL, NULL, NULL);
  ssu = add_body (fixture->store, KON_BODY_KIND_SSU, "SSU", NULL);
  pm = add_body (fixture->store, KON_BODY_KIND_PARTNERSKAPSMOTE, "Partnerskapsmøtet", NULL);

  member = add_role (fixture->store, kari->uuid, ssu->uuid, KON_ROLE_KIND_MEMBER,
                     KON_REPRESENTS_PARTNER, bodo->uuid);
  leader = add_role (fixture->store, anne->uuid, ssu->uuid, KON_ROLE_KIND_LEADER,
                     KON_REPRESENTS_PARTNER, nlsh->uuid);
  observer = add_role (fixture->store, per->uuid, ssu->uuid, KON_ROLE_KIND_OBSERVER,
                       KON_REPRESENTS_USERS, NULL);
  other = add_role (fixture->store, kari->uuid, pm->uuid, KON_ROLE_KIND_MEMBER,
                    KON_REPRESENTS_PARTNER, bodo->uuid);

  /* A role for a partner takes the partner's side */
  read = kon_org_get_role (fixture->store, member->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->side, ==, KON_SIDE_MUNICIPAL);
  g_assert_cmpstr (read->partner_uuid, ==, bodo->uuid);
  g_clear_pointer (&read, kon_role_free);
  read = kon_org_get_role (fixture->store, leader->uuid, &error);
  g_assert_cmpint (read->side, ==, KON_SIDE_HF);

  /* Dates */
  g_date_set_dmy (&read->from, 23, G_DATE_SEPTEMBER, 2021);
  g_date_set_dmy (&read->to, 22, G_DATE_SEPTEMBER, 2025);
  g_assert_true (kon_org_save_role (fixture->store, read, &error));
  g_clear_pointer (&leader, kon_role_free);
  leader = kon_org_get_role (fixture->store, read->uuid, &error);
  assert_rows_equal (&kon_role_table, read, leader);

  /* The leader first, then members, then observers */
  roles = kon_org_list_roles_of_body (fixture->store, ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, 3);
  g_assert_cmpstr (((KonRole *) roles->pdata[0])->uuid, ==, leader->uuid);
  g_assert_cmpstr (((KonRole *) roles->pdata[1])->uuid, ==, member->uuid);
  g_assert_cmpstr (((KonRole *) roles->pdata[2])->uuid, ==, observer->uuid);
  g_clear_pointer (&roles, g_ptr_array_unref);

  /* A person's roles, by body name */
  roles = kon_org_list_roles_of_person (fixture->store, kari->uuid, &error);
  g_assert_cmpuint (roles->len, ==, 2);
  g_assert_cmpstr (((KonRole *) roles->pdata[0])->uuid, ==, other->uuid);
  g_assert_cmpstr (((KonRole *) roles->pdata[1])->uuid, ==, member->uuid);

  /* What cannot be saved */
  bad = kon_role_copy (member);
  bad->represents = KON_REPRESENTS_PARTNER;
  g_clear_pointer (&bad->partner_uuid, g_free);
  g_assert_false (kon_org_save_role (fixture->store, bad, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);

  bad->represents = KON_REPRESENTS_SIDE;
  bad->side = KON_SIDE_NONE;
  g_assert_false (kon_org_save_role (fixture->store, bad, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);

  bad->represents = KON_REPRESENTS_NONE;
  g_date_set_dmy (&bad->from, 2, G_DATE_JANUARY, 2022);
  g_date_set_dmy (&bad->to, 1, G_DATE_JANUARY, 2022);
  g_assert_false (kon_org_save_role (fixture->store, bad, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Foreign keys: a role of a person or in a body that is not there */
  g_date_clear (&bad->to, 1);
  g_free (bad->person_uuid);
  bad->person_uuid = g_uuid_string_random ();
  g_assert_false (kon_org_save_role (fixture->store, bad, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no longer there"));
  g_clear_error (&error);

  g_free (bad->person_uuid);
  bad->person_uuid = g_strdup (kari->uuid);
  g_free (bad->body_uuid);
  bad->body_uuid = g_uuid_string_random ();
  g_assert_false (kon_org_save_role (fixture->store, bad, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no longer there"));
  g_clear_error (&error);

  /* None of that was written */
  g_clear_pointer (&roles, g_ptr_array_unref);
  roles = kon_org_list_roles_of_person (fixture->store, kari->uuid, &error);
  g_assert_cmpuint (roles->len, ==, 2);
}

/* Writing around the API (no rules checked first): the schema itself
 * refuses what is wrong */
typedef struct
{
  const KonTable *table;
  gpointer        row;
} RawWrite;

static gboolean
raw_write_cb (KonStore  *store,
              gpointer   user_data,
              GError   **error)
{
  RawWrite *write = user_data;

  return _kon_store_insert (store, write->table, write->row, NULL, NULL, error);
}

static gboolean
raw_write (KonStore       *store,
           const KonTable *table,
           gpointer        row,
           GError        **error)
{
  RawWrite write = { table, row };

  return kon_store_write (store, raw_write_cb, &write, error);
}

static void
test_schema_constraints (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(KonPerson) person = kon_person_new ();
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonRole) role = kon_role_new ();
  g_autoptr(KonPerson) kari = NULL;
  g_autoptr(KonBody) ssu = NULL;

  /* An empty name (CHECK) */
  g_assert_false (raw_write (fixture->store, &kon_partner_table, partner, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A person from a partner that is not there (FOREIGN KEY) */
  g_free (person->name);
  person->name = g_strdup ("Kari");
  person->partner_uuid = g_uuid_string_random ();
  g_assert_false (raw_write (fixture->store, &kon_person_table, person, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A body under a body that is not there */
  g_free (body->name);
  body->name = g_strdup ("SSU");
  body->parent_uuid = g_uuid_string_random ();
  g_assert_false (raw_write (fixture->store, &kon_body_table, body, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A role of a person that is not there */
  kari = add_person (fixture->store, "Kari", NULL, NULL, NULL);
  ssu = add_body (fixture->store, KON_BODY_KIND_SSU, "SSU", NULL);
  g_free (role->body_uuid);
  role->body_uuid = g_strdup (ssu->uuid);
  g_free (role->person_uuid);
  role->person_uuid = g_uuid_string_random ();
  g_assert_false (raw_write (fixture->store, &kon_role_table, role, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A role that represents a partner without naming one (CHECK) */
  g_free (role->person_uuid);
  role->person_uuid = g_strdup (kari->uuid);
  role->represents = KON_REPRESENTS_PARTNER;
  g_assert_false (raw_write (fixture->store, &kon_role_table, role, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* And the right one goes in */
  role->represents = KON_REPRESENTS_NONE;
  g_assert_true (raw_write (fixture->store, &kon_role_table, role, &error));
  g_assert_no_error (error);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  static const char *nlsh_aliases[] = { "NLSH", "Nordlandssykehuset", NULL };
  static const char *hamaroy_aliases[] = { "Hamarøy", "Hábmer", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) bo = NULL;
  g_autoptr(KonPartner) bodo = NULL;
  g_autoptr(KonPartner) bo_ring = NULL;
  g_autoptr(KonPartner) nlsh = NULL;
  g_autoptr(KonPartner) vagan = NULL;
  g_autoptr(KonPartner) vaksdal = NULL;
  g_autoptr(KonPartner) hamaroy = NULL;
  g_autoptr(KonPerson) kari = NULL;
  g_autoptr(KonPerson) asmund = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;

  bo = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Vesterålen", "Bø kommune", "Bø", NULL);
  bodo = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Salten", "Bodø kommune", "Bodø", NULL);
  bo_ring = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, NULL, "Bo kommune", "Bo", NULL);
  nlsh = add_partner (fixture->store, KON_PARTNER_KIND_HELSEFORETAK, NULL,
                      "Nordlandssykehuset HF", "Nordlandssykehuset", nlsh_aliases);
  vagan = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Lofoten", "Vågan kommune", "Vågan", NULL);
  vaksdal = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, NULL, "Vaksdal kommune", "Vaksdal", NULL);
  hamaroy = add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, "Salten", "Hamarøy kommune",
                         "Hamarøy", hamaroy_aliases);

  /* "Bø" finds Bø, not Bodø, not Bo; case does not matter */
  hits = kon_org_search_partners (fixture->store, "Bø", &error);
  g_assert_no_error (error);
  assert_uuids (hits, (const char *[]) { bo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_partners (fixture->store, "bø", &error);
  assert_uuids (hits, (const char *[]) { bo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* "Bo" is a prefix of Bo and Bodø, not of Bø */
  hits = kon_org_search_partners (fixture->store, "Bo", &error);
  assert_uuids (hits, (const char *[]) { bo_ring->uuid, bodo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_partners (fixture->store, "Bodø", &error);
  assert_uuids (hits, (const char *[]) { bodo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Å is not A */
  hits = kon_org_search_partners (fixture->store, "Vå", &error);
  assert_uuids (hits, (const char *[]) { vagan->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_partners (fixture->store, "Va", &error);
  assert_uuids (hits, (const char *[]) { vaksdal->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Aliases: the names people write in a chat */
  hits = kon_org_search_partners (fixture->store, "NLSH", &error);
  assert_uuids (hits, (const char *[]) { nlsh->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_partners (fixture->store, "hábm", &error);
  assert_uuids (hits, (const char *[]) { hamaroy->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_partners (fixture->store, "habm", &error);
  assert_uuids (hits, (const char *[]) { NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Every word must match; region counts */
  hits = kon_org_search_partners (fixture->store, "salten kommune", &error);
  assert_uuids (hits, (const char *[]) { bodo->uuid, hamaroy->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* FTS syntax in what the user types is just text */
  hits = kon_org_search_partners (fixture->store, "\"Bø\" OR NEAR(", &error);
  g_assert_no_error (error);
  assert_uuids (hits, (const char *[]) { NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_partners (fixture->store, "Bø -", &error);
  g_assert_no_error (error);
  assert_uuids (hits, (const char *[]) { bo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* An empty query: everybody, in display order */
  hits = kon_org_search_partners (fixture->store, "  ", &error);
  g_assert_cmpuint (hits->len, ==, 7);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The index follows edits and deletes */
  g_free (bodo->short_name);
  bodo->short_name = g_strdup ("Bodø by");
  g_free (bodo->name);
  bodo->name = g_strdup ("Bodø bykommune");
  g_assert_true (kon_org_save_partner (fixture->store, bodo, &error));
  hits = kon_org_search_partners (fixture->store, "bykommune", &error);
  assert_uuids (hits, (const char *[]) { bodo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = kon_org_search_partners (fixture->store, "Bodø kommune", &error);
  assert_uuids (hits, (const char *[]) { NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  snapshot = kon_org_delete (fixture->store, "partner", bo->uuid, &error);
  g_assert_no_error (error);
  hits = kon_org_search_partners (fixture->store, "Bø", &error);
  assert_uuids (hits, (const char *[]) { NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_assert_true (kon_org_restore (fixture->store, snapshot, &error));
  hits = kon_org_search_partners (fixture->store, "Bø", &error);
  assert_uuids (hits, (const char *[]) { bo->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);
  kon_test_assert_search_index_sound (fixture->store);

  /* Persons: name, title, e-mail */
  kari = add_person (fixture->store, "Kari Bø", "Kommunedirektør", bo->uuid, "kari.bo@bo.kommune.no");
  asmund = add_person (fixture->store, "Åsmund Bodøen", "Samhandlingssjef", nlsh->uuid, NULL);

  hits = kon_org_search_persons (fixture->store, "bø", &error);
  g_assert_no_error (error);
  assert_uuids (hits, (const char *[]) { kari->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_persons (fixture->store, "bod", &error);
  assert_uuids (hits, (const char *[]) { asmund->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_persons (fixture->store, "samhandling", &error);
  assert_uuids (hits, (const char *[]) { asmund->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_persons (fixture->store, "kari.bo@", &error);
  assert_uuids (hits, (const char *[]) { kari->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_persons (fixture->store, "A", &error);
  assert_uuids (hits, (const char *[]) { NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = kon_org_search_persons (fixture->store, "", &error);
  assert_uuids (hits, (const char *[]) { kari->uuid, asmund->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A person's edit: the new words are found, the old ones no longer */
  g_free (kari->title);
  kari->title = g_strdup ("Rådmann");
  g_assert_true (kon_org_save_person (fixture->store, kari, &error));
  g_assert_no_error (error);
  hits = kon_org_search_persons (fixture->store, "rådmann", &error);
  assert_uuids (hits, (const char *[]) { kari->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = kon_org_search_persons (fixture->store, "kommunedirektør", &error);
  assert_uuids (hits, (const char *[]) { NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Deleting a partner leaves its persons, and their index rows, alone */
  g_clear_pointer (&snapshot, kon_snapshot_free);
  snapshot = kon_org_delete (fixture->store, "partner", nlsh->uuid, &error);
  g_assert_no_error (error);
  hits = kon_org_search_persons (fixture->store, "samhandling", &error);
  assert_uuids (hits, (const char *[]) { asmund->uuid, NULL });
  g_clear_pointer (&hits, g_ptr_array_unref);

  kon_test_assert_search_index_sound (fixture->store);
}

static void
test_sorting (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const char *names[] = {
    /* as the locale sorts them: Æ Ø Å after Z, "Bodø" before "Bø" */
    "Andøy", "Bodø", "Bø", "Vågan", "Zeta", "Ærø", "Øksnes", "Ålesund", NULL
  };
  static const char *shuffled[] = {
    "Ålesund", "Øksnes", "Bø", "Zeta", "Andøy", "Ærø", "Vågan", "Bodø", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  const char *locale = setlocale (LC_COLLATE, NULL);
  g_autofree char *saved = g_strdup (locale);

  if (setlocale (LC_ALL, "nb_NO.UTF-8") == NULL)
    {
      /* ./build-aux/dev setup generates it */
      g_test_message ("the nb_NO.UTF-8 locale is missing: run ./build-aux/dev setup");
      g_test_fail ();
      return;
    }

  for (guint i = 0; shuffled[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s kommune", shuffled[i]);

      kon_partner_free (add_partner (fixture->store, KON_PARTNER_KIND_KOMMUNE, NULL, name, shuffled[i], NULL));
      kon_person_free (add_person (fixture->store, shuffled[i], NULL, NULL, NULL));
    }

  partners = kon_org_list_partners (fixture->store, &error);
  g_assert_no_error (error);
  persons = kon_org_list_persons (fixture->store, &error);
  hits = kon_org_search_persons (fixture->store, NULL, &error);
  g_assert_cmpuint (partners->len, ==, g_strv_length ((char **) names));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_cmpstr (((KonPartner *) partners->pdata[i])->short_name, ==, names[i]);
      g_assert_cmpstr (((KonPerson *) persons->pdata[i])->name, ==, names[i]);
      g_assert_cmpstr (hits->pdata[i], ==, ((KonPerson *) persons->pdata[i])->uuid);
    }

  setlocale (LC_ALL, saved);
}

/* Deleting and Undo */

typedef struct
{
  KonPartner *bodo;
  KonPartner *nlsh;
  KonPerson  *kari;
  KonPerson  *anne;
  KonBody    *pm;
  KonBody    *ssu;
  KonBody    *ksu;
  KonBody    *group;
  KonRole    *kari_ssu;
  KonRole    *kari_pm;
  KonRole    *anne_ssu;
  KonRole    *anne_ksu;
} Org;

static void
org_build (KonStore *store,
           Org      *org)
{
  org->bodo = add_partner (store, KON_PARTNER_KIND_KOMMUNE, "Salten", "Bodø kommune", "Bodø", NULL);
  org->nlsh = add_partner (store, KON_PARTNER_KIND_HELSEFORETAK, NULL, "Nordlandssykehuset HF", "NLSH", NULL);
  org->kari = add_person (store, "Kari Nordmann", "Kommunedirektør", org->bodo->uuid, NULL);
  org->anne = add_person (store, "Anne Hansen", NULL, org->bodo->uuid, NULL);
  org->pm = add_body (store, KON_BODY_KIND_PARTNERSKAPSMOTE, "Partnerskapsmøtet", NULL);
  org->ssu = add_body (store, KON_BODY_KIND_SSU, "SSU", org->pm->uuid);
  org->ksu = add_body (store, KON_BODY_KIND_WORKING_GROUP, "KSU", org->ssu->uuid);
  org->group = add_body (store, KON_BODY_KIND_WORKING_GROUP, "Arbeidsgruppe for avtaler", org->ssu->uuid);
  org->kari_ssu = add_role (store, org->kari->uuid, org->ssu->uuid, KON_ROLE_KIND_MEMBER,
                            KON_REPRESENTS_PARTNER, org->bodo->uuid);
  org->kari_pm = add_role (store, org->kari->uuid, org->pm->uuid, KON_ROLE_KIND_MEMBER,
                           KON_REPRESENTS_PARTNER, org->bodo->uuid);
  org->anne_ssu = add_role (store, org->anne->uuid, org->ssu->uuid, KON_ROLE_KIND_OBSERVER,
                            KON_REPRESENTS_USERS, NULL);
  org->anne_ksu = add_role (store, org->anne->uuid, org->ksu->uuid, KON_ROLE_KIND_MEMBER,
                            KON_REPRESENTS_NONE, NULL);
}

static void
org_clear (Org *org)
{
  kon_partner_free (org->bodo);
  kon_partner_free (org->nlsh);
  kon_person_free (org->kari);
  kon_person_free (org->anne);
  kon_body_free (org->pm);
  kon_body_free (org->ssu);
  kon_body_free (org->ksu);
  kon_body_free (org->group);
  kon_role_free (org->kari_ssu);
  kon_role_free (org->kari_pm);
  kon_role_free (org->anne_ssu);
  kon_role_free (org->anne_ksu);
}

static gboolean
role_exists (KonStore   *store,
             const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonRole) role = kon_org_get_role (store, uuid, &error);

  return role != NULL;
}

static void
test_delete_person (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *before = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  Org org;

  org_build (fixture->store, &org);

  /* An export marks every row as exchanged: Undo must keep that too */
  exported = kon_exchange_export (fixture->store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  before = kon_test_dump_tables (fixture->store);

  description = kon_org_describe_delete (fixture->store, "person", org.kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (description, ==, "The person’s 2 roles are deleted too.");

  g_ptr_array_set_size (fixture->changed, 0);
  snapshot = kon_org_delete (fixture->store, "person", org.kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->changed, "person", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->changed, "role", g_str_equal, NULL));

  g_assert_null (kon_org_get_person (fixture->store, org.kari->uuid, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (role_exists (fixture->store, org.kari_ssu->uuid));
  g_assert_false (role_exists (fixture->store, org.kari_pm->uuid));
  g_assert_true (role_exists (fixture->store, org.anne_ssu->uuid));

  /* Undo puts back exactly what was there */
  assert_restores (fixture->store, snapshot, before);

  /* A person with no roles: nothing else goes */
  roles = kon_org_list_roles_of_person (fixture->store, org.anne->uuid, &error);
  g_assert_cmpuint (roles->len, ==, 2);
  g_clear_pointer (&description, g_free);
  description = kon_org_describe_delete (fixture->store, "role", org.anne_ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (description);

  org_clear (&org);
}

static void
test_delete_partner (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autofree char *before = NULL;
  g_autofree char *description = NULL;
  g_autoptr(KonPerson) kari = NULL;
  Org org;

  org_build (fixture->store, &org);
  before = kon_test_dump_tables (fixture->store);

  description = kon_org_describe_delete (fixture->store, "partner", org.bodo->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (description, ==,
                   "2 roles that represent the partner are deleted with it. "
                   "2 persons who come from the partner are kept, without a partner.");

  g_clear_pointer (&description, g_free);
  description = kon_org_describe_delete (fixture->store, "partner", org.nlsh->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (description);

  snapshot = kon_org_delete (fixture->store, "partner", org.bodo->uuid, &error);
  g_assert_no_error (error);

  /* The persons stay, without the partner (ON DELETE SET NULL) */
  kari = kon_org_get_person (fixture->store, org.kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (kari->partner_uuid);
  g_assert_false (role_exists (fixture->store, org.kari_ssu->uuid));
  g_assert_false (role_exists (fixture->store, org.kari_pm->uuid));
  g_assert_true (role_exists (fixture->store, org.anne_ssu->uuid));

  assert_restores (fixture->store, snapshot, before);

  /* Restoring twice changes nothing more: the rows are there already,
   * and are kept as they are */
  g_assert_false (kon_org_restore (fixture->store, snapshot, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  {
    g_autofree char *after = kon_test_dump_tables (fixture->store);

    g_assert_cmpstr (before, ==, after);
  }

  org_clear (&org);
}

static void
test_delete_body (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonSnapshot) top_snapshot = NULL;
  g_autofree char *before = NULL;
  g_autofree char *description = NULL;
  g_autoptr(KonBody) ksu = NULL;
  g_autoptr(KonBody) ssu = NULL;
  Org org;

  org_build (fixture->store, &org);
  before = kon_test_dump_tables (fixture->store);

  description = kon_org_describe_delete (fixture->store, "body", org.ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (description, ==,
                   "The 2 roles in the body are deleted too. "
                   "Its 2 sub-bodies are kept, and move up under “Partnerskapsmøtet”.");

  snapshot = kon_org_delete (fixture->store, "body", org.ssu->uuid, &error);
  g_assert_no_error (error);

  /* The sub-bodies move up, with their roles */
  ksu = kon_org_get_body (fixture->store, org.ksu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ksu->parent_uuid, ==, org.pm->uuid);
  g_assert_true (role_exists (fixture->store, org.anne_ksu->uuid));
  g_assert_false (role_exists (fixture->store, org.kari_ssu->uuid));
  g_assert_false (role_exists (fixture->store, org.anne_ssu->uuid));
  g_assert_true (role_exists (fixture->store, org.kari_pm->uuid));

  assert_restores (fixture->store, snapshot, before);

  /* A top-level body: its sub-bodies move to the top level */
  g_clear_pointer (&description, g_free);
  description = kon_org_describe_delete (fixture->store, "body", org.pm->uuid, &error);
  g_assert_cmpstr (description, ==,
                   "The 1 role in the body is deleted too. "
                   "Its 1 sub-body is kept, and moves up to the top level.");
  top_snapshot = kon_org_delete (fixture->store, "body", org.pm->uuid, &error);
  g_assert_no_error (error);
  ssu = kon_org_get_body (fixture->store, org.ssu->uuid, &error);
  g_assert_null (ssu->parent_uuid);
  assert_restores (fixture->store, top_snapshot, before);

  /* Deleting what is not there */
  {
    g_autofree char *missing = g_uuid_string_random ();
    g_autoptr(KonSnapshot) none = kon_org_delete (fixture->store, "body", missing, &error);

    g_assert_null (none);
    g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  }

  org_clear (&org);
}

/* A seat's appointments are kept without it, and Undo gives it back */
static void
test_delete_seat (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonSeat) seat = kon_seat_new ();
  g_autoptr(KonSeat) empty = kon_seat_new ();
  g_autoptr(KonRole) role = NULL;
  g_autofree char *before = NULL;
  g_autofree char *description = NULL;
  Org org;

  org_build (fixture->store, &org);
  g_free (seat->body_uuid);
  seat->body_uuid = g_strdup (org.ssu->uuid);
  g_free (seat->name);
  seat->name = g_strdup ("Salten 1");
  seat->side = KON_SIDE_MUNICIPAL;
  seat->region = g_strdup ("Salten");
  g_assert_true (kon_org_save_row (fixture->store, &kon_seat_table, seat, &error));
  g_assert_no_error (error);
  g_free (empty->body_uuid);
  empty->body_uuid = g_strdup (org.ssu->uuid);
  g_free (empty->name);
  empty->name = g_strdup ("Nord universitet");
  empty->kind = KON_ROLE_KIND_OBSERVER;
  g_assert_true (kon_org_save_row (fixture->store, &kon_seat_table, empty, &error));
  g_assert_no_error (error);
  role = kon_org_get_role (fixture->store, org.kari_ssu->uuid, &error);
  g_assert_no_error (error);
  role->seat_uuid = g_strdup (seat->uuid);
  g_assert_true (kon_org_save_role (fixture->store, role, &error));
  g_assert_no_error (error);
  g_clear_pointer (&role, kon_role_free);
  before = kon_test_dump_tables (fixture->store);

  description = kon_org_describe_delete (fixture->store, "seat", seat->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (description, ==, "The seat’s 1 appointment is kept, without a seat.");
  g_clear_pointer (&description, g_free);
  description = kon_org_describe_delete (fixture->store, "seat", empty->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (description);

  snapshot = kon_org_delete (fixture->store, "seat", seat->uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  role = kon_org_get_role (fixture->store, org.kari_ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (role->seat_uuid);

  assert_restores (fixture->store, snapshot, before);

  org_clear (&org);
}

/* Every text survives export and import, control characters too
 * (json-glib 1.6 wrote U+001F unescaped, which no import reads) */
static void
test_export_control_characters (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonCommunity) community = kon_community_new ();
  g_autoptr(KonPerson) kari = NULL;
  g_autoptr(KonPerson) read = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonStore) copy = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autofree char *title = NULL;
  GString *text = g_string_new ("Tittel");

  for (char c = 0x01; c < 0x20; c++)
    g_string_append_c (text, c);
  g_string_append (text, "\x7f slutt");
  title = g_string_free (text, FALSE);

  g_free (community->name);
  community->name = g_strdup ("Helgeland");
  g_assert_true (kon_org_save_community (fixture->store, community, &error));
  kari = add_person (fixture->store, "Kari Nordmann", title, NULL, NULL);

  exported = kon_exchange_export (fixture->store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (memchr (g_bytes_get_data (exported, NULL), 0x1f, g_bytes_get_size (exported)));

  copy = kon_store_open (path, &error);
  g_assert_no_error (error);
  report = kon_exchange_import (copy, exported, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  read = kon_org_get_person (copy, kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->title, ==, title);

  /* And out again, byte for byte */
  again = kon_exchange_export (copy, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (exported, again));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* The messages tested are the English source strings */
  g_setenv ("LANGUAGE", "C", TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/org/community", test_community);
  ADD ("/org/partner/crud", test_partner_crud);
  ADD ("/org/person/crud", test_person_crud);
  ADD ("/org/body/crud", test_body_crud);
  ADD ("/org/role/crud", test_role_crud);
  ADD ("/org/schema/constraints", test_schema_constraints);
  ADD ("/org/search/norwegian-letters", test_search);
  ADD ("/org/search/persons-by-partner", test_search_persons_by_partner);
  ADD ("/org/sort/locale", test_sorting);
  ADD ("/org/delete/person", test_delete_person);
  ADD ("/org/delete/partner", test_delete_partner);
  ADD ("/org/delete/body", test_delete_body);
  ADD ("/org/delete/seat", test_delete_seat);
  ADD ("/org/exchange/control-characters", test_export_control_characters);

  return g_test_run ();
}
