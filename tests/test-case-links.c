/* test-case-links.c: what hangs on a case — attachments, officers,
 * anchoring, the two-stage chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "kon-case-officer.h"
#include "kon-cases.h"
#include "kon-org.h"
#include "kon-test-util.h"

typedef struct
{
  char     *dir;
  KonStore *store;
  KonBody  *ssu;
  KonCase  *discussion;
  KonCase  *decision;
} Fixture;

static KonCase *
add_case (Fixture     *f,
          const char  *title,
          KonCaseKind  kind,
          const char  *earlier)
{
  g_autoptr(GError) error = NULL;
  KonCase *c = kon_case_new ();

  c->body_uuid = g_strdup (f->ssu->uuid);
  c->year = 2021;
  g_free (c->title);
  c->title = g_strdup (title);
  c->kind = kind;
  c->earlier_case = g_strdup (earlier);
  g_assert_true (kon_cases_add (f->store, c, &error));
  g_assert_no_error (error);
  return c;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-case-links-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "cases.db", NULL);
  f->store = kon_store_open (path, &error);
  g_assert_no_error (error);

  f->ssu = kon_body_new ();
  g_free (f->ssu->name);
  f->ssu->name = g_strdup ("SSU");
  g_assert_true (kon_org_save_body (f->store, f->ssu, &error));
  g_assert_no_error (error);

  f->discussion = add_case (f, "Felles legevakt: drøfting", KON_CASE_KIND_DISCUSSION, NULL);
  f->decision = add_case (f, "Felles legevakt: beslutning", KON_CASE_KIND_DECISION, f->discussion->uuid);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kon_case_free (f->discussion);
  kon_case_free (f->decision);
  kon_body_free (f->ssu);
  g_clear_object (&f->store);
  kon_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *content,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, content, length, &error));
  g_assert_no_error (error);
  return path;
}

/* A file is read, copied into the store with its size and SHA-256, and
 * written out again as it was, under its own name */
