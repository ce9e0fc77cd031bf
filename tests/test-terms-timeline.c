/* test-terms-timeline.c: the seats × years timeline and its PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Terms built by hand: which bars a row has, where a seat is vacant
 * (days counted by hand), what a bar says to assistive technology, which
 * bar a click hits, and the PDF on A4 landscape with the seats' names
 * on it (read back with poppler's pdftotext and pdfinfo).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "kon-terms-timeline-render.h"

typedef struct
{
  KonBody      *body;
  GPtrArray    *seats;
  GPtrArray    *roles;
  GHashTable   *partners;
  GHashTable   *persons;
  KonTermsInput input;
} Terms;

static void
terms_free (Terms *t)
{
  kon_body_free (t->body);
  g_ptr_array_unref (t->seats);
  g_ptr_array_unref (t->roles);
  g_hash_table_unref (t->partners);
  g_hash_table_unref (t->persons);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Terms, terms_free)

static void
set_dmy (GDate *date,
         int    d,
         int    m,
         int    y)
{
  g_date_clear (date, 1);
  if (d > 0)
    g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static KonSeat *
add_seat (Terms      *t,
          const char *name,
          KonSide     side,
          int         position)
{
  KonSeat *seat = kon_seat_new ();

  g_free (seat->body_uuid);
  seat->body_uuid = g_strdup (t->body->uuid);
  g_free (seat->name);
  seat->name = g_strdup (name);
  seat->kind = KON_ROLE_KIND_MEMBER;
  seat->side = side;
  seat->position = position;
  g_ptr_array_add (t->seats, seat);

  return seat;
}

static KonRole *
add_term (Terms         *t,
          const KonSeat *seat,
          KonRoleKind    kind,
          const char    *person_name,
          const char    *partner_name,
          KonSide        side,
          int fd, int fm, int fy,
          int td, int tm, int ty)
{
  KonPerson *person = kon_person_new ();
  KonRole *role = kon_role_new ();

  g_free (person->name);
  person->name = g_strdup (person_name);
  if (partner_name != NULL)
    {
      KonPartner *partner = kon_partner_new ();

      g_free (partner->name);
      partner->name = g_strdup (partner_name);
      partner->side = side;
      person->partner_uuid = g_strdup (partner->uuid);
      g_hash_table_insert (t->partners, partner->uuid, partner);
    }
  g_hash_table_insert (t->persons, person->uuid, person);

  g_free (role->person_uuid);
  role->person_uuid = g_strdup (person->uuid);
  g_free (role->body_uuid);
  role->body_uuid = g_strdup (t->body->uuid);
  role->kind = kind;
  role->side = side;
  role->seat_uuid = seat != NULL ? g_strdup (seat->uuid) : NULL;
  set_dmy (&role->from, fd, fm, fy);
  set_dmy (&role->to, td, tm, ty);
  g_ptr_array_add (t->roles, role);

  return role;
}

/* An SSU-like body: a leader, three seats */
static Terms *
terms_new (void)
{
  Terms *t = g_new0 (Terms, 1);
  KonSeat *hf1, *salten1, *lofoten1;

  t->body = kon_body_new ();
  g_free (t->body->name);
  t->body->name = g_strdup ("Strategisk samarbeidsutvalg");
  t->body->term_years = 4;
  t->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_seat_free);
  t->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  t->partners = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kon_partner_free);
  t->persons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kon_person_free);

  /* Given out of order: the timeline follows the seats' positions */
  lofoten1 = add_seat (t, "Lofoten 1", KON_SIDE_MUNICIPAL, 3);
  hf1 = add_seat (t, "Helseforetaket 1", KON_SIDE_HF, 1);
  salten1 = add_seat (t, "Salten 1", KON_SIDE_MUNICIPAL, 2);

  /* The leader holds Salten 1 too: the chair's term is drawn once, in
   * the leader's row */
  add_term (t, salten1, KON_ROLE_KIND_LEADER, "Leiar Leder", "Bodø kommune", KON_SIDE_MUNICIPAL,
            25, 9, 2025, 24, 9, 2027);
  /* HF 1: one term runs into the next with no gap; the second has no last day */
  add_term (t, hf1, KON_ROLE_KIND_MEMBER, "Hanne Helse", "Nordlandssykehuset HF", KON_SIDE_HF,
            1, 4, 2023, 31, 3, 2027);
  add_term (t, hf1, KON_ROLE_KIND_MEMBER, "Henrik Helse", "Nordlandssykehuset HF", KON_SIDE_HF,
            1, 4, 2027, 0, 0, 0);
  /* Salten 1: two vacant days (30 and 31 March 2026) between terms, and
   * vacant after the second ends */
  add_term (t, salten1, KON_ROLE_KIND_MEMBER, "Sara Salten", "Bodø kommune", KON_SIDE_MUNICIPAL,
            29, 2, 2024, 29, 3, 2026);
  add_term (t, salten1, KON_ROLE_KIND_MEMBER, "Siri Salten", "Fauske kommune", KON_SIDE_MUNICIPAL,
            1, 4, 2026, 31, 12, 2027);
  /* Lofoten 1: held before the years drawn only */
  add_term (t, lofoten1, KON_ROLE_KIND_MEMBER, "Lars Lofoten", NULL, KON_SIDE_MUNICIPAL,
            1, 1, 2015, 31, 12, 2018);

  t->input.body = t->body;
  t->input.seats = t->seats;
  t->input.roles = t->roles;
  t->input.partners = t->partners;
  t->input.persons = t->persons;

  return t;
}

