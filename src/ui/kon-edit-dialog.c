/* kon-edit-dialog.c: a small modal form with Cancel and Save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialogs that add and edit partners, persons and bodies are one form
 * each, built from rows.  "save" is emitted when the user saves; the
 * handler either closes the dialog or calls kon_edit_dialog_show_error()
 * and leaves it open, so nothing typed is lost.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-compat.h"
#include "kon-edit-dialog.h"

struct _KonEditDialog
{
  AdwWindow            parent_instance;

  GtkButton           *save_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwPreferencesGroup *group;
};

G_DEFINE_FINAL_TYPE (KonEditDialog, kon_edit_dialog, ADW_TYPE_WINDOW)

enum {
  SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_save_clicked_cb (KonEditDialog *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  g_signal_emit (self, signals[SAVE], 0);
}

static void
on_entry_activated_cb (KonEditDialog *self)
{
  gtk_widget_activate (GTK_WIDGET (self->save_button));
}

static void
kon_edit_dialog_class_init (KonEditDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * KonEditDialog::save:
   *
   * The user asked to save.  Validate, write, and close the dialog, or
   * call kon_edit_dialog_show_error().
   */
  signals[SAVE] = g_signal_new ("save",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kon_edit_dialog_init (KonEditDialog *self)
{
  GtkWidget *box, *header, *cancel, *page, *error_box;

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 560);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);

  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  kon_compat_name_button (GTK_BUTTON (cancel));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Save")));
  gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->save_button));
  gtk_box_append (GTK_BOX (box), header);

  self->error_revealer = GTK_REVEALER (gtk_revealer_new ());
  error_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (error_box, "kon-banner");
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_box_append (GTK_BOX (error_box), GTK_WIDGET (self->error_label));
  gtk_revealer_set_child (self->error_revealer, error_box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_revealer));

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->group);
  gtk_box_append (GTK_BOX (box), page);

  adw_window_set_content (ADW_WINDOW (self), box);
}

KonEditDialog *
kon_edit_dialog_new (GtkWindow  *parent,
                     const char *title,
                     const char *save_label)
{
  KonEditDialog *self;

  self = g_object_new (KON_TYPE_EDIT_DIALOG,
                       "transient-for", parent,
                       "title", title,
                       NULL);
  if (save_label != NULL)
    gtk_button_set_label (self->save_button, save_label);
  kon_compat_name_button (self->save_button);

  return self;
}

AdwEntryRow *
kon_edit_dialog_add_entry (KonEditDialog *self,
                           const char    *title,
                           const char    *text)
{
  GtkWidget *row;

  g_return_val_if_fail (KON_IS_EDIT_DIALOG (self), NULL);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), FALSE);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
  adw_preferences_group_add (self->group, row);

  return ADW_ENTRY_ROW (row);
}

AdwComboRow *
kon_edit_dialog_add_choice (KonEditDialog      *self,
                            const char         *title,
                            const char * const *choices,
                            guint               selected)
{
  g_autoptr(GtkStringList) model = NULL;
  GtkWidget *row;

  g_return_val_if_fail (KON_IS_EDIT_DIALOG (self), NULL);

  model = gtk_string_list_new (choices);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_group_add (self->group, row);

  return ADW_COMBO_ROW (row);
}

GtkSwitch *
kon_edit_dialog_add_switch (KonEditDialog *self,
                            const char    *title,
                            gboolean       active)
{
  GtkWidget *row, *toggle;

  g_return_val_if_fail (KON_IS_EDIT_DIALOG (self), NULL);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  toggle = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (self->group, row);

  return GTK_SWITCH (toggle);
}

GtkSpinButton *
kon_edit_dialog_add_number (KonEditDialog *self,
                            const char    *title,
                            int            value,
                            int            max)
{
  GtkWidget *row, *spin;

  g_return_val_if_fail (KON_IS_EDIT_DIALOG (self), NULL);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  spin = gtk_spin_button_new_with_range (0, max, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (self->group, row);

  return GTK_SPIN_BUTTON (spin);
}

void
kon_edit_dialog_show_error (KonEditDialog *self,
                            const char    *message)
{
  g_return_if_fail (KON_IS_EDIT_DIALOG (self));

  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

/**
 * kon_edit_dialog_get_text:
 *
 * Returns: (transfer full) (nullable): the row's text with surrounding
 *   space removed, or %NULL when it is empty
 */
char *
kon_edit_dialog_get_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}
