/* kon-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-store.h"

G_BEGIN_DECLS

/* One step of the schema: the SQL that brings a database from version
 * (index) to version (index + 1).  The steps live in kon-schema.c. */
typedef struct
{
  int         version;
  const char *sql;
} KonSchemaStep;

const KonSchemaStep *_kon_schema_get_steps   (guint           *n_steps);

sqlite3             *_kon_store_get_db       (KonStore        *self);
gboolean             _kon_store_run_script   (sqlite3         *db,
                                              const char      *script,
                                              GError         **error);
void                 _kon_store_set_error    (GError         **error,
                                              sqlite3         *db,
                                              int              rc);

/* Test hooks */
void                 _kon_store_set_schema_steps (const KonSchemaStep *steps,
                                                  guint                n_steps);
gboolean             _kon_store_limit_growth     (KonStore            *self,
                                                  GError             **error);

G_END_DECLS
