/* kon-edit-dialog.c: a modal form with Cancel and Save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one dialog of the four forms (partner, person, body, role: each a
 * KonEditForm).  Save ("dialog.save", also Enter in an entry) checks the
 * form, saves it and emits "saved", then closes; or shows why not in a
 * banner and stays open, so nothing typed is lost.  The banner goes as
 * soon as the form checks out again.  A save refused because someone else
 * changed the row first offers Reload ("dialog.reload").
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-compat.h"
#include "kon-edit-dialog.h"
#include "kon-store.h"

struct _KonEditDialog
{
  AdwWindow    parent_instance;

  KonEditForm *form;
  gpointer     before;          /* the row as it was when opened; NULL: a new one */
  gboolean     showing_check;   /* the banner says what check found */

  /* Template widgets */
  GtkButton   *cancel_button;
  GtkButton   *save_button;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  GtkButton   *reload_button;
  AdwBin      *form_bin;
};

G_DEFINE_FINAL_TYPE (KonEditDialog, kon_edit_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* Someone else saved the row since the form read it */
static gboolean
is_conflict (const GError *error)
{
  return g_error_matches (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
}

static void
hide_error (KonEditDialog *self)
{
  self->showing_check = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* Callbacks */

static void
on_form_changed_cb (KonEditDialog *self)
{
  g_autofree char *problem = NULL;

  /* An error that was found by checking goes as soon as it is fixed */
  if (!self->showing_check)
    return;

  problem = kon_edit_form_check (self->form);
  if (problem == NULL)
    hide_error (self);
  else
    gtk_label_set_label (self->error_label, problem);
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  KonEditDialog *self = KON_EDIT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  if (self->form == NULL)
    return;

  problem = kon_edit_form_check (self->form);
  if (problem != NULL)
    {
      GtkWidget *field = kon_edit_form_get_problem_field (self->form);

      kon_edit_dialog_show_error (self, problem, FALSE);
      self->showing_check = TRUE;
      if (field != NULL)
        gtk_widget_grab_focus (field);
      return;
    }

  if (!kon_edit_form_save (self->form, &error))
    {
      GtkWidget *field = kon_edit_form_get_problem_field (self->form);

      kon_edit_dialog_show_error (self, error->message, is_conflict (error));
      if (field != NULL)
        gtk_widget_grab_focus (field);
      return;
    }

  hide_error (self);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
reload_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonEditDialog *self = KON_EDIT_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!kon_edit_form_reload (self->form, &error))
    {
      kon_edit_dialog_show_error (self, error->message, FALSE);
      return;
    }

  hide_error (self);
}

/* Enter in an entry row saves */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   KonEditDialog         *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      focus == NULL || gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) == NULL)
    return FALSE;

  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
  return TRUE;
}

/* Overrides */

static void
kon_edit_dialog_dispose (GObject *object)
{
  KonEditDialog *self = KON_EDIT_DIALOG (object);

  if (self->form != NULL)
    kon_table_row_free (kon_edit_form_get_table (self->form), self->before);
  self->before = NULL;
  self->form = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_EDIT_DIALOG);

  G_OBJECT_CLASS (kon_edit_dialog_parent_class)->dispose (object);
}

static void
kon_edit_dialog_class_init (KonEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_edit_dialog_dispose;

  /**
   * KonEditDialog::saved:
   *
   * The form was saved; the dialog closes after this.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KonEditDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KonEditDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KonEditDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, KonEditDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KonEditDialog, reload_button);
  gtk_widget_class_bind_template_child (widget_class, KonEditDialog, form_bin);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "dialog.reload", NULL, reload_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save", NULL);
}

static void
kon_edit_dialog_init (KonEditDialog *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  kon_compat_name_button (self->cancel_button);
  kon_compat_name_button (self->reload_button);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/* Public API */

/**
 * kon_edit_dialog_new:
 * @save_label: (nullable): the Save button's label, with a mnemonic
 * @form: (transfer none): what the dialog edits
 */
KonEditDialog *
kon_edit_dialog_new (GtkWindow   *parent,
                     const char  *title,
                     const char  *save_label,
                     KonEditForm *form)
{
  KonEditDialog *self;

  g_return_val_if_fail (KON_IS_EDIT_FORM (form), NULL);

  self = g_object_new (KON_TYPE_EDIT_DIALOG,
                       "transient-for", parent,
                       "title", title,
                       NULL);
  if (save_label != NULL)
    gtk_button_set_label (self->save_button, save_label);
  kon_compat_name_button (self->save_button);

  self->form = form;
  if (kon_edit_form_get_row (form) != NULL && KON_ROW_REVISION (kon_edit_form_get_row (form)) > 0)
    self->before = kon_table_row_copy (kon_edit_form_get_table (form), kon_edit_form_get_row (form));
  adw_bin_set_child (self->form_bin, GTK_WIDGET (form));
  g_signal_connect_object (form, "changed", G_CALLBACK (on_form_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * kon_edit_dialog_set_read_only:
 *
 * For a database that can only be read: the form shows the row, not to be
 * changed; Save is not offered and Cancel closes.
 */
void
kon_edit_dialog_set_read_only (KonEditDialog *self)
{
  g_return_if_fail (KON_IS_EDIT_DIALOG (self));

  gtk_widget_set_visible (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  kon_compat_name_button (self->cancel_button);
  if (self->form != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->form), FALSE);
  gtk_label_set_label (self->error_label,
                       _("This database is read-only: you can look, but changes cannot be saved."));
  gtk_widget_set_visible (GTK_WIDGET (self->reload_button), FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

KonEditForm *
kon_edit_dialog_get_form (KonEditDialog *self)
{
  g_return_val_if_fail (KON_IS_EDIT_DIALOG (self), NULL);

  return self->form;
}

/**
 * kon_edit_dialog_push_undo:
 *
 * After the dialog saved: pushes how to undo the save (the row as it was
 * when the dialog opened, or deleting a row it added) on @stack.
 *
 * Returns: (transfer full): the toast that says so, with Undo
 */
AdwToast *
kon_edit_dialog_push_undo (KonEditDialog *self,
                           KonUndoStack  *stack)
{
  g_return_val_if_fail (KON_IS_EDIT_DIALOG (self), NULL);
  g_return_val_if_fail (self->form != NULL, NULL);

  return kon_undo_stack_saved (stack, kon_edit_form_get_store (self->form),
                               kon_edit_form_get_table (self->form), self->before,
                               kon_edit_form_get_uuid (self->form),
                               kon_edit_form_get_name (self->form));
}

/**
 * kon_edit_dialog_show_error:
 * @offer_reload: whether the banner offers Reload (after a conflict)
 */
void
kon_edit_dialog_show_error (KonEditDialog *self,
                            const char    *message,
                            gboolean       offer_reload)
{
  g_return_if_fail (KON_IS_EDIT_DIALOG (self));

  self->showing_check = FALSE;
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_button), offer_reload);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}
