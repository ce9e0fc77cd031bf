/* test-exchange.c: the JSON exchange between the two secretariat desks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "kon-exchange.h"
#include "kon-org.h"
#include "kon-sqlite-private.h"
#include "kon-store-private.h"
#include "kon-test-util.h"

/* Helpers */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-exchange-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  if (!g_bytes_equal (a, b))
    {
      gsize size_a, size_b;
      const char *data_a = g_bytes_get_data (a, &size_a);
      const char *data_b = g_bytes_get_data (b, &size_b);
      gsize i = 0;

      while (i < size_a && i < size_b && data_a[i] == data_b[i])
        i++;
      g_test_message ("the documents differ at byte %" G_GSIZE_FORMAT ": “%.60s” vs “%.60s”",
                      i, data_a + MIN (i, size_a), data_b + MIN (i, size_b));
      g_test_fail ();
    }
}

/* A generated community, with the awkward text a real one may hold */

typedef struct
{
  GPtrArray *partners;
  GPtrArray *persons;
  GPtrArray *bodies;
  GPtrArray *seats;
  GPtrArray *roles;
} Community;

static void
community_clear (Community *c)
{
  g_clear_pointer (&c->partners, g_ptr_array_unref);
  g_clear_pointer (&c->persons, g_ptr_array_unref);
  g_clear_pointer (&c->bodies, g_ptr_array_unref);
  g_clear_pointer (&c->seats, g_ptr_array_unref);
  g_clear_pointer (&c->roles, g_ptr_array_unref);
}

/* 21 partners, 30 persons, 8 bodies, 4 seats and 40 roles, saved through
 * the API; body 2 has terms, chair rotation and seats, some held */
static void
generate_community (KonStore  *store,
                    Community *c)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20210923);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonCommunity) community = kon_community_new ();
  guint filled = 0;

  g_free (community->name);
  community->name = g_strdup ("Helsefellesskapet Lofoten, Vesterålen og Salten");
  community->user_representatives_per_body = 2;
  g_assert_true (kon_org_save_community (store, community, &error));

  c->partners = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_partner_free);
  c->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_person_free);
  c->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
  c->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_seat_free);
  c->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);

  for (guint i = 0; i < 21; i++)
    {
      KonPartner *partner = kon_partner_new ();

      partner->kind = i == 0 ? KON_PARTNER_KIND_HELSEFORETAK : KON_PARTNER_KIND_KOMMUNE;
      partner->side = i == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      partner->region = i == 0 ? NULL : g_strdup (kon_test_regions[i % G_N_ELEMENTS (kon_test_regions)]);
      g_free (partner->name);
      g_free (partner->short_name);
      if (i == 0)
        {
          partner->name = g_strdup ("Nordlandssykehuset HF");
          partner->short_name = g_strdup ("NLSH");
          g_strfreev (partner->aliases);
          partner->aliases = g_strsplit ("NLSH,Nordlandssykehuset,Nordlandssykehuset HF", ",", -1);
        }
      else
        {
          partner->short_name = g_strdup_printf ("%s%u", kon_test_last_names[i % G_N_ELEMENTS (kon_test_last_names)], i);
          partner->name = g_strdup_printf ("%s kommune", partner->short_name);
          g_strfreev (partner->aliases);
          partner->aliases = i % 4 == 0 ? g_new0 (char *, 1)
                                        : g_strsplit (partner->short_name, ",", -1);
        }

      g_assert_true (kon_org_save_partner (store, partner, &error));
      g_assert_no_error (error);
      g_ptr_array_add (c->partners, partner);
    }

  for (guint i = 0; i < 30; i++)
    {
      KonPerson *person = kon_person_new ();
      KonPartner *partner = c->partners->pdata[g_rand_int_range (rand, 0, 21)];

      g_free (person->name);
      person->name = g_strdup_printf ("%s %s", kon_test_first_names[i % G_N_ELEMENTS (kon_test_first_names)],
                                      kon_test_last_names[(i / 3) % G_N_ELEMENTS (kon_test_last_names)]);
      person->title = i % 3 == 0 ? NULL : g_strdup (i % 5 == 0 ? kon_test_tricky[(i / 5) % G_N_ELEMENTS (kon_test_tricky)]
                                                                : "Kommunedirektør");
      person->partner_uuid = i % 7 == 0 ? NULL : g_strdup (partner->uuid);
      person->email = i % 2 == 0 ? g_strdup_printf ("person%u@example.no", i) : NULL;
      person->phone = i % 4 == 0 ? g_strdup ("+47 75 00 00 00") : NULL;

      g_assert_true (kon_org_save_person (store, person, &error));
      g_assert_no_error (error);
      g_ptr_array_add (c->persons, person);
    }

  for (guint i = 0; i < 8; i++)
    {
      KonBody *body = kon_body_new ();

      body->kind = (KonBodyKind) (i % (KON_BODY_KIND_OTHER + 1));
      g_free (body->name);
      body->name = g_strdup_printf ("Organ %u %s", i, i == 3 ? kon_test_tricky[3] : "");
      body->short_name = i % 2 == 0 ? g_strdup_printf ("O%u", i) : NULL;
      body->parent_uuid = i == 0 ? NULL
                          : g_strdup (((KonBody *) c->bodies->pdata[g_rand_int_range (rand, 0, i)])->uuid);
      body->mandate = i % 3 == 0 ? g_strdup (kon_test_tricky[i % G_N_ELEMENTS (kon_test_tricky)]) : NULL;
      body->takes_decisions = i % 2 == 1;
      body->meetings_per_year = i;
      body->is_public = i % 3 != 1;
      if (i == 6)
        g_date_set_dmy (&body->deadline, 25, G_DATE_MAY, 2021);
      body->seats_per_side = i == 2 ? 7 : 0;
      if (i == 2)
        {
          body->term_years = 4;
          body->single_term = i == 2;
          g_date_set_dmy (&body->rotation_start, 25, G_DATE_SEPTEMBER, 2025);
          body->rotation_first_side = KON_SIDE_MUNICIPAL;
          body->rotation_years = 2;
        }

      g_assert_true (kon_org_save_body (store, body, &error));
      g_assert_no_error (error);
      g_ptr_array_add (c->bodies, body);
    }

  for (guint i = 0; i < 4; i++)
    {
      static const char *const names[] = { "HF 1", "Salten 1", "Brukerrepresentant", "Nord universitet" };
      KonSeat *seat = kon_seat_new ();

      g_free (seat->body_uuid);
      seat->body_uuid = g_strdup (((KonBody *) c->bodies->pdata[2])->uuid);
      g_free (seat->name);
      seat->name = g_strdup (names[i]);
      seat->kind = i < 2 ? KON_ROLE_KIND_MEMBER : KON_ROLE_KIND_OBSERVER;
      seat->side = i == 0 ? KON_SIDE_HF : i < 3 ? KON_SIDE_MUNICIPAL : KON_SIDE_NONE;
      seat->region = i == 1 ? g_strdup (kon_test_regions[0]) : NULL;
      seat->represents = i == 2 ? KON_REPRESENTS_USERS : KON_REPRESENTS_NONE;
      seat->required = i >= 2;
      seat->appointed_by = i == 1 ? g_strdup ("Salten regionråd") : NULL;
      seat->position = (int) i;

      g_assert_true (kon_org_save_row (store, &kon_seat_table, seat, &error));
      g_assert_no_error (error);
      g_ptr_array_add (c->seats, seat);
    }

  for (guint i = 0; i < 40; i++)
    {
      KonRole *role = kon_role_new ();

      g_free (role->person_uuid);
      role->person_uuid = g_strdup (((KonPerson *) c->persons->pdata[i % 30])->uuid);
      g_free (role->body_uuid);
      role->body_uuid = g_strdup (((KonBody *) c->bodies->pdata[g_rand_int_range (rand, 0, 8)])->uuid);
      role->kind = (KonRoleKind) (i % (KON_ROLE_KIND_SECRETARY + 1));
      role->represents = (KonRepresents) (i % (KON_REPRESENTS_EMPLOYEES + 1));
      if (role->represents == KON_REPRESENTS_PARTNER)
        role->partner_uuid = g_strdup (((KonPartner *) c->partners->pdata[i % 21])->uuid);
      if (role->represents == KON_REPRESENTS_SIDE || i % 5 == 0)
        role->side = i % 2 == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      if (i % 3 == 0)
        g_date_set_dmy (&role->from, 23, G_DATE_SEPTEMBER, 2021);
      if (i % 6 == 0)
        g_date_set_dmy (&role->to, 22, G_DATE_SEPTEMBER, 2025);
      /* The first roles in body 2 fill its seats, with who appointed them */
      if (g_str_equal (role->body_uuid, ((KonBody *) c->bodies->pdata[2])->uuid) && filled < c->seats->len)
        {
          KonSeat *seat = c->seats->pdata[filled++];

          role->seat_uuid = g_strdup (seat->uuid);
          role->appointed_by = g_strdup (seat->appointed_by);
          role->decided_in = filled == 1 ? g_strdup ("SSU, sak 05-2024") : NULL;
        }

      g_assert_true (kon_org_save_role (store, role, &error));
      g_assert_no_error (error);
      g_ptr_array_add (c->roles, role);
    }
}

/* The schema (tables, indexes, triggers) as SQL text, read through a
 * connection of the test's own, as another program would */
