/* kon-cases-pane.h: the Cases pane — the case registry as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_CASES_PANE (kon_cases_pane_get_type ())

G_DECLARE_FINAL_TYPE (KonCasesPane, kon_cases_pane, KON, CASES_PANE, GtkWidget)

KonStore   *kon_cases_pane_get_store    (KonCasesPane *self);
void        kon_cases_pane_set_store    (KonCasesPane *self,
                                         KonStore     *store);
gboolean    kon_cases_pane_get_document_date_visible (KonCasesPane *self);
void        kon_cases_pane_set_document_date_visible (KonCasesPane *self,
                                                      gboolean      visible);

G_END_DECLS
