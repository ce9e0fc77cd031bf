/* kon-edit-form.c: the base of every form in a KonEditDialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each form (partner, person, body, role, seat, case) is a composite
 * widget derived from this abstract type: KonEditDialog asks it to check
 * and save, and to reload after a conflict, through the class's virtual
 * functions.  The base holds what every form has: the "store" property
 * (bound by whoever opens it), the vertical box its template's groups
 * stand in, and the "changed" signal, emitted when anything in it is
 * edited, so the dialog can take an error away as soon as it is fixed.
 * A form's dispose disposes its own template and chains up; the base
 * unparents the rest.  The helpers below are what the forms share.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-date.h"
#include "kon-edit-form.h"

typedef struct
{
  KonStore  *store;
  GtkWidget *marked;   /* the field the last check found wrong, or NULL */
} KonEditFormPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KonEditForm, kon_edit_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The field a problem was at shows it no more */
static void
unmark (KonEditForm *self)
{
  KonEditFormPrivate *priv = kon_edit_form_get_instance_private (self);

  if (priv->marked == NULL)
    return;

  gtk_widget_remove_css_class (priv->marked, "error");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (priv->marked), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  priv->marked = NULL;
}

static void
kon_edit_form_dispose (GObject *object)
{
  KonEditForm *self = KON_EDIT_FORM (object);
  KonEditFormPrivate *priv = kon_edit_form_get_instance_private (self);
  GtkWidget *child;

  priv->marked = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (kon_edit_form_parent_class)->dispose (object);
}

static void
kon_edit_form_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KonEditForm *self = KON_EDIT_FORM (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, kon_edit_form_get_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_edit_form_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KonEditForm *self = KON_EDIT_FORM (object);
  KonEditFormPrivate *priv = kon_edit_form_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_set_object (&priv->store, g_value_get_object (value)))
        g_object_notify_by_pspec (object, properties[PROP_STORE]);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_edit_form_class_init (KonEditFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_edit_form_dispose;
  object_class->get_property = kon_edit_form_get_property;
  object_class->set_property = kon_edit_form_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL,
                                                KON_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonEditForm::changed:
   *
   * Something in the form was edited.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
kon_edit_form_init (KonEditForm *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);
}

/* Public API */

/**
 * kon_edit_form_get_store:
 *
 * Returns: (transfer none) (nullable): the store the form reads and writes
 */
KonStore *
kon_edit_form_get_store (KonEditForm *self)
{
  KonEditFormPrivate *priv;

  g_return_val_if_fail (KON_IS_EDIT_FORM (self), NULL);

  priv = kon_edit_form_get_instance_private (self);
  return priv->store;
}

const KonTable *
kon_edit_form_get_table (KonEditForm *self)
{
  g_return_val_if_fail (KON_IS_EDIT_FORM (self), NULL);

  return KON_EDIT_FORM_GET_CLASS (self)->table;
}

/**
 * kon_edit_form_check:
 *
 * Returns: (transfer full) (nullable): what is wrong, translated, or %NULL
 */
char *
kon_edit_form_check (KonEditForm *self)
{
  KonEditFormClass *klass;
  char *problem;

  g_return_val_if_fail (KON_IS_EDIT_FORM (self), NULL);

  klass = KON_EDIT_FORM_GET_CLASS (self);

  unmark (self);
  problem = klass->check != NULL ? klass->check (self) : NULL;
  if (problem == NULL)
    unmark (self);

  return problem;
}

gboolean
kon_edit_form_save (KonEditForm  *self,
                    GError      **error)
{
  g_return_val_if_fail (KON_IS_EDIT_FORM (self), FALSE);

  return KON_EDIT_FORM_GET_CLASS (self)->save (self, error);
}

gboolean
kon_edit_form_reload (KonEditForm  *self,
                      GError      **error)
{
  KonEditFormClass *klass;

  g_return_val_if_fail (KON_IS_EDIT_FORM (self), FALSE);

  klass = KON_EDIT_FORM_GET_CLASS (self);

  return klass->reload != NULL ? klass->reload (self, error) : TRUE;
}

gconstpointer
kon_edit_form_get_row (KonEditForm *self)
{
  g_return_val_if_fail (KON_IS_EDIT_FORM (self), NULL);

  return KON_EDIT_FORM_GET_CLASS (self)->get_row (self);
}

const char *
kon_edit_form_get_uuid (KonEditForm *self)
{
  gconstpointer row = kon_edit_form_get_row (self);

  return row != NULL ? KON_ROW (row)->uuid : NULL;
}

const char *
kon_edit_form_get_name (KonEditForm *self)
{
  g_return_val_if_fail (KON_IS_EDIT_FORM (self), NULL);

  return KON_EDIT_FORM_GET_CLASS (self)->get_name (self);
}