static char *
dump_schema (KonStore *store)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (kon_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                           "ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < 4; c++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, c);
        g_string_append_printf (out, "%s%c", text != NULL ? text : "NULL", c == 3 ? '\n' : '|');
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

static guint
count_search_hits (KonStore   *store,
                   const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = kon_org_search_persons (store, query, &error);

  g_assert_no_error (error);

  return hits->len;
}

/* Tests */

static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonExchangeReport) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Community c = { NULL };
  const char *data;
  gsize size;

  generate_community (a, &c);
  first = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  data = g_bytes_get_data (first, &size);

  /* The format's frame: the documented key order, indentation, newline */
  g_assert_true (g_str_has_prefix (data, "{\n  \"format\" : \"konsensus-exchange\",\n  \"version\" : 3,\n"
                                         "  \"community\" : {\n    \"uuid\" : \""));
  g_assert_cmpint (data[size - 1], ==, '\n');
  g_assert_cmpint (data[size - 2], ==, '}');
  g_assert_nonnull (g_strstr_len (data, size, "\"Æ Ø Å æ ø å\""));          /* UTF-8 as is */
  g_assert_nonnull (g_strstr_len (data, size, "Emoji 🏥 og linjeskille \xe2\x80\xa8 slutt"));
  g_assert_nonnull (g_strstr_len (data, size, "Kontrolltegn \\u0001\\u001f og"));
  g_assert_nonnull (g_strstr_len (data, size, "\\\"anførselstegn\\\" og \\\\skråstrek\\\\"));
  g_assert_nonnull (g_strstr_len (data, size, "\"deadline\" : \"2021-05-25\""));
  g_assert_nonnull (g_strstr_len (data, size, "\"aliases\" : []"));
  g_assert_true (json_parser_load_from_data (parser, data, size, &error));
  g_assert_no_error (error);

  /* Into an empty database, and out again: the same bytes */
  b = kon_test_open_store (dir, "b.db");
  report = kon_test_import (b, first);
  g_assert_cmpuint (report->in_file[KON_EXCHANGE_KIND_PARTNER], ==, 21);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PERSON], ==, 30);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_BODY], ==, 8);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_SEAT], ==, 4);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_ROLE], ==, 40);
  g_assert_cmpuint (kon_exchange_report_count (report, report->conflicts), ==, 0);
  g_assert_nonnull (g_strstr_len (data, size, "\"rotation_start\" : \"2025-09-25\""));
  g_assert_nonnull (g_strstr_len (data, size, "\"appointed_by\" : \"Salten regionråd\""));
  g_assert_nonnull (g_strstr_len (data, size, "\"decided_in\" : \"SSU, sak 05-2024\""));
  second = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (first, second);

  /* Importing the same file again changes nothing and duplicates nothing */
  again = kon_test_import (b, first);
  g_assert_cmpuint (kon_exchange_report_count (again, again->added), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (again, again->updated), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (again, again->unchanged), ==, 21 + 30 + 8 + 4 + 40 + 1);
  g_assert_cmpuint (kon_test_count_rows (b, &kon_role_table), ==, 40);
  third = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (first, third);

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* A version 1 document (before seats, terms and rotation) is still read,
 * with those unset; a version 1 document that has them is refused */
static GBytes *
to_version_1 (GBytes   *v2,
              gboolean  keep_seats)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  const char *v2_body_keys[] = {
    "term_years", "single_term", "rotation_start", "rotation_first_side", "rotation_years", "case_pattern"
  };
  const char *v2_role_keys[] = { "seat", "appointed_by", "decided_in" };
  JsonObject *root;
  JsonArray *array;
  char *text;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (v2, NULL), g_bytes_get_size (v2), NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_int_member (root, "version", 1);
  json_object_remove_member (root, "cases");
  json_object_remove_member (root, "case_events");
  json_object_remove_member (root, "case_officers");
  json_object_remove_member (root, "case_anchorings");
  json_object_remove_member (root, "case_attachments");
  if (!keep_seats)
    json_object_remove_member (root, "seats");
  array = json_object_get_array_member (root, "bodies");
  for (guint i = 0; i < json_array_get_length (array); i++)
    for (guint k = 0; k < G_N_ELEMENTS (v2_body_keys); k++)
      json_object_remove_member (json_array_get_object_element (array, i), v2_body_keys[k]);
  array = json_object_get_array_member (root, "roles");
  for (guint i = 0; i < json_array_get_length (array); i++)
    for (guint k = 0; k < G_N_ELEMENTS (v2_role_keys); k++)
      json_object_remove_member (json_array_get_object_element (array, i), v2_role_keys[k]);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);

  /* As export does (kon-exchange.c): json-glib 1.6 writes U+001F raw */
  {
    g_autoptr(GString) out = g_string_new (text);

    g_free (text);
    g_string_replace (out, "\x1f", "\\u001f", 0);
    return g_string_free_to_bytes (g_steal_pointer (&out));
  }
}

static void
test_version_1 (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GBytes) v2 = NULL;
  g_autoptr(GBytes) v1 = NULL;
  g_autoptr(GBytes) v1_with_seats = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonExchangeReport) refused = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  Community c = { NULL };

  generate_community (a, &c);
  v2 = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  v1 = to_version_1 (v2, FALSE);
  report = kon_test_import (b, v1);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_BODY], ==, 8);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_SEAT], ==, 0);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_ROLE], ==, 40);
  g_assert_cmpuint (kon_test_count_rows (b, &kon_seat_table), ==, 0);
  bodies = kon_org_list_bodies (b, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bodies->len; i++)
    {
      KonBody *body = bodies->pdata[i];

      g_assert_cmpint (body->term_years, ==, 0);
      g_assert_false (g_date_valid (&body->rotation_start));
    }

  /* A version 1 document knows no seats */
  v1_with_seats = to_version_1 (v2, TRUE);
  refused = kon_exchange_import (b, v1_with_seats, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "seats"));

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* The templates other tools write (Python's json.dumps, indent=2,
 * ensure_ascii=False) come out of an import and an export unchanged */
static void
test_templates_round_trip (void)
{
  g_autofree char *templates = g_build_filename (g_getenv ("MESON_SOURCE_ROOT"), "data", "templates", NULL);
  g_autoptr(GDir) listing = g_dir_open (templates, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *dir = make_dir ();
      g_autofree char *path = g_build_filename (templates, name, NULL);
      g_autoptr(KonStore) store = NULL;
      g_autoptr(GBytes) original = NULL;
      g_autoptr(GBytes) exported = NULL;
      g_autoptr(KonExchangeReport) report = NULL;
      g_autoptr(GMappedFile) mapped = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      mapped = g_mapped_file_new (path, FALSE, NULL);
      g_assert_nonnull (mapped);
      original = g_mapped_file_get_bytes (mapped);

      store = kon_test_open_store (dir, "t.db");
      report = kon_test_import (store, original);
      exported = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
      g_test_message ("%s", name);
      assert_bytes_equal (original, exported);

      g_clear_object (&store);
      kon_test_remove_tree (dir);
      n++;
    }

  g_assert_cmpuint (n, >, 0);
}

/* Validates an export with data/konsensus-exchange.schema.json, through
 * Debian's python3-jsonschema (no network) */
