/* test-widgets.c: each composite widget of src/ui, built, given its
 * properties and finalized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As GNOME Console's widget tests: every test ends with
 * g_assert_finalize_object (), so a widget that leaks itself (a signal
 * handler holding it, a child never unparented) fails.  Needs a display:
 * tests/meson.build runs it under xvfb-run.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "konsensus-resources.h"
#include "kon-body-details.h"
#include "kon-body-form.h"
#include "kon-case-form.h"
#include "kon-case-links.h"
#include "kon-cases.h"
#include "kon-cases-pane.h"
#include "kon-edit-dialog.h"
#include "kon-exchange.h"
#include "kon-list-row.h"
#include "kon-org.h"
#include "kon-org-item.h"
#include "kon-org-item-model.h"
#include "kon-organisation-pane.h"
#include "kon-partner-form.h"
#include "kon-person-form.h"
#include "kon-role-form.h"
#include "kon-searchable-list.h"
#include "kon-seat-form.h"
#include "kon-template-picker.h"
#include "kon-terms-data.h"
#include "kon-terms-pane.h"
#include "kon-terms-timeline.h"
#include "kon-text-cell.h"
#include "kon-undo-stack.h"

typedef struct
{
  char     *dir;
  KonStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("konsensus-widgets-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = kon_store_open (path, &error);
  g_assert_no_error (error);
}

/* The test folder holds the database and SQLite's files beside it */
static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_assert_no_errno (g_remove (file));
    }
  g_assert_no_errno (g_rmdir (path));
}

/* The chart reads its data in a thread, on a worker connection of the
 * store: what it holds is let go when that read has come back (a few
 * seconds at most) */
static void
wait_for_last_ref (gpointer object)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (G_OBJECT (object)->ref_count > 1 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  wait_for_last_ref (fixture->store);
  g_assert_finalize_object (fixture->store);
  remove_folder (fixture->dir);
  g_free (fixture->dir);
}

static KonOrgItem *
make_partner_item (void)
{
  g_autoptr(KonPartner) partner = kon_partner_new ();
  KonOrgItem *item;

  partner->uuid = g_strdup ("b7f1e0c2-0000-4000-8000-000000000001");
  partner->name = g_strdup ("Bodø kommune");
  partner->short_name = g_strdup ("Bodø");
  item = kon_org_item_new (KON_TYPE_PARTNER, partner);
  kon_org_item_set_text (item, partner->name, "Kommune · Salten");

  return item;
}

static void
test_org_item (void)
{
  KonOrgItem *item = make_partner_item ();
  g_autofree char *title = NULL;

  g_assert_cmpstr (kon_org_item_get_table (item), ==, "partner");
  g_assert_cmpstr (kon_org_item_get_uuid (item), ==, "b7f1e0c2-0000-4000-8000-000000000001");
  g_object_get (item, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Bodø kommune");

  g_assert_finalize_object (item);
}

static void
describe_partner_cb (KonOrgItem *item,
                     gpointer    user_data)
{
  const KonPartner *partner = kon_org_item_get_boxed (item);
  const char * const *suffix = user_data;
  g_autofree char *subtitle = g_strconcat (partner->short_name, *suffix, NULL);

  kon_org_item_set_text (item, partner->name, subtitle);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
save_partner (KonStore   *store,
              KonPartner *partner)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kon_org_save_partner (store, partner, &error));
  g_assert_no_error (error);
}

/* The list's items over the paged model: an item held by a row widget
 * (the first, and the second) stays the same object and follows an edit
 * of its row in place, and every position shows its own row */
static void
test_org_item_model (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *names[] = { "Andøy kommune", "Bodø kommune", "Fauske kommune" };
  g_autoptr(KonPartner) first = NULL;
  g_autoptr(KonRowModel) rows = NULL;
  g_autoptr(KonOrgItem) item0 = NULL;
  g_autoptr(KonOrgItem) item1 = NULL;
  g_autoptr(KonOrgItem) again = NULL;
  const char *suffix = "";
  KonOrgItemModel *model;
  guint notified = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KonPartner) partner = kon_partner_new ();

      partner->name = g_strdup (names[i]);
      partner->short_name = g_strndup (names[i], strcspn (names[i], " "));
      save_partner (fixture->store, partner);
      if (i == 0)
        first = kon_partner_copy (partner);
    }

  rows = kon_row_model_new (fixture->store, &kon_partner_table);
  model = kon_org_item_model_new (rows, describe_partner_cb, &suffix);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == KON_TYPE_ORG_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  item0 = g_list_model_get_item (G_LIST_MODEL (model), 0);
  item1 = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (kon_org_item_get_title (item0), ==, "Andøy kommune");
  g_assert_cmpstr (kon_org_item_get_subtitle (item0), ==, "Andøy");
  g_assert_cmpstr (kon_org_item_get_title (item1), ==, "Bodø kommune");
  g_signal_connect_swapped (item0, "notify::subtitle", G_CALLBACK (count_cb), &notified);

  g_free (first->short_name);
  first->short_name = g_strdup ("Andøya");
  save_partner (fixture->store, first);

  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (again == item0);
  g_assert_cmpstr (kon_org_item_get_subtitle (item0), ==, "Andøya");
  g_assert_cmpuint (notified, ==, 1);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_true (again == item1);
  g_assert_cmpstr (kon_org_item_get_title (again), ==, "Bodø kommune");

  /* Described again: what the rows show depends on more than the row */
  suffix = " (Vesterålen)";
  kon_org_item_model_redescribe (model);
  g_assert_cmpstr (kon_org_item_get_subtitle (item0), ==, "Andøya (Vesterålen)");
  g_assert_cmpuint (notified, ==, 2);

  g_clear_object (&item0);
  g_clear_object (&item1);
  g_clear_object (&again);
  g_clear_object (&rows);
  g_assert_finalize_object (model);
}

static void
test_list_row (void)
{
  g_autoptr(KonOrgItem) item = make_partner_item ();
  GtkWidget *row = g_object_ref_sink (kon_list_row_new ());

  g_object_set (row, "item", item, NULL);
  g_assert_true (kon_list_row_get_item (KON_LIST_ROW (row)) == item);
  kon_list_row_set_item (KON_LIST_ROW (row), NULL);
  kon_list_row_set_item (KON_LIST_ROW (row), item);

  g_assert_finalize_object (row);
}

/* A cell's size follows its font and width-chars, never its text; a
 * subtitle adds a line; it is a label named by its text */
static void
test_text_cell (void)
{
  GtkWidget *cell = g_object_ref_sink (kon_text_cell_new (10));
  int height, height_long, height_two, width, width_20, minimum;

  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &minimum, &height, NULL, NULL);
  g_assert_cmpint (height, >, 0);
  g_assert_cmpint (minimum, ==, height);
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &width, NULL, NULL);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (minimum, <, width);

  kon_text_cell_set_text (KON_TEXT_CELL (cell), "Utskrivningsklare pasienter i Salten, Lofoten og Vesterålen");
  g_assert_cmpstr (kon_text_cell_get_text (KON_TEXT_CELL (cell)), ==,
                   "Utskrivningsklare pasienter i Salten, Lofoten og Vesterålen");
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, NULL, &height_long, NULL, NULL);
  g_assert_cmpint (height_long, ==, height);

  g_object_set (cell, "width-chars", 20, NULL);
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width_20, NULL, NULL);
  g_assert_cmpint (width_20, ==, 2 * width);

  kon_text_cell_set_subtitle (KON_TEXT_CELL (cell), "… <b>utskrivning</b> …");
  g_assert_cmpstr (kon_text_cell_get_subtitle (KON_TEXT_CELL (cell)), ==, "… <b>utskrivning</b> …");
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, NULL, &height_two, NULL, NULL);
  g_assert_cmpint (height_two, >, height);
  kon_text_cell_set_subtitle (KON_TEXT_CELL (cell), NULL);
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, NULL, &height_two, NULL, NULL);
  g_assert_cmpint (height_two, ==, height);

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (cell)), ==, GTK_ACCESSIBLE_ROLE_LABEL);

  g_assert_finalize_object (cell);
}

