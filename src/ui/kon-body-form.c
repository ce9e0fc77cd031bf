/* kon-body-form.c: the fields of a body, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a copy of the row in the template's rows; saving writes a new copy
 * through kon_org_save_*, so the row shown stays as it was until a save
 * succeeds.  The mandate is a text of its own, several
 * lines long: it has a text view, not an entry row.
 *
 * The terms and the chair rotation are the body's rules for the SSU pane
 * (kon-terms.h): a term's length, whether a holder can be appointed
 * again, and the chair periods (their first day, the side that chairs
 * first, their length).  No first day is no rotation.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-body-form.h"
#include "kon-case-number.h"

struct _KonBodyForm
{
  KonEditForm       parent_instance;

  KonBody       *row;
  GPtrArray        *parent_uuids;    /* of the parent choices after "None" */

  /* Template widgets */
  AdwEntryRow      *name_row;
  AdwEntryRow      *short_name_row;
  AdwComboRow      *kind_row;
  AdwComboRow      *parent_row;
  GtkSwitch        *decisions_switch;
  GtkSwitch        *public_switch;
  GtkSpinButton    *meetings_spin;
  GtkSpinButton    *seats_spin;
  AdwEntryRow      *deadline_row;
  AdwEntryRow      *pattern_row;
  AdwActionRow     *pattern_preview_row;
  GtkSpinButton    *term_spin;
  GtkSwitch        *again_switch;
  AdwEntryRow      *rotation_start_row;
  AdwComboRow      *rotation_side_row;
  GtkSpinButton    *rotation_years_spin;
  GtkTextView      *mandate_view;
};

G_DEFINE_FINAL_TYPE (KonBodyForm, kon_body_form, KON_TYPE_EDIT_FORM)

/* The sides as the rotation side row lists them */
static const KonSide rotation_sides[] = { KON_SIDE_MUNICIPAL, KON_SIDE_HF };

/* Helpers */

static void
set_row (KonBodyForm *self,
         const KonBody *row)
{
  g_clear_pointer (&self->row, kon_body_free);
  self->row = kon_body_copy (row);
}

static void
show_parents (KonBodyForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(GPtrArray) bodies = store != NULL ? kon_org_list_bodies (store, NULL) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  g_ptr_array_set_size (self->parent_uuids, 0);
  g_ptr_array_add (names, (gpointer) _("None (top level)"));
  for (guint i = 0; bodies != NULL && i < bodies->len; i++)
    {
      KonBody *other = g_ptr_array_index (bodies, i);

      if (g_strcmp0 (other->uuid, self->row->uuid) == 0)
        continue;
      if (g_strcmp0 (other->uuid, self->row->parent_uuid) == 0)
        selected = names->len;
      g_ptr_array_add (self->parent_uuids, g_strdup (other->uuid));
      g_ptr_array_add (names, other->name);
    }
  g_ptr_array_add (names, NULL);

  kon_edit_form_set_choices (self->parent_row, (const char * const *) names->pdata, selected);
}

static void
show_rotation_sides (KonBodyForm *self)
{
  const char *names[] = {
    _("The municipalities"),
    _("The hospital trust"),
    NULL,
  };
  guint selected = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (rotation_sides) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (rotation_sides); i++)
    if (rotation_sides[i] == self->row->rotation_first_side)
      selected = i;

  kon_edit_form_set_choices (self->rotation_side_row, names, selected);
}

/* The pattern as typed (NULL: the default), and what it is wrong with or
 * NULL */
static char *
check_pattern (KonBodyForm  *self,
               char        **out_pattern)
{
  g_autofree char *pattern = kon_edit_form_get_text (self->pattern_row);
  g_autoptr(GError) error = NULL;

  if (pattern != NULL && !kon_case_pattern_check (pattern, &error))
    return g_strdup (error->message);

  if (out_pattern != NULL)
    *out_pattern = g_steal_pointer (&pattern);
  return NULL;
}

/* The live preview: this year's first cases as the pattern writes them,
 * or, at the field, what is wrong with it */