static void
test_schema (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *file = g_build_filename (dir, "export.json", NULL);
  g_autofree char *schema = g_build_filename (g_getenv ("MESON_SOURCE_ROOT"), "data",
                                              "konsensus-exchange.schema.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "s.db");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  Community c = { NULL };
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import json, sys, jsonschema\n"
    "schema = json.load(open(sys.argv[1]))\n"
    "jsonschema.Draft202012Validator.check_schema(schema)\n"
    "validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())\n"
    "errors = [e.message for e in validator.iter_errors(json.load(open(sys.argv[2])))]\n"
    "bad = {'format': 'konsensus-exchange', 'version': 3}\n"
    "assert list(validator.iter_errors(bad)), 'the schema accepts a wrong document'\n"
    "print('\\n'.join(errors) or 'valid')\n"
    "sys.exit(1 if errors else 0)\n",
    schema, file, NULL
  };

  generate_community (store, &c);
  bytes = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("jsonschema: %s %s", out, err);
  g_assert_cmpstr (out, ==, "valid\n");
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* Two desks: export A, import into B, change different rows in each,
 * exchange again, crossed and in turn */
static void
test_merge (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) from_a = NULL;
  g_autoptr(GBytes) from_b = NULL;
  g_autoptr(GBytes) final_a = NULL;
  g_autoptr(GBytes) final_b = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonPerson) person_a = NULL;
  g_autoptr(KonBody) body_b = NULL;
  g_autoptr(KonPerson) new_in_b = kon_person_new ();
  g_autoptr(KonPerson) check = NULL;
  g_autoptr(KonBody) check_body = NULL;
  Community c = { NULL };

  generate_community (a, &c);
  from_a = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  report = kon_test_import (b, from_a);
  g_clear_pointer (&report, kon_exchange_report_free);
  g_clear_pointer (&from_a, g_bytes_unref);

  /* A changes a person; B changes a body and adds a person */
  person_a = kon_person_copy (c.persons->pdata[4]);
  g_free (person_a->title);
  person_a->title = g_strdup ("Samhandlingssjef");
  g_assert_true (kon_org_save_person (a, person_a, &error));

  body_b = kon_org_get_body (b, KON_ROW_UUID (c.bodies->pdata[2]), &error);
  g_assert_no_error (error);
  body_b->meetings_per_year = 4;
  g_assert_true (kon_org_save_body (b, body_b, &error));
  g_free (new_in_b->name);
  new_in_b->name = g_strdup ("Ny Person");
  g_assert_true (kon_org_save_person (b, new_in_b, &error));

  /* Crossed: both export before either imports */
  from_a = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  from_b = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);

  report = kon_test_import (b, from_a);
  g_assert_cmpuint (report->updated[KON_EXCHANGE_KIND_PERSON], ==, 1);
  g_assert_cmpuint (kon_exchange_report_count (report, report->updated), ==, 1);
  g_assert_cmpuint (kon_exchange_report_count (report, report->added), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (report, report->conflicts), ==, 0);
  g_clear_pointer (&report, kon_exchange_report_free);

  report = kon_test_import (a, from_b);
  g_assert_cmpuint (report->updated[KON_EXCHANGE_KIND_BODY], ==, 1);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PERSON], ==, 1);
  g_assert_cmpuint (kon_exchange_report_count (report, report->conflicts), ==, 0);
  g_clear_pointer (&report, kon_exchange_report_free);

  /* Both changes on both desks, nothing twice */
  check = kon_org_get_person (b, person_a->uuid, &error);
  g_assert_cmpstr (check->title, ==, "Samhandlingssjef");
  g_clear_pointer (&check, kon_person_free);
  check = kon_org_get_person (a, person_a->uuid, &error);
  g_assert_cmpstr (check->title, ==, "Samhandlingssjef");
  check_body = kon_org_get_body (a, body_b->uuid, &error);
  g_assert_cmpint (check_body->meetings_per_year, ==, 4);
  g_assert_cmpuint (kon_test_count_rows (a, &kon_person_table), ==, 31);
  g_assert_cmpuint (kon_test_count_rows (b, &kon_person_table), ==, 31);
  g_assert_cmpuint (kon_test_count_rows (a, &kon_role_table), ==, 40);

  /* And in turn: each desk's echo of the other's change is nothing new */
  g_clear_pointer (&from_a, g_bytes_unref);
  g_clear_pointer (&from_b, g_bytes_unref);
  from_b = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  report = kon_test_import (a, from_b);
  g_assert_cmpuint (kon_exchange_report_count (report, report->updated), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (report, report->conflicts), ==, 0);
  g_clear_pointer (&report, kon_exchange_report_free);

  /* The desks hold the same now */
  final_a = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  final_b = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (final_a, final_b);

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* Both desks change the same row since the last exchange */
static void
test_conflict (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonPartner) in_a = NULL;
  g_autoptr(KonPartner) in_b = NULL;
  g_autoptr(KonPartner) check = NULL;
  g_autoptr(KonPerson) same_a = NULL;
  g_autoptr(KonPerson) same_b = NULL;
  g_autofree char *summary = NULL;
  Community c = { NULL };

  generate_community (a, &c);
  bytes = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  report = kon_test_import (b, bytes);
  g_clear_pointer (&report, kon_exchange_report_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  in_a = kon_partner_copy (c.partners->pdata[3]);
  g_free (in_a->region);
  in_a->region = g_strdup ("Indre Salten");
  g_assert_true (kon_org_save_partner (a, in_a, &error));
  /* Each desk edits the row as it read it (its own revision) */
  in_b = kon_org_get_partner (b, KON_ROW_UUID (c.partners->pdata[3]), &error);
  g_assert_no_error (error);
  g_free (in_b->region);
  in_b->region = g_strdup ("Ytre Lofoten");
  g_assert_true (kon_org_save_partner (b, in_b, &error));

  /* The same change on both desks is no conflict */
  same_a = kon_person_copy (c.persons->pdata[0]);
  g_free (same_a->phone);
  same_a->phone = g_strdup ("+47 99 99 99 99");
  g_assert_true (kon_org_save_person (a, same_a, &error));
  same_b = kon_org_get_person (b, same_a->uuid, &error);
  g_assert_no_error (error);
  g_free (same_b->phone);
  same_b->phone = g_strdup (same_a->phone);
  g_assert_true (kon_org_save_person (b, same_b, &error));

  bytes = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  report = kon_test_import (b, bytes);
  g_assert_cmpuint (report->conflicts[KON_EXCHANGE_KIND_PARTNER], ==, 1);
  g_assert_cmpuint (kon_exchange_report_count (report, report->conflicts), ==, 1);
  g_assert_cmpuint (kon_exchange_report_count (report, report->updated), ==, 0);
  g_assert_cmpuint (report->conflict_lines->len, ==, 1);
  g_assert_nonnull (strstr (report->conflict_lines->pdata[0], in_b->name));

  summary = kon_exchange_report_describe (report, "a.json");
  g_assert_cmpstr (summary, ==, "Imported 21 partners, 30 persons, 8 bodies, 4 seats and 40 roles "
                                "from a.json (0 new, 0 updated, 1 conflict).");

  /* The local row was kept */
  check = kon_org_get_partner (b, in_b->uuid, &error);
  g_assert_cmpstr (check->region, ==, "Ytre Lofoten");
  g_assert_cmpuint (kon_test_count_rows (b, &kon_partner_table), ==, 21);

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* Bad input: a message that says what and where, and the database file
 * byte for byte as it was */

typedef enum
{
  EDIT_NONE,
  EDIT_TRUNCATE,
  EDIT_WRONG_TYPE,
  EDIT_MISSING_FIELD,
  EDIT_UNKNOWN_FIELD,
  EDIT_OLD_VERSION,
  EDIT_NEWER_VERSION,
  EDIT_OTHER_FORMAT,
  EDIT_DUPLICATE_UUID,
  EDIT_MISSING_PERSON,
  EDIT_BAD_ENUM,
  EDIT_BAD_DATE,
  EDIT_BAD_UUID,
  EDIT_CYCLE,
  EDIT_EMPTY,
  EDIT_SPACES,
  EDIT_BINARY,
  EDIT_NOT_UTF8,
  EDIT_DEEP,
  EDIT_GARBAGE_100MB,
  EDIT_OTHER_COMMUNITY,
  EDIT_ROLE_PARTNER_MISSING,
  EDIT_ZERO_BYTE,
  EDIT_MISSING_SEAT,
  EDIT_SEAT_OF_OTHER_BODY,
  EDIT_MISSING_LIST,
} Edit;

typedef struct
{
  const char *name;
  Edit        edit;
  int         code;
  const char *in_message;
} BadCase;

static const BadCase bad_cases[] = {
  { "truncated", EDIT_TRUNCATE, KON_EXCHANGE_ERROR_SYNTAX, "not a Konsensus exchange document: Line " },
  { "wrong-type", EDIT_WRONG_TYPE, KON_EXCHANGE_ERROR_INVALID,
    "At $.bodies[2].meetings_per_year: expected a whole number or null, found text." },
  { "missing-field", EDIT_MISSING_FIELD, KON_EXCHANGE_ERROR_INVALID,
    "At $.partners[5].side: this required field is missing" },
  { "unknown-field", EDIT_UNKNOWN_FIELD, KON_EXCHANGE_ERROR_INVALID,
    "At $.persons[1].shortname: this field is not part of the format." },
  { "old-version", EDIT_OLD_VERSION, KON_EXCHANGE_ERROR_INVALID, "At $.version:" },
  { "newer-version", EDIT_NEWER_VERSION, KON_EXCHANGE_ERROR_NEWER_VERSION,
    "written by a newer version of Konsensus (exchange format version 4" },
  { "other-format", EDIT_OTHER_FORMAT, KON_EXCHANGE_ERROR_NOT_EXCHANGE,
    "not a Konsensus exchange document" },
  { "duplicate-uuid", EDIT_DUPLICATE_UUID, KON_EXCHANGE_ERROR_DUPLICATE,
    "At $.persons[7].uuid: the UUID" },
  { "missing-person", EDIT_MISSING_PERSON, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
    "At $.roles[3].person: the person" },
  { "role-partner-missing", EDIT_ROLE_PARTNER_MISSING, KON_EXCHANGE_ERROR_INVALID,
    "At $.roles[1].partner: Choose the partner that the role represents." },
  { "bad-enum", EDIT_BAD_ENUM, KON_EXCHANGE_ERROR_INVALID,
    "At $.partners[0].kind: “fylke” is not one of: helseforetak, kommune." },
  { "bad-date", EDIT_BAD_DATE, KON_EXCHANGE_ERROR_INVALID,
    "At $.bodies[0].deadline: “2021-02-30” is not a date" },
  { "bad-uuid", EDIT_BAD_UUID, KON_EXCHANGE_ERROR_INVALID, "At $.bodies[1].uuid: “SSU” is not a UUID." },
  { "cycle", EDIT_CYCLE, KON_EXCHANGE_ERROR_CYCLE, "is set up by one of its own sub-bodies" },
  { "empty", EDIT_EMPTY, KON_EXCHANGE_ERROR_EMPTY, "The file is empty" },
  { "spaces", EDIT_SPACES, KON_EXCHANGE_ERROR_EMPTY, "The file is empty" },
  { "binary", EDIT_BINARY, KON_EXCHANGE_ERROR_NOT_TEXT, "it is not text (line 1, column 1" },
  { "not-utf8", EDIT_NOT_UTF8, KON_EXCHANGE_ERROR_NOT_TEXT, "it is not text (line 4, column 15 is not UTF-8)" },
  { "zero-byte", EDIT_ZERO_BYTE, KON_EXCHANGE_ERROR_NOT_TEXT,
    "it is not text (line 4, column 15 holds a zero byte)" },
  { "deep", EDIT_DEEP, KON_EXCHANGE_ERROR_SYNTAX, "nest deeper than 32 levels" },
  { "garbage-100mb", EDIT_GARBAGE_100MB, KON_EXCHANGE_ERROR_SYNTAX, "not a Konsensus exchange document: Line 1, column 1 ($)" },
  { "other-community", EDIT_OTHER_COMMUNITY, KON_EXCHANGE_ERROR_OTHER_COMMUNITY,
    "Import the file into a new database instead." },
  { "missing-seat", EDIT_MISSING_SEAT, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
    "At $.roles[3].seat: the seat" },
  { "seat-of-other-body", EDIT_SEAT_OF_OTHER_BODY, KON_EXCHANGE_ERROR_INVALID,
    ".seat: the seat “HF 1” is a seat of another body than the role’s." },
  { "missing-list", EDIT_MISSING_LIST, KON_EXCHANGE_ERROR_INVALID,
    "At $.seats: this required field is missing (write [] when there are none)." },
};

static JsonObject *
array_element (JsonObject *root,
               const char *member,
               guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, member), index);
}

