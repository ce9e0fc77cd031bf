/* kon-person-form.h: the fields of a person, and their roles, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-edit-form.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TYPE_PERSON_FORM (kon_person_form_get_type ())

G_DECLARE_FINAL_TYPE (KonPersonForm, kon_person_form, KON, PERSON_FORM, KonEditForm)

GtkWidget *kon_person_form_new (KonStore *store,
                               const KonPerson *row);

G_END_DECLS
