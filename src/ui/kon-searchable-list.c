/* kon-searchable-list.c: a search entry, an Add button and a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One widget for the partners and for the people.  It lists any
 * GListModel of KonOrgItem (rows are KonListRow, bound to the item's
 * title and subtitle) and says when the search text changes
 * ("search-changed"): whoever made the model narrows it.  A click or Enter
 * on a row emits "activate"; Delete deletes the selected row through
 * "org.delete"; typing anywhere in the list starts a search.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "kon-list-row.h"
#include "kon-org-item.h"
#include "kon-searchable-list.h"

struct _KonSearchableList
{
  GtkWidget           parent_instance;

  GListModel         *model;
  char               *empty_title;
  gboolean            refocus;       /* a row was asked to be deleted: the next
                                       * change, its going, moves the focus to the
                                       * row after it */
  guint               show_tick;      /* a row to show, once the list has the change */
  guint               show_position;
  guint               show_frames;    /* 0 until scrolled to it */
  gboolean            show_focus;     /* and to move the focus to */
  char               *no_results_title;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkButton          *add_button;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
  AdwStatusPage      *none_page;
};

G_DEFINE_FINAL_TYPE (KonSearchableList, kon_searchable_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_LABEL,
  PROP_SEARCH_LABEL,
  PROP_ADD_LABEL,
  PROP_ADD_ACTION_NAME,
  PROP_EMPTY_TITLE,
  PROP_NO_RESULTS_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEARCH_CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
update_stack (KonSearchableList *self)
{
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  adw_status_page_set_title (self->none_page,
                             searching ? self->no_results_title : self->empty_title);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "none");
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : "",
                                  -1);
}

/* The item of the row that has the keyboard focus: a row is a Tab stop
 * (the list item holding a KonListRow), and a click activates it without
 * selecting it */
static KonOrgItem *
focused_item (KonSearchableList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;

  row = gtk_widget_get_ancestor (focus, KON_TYPE_LIST_ROW);
  if (row == NULL && KON_IS_LIST_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);

  return row != NULL ? kon_list_row_get_item (KON_LIST_ROW (row)) : NULL;
}

/* The row widget (the list item holding a KonListRow) of @item, if it is
 * made */
static GtkWidget *
find_row_widget (KonSearchableList *self,
                 KonOrgItem        *item)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (KON_IS_LIST_ROW (row) && kon_list_row_get_item (KON_LIST_ROW (row)) == item)
        return child;
    }

  return NULL;
}

/* Shows the row asked for: the list takes a change in a model after the
 * model's own handlers ran, and makes a row's widget when it is scrolled
 * to, a frame later.  So it scrolls in the next frame, and waits for the
 * widget (a few frames at most) to give it the focus. */
static gboolean
show_row_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (user_data);
  g_autoptr(KonOrgItem) item = NULL;
  GtkWidget *row = NULL;

  if (self->model != NULL && self->show_position < g_list_model_get_n_items (self->model))
    item = g_list_model_get_item (self->model, self->show_position);
  if (item != NULL && self->show_frames == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                self->show_position);
  if (item != NULL && self->show_focus)
    {
      row = find_row_widget (self, item);
      if (row == NULL && ++self->show_frames < 10)
        return G_SOURCE_CONTINUE;
    }

  if (row != NULL)
    gtk_widget_grab_focus (row);
  self->show_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls to the row at @position, and moves the focus there too */
static void
show_position (KonSearchableList *self,
               guint              position,
               gboolean           focus)
{
  self->show_position = position;
  self->show_focus = focus;
  self->show_frames = 0;
  if (self->show_tick == 0)
    self->show_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), show_row_tick_cb,
                                                    self, NULL);
}

/* Callbacks */

