/* kon-store-private.h: what the exchange needs beyond the public store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows with their exchange hashes (see kon-exchange.h on how a change is
 * told apart from a conflict).  Call inside kon_store_write(),
 * kon_store_bulk_write() or kon_store_read() (writes: inside a write).
 */

#pragma once

#include "kon-backend.h"

G_BEGIN_DECLS

/* @order: KON_ORDER_UUID for the exchange's order */
gboolean  _kon_store_foreach        (KonStore          *self,
                                     const KonTable    *table,
                                     KonOrder           order,
                                     KonRowFunc         func,
                                     gpointer           user_data,
                                     GError           **error);
/* NULL without an error when there is no such row */
gpointer  _kon_store_lookup         (KonStore          *self,
                                     const KonTable    *table,
                                     const char        *uuid,
                                     KonRowHash        *out_sync_hash,
                                     KonRowHash        *out_export_hash,
                                     GError           **error);
/* Hashes: NULL leaves them as they are (insert: none) */
gboolean  _kon_store_insert         (KonStore          *self,
                                     const KonTable    *table,
                                     gpointer           row,
                                     const KonRowHash  *sync_hash,
                                     const KonRowHash  *export_hash,
                                     GError           **error);
/* Whatever its revision */
gboolean  _kon_store_replace        (KonStore          *self,
                                     const KonTable    *table,
                                     gpointer           row,
                                     const KonRowHash  *sync_hash,
                                     const KonRowHash  *export_hash,
                                     GError           **error);
gboolean  _kon_store_set_hashes     (KonStore          *self,
                                     const KonTable    *table,
                                     const char        *uuid,
                                     const KonRowHash  *sync_hash,
                                     const KonRowHash  *export_hash,
                                     GError           **error);
gboolean  _kon_store_remove         (KonStore          *self,
                                     const KonTable    *table,
                                     const char        *uuid,
                                     GError           **error);

/* For a backend's own tests, which reach its test hooks
 * (_kon_sqlite_limit_growth (), …) through it (transfer none) */
KonBackend *_kon_store_get_backend  (KonStore          *self);

/* As kon_store_write (), but when another connection holds the write
 * lock it does not wait: it fails at once with KON_STORE_ERROR_BUSY and
 * runs nothing.  For writes that may be skipped, such as recording what
 * an export wrote. */
gboolean    _kon_store_try_write    (KonStore          *self,
                                     KonStoreFunc       func,
                                     gpointer           user_data,
                                     GError           **error);

G_END_DECLS
