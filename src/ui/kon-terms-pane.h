/* kon-terms-pane.h: the SSU pane — seats, terms and chair rotation on a date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_TERMS_PANE (kon_terms_pane_get_type ())

G_DECLARE_FINAL_TYPE (KonTermsPane, kon_terms_pane, KON, TERMS_PANE, GtkWidget)

KonStore   *kon_terms_pane_get_store    (KonTermsPane *self);
void        kon_terms_pane_set_store    (KonTermsPane *self,
                                         KonStore     *store);
/* The date shown (today at first) */
void        kon_terms_pane_get_date     (KonTermsPane *self,
                                         GDate        *out_date);
void        kon_terms_pane_set_date     (KonTermsPane *self,
                                         const GDate  *date);

G_END_DECLS
