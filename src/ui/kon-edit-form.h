/* kon-edit-form.h: the base of every form in a KonEditDialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_EDIT_FORM (kon_edit_form_get_type ())

G_DECLARE_DERIVABLE_TYPE (KonEditForm, kon_edit_form, KON, EDIT_FORM, GtkWidget)

struct _KonEditFormClass
{
  GtkWidgetClass parent_class;

  /* The table of the rows the form edits */
  const KonTable *table;

  /* What is wrong with what is written, or NULL (no store needed) */
  char       *(*check)    (KonEditForm  *self);
  /* Writes the row to the form's store */
  gboolean    (*save)     (KonEditForm  *self,
                           GError      **error);
  /* Reads the row again from the store, dropping what was typed */
  gboolean    (*reload)   (KonEditForm  *self,
                           GError      **error);
  /* The row (boxed, of the form's type) as saved, and its name */
  gconstpointer (*get_row) (KonEditForm *self);
  const char *(*get_name) (KonEditForm  *self);
};

KonStore      *kon_edit_form_get_store  (KonEditForm  *self);
const KonTable *kon_edit_form_get_table (KonEditForm  *self);
char          *kon_edit_form_check      (KonEditForm  *self);
gboolean       kon_edit_form_save       (KonEditForm  *self,
                                         GError      **error);
gboolean       kon_edit_form_reload     (KonEditForm  *self,
                                         GError      **error);
gconstpointer  kon_edit_form_get_row    (KonEditForm  *self);
const char    *kon_edit_form_get_uuid   (KonEditForm  *self);
const char    *kon_edit_form_get_name   (KonEditForm  *self);
void           kon_edit_form_changed    (KonEditForm  *self);
char          *kon_edit_form_problem_at (KonEditForm  *self,
                                         GtkWidget    *field,
                                         char         *problem);
GtkWidget     *kon_edit_form_get_problem_field (KonEditForm *self);

/* Helpers for the forms */
char          *kon_edit_form_get_text   (AdwEntryRow  *row);
void           kon_edit_form_set_text   (AdwEntryRow  *row,
                                         const char   *text);
gboolean       kon_edit_form_read_date  (AdwEntryRow  *row,
                                         GDate        *date,
                                         char        **message);
void           kon_edit_form_set_date   (AdwEntryRow  *row,
                                         const GDate  *date);
void           kon_edit_form_set_choices (AdwComboRow *row,
                                         const char * const *choices,
                                         guint         selected);
char          *kon_edit_form_describe_term (const GDate *from,
                                            const GDate *to);
void           kon_edit_form_name_rows  (GtkWidget    *widget);
void           kon_edit_form_watch      (KonEditForm  *self,
                                         GtkWidget    *first,
                                         ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
