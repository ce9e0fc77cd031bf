/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kon-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KonApplication) app = NULL;
  const char *localedir;

  /* Tests run the app from the build tree, before the catalogues are installed */
  localedir = g_getenv ("KONSENSUS_LOCALEDIR");
  if (localedir == NULL)
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Only tests set this: tests/ui/test-log-check.py proves the UI tests fail on a warning */
  if (g_getenv ("KONSENSUS_TEST_EMIT_WARNING") != NULL)
    g_warning ("KONSENSUS_TEST_EMIT_WARNING is set: a warning the UI tests must catch");

  app = kon_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
