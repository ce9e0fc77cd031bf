/* kon-test-util.c: helpers the core tests and benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kon-test-util.h"

/* Names with Æ, Ø and Å, and texts that JSON must escape */
const char * const kon_test_first_names[KON_TEST_N_FIRST_NAMES] = {
  "Kari", "Ola", "Åse", "Øystein", "Ærlig", "Bjørn", "Ingrid", "Håkon", "Siv", "Tor",
};
const char * const kon_test_last_names[KON_TEST_N_LAST_NAMES] = {
  "Nordmann", "Bø", "Bodø", "Sørensen", "Åsheim", "Ødegård", "Hansen", "Ås",
};
const char * const kon_test_regions[KON_TEST_N_REGIONS] = { "Lofoten", "Salten", "Vesterålen" };
const char * const kon_test_tricky[KON_TEST_N_TRICKY] = {
  "«Sitat» med \"anførselstegn\" og \\skråstrek\\",
  "Linje én\nLinje to\tmed tab",
  "Kontrolltegn \x01\x1f og NBSP\xc2\xa0her",
  "Emoji 🏥 og linjeskille \xe2\x80\xa8 slutt",
  "Æ Ø Å æ ø å",
};

/**
 * kon_test_remove_tree:
 * @path: a folder (or a file)
 *
 * Removes @path and everything in it, making the folders writable first
 * (tests make read-only ones).
 */
void
kon_test_remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  g_chmod (path, 0700);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        kon_test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_dir_close (dir);
  g_rmdir (path);
}

/**
 * kon_test_assert_search_index_sound:
 *
 * The search index holds exactly the text of its tables: FTS5's integrity
 * check against the external content, which a stray or missing index row
 * fails.
 */
