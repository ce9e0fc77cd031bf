/* kon-partner-form.h: the fields of a partner, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-edit-form.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TYPE_PARTNER_FORM (kon_partner_form_get_type ())

G_DECLARE_FINAL_TYPE (KonPartnerForm, kon_partner_form, KON, PARTNER_FORM, KonEditForm)

GtkWidget *kon_partner_form_new (KonStore *store,
                                const KonPartner *row);

G_END_DECLS
