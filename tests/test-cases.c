/* test-cases.c: the case registry — number patterns, numbering, search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Patterns table-driven; numbering per body and year, a number typed by
 * hand, numbers never given twice (also after a delete), two connections
 * adding at once; full-text search with Æ Ø Å kept distinct, prefixes
 * and rank order.
 */

#include "config.h"

#include <locale.h>

#include "kon-case-number.h"
#include "kon-date.h"
#include "kon-cases.h"
#include "kon-exchange.h"
#include "kon-org.h"
#include "kon-row-model.h"
#include "kon-test-util.h"

/* Patterns */

static void
test_pattern_format (void)
{
  const struct {
    const char *pattern;
    int         number;
    int         year;
    const char *text;
  } cases[] = {
    { "{n:02}-{yyyy}", 2, 2021, "02-2021" },     /* Partnerskapsmøte sak 02-2021 */
    { "{n:02}-{yyyy}", 10, 2021, "10-2021" },
    { "{n:03}/{yyyy}", 4, 2021, "004/2021" },    /* OSO sak 004/2021 */
    { "{n:03}-{yyyy}", 33, 2021, "033-2021" },
    { "{n:02}-{yyyy}", 123, 2021, "123-2021" },  /* more digits than the width: all of them */
    { "{n}/{yy}", 7, 2009, "7/09" },
    { "Sak {n:02}-{yyyy}", 2, 2021, "Sak 02-2021" },
    { "{{{n}}}", 7, 2021, "{7}" },
    { "SSU {yyyy}–{n:02}", 5, 2026, "SSU 2026–05" },
    { NULL, 2, 2021, "02-2021" },                /* no pattern: the default */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kon_case_pattern_format (cases[i].pattern, cases[i].number, cases[i].year);

      g_test_message ("%s %d %d", cases[i].pattern, cases[i].number, cases[i].year);
      g_assert_cmpstr (text, ==, cases[i].text);
      if (cases[i].pattern != NULL)
        g_assert_true (kon_case_pattern_check (cases[i].pattern, NULL));
    }
}