/* JSON as RFC 8259 wants it (json-glib 1.6 writes control characters
 * unescaped) */
static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            JsonNode *key = json_node_new (JSON_NODE_VALUE);

            json_node_set_string (key, l->data);
            if (l != members)
              g_string_append_c (out, ',');
            write_node (out, key);
            g_string_append_c (out, ':');
            write_node (out, json_object_get_member (object, l->data));
            json_node_unref (key);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_string_append_c (out, '"');
          for (const char *p = json_node_get_string (node); *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_printf (out, "\\%c", *p);
              else if ((guchar) *p < 0x20)
                g_string_append_printf (out, "\\u%04x", (guchar) *p);
              else
                g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    }
}

static GBytes *
make_bad_document (GBytes *valid,
                   Edit    edit)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  gsize size;
  const char *data = g_bytes_get_data (valid, &size);
  GString *text;

  switch (edit)
    {
    case EDIT_TRUNCATE:
      return g_bytes_new (data, size / 2);
    case EDIT_EMPTY:
      return g_bytes_new ("", 0);
    case EDIT_SPACES:
      return g_bytes_new (" \n\t\n ", 5);
    case EDIT_BINARY:
      {
        /* The literal's own length, not a guess: 20 bytes */
        static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";

        return g_bytes_new (png, sizeof png - 1);
      }
    case EDIT_NOT_UTF8:
    case EDIT_ZERO_BYTE:
      {
        GString *copy = g_string_new_len (data, size);
        const char *line4 = copy->str;

        /* A Latin-1 "ø", or a zero byte, in the community's uuid line */
        for (int i = 0; i < 3; i++)
          line4 = strchr (line4, '\n') + 1;
        copy->str[line4 - copy->str + 14] = edit == EDIT_NOT_UTF8 ? (char) 0xf8 : '\0';
        return g_string_free_to_bytes (copy);
      }
    case EDIT_DEEP:
      {
        gsize n = 1024 * 1024;
        char *deep = g_malloc (n);

        memset (deep, '[', n);
        return g_bytes_new_take (deep, n);
      }
    case EDIT_GARBAGE_100MB:
      {
        gsize n = 100 * 1024 * 1024;
        char *garbage = g_malloc (n);

        for (gsize i = 0; i < n; i++)
          garbage[i] = "garbage "[i % 8];
        return g_bytes_new_take (garbage, n);
      }
    case EDIT_NONE:
    default:
      break;
    }

  g_assert_true (json_parser_load_from_data (parser, data, size, NULL));
  root = json_node_get_object (json_parser_get_root (parser));

  switch (edit)
    {
    case EDIT_WRONG_TYPE:
      json_object_set_string_member (array_element (root, "bodies", 2), "meetings_per_year", "four");
      break;
    case EDIT_MISSING_FIELD:
      json_object_remove_member (array_element (root, "partners", 5), "side");
      break;
    case EDIT_MISSING_LIST:
      json_object_remove_member (root, "seats");
      break;
    case EDIT_UNKNOWN_FIELD:
      json_object_set_string_member (array_element (root, "persons", 1), "shortname", "Kari");
      break;
    case EDIT_OLD_VERSION:
      json_object_set_int_member (root, "version", 0);
      break;
    case EDIT_NEWER_VERSION:
      json_object_set_int_member (root, "version", 4);
      break;
    case EDIT_OTHER_FORMAT:
      json_object_set_string_member (root, "format", "something-else");
      break;
    case EDIT_DUPLICATE_UUID:
      json_object_set_string_member (array_element (root, "persons", 7), "uuid",
                                     json_object_get_string_member (array_element (root, "partners", 2), "uuid"));
      break;
    case EDIT_MISSING_SEAT:
      {
        g_autofree char *uuid = g_uuid_string_random ();
        json_object_set_string_member (array_element (root, "roles", 3), "seat", uuid);
      }
      break;
    case EDIT_SEAT_OF_OTHER_BODY:
      {
        JsonArray *seats = json_object_get_array_member (root, "seats");
        JsonArray *roles = json_object_get_array_member (root, "roles");
        JsonObject *hf1 = NULL;

        for (guint i = 0; i < json_array_get_length (seats); i++)
          if (g_str_equal (json_object_get_string_member (json_array_get_object_element (seats, i), "name"), "HF 1"))
            hf1 = json_array_get_object_element (seats, i);
        g_assert_nonnull (hf1);
        for (guint i = 0; i < json_array_get_length (roles); i++)
          {
            JsonObject *role = json_array_get_object_element (roles, i);

            if (!g_str_equal (json_object_get_string_member (role, "body"), json_object_get_string_member (hf1, "body")))
              {
                json_object_set_string_member (role, "seat", json_object_get_string_member (hf1, "uuid"));
                break;
              }
          }
      }
      break;
    case EDIT_MISSING_PERSON:
      {
        g_autofree char *uuid = g_uuid_string_random ();
        json_object_set_string_member (array_element (root, "roles", 3), "person", uuid);
      }
      break;
    case EDIT_ROLE_PARTNER_MISSING:
      json_object_set_string_member (array_element (root, "roles", 1), "represents", "partner");
      json_object_set_null_member (array_element (root, "roles", 1), "partner");
      break;
    case EDIT_BAD_ENUM:
      json_object_set_string_member (array_element (root, "partners", 0), "kind", "fylke");
      break;
    case EDIT_BAD_DATE:
      json_object_set_string_member (array_element (root, "bodies", 0), "deadline", "2021-02-30");
      break;
    case EDIT_BAD_UUID:
      json_object_set_string_member (array_element (root, "bodies", 1), "uuid", "SSU");
      break;
    case EDIT_CYCLE:
      {
        /* The root body under one of its descendants */
        JsonArray *bodies = json_object_get_array_member (root, "bodies");
        JsonObject *top = NULL;
        JsonObject *child = NULL;

        for (guint i = 0; i < json_array_get_length (bodies); i++)
          {
            JsonObject *body = json_array_get_object_element (bodies, i);

            if (json_object_get_null_member (body, "parent"))
              top = body;
          }
        for (guint i = 0; i < json_array_get_length (bodies); i++)
          {
            JsonObject *body = json_array_get_object_element (bodies, i);

            if (!json_object_get_null_member (body, "parent") &&
                g_str_equal (json_object_get_string_member (body, "parent"),
                             json_object_get_string_member (top, "uuid")))
              child = body;
          }
        g_assert_nonnull (child);
        json_object_set_string_member (top, "parent", json_object_get_string_member (child, "uuid"));
      }
      break;
    case EDIT_OTHER_COMMUNITY:
      {
        g_autofree char *uuid = g_uuid_string_random ();
        json_object_set_string_member (json_object_get_object_member (root, "community"), "uuid", uuid);
      }
      break;
    case EDIT_NONE:
    case EDIT_TRUNCATE:
    case EDIT_EMPTY:
    case EDIT_SPACES:
    case EDIT_BINARY:
    case EDIT_NOT_UTF8:
    case EDIT_ZERO_BYTE:
    case EDIT_DEEP:
    case EDIT_GARBAGE_100MB:
    default:
      g_assert_not_reached ();
    }

  text = g_string_new (NULL);
  write_node (text, json_parser_get_root (parser));

  return g_string_free_to_bytes (text);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, size);
}

static void
test_bad_input (gconstpointer user_data)
{
  const BadCase *bad = user_data;
  g_autofree char *dir = make_dir ();
  g_autofree char *db_path = g_build_filename (dir, "desk.db", NULL);
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *file_path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GBytes) valid = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) dump_before = NULL;
  g_autoptr(GBytes) dump_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 start;
  Community c = { NULL };

  generate_community (store, &c);
  valid = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  document = make_bad_document (valid, bad->edit);
  g_assert_true (g_file_set_contents (file_path, g_bytes_get_data (document, NULL),
                                      g_bytes_get_size (document), NULL));

  /* The file as it rests: closed, the WAL checkpointed into it */
  dump_before = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal_path, G_FILE_TEST_EXISTS));
  before = read_bytes (db_path);

  store = kon_test_open_store (dir, "desk.db");
  start = g_get_monotonic_time ();
  report = kon_exchange_import (store, document, NULL, &error);
  g_test_message ("%s: %s (%.0f ms)", bad->name, error != NULL ? error->message : "(no error)",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, bad->code);
  g_assert_nonnull (strstr (error->message, bad->in_message));

  /* The same through a file: read once, refused the same way */
  file = g_file_new_for_path (file_path);
  report = kon_exchange_import_file (store, file, NULL, &file_error);
  g_assert_null (report);
  g_assert_error (file_error, KON_EXCHANGE_ERROR, bad->code);
  g_assert_cmpstr (file_error->message, ==, error->message);

  if (bad->edit == EDIT_GARBAGE_100MB)
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* Nothing changed: the same rows, and the same bytes on disk */
  g_clear_object (&store);
  after = read_bytes (db_path);
  g_assert_true (g_bytes_equal (before, after));

  store = kon_test_open_store (dir, "desk.db");
  dump_after = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (dump_before, dump_after);

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* A file above the limit is refused before it is read (between
 * KON_EXCHANGE_MAX_SIZE and this limit only a document with the
 * attachments' content is read: test-exchange-content.c) */
static void
test_too_big (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) KON_EXCHANGE_MAX_SIZE_WITH_CONTENT + 1), ==, 0);   /* sparse */
  close (fd);

  report = kon_exchange_import_file (store, file, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG);

  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* Export over an existing file: replaced whole, no temporary file left */
