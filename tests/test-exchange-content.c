/* test-exchange-content.c: the exchange of format version 3's case rows
 * (officers, anchorings, attachments) and of the attachments' content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Content goes only when asked (KON_EXCHANGE_WITH_CONTENT, --with-attachments),
 * once per SHA-256, sorted; export → import → export gives the same bytes;
 * an import checks every content against its SHA-256 before it writes
 * anything, and refuses the whole file at the entry's JSON path.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include "kon-case-anchoring.h"
#include "kon-case-officer.h"
#include "kon-cases.h"
#include "kon-exchange.h"
#include "kon-org.h"
#include "kon-test-util.h"

/* A store with a case of each kind of version 3 row */

typedef struct
{
  char              *dir;
  KonStore          *store;
  KonCase           *first;        /* two attachments of one content, an officer */
  KonCase           *second;       /* a third attachment, an anchoring */
  KonCaseAttachment *attachments[3];
  GBytes            *pdf;          /* attachments 0 and 1 */
  GBytes            *scan;         /* attachment 2 */
} Fixture;

/* Every byte value, then bytes of a fixed seed: what base64 must carry */
static GBytes *
make_content (guint   size,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guchar *data = g_malloc (size);

  for (guint i = 0; i < size; i++)
    data[i] = i < 256 ? (guchar) i : (guchar) g_rand_int_range (rand, 0, 256);

  return g_bytes_new_take (data, size);
}