static void
test_pattern_refused (void)
{
  const struct {
    const char *pattern;
    const char *in_message;
  } cases[] = {
    { "", "empty" },
    { "{yyyy}", "no place for the number" },
    { "sak-{yyyy}", "no place for the number" },
    { "{n}-{n:02}", "the number twice" },
    { "{x}-{yyyy}", "“{x}” is not a placeholder" },
    { "{N:02}", "“{N:02}” is not a placeholder" },
    { "{n:2}", "“{n:2}” is not a placeholder" },
    { "{n:00}", "“{n:00}” is not a placeholder" },
    { "{n:02-{yyyy}", "is not a placeholder" },
    { "{n", "never closed" },
    { "n}-{yyyy}", "without a “{”" },
    { "{n}-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "longer than" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].pattern);
      g_assert_false (kon_case_pattern_check (cases[i].pattern, &error));
      g_assert_error (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID);
      g_test_message ("  %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      g_assert_null (kon_case_pattern_format (cases[i].pattern, 1, 2021));
    }
}

/* A store with two bodies */

typedef struct
{
  char     *dir;
  char     *path;
  KonStore *store;
  KonBody  *ssu;
  KonBody  *ksu;
} Fixture;

static KonBody *
add_body (KonStore   *store,
          const char *name,
          const char *pattern)
{
  g_autoptr(GError) error = NULL;
  KonBody *body = kon_body_new ();

  g_free (body->name);
  body->name = g_strdup (name);
  body->case_pattern = g_strdup (pattern);
  g_assert_true (kon_org_save_body (store, body, &error));
  g_assert_no_error (error);

  return body;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-cases-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "cases.db", NULL);
  f->store = kon_store_open (f->path, &error);
  g_assert_no_error (error);
  f->ssu = add_body (f->store, "SSU", "{n:02}-{yyyy}");
  f->ksu = add_body (f->store, "KSU", "{n:03}/{yyyy}");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kon_body_free (f->ssu);
  kon_body_free (f->ksu);
  g_clear_object (&f->store);
  kon_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static KonCase *
new_case (const KonBody *body,
          int            year,
          const char    *title)
{
  KonCase *c = kon_case_new ();

  g_free (c->body_uuid);
  c->body_uuid = g_strdup (body->uuid);
  c->year = year;
  g_free (c->title);
  c->title = g_strdup (title);
  return c;
}

static char *
add (KonStore      *store,
     const KonBody *body,
     int            year,
     int            number,
     const char    *title)
{
  g_autoptr(KonCase) c = new_case (body, year, title);
  g_autoptr(GError) error = NULL;

  c->number = number;
  g_assert_true (kon_cases_add (store, c, &error));
  g_assert_no_error (error);

  return kon_cases_format_number (body, c);
}

static void
test_numbering (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KonCase) clash = new_case (f->ssu, 2021, "Samme nummer");
  g_autoptr(KonCase) last = NULL;
  g_autoptr(KonSnapshot) deleted = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    KonBody    *body;
    int         year;
    int         number;   /* 0: the next */
    const char *expected;
  } steps[] = {
    { f->ssu, 2021, 0, "01-2021" },
    { f->ssu, 2021, 0, "02-2021" },
    { f->ksu, 2021, 0, "001/2021" },     /* each body numbers its own */
    { f->ssu, 2022, 0, "01-2022" },      /* each year from 1 */
    { f->ssu, 2021, 10, "10-2021" },     /* a number typed by hand */
    { f->ssu, 2021, 0, "11-2021" },      /* the next after it */
    { f->ssu, 2021, 5, "05-2021" },      /* a free number below, typed by hand */
    { f->ssu, 2021, 0, "12-2021" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *text = add (f->store, steps[i].body, steps[i].year, steps[i].number, "Sak");

      g_assert_cmpstr (text, ==, steps[i].expected);
    }

  /* A number that exists: refused, saying which and what is free */
  clash->number = 2;
  g_assert_false (kon_cases_add (f->store, clash, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Case 02-2021 already exists in SSU. Leave the number empty to get the next one (13-2021).");
  g_assert_cmpint (clash->number, ==, 2);
  g_assert_cmpint (clash->revision, ==, 0);
  g_clear_error (&error);
  g_assert_cmpuint (kon_store_count (f->store, &kon_case_table, NULL, NULL, NULL), ==, G_N_ELEMENTS (steps));

  /* The last case deleted: its number is not given again */
  all = kon_store_list (f->store, &kon_case_table, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      KonCase *c = all->pdata[i];

      if (c->year == 2021 && c->number == 12 && g_str_equal (c->body_uuid, f->ssu->uuid))
        last = kon_case_copy (c);
    }
  g_assert_nonnull (last);
  deleted = kon_store_delete (f->store, &kon_case_table, last->uuid, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = add (f->store, f->ssu, 2021, 0, "Etter sletting");

    g_assert_cmpstr (text, ==, "13-2021");
  }

  /* Nor when it is typed: 12 was given; 7, never given (skipped when 10
   * was typed), may be */
  {
    g_autoptr(KonCase) again = new_case (f->ssu, 2021, "Samme nummer som en slettet");
    g_autofree char *text = NULL;

    again->number = 12;
    g_assert_false (kon_cases_add (f->store, again, &error));
    g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "12-2021 of SSU was given to a case since deleted, and a number is never given "
                     "twice. Leave the number empty to get the next one (14-2021).");
    g_clear_error (&error);
    text = add (f->store, f->ssu, 2021, 7, "Ført inn etterpå");
    g_assert_cmpstr (text, ==, "07-2021");
  }
  /* Kept as ranges */
  {
    g_autofree char *key = g_strdup_printf ("case-numbers:%s:2021", f->ssu->uuid);
    g_autofree char *ranges = kon_store_get_meta (f->store, key, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ranges, ==, "1-2,5,7,10-13");
  }
}

/* A body's rows and the database keep two alike out, whatever adds them */

typedef struct
{
  const char *path;
  const char *body_uuid;
  guint       n;
  GError     *error;
} Adder;

static gpointer
add_thread (gpointer user_data)
{
  Adder *adder = user_data;
  g_autoptr(KonStore) store = kon_store_open (adder->path, &adder->error);

  for (guint i = 0; store != NULL && i < adder->n && adder->error == NULL; i++)
    {
      g_autoptr(KonCase) c = kon_case_new ();
      g_autoptr(GError) error = NULL;

      g_free (c->body_uuid);
      c->body_uuid = g_strdup (adder->body_uuid);
      c->year = 2021;
      g_free (c->title);
      c->title = g_strdup_printf ("Sak fra tråd %p nr. %u", (void *) adder, i);

      /* Another desk writing now: try again, as the user would */
      while (!kon_cases_add (store, c, &error) && g_error_matches (error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY))
        {
          g_clear_error (&error);
          g_usleep (1000);
        }
      if (error != NULL)
        adder->error = g_steal_pointer (&error);
    }

  return NULL;
}

static void
test_numbering_two_connections (Fixture       *f,
                                gconstpointer  data)
{
  Adder adders[2] = {
    { f->path, f->ssu->uuid, 40, NULL },
    { f->path, f->ssu->uuid, 40, NULL },
  };
  GThread *threads[2];
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("adder", add_thread, &adders[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (adders[i].error);
    }

  all = kon_store_list (f->store, &kon_case_table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 80);
  for (guint i = 0; i < all->len; i++)
    {
      KonCase *c = all->pdata[i];

      g_assert_cmpint (c->number, >=, 1);
      g_assert_cmpint (c->number, <=, 80);
      g_assert_true (g_hash_table_add (numbers, GINT_TO_POINTER (c->number)));
    }
}

/* Search */

/* A word in more cases than are ranked: those with it in their title
 * first, best first, then the rest newest first */
static void
test_search_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KonCase) titled = new_case (f->ssu, 2020, "Korridorpasienter: korridor og korridor");
  g_autoptr(KonCase) also = new_case (f->ssu, 2020, "Færre i korridor");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  g_assert_true (kon_cases_add (f->store, titled, &error));
  g_assert_true (kon_cases_add (f->store, also, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *title = g_strdup_printf ("Sak %u om pasientflyt", i);
      g_autoptr(KonCase) c = new_case (f->ssu, 2021, title);

      c->background = g_strdup ("Pasienter i korridor er nevnt her.");
      g_assert_true (kon_cases_add (f->store, c, &error));
      g_assert_no_error (error);
      if (i == 599)
        last = g_strdup (c->uuid);
    }

  found = kon_store_list_uuids_where (f->store, &kon_case_table, "korridor", NULL, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 602);
  g_assert_cmpstr (found->pdata[0], ==, titled->uuid);
  g_assert_cmpstr (found->pdata[1], ==, also->uuid);
  g_assert_cmpstr (found->pdata[2], ==, last);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  const struct {
    const char *title;
    const char *background;
  } rows[] = {
    { "Økonomiplan for samhandling", NULL },                          /* 0 */
    { "Okonomi uten Ø", NULL },                                       /* 1 */
    { "Rus og psykisk helse", "Økonomi er nevnt her én gang." },      /* 2 */
    { "Økonomi, økonomi og økonomi", "Mer om økonomi." },             /* 3 */
    { "Bøker til biblioteket", NULL },                                /* 4 */
    { "Bodø og Bø", NULL },                                           /* 5 */
  };
  char *uuids[G_N_ELEMENTS (rows)];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(KonCase) c = new_case (f->ssu, 2024, rows[i].title);

      c->background = g_strdup (rows[i].background);
      g_assert_true (kon_cases_add (f->store, c, &error));
      g_assert_no_error (error);
      uuids[i] = g_strdup (c->uuid);
    }

  {
    /* Ø is not O; prefixes of one and two letters; the best match first
     * (three times in the title and once more in the background before
     * once in the background) */
    const struct {
      const char *query;
      const char *found;   /* the indexes found, in index order; "": none */
      int         first;   /* the best, or -1 */
    } searches[] = {
      { "økonomi", "0 2 3", 3 },   /* as you type: a prefix too */
      { "Økonomi", "0 2 3", 3 },
      { "ø", "0 1 2 3", 3 },
      { "øk", "0 2 3", 3 },
      { "økonomip", "0", 0 },
      { "okonomi", "1", 1 },
      { "bø", "4 5", -1 },
      { "bo", "5", 5 },
      { "psykisk", "2", 2 },
      { "xyz", "", -1 },
    };

    for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
      {
        g_autoptr(GPtrArray) found = kon_store_list_uuids (f->store, &kon_case_table, searches[s].query, &error);
        g_autoptr(GString) got = g_string_new (NULL);
        int first = -1;

        g_assert_no_error (error);
        for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
          for (guint i = 0; i < found->len; i++)
            if (g_str_equal (found->pdata[i], uuids[r]))
              {
                g_string_append_printf (got, "%s%u", got->len > 0 ? " " : "", r);
                if (i == 0)
                  first = (int) r;
              }
        g_test_message ("“%s”: %s, first %d", searches[s].query, got->str, first);
        g_assert_cmpstr (got->str, ==, searches[s].found);
        g_assert_cmpuint (found->len, ==, (got->len + 1) / 2);
        if (searches[s].first >= 0)
          g_assert_cmpint (first, ==, searches[s].first);
      }
  }

  /* The words that matched, marked, in the text they were found in */
  {
    g_autofree char *snippet = kon_store_get_snippet (f->store, &kon_case_table, "psyk", uuids[2], &error);
    g_autofree char *none = kon_store_get_snippet (f->store, &kon_case_table, "psyk", uuids[0], &error);

    g_assert_no_error (error);
    g_assert_cmpstr (snippet, ==, "Rus og \xee\x80\x80psykisk\xee\x80\x81 helse");
    g_assert_null (none);
  }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_free (uuids[i]);
}

/* A case that follows another: the other must be a case of the store */
static void
test_earlier_case (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KonCase) discussion = new_case (f->ssu, 2026, "Drøfting");
  g_autoptr(KonCase) decision = new_case (f->ssu, 2026, "Beslutning");
  g_autoptr(KonCase) self = NULL;
  g_autoptr(GError) error = NULL;

  discussion->kind = KON_CASE_KIND_DISCUSSION;
  g_assert_true (kon_cases_add (f->store, discussion, &error));
  g_assert_no_error (error);
  decision->earlier_case = g_strdup (discussion->uuid);
  g_assert_true (kon_cases_add (f->store, decision, &error));
  g_assert_no_error (error);

  /* A case cannot follow itself */
  self = kon_case_copy (decision);
  g_free (self->earlier_case);
  self->earlier_case = g_strdup (self->uuid);
  g_assert_false (kon_store_save (f->store, &kon_case_table, self, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "cannot follow itself"));
  g_clear_error (&error);

  /* A screened case needs a public title */
  g_free (self->earlier_case);
  self->earlier_case = NULL;
  self->screening = g_strdup ("Offl. § 13 jf. fvl. § 13 første ledd nr. 1");
  g_assert_false (kon_store_save (f->store, &kon_case_table, self, &error));
  g_assert_nonnull (strstr (error->message, "public title"));
}