static void
on_search_changed_cb (KonSearchableList *self)
{
  g_signal_emit (self, signals[SEARCH_CHANGED], 0,
                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_stack (self);
}

static gboolean
focus_search_cb (gpointer user_data)
{
  KonSearchableList *self = user_data;

  if (self->search_entry != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return G_SOURCE_REMOVE;
}

static void
on_stop_search_cb (KonSearchableList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_activate_cb (KonSearchableList *self,
                guint              position)
{
  g_autoptr(KonOrgItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL)
    return;

  /* The row opened is the row chosen, for Delete */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  g_signal_emit (self, signals[ACTIVATE], 0, item);
}

/* Delete on a row (not in the search entry) deletes the row */
static gboolean
on_delete_key_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (widget);

  if (focused_item (self) == NULL)
    return FALSE;

  return gtk_widget_activate_action (widget, "list.delete-selected", NULL);
}

static void
on_items_changed_cb (GListModel        *model,
                     guint              position,
                     guint              removed,
                     guint              added,
                     KonSearchableList *self)
{
  guint n = g_list_model_get_n_items (model);
  gboolean refocus = self->refocus;

  update_stack (self);

  /* The row deleted from the keyboard went: the focus stays in the list,
   * on the row that took its place (or the new last one).  The next
   * change answers the delete either way: a delete refused or not asked
   * for any more moves no focus later */
  self->refocus = FALSE;
  if (refocus && removed == 1 && added == 0)
    {
      if (n > 0)
        show_position (self, MIN (position, n - 1), TRUE);
    }
  /* One row came (added, or a delete undone): show it, also above the
   * rows in view */
  else if (removed == 0 && added == 1 && gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    show_position (self, position, FALSE);
}

static void
delete_selected_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (widget);
  KonOrgItem *item = focused_item (self);

  if (item == NULL)
    item = gtk_single_selection_get_selected_item (self->selection);
  if (item == NULL)
    return;

  self->refocus = TRUE;
  gtk_widget_activate_action (widget, "org.delete", "(ss)",
                              kon_org_item_get_table (item), kon_org_item_get_uuid (item));
}

/* Overrides */

static void
kon_searchable_list_dispose (GObject *object)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (object);
  GtkWidget *child;

  kon_searchable_list_set_model (self, NULL);
  if (self->show_tick != 0 && self->list_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->show_tick);
  self->show_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_SEARCHABLE_LIST);
  /* and what the template holds without an id */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kon_searchable_list_parent_class)->dispose (object);
}

static void
kon_searchable_list_finalize (GObject *object)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (object);

  g_free (self->empty_title);
  g_free (self->no_results_title);

  G_OBJECT_CLASS (kon_searchable_list_parent_class)->finalize (object);
}

static void
kon_searchable_list_map (GtkWidget *widget)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (widget);

  if (gtk_single_selection_get_model (self->selection) != self->model)
    gtk_single_selection_set_model (self->selection, self->model);

  GTK_WIDGET_CLASS (kon_searchable_list_parent_class)->map (widget);
}