static void
test_searchable_list (void)
{
  g_autoptr(GListStore) model = g_list_store_new (KON_TYPE_ORG_ITEM);
  g_autoptr(KonOrgItem) item = make_partner_item ();
  GtkWidget *list = g_object_ref_sink (kon_searchable_list_new ());
  g_autofree char *label = NULL;

  g_list_store_append (model, item);
  g_object_set (list,
                "model", model,
                "label", "Partners",
                "search-label", "Search partners",
                "add-label", "Add Partner",
                "add-action-name", "org.add-partner",
                "empty-title", "No Partners Yet",
                "no-results-title", "No Partners Found",
                NULL);
  g_assert_true (kon_searchable_list_get_model (KON_SEARCHABLE_LIST (list)) == G_LIST_MODEL (model));
  g_object_get (list, "add-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Add Partner");
  g_assert_cmpstr (kon_searchable_list_get_search_text (KON_SEARCHABLE_LIST (list)), ==, "");

  g_list_store_remove_all (model);
  kon_searchable_list_set_model (KON_SEARCHABLE_LIST (list), NULL);

  g_assert_finalize_object (list);
}

static void
test_template_picker (void)
{
  GtkWidget *picker = g_object_ref_sink (kon_template_picker_new ());

  /* Loads when idle: finalizing before then cancels it */
  kon_template_picker_load (KON_TEMPLATE_PICKER (picker));

  g_assert_finalize_object (picker);
}

static void
test_body_details (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *details = g_object_ref_sink (kon_body_details_new ());

  body->name = g_strdup ("Strategisk samarbeidsutvalg");
  body->mandate = g_strdup ("Strategisk organ.");
  g_assert_true (kon_org_save_body (fixture->store, body, &error));
  g_assert_no_error (error);

  g_object_set (details, "store", fixture->store, "body-uuid", body->uuid, NULL);
  g_assert_true (kon_body_details_refresh (KON_BODY_DETAILS (details)));
  kon_body_details_set_body_uuid (KON_BODY_DETAILS (details), "no-such-body");
  g_assert_false (kon_body_details_refresh (KON_BODY_DETAILS (details)));
  kon_body_details_set_store (KON_BODY_DETAILS (details), NULL);

  g_assert_finalize_object (details);
}

static void
test_forms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KonPerson) person = kon_person_new ();
  GtkWidget *forms[] = {
    kon_partner_form_new (fixture->store, NULL),
    kon_person_form_new (fixture->store, NULL),
    kon_body_form_new (fixture->store, NULL),
    kon_role_form_new (fixture->store, NULL),
    kon_seat_form_new (fixture->store, NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *problem = NULL;
      g_autoptr(KonStore) store = NULL;

      g_object_ref_sink (forms[i]);
      g_assert_true (KON_IS_EDIT_FORM (forms[i]));

      /* Empty, each form says what is missing */
      problem = kon_edit_form_check (KON_EDIT_FORM (forms[i]));
      if (problem == NULL)
        g_error ("%s says nothing is missing", G_OBJECT_TYPE_NAME (forms[i]));

      g_object_get (forms[i], "store", &store, NULL);
      g_assert_true (store == fixture->store);
      g_object_set (forms[i], "store", NULL, NULL);

      g_assert_finalize_object (forms[i]);
    }

  /* A person as written checks out */
  person->name = g_strdup ("Kari Nordmann");
  person->email = g_strdup ("kari.nordmann@bodo.kommune.no");
  person->phone = g_strdup ("+47 75 55 50 00");
  {
    GtkWidget *form = g_object_ref_sink (kon_person_form_new (fixture->store, person));
    g_autofree char *problem = kon_edit_form_check (KON_EDIT_FORM (form));

    g_assert_null (problem);
    g_assert_cmpstr (kon_edit_form_get_name (KON_EDIT_FORM (form)), ==, "Kari Nordmann");
    g_assert_finalize_object (form);
  }
}

static void
test_edit_dialog (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *form = kon_partner_form_new (fixture->store, NULL);
  KonEditDialog *dialog = kon_edit_dialog_new (NULL, "New Partner", "_Add", KON_EDIT_FORM (form));

  g_object_ref (dialog);
  g_assert_true (kon_edit_dialog_get_form (dialog) == KON_EDIT_FORM (form));
  kon_edit_dialog_show_error (dialog, "Something is wrong.", TRUE);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_finalize_object (dialog);
}

static void
test_organisation_pane (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *pane = g_object_ref_sink (kon_organisation_pane_new ());
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(GError) error = NULL;

  /* Empty: the templates; then with a partner: the content */
  g_object_set (pane, "store", fixture->store, NULL);
  partner->name = g_strdup ("Bodø kommune");
  partner->short_name = g_strdup ("Bodø");
  g_assert_true (kon_org_save_partner (fixture->store, partner, &error));
  g_assert_no_error (error);
  g_assert_true (kon_organisation_pane_get_store (KON_ORGANISATION_PANE (pane)) == fixture->store);

  kon_organisation_pane_set_store (KON_ORGANISATION_PANE (pane), NULL);

  wait_for_last_ref (pane);
  g_assert_finalize_object (pane);
}

static gboolean
undo_count_cb (gpointer   data,
               GError   **error)
{
  (*(int *) data)++;
  return TRUE;
}

/* The demo community: an SSU with seats and terms */
static void
import_demo (KonStore *store)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "lofoten-vesteralen-salten-demo.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = kon_exchange_import_file (store, file, NULL, &error);
  g_assert_no_error (error);
}

/* A community's rule for every body (Bergen: two user representatives
 * and a GP in each) is kept in bodies without seats too */
static void
test_terms_every_body (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", "bergen.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(KonTermsData) terms = NULL;
  g_autoptr(KonTermsDay) day = NULL;
  g_autoptr(GError) error = NULL;
  gboolean too_few = FALSE;
  GDate date;

  report = kon_exchange_import_file (fixture->store, file, NULL, &error);
  g_assert_no_error (error);
  bodies = kon_terms_data_list_bodies (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 4);

  terms = kon_terms_data_load (fixture->store, KON_ROW (bodies->pdata[0])->uuid, &error);
  g_assert_no_error (error);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JUNE, 2026);
  day = kon_terms_evaluate (&terms->input, &date, 6);
  for (guint i = 0; i < day->breaks->len; i++)
    too_few |= ((const KonBreak *) day->breaks->pdata[i])->kind == KON_BREAK_TOO_FEW_REPRESENTED;
  g_assert_true (too_few);
}

static void
test_terms_timeline (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *widget = g_object_ref_sink (kon_terms_timeline_new ());
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(KonTermsData) terms = NULL;
  g_autoptr(GError) error = NULL;
  KonTimeline *timeline;
  int minimum, natural, empty_height;
  GDate today;

  import_demo (fixture->store);
  bodies = kon_terms_data_list_bodies (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bodies->len; i++)
    if (((KonBody *) bodies->pdata[i])->kind == KON_BODY_KIND_SSU)
      terms = kon_terms_data_load (fixture->store, ((KonBody *) bodies->pdata[i])->uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (terms);

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &minimum, &empty_height, NULL, NULL);
  g_assert_cmpint (empty_height, ==, 0);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 5, G_DATE_DECEMBER, 2026);
  timeline = kon_timeline_new (&terms->input, &today, 2024, 12);
  kon_terms_timeline_set_timeline (KON_TERMS_TIMELINE (widget), timeline);
  g_assert_true (kon_terms_timeline_get_timeline (KON_TERMS_TIMELINE (widget)) == timeline);
  /* The leader's and deputy's rows and the SSU's 24 seats, each a row */
  g_assert_cmpuint (kon_timeline_get_n_rows (timeline), ==, 2 + 24);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, >, 26 * 20);
  /* Nothing focused before the user reaches it */
  g_assert_null (kon_terms_timeline_get_focus_role (KON_TERMS_TIMELINE (widget)));

  kon_terms_timeline_set_timeline (KON_TERMS_TIMELINE (widget), NULL);
  g_assert_finalize_object (widget);
}

/* An appointment shows the seat it fills, among its body's seats, and
 * who appointed; saving keeps them */