/* Two desks each give the next number to a case of their own: the next
 * exchange lists the clash and renumbers nothing */
static void
test_exchange_clash (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(KonStore) other = kon_store_open (other_path, NULL);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonExchangeReport) clash = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (other);
  a = add (f->store, f->ssu, 2021, 0, "Felles sak");
  first = kon_exchange_export (f->store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  report = kon_exchange_import (other, first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE], ==, 1);

  here = add (f->store, f->ssu, 2021, 0, "Sak fra skrivebord A");
  there = add (other, f->ssu, 2021, 0, "Sak fra skrivebord B");
  g_assert_cmpstr (here, ==, "02-2021");
  g_assert_cmpstr (there, ==, "02-2021");

  second = kon_exchange_export (f->store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  clash = kon_exchange_import (other, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clash->conflicts[KON_EXCHANGE_KIND_CASE], ==, 1);
  g_assert_cmpuint (clash->added[KON_EXCHANGE_KIND_CASE], ==, 0);
  g_assert_cmpuint (clash->conflict_lines->len, ==, 1);
  g_assert_nonnull (strstr (clash->conflict_lines->pdata[0], "02-2021"));
  g_assert_nonnull (strstr (clash->conflict_lines->pdata[0], "Sak fra skrivebord A"));

  /* B keeps its own case 02-2021, and the next number is 03 */
  cases = kon_store_list (other, &kon_case_table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 2);
  after = add (other, f->ssu, 2021, 0, "Neste");
  g_assert_cmpstr (after, ==, "03-2021");
}