static void
test_rows_and_bars (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = NULL;
  GDate today;

  set_dmy (&today, 5, 12, 2026);
  timeline = kon_timeline_new (&t->input, &today, 2024, 6);

  g_assert_cmpint (kon_timeline_get_first_year (timeline), ==, 2024);
  g_assert_cmpuint (kon_timeline_get_n_years (timeline), ==, 6);
  /* The leader's row, then the seats in their order */
  g_assert_cmpuint (kon_timeline_get_n_rows (timeline), ==, 4);
  g_assert_cmpstr (kon_timeline_get_row_name (timeline, 0), ==, "Leader");
  g_assert_cmpstr (kon_timeline_get_row_name (timeline, 1), ==, "Helseforetaket 1");
  g_assert_cmpstr (kon_timeline_get_row_name (timeline, 2), ==, "Salten 1");
  g_assert_cmpstr (kon_timeline_get_row_name (timeline, 3), ==, "Lofoten 1");

  g_assert_cmpuint (kon_timeline_get_n_bars (timeline, 0), ==, 1);
  g_assert_cmpuint (kon_timeline_get_n_bars (timeline, 1), ==, 2);
  g_assert_cmpuint (kon_timeline_get_n_bars (timeline, 2), ==, 2);
  /* A term wholly before the years drawn is not drawn */
  g_assert_cmpuint (kon_timeline_get_n_bars (timeline, 3), ==, 0);
  /* Bars left to right, each its role */
  g_assert_cmpstr (kon_timeline_get_bar_role (timeline, 1, 0), ==,
                   ((KonRole *) t->roles->pdata[1])->uuid);
  g_assert_cmpstr (kon_timeline_get_bar_role (timeline, 1, 1), ==,
                   ((KonRole *) t->roles->pdata[2])->uuid);
}

