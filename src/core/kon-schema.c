/* kon-schema.c: the database schema, one step per version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step is applied in one transaction together with the new
 * PRAGMA user_version, so a database is always at exactly one version.
 * Never edit a step that has been released: add a new one.
 */

#include "config.h"

#include "kon-store-private.h"

static const KonSchemaStep steps[] = {
  {
    1,
    "CREATE TABLE meta ("
    "  key   TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL"
    ") STRICT;"
  },
};

const KonSchemaStep *
_kon_schema_get_steps (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (steps);
  return steps;
}
