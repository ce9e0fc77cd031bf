/* kon-render-file.h: a document drawn with cairo, written to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every export of a document shares (the organisation chart, the
 * terms timeline, and the minutes and notices to come): a PDF or SVG
 * surface over a GFile that replaces the old file only when all went
 * well, with the document's title in the PDF's metadata.
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef enum
{
  KON_RENDER_FORMAT_PDF,
  KON_RENDER_FORMAT_SVG,   /* one page only */
} KonRenderFormat;

/* Draws every page: ends each with cairo_show_page() */
typedef void (*KonRenderPagesFunc) (cairo_t  *cr,
                                    gpointer  user_data);

/* On failure the old file is left as it was, and @error says why (the
 * caller names the document and the file) */
gboolean kon_render_write_file (GFile               *file,
                                KonRenderFormat      format,
                                double               page_width,
                                double               page_height,
                                const char          *title,
                                KonRenderPagesFunc   draw_pages,
                                gpointer             user_data,
                                GCancellable        *cancellable,
                                GError             **error);

/* Text measured and drawn in points (72 per inch), without hinting, so
 * a document lays out the same on screen and on paper */
PangoContext *kon_render_create_pango_context (void);

G_END_DECLS
