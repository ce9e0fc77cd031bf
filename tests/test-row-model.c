/* test-row-model.c: the paged list model over a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every step that changes the store is checked the strongest way: a
 * handler applies each items-changed to a mirror list of uuids, and the
 * mirror must then equal kon_store_list_uuids().
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "kon-partner.h"
#include "kon-person.h"
#include "kon-row-model-private.h"
#include "kon-store.h"

typedef struct
{
  char        *dir;
  char        *path;
  KonStore    *store;
  KonRowModel *model;
  GPtrArray   *mirror;      /* char *: the model's uuids as its signals say */
  guint        n_signals;
  guint        last_position;
  guint        last_removed;
  guint        last_added;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);

  fixture->n_signals++;
  fixture->last_position = position;
  fixture->last_removed = removed;
  fixture->last_added = added;

  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(KonRow) row = g_list_model_get_item (model, position + i);

      g_assert_nonnull (row);
      g_ptr_array_insert (fixture->mirror, position + i, g_strdup (kon_row_get_uuid (row)));
    }
}

static void
assert_mirror (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = NULL;

  uuids = kon_store_list_uuids (fixture->store, kon_row_model_get_table (fixture->model),
                                kon_row_model_get_query (fixture->model), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, uuids->len);
  g_assert_cmpuint (fixture->mirror->len, ==, uuids->len);
  for (guint i = 0; i < uuids->len; i++)
    g_assert_cmpstr (fixture->mirror->pdata[i], ==, uuids->pdata[i]);
}

/* A model over @table, with its mirror filled */
static void
watch (Fixture        *fixture,
       const KonTable *table)
{
  guint n;

  fixture->model = kon_row_model_new (fixture->store, table);
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  on_items_changed_cb (G_LIST_MODEL (fixture->model), 0, 0, n, fixture);
  fixture->n_signals = 0;
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  assert_mirror (fixture);
}

static void
set_query (Fixture    *fixture,
           const char *query)
{
  kon_row_model_set_query (fixture->model, query);
  assert_mirror (fixture);
}

static KonPerson *
save_person (KonStore   *store,
             const char *name,
             const char *partner_uuid)
{
  g_autoptr(GError) error = NULL;
  KonPerson *person = kon_person_new ();

  g_free (person->name);
  person->name = g_strdup (name);
  person->partner_uuid = g_strdup (partner_uuid);
  g_assert_true (kon_store_save (store, &kon_person_table, person, &error));
  g_assert_no_error (error);

  return person;
}

static void
save (Fixture        *fixture,
      const KonTable *table,
      gpointer        row)
{
  g_autoptr(GError) error = NULL;

  fixture->n_signals = 0;
  g_assert_true (kon_store_save (fixture->store, table, row, &error));
  g_assert_no_error (error);
  assert_mirror (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kon-row-model-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.konsensus", NULL);
  fixture->store = kon_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->mirror = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->model != NULL)
    g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->store);
  g_ptr_array_unref (fixture->mirror);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static const char *
name_at (KonRowModel *model,
         guint        position)
{
  g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);
  const KonPerson *person = kon_row_get_data (row);

  g_assert_nonnull (person);
  /* The model keeps the row's data while its page is kept */
  return person->name;
}

static void
add_five (Fixture *fixture)
{
  const char *names[] = { "Åse", "Zara", "Øystein", "Ærlig", "Bodil" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    kon_person_free (save_person (fixture->store, names[i], NULL));
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  const char *expected[] = { "Bodil", "Zara", "Ærlig", "Øystein", "Åse" };

  add_five (fixture);
  watch (fixture, &kon_person_table);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->model)) == KON_TYPE_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (name_at (fixture->model, i), ==, expected[i]);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->model), 5));
}

