/* kon-cases-pane.c: the Cases pane — the case registry as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkColumnView straight over a KonRowModel of the cases: the model
 * reads the rows a page at a time, so twenty years of cases open as fast
 * as one.  Filters (body, year, kind, status) and the search entry go
 * to the model; so does the sort order a column header asks for (GTK
 * 4.8 cannot tell which column the view sorts by, so each column's
 * sorter answers a probe: see sort_order ()).  A click or Enter opens
 * the case in its editor; Ctrl+Shift+N adds one; Delete deletes it, with Undo.
 *
 * Built when first shown, as the SSU pane (HACKING.md).
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-case-form.h"
#include "kon-cases.h"
#include "kon-cases-pane.h"
#include "kon-date.h"
#include "kon-org.h"
#include "kon-row-model.h"
#include "kon-row.h"
#include "kon-text-cell.h"
#include "kon-undo-stack.h"

/* The years a filter offers: this one and the ones before */
#define N_FILTER_YEARS 26

typedef enum
{
  COLUMN_NUMBER,
  COLUMN_TITLE,
  COLUMN_BODY,
  COLUMN_KIND,
  COLUMN_STATUS,
  COLUMN_DATE,
  COLUMN_MEETING,
  N_COLUMNS
} Column;

struct _KonCasesPane
{
  GtkWidget           parent_instance;

  KonStore           *store;
  KonRowModel        *model;
  KonUndoStack       *undo_stack;     /* the deletes, for Ctrl+Z */
  GPtrArray          *bodies;         /* KonBody, as in the body filter after "All" */
  GHashTable         *body_by_uuid;   /* uuid → KonBody (in bodies) */
  int                 first_year;     /* the year filter's first year */
  int                 probed;         /* the column a probe reached, or -1 */
  gboolean            loaded;
  gboolean            updating_filters;
  GtkColumnViewColumn *columns[N_COLUMNS];

  /* Template widgets */
  GtkStack           *main_stack;
  GtkStack           *list_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *body_dropdown;
  GtkDropDown        *year_dropdown;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *status_dropdown;
  GtkColumnView      *column_view;
  GtkLabel           *more_label;
};

