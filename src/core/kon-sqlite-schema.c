/* kon-sqlite-schema.c: the SQLite database schema, one step per version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step is applied in one transaction together with the new
 * PRAGMA user_version, so a database is always at exactly one version.
 * Never edit a step that has been released: add a new one.
 */

#include "config.h"

#include "kon-sqlite-private.h"

static const KonSchemaStep steps[] = {
  {
    1,
    "CREATE TABLE meta ("
    "  key   TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL"
    ") STRICT;"
  },
  {
    /* The organisation (kon-table.h and the row types).  A row is known to the outside by its
     * uuid, which is how the exchange merges; inside, rows refer to each
     * other by their integer id, which keeps the tables and their indexes
     * small and the foreign key checks cheap (the backend turns uuids into
     * ids and back).  Enumerations are stored as their exchange names.
     *
     * sync_hash is the hash (KON_ORG_HASH_SIZE bytes, see
     * _kon_org_row_hash()) of the row's exchanged content when both desks
     * last agreed on it (an import that took or matched the other desk's
     * version, or the first export); export_hash is the hash as this desk
     * last exported it.  Both are NULL for a row never exchanged.
     *
     * A CHECK with "x IN (…)" makes SQLite build a temporary b-tree of the
     * list for every row written, which made importing 50,000 roles take a
     * third of a second more: the lists are written out as "x = … OR …". */
    2,
    "CREATE TABLE community ("
    "  id                            INTEGER PRIMARY KEY CHECK (id = 1),"
    "  uuid                          TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  name                          TEXT NOT NULL,"
    "  user_representatives_per_body INTEGER NOT NULL DEFAULT 0"
    "                                CHECK (user_representatives_per_body BETWEEN 0 AND 1000),"
    "  gp_representatives_per_body   INTEGER NOT NULL DEFAULT 0"
    "                                CHECK (gp_representatives_per_body BETWEEN 0 AND 1000),"
    "  sync_hash                     BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash                   BLOB CHECK (length (export_hash) = 16)"
    ") STRICT;"

    "CREATE TABLE partner ("
    "  id          INTEGER PRIMARY KEY,"
    "  uuid        TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  kind        TEXT NOT NULL CHECK (kind = 'helseforetak' OR kind = 'kommune'),"
    "  side        TEXT NOT NULL CHECK (side = 'hf' OR side = 'municipal'),"
    "  region      TEXT,"
    "  name        TEXT NOT NULL CHECK (name <> ''),"
    "  short_name  TEXT NOT NULL,"
    "  aliases     TEXT NOT NULL DEFAULT '[]'"
    "              CHECK (json_valid (aliases) AND json_type (aliases) = 'array'),"
    "  sync_hash   BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash BLOB CHECK (length (export_hash) = 16)"
    ") STRICT;"

    "CREATE TABLE person ("
    "  id          INTEGER PRIMARY KEY,"
    "  uuid        TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  name        TEXT NOT NULL CHECK (name <> ''),"
    "  title       TEXT,"
    "  partner_id  INTEGER REFERENCES partner (id) ON DELETE SET NULL,"
    "  email       TEXT,"
    "  phone       TEXT,"
    "  sync_hash   BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash BLOB CHECK (length (export_hash) = 16)"
    ") STRICT;"
    "CREATE INDEX person_partner ON person (partner_id);"

    "CREATE TABLE body ("
    "  id                INTEGER PRIMARY KEY,"
    "  uuid              TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  kind              TEXT NOT NULL CHECK (kind = 'dialogmote' OR kind = 'partnerskapsmote'"
    "                                         OR kind = 'ssu' OR kind = 'omradeutvalg'"
    "                                         OR kind = 'fsu' OR kind = 'sekretariat'"
    "                                         OR kind = 'arbeidsgruppe' OR kind = 'rad'"
    "                                         OR kind = 'annet'),"
    "  name              TEXT NOT NULL CHECK (name <> ''),"
    "  short_name        TEXT,"
    "  parent_id         INTEGER REFERENCES body (id),"
    "  mandate           TEXT,"
    "  takes_decisions   INTEGER NOT NULL CHECK (takes_decisions = 0 OR takes_decisions = 1),"
    "  meetings_per_year INTEGER NOT NULL DEFAULT 0 CHECK (meetings_per_year BETWEEN 0 AND 1000),"
    "  is_public         INTEGER NOT NULL CHECK (is_public = 0 OR is_public = 1),"
    "  deadline          TEXT CHECK (deadline IS NULL OR date (deadline) IS deadline),"
    "  seats_per_side    INTEGER NOT NULL DEFAULT 0 CHECK (seats_per_side BETWEEN 0 AND 1000),"
    "  sync_hash         BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash       BLOB CHECK (length (export_hash) = 16),"
    "  CHECK (parent_id IS NULL OR parent_id <> id)"
    ") STRICT;"
    "CREATE INDEX body_parent ON body (parent_id);"

    "CREATE TABLE role ("
    "  id          INTEGER PRIMARY KEY,"
    "  uuid        TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  person_id   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
    "  body_id     INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,"
    "  kind        TEXT NOT NULL CHECK (kind = 'member' OR kind = 'deputy' OR kind = 'observer'"
    "                                   OR kind = 'leader' OR kind = 'deputy_leader'"
    "                                   OR kind = 'secretary'),"
    "  represents  TEXT NOT NULL CHECK (represents = 'none' OR represents = 'partner'"
    "                                   OR represents = 'side' OR represents = 'users'"
    "                                   OR represents = 'gps' OR represents = 'employees'),"
    "  partner_id  INTEGER REFERENCES partner (id) ON DELETE CASCADE,"
    "  side        TEXT CHECK (side IS NULL OR side = 'hf' OR side = 'municipal'),"
    "  from_date   TEXT CHECK (from_date IS NULL OR date (from_date) IS from_date),"
    "  to_date     TEXT CHECK (to_date IS NULL OR date (to_date) IS to_date),"
    "  sync_hash   BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash BLOB CHECK (length (export_hash) = 16),"
    "  CHECK ((represents = 'partner') = (partner_id IS NOT NULL)),"
    "  CHECK (represents <> 'side' OR side IS NOT NULL),"
    "  CHECK (from_date IS NULL OR to_date IS NULL OR from_date <= to_date)"
    ") STRICT;"
    "CREATE INDEX role_person ON role (person_id);"
    "CREATE INDEX role_body ON role (body_id);"
    "CREATE INDEX role_partner ON role (partner_id);"

    /* Search: unicode61 folds case but, with remove_diacritics 0, keeps
     * Æ Ø Å and every other letter distinct ("Bø" is not "Bo").  The
     * index reads its text from the table (external content: no second
     * copy), and keeps no column sizes (nothing ranks by them).  Prefix
     * queries ("bø"*) read the terms that start so; a prefix index would
     * spare that a few milliseconds on 20,000 persons and cost a fifth
     * of the time it takes to index them.
     *
     * An index row has the id of its table's row.  A new row is indexed
     * by the backend (kon-sqlite-backend.c)
     * after the other writes of its transaction, all new rows of an
     * import in one statement: an FTS5 table written from a trigger
     * flushes its pending index at every statement's savepoint, which
     * made a large import twenty times slower.  Changes and deletes are
     * few, and triggers are sure to catch them all: they take the old
     * text out of the index (which must be given exactly what was
     * indexed) and put the new text in. */
    "CREATE VIRTUAL TABLE partner_fts USING fts5 ("
    "  name, short_name, aliases, region,"
    "  content = 'partner', content_rowid = 'id', columnsize = 0,"
    "  tokenize = \"unicode61 remove_diacritics 0\""
    ");"
    "CREATE TRIGGER partner_fts_update AFTER UPDATE OF name, short_name, aliases, region ON partner BEGIN"
    "  INSERT INTO partner_fts (partner_fts, rowid, name, short_name, aliases, region)"
    "  VALUES ('delete', old.id, old.name, old.short_name, old.aliases, old.region);"
    "  INSERT INTO partner_fts (rowid, name, short_name, aliases, region)"
    "  VALUES (new.id, new.name, new.short_name, new.aliases, new.region);"
    "END;"
    "CREATE TRIGGER partner_fts_delete AFTER DELETE ON partner BEGIN"
    "  INSERT INTO partner_fts (partner_fts, rowid, name, short_name, aliases, region)"
    "  VALUES ('delete', old.id, old.name, old.short_name, old.aliases, old.region);"
    "END;"

    "CREATE VIRTUAL TABLE person_fts USING fts5 ("
    "  name, title, email,"
    "  content = 'person', content_rowid = 'id', columnsize = 0,"
    "  tokenize = \"unicode61 remove_diacritics 0\""
    ");"
    "CREATE TRIGGER person_fts_update AFTER UPDATE OF name, title, email ON person BEGIN"
    "  INSERT INTO person_fts (person_fts, rowid, name, title, email)"
    "  VALUES ('delete', old.id, old.name, old.title, old.email);"
    "  INSERT INTO person_fts (rowid, name, title, email) VALUES (new.id, new.name, new.title, new.email);"
    "END;"
    "CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN"
    "  INSERT INTO person_fts (person_fts, rowid, name, title, email)"
    "  VALUES ('delete', old.id, old.name, old.title, old.email);"
    "END;"
  },
  {
    /* The store seam (kon-store.h, kon-backend.h).
     *
     * revision: every row's, raised by one at every write; a save based
     * on an older one is refused (KON_STORE_ERROR_CONFLICT).
     *
     * sort_key: g_utf8_collate_key() of the row's sort text (KonTable's
     * sort_text) in the locale named by meta 'collation', which the
     * backend fills in, and fills in again when the locale changes: the
     * display order (Æ Ø Å after Z) read from an index.
     *
     * change_log: every write, in the transaction that made it, so that
     * every connection (another window, another process) can tell which
     * rows changed since it last looked.  A bulk write (an import) logs
     * one row per table with a NULL uuid and change 3 (reload).  The
     * backend keeps the last 10,000.
     *
     * The exchange hashes are SHA-256 (GChecksum) from this version on,
     * no longer MurmurHash3: the old ones cannot be compared with the
     * new, so they are cleared.  A row exchanged before and changed on
     * both desks since is then a conflict at the next import (kept here,
     * listed), never silently overwritten. */
    3,
    "ALTER TABLE community ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE community ADD COLUMN sort_key BLOB;"
    "ALTER TABLE partner ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE partner ADD COLUMN sort_key BLOB;"
    "ALTER TABLE person ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE person ADD COLUMN sort_key BLOB;"
    "ALTER TABLE body ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE body ADD COLUMN sort_key BLOB;"
    "ALTER TABLE role ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE role ADD COLUMN sort_key BLOB;"
    "CREATE INDEX partner_sort ON partner (sort_key, uuid);"
    "CREATE INDEX person_sort ON person (sort_key, uuid);"
    "CREATE INDEX body_sort ON body (sort_key, uuid);"
    "UPDATE community SET sync_hash = NULL, export_hash = NULL;"
    "UPDATE partner SET sync_hash = NULL, export_hash = NULL;"
    "UPDATE person SET sync_hash = NULL, export_hash = NULL;"
    "UPDATE body SET sync_hash = NULL, export_hash = NULL;"
    "UPDATE role SET sync_hash = NULL, export_hash = NULL;"
    "CREATE TABLE change_log ("
    "  seq    INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  tbl    TEXT NOT NULL,"
    "  uuid   TEXT,"
    "  change INTEGER NOT NULL CHECK (change BETWEEN 0 AND 3)"
    ") STRICT;"
  },
  {
    /* Terms, seats and chair rotation (kon-seat.h, kon-terms.h).
     *
     * A seat is a body's rule for one holder: its side, its region (the
     * municipal quotas), what it represents, whether it must be held and
     * who appoints.  A role fills a seat (seat_id), and says who
     * appointed its holder and the case that decided it.  A body has its
     * term length and its chair rotation (the first period's first day
     * and side, and the years of a period). */
    4,
    "CREATE TABLE seat ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  body_id      INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,"
    "  name         TEXT NOT NULL CHECK (name <> ''),"
    "  kind         TEXT NOT NULL CHECK (kind = 'member' OR kind = 'deputy' OR kind = 'observer'),"
    "  side         TEXT CHECK (side IS NULL OR side = 'hf' OR side = 'municipal'),"
    "  region       TEXT,"
    "  represents   TEXT NOT NULL CHECK (represents = 'none' OR represents = 'partner'"
    "                                    OR represents = 'side' OR represents = 'users'"
    "                                    OR represents = 'gps' OR represents = 'employees'),"
    "  required     INTEGER NOT NULL CHECK (required = 0 OR required = 1),"
    "  appointed_by TEXT,"
    "  position     INTEGER NOT NULL CHECK (position BETWEEN 0 AND 10000),"
    "  sync_hash    BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash  BLOB CHECK (length (export_hash) = 16),"
    "  revision     INTEGER NOT NULL DEFAULT 1,"
    "  sort_key     BLOB"
    ") STRICT;"
    "CREATE INDEX seat_body ON seat (body_id);"
    "ALTER TABLE role ADD COLUMN seat_id INTEGER REFERENCES seat (id) ON DELETE SET NULL;"
    "ALTER TABLE role ADD COLUMN appointed_by TEXT;"
    "ALTER TABLE role ADD COLUMN decided_in TEXT;"
    "CREATE INDEX role_seat ON role (seat_id);"
    "ALTER TABLE body ADD COLUMN term_years INTEGER CHECK (term_years BETWEEN 0 AND 100);"
    "ALTER TABLE body ADD COLUMN single_term INTEGER NOT NULL DEFAULT 0"
    "                            CHECK (single_term = 0 OR single_term = 1);"
    "ALTER TABLE body ADD COLUMN rotation_start TEXT"
    "                            CHECK (rotation_start IS NULL OR date (rotation_start) IS rotation_start);"
    "ALTER TABLE body ADD COLUMN rotation_first_side TEXT"
    "                            CHECK (rotation_first_side IS NULL OR rotation_first_side = 'hf'"
    "                                   OR rotation_first_side = 'municipal');"
    "ALTER TABLE body ADD COLUMN rotation_years INTEGER CHECK (rotation_years BETWEEN 0 AND 100);"
  },
  {
    /* The case registry (kon-case.h, kon-cases.h).
     *
     * A case is numbered per body and year from 1; the UNIQUE index
     * keeps two alike out whatever writes them (two windows, two
     * processes: each numbers in its own write transaction, which
     * SQLite runs one at a time).  A body writes its numbers by its
     * case_pattern (kon-case-number.h).
     *
     * Search as for persons (step 2), with prefix indexes: a one- or
     * two-letter prefix over twenty years of texts reads every term
     * that starts so, up to 0.6 s on 50,000 cases without them, under
     * 1 ms with them. */
    5,
    "ALTER TABLE body ADD COLUMN case_pattern TEXT;"
    "CREATE TABLE case_file ("
    "  id                INTEGER PRIMARY KEY,"
    "  uuid              TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  body_id           INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,"
    "  year              INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),"
    "  number            INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99999),"
    "  title             TEXT NOT NULL CHECK (title <> ''),"
    "  public_title      TEXT,"
    "  screening         TEXT,"
    "  kind              TEXT NOT NULL CHECK (kind = 'beslutningssak' OR kind = 'droftingssak'"
    "                                         OR kind = 'orienteringssak'),"
    "  status            TEXT NOT NULL CHECK (status = 'received' OR status = 'in_preparation'"
    "                                         OR status = 'on_agenda' OR status = 'decided'"
    "                                         OR status = 'sent_back' OR status = 'closed'),"
    "  document_date     TEXT CHECK (document_date IS NULL OR date (document_date) IS document_date),"
    "  archive_ref       TEXT,"
    "  recommendation    TEXT,"
    "  background        TEXT,"
    "  presentation      TEXT,"
    "  earlier_case_id   INTEGER REFERENCES case_file (id) ON DELETE SET NULL,"
    "  one_stage         TEXT,"
    "  sync_hash         BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash       BLOB CHECK (length (export_hash) = 16),"
    "  revision          INTEGER NOT NULL DEFAULT 1,"
    "  sort_key          BLOB"
    ") STRICT;"
    "CREATE UNIQUE INDEX case_file_number ON case_file (body_id, year, number);"
    "CREATE INDEX case_file_sort ON case_file (sort_key, uuid);"
    "CREATE INDEX case_file_earlier ON case_file (earlier_case_id);"
    /* The registry's default order, the newest number first, read from
     * the index alone */
    "CREATE INDEX case_file_year ON case_file (year, number, uuid);"
    /* A case's status history: what happened to it when, and who
     * recorded it */
    "CREATE TABLE case_event ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  case_id      INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,"
    "  step         INTEGER NOT NULL CHECK (step BETWEEN 1 AND 100000),"
    "  status       TEXT NOT NULL CHECK (status = 'received' OR status = 'in_preparation'"
    "                                    OR status = 'on_agenda' OR status = 'decided'"
    "                                    OR status = 'sent_back' OR status = 'closed'),"
    "  event_date   TEXT NOT NULL CHECK (date (event_date) IS event_date),"
    "  who          TEXT,"
    "  sync_hash    BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash  BLOB CHECK (length (export_hash) = 16),"
    "  revision     INTEGER NOT NULL DEFAULT 1,"
    "  sort_key     BLOB"
    ") STRICT;"
    "CREATE INDEX case_event_case ON case_event (case_id);"
    "CREATE VIRTUAL TABLE case_file_fts USING fts5 ("
    "  title, public_title, recommendation, background, presentation,"
    "  content = 'case_file', content_rowid = 'id', columnsize = 0, prefix = '1 2 3',"
    "  tokenize = \"unicode61 remove_diacritics 0\""
    ");"
    "CREATE TRIGGER case_file_fts_update AFTER UPDATE OF title, public_title, recommendation,"
    "                                               background, presentation ON case_file BEGIN"
    "  INSERT INTO case_file_fts (case_file_fts, rowid, title, public_title, recommendation,"
    "                             background, presentation)"
    "  VALUES ('delete', old.id, old.title, old.public_title, old.recommendation,"
    "          old.background, old.presentation);"
    "  INSERT INTO case_file_fts (rowid, title, public_title, recommendation, background, presentation)"
    "  VALUES (new.id, new.title, new.public_title, new.recommendation, new.background, new.presentation);"
    "END;"
    "CREATE TRIGGER case_file_fts_delete AFTER DELETE ON case_file BEGIN"
    "  INSERT INTO case_file_fts (case_file_fts, rowid, title, public_title, recommendation,"
    "                             background, presentation)"
    "  VALUES ('delete', old.id, old.title, old.public_title, old.recommendation,"
    "          old.background, old.presentation);"
    "END;"
  },
  {
    /* A case's officers, the municipalities that anchored it, its
     * attachments, the date of its meeting, and who agreed to one-stage
     * processing when (kon-case-officer.h, kon-case-anchoring.h,
     * kon-case-attachment.h).
     *
     * An attachment's content is kept once per SHA-256 however many
     * cases attach it, apart from its row: a deleted attachment can be
     * undone, and an imported one may come without its content. */
    6,
    "ALTER TABLE case_file ADD COLUMN meeting_date TEXT"
    "                      CHECK (meeting_date IS NULL OR date (meeting_date) IS meeting_date);"
    "ALTER TABLE case_file ADD COLUMN one_stage_by TEXT;"
    "ALTER TABLE case_file ADD COLUMN one_stage_date TEXT"
    "                      CHECK (one_stage_date IS NULL OR date (one_stage_date) IS one_stage_date);"
    "CREATE INDEX case_file_meeting ON case_file (meeting_date, uuid);"
    "CREATE TABLE case_officer ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  case_id      INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,"
    "  person_id    INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
    "  sync_hash    BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash  BLOB CHECK (length (export_hash) = 16),"
    "  revision     INTEGER NOT NULL DEFAULT 1,"
    "  sort_key     BLOB"
    ") STRICT;"
    "CREATE INDEX case_officer_case ON case_officer (case_id);"
    "CREATE INDEX case_officer_person ON case_officer (person_id);"
    "CREATE TABLE case_anchoring ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  case_id      INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,"
    "  partner_id   INTEGER NOT NULL REFERENCES partner (id) ON DELETE CASCADE,"
    "  anchored_on  TEXT NOT NULL CHECK (date (anchored_on) IS anchored_on),"
    "  note         TEXT,"
    "  sync_hash    BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash  BLOB CHECK (length (export_hash) = 16),"
    "  revision     INTEGER NOT NULL DEFAULT 1,"
    "  sort_key     BLOB"
    ") STRICT;"
    "CREATE INDEX case_anchoring_case ON case_anchoring (case_id);"
    "CREATE INDEX case_anchoring_partner ON case_anchoring (partner_id);"
    "CREATE TABLE case_attachment ("
    "  id           INTEGER PRIMARY KEY,"
    "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
    "  case_id      INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,"
    "  name         TEXT NOT NULL CHECK (name <> ''),"
    "  size         INTEGER NOT NULL CHECK (size >= 0),"
    "  sha256       TEXT NOT NULL CHECK (length (sha256) = 64),"
    "  media_type   TEXT,"
    "  added_on     TEXT NOT NULL CHECK (date (added_on) IS added_on),"
    "  sync_hash    BLOB CHECK (length (sync_hash) = 16),"
    "  export_hash  BLOB CHECK (length (export_hash) = 16),"
    "  revision     INTEGER NOT NULL DEFAULT 1,"
    "  sort_key     BLOB"
    ") STRICT;"
    "CREATE INDEX case_attachment_case ON case_attachment (case_id);"
    "CREATE TABLE attachment_content ("
    "  id           INTEGER PRIMARY KEY,"
    "  sha256       TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    "  content      BLOB NOT NULL"
    ") STRICT;"
  },
};

const KonSchemaStep *
_kon_sqlite_schema_get_steps (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (steps);
  return steps;
}