static KonCase *
add_case (KonStore      *store,
          const KonBody *body,
          const char    *title)
{
  g_autoptr(GError) error = NULL;
  KonCase *c = kon_case_new ();

  g_free (c->body_uuid);
  c->body_uuid = g_strdup (body->uuid);
  c->year = 2025;
  g_free (c->title);
  c->title = g_strdup (title);
  g_date_set_dmy (&c->meeting_date, 25, G_DATE_SEPTEMBER, 2025);
  c->one_stage_by = g_strdup ("Begge parter, e-post 2. september");
  g_date_set_dmy (&c->one_stage_date, 2, G_DATE_SEPTEMBER, 2025);
  g_assert_true (kon_cases_add (store, c, &error));
  g_assert_no_error (error);

  return c;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(KonPerson) person = kon_person_new ();
  g_autoptr(KonCaseOfficer) officer = kon_case_officer_new ();
  g_autoptr(KonCaseAnchoring) anchoring = kon_case_anchoring_new ();

  f->dir = g_dir_make_tmp ("test-exchange-content-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = kon_test_open_store (f->dir, "a.db");

  g_free (body->name);
  body->name = g_strdup ("Strategisk samarbeidsutvalg");
  g_assert_true (kon_org_save_body (f->store, body, &error));

  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  g_free (partner->name);
  partner->name = g_strdup ("Bodø kommune");
  g_assert_true (kon_org_save_partner (f->store, partner, &error));

  g_free (person->name);
  person->name = g_strdup ("Kari Nordmann");
  g_assert_true (kon_org_save_person (f->store, person, &error));
  g_assert_no_error (error);

  f->first = add_case (f->store, body, "Felles journalløsning");
  f->second = add_case (f->store, body, "Utskrivningsklare pasienter");

  officer->case_uuid = g_strdup (f->first->uuid);
  officer->person_uuid = g_strdup (person->uuid);
  g_assert_true (kon_store_save (f->store, &kon_case_officer_table, officer, &error));

  anchoring->case_uuid = g_strdup (f->second->uuid);
  anchoring->partner_uuid = g_strdup (partner->uuid);
  g_date_set_dmy (&anchoring->date, 12, G_DATE_JUNE, 2025);
  anchoring->note = g_strdup ("Kommunestyret, sak 45/25");
  g_assert_true (kon_store_save (f->store, &kon_case_anchoring_table, anchoring, &error));
  g_assert_no_error (error);

  /* The same file on two cases: its content once */
  f->pdf = make_content (70000, 1);
  f->scan = make_content (4099, 2);
  f->attachments[0] = kon_cases_attach (f->store, f->first->uuid, "Saksframlegg.pdf", "application/pdf",
                                        f->pdf, &error);
  g_assert_no_error (error);
  f->attachments[1] = kon_cases_attach (f->store, f->second->uuid, "Saksframlegg.pdf", "application/pdf",
                                        f->pdf, &error);
  g_assert_no_error (error);
  f->attachments[2] = kon_cases_attach (f->store, f->second->uuid, "Skann æøå.png", NULL, f->scan, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->attachments); i++)
    g_clear_pointer (&f->attachments[i], kon_case_attachment_free);
  g_clear_pointer (&f->first, kon_case_free);
  g_clear_pointer (&f->second, kon_case_free);
  g_clear_pointer (&f->pdf, g_bytes_unref);
  g_clear_pointer (&f->scan, g_bytes_unref);
  g_clear_object (&f->store);
  kon_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gboolean
has_text (GBytes     *bytes,
          const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strstr_len (data, (gssize) size, text) != NULL;
}

static void
assert_content (KonStore   *store,
                const char *sha256,
                GBytes     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = kon_store_get_content (store, sha256, &error);

  g_assert_no_error (error);
  g_assert_nonnull (content);
  g_assert_true (g_bytes_equal (content, expected));
}

static JsonNode *
parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, &error));
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static GBytes *
generate (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* Export with content, import into a new database, export again */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KonStore) other = kon_test_open_store (f->dir, "b.db");
  g_autoptr(GBytes) first = kon_test_export (f->store, KON_EXCHANGE_WITH_CONTENT);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) without = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(JsonNode) root = parse (first);
  g_autoptr(KonCaseAttachment) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  gsize written_size = 0;
  JsonArray *contents;
  const char *sha_pdf = f->attachments[0]->sha256;
  const char *sha_scan = f->attachments[2]->sha256;

  /* Each content once, sorted by SHA-256, after the tables */
  contents = json_object_get_array_member (json_node_get_object (root), "attachment_contents");
  g_assert_nonnull (contents);
  g_assert_cmpuint (json_array_get_length (contents), ==, 2);
  g_assert_cmpstr (f->attachments[1]->sha256, ==, sha_pdf);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *entry = json_array_get_object_element (contents, i);
      const char *sha256 = json_object_get_string_member (entry, "sha256");
      gsize size = 0;
      g_autofree guchar *decoded = g_base64_decode (json_object_get_string_member (entry, "content"), &size);
      g_autoptr(GBytes) bytes = g_bytes_new (decoded, size);

      g_assert_cmpstr (sha256, ==, strcmp (sha_pdf, sha_scan) < 0 ? (i == 0 ? sha_pdf : sha_scan)
                                                                 : (i == 0 ? sha_scan : sha_pdf));
      g_assert_true (g_bytes_equal (bytes, g_str_equal (sha256, sha_pdf) ? f->pdf : f->scan));
    }

  report = kon_test_import (other, first);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_ATTACHMENT], ==, 3);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_OFFICER], ==, 1);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_ANCHORING], ==, 1);
  g_assert_cmpuint (report->contents_in_file, ==, 2);
  g_assert_cmpuint (report->contents_kept, ==, 2);

  assert_content (other, sha_pdf, f->pdf);
  assert_content (other, sha_scan, f->scan);

  /* And opens there */
  copy = kon_store_get (other, &kon_case_attachment_table, f->attachments[2]->uuid, &error);
  g_assert_no_error (error);
  path = kon_cases_write_attachment (other, copy, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "Skann æøå.png"));
  g_assert_true (g_file_get_contents (path, &written, &written_size, &error));
  g_assert_cmpmem (written, written_size, g_bytes_get_data (f->scan, NULL), g_bytes_get_size (f->scan));

  again = kon_test_export (other, KON_EXCHANGE_WITH_CONTENT);
  g_assert_true (g_bytes_equal (first, again));

  /* The rows alone are the same document without the member */
  without = kon_test_export (other, KON_EXCHANGE_FLAGS_NONE);
  g_assert_false (has_text (without, "attachment_contents"));
  g_assert_true (g_bytes_get_size (without) < g_bytes_get_size (first) - g_bytes_get_size (f->pdf));
}

