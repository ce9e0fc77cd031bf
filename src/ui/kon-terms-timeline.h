/* kon-terms-timeline.h: the seats × years timeline as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kon-terms-timeline-render.h"

G_BEGIN_DECLS

#define KON_TYPE_TERMS_TIMELINE (kon_terms_timeline_get_type ())

G_DECLARE_FINAL_TYPE (KonTermsTimeline, kon_terms_timeline, KON, TERMS_TIMELINE, GtkWidget)

GtkWidget         *kon_terms_timeline_new            (void);
/* Takes @timeline (NULL: nothing to show); keeps the focused bar where
 * the same role is still drawn */
void               kon_terms_timeline_set_timeline   (KonTermsTimeline *self,
                                                      KonTimeline      *timeline);
const KonTimeline *kon_terms_timeline_get_timeline   (KonTermsTimeline *self);
/* The role of the focused bar, or NULL */
const char        *kon_terms_timeline_get_focus_role (KonTermsTimeline *self);

G_END_DECLS