static void
test_export_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *path = g_build_filename (out_dir, "export.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *summary = NULL;
  guint counts[KON_EXCHANGE_N_KINDS] = { 0 };
  Community c = { NULL };

  generate_community (store, &c);
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));

  g_assert_true (kon_exchange_export_file (store, file, KON_EXCHANGE_FLAGS_NONE, counts, NULL, &error));
  g_assert_no_error (error);
  expected = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  written = read_bytes (path);
  assert_bytes_equal (expected, written);

  summary = kon_exchange_describe_export (counts, "export.json");
  g_assert_cmpstr (summary, ==, "Exported 21 partners, 30 persons, 8 bodies, 4 seats and 40 roles to export.json.");

  listing = g_dir_open (out_dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "export.json");
  g_assert_null (g_dir_read_name (listing));

  /* A folder is not a file */
  g_assert_false (kon_exchange_export_file (store, folder, KON_EXCHANGE_FLAGS_NONE, NULL, NULL, &error));
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE);

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* In a thread, on a second connection */

typedef struct
{
  GMainLoop         *loop;
  GArray            *fractions;
  GPtrArray         *events;    /* "changed:TABLE", "progress", "done" */
  KonExchangeReport *report;
  GError            *error;
  gboolean           exported;
  gboolean           progress_data_freed;
} AsyncState;

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  AsyncState *state = user_data;

  g_array_append_val (state->fractions, fraction);
}

static void
on_progress_data_free (gpointer user_data)
{
  AsyncState *state = user_data;

  state->progress_data_freed = TRUE;
}

static void
on_async_changed_cb (KonStore       *store,
                     const char     *table,
                     const char     *uuid,
                     KonStoreChange  change,
                     gpointer        user_data)
{
  AsyncState *state = user_data;

  g_ptr_array_add (state->events, g_strdup_printf ("changed:%s", table));
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncState *state = user_data;

  g_ptr_array_add (state->events, g_strdup ("done"));
  state->report = kon_exchange_import_file_finish (KON_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncState *state = user_data;

  state->exported = kon_exchange_export_file_finish (KON_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
async_state_init (AsyncState *state)
{
  memset (state, 0, sizeof *state);
  state->loop = g_main_loop_new (NULL, FALSE);
  state->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  state->events = g_ptr_array_new_with_free_func (g_free);
}

static void
async_state_clear (AsyncState *state)
{
  g_main_loop_unref (state->loop);
  g_array_unref (state->fractions);
  g_ptr_array_unref (state->events);
  g_clear_pointer (&state->report, kon_exchange_report_free);
  g_clear_error (&state->error);
}

static void
test_async (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "a.json", NULL);
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) in_b = NULL;
  g_autoptr(GBytes) b_before = NULL;
  g_autoptr(GBytes) b_after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state;
  Community c = { NULL };

  generate_community (a, &c);

  /* Export in a thread */
  async_state_init (&state);
  kon_exchange_export_file_async (a, file, KON_EXCHANGE_FLAGS_NONE, NULL, on_progress_cb, &state,
                                  on_progress_data_free, on_export_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.exported);
  expected = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  written = read_bytes (path);
  assert_bytes_equal (expected, written);
  g_assert_cmpuint (state.fractions->len, >, 0);
  while (!state.progress_data_freed)
    g_main_context_iteration (NULL, TRUE);
  async_state_clear (&state);

  /* Import in a thread: progress rises to 1, KonStore::changed on the
   * caller's store before the callback */
  async_state_init (&state);
  g_signal_connect (b, "changed", G_CALLBACK (on_async_changed_cb), &state);
  kon_exchange_import_file_async (b, file, NULL, on_progress_cb, &state, NULL,
                                  on_import_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.report);
  g_assert_cmpuint (state.report->added[KON_EXCHANGE_KIND_ROLE], ==, 40);
  g_assert_cmpuint (state.fractions->len, >=, 2);
  for (guint i = 1; i < state.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (state.fractions, double, i), >=,
                       g_array_index (state.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (state.fractions, double, state.fractions->len - 1), ==, 1.0);
  g_assert_true (g_ptr_array_find_with_equal_func (state.events, "changed:person", g_str_equal, NULL));
  g_assert_cmpstr (state.events->pdata[state.events->len - 1], ==, "done");
  in_b = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (expected, in_b);
  g_signal_handlers_disconnect_by_data (b, &state);
  async_state_clear (&state);

  /* Cancelled before it starts: nothing imported */
  {
    g_autoptr(KonStore) empty = kon_test_open_store (dir, "empty.db");

    b_before = kon_test_export (empty, KON_EXCHANGE_FLAGS_NONE);
    async_state_init (&state);
    g_cancellable_cancel (cancellable);
    kon_exchange_import_file_async (empty, file, cancellable, NULL, NULL, NULL, on_import_done_cb, &state);
    g_main_loop_run (state.loop);
    g_assert_null (state.report);
    g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (kon_test_count_rows (empty, &kon_person_table), ==, 0);
    b_after = kon_test_export (empty, KON_EXCHANGE_FLAGS_NONE);
    assert_bytes_equal (b_before, b_after);
    async_state_clear (&state);
  }

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* The headless command line: konsensus --database DB --import/--export */

static int
run_konsensus (const char * const *args,
               const char         *as_user,   /* nullable: "nobody" drops root */
               char              **out_stdout,
               char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = 0;

  if (as_user != NULL && geteuid () == 0)
    {
      g_ptr_array_add (argv, (gpointer) "setpriv");
      g_ptr_array_add (argv, (gpointer) "--reuid=65534");
      g_ptr_array_add (argv, (gpointer) "--regid=65534");
      g_ptr_array_add (argv, (gpointer) "--clear-groups");
    }

  g_ptr_array_add (argv, (gpointer) g_getenv ("KONSENSUS_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No display, no session bus: the headless commands need neither */
  env = g_environ_setenv (env, "LANG", "C", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  env = g_environ_setenv (env, "HOME", "/nonexistent", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s → %d\nstdout: %s\nstderr: %s", args[1], status, *out_stdout, *out_stderr);

  return WIFEXITED (status) ? WEXITSTATUS (status) : 255;
}

static void
test_cli (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *db_b = g_build_filename (dir, "b.db", NULL);
  g_autofree char *json = g_build_filename (dir, "a.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *locked_json = g_build_filename (locked, "a.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *db_new = g_build_filename (dir, "new", "c.db", NULL);
  g_autofree char *db_new_wal = g_strconcat (db_new, "-wal", NULL);
  g_autofree char *db_new_shm = g_strconcat (db_new, "-shm", NULL);
  g_autofree char *new_dir = g_path_get_dirname (db_new);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "a.db");
  g_autoptr(GBytes) valid = NULL;
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *expected = NULL;
  char *out = NULL;
  char *err = NULL;
  Community c = { NULL };

  generate_community (store, &c);
  valid = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  broken = make_bad_document (valid, EDIT_MISSING_PERSON);
  g_assert_true (g_file_set_contents (bad, g_bytes_get_data (broken, NULL), g_bytes_get_size (broken), NULL));
  g_clear_object (&store);

  /* Export */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", json, NULL },
                                  NULL, &out, &err), ==, 0);
  expected = g_strdup_printf ("Exported 21 partners, 30 persons, 8 bodies, 4 seats and 40 roles to %s.\n", json);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&expected, g_free);

  /* Into a database that is not there: refused, and nothing created
   * (a typing error must not become an empty database) */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_b, "--import", json, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, !=, "");
  g_assert_false (g_file_test (db_b, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Import into a new database */
  g_clear_object (&store);
  store = kon_test_open_store (dir, "b.db");
  g_clear_object (&store);
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_b, "--import", json, NULL },
                                  NULL, &out, &err), ==, 0);
  expected = g_strdup_printf ("Imported 21 partners, 30 persons, 8 bodies, 4 seats and 40 roles from %s "
                              "(103 new, 0 updated, 0 conflicts).\n", json);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&expected, g_free);

  /* Bad input: non-zero, one line that says where, nothing changed */
  before = read_bytes (db_b);
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_b, "--import", bad, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "At $.roles[3].person: the person"));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);   /* one line */
  after = read_bytes (db_b);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same with --create: the database is there, and stays as it was */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_b, "--create", "--import", bad, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "At $.roles[3].person: the person"));
  g_clear_pointer (&after, g_bytes_unref);
  after = read_bytes (db_b);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A database the refused import was to start is not left behind,
   * empty, nor its folder */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_new, "--create", "--import", bad, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "At $.roles[3].person: the person"));
  g_assert_false (g_file_test (db_new, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (db_new_wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (db_new_shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (new_dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* In a folder that is there: the folder stays */
  g_assert_cmpint (g_mkdir (new_dir, 0700), ==, 0);
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_new, "--create", "--import", missing, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_false (g_file_test (db_new, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (db_new_wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (db_new_shm, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (new_dir, G_FILE_TEST_IS_DIR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A good import with --create keeps what it made */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_new, "--create", "--import", json, NULL },
                                  NULL, &out, &err), ==, 0);
  g_assert_true (g_file_test (db_new, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db_b, "--import", missing, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "The file does not exist."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A read-only folder, as a user who may not write there */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", locked_json, NULL },
                                  "nobody", &out, &err), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "read-only"));
  g_assert_false (g_file_test (locked_json, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Both at once makes no sense */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", json,
                                                     "--import", json, NULL },
                                  NULL, &out, &err), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  community_clear (&c);
  kon_test_remove_tree (dir);
}

/* The sizes are not round, so that a batch of rows written together
 * (the backend writes up to 64 rows to a statement) ends part way */
#define INSERT_BATCH 64

/* A larger community: written many rows to a statement into empty
 * tables, the search index in one go; and row by row into tables that
 * hold rows already */
static void
test_large (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) fresh = kon_test_open_store (dir, "fresh.db");
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) c = kon_test_open_store (dir, "c.db");
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) partial = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autofree char *fresh_schema = dump_schema (fresh);
  g_autofree char *schema = NULL;
  const guint n_partners = 2 * INSERT_BATCH + 3;
  const guint n_persons = 5 * INSERT_BATCH + 1;
  const guint n_bodies = 2 * INSERT_BATCH + 30;
  const guint n_roles = 11 * INSERT_BATCH + 17;
  guint n_bo = 0;
  guint n_bodo = 0;

  document = kon_test_generate_community (n_partners, n_persons, n_bodies, n_roles, &n_bo, &n_bodo, &partial);
  g_assert_cmpuint (n_bo, >, 0);
  g_assert_cmpuint (n_bodo, >, 0);

  /* Into an empty database, and out again: the same bytes */
  report = kon_test_import (a, document);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PARTNER], ==, n_partners);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PERSON], ==, n_persons);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_BODY], ==, n_bodies);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_ROLE], ==, n_roles);
  g_assert_cmpuint (kon_test_count_rows (a, &kon_role_table), ==, n_roles);
  exported = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (document, exported);
  g_clear_pointer (&exported, g_bytes_unref);
  g_clear_pointer (&report, kon_exchange_report_free);

  /* The import left the schema as it was */
  schema = dump_schema (a);
  g_assert_cmpstr (schema, ==, fresh_schema);
  g_clear_pointer (&schema, g_free);

  /* Every new person can be searched for: "Bø" is not "Bodø" */
  /* (a person search also finds the people of a partner so named) */
  g_assert_cmpuint (count_search_hits (a, "Bø"), >=, n_bo);
  g_assert_cmpuint (count_search_hits (a, "bodø"), >=, n_bodo);
  g_assert_cmpuint (count_search_hits (a, "Bo"), ==, count_search_hits (a, "bodø"));

  /* Again: nothing new, nothing twice */
  report = kon_test_import (a, document);
  g_assert_cmpuint (kon_exchange_report_count (report, report->added), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (report, report->updated), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (report, report->conflicts), ==, 0);
  g_assert_cmpuint (kon_test_count_rows (a, &kon_person_table), ==, n_persons);
  exported = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (document, exported);
  g_clear_pointer (&exported, g_bytes_unref);
  g_clear_pointer (&report, kon_exchange_report_free);

  /* Into a database that holds the partners and the top bodies already:
   * the other bodies row by row, each after the body that set it up */
  report = kon_test_import (c, partial);
  g_clear_pointer (&report, kon_exchange_report_free);
  report = kon_test_import (c, document);
  g_assert_cmpuint (report->unchanged[KON_EXCHANGE_KIND_PARTNER], ==, n_partners);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_BODY] + report->unchanged[KON_EXCHANGE_KIND_BODY],
                    ==, n_bodies);
  g_assert_cmpuint (report->unchanged[KON_EXCHANGE_KIND_BODY], >, 0);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_ROLE], ==, n_roles);
  exported = kon_test_export (c, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (document, exported);
  g_assert_cmpuint (count_search_hits (c, "Bø"), ==, count_search_hits (a, "Bø"));
  g_assert_cmpuint (count_search_hits (c, "bodø"), ==, count_search_hits (a, "bodø"));
  schema = dump_schema (c);
  g_assert_cmpstr (schema, ==, fresh_schema);

  g_clear_object (&fresh);
  g_clear_object (&a);
  g_clear_object (&c);
  kon_test_remove_tree (dir);
}

