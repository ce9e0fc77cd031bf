/* fuzz-import.c: libFuzzer target for the exchange importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input is imported into one database.  An input that is refused
 * must leave it as it was; an input that is accepted must export to a
 * document that imports again without an error.  Built only with
 * -Dfuzzing=true and clang (tests/fuzz/meson.build).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "kon-exchange.h"
#include "kon-sqlite-private.h"
#include "kon-store-private.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static KonStore *store;
static char *dir;

static void
remove_database (void)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (dir, "/fuzz.db", suffixes[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  dir = g_dir_make_tmp ("fuzz-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "fuzz.db", NULL);
  store = kon_store_open (path, &error);
  g_assert_no_error (error);

  /* Durability is not what is fuzzed: no fsync per import */
  sqlite3_exec (_kon_sqlite_backend_get_db (KON_SQLITE_BACKEND (_kon_store_get_backend (store))),
                "PRAGMA synchronous = OFF", NULL, NULL, NULL);

  atexit (remove_database);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new_static (data, size);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonExchangeReport) report = NULL;

  before = kon_exchange_export (store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);

  report = kon_exchange_import (store, input, NULL, &error);

  if (report == NULL)
    {
      /* Refused with a message, and nothing changed */
      g_assert_nonnull (error);
      g_assert_true (error->domain == KON_EXCHANGE_ERROR || error->domain == KON_STORE_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));

      after = kon_exchange_export (store, KON_EXCHANGE_FLAGS_NONE, NULL, NULL);
      g_assert_nonnull (after);
      g_assert_true (g_bytes_equal (before, after));
      return 0;
    }

  /* Accepted: what it made of it goes out and in again */
  {
    g_autoptr(KonExchangeReport) again = NULL;

    after = kon_exchange_export (store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
    g_assert_no_error (error);
    again = kon_exchange_import (store, after, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (kon_exchange_report_count (again, again->added), ==, 0);
    g_assert_cmpuint (kon_exchange_report_count (again, again->updated), ==, 0);
  }

  return 0;
}
