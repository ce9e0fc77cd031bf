/* kon-test-util.c: helpers the core tests and benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kon-test-util.h"

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