/* Without content: the rows only; the content follows in a later file */
static void
test_without_content (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KonStore) other = kon_test_open_store (f->dir, "b.db");
  g_autoptr(GBytes) rows = kon_test_export (f->store, KON_EXCHANGE_FLAGS_NONE);
  g_autoptr(GBytes) full = NULL;
  g_autoptr(GBytes) rows_again = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonCaseAttachment) copy = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_false (has_text (rows, "attachment_contents"));
  g_assert_true (has_text (rows, f->attachments[0]->sha256));

  report = kon_test_import (other, rows);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_ATTACHMENT], ==, 3);
  g_assert_cmpuint (report->contents_in_file, ==, 0);
  g_clear_pointer (&report, kon_exchange_report_free);
  g_assert_cmpuint (kon_test_count_rows (other, &kon_case_attachment_table), ==, 3);

  copy = kon_store_get (other, &kon_case_attachment_table, f->attachments[0]->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy->size, ==, 70000);
  g_assert_cmpstr (copy->sha256, ==, f->attachments[0]->sha256);

  missing = kon_store_get_content (other, copy->sha256, &error);
  g_assert_null (missing);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  path = kon_cases_write_attachment (other, copy, &error);
  g_assert_null (path);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An export of what has no content here has none to give */
  full = kon_test_export (other, KON_EXCHANGE_WITH_CONTENT);
  g_assert_true (has_text (full, "\"attachment_contents\" : [ ]") ||
                 has_text (full, "\"attachment_contents\" : []"));
  g_clear_pointer (&full, g_bytes_unref);

  /* Later the content: the rows are unchanged, the content is kept */
  full = kon_test_export (f->store, KON_EXCHANGE_WITH_CONTENT);
  report = kon_test_import (other, full);
  g_assert_cmpuint (kon_exchange_report_count (report, report->added), ==, 0);
  g_assert_cmpuint (kon_exchange_report_count (report, report->updated), ==, 0);
  g_assert_cmpuint (report->contents_kept, ==, 2);
  assert_content (other, copy->sha256, f->pdf);
  path = kon_cases_write_attachment (other, copy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  rows_again = kon_test_export (other, KON_EXCHANGE_FLAGS_NONE);
  g_assert_true (g_bytes_equal (rows, rows_again));
}

/* The file refused whole, at the entry's path, and nothing written */
typedef struct
{
  const char *name;
  const char *sha256;        /* NULL: as exported; "-": removed */
  const char *content;       /* NULL: as exported, a byte changed when flip; "-": removed */
  gboolean    flip;
  const char *extra_member;  /* nullable: a member that is not in the format */
  KonExchangeError code;
  const char *in_message;
} BadEntry;

static const BadEntry bad_entries[] = {
  { "sha-mismatch", NULL, NULL, TRUE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].content: the content does not match its SHA-256" },
  { "bad-base64-character", NULL, "AAA*", FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].content: this is not base64" },
  { "bad-base64-length", NULL, "AAAAA", FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].content: this is not base64" },
  { "bad-base64-padding", NULL, "AA=A", FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].content: this is not base64" },
  { "base64-line-breaks", NULL, "AAAA\nAAA", FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].content: this is not base64" },
  { "sha-upper-case", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", NULL, FALSE, NULL,
    KON_EXCHANGE_ERROR_INVALID, "At $.attachment_contents[1].sha256: expected a SHA-256" },
  { "sha-short", "abc", NULL, FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].sha256: expected a SHA-256" },
  { "sha-missing", "-", NULL, FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].sha256: expected a SHA-256" },
  { "content-missing", NULL, "-", FALSE, NULL, KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].content: expected the file’s content as base64 text" },
  { "unknown-member", NULL, NULL, FALSE, "name", KON_EXCHANGE_ERROR_INVALID,
    "At $.attachment_contents[1].name: this field is not part of the format" },
};

