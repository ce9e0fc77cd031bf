/* kon-role-form.h: a role of a person in a body, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-edit-form.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TYPE_ROLE_FORM (kon_role_form_get_type ())

G_DECLARE_FINAL_TYPE (KonRoleForm, kon_role_form, KON, ROLE_FORM, KonEditForm)

GtkWidget *kon_role_form_new (KonStore *store,
                             const KonRole *row);

G_END_DECLS