static void
test_role_form_seat (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonRole) saved = NULL;
  const KonRole *role = NULL;
  GtkWidget *form;
  AdwComboRow *seat_row;
  AdwEntryRow *appointed_by_row;

  import_demo (fixture->store);
  roles = kon_store_list (fixture->store, &kon_role_table, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < roles->len && role == NULL; i++)
    if (((KonRole *) roles->pdata[i])->seat_uuid != NULL && ((KonRole *) roles->pdata[i])->appointed_by != NULL)
      role = roles->pdata[i];
  g_assert_nonnull (role);

  form = g_object_ref_sink (kon_role_form_new (fixture->store, role));
  seat_row = ADW_COMBO_ROW (gtk_widget_get_template_child (form, KON_TYPE_ROLE_FORM, "seat_row"));
  appointed_by_row = ADW_ENTRY_ROW (gtk_widget_get_template_child (form, KON_TYPE_ROLE_FORM, "appointed_by_row"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (seat_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (seat_row), >, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (appointed_by_row)), ==, role->appointed_by);

  /* Appointed by someone else, and to no seat */
  gtk_editable_set_text (GTK_EDITABLE (appointed_by_row), "Partnerskapsmøtet");
  adw_combo_row_set_selected (seat_row, 0);
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  saved = kon_store_get (fixture->store, &kon_role_table, role->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (saved->seat_uuid);
  g_assert_cmpstr (saved->appointed_by, ==, "Partnerskapsmøtet");

  g_assert_finalize_object (form);
}

static void
set_row_text (GtkWidget  *form,
              GType       type,
              const char *name,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (form, type, name)), text);
}

/* A case: numbered when added, a typed number that exists refused, the
 * form's checks, an edit saved */
static void
test_case_form (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonCase) saved = NULL;
  g_autofree char *message = NULL;
  GtkWidget *form;

  g_free (body->name);
  body->name = g_strdup ("Strategisk samarbeidsutvalg");
  body->case_pattern = g_strdup ("{n:02}-{yyyy}");
  g_assert_true (kon_org_save_body (fixture->store, body, &error));
  g_assert_no_error (error);

  for (int i = 1; i <= 2; i++)
    {
      form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
      /* No title yet */
      message = kon_edit_form_check (KON_EDIT_FORM (form));
      g_assert_cmpstr (message, ==, "A case needs a title.");
      g_clear_pointer (&message, g_free);
      set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Felles plan for utskrivningsklare pasienter");
      g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
      g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
      g_assert_no_error (error);
      g_assert_cmpint (((const KonCase *) kon_edit_form_get_row (KON_EDIT_FORM (form)))->number, ==, i);
      g_assert_finalize_object (form);
    }

  /* A decision on an agenda without its discussion or a one-stage
   * agreement: refused, saying what is missing */
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Vedtak uten drøfting");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, "status_row")),
                              KON_CASE_STATUS_ON_AGENDA);
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "one-stage processing"));
  g_clear_pointer (&message, g_free);
  /* One-stage processing: who, when and why, each said */
  set_row_text (form, KON_TYPE_CASE_FORM, "one_stage_row", "Hastesak: fristen går ut");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "who agreed"));
  g_clear_pointer (&message, g_free);
  set_row_text (form, KON_TYPE_CASE_FORM, "one_stage_by_row", "Leder og nestleder i SSU");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "the day"));
  g_clear_pointer (&message, g_free);
  set_row_text (form, KON_TYPE_CASE_FORM, "one_stage_date_row", "31.02.2026");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "31.02.2026"));
  g_clear_pointer (&message, g_free);
  set_row_text (form, KON_TYPE_CASE_FORM, "one_stage_date_row", "12.02.2026");
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_finalize_object (form);

  /* A number typed by hand that exists */
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Samme nummer");
  set_row_text (form, KON_TYPE_CASE_FORM, "number_row", "2");
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_false (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);
  /* What is not a number, a date that is not one, screening without a
   * public title, an earlier case that is not there */
  set_row_text (form, KON_TYPE_CASE_FORM, "number_row", "to");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "whole number"));
  g_clear_pointer (&message, g_free);
  set_row_text (form, KON_TYPE_CASE_FORM, "number_row", "");
  set_row_text (form, KON_TYPE_CASE_FORM, "date_row", "31.02.2026");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "is not a date"));
  g_clear_pointer (&message, g_free);
  /* A title of 301 characters */
  {
    g_autofree char *long_title = g_strnfill (301, 'x');

    set_row_text (form, KON_TYPE_CASE_FORM, "title_row", long_title);
    message = kon_edit_form_check (KON_EDIT_FORM (form));
    g_assert_nonnull (strstr (message, "longer than 300"));
    g_clear_pointer (&message, g_free);
    long_title[300] = '\0';
    set_row_text (form, KON_TYPE_CASE_FORM, "title_row", long_title);
    message = kon_edit_form_check (KON_EDIT_FORM (form));
    g_assert_nonnull (strstr (message, "is not a date"));   /* the title passes */
    g_clear_pointer (&message, g_free);
    set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Samme nummer");
  }
  set_row_text (form, KON_TYPE_CASE_FORM, "date_row", "12.02.2026");
  set_row_text (form, KON_TYPE_CASE_FORM, "screening_row", "Offl. § 13");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "public title"));
  g_clear_pointer (&message, g_free);
  set_row_text (form, KON_TYPE_CASE_FORM, "screening_row", "");
  set_row_text (form, KON_TYPE_CASE_FORM, "earlier_row", "07-1999");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "No case is numbered 07-1999"));
  /* said at the field */
  g_assert_true (kon_edit_form_get_problem_field (KON_EDIT_FORM (form)) ==
                 GTK_WIDGET (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, "earlier_row")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM,
                                                                                       "earlier_row")), "error"));
  g_clear_pointer (&message, g_free);
  /* A save without a check is refused as the check refuses */
  g_assert_false (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "No case is numbered 07-1999"));
  g_clear_error (&error);
  /* A decision that follows case 01: found as the body writes it */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *first = g_strdup_printf ("01-%d", g_date_time_get_year (now));

    set_row_text (form, KON_TYPE_CASE_FORM, "earlier_row", first);
  }
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  g_assert_nonnull (((const KonCase *) kon_edit_form_get_row (KON_EDIT_FORM (form)))->earlier_case);
  g_assert_finalize_object (form);

  /* An edit of an existing case */
  cases = kon_store_list (fixture->store, &kon_case_table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 3);
  form = g_object_ref_sink (kon_case_form_new (fixture->store, cases->pdata[0], NULL));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, "number_row"))));
  set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Ny tittel");
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  saved = kon_store_get (fixture->store, &kon_case_table, ((KonCase *) cases->pdata[0])->uuid, &error);
  g_assert_cmpstr (saved->title, ==, "Ny tittel");
  g_assert_cmpint (saved->number, ==, ((KonCase *) cases->pdata[0])->number);
  g_assert_finalize_object (form);

  /* A decision that follows a discussion case of another body keeps it
   * when edited: the number shown is that body's */
  {
    g_autoptr(KonBody) other = kon_body_new ();
    g_autoptr(KonCase) discussion = kon_case_new ();
    g_autoptr(KonCase) decision = kon_case_new ();
    g_autoptr(KonCase) edited = NULL;

    g_free (other->name);
    other->name = g_strdup ("Faglig samarbeidsutvalg");
    other->case_pattern = g_strdup ("{n:03}/{yyyy}");
    g_assert_true (kon_org_save_body (fixture->store, other, &error));
    g_assert_no_error (error);
    discussion->body_uuid = g_strdup (other->uuid);
    discussion->year = 2026;
    discussion->kind = KON_CASE_KIND_DISCUSSION;
    discussion->title = g_strdup ("Drøfting av felles plan");
    g_assert_true (kon_cases_add (fixture->store, discussion, &error));
    g_assert_no_error (error);
    decision->body_uuid = g_strdup (body->uuid);
    decision->year = 2026;
    decision->title = g_strdup ("Felles plan");
    decision->earlier_case = g_strdup (discussion->uuid);
    g_assert_true (kon_cases_add (fixture->store, decision, &error));
    g_assert_no_error (error);

    form = g_object_ref_sink (kon_case_form_new (fixture->store, decision, NULL));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM,
                                                                                       "earlier_row"))),
                     ==, "Faglig samarbeidsutvalg 001/2026");
    set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Felles plan, vedtatt");
    g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
    g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
    g_assert_no_error (error);
    edited = kon_store_get (fixture->store, &kon_case_table, decision->uuid, &error);
    g_assert_cmpstr (edited->earlier_case, ==, discussion->uuid);
    g_assert_finalize_object (form);

    /* A new decision linked to it by typing: the number alone, when one
     * body has it, or with the body's name first */
    {
      const char *typed[] = { "001/2026", "Faglig samarbeidsutvalg 001/2026" };

      for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
        {
          form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
          set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Felles plan, nytt vedtak");
          set_row_text (form, KON_TYPE_CASE_FORM, "earlier_row", typed[t]);
          g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
          g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
          g_assert_no_error (error);
          g_assert_cmpstr (((const KonCase *) kon_edit_form_get_row (KON_EDIT_FORM (form)))->earlier_case,
                           ==, discussion->uuid);
          gtk_widget_activate_action (form, "case-form.discard-draft", NULL);
          g_assert_finalize_object (form);
        }
    }
  }
}