static gboolean
add_many (KonStore  *store,
          gpointer   user_data,
          GError   **error)
{
  for (guint i = 0; i < GPOINTER_TO_UINT (user_data); i++)
    {
      g_autoptr(KonPerson) person = kon_person_new ();

      g_free (person->name);
      person->name = g_strdup_printf ("Person %05u", i);
      if (!kon_store_save (store, &kon_person_table, person, error))
        return FALSE;
    }

  return TRUE;
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonRowModel) model = NULL;
  g_autoptr(KonRow) row = NULL;
  g_autoptr(KonRow) again = NULL;

  g_assert_true (kon_store_bulk_write (fixture->store, add_many, GUINT_TO_POINTER (1000), &error));
  g_assert_no_error (error);

  model = kon_row_model_new (fixture->store, &kon_person_table);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  g_assert_cmpuint (_kon_row_model_get_n_loaded (model), ==, 0);

  row = g_list_model_get_item (G_LIST_MODEL (model), 130);
  g_assert_cmpstr (((const KonPerson *) kon_row_get_data (row))->name, ==, "Person 00130");
  g_assert_cmpuint (_kon_row_model_get_n_loaded (model), ==, 64);

  /* The same page, and the same object */
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (model), 130);
  again = g_list_model_get_item (G_LIST_MODEL (model), 128);
  g_assert_cmpuint (_kon_row_model_get_n_loaded (model), ==, 64);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (model), 130);
  g_assert_true (again == row);

  /* The last page is short */
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (model), 999);
  g_assert_cmpuint (_kon_row_model_get_n_loaded (model), ==, 64 + 1000 % 64);
}

static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(KonRow) row = NULL;
  g_autoptr(KonPerson) zara = NULL;
  guint notified = 0;
  guint n_loaded;

  add_five (fixture);
  watch (fixture, &kon_person_table);

  row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 1);
  zara = kon_person_copy (kon_row_get_data (row));
  g_assert_cmpstr (zara->name, ==, "Zara");
  g_signal_connect_swapped (row, "notify::data", G_CALLBACK (g_atomic_int_inc), &notified);

  g_free (zara->title);
  zara->title = g_strdup ("Leder");
  n_loaded = _kon_row_model_get_n_loaded (fixture->model);
  save (fixture, &kon_person_table, zara);
  /* That one row was read again, nothing else */
  g_assert_cmpuint (_kon_row_model_get_n_loaded (fixture->model), ==, n_loaded + 1);

  g_assert_cmpuint (fixture->n_signals, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 1);
  g_assert_cmpuint (fixture->last_removed, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (((const KonPerson *) kon_row_get_data (row))->title, ==, "Leder");
  g_assert_cmpint (KON_ROW_REVISION (kon_row_get_data (row)), ==, zara->revision);
}

static void
test_insert_delete_move (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPerson) carl = NULL;
  g_autoptr(KonPerson) bodil = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonRow) kept = NULL;

  add_five (fixture);
  watch (fixture, &kon_person_table);
  kept = g_list_model_get_item (G_LIST_MODEL (fixture->model), 4);   /* Åse */

  /* Insert after Bodil */
  fixture->n_signals = 0;
  carl = save_person (fixture->store, "Carl", NULL);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 1);
  g_assert_cmpuint (fixture->last_removed, ==, 0);
  g_assert_cmpuint (fixture->last_added, ==, 1);

  /* Delete */
  fixture->n_signals = 0;
  snapshot = kon_store_delete (fixture->store, &kon_person_table, carl->uuid, &error);
  g_assert_no_error (error);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 1);
  g_assert_cmpuint (fixture->last_removed, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 0);

  /* Undo: back in its place */
  fixture->n_signals = 0;
  g_assert_true (kon_store_restore (fixture->store, snapshot, &error));
  g_assert_no_error (error);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, >=, 1);

  /* A rename that moves Bodil from the first place to after Ærlig */
  {
    g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);

    bodil = kon_person_copy (kon_row_get_data (row));
  }
  g_assert_cmpstr (bodil->name, ==, "Bodil");
  g_free (bodil->name);
  bodil->name = g_strdup ("Ødegård");
  save (fixture, &kon_person_table, bodil);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 0);
  g_assert_cmpstr (name_at (fixture->model, 3), ==, "Ødegård");

  /* Rows outside the span keep their objects */
  {
    g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 5);

    g_assert_true (row == kept);
  }
}

static gboolean
write_nothing (KonStore  *store,
               gpointer   user_data,
               GError   **error)
{
  return TRUE;
}