void
kon_edit_form_changed (KonEditForm *self)
{
  g_return_if_fail (KON_IS_EDIT_FORM (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * kon_edit_form_problem_at:
 * @field: the field @problem is at
 * @problem: (transfer full): what is wrong, translated
 *
 * For a form's check or save: marks @field as where the problem is (in
 * the error style, with @problem as its accessible description; the
 * dialog moves the focus to it).  The next check takes the mark away.
 *
 * Returns: (transfer full): @problem
 */
char *
kon_edit_form_problem_at (KonEditForm *self,
                          GtkWidget   *field,
                          char        *problem)
{
  KonEditFormPrivate *priv;

  g_return_val_if_fail (KON_IS_EDIT_FORM (self), problem);
  g_return_val_if_fail (GTK_IS_WIDGET (field), problem);

  unmark (self);
  priv = kon_edit_form_get_instance_private (self);
  priv->marked = field;

  /* The field shows it too, for the eye and for a screen reader */
  gtk_widget_add_css_class (field, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);

  return problem;
}

/**
 * kon_edit_form_get_problem_field:
 *
 * Returns: (transfer none) (nullable): the field the last check found a
 *   problem at
 */
GtkWidget *
kon_edit_form_get_problem_field (KonEditForm *self)
{
  KonEditFormPrivate *priv;

  g_return_val_if_fail (KON_IS_EDIT_FORM (self), NULL);

  priv = kon_edit_form_get_instance_private (self);
  return priv->marked;
}

/* Helpers */

/**
 * kon_edit_form_get_text:
 *
 * Returns: (transfer full) (nullable): the row's text with surrounding
 *   space removed, or %NULL when it is empty
 */
char *
kon_edit_form_get_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

void
kon_edit_form_set_text (AdwEntryRow *row,
                        const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/**
 * kon_edit_form_read_date:
 * @message: (out) (optional): why the text is not a date
 *
 * Reads an optional date: empty is an unset date.
 *
 * Returns: FALSE when something is written that is not a date
 */
gboolean
kon_edit_form_read_date (AdwEntryRow  *row,
                         GDate        *date,
                         char        **message)
{
  g_autofree char *text = kon_edit_form_get_text (row);

  g_date_clear (date, 1);

  if (text == NULL || kon_date_parse (text, date))
    return TRUE;

  if (message != NULL)
    /* TRANSLATORS: %s is what the user wrote */
    *message = g_strdup_printf (_("“%s” is not a date. Write it as dd.mm.yyyy, "
                                  "for example 25.05.2021."), text);
  return FALSE;
}

void
kon_edit_form_set_date (AdwEntryRow *row,
                        const GDate *date)
{
  g_autofree char *text = g_date_valid (date) ? kon_date_format (date) : NULL;

  kon_edit_form_set_text (row, text);
}

void
kon_edit_form_set_choices (AdwComboRow        *row,
                           const char * const *choices,
                           guint               selected)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (choices);

  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, selected);
}

/**
 * kon_edit_form_name_rows:
 *
 * Names every row of @widget (entry rows, combo rows) after its title for
 * assistive technology, as GTK 4.8 does not.
 */
void
kon_edit_form_name_rows (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

      if (title != NULL && *title != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kon_edit_form_name_rows (child);
}

/**
 * kon_edit_form_describe_term:
 *
 * Returns: (transfer full) (nullable): a role's term as people write it
 *   ("01.01.2021–31.12.2024", "from 01.01.2021"), or %NULL when open
 */
char *
kon_edit_form_describe_term (const GDate *from,
                             const GDate *to)
{
  g_autofree char *start = g_date_valid (from) ? kon_date_format (from) : NULL;
  g_autofree char *end = g_date_valid (to) ? kon_date_format (to) : NULL;

  if (start != NULL && end != NULL)
    /* TRANSLATORS: a role's term: "01.01.2021–31.12.2024" */
    return g_strdup_printf (_("%s–%s"), start, end);
  if (start != NULL)
    /* TRANSLATORS: a role without an end: "from 01.01.2021" */
    return g_strdup_printf (_("from %s"), start);
  if (end != NULL)
    /* TRANSLATORS: a role's end: "until 31.12.2024" */
    return g_strdup_printf (_("until %s"), end);

  return NULL;
}

static void
on_watched_changed_cb (KonEditForm *self)
{
  kon_edit_form_changed (self);
}

/**
 * kon_edit_form_watch:
 *
 * Emits "changed" when any of the widgets (entry rows, combo rows,
 * switches, spin buttons, text views) changes.
 */
void
kon_edit_form_watch (KonEditForm *self,
                     GtkWidget   *first,
                     ...)
{
  va_list args;

  va_start (args, first);
  for (GtkWidget *widget = first; widget != NULL; widget = va_arg (args, GtkWidget *))
    {
      const char *signal = "changed";

      if (ADW_IS_COMBO_ROW (widget))
        signal = "notify::selected";
      else if (GTK_IS_SWITCH (widget))
        signal = "notify::active";
      else if (GTK_IS_SPIN_BUTTON (widget))
        signal = "value-changed";
      else if (GTK_IS_TEXT_VIEW (widget))
        {
          g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed",
                                   G_CALLBACK (on_watched_changed_cb), self, G_CONNECT_SWAPPED);
          continue;
        }

      g_signal_connect_object (widget, signal, G_CALLBACK (on_watched_changed_cb), self, G_CONNECT_SWAPPED);
    }
  va_end (args);
}
