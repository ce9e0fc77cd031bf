/* kon-undo-stack.c: what can be undone, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change a pane makes pushes how to undo it.  Ctrl+Z undoes the
 * newest (kon_undo_stack_undo (stack, 0, …)); a toast's Undo button undoes
 * its own entry by the id push returned, wherever it is in the stack.
 * "can-undo" says whether there is anything, for an action's enabled state.
 *
 * Every pane undoes the store's rows the same way, so the entries for a
 * saved and a deleted row, and the toast that offers their Undo, are
 * here: kon_undo_stack_saved() and kon_undo_stack_deleted().  When a
 * toast's Undo fails, "failed" says why, for the pane to show.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-org.h"
#include "kon-undo-stack.h"

/* Enough for a meeting's worth of changes */
#define MAX_ENTRIES 100

/* How long a toast offers Undo (Ctrl+Z undoes also after) */
#define TOAST_SECONDS 10

typedef struct
{
  guint           id;
  char           *label;
  KonUndoFunc     func;
  gpointer        data;
  GDestroyNotify  destroy;
} Entry;

struct _KonUndoStack
{
  GObject  parent_instance;

  GQueue   entries;   /* Entry, newest at the head */
  guint    last_id;
};

G_DEFINE_FINAL_TYPE (KonUndoStack, kon_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
entry_free (Entry *entry)
{
  if (entry->destroy != NULL)
    entry->destroy (entry->data);
  g_free (entry->label);
  g_free (entry);
}

/* The rows' entries */

/* A save undone: the row as it was, saved back over the row as it is now
 * (based on its revision, so only a change made since by someone else is
 * a conflict); a row that was new, deleted again */
typedef struct
{
  KonStore       *store;
  const KonTable *table;
  gpointer        before;    /* the row as it was; NULL: it was new */
  char           *uuid;
} SaveUndo;

static void
save_undo_free (SaveUndo *undo)
{
  kon_table_row_free (undo->table, undo->before);
  g_clear_object (&undo->store);
  g_free (undo->uuid);
  g_free (undo);
}

static gboolean
undo_save (SaveUndo  *undo,
           GError   **error)
{
  gpointer current;

  if (undo->before == NULL)
    {
      g_autoptr(KonSnapshot) snapshot = kon_store_delete (undo->store, undo->table, undo->uuid, error);
      return snapshot != NULL;
    }

  current = kon_store_get (undo->store, undo->table, undo->uuid, NULL);
  KON_ROW (undo->before)->revision = current != NULL ? KON_ROW_REVISION (current) : 0;
  kon_table_row_free (undo->table, current);

  return kon_org_save_row (undo->store, undo->table, undo->before, error);
}

/* A delete undone: what went, put back */
typedef struct
{
  KonStore    *store;
  KonSnapshot *snapshot;
} DeleteUndo;

static void
delete_undo_free (DeleteUndo *undo)
{
  g_clear_object (&undo->store);
  g_clear_pointer (&undo->snapshot, kon_snapshot_free);
  g_free (undo);
}

static gboolean
undo_delete (DeleteUndo  *undo,
             GError     **error)
{
  return kon_store_restore (undo->store, undo->snapshot, error);
}

static void
on_toast_undo_clicked_cb (AdwToast     *toast,
                          KonUndoStack *self)
{
  guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "kon-undo-id"));
  g_autoptr(GError) error = NULL;

  if (!kon_undo_stack_undo (self, id, &error))
    g_signal_emit (self, signals[FAILED], 0, error);
}

/* A toast saying @title, whose Undo undoes the entry @id */
static AdwToast *
new_toast (KonUndoStack     *self,
           const char       *title,
           AdwToastPriority  priority,
           guint             id)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, TOAST_SECONDS);
  adw_toast_set_priority (toast, priority);
  g_object_set_data (G_OBJECT (toast), "kon-undo-id", GUINT_TO_POINTER (id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_undo_clicked_cb), self, 0);

  return toast;
}

/* Overrides */

static void
kon_undo_stack_finalize (GObject *object)
{
  KonUndoStack *self = KON_UNDO_STACK (object);

  g_queue_clear_full (&self->entries, (GDestroyNotify) entry_free);

  G_OBJECT_CLASS (kon_undo_stack_parent_class)->finalize (object);
}