static void
test_attach (Fixture       *f,
             gconstpointer  data)
{
  static const char content[] = "Saksframlegg\nØkonomi: 1 200 000 kr\n";
  g_autofree char *path = write_file (f, "Saksframlegg sak 02-2021.txt", content, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KonCaseAttachment) attachment = NULL;
  g_autoptr(KonCaseAttachment) stored = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *copy_name = NULL;
  gsize copy_length = 0;
  g_autoptr(GError) error = NULL;

  bytes = kon_cases_read_file (file, NULL, &name, &media_type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Saksframlegg sak 02-2021.txt");
  g_assert_cmpstr (media_type, ==, "text/plain");

  attachment = kon_cases_attach (f->store, f->decision->uuid, name, media_type, bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);

  stored = kon_store_get (f->store, &kon_case_attachment_table, attachment->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->case_uuid, ==, f->decision->uuid);
  g_assert_cmpstr (stored->name, ==, name);
  g_assert_cmpint (stored->size, ==, strlen (content));
  g_assert_cmpstr (stored->sha256, ==, expected_sha);
  g_assert_true (g_date_valid (&stored->added));

  /* The file it came from changes or goes: the copy stays */
  g_assert_cmpint (g_remove (path), ==, 0);
  copy_path = kon_cases_write_attachment (f->store, stored, &error);
  g_assert_no_error (error);
  copy_name = g_path_get_basename (copy_path);
  g_assert_cmpstr (copy_name, ==, "Saksframlegg sak 02-2021.txt");
  g_assert_true (g_file_get_contents (copy_path, &copy, &copy_length, NULL));
  g_assert_cmpmem (copy, copy_length, content, strlen (content));
}

/* The same file attached to two cases is kept once; deleting one
 * attachment leaves the other's content, and Undo brings the deleted one
 * back with its content */
static void
test_attach_shared (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 innkalling", 19);
  g_autoptr(KonCaseAttachment) first = NULL;
  g_autoptr(KonCaseAttachment) second = NULL;
  g_autoptr(KonSnapshot) removed = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  first = kon_cases_attach (f->store, f->discussion->uuid, "Innkalling.pdf", "application/pdf", bytes, &error);
  g_assert_no_error (error);
  second = kon_cases_attach (f->store, f->decision->uuid, "Innkalling.pdf", "application/pdf", bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->sha256, ==, second->sha256);
  g_assert_cmpstr (first->uuid, !=, second->uuid);

  removed = kon_store_delete (f->store, &kon_case_attachment_table, first->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_attachment_table, "case", f->discussion->uuid, NULL), ==, 0);
  path = kon_cases_write_attachment (f->store, second, &error);
  g_assert_no_error (error);
  g_clear_pointer (&path, g_free);

  g_assert_true (kon_store_restore (f->store, removed, &error));
  g_assert_no_error (error);
  path = kon_cases_write_attachment (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  /* An empty file is a file too */
  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(KonCaseAttachment) nothing = kon_cases_attach (f->store, f->decision->uuid, "tom.txt",
                                                             NULL, empty, &error);
    g_autofree char *empty_path = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (nothing->size, ==, 0);
    empty_path = kon_cases_write_attachment (f->store, nothing, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (empty_path, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, "");
  }
}

/* What cannot be attached says so, naming the file, and adds nothing */
static void
test_attach_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (f->dir, "Vedlegg som ble flyttet.pdf", NULL);
  g_autofree char *large = g_build_filename (f->dir, "Skannet protokoll.pdf", NULL);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  g_autoptr(GFile) large_file = g_file_new_for_path (large);
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  FILE *out;

  /* Chosen, then moved away before it was read */
  bytes = kon_cases_read_file (gone_file, NULL, NULL, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“Vedlegg som ble flyttet.pdf” is no longer there"));
  g_clear_error (&error);

  /* One byte over the limit (a sparse file: nothing is written) */
  out = g_fopen (large, "wb");
  g_assert_nonnull (out);
  g_assert_cmpint (fseek (out, KON_CASE_ATTACHMENT_MAX_SIZE, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('x', out), ==, 'x');
  g_assert_cmpint (fclose (out), ==, 0);
  bytes = kon_cases_read_file (large_file, NULL, NULL, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Skannet protokoll.pdf” is"));
  g_assert_nonnull (strstr (error->message, "more than the"));
  g_clear_error (&error);

  /* A folder */
  bytes = kon_cases_read_file (folder, NULL, NULL, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  /* Content given directly is held to the same limit */
  {
    gpointer big = g_malloc0 (KON_CASE_ATTACHMENT_MAX_SIZE + 1);
    g_autoptr(GBytes) too_big = g_bytes_new_take (big, KON_CASE_ATTACHMENT_MAX_SIZE + 1);
    g_autoptr(KonCaseAttachment) none = kon_cases_attach (f->store, f->decision->uuid, "stor.bin", NULL,
                                                          too_big, &error);

    g_assert_null (none);
    g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  }
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_attachment_table, NULL, NULL, NULL), ==, 0);
}

/* An attachment whose content is not in the store (an exchange file
 * without content) says so when it is opened */
static void
test_attachment_without_content (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KonCaseAttachment) row = kon_case_attachment_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  row->case_uuid = g_strdup (f->decision->uuid);
  g_free (row->name);
  row->name = g_strdup ("Protokoll.pdf");
  row->size = 10;
  g_free (row->sha256);
  row->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "not stored", -1);
  g_date_set_dmy (&row->added, 2, 3, 2021);
  g_assert_true (kon_store_save (f->store, &kon_case_attachment_table, row, &error));
  g_assert_no_error (error);

  path = kon_cases_write_attachment (f->store, row, &error);
  g_assert_null (path);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);

  /* A checksum that is not one is refused at the row */
  g_clear_error (&error);
  g_free (row->sha256);
  row->sha256 = g_strdup ("ABC");
  g_assert_false (kon_store_save (f->store, &kon_case_attachment_table, row, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
}

/* The chain runs from the first discussion to the last decision, from
 * any case of it, and a loop an older database let in ends it */
static void
test_chain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KonCase) revised = add_case (f, "Felles legevakt: revidert avtale", KON_CASE_KIND_DECISION,
                                         f->decision->uuid);
  g_autoptr(KonCase) alone = add_case (f, "Orientering", KON_CASE_KIND_INFORMATION, NULL);
  const KonCase *from[] = { f->discussion, f->decision, revised };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    {
      g_autoptr(GPtrArray) chain = kon_cases_list_chain (f->store, from[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (chain->len, ==, 3);
      g_assert_cmpstr (((KonCase *) chain->pdata[0])->uuid, ==, f->discussion->uuid);
      g_assert_cmpstr (((KonCase *) chain->pdata[1])->uuid, ==, f->decision->uuid);
      g_assert_cmpstr (((KonCase *) chain->pdata[2])->uuid, ==, revised->uuid);
    }

  {
    g_autoptr(GPtrArray) chain = kon_cases_list_chain (f->store, alone, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (chain->len, ==, 1);
  }

  /* The discussion made to follow the last decision: a loop */
  {
    g_autoptr(KonCase) looped = kon_store_get (f->store, &kon_case_table, f->discussion->uuid, &error);
    g_autoptr(GPtrArray) chain = NULL;

    g_free (looped->earlier_case);
    looped->earlier_case = g_strdup (revised->uuid);
    g_assert_true (kon_store_save (f->store, &kon_case_table, looped, &error));
    g_assert_no_error (error);
    chain = kon_cases_list_chain (f->store, f->decision, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (chain->len, ==, 3);
  }
}

/* Officers and anchorings go with their case, and come back with Undo */
static void
test_links_go_with_case (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KonPartner) bodo = kon_partner_new ();
  g_autoptr(KonPerson) officer = kon_person_new ();
  g_autoptr(KonCaseOfficer) link = kon_case_officer_new ();
  g_autoptr(KonCaseAnchoring) anchoring = kon_case_anchoring_new ();
  g_autoptr(KonSnapshot) removed = NULL;
  g_autoptr(GError) error = NULL;

  g_free (bodo->name);
  bodo->name = g_strdup ("Bodø kommune");
  bodo->side = KON_SIDE_MUNICIPAL;
  g_assert_true (kon_org_save_partner (f->store, bodo, &error));
  g_assert_no_error (error);
  g_free (officer->name);
  officer->name = g_strdup ("Kari Nordmann");
  g_assert_true (kon_org_save_person (f->store, officer, &error));
  g_assert_no_error (error);

  link->case_uuid = g_strdup (f->decision->uuid);
  link->person_uuid = g_strdup (officer->uuid);
  g_assert_true (kon_store_save (f->store, &kon_case_officer_table, link, &error));
  g_assert_no_error (error);
  anchoring->case_uuid = g_strdup (f->decision->uuid);
  anchoring->partner_uuid = g_strdup (bodo->uuid);
  g_date_set_dmy (&anchoring->date, 29, 2, 2024);
  anchoring->note = g_strdup ("Kommunestyret, sak 15/2024");
  g_assert_true (kon_store_save (f->store, &kon_case_anchoring_table, anchoring, &error));
  g_assert_no_error (error);

  removed = kon_store_delete (f->store, &kon_case_table, f->decision->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_officer_table, NULL, NULL, NULL), ==, 0);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_anchoring_table, NULL, NULL, NULL), ==, 0);

  g_assert_true (kon_store_restore (f->store, removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_officer_table, "case", f->decision->uuid, NULL), ==, 1);
  {
    g_autoptr(KonCaseAnchoring) back = kon_store_get (f->store, &kon_case_anchoring_table, anchoring->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpint (g_date_get_day (&back->date), ==, 29);
    g_assert_cmpstr (back->note, ==, "Kommunestyret, sak 15/2024");
  }

  /* A person deleted leaves the case without them */
  g_clear_pointer (&removed, kon_snapshot_free);
  removed = kon_store_delete (f->store, &kon_person_table, officer->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_officer_table, NULL, NULL, NULL), ==, 0);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_table, NULL, NULL, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* The copies opened go to a cache folder of the test's own */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/case-links/attach", test_attach);
  ADD ("/case-links/attach-shared", test_attach_shared);
  ADD ("/case-links/attach-refused", test_attach_refused);
  ADD ("/case-links/without-content", test_attachment_without_content);
  ADD ("/case-links/chain", test_chain);
  ADD ("/case-links/go-with-case", test_links_go_with_case);
#undef ADD

  return g_test_run ();
}
