/* kon-test-backend.h: the few databases a contract test cannot make
 * through the store's API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's contract suite (test-store.c) runs against any backend
 * through kon-store.h alone.  What it cannot make through that API (a
 * database written by a newer Konsensus) each backend's test helper
 * makes: the SQLite backend's in kon-test-sqlite.c.
 */

#pragma once

#include "kon-store.h"

G_BEGIN_DECLS

/* A database at @path as a newer version of Konsensus (one schema
 * version more) leaves it, with meta "name" set to @name; @keep_open:
 * the newer version's store, still open (else NULL is returned) */
KonStore *kon_test_backend_make_newer_version (const char *path,
                                               const char *name,
                                               gboolean    keep_open);

G_END_DECLS