/* A document large enough to be read in chunks by a thread while it is
 * merged: what is wrong far into it is found all the same, said at its
 * path, before anything the merge met, and nothing is imported */
typedef struct
{
  const char *member;
  guint       index;
  const char *key;
  const char *value;      /* JSON; "$.persons[10].uuid": that uuid */
  const char *message;    /* in the error */
} LateCase;

static const LateCase late_cases[] = {
  { "persons", 2900, "name", "5", "At $.persons[2900].name: expected text, found" },
  { "roles", 2990, "person", "\"0b4a5e1c-0000-4000-8000-000000000000\"",
    "At $.roles[2990].person: the person “0b4a5e1c-0000-4000-8000-000000000000” is not in the file." },
  { "roles", 2995, "uuid", "$.persons[10].uuid", "At $.roles[2995].uuid: the UUID" },
  /* (the merge meets this one first, as a second row with one uuid) */
  { "persons", 2950, "uuid", "$.persons[10].uuid", "At $.persons[2950].uuid: the UUID" },
  { "bodies", 39, "parent", "\"0b4a5e1c-0000-4000-8000-000000000001\"",
    "At $.bodies[39].parent: the body “0b4a5e1c-0000-4000-8000-000000000001” is not in the file." },
};

static void
test_large_late_error (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) store = kon_test_open_store (dir, "a.db");
  g_autoptr(GBytes) document = kon_test_generate_community (20, 3000, 40, 3000, NULL, NULL, NULL);
  g_autoptr(KonExchangeReport) report = NULL;

  /* Larger than what is read without a thread */
  g_assert_cmpuint (g_bytes_get_size (document), >, 512 * 1024);

  for (guint i = 0; i < G_N_ELEMENTS (late_cases); i++)
    {
      const LateCase *c = &late_cases[i];
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonParser) value_parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bad = NULL;
      JsonObject *root, *row;
      char *text;
      gsize length;

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (document, NULL),
                                                 g_bytes_get_size (document), &error));
      root = json_node_get_object (json_parser_get_root (parser));
      row = json_array_get_object_element (json_object_get_array_member (root, c->member), c->index);
      if (g_str_equal (c->value, "$.persons[10].uuid"))
        json_object_set_string_member (row, c->key,
                                       json_object_get_string_member (json_array_get_object_element (
                                         json_object_get_array_member (root, "persons"), 10), "uuid"));
      else
        {
          g_assert_true (json_parser_load_from_data (value_parser, c->value, -1, &error));
          json_object_set_member (row, c->key, json_node_copy (json_parser_get_root (value_parser)));
        }
      json_generator_set_root (generator, json_parser_get_root (parser));
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, &length);
      /* (json-glib 1.6 writes U+001F as it is: not JSON) */
      {
        g_autoptr(GString) escaped = g_string_new (text);

        g_free (text);

        g_string_replace (escaped, "\x1f", "\\u001f", 0);
        length = escaped->len;
        bad = g_bytes_new_take (g_string_free (g_steal_pointer (&escaped), FALSE), length);
      }

      report = kon_exchange_import (store, bad, NULL, &error);
      g_assert_null (report);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, c->message))
        g_error ("%s[%u].%s: expected “%s…”, got “%s”", c->member, c->index, c->key, c->message, error->message);
      g_assert_cmpuint (kon_test_count_rows (store, &kon_partner_table), ==, 0);
      g_assert_cmpuint (kon_test_count_rows (store, &kon_person_table), ==, 0);
      g_assert_cmpuint (kon_test_count_rows (store, &kon_role_table), ==, 0);
    }

  /* The document as it was imports whole */
  report = kon_test_import (store, document);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PERSON], ==, 3000);
  g_assert_cmpuint (kon_test_count_rows (store, &kon_role_table), ==, 3000);

  /* Closed, the database is one file again: the import's log copied in
   * (by a checkpoint after the commit, which the close waits for) */
  g_clear_object (&store);
  {
    g_autofree char *wal = g_build_filename (dir, "a.db-wal", NULL);
    g_autofree char *path = g_build_filename (dir, "a.db", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    store = kon_store_open (path, NULL);
    g_assert_nonnull (store);
    g_assert_cmpuint (kon_test_count_rows (store, &kon_person_table), ==, 3000);
    g_clear_object (&store);
  }
  kon_test_remove_tree (dir);
}

/* A database that holds nothing but a community of its own (an export
 * of a new database makes one) takes the community of the file */
static void
test_other_community_into_new (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonCommunity) before = NULL;
  g_autoptr(KonCommunity) after = NULL;
  g_autoptr(GError) error = NULL;
  Community c = { NULL };

  empty = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  before = kon_org_get_community (b, &error);
  g_assert_nonnull (before);

  generate_community (a, &c);
  document = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  g_assert_false (g_bytes_equal (empty, document));

  report = kon_test_import (b, document);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_COMMUNITY], ==, 1);
  after = kon_org_get_community (b, &error);
  g_assert_cmpstr (after->uuid, !=, before->uuid);
  g_assert_cmpstr (after->name, ==, "Helsefellesskapet Lofoten, Vesterålen og Salten");
  g_assert_cmpuint (kon_test_count_rows (b, &kon_community_table), ==, 1);
  exported = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (document, exported);

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* The hash a row's exchange state is kept by is stored in every
 * database: it must not change from one version to the next (every row
 * would look changed here, and every exchange would be a conflict) */
