/* kon-body-details.h: the details of one body of the chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kon-chart-layout.h"
#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_BODY_DETAILS (kon_body_details_get_type ())

G_DECLARE_FINAL_TYPE (KonBodyDetails, kon_body_details, KON, BODY_DETAILS, GtkWidget)

GtkWidget  *kon_body_details_new           (void);
KonStore   *kon_body_details_get_store     (KonBodyDetails *self);
void        kon_body_details_set_store     (KonBodyDetails *self,
                                            KonStore       *store);
const char *kon_body_details_get_body_uuid (KonBodyDetails *self);
void        kon_body_details_set_body_uuid (KonBodyDetails *self,
                                            const char     *body_uuid);
void        kon_body_details_set_layout    (KonBodyDetails *self,
                                            KonChartLayout *layout);
gboolean    kon_body_details_refresh       (KonBodyDetails *self);

G_END_DECLS