G_DEFINE_FINAL_TYPE (KonCasesPane, kon_cases_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DOCUMENT_DATE_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
show_toast (KonCasesPane *self,
            AdwToast     *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

static void
show_error (KonCasesPane *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
}

static GtkWindow *
get_window (KonCasesPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static const KonBody *
body_of (KonCasesPane  *self,
         const KonCase *c)
{
  return self->body_by_uuid != NULL ? g_hash_table_lookup (self->body_by_uuid, c->body_uuid) : NULL;
}

/* The text of a case in a column */
static char *
column_text (KonCasesPane  *self,
             Column         column,
             const KonCase *c)
{
  const KonBody *body;

  switch (column)
    {
    case COLUMN_NUMBER:
      return kon_cases_format_number (body_of (self, c), c);
    case COLUMN_TITLE:
      return g_strdup (c->title);
    case COLUMN_BODY:
      body = body_of (self, c);
      return g_strdup (body == NULL ? "" : body->short_name != NULL ? body->short_name : body->name);
    case COLUMN_KIND:
      return g_strdup (kon_case_kind_to_string (c->kind));
    case COLUMN_STATUS:
      return g_strdup (kon_case_status_to_string (c->status));
    case COLUMN_DATE:
      return kon_date_format (&c->document_date);
    case COLUMN_MEETING:
      return kon_date_format (&c->meeting_date);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
searching (KonCasesPane *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

static void
update_empty (KonCasesPane *self)
{
  gboolean any = self->store != NULL && kon_store_count (self->store, &kon_case_table, NULL, NULL, NULL) > 0;

  gtk_stack_set_visible_child_name (self->main_stack, any ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack,
                                    self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0
                                    ? "rows" : "none");
  /* A search lists the first matches only */
  gtk_widget_set_visible (GTK_WIDGET (self->more_label),
                          self->model != NULL && searching (self)
                          && g_list_model_get_n_items (G_LIST_MODEL (self->model)) >= KON_STORE_MAX_MATCHES);
}

/* Cells */

typedef struct
{
  KonCasesPane *pane;
  Column        column;
} CellData;

/* A snippet's marks (kon_store_get_snippet ()) as emphasis */
static char *
snippet_markup (const char *snippet)
{
  g_autofree char *escaped = g_markup_escape_text (snippet, -1);
  g_autoptr(GString) markup = g_string_new (escaped);

  /* One line: the recommendation's points run on */
  g_string_replace (markup, "\n", " ", 0);
  g_string_replace (markup, "\xee\x80\x80", "<b>", 0);
  g_string_replace (markup, "\xee\x80\x81", "</b>", 0);
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/* The title cell: the title, and while searching the words that matched */
static void
update_title_cell (KonCasesPane  *self,
                   KonTextCell   *cell,
                   const KonCase *c)
{
  g_autofree char *snippet = NULL;
  g_autofree char *markup = NULL;

  kon_text_cell_set_text (cell, c != NULL ? c->title : "");
  if (c != NULL && self->store != NULL && searching (self))
    snippet = kon_store_get_snippet (self->store, &kon_case_table,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), c->uuid, NULL);
  markup = snippet != NULL ? snippet_markup (snippet) : NULL;
  kon_text_cell_set_subtitle (cell, markup);
}

static void
update_cell (GtkListItem *item)
{
  CellData *data = g_object_get_data (G_OBJECT (item), "kon-cell");
  KonRow *row = gtk_list_item_get_item (item);
  const KonCase *c = row != NULL ? kon_row_get_data (row) : NULL;
  g_autofree char *text = NULL;

  if (data->column == COLUMN_TITLE)
    {
      update_title_cell (data->pane, KON_TEXT_CELL (gtk_list_item_get_child (item)), c);
      return;
    }
  text = c != NULL ? column_text (data->pane, data->column, c) : NULL;
  kon_text_cell_set_text (KON_TEXT_CELL (gtk_list_item_get_child (item)), text);
}

static void
on_row_data_changed_cb (KonRow      *row,
                        GParamSpec  *pspec,
                        GtkListItem *item)
{
  update_cell (item);
}

/* How many characters wide each column's cells ask to be (the title's
 * column takes the rest); narrower, or when the user narrows the column,
 * the text ellipsizes */
static const int cell_width_chars[N_COLUMNS] = {
  [COLUMN_NUMBER] = 9,
  [COLUMN_TITLE] = 30,
  [COLUMN_BODY] = 16,
  [COLUMN_KIND] = 15,
  [COLUMN_STATUS] = 22,
  [COLUMN_DATE] = 11,
  [COLUMN_MEETING] = 11,
};

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CellData                 *data)
{
  /* Measured from the font alone: GTK 4.8 measures the cells of the
   * first 200 rows before the first frame (kon-text-cell.c); the title's
   * cell shows the words a search matched below the title */
  GtkWidget *cell = kon_text_cell_new (cell_width_chars[data->column]);

  if (data->column == COLUMN_NUMBER || data->column == COLUMN_DATE || data->column == COLUMN_MEETING)
    gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (item, cell);
  g_object_set_data (G_OBJECT (item), "kon-cell", data);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellData                 *data)
{
  KonRow *row = gtk_list_item_get_item (item);

  update_cell (item);
  if (row != NULL)
    g_signal_connect_object (row, "notify::data", G_CALLBACK (on_row_data_changed_cb), item, 0);
  /* The words that matched follow the search */
  if (data->column == COLUMN_TITLE)
    g_signal_connect_object (data->pane->search_entry, "search-changed", G_CALLBACK (update_cell), item,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                CellData                 *data)
{
  KonRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_data_changed_cb, item);
  if (data->column == COLUMN_TITLE)
    g_signal_handlers_disconnect_by_func (data->pane->search_entry, update_cell, item);
}

/* Sorting.  Each column's sorter records, when asked to compare, that it
 * was asked; the view's sorter asks its first column first, and turns the
 * answer round when that column sorts descending.  So one comparison of
 * any two items tells the column and the direction, and the model sorts
 * in the store. */

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  CellData *data = user_data;

  data->pane->probed = (int) data->column;
  return GTK_ORDERING_SMALLER;
}

static void
sort_order (KonCasesPane *self)
{
  static const char *const number[] = { "year", "number", NULL };
  static const char *const title[] = { "title", NULL };
  static const char *const kind[] = { "kind", NULL };
  static const char *const status[] = { "status", NULL };
  static const char *const body[] = { "body", "year", "number", NULL };
  static const char *const date[] = { "document_date", NULL };
  static const char *const meeting[] = { "meeting_date", NULL };
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  /* Two: a sorter asked to compare an item with itself answers EQUAL
   * without asking its columns */
  g_autoptr(GObject) probe = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) other = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering ordering;
  const char * const *keys = NULL;

  self->probed = -1;
  ordering = gtk_sorter_compare (sorter, probe, other);
  switch (self->probed)
    {
    case COLUMN_NUMBER:
      keys = number;
      break;
    case COLUMN_TITLE:
      keys = title;
      break;
    case COLUMN_KIND:
      keys = kind;
      break;
    case COLUMN_STATUS:
      keys = status;
      break;
    case COLUMN_BODY:
      keys = body;
      break;
    case COLUMN_DATE:
      keys = date;
      break;
    case COLUMN_MEETING:
      keys = meeting;
      break;
    default:
      /* A search: the best matches first; else the newest first, until
       * the user asks for another order */
      keys = searching (self) ? NULL : number;
      ordering = GTK_ORDERING_LARGER;
      break;
    }

  if (self->model != NULL)
    kon_row_model_set_order (self->model, keys, ordering == GTK_ORDERING_LARGER);
}

static void
on_sorter_changed_cb (KonCasesPane *self)
{
  sort_order (self);
  update_empty (self);
}

static void
add_columns (KonCasesPane *self)
{
  const struct
  {
    const char *title;
    gboolean    expand;
    gboolean    sortable;
  } columns[N_COLUMNS] = {
    [COLUMN_NUMBER] = { N_("Number"), FALSE, TRUE },
    [COLUMN_TITLE] = { N_("Title"), TRUE, TRUE },
    [COLUMN_BODY] = { N_("Body"), FALSE, TRUE },
    [COLUMN_KIND] = { N_("Kind"), FALSE, TRUE },
    [COLUMN_STATUS] = { N_("Status"), FALSE, TRUE },
    [COLUMN_DATE] = { N_("Document Date"), FALSE, TRUE },
    [COLUMN_MEETING] = { N_("Meeting Date"), FALSE, TRUE },
  };

  g_autoptr(GMenu) header_menu = g_menu_new ();

  g_menu_append (header_menu, _("Show Document Date"), "cases.document-date");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      CellData *data = g_new0 (CellData, 1);
      GtkColumnViewColumn *column;

      data->pane = self;
      data->column = (Column) i;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), data);
      g_object_set_data_full (G_OBJECT (factory), "kon-cell", data, g_free);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (header_menu));
      gtk_column_view_column_set_visible (column, i != COLUMN_DATE);
      if (columns[i].sortable)
        {
          GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, data, NULL));

          gtk_column_view_column_set_sorter (column, sorter);
          g_object_unref (sorter);
        }
      gtk_column_view_append_column (self->column_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Filters */

static void
set_dropdown_strings (GtkDropDown        *dropdown,
                      const char * const *strings,
                      guint               selected)
{
  GtkStringList *list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
  g_object_unref (list);
}

static void
show_filters (KonCasesPane *self)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  const char *kinds[KON_CASE_KIND_INFORMATION + 3] = { _("All Kinds") };
  const char *statuses[KON_CASE_STATUS_CLOSED + 3] = { _("All Statuses") };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint selected_body = gtk_drop_down_get_selected (self->body_dropdown);
  g_autofree char *selected_uuid = NULL;
  guint body_position = 0;

  if (self->bodies != NULL && selected_body > 0 && selected_body <= self->bodies->len)
    selected_uuid = g_strdup (((KonBody *) self->bodies->pdata[selected_body - 1])->uuid);

  g_clear_pointer (&self->body_by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  self->bodies = self->store != NULL ? kon_org_list_bodies (self->store, NULL) : NULL;
  self->body_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_ptr_array_add (bodies, (gpointer) _("All Bodies"));
  for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
    {
      KonBody *body = self->bodies->pdata[i];

      g_hash_table_insert (self->body_by_uuid, body->uuid, body);
      if (g_strcmp0 (body->uuid, selected_uuid) == 0)
        body_position = bodies->len;
      g_ptr_array_add (bodies, body->name);
    }
  g_ptr_array_add (bodies, NULL);

  /* Next year too: December registers January's cases */
  self->first_year = g_date_time_get_year (now) + 1;
  g_ptr_array_add (years, g_strdup (_("All Years")));
  for (int y = 0; y < N_FILTER_YEARS; y++)
    g_ptr_array_add (years, g_strdup_printf ("%d", self->first_year - y));
  g_ptr_array_add (years, NULL);

  for (int k = 0; k <= KON_CASE_KIND_INFORMATION; k++)
    kinds[k + 1] = kon_case_kind_to_string ((KonCaseKind) k);
  for (int s = 0; s <= KON_CASE_STATUS_CLOSED; s++)
    statuses[s + 1] = kon_case_status_to_string ((KonCaseStatus) s);

  self->updating_filters = TRUE;
  set_dropdown_strings (self->body_dropdown, (const char * const *) bodies->pdata, body_position);
  if (gtk_drop_down_get_model (self->year_dropdown) == NULL)
    {
      set_dropdown_strings (self->year_dropdown, (const char * const *) years->pdata, 0);
      set_dropdown_strings (self->kind_dropdown, kinds, 0);
      set_dropdown_strings (self->status_dropdown, statuses, 0);
    }
  self->updating_filters = FALSE;
}

static void
apply_filters (KonCasesPane *self)
{
  KonFilter filters[4];
  guint n = 0;
  guint body = gtk_drop_down_get_selected (self->body_dropdown);
  guint year = gtk_drop_down_get_selected (self->year_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->model == NULL)
    return;

  if (self->bodies != NULL && body > 0 && body <= self->bodies->len)
    filters[n++] = (KonFilter) { "body", ((KonBody *) self->bodies->pdata[body - 1])->uuid, 0 };
  if (year > 0 && year != GTK_INVALID_LIST_POSITION)
    filters[n++] = (KonFilter) { "year", NULL, self->first_year - (int) year + 1 };
  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION)
    filters[n++] = (KonFilter) { "kind", kon_case_kind_names[kind - 1].id, 0 };
  if (status > 0 && status != GTK_INVALID_LIST_POSITION)
    filters[n++] = (KonFilter) { "status", kon_case_status_names[status - 1].id, 0 };

  kon_row_model_set_filters (self->model, filters, n);
}