static void
test_describe (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = kon_timeline_new (&t->input, NULL, 2024, 6);
  g_autofree char *first = kon_timeline_describe_bar (timeline, 2, 0);
  g_autofree char *open = kon_timeline_describe_bar (timeline, 1, 1);
  g_autofree char *no_gap = kon_timeline_describe_vacancies (timeline, 1);
  g_autofree char *gaps = kon_timeline_describe_vacancies (timeline, 2);
  g_autofree char *all = kon_timeline_describe_vacancies (timeline, 3);

  g_assert_cmpstr (first, ==, "Salten 1: Sara Salten (Bodø kommune), 29.02.2024 to 29.03.2026");
  g_assert_cmpstr (open, ==, "Helseforetaket 1: Henrik Helse (Nordlandssykehuset HF), from 01.04.2027, no last day");
  /* 31.03.2027 then 01.04.2027: no vacant day; the open term fills the rest */
  g_assert_null (no_gap);
  /* 30 and 31 March 2026, and after 31.12.2027 to the end of 2029; not
   * before its first term began (29.02.2024): that is history not kept */
  g_assert_cmpstr (gaps, ==, "Salten 1 is vacant 30.03.2026 to 31.03.2026, 01.01.2028 to 31.12.2029");
  /* Held only before the years drawn: vacant all through them */
  g_assert_cmpstr (all, ==, "Lofoten 1 is vacant 01.01.2024 to 31.12.2029");
}

/* A seat nobody ever held is vacant all through the years */
static void
test_never_held (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = NULL;
  g_autofree char *text = NULL;

  add_seat (t, "Nord universitet", KON_SIDE_NONE, 9);
  timeline = kon_timeline_new (&t->input, NULL, 2025, 2);
  g_assert_cmpuint (kon_timeline_get_n_rows (timeline), ==, 5);
  g_assert_cmpuint (kon_timeline_get_n_bars (timeline, 4), ==, 0);
  text = kon_timeline_describe_vacancies (timeline, 4);
  g_assert_cmpstr (text, ==, "Nord universitet is vacant 01.01.2025 to 31.12.2026");
}

