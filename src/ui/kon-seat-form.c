/* kon-seat-form.c: a seat of a body, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a copy of the row in the template's rows; saving writes a new copy
 * through kon_org_save_row, so the row shown stays as it was until a save
 * succeeds.  A seat is a rule of its body (kon-seat.h): who holds it
 * (a member, a deputy member, an observer), for which side and region,
 * whom they represent, who appoints them, and whether the seat being
 * vacant breaks the body's rules.  What the core refuses (a region on a
 * seat that is not the municipalities') is said by check, before a save.
 *
 * A seat that is saved already can be deleted from its form: the Delete
 * Seat button ("seat.delete") emits "delete-requested", and whoever
 * opened the form deletes it, with Undo.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-compat.h"
#include "kon-seat-form.h"

struct _KonSeatForm
{
  KonEditForm       parent_instance;

  KonSeat          *row;

  /* Template widgets */
  AdwEntryRow      *name_row;
  AdwComboRow      *kind_row;
  AdwComboRow      *side_row;
  AdwEntryRow      *region_row;
  AdwComboRow      *represents_row;
  AdwEntryRow      *appointed_by_row;
  GtkSwitch        *required_switch;
  GtkSpinButton    *position_spin;
  GtkButton        *delete_button;
};

G_DEFINE_FINAL_TYPE (KonSeatForm, kon_seat_form, KON_TYPE_EDIT_FORM)

enum {
  DELETE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kinds of holder a seat is for, as the kind row lists them */
static const KonRoleKind kinds[] = { KON_ROLE_KIND_MEMBER, KON_ROLE_KIND_DEPUTY, KON_ROLE_KIND_OBSERVER };

/* The sides as the side row lists them */
static const KonSide sides[] = { KON_SIDE_NONE, KON_SIDE_HF, KON_SIDE_MUNICIPAL };

/* Helpers */

static void
set_row (KonSeatForm   *self,
         const KonSeat *row)
{
  g_clear_pointer (&self->row, kon_seat_free);
  self->row = kon_seat_copy (row);

  /* Only a seat that is saved can be deleted */
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), self->row->revision > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seat.delete", self->row->revision > 0);
}

static guint
kind_position (KonRoleKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      return i;

  return 0;
}

static guint
side_position (KonSide side)
{
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (sides[i] == side)
      return i;

  return 0;
}

static void
show_row (KonSeatForm *self)
{
  const KonSeat *seat = self->row;
  const char *kind_names[G_N_ELEMENTS (kinds) + 1];
  const char *side_names[G_N_ELEMENTS (sides) + 1];
  const char *represents[KON_REPRESENTS_EMPLOYEES + 2];

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kind_names[i] = kon_role_kind_to_string (kinds[i]);
  kind_names[G_N_ELEMENTS (kinds)] = NULL;
  side_names[0] = _("Neither side");
  for (guint i = 1; i < G_N_ELEMENTS (sides); i++)
    side_names[i] = kon_side_to_string (sides[i]);
  side_names[G_N_ELEMENTS (sides)] = NULL;
  for (int i = 0; i <= KON_REPRESENTS_EMPLOYEES; i++)
    represents[i] = kon_represents_to_string ((KonRepresents) i);
  represents[KON_REPRESENTS_EMPLOYEES + 1] = NULL;

  kon_edit_form_set_text (self->name_row, seat->name);
  kon_edit_form_set_choices (self->kind_row, kind_names, kind_position (seat->kind));
  kon_edit_form_set_choices (self->side_row, side_names, side_position (seat->side));
  kon_edit_form_set_text (self->region_row, seat->region);
  kon_edit_form_set_choices (self->represents_row, represents,
                             seat->represents <= KON_REPRESENTS_EMPLOYEES ? seat->represents : 0);
  kon_edit_form_set_text (self->appointed_by_row, seat->appointed_by);
  gtk_switch_set_active (self->required_switch, seat->required);
  gtk_spin_button_set_value (self->position_spin, seat->position);
}

/* The row as the form shows it now */
static KonSeat *
read_row (KonSeatForm *self)
{
  KonSeat *seat = kon_seat_copy (self->row);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint side = adw_combo_row_get_selected (self->side_row);
  guint represents = adw_combo_row_get_selected (self->represents_row);

  g_free (seat->name);
  seat->name = kon_edit_form_get_text (self->name_row);
  seat->kind = kind < G_N_ELEMENTS (kinds) ? kinds[kind] : KON_ROLE_KIND_MEMBER;
  seat->side = side < G_N_ELEMENTS (sides) ? sides[side] : KON_SIDE_NONE;
  g_free (seat->region);
  seat->region = kon_edit_form_get_text (self->region_row);
  seat->represents = represents <= KON_REPRESENTS_EMPLOYEES ? (KonRepresents) represents : KON_REPRESENTS_NONE;
  g_free (seat->appointed_by);
  seat->appointed_by = kon_edit_form_get_text (self->appointed_by_row);
  seat->required = gtk_switch_get_active (self->required_switch);
  seat->position = gtk_spin_button_get_value_as_int (self->position_spin);

  return seat;
}