static void
assert_nothing_imported (KonStore *store)
{
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    g_assert_cmpuint (kon_test_count_rows (store, tables[t]), ==, 0);
}

static void
test_bad_entry (Fixture       *f,
                gconstpointer  data)
{
  const BadEntry *bad = data;
  g_autoptr(KonStore) other = kon_test_open_store (f->dir, "b.db");
  g_autoptr(GBytes) exported = kon_test_export (f->store, KON_EXCHANGE_WITH_CONTENT);
  g_autoptr(JsonNode) root = parse (exported);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  JsonArray *contents = json_object_get_array_member (json_node_get_object (root), "attachment_contents");
  JsonObject *entry = json_array_get_object_element (contents, 1);
  const char *sha256 = json_object_get_string_member (entry, "sha256");
  g_autofree char *kept_sha256 = g_strdup (sha256);

  if (bad->flip)
    {
      gsize size = 0;
      g_autofree guchar *decoded = g_base64_decode (json_object_get_string_member (entry, "content"), &size);
      g_autofree char *encoded = NULL;

      decoded[size / 2] ^= 0x01;
      encoded = g_base64_encode (decoded, size);
      json_object_set_string_member (entry, "content", encoded);
    }
  if (g_strcmp0 (bad->content, "-") == 0)
    json_object_remove_member (entry, "content");
  else if (bad->content != NULL)
    json_object_set_string_member (entry, "content", bad->content);
  if (g_strcmp0 (bad->sha256, "-") == 0)
    json_object_remove_member (entry, "sha256");
  else if (bad->sha256 != NULL)
    json_object_set_string_member (entry, "sha256", bad->sha256);
  if (bad->extra_member != NULL)
    json_object_set_string_member (entry, bad->extra_member, "x");

  document = generate (root);
  report = kon_exchange_import (other, document, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, (int) bad->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, bad->in_message));

  assert_nothing_imported (other);
  content = kon_store_get_content (other, kept_sha256, NULL);
  g_assert_null (content);
}

/* The same content twice, and a list that is not one */
static void
test_bad_list (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KonStore) other = kon_test_open_store (f->dir, "b.db");
  g_autoptr(GBytes) exported = kon_test_export (f->store, KON_EXCHANGE_WITH_CONTENT);
  g_autoptr(JsonNode) root = parse (exported);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (root);
  JsonArray *contents = json_object_get_array_member (object, "attachment_contents");

  json_array_add_element (contents, json_node_copy (json_array_get_element (contents, 0)));
  document = generate (root);
  report = kon_exchange_import (other, document, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "At $.attachment_contents[2].sha256"));
  g_assert_nonnull (strstr (error->message, "$.attachment_contents[0].sha256"));
  g_clear_error (&error);
  g_clear_pointer (&document, g_bytes_unref);

  json_object_set_string_member (object, "attachment_contents", "AAAA");
  document = generate (root);
  report = kon_exchange_import (other, document, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "At $.attachment_contents: expected a list"));

  assert_nothing_imported (other);
}

/* Content that no attachment row names is left out; a version 2
 * document has no content member */
static void
test_unnamed_and_version_2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-exchange-content-XXXXXX", &error);
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GBytes) empty = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  g_autoptr(JsonNode) root = parse (empty);
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, hello);
  g_autofree char *encoded = g_base64_encode ((const guchar *) "hello", 5);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  JsonObject *object = json_node_get_object (root);
  JsonArray *contents = json_array_new ();
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "sha256", sha256);
  json_object_set_string_member (entry, "content", encoded);
  json_array_add_object_element (contents, entry);
  json_object_set_array_member (object, "attachment_contents", contents);

  document = generate (root);
  report = kon_test_import (b, document);
  g_assert_cmpuint (report->contents_in_file, ==, 1);
  g_assert_cmpuint (report->contents_kept, ==, 0);
  content = kon_store_get_content (b, sha256, &error);
  g_assert_null (content);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&report, kon_exchange_report_free);
  g_clear_pointer (&document, g_bytes_unref);

  /* Version 2, without the tables it lacks: the member is unknown */
  json_object_set_int_member (object, "version", 2);
  json_object_remove_member (object, "case_officers");
  json_object_remove_member (object, "case_anchorings");
  json_object_remove_member (object, "case_attachments");
  document = generate (root);
  report = kon_exchange_import (b, document, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "At $.attachment_contents: this field is not part of the format.");
  g_clear_error (&error);
  g_clear_pointer (&document, g_bytes_unref);

  /* Without it, the same version 2 document is read */
  json_object_remove_member (object, "attachment_contents");
  document = generate (root);
  report = kon_test_import (b, document);

  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* The size limits: a document over KON_EXCHANGE_MAX_SIZE is read only
 * when it has the attachments' content */