static const char *
get_row_text (GtkWidget  *form,
              const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, name)));
}

static char *
get_view_text (GtkWidget  *form,
               const char *name)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, name));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

static gboolean
draft_shown (GtkWidget *form)
{
  return gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, "draft_group")));
}

/* What is typed into a new case comes back in the next new case, with its
 * body, until it is saved or discarded */
static void
test_case_form_draft (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonBody) other = kon_body_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *background = NULL;
  g_autoptr(GHashTable) drafts_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *form, *again;
  GtkTextBuffer *buffer;
  gint64 until;

  g_free (body->name);
  body->name = g_strdup ("Strategisk samarbeidsutvalg");
  g_assert_true (kon_org_save_body (fixture->store, body, &error));
  g_assert_no_error (error);
  g_free (other->name);
  other->name = g_strdup ("Faglig samarbeidsutvalg");
  g_assert_true (kon_org_save_body (fixture->store, other, &error));
  g_assert_no_error (error);

  {
    g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "konsensus", "drafts", NULL);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      g_hash_table_add (drafts_before, g_strdup (name));
  }

  /* Written half a second after the last change, the form still open */
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  g_assert_false (draft_shown (form));
  set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Felles plan for utskrivningsklare pasienter");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM,
                                                                                  "background_view")));
  gtk_text_buffer_set_text (buffer, "Første linje.\nAndre linje.", -1);
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  again = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  g_assert_true (draft_shown (again));
  g_assert_cmpstr (get_row_text (again, "title_row"), ==, "Felles plan for utskrivningsklare pasienter");
  background = get_view_text (again, "background_view");
  g_assert_cmpstr (background, ==, "Første linje.\nAndre linje.");
  g_clear_pointer (&background, g_free);
  g_assert_finalize_object (again);

  /* Also when the next New Case is opened from another body: the body it
   * was typed for is chosen again.  The draft is the user's alone (0600) */
  again = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, other->uuid));
  g_assert_true (draft_shown (again));
  g_assert_cmpstr (get_row_text (again, "title_row"), ==, "Felles plan for utskrivningsklare pasienter");
  {
    AdwComboRow *body_row = ADW_COMBO_ROW (gtk_widget_get_template_child (again, KON_TYPE_CASE_FORM, "body_row"));
    GtkStringObject *chosen = adw_combo_row_get_selected_item (body_row);

    g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, "Strategisk samarbeidsutvalg");
  }
  g_assert_finalize_object (again);
  {
    g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "konsensus", "drafts", NULL);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
    const char *name;
    guint n = 0;

    /* The drafts folder is shared by the runs of the tests: this run's is
     * the one not there before */
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (!g_hash_table_contains (drafts_before, name))
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          GStatBuf st;

          g_assert_no_errno (g_stat (path, &st));
          g_assert_cmpint (st.st_mode & 0777, ==, 0600);
          n++;
        }
    g_assert_cmpuint (n, ==, 1);
  }

  /* What was typed just before the form closed is written as it closes */
  set_row_text (form, KON_TYPE_CASE_FORM, "public_title_row", "Utskrivningsklare pasienter");
  g_assert_finalize_object (form);
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  g_assert_cmpstr (get_row_text (form, "public_title_row"), ==, "Utskrivningsklare pasienter");

  /* Discard empties the fields and forgets the draft */
  gtk_widget_activate_action (form, "case-form.discard-draft", NULL);
  g_assert_false (draft_shown (form));
  g_assert_cmpstr (get_row_text (form, "title_row"), ==, "");
  g_assert_finalize_object (form);
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  g_assert_false (draft_shown (form));
  g_assert_cmpstr (get_row_text (form, "title_row"), ==, "");

  /* A save removes the draft; a refused one keeps it */
  set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Lagret sak");
  set_row_text (form, KON_TYPE_CASE_FORM, "date_row", "31.02.2026");
  g_assert_false (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_clear_error (&error);
  g_assert_finalize_object (form);
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  g_assert_cmpstr (get_row_text (form, "title_row"), ==, "Lagret sak");
  set_row_text (form, KON_TYPE_CASE_FORM, "date_row", "12.02.2026");
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  g_assert_false (draft_shown (form));
  /* Edits of the case saved are no draft */
  set_row_text (form, KON_TYPE_CASE_FORM, "title_row", "Lagret sak, endret");
  g_assert_finalize_object (form);
  form = g_object_ref_sink (kon_case_form_new (fixture->store, NULL, body->uuid));
  g_assert_false (draft_shown (form));
  g_assert_cmpstr (get_row_text (form, "title_row"), ==, "");
  g_assert_finalize_object (form);
}

static gpointer
template_child (GtkWidget  *form,
                GType       type,
                const char *name)
{
  return gtk_widget_get_template_child (form, type, name);
}

/* A body's terms and chair rotation: shown as stored, checked, saved */
static void
test_body_form_terms (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonBody) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *form;
  GDate date;

  g_free (body->name);
  body->name = g_strdup ("Strategisk samarbeidsutvalg");
  body->kind = KON_BODY_KIND_SSU;
  body->term_years = 4;
  body->single_term = TRUE;
  g_date_set_dmy (&body->rotation_start, 1, G_DATE_JANUARY, 2024);
  body->rotation_first_side = KON_SIDE_HF;
  body->rotation_years = 2;
  g_assert_true (kon_org_save_body (fixture->store, body, &error));
  g_assert_no_error (error);

  form = g_object_ref_sink (kon_body_form_new (fixture->store, body));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (form, KON_TYPE_BODY_FORM, "term_spin")), ==, 4);
  g_assert_false (gtk_switch_get_active (template_child (form, KON_TYPE_BODY_FORM, "again_switch")));
  g_assert_cmpstr (gtk_editable_get_text (template_child (form, KON_TYPE_BODY_FORM, "rotation_start_row")),
                   ==, "01.01.2024");
  /* The municipalities first, then the hospital trust */
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (form, KON_TYPE_BODY_FORM, "rotation_side_row")), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (form, KON_TYPE_BODY_FORM, "rotation_years_spin")), ==, 2);
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));

  /* A rotation without a chair period, a first day that is not a date */
  gtk_spin_button_set_value (template_child (form, KON_TYPE_BODY_FORM, "rotation_years_spin"), 0);
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "chair period"));
  g_clear_pointer (&message, g_free);
  gtk_spin_button_set_value (template_child (form, KON_TYPE_BODY_FORM, "rotation_years_spin"), 3);
  set_row_text (form, KON_TYPE_BODY_FORM, "rotation_start_row", "31.02.2026");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "is not a date"));
  g_clear_pointer (&message, g_free);

  /* The case number pattern: a live preview, and a pattern without the
   * number refused at its field */
  {
    AdwActionRow *preview = template_child (form, KON_TYPE_BODY_FORM, "pattern_preview_row");
    GtkWidget *pattern_row = template_child (form, KON_TYPE_BODY_FORM, "pattern_row");
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    int year = g_date_time_get_year (now);
    g_autofree char *expected = g_strdup_printf ("01-%d, 02-%d … 12-%d", year, year, year);
    g_autofree char *expected_ksu = g_strdup_printf ("001/%d, 002/%d … 012/%d", year, year, year);

    set_row_text (form, KON_TYPE_BODY_FORM, "rotation_start_row", "01.04.2026");
    g_assert_cmpstr (adw_action_row_get_subtitle (preview), ==, expected);
    set_row_text (form, KON_TYPE_BODY_FORM, "pattern_row", "{n:03}/{yyyy}");
    g_assert_cmpstr (adw_action_row_get_subtitle (preview), ==, expected_ksu);
    set_row_text (form, KON_TYPE_BODY_FORM, "pattern_row", "sak {yyyy}");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (preview), "{n}"));
    g_assert_true (gtk_widget_has_css_class (pattern_row, "error"));
    message = kon_edit_form_check (KON_EDIT_FORM (form));
    g_assert_nonnull (strstr (message, "{n}"));
    g_assert_true (kon_edit_form_get_problem_field (KON_EDIT_FORM (form)) == pattern_row);
    g_clear_pointer (&message, g_free);
    set_row_text (form, KON_TYPE_BODY_FORM, "pattern_row", "{n:03}/{yyyy}");
    g_assert_false (gtk_widget_has_css_class (pattern_row, "error"));
  }

  /* Edited and saved */
  set_row_text (form, KON_TYPE_BODY_FORM, "rotation_start_row", "01.04.2026");
  adw_combo_row_set_selected (template_child (form, KON_TYPE_BODY_FORM, "rotation_side_row"), 0);
  gtk_spin_button_set_value (template_child (form, KON_TYPE_BODY_FORM, "term_spin"), 3);
  gtk_switch_set_active (template_child (form, KON_TYPE_BODY_FORM, "again_switch"), TRUE);
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  saved = kon_store_get (fixture->store, &kon_body_table, body->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->term_years, ==, 3);
  g_assert_false (saved->single_term);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_APRIL, 2026);
  g_assert_cmpint (g_date_compare (&saved->rotation_start, &date), ==, 0);
  g_assert_cmpint (saved->rotation_first_side, ==, KON_SIDE_MUNICIPAL);
  g_assert_cmpint (saved->rotation_years, ==, 3);
  g_assert_cmpstr (saved->case_pattern, ==, "{n:03}/{yyyy}");
  g_clear_pointer (&saved, kon_body_free);

  /* No first day: no rotation, and no side that chairs first */
  set_row_text (form, KON_TYPE_BODY_FORM, "rotation_start_row", "");
  gtk_spin_button_set_value (template_child (form, KON_TYPE_BODY_FORM, "term_spin"), 0);
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  saved = kon_store_get (fixture->store, &kon_body_table, body->uuid, &error);
  g_assert_no_error (error);
  g_assert_false (g_date_valid (&saved->rotation_start));
  g_assert_cmpint (saved->rotation_first_side, ==, KON_SIDE_NONE);
  g_assert_cmpint (saved->term_years, ==, 0);

  g_assert_finalize_object (form);
}

