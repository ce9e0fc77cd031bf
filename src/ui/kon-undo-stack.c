/* kon-undo-stack.c: what can be undone, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change a pane makes pushes how to undo it.  Ctrl+Z undoes the
 * newest (kon_undo_stack_undo (stack, 0, …)); a toast's Undo button undoes
 * its own entry by the id push returned, wherever it is in the stack.
 * "can-undo" says whether there is anything, for an action's enabled state.
 */

#include "config.h"

#include "kon-undo-stack.h"

/* Enough for a meeting's worth of changes */
#define MAX_ENTRIES 100

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

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
entry_free (Entry *entry)
{
  if (entry->destroy != NULL)
    entry->destroy (entry->data);
  g_free (entry->label);
  g_free (entry);
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