static void
on_pattern_changed_cb (KonBodyForm *self)
{
  g_autofree char *pattern = NULL;
  g_autofree char *problem = check_pattern (self, &pattern);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *twelfth = NULL;
  g_autofree char *preview = NULL;

  if (problem != NULL)
    {
      adw_action_row_set_subtitle (self->pattern_preview_row, problem);
      gtk_widget_add_css_class (GTK_WIDGET (self->pattern_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->pattern_preview_row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->pattern_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->pattern_preview_row), "error");
  first = kon_case_pattern_format (pattern, 1, year);
  second = kon_case_pattern_format (pattern, 2, year);
  twelfth = kon_case_pattern_format (pattern, 12, year);
  /* TRANSLATORS: the case number pattern's preview: the first, second and
   * twelfth case of this year, "01-2026, 02-2026 … 12-2026" */
  preview = g_strdup_printf (_("%s, %s … %s"), first, second, twelfth);
  adw_action_row_set_subtitle (self->pattern_preview_row, preview);
}

static void
show_row (KonBodyForm *self)
{
  const KonBody *body = self->row;
  const char *kinds[KON_BODY_KIND_OTHER + 2];

  for (int i = 0; i <= KON_BODY_KIND_OTHER; i++)
    kinds[i] = kon_body_kind_to_string ((KonBodyKind) i);
  kinds[KON_BODY_KIND_OTHER + 1] = NULL;

  kon_edit_form_set_text (self->name_row, body->name);
  kon_edit_form_set_text (self->short_name_row, body->short_name);
  kon_edit_form_set_choices (self->kind_row, kinds, body->kind);
  show_parents (self);
  gtk_switch_set_active (self->decisions_switch, body->takes_decisions);
  gtk_switch_set_active (self->public_switch, body->is_public);
  gtk_spin_button_set_value (self->meetings_spin, body->meetings_per_year);
  gtk_spin_button_set_value (self->seats_spin, body->seats_per_side);
  kon_edit_form_set_date (self->deadline_row, &body->deadline);
  gtk_spin_button_set_value (self->term_spin, body->term_years);
  gtk_switch_set_active (self->again_switch, !body->single_term);
  kon_edit_form_set_date (self->rotation_start_row, &body->rotation_start);
  show_rotation_sides (self);
  gtk_spin_button_set_value (self->rotation_years_spin, body->rotation_years);
  kon_edit_form_set_text (self->pattern_row, body->case_pattern);
  on_pattern_changed_cb (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->mandate_view),
                            body->mandate != NULL ? body->mandate : "", -1);
}

static char *
kon_body_form_check (KonEditForm *form)
{
  KonBodyForm *self = KON_BODY_FORM (form);
  g_autofree char *name = kon_edit_form_get_text (self->name_row);
  char *message = NULL;
  GDate date;

  if (name == NULL)
    return kon_edit_form_problem_at (form, GTK_WIDGET (self->name_row), g_strdup (_("A body needs a name.")));
  if (!kon_edit_form_read_date (self->deadline_row, &date, &message))
    return kon_edit_form_problem_at (form, GTK_WIDGET (self->deadline_row), message);
  if (!kon_edit_form_read_date (self->rotation_start_row, &date, &message))
    return kon_edit_form_problem_at (form, GTK_WIDGET (self->rotation_start_row), message);
  if (g_date_valid (&date) && gtk_spin_button_get_value_as_int (self->rotation_years_spin) <= 0)
    return kon_edit_form_problem_at (form, GTK_WIDGET (self->rotation_years_spin),
                                     g_strdup (_("A chair rotation needs a chair period of at least one year. "
                                                 "Without a first day, the chair does not rotate.")));
  if ((message = check_pattern (self, NULL)) != NULL)
    return kon_edit_form_problem_at (form, GTK_WIDGET (self->pattern_row), message);

  return NULL;
}

static gboolean
kon_body_form_save (KonEditForm  *form,
                    GError      **error)
{
  KonBodyForm *self = KON_BODY_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonBody) body = kon_body_copy (self->row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->mandate_view);
  g_autofree char *mandate = NULL;
  GtkTextIter start, end;
  guint parent, side;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  mandate = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  g_free (body->name);
  body->name = kon_edit_form_get_text (self->name_row);
  g_free (body->short_name);
  body->short_name = kon_edit_form_get_text (self->short_name_row);
  g_free (body->mandate);
  body->mandate = *mandate != '\0' ? g_steal_pointer (&mandate) : NULL;
  g_free (body->case_pattern);
  body->case_pattern = kon_edit_form_get_text (self->pattern_row);
  body->kind = (KonBodyKind) adw_combo_row_get_selected (self->kind_row);
  body->takes_decisions = gtk_switch_get_active (self->decisions_switch);
  body->is_public = gtk_switch_get_active (self->public_switch);
  body->meetings_per_year = gtk_spin_button_get_value_as_int (self->meetings_spin);
  body->seats_per_side = gtk_spin_button_get_value_as_int (self->seats_spin);
  kon_edit_form_read_date (self->deadline_row, &body->deadline, NULL);
  body->term_years = gtk_spin_button_get_value_as_int (self->term_spin);
  body->single_term = !gtk_switch_get_active (self->again_switch);
  kon_edit_form_read_date (self->rotation_start_row, &body->rotation_start, NULL);
  body->rotation_years = gtk_spin_button_get_value_as_int (self->rotation_years_spin);
  /* The side that chairs first means something only with a rotation */
  side = adw_combo_row_get_selected (self->rotation_side_row);
  body->rotation_first_side = g_date_valid (&body->rotation_start) && side < G_N_ELEMENTS (rotation_sides)
                                ? rotation_sides[side] : KON_SIDE_NONE;

  parent = adw_combo_row_get_selected (self->parent_row);
  g_free (body->parent_uuid);
  body->parent_uuid = parent > 0 && parent <= self->parent_uuids->len
                        ? g_strdup (g_ptr_array_index (self->parent_uuids, parent - 1)) : NULL;

  if (!kon_org_save_body (store, body, error))
    return FALSE;

  set_row (self, body);
  return TRUE;
}