static gboolean
write_title (KonStore  *store,
             gpointer   user_data,
             GError   **error)
{
  return kon_store_save (store, &kon_person_table, user_data, error);
}

/* Many changes at once (an import) come as RELOAD: one items-changed,
 * and none when nothing differs */
static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonRow) row = NULL;
  g_autoptr(KonPerson) person = NULL;

  add_five (fixture);
  watch (fixture, &kon_person_table);

  fixture->n_signals = 0;
  g_assert_true (kon_store_bulk_write (fixture->store, write_nothing, NULL, &error));
  g_assert_no_error (error);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, ==, 0);

  row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 2);
  person = kon_person_copy (kon_row_get_data (row));
  g_free (person->title);
  person->title = g_strdup ("Sekretær");
  fixture->n_signals = 0;
  g_assert_true (kon_store_bulk_write (fixture->store, write_title, person, &error));
  g_assert_no_error (error);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  g_assert_cmpstr (((const KonPerson *) kon_row_get_data (row))->title, ==, "Sekretær");
}

static void
test_other_connection (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) other = NULL;
  g_autoptr(KonPerson) person = NULL;
  g_autoptr(KonPerson) renamed = NULL;

  add_five (fixture);
  watch (fixture, &kon_person_table);

  other = kon_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->n_signals = 0;
  person = save_person (other, "Cecilie", NULL);
  kon_store_check_changes (fixture->store);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 6);

  /* A save there: the row here follows */
  renamed = kon_person_copy (person);
  g_free (renamed->title);
  renamed->title = g_strdup ("Rådgiver");
  g_assert_true (kon_store_save (other, &kon_person_table, renamed, &error));
  g_assert_no_error (error);
  fixture->n_signals = 0;
  kon_store_check_changes (fixture->store);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  {
    g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 1);

    g_assert_cmpstr (kon_row_get_uuid (row), ==, person->uuid);
    g_assert_cmpstr (((const KonPerson *) kon_row_get_data (row))->title, ==, "Rådgiver");
  }
}

static void
test_query (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(KonPerson) by_partner = NULL;
  g_autoptr(KonPerson) other = NULL;

  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  g_free (partner->name);
  partner->name = g_strdup ("Bø kommune");
  g_assert_true (kon_store_save (fixture->store, &kon_partner_table, partner, &error));
  g_assert_no_error (error);

  kon_person_free (save_person (fixture->store, "Kari Bø", NULL));
  kon_person_free (save_person (fixture->store, "Per Bodø", NULL));
  kon_person_free (save_person (fixture->store, "Bø Bøe", NULL));
  by_partner = save_person (fixture->store, "Anne Hansen", partner->uuid);

  watch (fixture, &kon_person_table);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 4);

  /* Bø, not Bodø; in the store's rank order (assert_mirror) */
  fixture->n_signals = 0;
  set_query (fixture, "Bø");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (name_at (fixture->model, i), !=, "Per Bodø");
  g_assert_cmpstr (kon_row_model_get_query (fixture->model), ==, "Bø");

  /* The same query again, or with blanks: nothing */
  fixture->n_signals = 0;
  set_query (fixture, " Bø ");
  g_assert_cmpuint (fixture->n_signals, ==, 0);

  /* A new match comes in */
  fixture->n_signals = 0;
  other = save_person (fixture->store, "Ola Bø", NULL);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 1);

  /* The partner's rename takes its person out of the search */
  g_free (partner->name);
  partner->name = g_strdup ("Hadsel kommune");
  save (fixture, &kon_partner_table, partner);
  g_assert_cmpuint (fixture->n_signals, ==, 1);
  for (guint i = 0; i < fixture->mirror->len; i++)
    g_assert_cmpstr (fixture->mirror->pdata[i], !=, by_partner->uuid);

  /* Back to every row */
  set_query (fixture, "  ");
  g_assert_null (kon_row_model_get_query (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "nb_NO.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/row-model/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("order", test_order);
  ADD ("paging", test_paging);
  ADD ("save", test_save);
  ADD ("insert-delete-move", test_insert_delete_move);
  ADD ("reload", test_reload);
  ADD ("other-connection", test_other_connection);
  ADD ("query", test_query);

  return g_test_run ();
}