/* A seat: shown as stored, the core's rule on regions said by check, an
 * edit saved and read back, a delete asked for; then a new seat added */
static void
test_seat_form (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) seats = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(KonSeat) saved = NULL;
  g_autoptr(KonSeat) new_seat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const KonSeat *seat = NULL;
  GtkWidget *form;
  guint deletes = 0;

  import_demo (fixture->store);
  seats = kon_store_list (fixture->store, &kon_seat_table, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < seats->len && seat == NULL; i++)
    if (((KonSeat *) seats->pdata[i])->region != NULL)
      seat = seats->pdata[i];
  g_assert_nonnull (seat);
  g_assert_cmpint (seat->side, ==, KON_SIDE_MUNICIPAL);

  form = g_object_ref_sink (kon_seat_form_new (fixture->store, seat));
  g_assert_true (KON_IS_EDIT_FORM (form));
  g_assert_cmpstr (gtk_editable_get_text (template_child (form, KON_TYPE_SEAT_FORM, "name_row")), ==, seat->name);
  g_assert_cmpstr (gtk_editable_get_text (template_child (form, KON_TYPE_SEAT_FORM, "region_row")), ==, seat->region);
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (form, KON_TYPE_SEAT_FORM, "side_row")), ==, 2);
  g_assert_true (gtk_widget_get_visible (template_child (form, KON_TYPE_SEAT_FORM, "delete_button")));
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));

  /* A region on the hospital trust's side: the core's words */
  adw_combo_row_set_selected (template_child (form, KON_TYPE_SEAT_FORM, "side_row"), 1);
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_cmpstr (message, ==, "Only a seat on the municipalities’ side is for a region.");
  g_clear_pointer (&message, g_free);
  set_row_text (form, KON_TYPE_SEAT_FORM, "region_row", "  ");
  set_row_text (form, KON_TYPE_SEAT_FORM, "name_row", "");
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_cmpstr (message, ==, "A seat needs a name.");
  g_clear_pointer (&message, g_free);

  /* Edited and saved */
  set_row_text (form, KON_TYPE_SEAT_FORM, "name_row", "Helse Nord, vara 8");
  adw_combo_row_set_selected (template_child (form, KON_TYPE_SEAT_FORM, "kind_row"), 1);
  adw_combo_row_set_selected (template_child (form, KON_TYPE_SEAT_FORM, "represents_row"), KON_REPRESENTS_USERS);
  set_row_text (form, KON_TYPE_SEAT_FORM, "appointed_by_row", "Administrerende direktør");
  gtk_switch_set_active (template_child (form, KON_TYPE_SEAT_FORM, "required_switch"), TRUE);
  gtk_spin_button_set_value (template_child (form, KON_TYPE_SEAT_FORM, "position_spin"), 99);
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kon_edit_form_get_name (KON_EDIT_FORM (form)), ==, "Helse Nord, vara 8");
  g_assert_cmpstr (kon_edit_form_get_uuid (KON_EDIT_FORM (form)), ==, seat->uuid);
  saved = kon_store_get (fixture->store, &kon_seat_table, seat->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->name, ==, "Helse Nord, vara 8");
  g_assert_cmpint (saved->kind, ==, KON_ROLE_KIND_DEPUTY);
  g_assert_cmpint (saved->side, ==, KON_SIDE_HF);
  g_assert_null (saved->region);
  g_assert_cmpint (saved->represents, ==, KON_REPRESENTS_USERS);
  g_assert_cmpstr (saved->appointed_by, ==, "Administrerende direktør");
  g_assert_true (saved->required);
  g_assert_cmpint (saved->position, ==, 99);
  g_assert_cmpstr (saved->body_uuid, ==, seat->body_uuid);

  /* Delete asks whoever opened the form */
  g_signal_connect_swapped (form, "delete-requested", G_CALLBACK (count_cb), &deletes);
  g_assert_true (gtk_widget_activate_action (form, "seat.delete", NULL));
  g_assert_cmpuint (deletes, ==, 1);
  g_assert_finalize_object (form);

  /* A new seat of the same body: nothing to delete yet */
  new_seat = kon_seat_new ();
  g_free (new_seat->body_uuid);
  new_seat->body_uuid = g_strdup (seat->body_uuid);
  form = g_object_ref_sink (kon_seat_form_new (fixture->store, new_seat));
  g_assert_false (gtk_widget_get_visible (template_child (form, KON_TYPE_SEAT_FORM, "delete_button")));
  set_row_text (form, KON_TYPE_SEAT_FORM, "name_row", "Nord universitet");
  adw_combo_row_set_selected (template_child (form, KON_TYPE_SEAT_FORM, "kind_row"), 2);
  g_assert_null (kon_edit_form_check (KON_EDIT_FORM (form)));
  g_assert_true (kon_edit_form_save (KON_EDIT_FORM (form), &error));
  g_assert_no_error (error);
  g_assert_finalize_object (form);
  after = kon_store_list (fixture->store, &kon_seat_table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, seats->len + 1);
  g_clear_pointer (&saved, kon_seat_free);
  saved = kon_store_get (fixture->store, &kon_seat_table, new_seat->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->kind, ==, KON_ROLE_KIND_OBSERVER);
}

