/* kon-render-file.c: a document drawn with cairo, written to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "kon-render-file.h"

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} StreamWriter;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  StreamWriter *writer = closure;

  if (writer->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (writer->stream, data, length, NULL,
                                  writer->cancellable, &writer->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
kon_render_write_file (GFile               *file,
                       KonRenderFormat      format,
                       double               page_width,
                       double               page_height,
                       const char          *title,
                       KonRenderPagesFunc   draw_pages,
                       gpointer             user_data,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  StreamWriter writer = { NULL, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (draw_pages != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Written to a temporary file that replaces the old one only when all
   * went well */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;
  writer.stream = G_OUTPUT_STREAM (stream);

  if (format == KON_RENDER_FORMAT_SVG)
    surface = cairo_svg_surface_create_for_stream (write_to_stream, &writer, page_width, page_height);
  else
    {
      surface = cairo_pdf_surface_create_for_stream (write_to_stream, &writer, page_width, page_height);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Konsensus");
    }

  cr = cairo_create (surface);
  draw_pages (cr, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && writer.error == NULL
      && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &writer.error))
    return TRUE;

  /* Leave the old file as it was */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);

  if (writer.error != NULL)
    g_propagate_error (error, writer.error);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, cairo_status_to_string (status));
  return FALSE;
}

PangoContext *
kon_render_create_pango_context (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);

  return context;
}
