/* kon-seat-form.h: a seat of a body, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-edit-form.h"
#include "kon-org.h"

G_BEGIN_DECLS

#define KON_TYPE_SEAT_FORM (kon_seat_form_get_type ())

G_DECLARE_FINAL_TYPE (KonSeatForm, kon_seat_form, KON, SEAT_FORM, KonEditForm)

GtkWidget *kon_seat_form_new (KonStore      *store,
                              const KonSeat *row);

G_END_DECLS
