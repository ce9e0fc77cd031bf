/* kon-body-form.h: the fields of a body, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-edit-form.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TYPE_BODY_FORM (kon_body_form_get_type ())

G_DECLARE_FINAL_TYPE (KonBodyForm, kon_body_form, KON, BODY_FORM, KonEditForm)

GtkWidget *kon_body_form_new (KonStore *store,
                             const KonBody *row);

G_END_DECLS
