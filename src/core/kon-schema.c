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
  {
    /* The organisation (kon-org.h).  Rows are found by uuid, which is how
     * the exchange merges; the integer id only ties a row to its FTS row.
     * Enumerations are stored as their exchange names.  sync_hash is the
     * hash of the row's exported content when both desks last agreed on it
     * (an import that took or matched the other desk's version, or the
     * first export); export_hash is the hash as this desk last exported
     * it.  Both are NULL for a row never exchanged. */
    2,
    "CREATE TABLE community ("
    "  id                            INTEGER PRIMARY KEY CHECK (id = 1),"
    "  uuid                          TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  name                          TEXT NOT NULL,"
    "  user_representatives_per_body INTEGER NOT NULL DEFAULT 0"
    "                                CHECK (user_representatives_per_body BETWEEN 0 AND 1000),"
    "  gp_representatives_per_body   INTEGER NOT NULL DEFAULT 0"
    "                                CHECK (gp_representatives_per_body BETWEEN 0 AND 1000),"
    "  sync_hash                     TEXT,"
    "  export_hash                   TEXT"
    ") STRICT;"

    "CREATE TABLE partner ("
    "  id          INTEGER PRIMARY KEY,"
    "  uuid        TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  kind        TEXT NOT NULL CHECK (kind IN ('helseforetak', 'kommune')),"
    "  side        TEXT NOT NULL CHECK (side IN ('hf', 'municipal')),"
    "  region      TEXT,"
    "  name        TEXT NOT NULL CHECK (name <> ''),"
    "  short_name  TEXT NOT NULL,"
    "  aliases     TEXT NOT NULL DEFAULT '[]'"
    "              CHECK (json_valid (aliases) AND json_type (aliases) = 'array'),"
    "  sync_hash   TEXT,"
    "  export_hash TEXT"
    ") STRICT;"

    "CREATE TABLE person ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  name         TEXT NOT NULL CHECK (name <> ''),"
    "  title        TEXT,"
    "  partner_uuid TEXT REFERENCES partner (uuid) ON DELETE SET NULL,"
    "  email        TEXT,"
    "  phone        TEXT,"
    "  sync_hash    TEXT,"
    "  export_hash  TEXT"
    ") STRICT;"
    "CREATE INDEX person_partner ON person (partner_uuid);"

    "CREATE TABLE body ("
    "  id                INTEGER PRIMARY KEY,"
    "  uuid              TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  kind              TEXT NOT NULL CHECK (kind IN ('dialogmote', 'partnerskapsmote', 'ssu',"
    "                                                  'omradeutvalg', 'fsu', 'sekretariat',"
    "                                                  'arbeidsgruppe', 'rad', 'annet')),"
    "  name              TEXT NOT NULL CHECK (name <> ''),"
    "  short_name        TEXT,"
    "  parent_uuid       TEXT REFERENCES body (uuid),"
    "  mandate           TEXT,"
    "  takes_decisions   INTEGER NOT NULL CHECK (takes_decisions IN (0, 1)),"
    "  meetings_per_year INTEGER NOT NULL DEFAULT 0 CHECK (meetings_per_year BETWEEN 0 AND 1000),"
    "  is_public         INTEGER NOT NULL CHECK (is_public IN (0, 1)),"
    "  deadline          TEXT CHECK (deadline IS NULL OR date (deadline) IS deadline),"
    "  seats_per_side    INTEGER NOT NULL DEFAULT 0 CHECK (seats_per_side BETWEEN 0 AND 1000),"
    "  sync_hash         TEXT,"
    "  export_hash       TEXT,"
    "  CHECK (parent_uuid IS NULL OR parent_uuid <> uuid)"
    ") STRICT;"
    "CREATE INDEX body_parent ON body (parent_uuid);"

    "CREATE TABLE role ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  person_uuid  TEXT NOT NULL REFERENCES person (uuid) ON DELETE CASCADE,"
    "  body_uuid    TEXT NOT NULL REFERENCES body (uuid) ON DELETE CASCADE,"
    "  kind         TEXT NOT NULL CHECK (kind IN ('member', 'deputy', 'observer', 'leader',"
    "                                             'deputy_leader', 'secretary')),"
    "  represents   TEXT NOT NULL CHECK (represents IN ('none', 'partner', 'side', 'users',"
    "                                                   'gps', 'employees')),"
    "  partner_uuid TEXT REFERENCES partner (uuid) ON DELETE CASCADE,"
    "  side         TEXT CHECK (side IS NULL OR side IN ('hf', 'municipal')),"
    "  from_date    TEXT CHECK (from_date IS NULL OR date (from_date) IS from_date),"
    "  to_date      TEXT CHECK (to_date IS NULL OR date (to_date) IS to_date),"
    "  sync_hash    TEXT,"
    "  export_hash  TEXT,"
    "  CHECK ((represents = 'partner') = (partner_uuid IS NOT NULL)),"
    "  CHECK (represents <> 'side' OR side IS NOT NULL),"
    "  CHECK (from_date IS NULL OR to_date IS NULL OR from_date <= to_date)"
    ") STRICT;"
    "CREATE INDEX role_person ON role (person_uuid);"
    "CREATE INDEX role_body ON role (body_uuid);"
    "CREATE INDEX role_partner ON role (partner_uuid);"

    /* Search: unicode61 folds case but, with remove_diacritics 0, keeps
     * Æ Ø Å and every other letter distinct ("Bø" is not "Bo").  An FTS
     * row has the id of its table's row.  kon-org.c writes the FTS row
     * with every insert or update of its row, as plain single-row
     * statements: an FTS5 table written from a trigger flushes its
     * pending index at every statement's savepoint, which made a large
     * import twenty times slower.  Deletes are rare, and a trigger is
     * sure to catch them all. */
    "CREATE VIRTUAL TABLE partner_fts USING fts5 ("
    "  name, short_name, aliases, region,"
    "  tokenize = \"unicode61 remove_diacritics 0\", prefix = '1 2 3'"
    ");"
    "CREATE TRIGGER partner_fts_delete AFTER DELETE ON partner BEGIN"
    "  DELETE FROM partner_fts WHERE rowid = old.id;"
    "END;"

    "CREATE VIRTUAL TABLE person_fts USING fts5 ("
    "  name, title, email,"
    "  tokenize = \"unicode61 remove_diacritics 0\", prefix = '1 2 3'"
    ");"
    "CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN"
    "  DELETE FROM person_fts WHERE rowid = old.id;"
    "END;"
  },
};

const KonSchemaStep *
_kon_schema_get_steps (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (steps);
  return steps;
}