static char *
row_hash_hex (const KonTable *table,
              gconstpointer   row)
{
  KonRowHash hash;
  char hex[2 * KON_ROW_HASH_SIZE + 1];

  kon_table_row_hash (table, row, &hash);
  g_assert_true (hash.set);
  for (guint i = 0; i < KON_ROW_HASH_SIZE; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", hash.bytes[i]);

  return g_strdup (hex);
}

static void
test_hash_stable (void)
{
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(KonPerson) person = kon_person_new ();
  g_autofree char *hash = NULL;
  g_autofree char *other = NULL;

  g_free (partner->uuid);
  partner->uuid = g_strdup ("0337c5c1-87c2-42bb-8c2c-29c9e89e0dca");
  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  partner->region = g_strdup ("Vesterålen");
  g_free (partner->name);
  partner->name = g_strdup ("Bø kommune");
  g_free (partner->short_name);
  partner->short_name = g_strdup ("Bø");
  g_strfreev (partner->aliases);
  partner->aliases = g_strsplit ("Bø i Vesterålen,Bø", ",", -1);

  hash = row_hash_hex (&kon_partner_table, partner);
  g_assert_cmpstr (hash, ==, "e812baf37b3ea1d8834916814b5ff043");

  /* Any change is another hash, a moved boundary between fields too */
  g_free (partner->short_name);
  partner->short_name = g_strdup ("Bø ");
  other = row_hash_hex (&kon_partner_table, partner);
  g_assert_cmpstr (hash, !=, other);
  g_clear_pointer (&hash, g_free);
  g_clear_pointer (&other, g_free);

  /* The revision is not part of what is exchanged */
  partner->revision = 7;
  hash = row_hash_hex (&kon_partner_table, partner);
  partner->revision = 8;
  other = row_hash_hex (&kon_partner_table, partner);
  g_assert_cmpstr (hash, ==, other);
  g_clear_pointer (&hash, g_free);
  g_clear_pointer (&other, g_free);

  g_free (person->uuid);
  person->uuid = g_strdup ("0467759d-8dc5-4da6-8b30-a05fdc2c2be7");
  g_free (person->name);
  person->name = g_strdup ("Kari");
  person->title = g_strdup ("Nordmann");
  hash = row_hash_hex (&kon_person_table, person);
  g_free (person->name);
  g_free (person->title);
  person->name = g_strdup ("Kari Nordmann");
  person->title = NULL;
  other = row_hash_hex (&kon_person_table, person);
  g_assert_cmpstr (hash, !=, other);
}

/* A UUID is unique across all tables of the database, not only within
 * one: a file that would give a person the UUID of a partner already here
 * is refused (the next export would hold it twice, and import nowhere) */
static void
test_uuid_in_other_table (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) valid = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autofree char *expected = NULL;
  JsonArray *persons;
  JsonObject *person;
  GString *text;
  g_autoptr(GBytes) document = NULL;
  Community c = { NULL };

  generate_community (a, &c);
  valid = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  report = kon_test_import (b, valid);
  g_clear_pointer (&report, kon_exchange_report_free);

  /* B adds a partner; A's next file has a new person with its UUID */
  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  g_free (partner->name);
  partner->name = g_strdup ("Hamarøy kommune");
  g_assert_true (kon_org_save_partner (b, partner, &error));
  g_assert_no_error (error);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (valid, NULL),
                                             g_bytes_get_size (valid), NULL));
  persons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "persons");
  g_assert_cmpuint (json_array_get_length (persons), ==, 30);
  {
    /* A copy of the first person, member by member (json_node_copy ()
     * would share the object) */
    JsonObject *first = json_array_get_object_element (persons, 0);
    g_autoptr(GList) members = json_object_get_members (first);

    person = json_object_new ();
    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (person, l->data, json_node_copy (json_object_get_member (first, l->data)));
    json_object_set_string_member (person, "uuid", partner->uuid);
    json_array_add_object_element (persons, person);
  }
  text = g_string_new (NULL);
  write_node (text, json_parser_get_root (parser));
  document = g_string_free_to_bytes (text);

  before = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  report = kon_exchange_import (b, document, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DUPLICATE);
  expected = g_strdup_printf ("At $.persons[30].uuid: this database already has a partner with "
                              "the UUID “%s”. Every row needs a UUID of its own, whatever its "
                              "kind; nothing was imported.", partner->uuid);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Nothing changed */
  g_assert_cmpuint (kon_test_count_rows (b, &kon_person_table), ==, 30);
  g_assert_cmpuint (kon_test_count_rows (b, &kon_partner_table), ==, 22);
  after = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (before, after);

  /* Into the database it came from, the same: A has no partner with that
   * UUID, so there the file is fine */
  report = kon_test_import (a, document);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PERSON], ==, 1);

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* What json-glib 1.6 accepts but is not JSON, and duplicate keys (json-glib
 * keeps the last one): refused as a syntax error, with line and column */
typedef struct
{
  const char *name;
  const char *find;       /* in an export of the empty template */
  const char *replace;
  const char *in_message;
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
  { "duplicate-key", "  \"version\" : 3,\n", "  \"version\" : 2,\n  \"version\" : 2,\n", "Line 4, column 3 ($.version): the key “version” appears twice" },
  { "single-quotes", "\"format\" : \"konsensus-exchange\"", "'format' : \"konsensus-exchange\"", "Line 2, column 3 ($): strings must be in double quotes" },
  { "block-comment", "  \"version\" : 3,\n", "  /* a note */\n  \"version\" : 2,\n", "Line 3, column 3 ($): comments are not allowed" },
  { "line-comment", "  \"version\" : 3,\n", "  // a note\n  \"version\" : 2,\n", "Line 3, column 3 ($): comments are not allowed" },
  { "hex", "\"version\" : 3,", "\"version\" : 0x3,", "Line 3, column 15 ($.version): hexadecimal numbers" },
  { "nan", "\"user_representatives_per_body\" : 0", "\"user_representatives_per_body\" : NaN", "Line 7, column 39 ($.community.user_representatives_per_body): NaN" },
  { "trailing-comma", "\"case_attachments\" : []\n}", "\"case_attachments\" : [],\n}", "Line 19, column 26 ($): a comma before “}”" },
  { "trailing-comma-array", "\"partners\" : []", "\"partners\" : [ 1, ]", "Line 10, column 19 ($.partners[1]): a comma before “]”" },
};

static void
test_not_strict_json (gconstpointer user_data)
{
  const SyntaxCase *bad = user_data;
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (g_getenv ("MESON_SOURCE_ROOT"), "data", "templates",
                                            "empty.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GBytes) valid = read_bytes (path);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (valid, NULL), g_bytes_get_size (valid));

  /* The edit is made exactly once */
  g_assert_cmpuint (g_string_replace (text, bad->find, bad->replace, 0), ==, 1);
  document = g_bytes_new (text->str, text->len);

  before = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  report = kon_exchange_import (store, document, NULL, &error);
  g_test_message ("%s: %s", bad->name, error != NULL ? error->message : "(no error)");
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "This is not a Konsensus exchange document: "));
  g_assert_nonnull (strstr (error->message, bad->in_message));
  after = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (before, after);

  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* The shipped empty template has no bodies (nor anything else): it
 * imports, and exports again as it was */
static void
test_empty_template (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (g_getenv ("MESON_SOURCE_ROOT"), "data", "templates",
                                            "empty.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GBytes) original = read_bytes (path);
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonExchangeReport) again = NULL;

  report = kon_test_import (store, original);
  g_assert_cmpuint (report->in_file[KON_EXCHANGE_KIND_BODY], ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (report, report->in_file), ==, 1);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_COMMUNITY], ==, 1);
  exported = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (original, exported);
  again = kon_test_import (store, original);
  g_assert_cmpuint (again->unchanged[KON_EXCHANGE_KIND_COMMUNITY], ==, 1);

  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* A backup only reads: it works from a database this user cannot write */
