/* bench-row-model.c: how fast the paged list model opens and searches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A database with 200 partners and 20,000 persons (the size of the
 * generated large community), written in one kon_store_bulk_write.
 * Prints:
 *   row-model-open: MS ms     (a model over the persons, items 0..49 read;
 *                              the median of 9 rounds)
 *   row-model-search: MS ms   (the slowest of 50 searches for prefixes
 *                              of one to three letters: set_query, then
 *                              the count and the first 50 rows, as a
 *                              list asks)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "kon-partner.h"
#include "kon-person.h"
#include "kon-row-model-private.h"
#include "kon-store.h"

#define N_PARTNERS 200
#define N_PERSONS  20000
#define ROUNDS     9

static const char * const first_names[] = {
  "Anne", "Bjørn", "Cecilie", "Dag", "Eirik", "Frøydis", "Gunnar", "Hilde",
  "Ingrid", "Jon", "Kari", "Lars", "Marit", "Nils", "Ola", "Per", "Randi",
  "Sigrid", "Tor", "Unni", "Vidar", "Åse", "Øystein", "Ærlig",
};
static const char * const last_names[] = {
  "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
  "Karlsen", "Berg", "Bø", "Haugen", "Hagen", "Eriksen", "Dahl", "Lie",
  "Moen", "Strand", "Solheim", "Sæther", "Øien", "Ås", "Kristiansen",
};
static const char * const places[] = {
  "Bodø", "Bø", "Hadsel", "Vågan", "Narvik", "Sortland", "Lødingen", "Andøy",
  "Meløy", "Rødøy", "Træna", "Værøy", "Røst", "Saltdal", "Fauske",
};

static gboolean
fill (KonStore  *store,
      gpointer   user_data,
      GError   **error)
{
  g_autoptr(GPtrArray) partners = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_partner_free);

  for (guint i = 0; i < N_PARTNERS; i++)
    {
      KonPartner *partner = kon_partner_new ();

      partner->kind = KON_PARTNER_KIND_KOMMUNE;
      partner->side = KON_SIDE_MUNICIPAL;
      g_free (partner->name);
      partner->name = g_strdup_printf ("%s kommune %u", places[i % G_N_ELEMENTS (places)], i);
      if (!kon_store_save (store, &kon_partner_table, partner, error))
        return FALSE;
      g_ptr_array_add (partners, partner);
    }

  for (guint i = 0; i < N_PERSONS; i++)
    {
      g_autoptr(KonPerson) person = kon_person_new ();
      KonPartner *partner = partners->pdata[i % N_PARTNERS];

      g_free (person->name);
      person->name = g_strdup_printf ("%s %s %u",
                                      first_names[i % G_N_ELEMENTS (first_names)],
                                      last_names[(i / 7) % G_N_ELEMENTS (last_names)], i);
      person->partner_uuid = g_strdup (partner->uuid);
      if (i % 3 == 0)
        person->title = g_strdup ("Rådgiver");
      if (!kon_store_save (store, &kon_person_table, person, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GPtrArray) prefixes = g_ptr_array_new_with_free_func (g_free);
  double open_ms[ROUNDS];
  double search_max = 0;
  const char *search_slowest = NULL;

  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");   /* "3.5 ms", whatever the language */

  dir = g_dir_make_tmp ("bench-row-model-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "large.konsensus", NULL);
  store = kon_store_open (path, &error);
  g_assert_no_error (error);
  if (!kon_store_bulk_write (store, fill, NULL, &error))
    g_error ("Could not fill the database: %s", error->message);

  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(KonRowModel) model = kon_row_model_new (store, &kon_person_table);

      for (guint i = 0; i < 50; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
      open_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_PERSONS);
      g_assert_cmpuint (_kon_row_model_get_n_loaded (model), ==, 64);
    }
  qsort (open_ms, ROUNDS, sizeof (double), compare_double);

  /* 50 prefixes: one, two and three letters of the names and places */
  for (guint i = 0; prefixes->len < 50; i++)
    {
      const char *word = i % 2 == 0 ? first_names[(i / 2) % G_N_ELEMENTS (first_names)]
                                    : places[(i / 2) % G_N_ELEMENTS (places)];
      glong n_chars = 1 + i % 3;
      const char *end = g_utf8_offset_to_pointer (word, MIN (n_chars, g_utf8_strlen (word, -1)));

      g_ptr_array_add (prefixes, g_strndup (word, end - word));
    }

  {
    g_autoptr(KonRowModel) model = kon_row_model_new (store, &kon_person_table);

    for (guint i = 0; i < prefixes->len; i++)
      {
        gint64 start = g_get_monotonic_time ();
        guint n_found;
        double ms;

        kon_row_model_set_query (model, prefixes->pdata[i]);
        /* What a list then asks: how many, and the rows it shows (the
         * model lists only when asked) */
        n_found = g_list_model_get_n_items (G_LIST_MODEL (model));
        for (guint k = 0; k < MIN (n_found, 50); k++)
          g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), k));
        ms = (g_get_monotonic_time () - start) / 1000.0;
        if (ms > search_max)
          {
            search_max = ms;
            search_slowest = prefixes->pdata[i];
          }
        kon_row_model_set_query (model, NULL);
      }
  }

  printf ("row-model-open: %.1f ms\n", open_ms[ROUNDS / 2]);
  printf ("row-model-search: %.1f ms\n", search_max);
  printf ("# slowest prefix: \"%s\"; open min %.1f max %.1f ms over %d rounds\n",
          search_slowest, open_ms[0], open_ms[ROUNDS - 1], ROUNDS);

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_remove (child);
      }
  }
  g_rmdir (dir);

  return 0;
}
