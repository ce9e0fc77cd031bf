/* fuzz-json-check.c: libFuzzer target for the strict check before JsonParser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kon_json_check () must never crash or read past the input, must say
 * where it refused (a line and column from 1, an offset inside the input,
 * a path), and whatever it lets through JsonParser must read: the check
 * exists so that the import never hands JsonParser what it cannot take.
 * Built only with -Dfuzzing=true and clang (tests/fuzz/meson.build).
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "kon-json-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_LENGTH (1024 * 1024)
#define MAX_DEPTH  64

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(KonJsonCheckPosition) position = { 0 };
  g_autoptr(GError) error = NULL;

  if (kon_json_check ((const char *) data, size, MAX_LENGTH, MAX_DEPTH, &position, &error))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) parse_error = NULL;

      g_assert_no_error (error);
      if (!json_parser_load_from_data (parser, (const char *) data, size, &parse_error))
        g_error ("the check passed what JsonParser refuses: %s", parse_error->message);
      return 0;
    }

  g_assert_nonnull (error);
  g_assert_true (error->domain == KON_JSON_CHECK_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (error->code == KON_JSON_CHECK_ERROR_TOO_BIG)
    g_assert_true (position.line == 0 && position.path == NULL);
  else
    {
      g_assert_true (position.line >= 1 && position.column >= 1);
      g_assert_true (position.offset <= size);
      g_assert_nonnull (position.path);
      g_assert_true (position.path[0] == '$');
    }

  return 0;
}
