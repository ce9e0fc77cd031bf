/* kon-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KON_TYPE_APPLICATION (kon_application_get_type ())

G_DECLARE_FINAL_TYPE (KonApplication, kon_application, KON, APPLICATION, AdwApplication)

KonApplication *kon_application_new            (void);
void            kon_application_open_database  (KonApplication *self,
                                                const char     *path);

G_END_DECLS