static void
test_size_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-exchange-content-XXXXXX", &error);
  g_autoptr(KonStore) a = kon_test_open_store (dir, "a.db");
  g_autoptr(KonStore) b = kon_test_open_store (dir, "b.db");
  g_autoptr(GBytes) empty = kon_test_export (a, KON_EXCHANGE_FLAGS_NONE);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  gsize size;
  const char *data = g_bytes_get_data (empty, &size);
  gsize padding = KON_EXCHANGE_MAX_SIZE + 1 - size;
  GString *text = g_string_sized_new (KON_EXCHANGE_MAX_SIZE + 64);

  /* Spaces after the first "{" */
  g_string_append_c (text, '{');
  g_string_set_size (text, 1 + padding);
  memset (text->str + 1, ' ', padding);
  g_string_append_len (text, data + 1, (gssize) size - 1);
  g_assert_cmpuint (text->len, ==, KON_EXCHANGE_MAX_SIZE + 1);

  document = g_bytes_new_static (text->str, text->len);
  report = kon_exchange_import (b, document, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG);
  g_clear_error (&error);
  g_clear_pointer (&document, g_bytes_unref);

  /* The same with an empty list of content */
  g_string_insert (text, 1, "\"attachment_contents\":[],");
  document = g_bytes_new_static (text->str, text->len);
  report = kon_test_import (b, document);
  g_assert_cmpuint (report->contents_in_file, ==, 0);
  g_clear_pointer (&document, g_bytes_unref);

  g_string_free (text, TRUE);
  g_clear_object (&a);
  g_clear_object (&b);
  kon_test_remove_tree (dir);
}

/* An export that holds officers and anchorings reads back as it was */
static void
test_officers_anchorings (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KonStore) other = kon_test_open_store (f->dir, "b.db");
  g_autoptr(GBytes) first = kon_test_export (f->store, KON_EXCHANGE_FLAGS_NONE);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GPtrArray) anchorings = NULL;
  g_autoptr(KonCase) c = NULL;
  KonCaseOfficer *officer;
  KonCaseAnchoring *anchoring;

  report = kon_test_import (other, first);
  g_assert_cmpuint (report->in_file[KON_EXCHANGE_KIND_CASE_OFFICER], ==, 1);
  g_assert_cmpuint (report->in_file[KON_EXCHANGE_KIND_CASE_ANCHORING], ==, 1);

  officers = kon_store_list (other, &kon_case_officer_table, "case", f->first->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 1);
  officer = officers->pdata[0];
  g_assert_nonnull (officer->person_uuid);

  anchorings = kon_store_list (other, &kon_case_anchoring_table, "case", f->second->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (anchorings->len, ==, 1);
  anchoring = anchorings->pdata[0];
  g_assert_cmpstr (anchoring->note, ==, "Kommunestyret, sak 45/25");
  g_assert_cmpint (g_date_get_day (&anchoring->date), ==, 12);
  g_assert_cmpint (g_date_get_month (&anchoring->date), ==, G_DATE_JUNE);

  /* The case's version 3 fields */
  c = kon_store_get (other, &kon_case_table, f->first->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->one_stage_by, ==, "Begge parter, e-post 2. september");
  g_assert_true (g_date_valid (&c->meeting_date));
  g_assert_cmpint (g_date_get_day (&c->meeting_date), ==, 25);
  g_assert_true (g_date_valid (&c->one_stage_date));

  again = kon_test_export (other, KON_EXCHANGE_FLAGS_NONE);
  g_assert_true (g_bytes_equal (first, again));
}

