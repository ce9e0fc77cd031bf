/* kon-test-sqlite.c: what tests look at inside a SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "kon-sqlite-private.h"
#include "kon-test-backend.h"
#include "kon-test-sqlite.h"

static sqlite3 *
open_raw (KonStore *store)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (kon_store_get_path (store), &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  return db;
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
  sqlite3 *db = open_raw (store);

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      char *message = NULL;

      sqlite3_exec (db, checks[i], NULL, NULL, &message);
      g_assert_cmpstr (message, ==, NULL);
    }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

char *
kon_test_dump_tables (KonStore *store)
{
  /* References by the uuid of the row referred to (the internal ids may
   * differ) */
  static const char *queries[] = {
    "SELECT uuid, name, user_representatives_per_body, gp_representatives_per_body, "
    "hex (sync_hash), hex (export_hash) FROM community ORDER BY uuid",
    "SELECT uuid, kind, side, region, name, short_name, aliases, hex (sync_hash), hex (export_hash) "
    "FROM partner ORDER BY uuid",
    "SELECT person.uuid, person.name, person.title, partner.uuid, person.email, person.phone, "
    "hex (person.sync_hash), hex (person.export_hash) "
    "FROM person LEFT JOIN partner ON partner.id = person.partner_id ORDER BY person.uuid",
    "SELECT body.uuid, body.kind, body.name, body.short_name, parent.uuid, body.mandate, "
    "body.takes_decisions, body.meetings_per_year, body.is_public, body.deadline, "
    "body.seats_per_side, hex (body.sync_hash), hex (body.export_hash) "
    "FROM body LEFT JOIN body AS parent ON parent.id = body.parent_id ORDER BY body.uuid",
    "SELECT role.uuid, person.uuid, body.uuid, role.kind, role.represents, partner.uuid, "
    "role.side, role.from_date, role.to_date, hex (role.sync_hash), hex (role.export_hash) "
    "FROM role LEFT JOIN person ON person.id = role.person_id "
    "LEFT JOIN body ON body.id = role.body_id "
    "LEFT JOIN partner ON partner.id = role.partner_id ORDER BY role.uuid",
    /* The search index, tied to its rows (the internal ids may differ) */
    "SELECT partner.uuid, partner_fts.name, partner_fts.short_name, partner_fts.aliases, "
    "partner_fts.region FROM partner_fts JOIN partner ON partner.id = partner_fts.rowid "
    "ORDER BY partner.uuid",
    "SELECT count(*) FROM partner_fts",
    "SELECT person.uuid, person_fts.name, person_fts.title, person_fts.email "
    "FROM person_fts JOIN person ON person.id = person_fts.rowid ORDER BY person.uuid",
    "SELECT count(*) FROM person_fts",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db;

  kon_test_assert_search_index_sound (store);
  db = open_raw (store);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "-- %u\n", q);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);
              g_string_append_printf (out, "%s|", text != NULL ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return g_string_free (out, FALSE);
}

/* The real schema steps followed by @extra */
GArray *
kon_test_sqlite_steps_with (const KonSchemaStep *extra,
                            guint                n_extra)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (KonSchemaStep));
  const KonSchemaStep *real;
  guint n_real;

  real = _kon_sqlite_schema_get_steps (&n_real);
  g_array_append_vals (steps, real, n_real);
  g_array_append_vals (steps, extra, n_extra);

  return steps;
}

KonStore *
kon_test_backend_make_newer_version (const char *path,
                                     const char *name,
                                     gboolean    keep_open)
{
  static const char *sql = "CREATE TABLE from_the_future (x TEXT) STRICT;";
  KonSchemaStep newer[] = { { kon_store_get_latest_version () + 1, sql } };
  g_autoptr(GArray) steps = kon_test_sqlite_steps_with (newer, G_N_ELEMENTS (newer));
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;

  _kon_sqlite_set_schema_steps ((const KonSchemaStep *) (gpointer) steps->data, steps->len);
  store = kon_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, newer[0].version);
  kon_store_set_meta (store, "name", name, &error);
  g_assert_no_error (error);
  _kon_sqlite_set_schema_steps (NULL, 0);

  return keep_open ? g_steal_pointer (&store) : NULL;
}