/* Reading: the first time the pane shows */
static void
load (KonCasesPane *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (self->loaded || self->store == NULL)
    return;
  self->loaded = TRUE;

  show_filters (self);
  g_clear_object (&self->model);
  self->model = kon_row_model_new (self->store, &kon_case_table);
  /* Filtered and ordered before it first lists: it lists once */
  apply_filters (self);
  sort_order (self);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_empty), self, G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_empty (self);
}

static void
on_store_changed_cb (KonCasesPane *self,
                     const char   *table)
{
  /* The model follows the cases itself; the filters follow the bodies */
  if (g_strcmp0 (table, "body") == 0 && self->loaded)
    {
      show_filters (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->column_view));
    }
  update_empty (self);
}

/* Opening, adding, deleting */

static void
open_case (KonCasesPane  *self,
           const KonCase *c)
{
  const char *body_uuid = NULL;
  guint body = gtk_drop_down_get_selected (self->body_dropdown);

  if (self->store == NULL)
    return;
  if (c == NULL && self->bodies != NULL && body > 0 && body <= self->bodies->len)
    body_uuid = ((KonBody *) self->bodies->pdata[body - 1])->uuid;

  kon_case_form_present (self->store, c, body_uuid, get_window (self));
}

static void
on_case_activated_cb (KonCasesPane *self,
                      guint         position)
{
  g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row != NULL && kon_row_get_data (row) != NULL)
    open_case (self, kon_row_get_data (row));
}