/* The registry: built when first shown, searched as you type */
static void
test_cases_pane (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = g_object_new (KON_TYPE_CASES_PANE, NULL);
  GtkColumnView *view;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_ref (pane);
  import_demo (fixture->store);
  kon_cases_pane_set_store (KON_CASES_PANE (pane), fixture->store);
  view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (pane, KON_TYPE_CASES_PANE, "column_view"));
  g_assert_null (gtk_column_view_get_model (view));

  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_column_view_get_model (view) == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 3);

  /* The document date: a column only when chosen in the headers' menu */
  {
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) number = g_list_model_get_item (columns, 0);
    g_autoptr(GtkColumnViewColumn) document_date = NULL;
    guint visible = 0;

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        visible += gtk_column_view_column_get_visible (column);
        if (!gtk_column_view_column_get_visible (column))
          document_date = g_object_ref (column);
      }
    g_assert_cmpuint (visible, ==, 6);
    g_assert_nonnull (document_date);
    g_assert_nonnull (gtk_column_view_column_get_header_menu (number));
    g_assert_false (kon_cases_pane_get_document_date_visible (KON_CASES_PANE (pane)));
    g_assert_true (gtk_widget_activate_action (pane, "cases.document-date", NULL));
    g_assert_true (gtk_column_view_column_get_visible (document_date));
    g_assert_true (kon_cases_pane_get_document_date_visible (KON_CASES_PANE (pane)));
    g_object_set (pane, "document-date-visible", FALSE, NULL);
    g_assert_false (gtk_column_view_column_get_visible (document_date));
  }

  /* The year filter: all, then next year (December registers January's
   * cases), this year and back */
  {
    GtkDropDown *years = GTK_DROP_DOWN (gtk_widget_get_template_child (pane, KON_TYPE_CASES_PANE, "year_dropdown"));
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *next = g_strdup_printf ("%d", g_date_time_get_year (now) + 1);
    g_autofree char *this = g_strdup_printf ("%d", g_date_time_get_year (now));

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (years)), 1), ==, next);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (years)), 2), ==, this);
  }

  /* A click on a column's header sorts by it, both ways; a status in the
   * order a case goes through them */
  {
    GListModel *columns = gtk_column_view_get_columns (view);
    GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (view));
    g_autoptr(GtkColumnViewColumn) title = NULL;
    g_autoptr(GtkColumnViewColumn) status = NULL;
    g_autofree char *first_ascending = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_title (column), "Title") == 0)
          title = g_object_ref (column);
        if (g_strcmp0 (gtk_column_view_column_get_title (column), "Status") == 0)
          status = g_object_ref (column);
      }
    g_assert_nonnull (title);
    g_assert_nonnull (status);

    for (int direction = GTK_SORT_ASCENDING; direction <= GTK_SORT_DESCENDING; direction++)
      {
        gtk_column_view_sort_by_column (view, title, direction);
        for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
          {
            g_autoptr(KonRow) a = g_list_model_get_item (rows, i - 1);
            g_autoptr(KonRow) b = g_list_model_get_item (rows, i);
            const KonCase *ca = kon_row_get_data (a);
            const KonCase *cb = kon_row_get_data (b);
            int cmp = g_utf8_collate (ca->title, cb->title);

            g_assert_cmpint (direction == GTK_SORT_ASCENDING ? cmp : -cmp, <=, 0);
          }
        {
          g_autoptr(KonRow) first = g_list_model_get_item (rows, 0);
          const KonCase *c = kon_row_get_data (first);

          if (direction == GTK_SORT_ASCENDING)
            first_ascending = g_strdup (c->title);
          else
            g_assert_cmpstr (c->title, !=, first_ascending);
        }
      }

    gtk_column_view_sort_by_column (view, status, GTK_SORT_ASCENDING);
    for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(KonRow) a = g_list_model_get_item (rows, i - 1);
        g_autoptr(KonRow) b = g_list_model_get_item (rows, i);

        g_assert_cmpint (((const KonCase *) kon_row_get_data (a))->status, <=,
                         ((const KonCase *) kon_row_get_data (b))->status);
      }
    gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  }

  set_row_text (pane, KON_TYPE_CASES_PANE, "search_entry", "utskrivning");
  while (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))) != 2
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 2);

  kon_cases_pane_set_store (KON_CASES_PANE (pane), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_last_ref (pane);
  g_assert_finalize_object (pane);
}

/* The one KonEditDialog open, or NULL */
static KonEditDialog *
find_edit_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  KonEditDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KON_IS_EDIT_DIALOG (window))
        {
          g_assert_null (found);
          found = KON_EDIT_DIALOG (window);
        }
    }

  return found;
}

static void
on_toast_cb (GtkWidget  *pane,
             AdwToast   *toast,
             AdwToast  **last)
{
  g_set_object (last, toast);
}

static void
collect_action_rows (GtkWidget *widget,
                     GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_action_rows (child, rows);
}

/* The cases a case's texts name: each found in the registry, or said not
 * to be there */
static void
test_case_form_references (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonCase) first = kon_case_new ();
  g_autoptr(KonCase) second = kon_case_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *form, *group;

  g_free (body->name);
  body->name = g_strdup ("SSU");
  g_assert_true (kon_org_save_body (fixture->store, body, &error));
  for (guint i = 0; i < 2; i++)
    {
      KonCase *c = i == 0 ? first : second;

      g_free (c->body_uuid);
      c->body_uuid = g_strdup (body->uuid);
      c->year = 2026;
      g_free (c->title);
      c->title = g_strdup (i == 0 ? "Drøfting av planen" : "Vedtak om planen");
      c->background = i == 0 ? NULL : g_strdup ("Planen ble drøftet i sak 01-2026. Se også sak 99-1999.");
      g_assert_true (kon_cases_add (fixture->store, c, &error));
      g_assert_no_error (error);
    }

  form = g_object_ref_sink (kon_case_form_new (fixture->store, second, NULL));
  group = GTK_WIDGET (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, "references_group"));
  g_assert_true (gtk_widget_get_visible (group));
  collect_action_rows (group, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Case 01-2026");
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[0]), ==, "Drøfting av planen");
  g_assert_true (gtk_list_box_row_get_activatable (rows->pdata[0]));
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "Case 99-1999");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (rows->pdata[1]), "Not in the registry"));
  g_assert_false (gtk_list_box_row_get_activatable (rows->pdata[1]));
  g_assert_finalize_object (form);
}