static void
kon_undo_stack_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KonUndoStack *self = KON_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, kon_undo_stack_can_undo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_undo_stack_class_init (KonUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kon_undo_stack_finalize;
  object_class->get_property = kon_undo_stack_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonUndoStack::failed:
   * @error: why
   *
   * A toast's Undo could not undo its change.
   */
  signals[FAILED] = g_signal_new ("failed",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kon_undo_stack_init (KonUndoStack *self)
{
  g_queue_init (&self->entries);
}

/* Public API */

KonUndoStack *
kon_undo_stack_new (void)
{
  return g_object_new (KON_TYPE_UNDO_STACK, NULL);
}

/**
 * kon_undo_stack_push:
 * @label: what the change was, for a menu or a tooltip
 * @func: undoes it
 * @data: (transfer full): for @func, freed with @destroy when the entry goes
 *
 * Returns: the entry's id, never 0
 */
guint
kon_undo_stack_push (KonUndoStack   *self,
                     const char     *label,
                     KonUndoFunc     func,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  gboolean was_empty;
  Entry *entry;

  g_return_val_if_fail (KON_IS_UNDO_STACK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  was_empty = g_queue_is_empty (&self->entries);

  entry = g_new0 (Entry, 1);
  entry->id = ++self->last_id;
  entry->label = g_strdup (label);
  entry->func = func;
  entry->data = data;
  entry->destroy = destroy;
  g_queue_push_head (&self->entries, entry);

  while (g_queue_get_length (&self->entries) > MAX_ENTRIES)
    entry_free (g_queue_pop_tail (&self->entries));

  if (was_empty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);

  return entry->id;
}

/**
 * kon_undo_stack_undo:
 * @id: the entry to undo, or 0 for the newest
 *
 * Undoes the entry and removes it (also when undoing failed: a change that
 * cannot be undone now will not be undone later either).  An entry that
 * is no longer there (undone already) is not an error.
 *
 * Returns: FALSE with @error set when undoing failed
 */
gboolean
kon_undo_stack_undo (KonUndoStack  *self,
                     guint          id,
                     GError       **error)
{
  Entry *entry = NULL;
  gboolean ok;

  g_return_val_if_fail (KON_IS_UNDO_STACK (self), FALSE);

  for (GList *l = self->entries.head; l != NULL; l = l->next)
    {
      Entry *candidate = l->data;

      if (id == 0 || candidate->id == id)
        {
          entry = candidate;
          g_queue_delete_link (&self->entries, l);
          break;
        }
    }

  if (entry == NULL)
    return TRUE;

  ok = entry->func (entry->data, error);
  entry_free (entry);

  if (g_queue_is_empty (&self->entries))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);

  return ok;
}

gboolean
kon_undo_stack_can_undo (KonUndoStack *self)
{
  g_return_val_if_fail (KON_IS_UNDO_STACK (self), FALSE);

  return !g_queue_is_empty (&self->entries);
}

/**
 * kon_undo_stack_peek_label:
 *
 * Returns: (nullable): what undoing now would undo
 */
const char *
kon_undo_stack_peek_label (KonUndoStack *self)
{
  Entry *entry;

  g_return_val_if_fail (KON_IS_UNDO_STACK (self), NULL);

  entry = g_queue_peek_head (&self->entries);

  return entry != NULL ? entry->label : NULL;
}

void
kon_undo_stack_clear (KonUndoStack *self)
{
  g_return_if_fail (KON_IS_UNDO_STACK (self));

  if (g_queue_is_empty (&self->entries))
    return;

  g_queue_clear_full (&self->entries, (GDestroyNotify) entry_free);
  g_queue_init (&self->entries);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

/**
 * kon_undo_stack_saved:
 * @table: the row's table
 * @before: (nullable): the row as it was before the save, copied; %NULL
 *   when the save added it
 * @uuid: the row's uuid
 * @name: the row's name, for the toast
 *
 * Pushes how to undo a save that has been made.
 *
 * Returns: (transfer full): a toast that says so, with Undo
 */
AdwToast *
kon_undo_stack_saved (KonUndoStack   *self,
                      KonStore       *store,
                      const KonTable *table,
                      gconstpointer   before,
                      const char     *uuid,
                      const char     *name)
{
  g_autofree char *title = NULL;
  SaveUndo *undo;

  g_return_val_if_fail (KON_IS_UNDO_STACK (self), NULL);
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && uuid != NULL, NULL);

  undo = g_new0 (SaveUndo, 1);
  undo->store = g_object_ref (store);
  undo->table = table;
  undo->before = before != NULL ? kon_table_row_copy (table, before) : NULL;
  undo->uuid = g_strdup (uuid);

  title = before != NULL
            /* TRANSLATORS: shown after editing; %s is a name */
            ? g_strdup_printf (_("“%s” saved"), name)
            /* TRANSLATORS: shown after adding; %s is a name */
            : g_strdup_printf (_("“%s” added"), name);

  return new_toast (self, title, ADW_TOAST_PRIORITY_NORMAL,
                    kon_undo_stack_push (self, title, (KonUndoFunc) undo_save,
                                         undo, (GDestroyNotify) save_undo_free));
}

/**
 * kon_undo_stack_deleted:
 * @snapshot: (transfer full): what kon_store_delete() returned
 * @title: what the toast says ("“Bodø kommune” deleted")
 *
 * Pushes how to undo a delete that has been made.
 *
 * Returns: (transfer full): a toast that says so, with Undo
 */
AdwToast *
kon_undo_stack_deleted (KonUndoStack *self,
                        KonStore     *store,
                        KonSnapshot  *snapshot,
                        const char   *title)
{
  DeleteUndo *undo;

  g_return_val_if_fail (KON_IS_UNDO_STACK (self), NULL);
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  undo = g_new0 (DeleteUndo, 1);
  undo->store = g_object_ref (store);
  undo->snapshot = snapshot;

  return new_toast (self, title, ADW_TOAST_PRIORITY_HIGH,
                    kon_undo_stack_push (self, title, (KonUndoFunc) undo_delete,
                                         undo, (GDestroyNotify) delete_undo_free));
}
