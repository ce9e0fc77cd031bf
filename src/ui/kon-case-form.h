/* kon-case-form.h: the fields of a case, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-case.h"
#include "kon-edit-form.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TYPE_CASE_FORM (kon_case_form_get_type ())

G_DECLARE_FINAL_TYPE (KonCaseForm, kon_case_form, KON, CASE_FORM, KonEditForm)

/* @row: the case to edit, copied; NULL for a new one in @body_uuid (NULL:
 * the first body) */
GtkWidget *kon_case_form_new (KonStore      *store,
                              const KonCase *row,
                              const char    *body_uuid);

/* The form in a dialog of its own over @parent (nullable): "Edit Case"
 * for @row, "New Case" for NULL */
void       kon_case_form_present (KonStore      *store,
                                  const KonCase *row,
                                  const char    *body_uuid,
                                  GtkWindow     *parent);

G_END_DECLS