static void
test_terms_pane (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = g_object_new (KON_TYPE_TERMS_PANE, NULL);
  GtkWidget *timeline;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDate date;

  g_object_ref (pane);
  import_demo (fixture->store);
  kon_terms_pane_set_store (KON_TERMS_PANE (pane), fixture->store);
  g_assert_true (kon_terms_pane_get_store (KON_TERMS_PANE (pane)) == fixture->store);

  /* Built when first shown */
  timeline = GTK_WIDGET (gtk_widget_get_template_child (pane, KON_TYPE_TERMS_PANE, "timeline"));
  g_assert_null (kon_terms_timeline_get_timeline (KON_TERMS_TIMELINE (timeline)));
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  while (kon_terms_timeline_get_timeline (KON_TERMS_TIMELINE (timeline)) == NULL
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (kon_terms_timeline_get_timeline (KON_TERMS_TIMELINE (timeline)));

  /* A date moves the timeline's years with it */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JUNE, 2040);
  kon_terms_pane_set_date (KON_TERMS_PANE (pane), &date);
  g_assert_cmpint (kon_timeline_get_first_year (kon_terms_timeline_get_timeline (KON_TERMS_TIMELINE (timeline))),
                   ==, 2040 - 3);

  /* An appointment asked for where a term ends follows it: from the day
   * after its last (Geir Myrvoll's GP term, 29.02.2024 to 28.02.2028) */
  {
    GtkListBox *prepare = GTK_LIST_BOX (gtk_widget_get_template_child (pane, KON_TYPE_TERMS_PANE, "prepare_list"));
    GtkListBoxRow *ending = NULL;
    const KonRole *role;
    KonEditDialog *dialog;
    GDate expected;

    g_date_set_dmy (&date, 6, G_DATE_SEPTEMBER, 2027);
    kon_terms_pane_set_date (KON_TERMS_PANE (pane), &date);
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (prepare)); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (ADW_IS_ACTION_ROW (row) &&
          strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Geir Myrvoll") != NULL)
        ending = GTK_LIST_BOX_ROW (row);
    g_assert_nonnull (ending);
    g_signal_emit_by_name (prepare, "row-activated", ending);
    dialog = find_edit_dialog ();
    g_assert_nonnull (dialog);
    role = kon_edit_form_get_row (kon_edit_dialog_get_form (dialog));
    g_date_clear (&expected, 1);
    g_date_set_dmy (&expected, 29, G_DATE_FEBRUARY, 2028);
    g_assert_cmpint (g_date_compare (&role->from, &expected), ==, 0);
    g_date_set_dmy (&expected, 28, G_DATE_FEBRUARY, 2032);
    g_assert_cmpint (g_date_compare (&role->to, &expected), ==, 0);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* The seat rules: the body's terms, a seat added, then deleted and
   * put back by its toast's Undo */
  {
    g_autoptr(AdwToast) toast = NULL;
    g_autoptr(GPtrArray) seats = NULL;
    g_autoptr(KonSeat) restored = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    KonEditDialog *dialog;
    GtkWidget *form;
    guint n_seats;

    g_signal_connect (pane, "toast", G_CALLBACK (on_toast_cb), &toast);
    seats = kon_store_list (fixture->store, &kon_seat_table, NULL, NULL, &error);
    g_assert_no_error (error);
    n_seats = seats->len;

    g_assert_true (gtk_widget_activate_action (pane, "terms.edit-body", NULL));
    dialog = find_edit_dialog ();
    g_assert_nonnull (dialog);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Body");
    g_assert_true (KON_IS_BODY_FORM (kon_edit_dialog_get_form (dialog)));
    gtk_window_destroy (GTK_WINDOW (dialog));

    g_assert_true (gtk_widget_activate_action (pane, "terms.add-seat", NULL));
    dialog = find_edit_dialog ();
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Seat");
    form = GTK_WIDGET (kon_edit_dialog_get_form (dialog));
    set_row_text (form, KON_TYPE_SEAT_FORM, "name_row", "Nordland fylkeskommune");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));
    g_assert_null (find_edit_dialog ());
    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Nordland fylkeskommune” added");
    g_clear_pointer (&seats, g_ptr_array_unref);
    seats = kon_store_list (fixture->store, &kon_seat_table, NULL, NULL, &error);
    g_assert_cmpuint (seats->len, ==, n_seats + 1);
    for (guint i = 0; i < seats->len && uuid == NULL; i++)
      if (g_str_equal (((KonSeat *) seats->pdata[i])->name, "Nordland fylkeskommune"))
        uuid = g_strdup (((KonSeat *) seats->pdata[i])->uuid);
    g_assert_nonnull (uuid);

    /* Nobody holds it (a name the demo has not): deleted without a question */
    g_assert_true (gtk_widget_activate_action (pane, "terms.edit-seat", "s", uuid));
    dialog = find_edit_dialog ();
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Seat");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kon_edit_dialog_get_form (dialog)), "seat.delete", NULL));
    g_assert_null (find_edit_dialog ());
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Nordland fylkeskommune” deleted");
    restored = kon_store_get (fixture->store, &kon_seat_table, uuid, NULL);
    g_assert_null (restored);
    g_signal_emit_by_name (toast, "button-clicked");
    restored = kon_store_get (fixture->store, &kon_seat_table, uuid, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (restored->name, ==, "Nordland fylkeskommune");

    /* A seat held: asked first; the answer closes the question, then the
     * seat's dialog (no window left with a parent freed under it) */
    {
      g_autoptr(KonSeat) held = NULL;
      GtkWindow *question = NULL;
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_clear_pointer (&seats, g_ptr_array_unref);
      seats = kon_store_list (fixture->store, &kon_seat_table, NULL, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < seats->len && held == NULL; i++)
        if (kon_store_count (fixture->store, &kon_role_table, "seat", ((KonSeat *) seats->pdata[i])->uuid, NULL) > 0)
          held = kon_seat_copy (seats->pdata[i]);
      g_assert_nonnull (held);

      g_assert_true (gtk_widget_activate_action (pane, "terms.edit-seat", "s", held->uuid));
      dialog = find_edit_dialog ();
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kon_edit_dialog_get_form (dialog)), "seat.delete", NULL));
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window_i = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window_i))
            question = window_i;
        }
      g_assert_nonnull (question);
      /* As its button does: the answer, then the question closes */
      g_object_ref (question);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "confirm");
      gtk_window_destroy (question);
      g_object_unref (question);
      until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      while ((find_edit_dialog () != NULL || g_list_model_get_n_items (toplevels) > 1) &&
             g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      g_assert_null (find_edit_dialog ());
      g_assert_null (kon_store_get (fixture->store, &kon_seat_table, held->uuid, NULL));
      {
        g_autofree char *expected = g_strdup_printf ("“%s” deleted", held->name);

        g_assert_cmpstr (adw_toast_get_title (toast), ==, expected);
      }
    }

    g_signal_handlers_disconnect_by_func (pane, on_toast_cb, &toast);
  }

  kon_terms_pane_set_store (KON_TERMS_PANE (pane), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_last_ref (pane);
  g_assert_finalize_object (pane);
}

static void
test_undo_stack (void)
{
  KonUndoStack *stack = kon_undo_stack_new ();
  int undone = 0;
  guint first, second;

  g_assert_false (kon_undo_stack_can_undo (stack));
  first = kon_undo_stack_push (stack, "first", undo_count_cb, &undone, NULL);
  second = kon_undo_stack_push (stack, "second", undo_count_cb, &undone, NULL);
  g_assert_cmpuint (first, !=, second);
  g_assert_cmpstr (kon_undo_stack_peek_label (stack), ==, "second");

  /* A toast's Undo undoes its own entry, Ctrl+Z the newest */
  g_assert_true (kon_undo_stack_undo (stack, first, NULL));
  g_assert_cmpint (undone, ==, 1);
  g_assert_true (kon_undo_stack_undo (stack, first, NULL));   /* gone: nothing */
  g_assert_cmpint (undone, ==, 1);
  g_assert_true (kon_undo_stack_undo (stack, 0, NULL));
  g_assert_cmpint (undone, ==, 2);
  g_assert_false (kon_undo_stack_can_undo (stack));

  g_assert_finalize_object (stack);
}

static void
on_undo_failed_cb (KonUndoStack *stack,
                   const GError *error,
                   GError      **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

/* A row's save and delete pushed on the stack: each toast's Undo puts the
 * row back as it was, and an Undo that cannot is reported by "failed" */
static void
test_undo_rows (Fixture       *fixture,
                gconstpointer  data)
{
  KonUndoStack *stack = kon_undo_stack_new ();
  g_autoptr(KonPartner) partner = kon_partner_new ();
  g_autoptr(KonPartner) before = NULL;
  g_autoptr(KonPartner) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failed = NULL;
  KonSnapshot *snapshot;
  AdwToast *toast;
  char *uuid;

  g_signal_connect (stack, "failed", G_CALLBACK (on_undo_failed_cb), &failed);

  partner->name = g_strdup ("Bø kommune");
  partner->short_name = g_strdup ("Bø");
  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  g_assert_true (kon_org_save_partner (fixture->store, partner, &error));
  g_assert_no_error (error);
  uuid = partner->uuid;

  /* An edit: Undo saves the row as it was */
  before = kon_org_get_partner (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_free (partner->name);
  partner->name = g_strdup ("Bodø kommune");
  g_assert_true (kon_org_save_partner (fixture->store, partner, &error));
  g_assert_no_error (error);
  toast = kon_undo_stack_saved (stack, fixture->store, &kon_partner_table, before, uuid, partner->name);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Bodø kommune” saved");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_true (kon_undo_stack_can_undo (stack));
  g_signal_emit_by_name (toast, "button-clicked");
  g_object_unref (toast);
  g_assert_no_error (failed);
  g_assert_false (kon_undo_stack_can_undo (stack));
  now = kon_org_get_partner (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->name, ==, "Bø kommune");
  g_clear_pointer (&now, kon_partner_free);

  /* A delete: Undo (here Ctrl+Z's, the newest) puts it back */
  snapshot = kon_store_delete (fixture->store, &kon_partner_table, uuid, &error);
  g_assert_no_error (error);
  toast = kon_undo_stack_deleted (stack, fixture->store, snapshot, "“Bø kommune” deleted");
  g_assert_cmpint (adw_toast_get_priority (toast), ==, ADW_TOAST_PRIORITY_HIGH);
  g_object_unref (toast);
  g_assert_true (kon_undo_stack_undo (stack, 0, &error));
  g_assert_no_error (error);
  now = kon_org_get_partner (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->name, ==, "Bø kommune");
  g_clear_pointer (&now, kon_partner_free);

  /* An add: Undo deletes the row again; when it is gone already, the
   * toast's Undo cannot, and says so */
  toast = kon_undo_stack_saved (stack, fixture->store, &kon_partner_table, NULL, uuid, "Bø kommune");
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Bø kommune” added");
  snapshot = kon_store_delete (fixture->store, &kon_partner_table, uuid, &error);
  g_assert_no_error (error);
  kon_snapshot_free (snapshot);
  g_signal_emit_by_name (toast, "button-clicked");
  g_object_unref (toast);
  g_assert_nonnull (failed);
  g_assert_false (kon_undo_stack_can_undo (stack));

  g_assert_finalize_object (stack);
}

/* Every entry of the Keyboard Shortcuts window shows its keys (an entry
 * named only by its action shows none in GTK 4.8) */
static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/konsensus/Konsensus/ui/kon-shortcuts-window.ui");
  GSList *objects = gtk_builder_get_objects (builder);
  guint n_shortcuts = 0;

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *title = NULL;
        g_autofree char *accelerator = NULL;

        g_object_get (l->data, "title", &title, "accelerator", &accelerator, NULL);
        if (accelerator == NULL || *accelerator == '\0')
          g_error ("the shortcut “%s” shows no keys", title);
        n_shortcuts++;
      }
  g_slist_free (objects);
  g_assert_cmpuint (n_shortcuts, >=, 20);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window")));
}