static void
new_case_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KonCasesPane *self = KON_CASES_PANE (widget);

  if (self->bodies == NULL || self->bodies->len == 0)
    {
      show_toast (self, adw_toast_new (_("Add a body in the Organisation pane first: a case belongs to a body.")));
      return;
    }
  open_case (self, NULL);
}

static void
undo_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  KonCasesPane *self = KON_CASES_PANE (widget);
  g_autoptr(GError) error = NULL;

  if (!kon_undo_stack_undo (self->undo_stack, 0, &error))
    show_error (self, error);
}

static void
delete_case_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KonCasesPane *self = KON_CASES_PANE (widget);
  GtkSelectionModel *selection = gtk_column_view_get_model (self->column_view);
  g_autoptr(KonRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  KonSnapshot *snapshot;
  const KonCase *c;

  if (selection == NULL)
    return;
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection)) != NULL
        ? g_object_ref (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection))) : NULL;
  c = row != NULL ? kon_row_get_data (row) : NULL;
  if (c == NULL)
    return;

  number = kon_cases_format_number (body_of (self, c), c);
  snapshot = kon_store_delete (self->store, &kon_case_table, c->uuid, &error);
  if (snapshot == NULL)
    {
      show_error (self, error);
      return;
    }

  /* TRANSLATORS: a case deleted: its number */
  title = g_strdup_printf (_("Case %s deleted"), number);
  show_toast (self, kon_undo_stack_deleted (self->undo_stack, self->store, snapshot, title));
}