static void
kon_searchable_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_SEARCH_LABEL:
      g_object_get_property (G_OBJECT (self->search_entry), "placeholder-text", value);
      break;

    case PROP_ADD_LABEL:
      g_value_set_string (value, gtk_widget_get_tooltip_text (GTK_WIDGET (self->add_button)));
      break;

    case PROP_ADD_ACTION_NAME:
      g_value_set_string (value, gtk_actionable_get_action_name (GTK_ACTIONABLE (self->add_button)));
      break;

    case PROP_EMPTY_TITLE:
      g_value_set_string (value, self->empty_title);
      break;

    case PROP_NO_RESULTS_TITLE:
      g_value_set_string (value, self->no_results_title);
      break;

    case PROP_LABEL:
      g_value_set_string (value, g_object_get_data (object, "kon-label"));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_searchable_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KonSearchableList *self = KON_SEARCHABLE_LIST (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_MODEL:
      kon_searchable_list_set_model (self, g_value_get_object (value));
      break;

    case PROP_LABEL:
      text = g_value_get_string (value);
      g_object_set_data_full (object, "kon-label", g_strdup (text), g_free);
      set_accessible_label (GTK_WIDGET (self->list_view), text);
      break;

    case PROP_SEARCH_LABEL:
      text = g_value_get_string (value);
      g_object_set (self->search_entry, "placeholder-text", text, NULL);
      set_accessible_label (GTK_WIDGET (self->search_entry), text);
      break;

    case PROP_ADD_LABEL:
      text = g_value_get_string (value);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), text);
      set_accessible_label (GTK_WIDGET (self->add_button), text);
      break;

    case PROP_ADD_ACTION_NAME:
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), g_value_get_string (value));
      break;

    case PROP_EMPTY_TITLE:
      g_free (self->empty_title);
      self->empty_title = g_value_dup_string (value);
      update_stack (self);
      break;

    case PROP_NO_RESULTS_TITLE:
      g_free (self->no_results_title);
      self->no_results_title = g_value_dup_string (value);
      update_stack (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_searchable_list_class_init (KonSearchableListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_searchable_list_dispose;
  object_class->finalize = kon_searchable_list_finalize;
  object_class->get_property = kon_searchable_list_get_property;
  object_class->set_property = kon_searchable_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_LABEL] =
    g_param_spec_string ("search-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADD_LABEL] =
    g_param_spec_string ("add-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADD_ACTION_NAME] =
    g_param_spec_string ("add-action-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NO_RESULTS_TITLE] =
    g_param_spec_string ("no-results-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonSearchableList::search-changed:
   * @text: what the search entry holds, "" for everything
   */
  signals[SEARCH_CHANGED] = g_signal_new ("search-changed",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KonSearchableList::activate:
   * @item: the KonOrgItem clicked, or chosen with Enter
   */
  signals[ACTIVATE] = g_signal_new ("activate",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, KON_TYPE_ORG_ITEM);

  g_type_ensure (KON_TYPE_LIST_ROW);
  g_type_ensure (KON_TYPE_ORG_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-searchable-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KonSearchableList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KonSearchableList, add_button);
  gtk_widget_class_bind_template_child (widget_class, KonSearchableList, stack);
  gtk_widget_class_bind_template_child (widget_class, KonSearchableList, list_view);
  gtk_widget_class_bind_template_child (widget_class, KonSearchableList, selection);
  widget_class->map = kon_searchable_list_map;
  gtk_widget_class_bind_template_child (widget_class, KonSearchableList, none_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);

  gtk_widget_class_install_action (widget_class, "list.delete-selected", NULL, delete_selected_cb);
}

static void
kon_searchable_list_init (KonSearchableList *self)
{
  static const guint delete_keys[] = { GDK_KEY_Delete, GDK_KEY_KP_Delete };
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Typing in the list starts a search */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));

  /* Delete on a row deletes it: taken before the key capture above, which
   * would hand the key to the search entry */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (delete_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (delete_keys[i], 0),
                                                            gtk_callback_action_new (on_delete_key_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  update_stack (self);
}

/* Public API */

GtkWidget *
kon_searchable_list_new (void)
{
  return g_object_new (KON_TYPE_SEARCHABLE_LIST, NULL);
}

GListModel *
kon_searchable_list_get_model (KonSearchableList *self)
{
  g_return_val_if_fail (KON_IS_SEARCHABLE_LIST (self), NULL);

  return self->model;
}

/**
 * kon_searchable_list_set_model:
 * @model: (nullable): a GListModel of KonOrgItem
 */
void
kon_searchable_list_set_model (KonSearchableList *self,
                               GListModel        *model)
{
  g_return_if_fail (KON_IS_SEARCHABLE_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed_cb, self);

  g_set_object (&self->model, model);
  /* The list makes its row widgets when it has the model: a list not
   * shown (a tab not chosen yet) gets it when it is mapped */
  if (self->selection != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_single_selection_set_model (self->selection, model);

  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), self);

  if (self->stack != NULL)
    update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

const char *
kon_searchable_list_get_search_text (KonSearchableList *self)
{
  g_return_val_if_fail (KON_IS_SEARCHABLE_LIST (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
kon_searchable_list_focus_search (KonSearchableList *self)
{
  g_return_if_fail (KON_IS_SEARCHABLE_LIST (self));

  /* When the page has just been switched to, the stack is still moving
   * the focus: take it when that is done */
  g_idle_add_full (G_PRIORITY_DEFAULT, focus_search_cb, g_object_ref (self), g_object_unref);
}