/* The action row under @root whose title or subtitle is @text */
static AdwActionRow *
find_row_titled (GtkWidget  *root,
                 const char *text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_action_rows (root, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), text) == 0 ||
        g_strcmp0 (adw_action_row_get_subtitle (rows->pdata[i]), text) == 0)
      return rows->pdata[i];
  return NULL;
}

/* What hangs on a case: the anchoring recorded from the form counts
 * towards two-stage processing, the summary says who is missing, an
 * attachment shows with its size; the widget goes when dropped */
static void
test_case_links (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(KonCase) discussion = kon_case_new ();
  g_autoptr(KonCase) decision = kon_case_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = g_bytes_new_static ("innkalling", 10);
  g_autoptr(KonCaseAttachment) attachment = NULL;
  const char *names[] = { "Bodø kommune", "Bø kommune" };
  GtkWidget *links, *form;
  AdwActionRow *summary;
  char *message;

  g_free (body->name);
  body->name = g_strdup ("Strategisk samarbeidsutvalg");
  g_assert_true (kon_org_save_body (fixture->store, body, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KonPartner) partner = kon_partner_new ();

      g_free (partner->name);
      partner->name = g_strdup (names[i]);
      partner->kind = KON_PARTNER_KIND_KOMMUNE;
      partner->side = KON_SIDE_MUNICIPAL;
      g_assert_true (kon_org_save_partner (fixture->store, partner, &error));
      g_assert_no_error (error);
    }
  discussion->body_uuid = g_strdup (body->uuid);
  g_free (discussion->title);
  discussion->title = g_strdup ("Drøfting");
  discussion->kind = KON_CASE_KIND_DISCUSSION;
  g_assert_true (kon_cases_add (fixture->store, discussion, &error));
  g_assert_no_error (error);
  decision->body_uuid = g_strdup (body->uuid);
  g_free (decision->title);
  decision->title = g_strdup ("Vedtak");
  decision->earlier_case = g_strdup (discussion->uuid);
  g_assert_true (kon_cases_add (fixture->store, decision, &error));
  g_assert_no_error (error);

  /* On an agenda without anchoring: the form says so */
  form = g_object_ref_sink (kon_case_form_new (fixture->store, decision, NULL));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (form, KON_TYPE_CASE_FORM, "status_row")),
                              KON_CASE_STATUS_ON_AGENDA);
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_nonnull (strstr (message, "No municipality has recorded anchoring"));
  g_free (message);

  links = g_object_ref_sink (kon_case_links_new (fixture->store, decision->uuid));
  summary = ADW_ACTION_ROW (gtk_widget_get_template_child (links, KON_TYPE_CASE_LINKS, "anchoring_summary_row"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (summary)), ==,
                   "Anchored by 0 of 2 municipalities");
  g_assert_cmpstr (adw_action_row_get_subtitle (summary), ==, "Not yet: Bodø kommune, Bø kommune");

  /* A date that is no date: refused at the field, nothing written */
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (links, KON_TYPE_CASE_LINKS, "anchor_date_row")),
                         "30.02.2026");
  g_assert_true (gtk_widget_activate_action (links, "case-links.add-anchoring", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (links, KON_TYPE_CASE_LINKS,
                                                                                    "anchor_error_label"))));
  g_assert_cmpuint (kon_store_count (fixture->store, &kon_case_anchoring_table, NULL, NULL, NULL), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (links, KON_TYPE_CASE_LINKS, "anchor_date_row")),
                         "29.02.2024");
  g_assert_true (gtk_widget_activate_action (links, "case-links.add-anchoring", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (links, KON_TYPE_CASE_LINKS,
                                                                                     "anchor_error_label"))));
  g_assert_cmpuint (kon_store_count (fixture->store, &kon_case_anchoring_table, "case", decision->uuid, NULL), ==, 1);
  attachment = kon_cases_attach (fixture->store, decision->uuid, "Innkalling.pdf", "application/pdf", file, &error);
  g_assert_no_error (error);

  /* It follows the store */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (summary)), ==,
                   "Anchored by 1 of 2 municipalities");
  g_assert_cmpstr (adw_action_row_get_subtitle (summary), ==, "Not yet: Bø kommune");
  /* The next one is offered */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (links, KON_TYPE_CASE_LINKS,
                                                                                              "anchor_partner_row"))),
                    ==, 1);
  g_assert_nonnull (find_row_titled (links, "Innkalling.pdf"));
  g_assert_nonnull (find_row_titled (links, "This case: Vedtak"));

  /* With anchoring recorded, the decision may go on the agenda */
  message = kon_edit_form_check (KON_EDIT_FORM (form));
  g_assert_null (message);

  g_assert_finalize_object (form);
  g_assert_finalize_object (links);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  konsensus_register_resource ();

  g_test_add_func ("/widgets/org-item", test_org_item);
  g_test_add_func ("/widgets/list-row", test_list_row);
  g_test_add_func ("/widgets/text-cell", test_text_cell);
  g_test_add_func ("/widgets/searchable-list", test_searchable_list);
  g_test_add_func ("/widgets/template-picker", test_template_picker);
  g_test_add_func ("/widgets/undo-stack", test_undo_stack);
  g_test_add_func ("/widgets/shortcuts-window", test_shortcuts_window);
  g_test_add ("/widgets/undo-rows", Fixture, NULL, fixture_set_up, test_undo_rows, fixture_tear_down);
  g_test_add ("/widgets/org-item-model", Fixture, NULL, fixture_set_up, test_org_item_model, fixture_tear_down);
  g_test_add ("/widgets/body-details", Fixture, NULL, fixture_set_up, test_body_details, fixture_tear_down);
  g_test_add ("/widgets/forms", Fixture, NULL, fixture_set_up, test_forms, fixture_tear_down);
  g_test_add ("/widgets/edit-dialog", Fixture, NULL, fixture_set_up, test_edit_dialog, fixture_tear_down);
  g_test_add ("/widgets/organisation-pane", Fixture, NULL, fixture_set_up, test_organisation_pane, fixture_tear_down);
  g_test_add ("/widgets/terms-timeline", Fixture, NULL, fixture_set_up, test_terms_timeline, fixture_tear_down);
  g_test_add ("/widgets/terms-every-body", Fixture, NULL, fixture_set_up, test_terms_every_body, fixture_tear_down);
  g_test_add ("/widgets/terms-pane", Fixture, NULL, fixture_set_up, test_terms_pane, fixture_tear_down);
  g_test_add ("/widgets/case-form", Fixture, NULL, fixture_set_up, test_case_form, fixture_tear_down);
  g_test_add ("/widgets/case-links", Fixture, NULL, fixture_set_up, test_case_links, fixture_tear_down);
  g_test_add ("/widgets/case-form-draft", Fixture, NULL, fixture_set_up, test_case_form_draft, fixture_tear_down);
  g_test_add ("/widgets/case-form-references", Fixture, NULL, fixture_set_up, test_case_form_references,
              fixture_tear_down);
  g_test_add ("/widgets/cases-pane", Fixture, NULL, fixture_set_up, test_cases_pane, fixture_tear_down);
  g_test_add ("/widgets/role-form-seat", Fixture, NULL, fixture_set_up, test_role_form_seat, fixture_tear_down);
  g_test_add ("/widgets/body-form-terms", Fixture, NULL, fixture_set_up, test_body_form_terms, fixture_tear_down);
  g_test_add ("/widgets/seat-form", Fixture, NULL, fixture_set_up, test_seat_form, fixture_tear_down);

  return g_test_run ();
}