static void
test_export_read_only (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *db_dir = g_build_filename (dir, "db", NULL);
  g_autofree char *db = g_build_filename (db_dir, "desk.db", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *json = g_build_filename (out_dir, "backup.json", NULL);
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autofree char *expected_out = NULL;
  char *out = NULL;
  char *err = NULL;
  Community c = { NULL };

  g_assert_cmpint (g_mkdir (db_dir, 0755), ==, 0);
  store = kon_test_open_store (db_dir, "desk.db");
  generate_community (store, &c);
  g_clear_object (&store);
  db_before = read_bytes (db);

  /* The database's folder and file read-only for the user who exports
   * (nobody, when the test runs as root), the backup's folder writable */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (out_dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (out_dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (db, 0444), ==, 0);
  g_assert_cmpint (g_chmod (db_dir, 0555), ==, 0);

  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", json, NULL },
                                  "nobody", &out, &err), ==, 0);
  expected_out = g_strdup_printf ("Exported 21 partners, 30 persons, 8 bodies, 4 seats and 40 roles to %s.\n", json);
  g_assert_cmpstr (out, ==, expected_out);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing written to the database, and the same document as a desk
   * that may write exports */
  db_after = read_bytes (db);
  g_assert_true (g_bytes_equal (db_before, db_after));
  g_assert_cmpint (g_chmod (db_dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  store = kon_test_open_store (db_dir, "desk.db");
  expected = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  written = read_bytes (json);
  assert_bytes_equal (expected, written);

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* A hand-written file may write an unset list as null, as the format
 * writes every unset key: read as an empty list, exported as [] */
static void
test_null_list (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) valid = NULL;
  g_autoptr(GBytes) edited = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonPartner) partner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  JsonObject *first;
  Community c = { NULL };

  generate_community (a, &c);
  valid = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);

  /* Every partner's aliases null, those with aliases too */
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (valid, NULL),
                                             (gssize) g_bytes_get_size (valid), NULL));
  {
    JsonArray *partners = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                        "partners");

    for (guint i = 0; i < json_array_get_length (partners); i++)
      json_object_set_null_member (json_array_get_object_element (partners, i), "aliases");
  }
  first = array_element (json_node_get_object (json_parser_get_root (parser)), "partners", 0);
  text = g_string_new (NULL);
  write_node (text, json_parser_get_root (parser));
  g_assert_nonnull (strstr (text->str, "\"aliases\":null"));
  edited = g_string_free_to_bytes (g_steal_pointer (&text));

  report = kon_exchange_import (b, edited, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PARTNER], ==, 21);

  partner = kon_org_get_partner (b, json_object_get_string_member (first, "uuid"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (partner->aliases);
  g_assert_null (partner->aliases[0]);

  /* Written as [] again, never null */
  exported = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  g_assert_null (g_strstr_len (g_bytes_get_data (exported, NULL), (gssize) g_bytes_get_size (exported),
                               "\"aliases\" : null"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (exported, NULL), (gssize) g_bytes_get_size (exported),
                                  "\"aliases\" : []"));

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* A backup while another desk holds the write lock: it reads one
 * snapshot, and does not wait for the lock to record what it exported */
static void
test_export_while_locked (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GBytes) locked = NULL;
  g_autoptr(GBytes) unlocked = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;
  gint64 start;
  Community c = { NULL };

  generate_community (store, &c);

  /* Another process's connection, in the middle of a write */
  g_assert_cmpint (sqlite3_open_v2 (kon_store_get_path (store), &other, SQLITE_OPEN_READWRITE, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  locked = kon_exchange_export (store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_test_message ("export while locked: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_nonnull (locked);

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  /* The same document; this time the export is recorded */
  unlocked = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (locked, unlocked);

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

static gint64
query_count (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* A backup of a database not open yet, taken while another desk holds
 * the write lock: opening it asks for no lock when it has nothing to
 * write, and leaves what can wait (sort keys for another collation,
 * pruning the change log) to the next open instead of waiting through
 * the busy timeout.  The backup holds what was committed. */
static void
test_open_while_locked (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *db = g_build_filename (dir, "desk.db", NULL);
  g_autofree char *json = g_build_filename (dir, "backup.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) exported = NULL;
  sqlite3 *other = NULL;
  gint64 n_changes;
  gint64 elapsed;
  char *out = NULL;
  char *err = NULL;
  Community c = { NULL };

  generate_community (store, &c);
  expected = kon_test_export (store, KON_EXCHANGE_FLAGS_NONE);
  g_clear_object (&store);

  /* Housekeeping due at the next open: sort keys made with another
   * collation, and a change log longer than the 10,000 kept */
  g_assert_cmpint (sqlite3_open_v2 (db, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other,
                                 "UPDATE meta SET value = 'xx_XX.UTF-8' WHERE key = 'collation';"
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10100) "
                                 "INSERT INTO change_log (tbl, uuid, change) SELECT 'person', NULL, 3 FROM n;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  n_changes = query_count (other, "SELECT count(*) FROM change_log");
  g_assert_cmpint (n_changes, >, 10100);

  /* Another desk in the middle of a write */
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE; UPDATE person SET title = 'Not committed';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  elapsed = g_get_monotonic_time ();
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", json, NULL },
                                  NULL, &out, &err), ==, 0);
  elapsed = g_get_monotonic_time () - elapsed;
  g_test_message ("open and export while locked: %.0f ms", elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND / 2);
  g_assert_cmpstr (err, ==, "");
  exported = read_bytes (json);
  assert_bytes_equal (expected, exported);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing done while locked; done at the next open */
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_count (other, "SELECT count(*) FROM change_log"), ==, n_changes);
  g_assert_cmpint (query_count (other, "SELECT count(*) FROM meta "
                                       "WHERE key = 'collation' AND value = 'xx_XX.UTF-8'"), ==, 1);

  store = kon_test_open_store (dir, "desk.db");
  g_assert_cmpint (query_count (other, "SELECT count(*) FROM change_log"), <=, 10001);
  g_assert_cmpint (query_count (other, "SELECT count(*) FROM meta "
                                       "WHERE key = 'collation' AND value = 'xx_XX.UTF-8'"), ==, 0);
  sqlite3_close (other);

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

/* Two desks each move a body under the other's: each change is sound,
 * together they loop.  The import is refused whole, nothing merged. */
static void
test_cycle_with_database (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(KonBody) q = kon_body_new ();
  g_autoptr(KonBody) p_in_a = NULL;
  g_autoptr(KonBody) q_in_b = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  const char *p_uuid = NULL;
  Community c = { NULL };

  generate_community (a, &c);
  q->kind = KON_BODY_KIND_SSU;
  g_free (q->name);
  q->name = g_strdup ("Arbeidsgruppe Q");
  g_assert_true (kon_org_save_body (a, q, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < c.bodies->len && p_uuid == NULL; i++)
    if (((KonBody *) c.bodies->pdata[i])->parent_uuid == NULL)
      p_uuid = KON_ROW_UUID (c.bodies->pdata[i]);
  g_assert_nonnull (p_uuid);

  bytes = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  report = kon_test_import (b, bytes);
  g_clear_pointer (&report, kon_exchange_report_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A: P under Q.  B: Q under P. */
  p_in_a = kon_org_get_body (a, p_uuid, &error);
  g_assert_no_error (error);
  g_free (p_in_a->parent_uuid);
  p_in_a->parent_uuid = g_strdup (q->uuid);
  g_assert_true (kon_org_save_body (a, p_in_a, &error));
  g_assert_no_error (error);
  q_in_b = kon_org_get_body (b, q->uuid, &error);
  g_assert_no_error (error);
  g_free (q_in_b->parent_uuid);
  q_in_b->parent_uuid = g_strdup (p_uuid);
  g_assert_true (kon_org_save_body (b, q_in_b, &error));
  g_assert_no_error (error);

  bytes = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  before = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  report = kon_exchange_import (b, bytes, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "would be set up by one of its own sub-bodies. "
                                            "Nothing was imported."));
  after = kon_test_export (b, KON_EXCHANGE_FLAGS_NONE);
  assert_bytes_equal (before, after);

  community_clear (&c);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* A file that is not there, and an export cancelled before it starts */
static void
test_read_error_and_cancelled_export (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *out = g_build_filename (dir, "out.json", NULL);
  g_autoptr(KonStore) store = kon_test_open_store (dir, "desk.db");
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  AsyncState state;
  Community c = { NULL };

  generate_community (store, &c);

  report = kon_exchange_import_file (store, missing_file, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ);
  g_assert_cmpstr (error->message, ==, "The file does not exist.");
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_false (kon_exchange_export_file (store, out_file, KON_EXCHANGE_FLAGS_NONE, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  async_state_init (&state);
  kon_exchange_export_file_async (store, out_file, KON_EXCHANGE_FLAGS_NONE, cancellable,
                                  NULL, NULL, NULL, on_export_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_false (state.exported);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  async_state_clear (&state);

  community_clear (&c);
  g_clear_object (&store);
  kon_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* The messages tested are the English source strings */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add_func ("/exchange/round-trip", test_round_trip);
  g_test_add_func ("/exchange/templates-round-trip", test_templates_round_trip);
  g_test_add_func ("/exchange/schema", test_schema);
  g_test_add_func ("/exchange/merge", test_merge);
  g_test_add_func ("/exchange/conflict", test_conflict);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/exchange/bad-input/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad_input);
    }
  g_test_add_func ("/exchange/large", test_large);
  g_test_add_func ("/exchange/large-late-error", test_large_late_error);
  g_test_add_func ("/exchange/other-community-into-new", test_other_community_into_new);
  g_test_add_func ("/exchange/hash-stable", test_hash_stable);
  g_test_add_func ("/exchange/too-big", test_too_big);
  g_test_add_func ("/exchange/export-file", test_export_file);
  g_test_add_func ("/exchange/async", test_async);
  g_test_add_func ("/exchange/cli", test_cli);
  g_test_add_func ("/exchange/uuid-in-other-table", test_uuid_in_other_table);
  g_test_add_func ("/exchange/empty-template", test_empty_template);
  g_test_add_func ("/exchange/export-read-only", test_export_read_only);
  g_test_add_func ("/exchange/null-list", test_null_list);
  g_test_add_func ("/exchange/export-while-locked", test_export_while_locked);
  g_test_add_func ("/exchange/open-while-locked", test_open_while_locked);
  g_test_add_func ("/exchange/cycle-with-database", test_cycle_with_database);
  g_test_add_func ("/exchange/read-error-and-cancelled-export", test_read_error_and_cancelled_export);
  g_test_add_func ("/exchange/version-1", test_version_1);
  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/exchange/not-strict-json/%s", syntax_cases[i].name);
      g_test_add_data_func (path, &syntax_cases[i], test_not_strict_json);
    }

  return g_test_run ();
}