static void
test_hit (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = kon_timeline_new (&t->input, NULL, 2024, 6);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width = 720, height = kon_timeline_get_height (timeline);
  guint row = 99, bar = 99;
  /* The drawing's columns: 120 points of names, 6 years in 590 points */
  double year = (width - 120 - 10) / 6;

  g_assert_cmpfloat (height, >, 4 * 14);

  /* Salten 1's first term, in the middle of 2025 */
  g_assert_true (kon_timeline_hit (timeline, width, 120 + 1.5 * year, 20 + 2 * 20 + 10, &row, &bar));
  g_assert_cmpuint (row, ==, 2);
  g_assert_cmpuint (bar, ==, 0);
  /* Its second, in 2027 */
  g_assert_true (kon_timeline_hit (timeline, width, 120 + 3.5 * year, 20 + 2 * 20 + 10, &row, &bar));
  g_assert_cmpuint (bar, ==, 1);
  /* Vacant in 2029; the names column; above the rows */
  g_assert_false (kon_timeline_hit (timeline, width, 120 + 5.5 * year, 20 + 2 * 20 + 10, NULL, NULL));
  g_assert_false (kon_timeline_hit (timeline, width, 50, 20 + 2 * 20 + 10, NULL, NULL));
  g_assert_false (kon_timeline_hit (timeline, width, 300, 5, NULL, NULL));

  /* It draws without a cairo error, focus and all */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  kon_timeline_draw (cr, timeline, width, 2, 1);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Two holders of one seat at once: each term in a lane of its own, both
 * found where they are drawn */
static void
test_two_holders (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = NULL;
  double width = 720;
  double year = (width - 120 - 10) / 6;
  /* Lofoten 1, the fourth row: its bars between 83 and 97 points down */
  double top = 20 + 3 * 20 + 3;
  guint row = 99, bar = 99;

  add_term (t, t->seats->pdata[0], KON_ROLE_KIND_MEMBER, "Lise Lofoten", NULL, KON_SIDE_MUNICIPAL,
            1, 1, 2024, 31, 12, 2027);
  add_term (t, t->seats->pdata[0], KON_ROLE_KIND_MEMBER, "Lone Lofoten", NULL, KON_SIDE_MUNICIPAL,
            1, 6, 2026, 31, 12, 2029);
  timeline = kon_timeline_new (&t->input, NULL, 2024, 6);
  g_assert_cmpstr (kon_timeline_get_row_name (timeline, 3), ==, "Lofoten 1");
  g_assert_cmpuint (kon_timeline_get_n_bars (timeline, 3), ==, 2);

  /* In the autumn of 2026 both hold it: the first above, the second below */
  g_assert_true (kon_timeline_hit (timeline, width, 120 + 2.8 * year, top + 2, &row, &bar));
  g_assert_cmpuint (row, ==, 3);
  g_assert_cmpuint (bar, ==, 0);
  g_assert_true (kon_timeline_hit (timeline, width, 120 + 2.8 * year, top + 12, &row, &bar));
  g_assert_cmpuint (bar, ==, 1);
  /* In 2029 only the second: in its own lane still */
  g_assert_true (kon_timeline_hit (timeline, width, 120 + 5.5 * year, top + 12, &row, &bar));
  g_assert_cmpuint (bar, ==, 1);
  g_assert_false (kon_timeline_hit (timeline, width, 120 + 5.5 * year, top + 2, NULL, NULL));
}

static char *
run (const char *program,
     const char *path)
{
  const char *argv[] = { program, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (g_str_equal (program, "pdfinfo"))
    argv[2] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static void
test_pdf (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-timeline-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "timeline.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "timeline.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  GDate today;

  set_dmy (&today, 5, 12, 2026);
  timeline = kon_timeline_new (&t->input, &today, 2024, 12);
  g_assert_true (kon_timeline_export_pdf (timeline, "SSU: seats and terms", file, NULL, &error));
  g_assert_no_error (error);

  text = run ("pdftotext", path);
  g_assert_nonnull (strstr (text, "SSU: seats and terms"));
  g_assert_nonnull (strstr (text, "Salten 1"));
  g_assert_nonnull (strstr (text, "Helseforetaket 1"));
  g_assert_nonnull (strstr (text, "2035"));
  g_assert_nonnull (strstr (text, "Vacant"));
  info = run ("pdfinfo", path);
  g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (info, "841.89 x 595.28 pts (A4)"));

  /* A folder that is not there: a message that names the file, and no file */
  g_assert_false (kon_timeline_export_pdf (timeline, "SSU", nowhere, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "timeline.pdf"));

  g_unlink (path);
  g_rmdir (dir);
}

/* More seats than a page holds: as many pages as they need */
static void
test_pdf_pages (void)
{
  g_autoptr(Terms) t = terms_new ();
  g_autoptr(KonTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-timeline-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "timeline.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("Plass %d", i + 4);

      add_seat (t, name, KON_SIDE_NONE, 10 + i);
    }
  timeline = kon_timeline_new (&t->input, NULL, 2024, 4);
  g_assert_true (kon_timeline_export_pdf (timeline, "SSU", file, NULL, &error));
  g_assert_no_error (error);
  info = run ("pdfinfo", path);
  g_assert_true (g_regex_match_simple ("^Pages: +2$", info, G_REGEX_MULTILINE, 0));
  text = run ("pdftotext", path);
  g_assert_nonnull (strstr (text, "Plass 43"));
  g_assert_nonnull (strstr (text, "SSU (page 2 of 2)"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* English texts and dd.mm.yyyy dates */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/rows-and-bars", test_rows_and_bars);
  g_test_add_func ("/timeline/describe", test_describe);
  g_test_add_func ("/timeline/never-held", test_never_held);
  g_test_add_func ("/timeline/hit", test_hit);
  g_test_add_func ("/timeline/two-holders", test_two_holders);
  g_test_add_func ("/timeline/pdf", test_pdf);
  g_test_add_func ("/timeline/pdf-pages", test_pdf_pages);

  return g_test_run ();
}