/* Callbacks */

static void
on_search_changed_cb (KonCasesPane *self)
{
  if (self->model == NULL)
    return;
  kon_row_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  sort_order (self);
  update_empty (self);
}

static void
on_filter_changed_cb (KonCasesPane *self)
{
  if (self->updating_filters)
    return;
  apply_filters (self);
  update_empty (self);
}

static void
on_can_undo_cb (KonCasesPane *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.undo",
                                 kon_undo_stack_can_undo (self->undo_stack));
}

/* Overrides */

static void
kon_cases_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kon_cases_pane_parent_class)->map (widget);
  load (KON_CASES_PANE (widget));
}

static void
kon_cases_pane_dispose (GObject *object)
{
  KonCasesPane *self = KON_CASES_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_CASES_PANE);
  g_clear_object (&self->model);
  g_clear_object (&self->undo_stack);
  g_clear_object (&self->store);
  g_clear_pointer (&self->body_by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);

  G_OBJECT_CLASS (kon_cases_pane_parent_class)->dispose (object);
}

static void
kon_cases_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KonCasesPane *self = KON_CASES_PANE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DOCUMENT_DATE_VISIBLE:
      g_value_set_boolean (value, kon_cases_pane_get_document_date_visible (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_cases_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KonCasesPane *self = KON_CASES_PANE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kon_cases_pane_set_store (self, g_value_get_object (value));
      break;

    case PROP_DOCUMENT_DATE_VISIBLE:
      kon_cases_pane_set_document_date_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_cases_pane_class_init (KonCasesPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_cases_pane_dispose;
  object_class->get_property = kon_cases_pane_get_property;
  object_class->set_property = kon_cases_pane_set_property;
  widget_class->map = kon_cases_pane_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KON_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The document date is in the case's editor; as a column it is offered
   * in the columns' header menu (and GTK 4.8 makes 200 more cells for it) */
  properties[PROP_DOCUMENT_DATE_VISIBLE] =
    g_param_spec_boolean ("document-date-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonCasesPane::toast:
   * @toast: an AdwToast to show
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-cases-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, body_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, column_view);
  gtk_widget_class_bind_template_child (widget_class, KonCasesPane, more_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activated_cb);

  gtk_widget_class_install_property_action (widget_class, "cases.document-date", "document-date-visible");
  gtk_widget_class_install_action (widget_class, "cases.new", NULL, new_case_cb);
  gtk_widget_class_install_action (widget_class, "cases.delete", NULL, delete_case_cb);
  gtk_widget_class_install_action (widget_class, "cases.undo", NULL, undo_cb);
  /* Ctrl+N is the application's New Database */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "cases.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "cases.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "cases.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "cases.undo", NULL);
}

static void
kon_cases_pane_init (KonCasesPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_columns (self);

  self->undo_stack = kon_undo_stack_new ();
  g_signal_connect_object (self->undo_stack, "failed", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->undo_stack, "notify::can-undo",
                           G_CALLBACK (on_can_undo_cb), self, G_CONNECT_SWAPPED);
  on_can_undo_cb (self);
}

/* Public API */

KonStore *
kon_cases_pane_get_store (KonCasesPane *self)
{
  g_return_val_if_fail (KON_IS_CASES_PANE (self), NULL);
  return self->store;
}

void
kon_cases_pane_set_store (KonCasesPane *self,
                          KonStore     *store)
{
  g_return_if_fail (KON_IS_CASES_PANE (self));
  g_return_if_fail (store == NULL || KON_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  kon_undo_stack_clear (self->undo_stack);

  /* Read again when next shown */
  self->loaded = FALSE;
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->model);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    update_empty (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
kon_cases_pane_get_document_date_visible (KonCasesPane *self)
{
  g_return_val_if_fail (KON_IS_CASES_PANE (self), FALSE);

  return gtk_column_view_column_get_visible (self->columns[COLUMN_DATE]);
}

/* Whether the list shows the document date as a column (the window keeps
 * the choice in its settings) */
void
kon_cases_pane_set_document_date_visible (KonCasesPane *self,
                                          gboolean      visible)
{
  g_return_if_fail (KON_IS_CASES_PANE (self));

  if (kon_cases_pane_get_document_date_visible (self) == !!visible)
    return;

  gtk_column_view_column_set_visible (self->columns[COLUMN_DATE], visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_DATE_VISIBLE]);
}