/* Validates an export with content against data/konsensus-exchange.schema.json */
static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "export.json", NULL);
  g_autofree char *schema = g_build_filename (g_getenv ("MESON_SOURCE_ROOT"), "data",
                                              "konsensus-exchange.schema.json", NULL);
  g_autoptr(GBytes) bytes = kon_test_export (f->store, KON_EXCHANGE_WITH_CONTENT);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import json, sys, jsonschema\n"
    "schema = json.load(open(sys.argv[1]))\n"
    "jsonschema.Draft202012Validator.check_schema(schema)\n"
    "validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())\n"
    "doc = json.load(open(sys.argv[2]))\n"
    "errors = [e.message for e in validator.iter_errors(doc)]\n"
    "doc['attachment_contents'][0]['content'] = 'AA=A'\n"
    "assert list(validator.iter_errors(doc)), 'the schema accepts bad base64'\n"
    "print('\\n'.join(errors) or 'valid')\n"
    "sys.exit(1 if errors else 0)\n",
    schema, file, NULL
  };

  g_assert_true (g_file_set_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("jsonschema: %s %s", out, err);
  g_assert_cmpstr (out, ==, "valid\n");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* konsensus --export FILE --with-attachments */
static int
run_konsensus (const char * const *args,
               char              **out_stdout)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KONSENSUS_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "LANG", "C", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s → %d\nstdout: %s\nstderr: %s", args[0], status, *out_stdout, err);

  return WIFEXITED (status) ? WEXITSTATUS (status) : 255;
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "a.db", NULL);
  g_autofree char *with = g_build_filename (f->dir, "with.json", NULL);
  g_autofree char *without = g_build_filename (f->dir, "without.json", NULL);
  g_autoptr(GBytes) expected = kon_test_export (f->store, KON_EXCHANGE_WITH_CONTENT);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_clear_object (&f->store);

  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", with,
                                                     "--with-attachments", NULL }, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  file = g_file_new_for_path (with);
  written = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (written, expected));
  g_clear_pointer (&written, g_bytes_unref);
  g_clear_object (&file);

  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--export", without, NULL }, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  file = g_file_new_for_path (without);
  written = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (has_text (written, "attachment_contents"));

  /* Alone it does nothing: said, not ignored */
  g_assert_cmpint (run_konsensus ((const char *[]) { "--database", db, "--with-attachments", NULL }, &out), ==, 2);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_konsensus ((const char *[]) { "--help", NULL }, &out), ==, 0);
  g_assert_nonnull (strstr (out, "--with-attachments"));
  g_free (out);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* Isolated folders: kon_cases_write_attachment() writes under the cache folder */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The messages tested are the English source strings */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add ("/exchange-content/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/exchange-content/without-content", Fixture, NULL, fixture_set_up, test_without_content,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_entries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/exchange-content/bad-entry/%s", bad_entries[i].name);

      g_test_add (path, Fixture, &bad_entries[i], fixture_set_up, test_bad_entry, fixture_tear_down);
    }
  g_test_add ("/exchange-content/bad-list", Fixture, NULL, fixture_set_up, test_bad_list, fixture_tear_down);
  g_test_add_func ("/exchange-content/unnamed-and-version-2", test_unnamed_and_version_2);
  g_test_add_func ("/exchange-content/size-limit", test_size_limit);
  g_test_add ("/exchange-content/officers-anchorings", Fixture, NULL, fixture_set_up,
              test_officers_anchorings, fixture_tear_down);
  g_test_add ("/exchange-content/schema", Fixture, NULL, fixture_set_up, test_schema, fixture_tear_down);
  g_test_add ("/exchange-content/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