/* The registry's list: filtered by body, year and kind, sorted by a
 * column either way, and searched within the filters */
static void
test_list_where (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KonRowModel) model = kon_row_model_new (f->store, &kon_case_table);
  const char *number_order[] = { "year", "number", NULL };
  KonFilter ssu_2021[] = { { "body", f->ssu->uuid, 0 }, { "year", NULL, 2021 } };
  KonFilter decisions[] = { { "kind", "beslutningssak", 0 } };
  g_autofree char *texts = NULL;

  for (int year = 2020; year <= 2021; year++)
    for (int i = 0; i < 3; i++)
      {
        g_autofree char *ssu = add (f->store, f->ssu, year, 0, i == 1 ? "Økonomi" : "Annet");
        g_autofree char *ksu = add (f->store, f->ksu, year, 0, "Økonomi i KSU");
      }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 12);

  kon_row_model_set_filters (model, ssu_2021, G_N_ELEMENTS (ssu_2021));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* Newest first */
  kon_row_model_set_order (model, number_order, TRUE);
  {
    g_autoptr(GString) got = g_string_new (NULL);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
      {
        g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
        const KonCase *c = kon_row_get_data (row);

        g_string_append_printf (got, "%d-%d ", c->number, c->year);
      }
    g_assert_cmpstr (got->str, ==, "3-2021 2-2021 1-2021 ");
  }

  /* A search within the filters */
  kon_row_model_set_query (model, "øko");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* Every case is a decision by default; none a discussion */
  kon_row_model_set_query (model, NULL);
  kon_row_model_set_filters (model, decisions, G_N_ELEMENTS (decisions));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 12);
  decisions[0].text = "droftingssak";
  kon_row_model_set_filters (model, decisions, G_N_ELEMENTS (decisions));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* Two-stage processing, table-driven: which decision cases may go on an
 * agenda */
