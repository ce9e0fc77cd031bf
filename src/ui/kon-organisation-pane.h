/* kon-organisation-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_ORGANISATION_PANE (kon_organisation_pane_get_type ())

G_DECLARE_FINAL_TYPE (KonOrganisationPane, kon_organisation_pane, KON, ORGANISATION_PANE, GtkWidget)

GtkWidget *kon_organisation_pane_new        (void);
KonStore  *kon_organisation_pane_get_store  (KonOrganisationPane *self);
void       kon_organisation_pane_set_store  (KonOrganisationPane *self,
                                             KonStore            *store);

G_END_DECLS