/* Callbacks */

static void
delete_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonSeatForm *self = KON_SEAT_FORM (widget);

  if (self->row->revision > 0)
    g_signal_emit (self, signals[DELETE_REQUESTED], 0);
}

static char *
kon_seat_form_check (KonEditForm *form)
{
  KonSeatForm *self = KON_SEAT_FORM (form);
  g_autoptr(KonSeat) seat = read_row (self);
  g_autoptr(GError) error = NULL;

  if (seat->name == NULL)
    return g_strdup (_("A seat needs a name."));

  /* The core's rules, said before a save: a region only on the
   * municipalities' side, and the kinds of holder a seat is for */
  if (!kon_table_row_validate (&kon_seat_table, seat, NULL, &error))
    return g_strdup (error->message);

  return NULL;
}

static gboolean
kon_seat_form_save (KonEditForm  *form,
                    GError      **error)
{
  KonSeatForm *self = KON_SEAT_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonSeat) seat = read_row (self);

  if (!kon_org_save_row (store, &kon_seat_table, seat, error))
    return FALSE;

  set_row (self, seat);
  return TRUE;
}

static gboolean
kon_seat_form_reload (KonEditForm  *form,
                      GError      **error)
{
  KonSeatForm *self = KON_SEAT_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonSeat) seat = kon_store_get (store, &kon_seat_table, self->row->uuid, error);

  if (seat == NULL)
    return FALSE;

  set_row (self, seat);
  show_row (self);
  return TRUE;
}

static const char *
kon_seat_form_get_name (KonEditForm *form)
{
  return KON_SEAT_FORM (form)->row->name;
}

static gconstpointer
kon_seat_form_get_row (KonEditForm *form)
{
  return KON_SEAT_FORM (form)->row;
}

/* Overrides */

static void
kon_seat_form_dispose (GObject *object)
{
  KonSeatForm *self = KON_SEAT_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_SEAT_FORM);
  g_clear_pointer (&self->row, kon_seat_free);

  G_OBJECT_CLASS (kon_seat_form_parent_class)->dispose (object);
}

static void
kon_seat_form_class_init (KonSeatFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonEditFormClass *form_class = KON_EDIT_FORM_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_seat_form_dispose;

  /**
   * KonSeatForm::delete-requested:
   *
   * The user asked to delete the seat shown (a saved one).  The form does
   * not delete it: whoever opened it does, and offers Undo.
   */
  signals[DELETE_REQUESTED] = g_signal_new ("delete-requested",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  form_class->table = &kon_seat_table;
  form_class->check = kon_seat_form_check;
  form_class->save = kon_seat_form_save;
  form_class->reload = kon_seat_form_reload;
  form_class->get_row = kon_seat_form_get_row;
  form_class->get_name = kon_seat_form_get_name;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-seat-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, side_row);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, region_row);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, represents_row);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, appointed_by_row);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, required_switch);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, position_spin);
  gtk_widget_class_bind_template_child (widget_class, KonSeatForm, delete_button);

  gtk_widget_class_install_action (widget_class, "seat.delete", NULL, delete_cb);
}

static void
kon_seat_form_init (KonSeatForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kon_compat_name_button (self->delete_button);
}

/* Public API */

/**
 * kon_seat_form_new:
 * @row: (nullable): the seat to edit, copied; for a new one, a new row
 *   with its body_uuid set (%NULL: a new row without a body, which does
 *   not save)
 */
GtkWidget *
kon_seat_form_new (KonStore      *store,
                   const KonSeat *row)
{
  KonSeatForm *self;

  g_return_val_if_fail (store == NULL || KON_IS_STORE (store), NULL);

  self = g_object_new (KON_TYPE_SEAT_FORM, "store", store, NULL);

  if (row == NULL)
    {
      g_autoptr(KonSeat) seat = kon_seat_new ();
      set_row (self, seat);
    }
  else
    set_row (self, row);
  show_row (self);
  kon_edit_form_name_rows (GTK_WIDGET (self));
  kon_edit_form_watch (KON_EDIT_FORM (self), GTK_WIDGET (self->name_row),
                       GTK_WIDGET (self->kind_row),
                       GTK_WIDGET (self->side_row),
                       GTK_WIDGET (self->region_row),
                       GTK_WIDGET (self->represents_row),
                       GTK_WIDGET (self->appointed_by_row),
                       GTK_WIDGET (self->required_switch),
                       GTK_WIDGET (self->position_spin), NULL);

  return GTK_WIDGET (self);
}