void
kon_test_assert_search_index_sound (KonStore *store)
{
  static const char *checks[] = {
    "INSERT INTO partner_fts (partner_fts, rank) VALUES ('integrity-check', 1)",
    "INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = kon_store_prepare (store, checks[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
}

static int
compare_rows_by_uuid (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (KON_ORG_ROW_UUID (*(gpointer *) a), KON_ORG_ROW_UUID (*(gpointer *) b));
}

/**
 * kon_test_write_document:
 * @rows: the rows of each kind but the community (sorted here, by UUID);
 *   an array may be empty
 *
 * Returns: an exchange document of @community and @rows, as export
 *   writes it
 */
GBytes *
kon_test_write_document (KonCommunity *community,
                         GPtrArray    *rows[KON_ORG_N_KINDS])
{
  GString *out = g_string_new (NULL);
  KonJsonWriter w;

  _kon_json_writer_init (&w, out, TRUE);
  _kon_json_begin_object (&w);
  _kon_json_key (&w, "format");
  _kon_json_string (&w, "konsensus-exchange");
  _kon_json_key (&w, "version");
  _kon_json_int (&w, 1);
  _kon_json_key (&w, "community");
  _kon_org_table_info (KON_ORG_COMMUNITY)->write_json (&w, community);

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    {
      const KonOrgTableInfo *info = _kon_org_table_info (kind);

      g_ptr_array_sort (rows[kind], compare_rows_by_uuid);
      _kon_json_key (&w, info->member);
      _kon_json_begin_array (&w);
      for (guint i = 0; i < rows[kind]->len; i++)
        info->write_json (&w, rows[kind]->pdata[i]);
      _kon_json_end_array (&w);
    }

  _kon_json_end_object (&w);
  g_string_append_c (out, '\n');

  return g_string_free_to_bytes (out);
}

/* A community with more rows of each kind than an import writes in one
 * statement (KON_ORG_INSERT_BATCH), and not a multiple of it; bodies set
 * up by bodies that may sort after them.  @out_n_bo, @out_n_bodo: how
 * many persons are called Bø and Bodø; @out_partial: the community, the
 * partners and the top bodies only.  Each out argument may be NULL. */
GBytes *
kon_test_generate_community (guint    n_partners,
                             guint    n_persons,
                             guint    n_bodies,
                             guint    n_roles,
                             guint   *out_n_bo,
                             guint   *out_n_bodo,
                             GBytes **out_partial)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20230525);
  g_autoptr(KonCommunity) community = kon_community_new ();
  GPtrArray *rows[KON_ORG_N_KINDS] = { NULL };
  GPtrArray *partial[KON_ORG_N_KINDS] = { NULL };
  GBytes *document;
  guint n_bo = 0, n_bodo = 0;

  g_free (community->name);
  community->name = g_strdup ("Stort helsefellesskap");

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    {
      rows[kind] = g_ptr_array_new_with_free_func (_kon_org_table_info (kind)->free);
      partial[kind] = g_ptr_array_new ();
    }

  for (guint i = 0; i < n_partners; i++)
    {
      KonPartner *partner = kon_partner_new ();

      partner->kind = i == 0 ? KON_PARTNER_KIND_HELSEFORETAK : KON_PARTNER_KIND_KOMMUNE;
      partner->side = i == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      partner->region = i % 5 == 0 ? NULL : g_strdup (kon_test_regions[i % KON_TEST_N_REGIONS]);
      g_free (partner->short_name);
      partner->short_name = g_strdup_printf ("%s %u", kon_test_last_names[i % KON_TEST_N_LAST_NAMES], i);
      g_free (partner->name);
      partner->name = g_strdup_printf ("%s kommune", partner->short_name);
      g_strfreev (partner->aliases);
      partner->aliases = i % 3 == 0 ? g_new0 (char *, 1) : g_strsplit (partner->short_name, " ", -1);
      g_ptr_array_add (rows[KON_ORG_PARTNER], partner);
      g_ptr_array_add (partial[KON_ORG_PARTNER], partner);
    }

  for (guint i = 0; i < n_persons; i++)
    {
      KonPerson *person = kon_person_new ();
      const char *last = kon_test_last_names[(i / 3) % KON_TEST_N_LAST_NAMES];

      g_free (person->name);
      person->name = g_strdup_printf ("%s %s %u", kon_test_first_names[i % KON_TEST_N_FIRST_NAMES], last, i);
      person->title = i % 4 == 0 ? NULL : g_strdup (kon_test_tricky[i % KON_TEST_N_TRICKY]);
      person->partner_uuid = i % 7 == 0 ? NULL
                             : g_strdup (((KonPartner *) rows[KON_ORG_PARTNER]->pdata[g_rand_int_range (rand, 0, n_partners)])->uuid);
      person->email = i % 2 == 0 ? g_strdup_printf ("person%u@example.no", i) : NULL;
      person->phone = i % 5 == 0 ? g_strdup ("+47 75 00 00 00") : NULL;
      g_ptr_array_add (rows[KON_ORG_PERSON], person);

      if (g_str_equal (last, "Bø"))
        n_bo++;
      else if (g_str_equal (last, "Bodø"))
        n_bodo++;
    }

  for (guint i = 0; i < n_bodies; i++)
    {
      KonBody *body = kon_body_new ();

      body->kind = (KonBodyKind) (i % (KON_BODY_KIND_OTHER + 1));
      g_free (body->name);
      body->name = g_strdup_printf ("Organ %u", i);
      body->short_name = i % 2 == 0 ? g_strdup_printf ("O%u", i) : NULL;
      /* Set up by a body made before it: no cycles, and in uuid order
       * often after it */
      body->parent_uuid = i < 4 ? NULL
                          : g_strdup (((KonBody *) rows[KON_ORG_BODY]->pdata[g_rand_int_range (rand, 0, i)])->uuid);
      body->mandate = i % 3 == 0 ? g_strdup (kon_test_tricky[i % KON_TEST_N_TRICKY]) : NULL;
      body->takes_decisions = i % 2 == 0;
      body->meetings_per_year = i % 12;
      body->is_public = i % 3 == 0;
      if (i % 5 == 0)
        g_date_set_dmy (&body->deadline, 25, G_DATE_MAY, 2021);
      body->seats_per_side = i % 8;
      g_ptr_array_add (rows[KON_ORG_BODY], body);
      if (body->parent_uuid == NULL)
        g_ptr_array_add (partial[KON_ORG_BODY], body);
    }

  for (guint i = 0; i < n_roles; i++)
    {
      KonRole *role = kon_role_new ();

      g_free (role->person_uuid);
      role->person_uuid = g_strdup (((KonPerson *) rows[KON_ORG_PERSON]->pdata[g_rand_int_range (rand, 0, n_persons)])->uuid);
      g_free (role->body_uuid);
      role->body_uuid = g_strdup (((KonBody *) rows[KON_ORG_BODY]->pdata[g_rand_int_range (rand, 0, n_bodies)])->uuid);
      role->kind = (KonRoleKind) (i % (KON_ROLE_KIND_SECRETARY + 1));
      role->represents = (KonRepresents) (i % (KON_REPRESENTS_EMPLOYEES + 1));
      if (role->represents == KON_REPRESENTS_PARTNER)
        {
          KonPartner *partner = rows[KON_ORG_PARTNER]->pdata[i % n_partners];

          role->partner_uuid = g_strdup (partner->uuid);
          role->side = partner->side;
        }
      if (role->represents == KON_REPRESENTS_SIDE)
        role->side = i % 2 == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      if (i % 3 == 0)
        g_date_set_dmy (&role->from, 23, G_DATE_SEPTEMBER, 2021);
      if (i % 6 == 0)
        g_date_set_dmy (&role->to, 22, G_DATE_SEPTEMBER, 2025);
      g_ptr_array_add (rows[KON_ORG_ROLE], role);
    }

  if (out_n_bo != NULL)
    *out_n_bo = n_bo;
  if (out_n_bodo != NULL)
    *out_n_bodo = n_bodo;
  if (out_partial != NULL)
    *out_partial = kon_test_write_document (community, partial);
  document = kon_test_write_document (community, rows);

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    {
      g_ptr_array_unref (partial[kind]);
      g_ptr_array_unref (rows[kind]);
    }

  return document;
}
