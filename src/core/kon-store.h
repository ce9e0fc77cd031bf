/* kon-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define KON_STORE_ERROR (kon_store_error_quark ())

typedef enum
{
  KON_STORE_ERROR_FAILED,
  KON_STORE_ERROR_CANNOT_OPEN,
  KON_STORE_ERROR_NOT_KONSENSUS,
  KON_STORE_ERROR_NEWER_VERSION,
  KON_STORE_ERROR_CORRUPT,
  KON_STORE_ERROR_READ_ONLY,
  KON_STORE_ERROR_DISK_FULL,
} KonStoreError;

/* "Kons" in ASCII: marks a SQLite file as a Konsensus database. */
#define KON_STORE_APPLICATION_ID 0x4B6F6E73

#define KON_TYPE_STORE (kon_store_get_type ())

G_DECLARE_FINAL_TYPE (KonStore, kon_store, KON, STORE, GObject)

typedef gboolean (*KonStoreTransactionFunc) (KonStore  *store,
                                             gpointer   user_data,
                                             GError   **error);

GQuark        kon_store_error_quark          (void);
int           kon_store_get_latest_version   (void);
char         *kon_store_get_default_path     (void);

KonStore     *kon_store_open                 (const char               *path,
                                              GError                  **error);
const char   *kon_store_get_path             (KonStore                 *self);
gboolean      kon_store_is_read_only         (KonStore                 *self);
int           kon_store_get_schema_version   (KonStore                 *self);

sqlite3_stmt *kon_store_prepare              (KonStore                 *self,
                                              const char               *sql,
                                              GError                  **error);
gboolean      kon_store_step_done            (KonStore                 *self,
                                              sqlite3_stmt             *stmt,
                                              GError                  **error);
gboolean      kon_store_transaction          (KonStore                 *self,
                                              KonStoreTransactionFunc   func,
                                              gpointer                  user_data,
                                              GError                  **error);
void          kon_store_emit_changed         (KonStore                 *self,
                                              const char               *what);

char         *kon_store_get_meta             (KonStore                 *self,
                                              const char               *key,
                                              GError                  **error);
gboolean      kon_store_set_meta             (KonStore                 *self,
                                              const char               *key,
                                              const char               *value,
                                              GError                  **error);

/* Opening in a thread of its own (the first window's database) */
typedef struct _KonStoreOpening KonStoreOpening;

KonStoreOpening *kon_store_opening_start     (const char       *path);
const char      *kon_store_opening_get_path  (KonStoreOpening  *opening);
KonStore        *kon_store_opening_finish    (KonStoreOpening  *opening,
                                              gboolean         *existed,
                                              GError          **error);

G_END_DECLS