static gboolean
kon_body_form_reload (KonEditForm  *form,
                      GError      **error)
{
  KonBodyForm *self = KON_BODY_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonBody) body = kon_org_get_body (store, self->row->uuid, error);

  if (body == NULL)
    return FALSE;

  set_row (self, body);
  show_row (self);
  return TRUE;
}

static const char *
kon_body_form_get_name (KonEditForm *form)
{
  return KON_BODY_FORM (form)->row->name;
}

static gconstpointer
kon_body_form_get_row (KonEditForm *form)
{
  return KON_BODY_FORM (form)->row;
}

/* Overrides */

static void
kon_body_form_dispose (GObject *object)
{
  KonBodyForm *self = KON_BODY_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_BODY_FORM);
  g_clear_pointer (&self->row, kon_body_free);
  g_clear_pointer (&self->parent_uuids, g_ptr_array_unref);

  G_OBJECT_CLASS (kon_body_form_parent_class)->dispose (object);
}

static void
kon_body_form_class_init (KonBodyFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonEditFormClass *form_class = KON_EDIT_FORM_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_body_form_dispose;
  form_class->table = &kon_body_table;
  form_class->check = kon_body_form_check;
  form_class->save = kon_body_form_save;
  form_class->reload = kon_body_form_reload;
  form_class->get_row = kon_body_form_get_row;
  form_class->get_name = kon_body_form_get_name;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-body-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, short_name_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, parent_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, decisions_switch);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, public_switch);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, meetings_spin);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, seats_spin);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, pattern_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, pattern_preview_row);
  gtk_widget_class_bind_template_callback (widget_class, on_pattern_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, term_spin);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, again_switch);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, rotation_start_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, rotation_side_row);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, rotation_years_spin);
  gtk_widget_class_bind_template_child (widget_class, KonBodyForm, mandate_view);
}

static void
kon_body_form_init (KonBodyForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->parent_uuids = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

/**
 * kon_body_form_new:
 * @row: (nullable): the row to edit, copied; %NULL for a new one
 */
GtkWidget *
kon_body_form_new (KonStore *store,
                   const KonBody *row)
{
  KonBodyForm *self = g_object_new (KON_TYPE_BODY_FORM, "store", store, NULL);

  if (row == NULL)
    {
      g_autoptr(KonBody) body = kon_body_new ();
      set_row (self, body);
    }
  if (row != NULL)
    set_row (self, row);
  show_row (self);
  kon_edit_form_name_rows (GTK_WIDGET (self));
  kon_edit_form_watch (KON_EDIT_FORM (self), GTK_WIDGET (self->name_row),
                       GTK_WIDGET (self->short_name_row),
                       GTK_WIDGET (self->kind_row),
                       GTK_WIDGET (self->parent_row),
                       GTK_WIDGET (self->decisions_switch),
                       GTK_WIDGET (self->public_switch),
                       GTK_WIDGET (self->meetings_spin),
                       GTK_WIDGET (self->seats_spin),
                       GTK_WIDGET (self->deadline_row),
                       GTK_WIDGET (self->term_spin),
                       GTK_WIDGET (self->again_switch),
                       GTK_WIDGET (self->rotation_start_row),
                       GTK_WIDGET (self->rotation_side_row),
                       GTK_WIDGET (self->rotation_years_spin),
                       GTK_WIDGET (self->pattern_row),
                       GTK_WIDGET (self->mandate_view), NULL);

  return GTK_WIDGET (self);
}