static void
test_two_stage (void)
{
  const struct {
    KonCaseKind    kind;
    KonCaseStatus  status;
    int            earlier;       /* -1: none; else its KonCaseKind */
    guint          n_anchorings;  /* municipalities that anchored it */
    const char    *one_stage_by;
    const char    *one_stage_date;  /* dd.mm.yyyy */
    const char    *one_stage;     /* why */
    gboolean       refused;
  } cases[] = {
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, -1, 0, NULL, NULL, NULL, TRUE },
    /* Two stages: the discussion, then anchoring */
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, KON_CASE_KIND_DISCUSSION, 3, NULL, NULL, NULL, FALSE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, KON_CASE_KIND_DISCUSSION, 1, NULL, NULL, NULL, FALSE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, KON_CASE_KIND_DISCUSSION, 0, NULL, NULL, NULL, TRUE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, KON_CASE_KIND_INFORMATION, 3, NULL, NULL, NULL, TRUE },
    /* One stage: who, when and why, all three */
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, -1, 0, "Leder og nestleder i SSU", "12.02.2026",
      "Hastesak: fristen går ut", FALSE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, -1, 0, NULL, "12.02.2026", "Hastesak", TRUE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, -1, 0, "Begge parter", NULL, "Hastesak", TRUE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, -1, 0, "Begge parter", "12.02.2026", NULL, TRUE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, -1, 0, "", NULL, "", TRUE },
    /* One stage agreed wins over a chain not yet anchored */
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_ON_AGENDA, KON_CASE_KIND_DISCUSSION, 0, "Begge parter",
      "29.02.2028", "Hastesak", FALSE },
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_IN_PREPARATION, -1, 0, NULL, NULL, NULL, FALSE },   /* not yet on an agenda */
    { KON_CASE_KIND_DECISION, KON_CASE_STATUS_DECIDED, -1, 0, NULL, NULL, NULL, FALSE },
    { KON_CASE_KIND_DISCUSSION, KON_CASE_STATUS_ON_AGENDA, -1, 0, NULL, NULL, NULL, FALSE },
    { KON_CASE_KIND_INFORMATION, KON_CASE_STATUS_ON_AGENDA, -1, 0, NULL, NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KonCase) c = kon_case_new ();
      g_autoptr(KonCase) earlier = NULL;
      g_autofree char *message = NULL;

      c->kind = cases[i].kind;
      c->status = cases[i].status;
      c->one_stage = g_strdup (cases[i].one_stage);
      c->one_stage_by = g_strdup (cases[i].one_stage_by);
      if (cases[i].one_stage_date != NULL)
        g_assert_true (kon_date_parse (cases[i].one_stage_date, &c->one_stage_date));
      if (cases[i].earlier >= 0)
        {
          earlier = kon_case_new ();
          g_free (earlier->title);
          earlier->title = g_strdup ("Drøfting");
          earlier->kind = (KonCaseKind) cases[i].earlier;
        }
      message = kon_cases_check_two_stage (c, earlier, cases[i].n_anchorings);
      g_test_message ("%u: %s", i, message != NULL ? message : "(may go on)");
      g_assert_cmpint (message != NULL, ==, cases[i].refused);
    }
}

/* References to other cases, as people write them */
static void
test_references (void)
{
  const struct {
    const char *text;
    const char *found;   /* space-separated */
  } cases[] = {
    { "Se sak 32-2021 om økonomi.", "32-2021" },
    { "jf. sakene 004/2021 og 005/2021", "004/2021 005/2021" },
    { "Saka 10-2021, saka 10-2021 igjen, og sak 2-2022", "10-2021 2-2022" },
    { "SAK 11-2026: vedtak", "11-2026" },
    { "Sakene 1-2020, 2-2020 & 3-2020", "1-2020 2-2020 3-2020" },
    { "Arkivsak 2021/3288 er ikke en sak i registeret", "" },   /* "arkivsak" is not "sak" */
    { "sak 32", "" },
    { "i 2021 var det 32 saker", "" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = kon_cases_find_references (cases[i].text);
      g_autofree char *joined = NULL;

      g_ptr_array_add (found, NULL);
      joined = g_strjoinv (" ", (char **) found->pdata);
      g_test_message ("“%s”: %s", cases[i].text, joined);
      g_assert_cmpstr (joined, ==, cases[i].found);
    }
}

/* Every change of status is a step of the case's history, in the same
 * transaction; other changes are not */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KonCase) c = new_case (f->ssu, 2026, "Felles plan");
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kon_cases_add (f->store, c, &error));
  g_assert_no_error (error);
  history = kon_cases_list_history (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (((KonCaseEvent *) history->pdata[0])->status, ==, KON_CASE_STATUS_RECEIVED);
  g_assert_true (g_date_valid (&((KonCaseEvent *) history->pdata[0])->date));
  g_clear_pointer (&history, g_ptr_array_unref);

  /* The title alone: no step */
  g_free (c->title);
  c->title = g_strdup ("Felles plan for utskrivningsklare pasienter");
  g_assert_true (kon_cases_save (f->store, c, &error));
  g_assert_no_error (error);
  c->status = KON_CASE_STATUS_ON_AGENDA;
  c->kind = KON_CASE_KIND_INFORMATION;
  g_assert_true (kon_cases_save (f->store, c, &error));
  g_assert_no_error (error);
  c->status = KON_CASE_STATUS_CLOSED;
  g_assert_true (kon_cases_save (f->store, c, &error));
  g_assert_no_error (error);

  history = kon_cases_list_history (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpint (((KonCaseEvent *) history->pdata[1])->status, ==, KON_CASE_STATUS_ON_AGENDA);
  g_assert_cmpint (((KonCaseEvent *) history->pdata[2])->status, ==, KON_CASE_STATUS_CLOSED);

  /* Deleting the body says the registry goes with it, before it goes */
  {
    g_autofree char *description = kon_org_describe_delete (f->store, "body", f->ssu->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (description, ==, "Its 1 case, with its history, is deleted too.");
  }

  /* They go with the case */
  {
    g_autoptr(KonSnapshot) deleted = kon_store_delete (f->store, &kon_case_table, c->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kon_store_count (f->store, &kon_case_event_table, NULL, NULL, NULL), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cases/pattern/format", test_pattern_format);
  g_test_add_func ("/cases/pattern/refused", test_pattern_refused);
  g_test_add_func ("/cases/two-stage", test_two_stage);
  g_test_add_func ("/cases/references", test_references);
  g_test_add ("/cases/numbering", Fixture, NULL, fixture_set_up, test_numbering, fixture_tear_down);
  g_test_add ("/cases/numbering/two-connections", Fixture, NULL, fixture_set_up,
              test_numbering_two_connections, fixture_tear_down);
  g_test_add ("/cases/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/cases/search/many", Fixture, NULL, fixture_set_up, test_search_many, fixture_tear_down);
  g_test_add ("/cases/exchange-clash", Fixture, NULL, fixture_set_up, test_exchange_clash, fixture_tear_down);
  g_test_add ("/cases/history", Fixture, NULL, fixture_set_up, test_history, fixture_tear_down);
  g_test_add ("/cases/list-where", Fixture, NULL, fixture_set_up, test_list_where, fixture_tear_down);
  g_test_add ("/cases/earlier-case", Fixture, NULL, fixture_set_up, test_earlier_case, fixture_tear_down);

  return g_test_run ();
}
