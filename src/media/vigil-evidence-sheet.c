/* vigil-evidence-sheet.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bundle"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "vigil-evidence-sheet-private.h"

/* A sheet a solicitor prints and a court reads: every page names the case
 * and the exhibit and says which of how many it is. Each camera has a page
 * of its own, so the number of pages is known before the first is drawn.
 * Its words are English, as every record's are. */

/* A4 in points, with margins of 18 mm. */
#define PAGE_WIDTH   595.276
#define PAGE_HEIGHT  841.890
#define MARGIN       51.0
#define TEXT_WIDTH   (PAGE_WIDTH - 2 * MARGIN)
#define STILL_GAP    12.0
#define STILL_WIDTH  ((TEXT_WIDTH - STILL_GAP) / 2)
/* More gaps than this on one camera's page are counted, and listed in the
 * manifest. */
#define MAX_GAPS_SHOWN 12

typedef struct
{
  VigilBundle *bundle;
  cairo_t     *cr;
  int          page;
  int          n_pages;
  double       y;
} Sheet;

static void
text (Sheet      *sheet,
      const char *font,
      double      grey,
      const char *line)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (sheet->cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  PangoRectangle logical;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, pango_units_from_double (TEXT_WIDTH));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, line, -1);
  cairo_set_source_rgb (sheet->cr, grey, grey, grey);
  cairo_move_to (sheet->cr, MARGIN, sheet->y);
  pango_cairo_show_layout (sheet->cr, layout);
  pango_layout_get_extents (layout, NULL, &logical);
  sheet->y += pango_units_to_double (logical.height) + 3.0;
}

G_GNUC_PRINTF (4, 5)
static void
textf (Sheet      *sheet,
       const char *font,
       double      grey,
       const char *format,
       ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  text (sheet, font, grey, line);
}

static char *
local_time (Sheet  *sheet,
            gint64  instant)
{
  return vigil_time_format_local (instant, sheet->bundle->zone, "%Y-%m-%d %H:%M:%S %Z");
}

static void
begin_page (Sheet *sheet)
{
  VigilBundle *bundle = sheet->bundle;

  sheet->page++;
  sheet->y = MARGIN;
  textf (sheet, "Sans Bold 14", 0.0, "Evidence sheet: case %s, exhibit %s", bundle->case_ref, bundle->exhibit);
  textf (sheet, "Sans 9", 0.3, "%s · court bundle export %" G_GINT64_FORMAT " · Vigil %s", bundle->site_name,
         bundle->export_id, PACKAGE_VERSION);
  cairo_set_line_width (sheet->cr, 0.5);
  cairo_move_to (sheet->cr, MARGIN, sheet->y + 4.0);
  cairo_line_to (sheet->cr, PAGE_WIDTH - MARGIN, sheet->y + 4.0);
  cairo_stroke (sheet->cr);
  sheet->y += 14.0;
}

static void
end_page (Sheet *sheet)
{
  g_autofree char *footer = g_strdup_printf ("Page %d of %d", sheet->page, sheet->n_pages);

  sheet->y = PAGE_HEIGHT - MARGIN - 10.0;
  text (sheet, "Sans 8", 0.3, footer);
  cairo_show_page (sheet->cr);
}

static void
summary_page (Sheet *sheet)
{
  VigilBundle *bundle = sheet->bundle;
  g_autofree char *from = local_time (sheet, bundle->from);
  g_autofree char *to = local_time (sheet, bundle->to);
  g_autofree char *from_utc = vigil_bundle_format_time (bundle, bundle->from, FALSE);
  g_autofree char *to_utc = vigil_bundle_format_time (bundle, bundle->to, FALSE);
  g_autofree char *requested = local_time (sheet, bundle->requested_at);
  g_autofree char *approved = local_time (sheet, bundle->approved_at);
  g_autofree char *exported = local_time (sheet, bundle->exported_at);

  begin_page (sheet);
  text (sheet, "Sans Bold 11", 0.0, "What this bundle is");
  textf (sheet, "Sans 10", 0.0, "Purpose: %s", bundle->purpose);
  textf (sheet, "Sans 10", 0.0, "Range requested: %s to %s", from, to);
  textf (sheet, "Sans 9", 0.3, "(UTC %s to %s)", from_utc, to_utc);
  for (guint i = 0; i < bundle->cameras->len; i++)
    {
      VigilBundleCamera *camera = g_ptr_array_index (bundle->cameras, i);

      textf (sheet, "Sans 10", 0.0, "Camera %s: %u segment(s), %u gap(s)", camera->name, camera->master_paths->len,
             camera->gaps->len);
    }
  sheet->y += 8.0;

  text (sheet, "Sans Bold 11", 0.0, "Who");
  textf (sheet, "Sans 10", 0.0, "Requested by %s (%s) on %s", bundle->requested_name, bundle->requested_by,
         requested);
  textf (sheet, "Sans 10", 0.0, "Approved by %s (%s) on %s, because: %s", bundle->approved_name,
         bundle->approved_by, approved, bundle->approval_reason);
  textf (sheet, "Sans 10", 0.0, "Footage held until the end of %s", bundle->hold_until);
  textf (sheet, "Sans 10", 0.0, "Exported by %s (%s) on %s", bundle->exported_name, bundle->exported_by, exported);
  sheet->y += 8.0;

  text (sheet, "Sans Bold 11", 0.0, "Records in the bundle");
  textf (sheet, "Sans 10", 0.0, "Observation notes in the range: %u (notes.csv)", bundle->n_notes);
  textf (sheet, "Sans 10", 0.0, "Audit entries in the range: %u (audit.csv)", bundle->n_audit);
  textf (sheet, "Sans 10", 0.0, "The audit trail held %" G_GINT64_FORMAT " entries when this bundle was written; "
         "the newest entry's MAC:", bundle->audit_entries);
  text (sheet, "Monospace 8", 0.0, bundle->audit_mac ? bundle->audit_mac : "(none)");
  sheet->y += 8.0;

  text (sheet, "Sans Bold 11", 0.0, "Checking it");
  text (sheet, "Sans 10", 0.0,
        "Every file's SHA-256 is in manifest.json, manifest.txt and SHA256SUMS. In the bundle's folder, "
        "\"sha256sum -c SHA256SUMS\" checks every file, and \"vigilctl bundle verify\" checks the files, the "
        "manifest and that the working copies play. The master segments are bit for bit as recorded; the "
        "working copies are the same pictures, remuxed into MP4, not re-encoded.");
  end_page (sheet);
}

static void
draw_still (Sheet           *sheet,
            cairo_surface_t *still,
            double           x,
            const char      *caption)
{
  double height = STILL_WIDTH * 9.0 / 16.0;
  double y = sheet->y;

  if (still != NULL && cairo_surface_status (still) == CAIRO_STATUS_SUCCESS)
    {
      int width = cairo_image_surface_get_width (still);
      int pixels_high = cairo_image_surface_get_height (still);
      double scale = STILL_WIDTH / MAX (width, 1);

      height = pixels_high * scale;
      cairo_save (sheet->cr);
      cairo_translate (sheet->cr, x, y);
      cairo_scale (sheet->cr, scale, scale);
      cairo_set_source_surface (sheet->cr, still, 0, 0);
      cairo_paint (sheet->cr);
      cairo_restore (sheet->cr);
    }
  else
    {
      cairo_set_source_rgb (sheet->cr, 0.5, 0.5, 0.5);
      cairo_rectangle (sheet->cr, x, y, STILL_WIDTH, height);
      cairo_stroke (sheet->cr);
    }

  {
    g_autoptr(PangoLayout) layout = pango_cairo_create_layout (sheet->cr);
    g_autoptr(PangoFontDescription) description = pango_font_description_from_string ("Sans 8");

    pango_layout_set_font_description (layout, description);
    pango_layout_set_width (layout, pango_units_from_double (STILL_WIDTH));
    pango_layout_set_text (layout, still != NULL ? caption : "(no picture could be decoded)", -1);
    cairo_set_source_rgb (sheet->cr, 0.0, 0.0, 0.0);
    cairo_move_to (sheet->cr, x, y + height + 3.0);
    pango_cairo_show_layout (sheet->cr, layout);
  }
}

static void
camera_page (Sheet             *sheet,
             VigilBundleCamera *camera)
{
  VigilBundle *bundle = sheet->bundle;

  begin_page (sheet);
  textf (sheet, "Sans Bold 12", 0.0, "Camera %s", camera->name);

  if (camera->working_copy == NULL)
    text (sheet, "Sans 10", 0.0, "Nothing was recorded by this camera in the range.");
  else
    {
      g_autofree char *first = local_time (sheet, camera->first_frame);
      g_autofree char *last = local_time (sheet, camera->last_frame);
      g_autofree char *first_caption = g_strdup_printf ("First frame, %s", first);
      g_autofree char *last_caption = g_strdup_printf ("Last frame, %s", last);

      textf (sheet, "Sans 10", 0.0, "Footage from %s to %s", first, last);
      if (camera->first_frame < bundle->from)
        text (sheet, "Sans 9", 0.3,
              "It starts at the keyframe before the requested start, so that its first picture is whole.");
      textf (sheet, "Sans 10", 0.0, "%u master segment(s); working copy %s; sound %s", camera->master_paths->len,
             camera->working_copy, camera->audio);
      sheet->y += 6.0;
      draw_still (sheet, camera->first_still, MARGIN, first_caption);
      draw_still (sheet, camera->last_still, MARGIN + STILL_WIDTH + STILL_GAP, last_caption);
      sheet->y += STILL_WIDTH * 9.0 / 16.0 + 24.0;
    }

  sheet->y += 6.0;
  text (sheet, "Sans Bold 11", 0.0, "Gaps: time the centre's rules required recording and none was made");
  if (camera->gaps->len == 0)
    text (sheet, "Sans 10", 0.0, "None.");
  for (guint i = 0; i < camera->gaps->len && i < MAX_GAPS_SHOWN; i++)
    {
      VigilGap *gap = g_ptr_array_index (camera->gaps, i);
      gint64 end = vigil_gap_get_end (gap) > 0 ? vigil_gap_get_end (gap) : bundle->to;
      g_autofree char *start = local_time (sheet, vigil_gap_get_start (gap));
      g_autofree char *stop = local_time (sheet, end);

      const char *detail = vigil_gap_get_detail (gap);

      textf (sheet, "Sans 10", 0.0, "%s to %s: %s%s%s%s", start, stop,
             vigil_gap_cause_to_string (vigil_gap_get_cause (gap)), detail ? " (" : "", detail ? detail : "",
             detail ? ")" : "");
    }
  if (camera->gaps->len > MAX_GAPS_SHOWN)
    textf (sheet, "Sans 10", 0.0, "and %u more, listed in the manifest", camera->gaps->len - MAX_GAPS_SHOWN);
  end_page (sheet);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL) ? CAIRO_STATUS_SUCCESS
                                                                             : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
vigil_evidence_sheet_write (VigilBundle  *bundle,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_create (file, G_FILE_CREATE_NONE, NULL, error);
  Sheet sheet = { bundle, NULL, 0, 1 + bundle->cameras->len, 0 };
  cairo_surface_t *surface;
  cairo_status_t status;

  if (out == NULL)
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (write_to_stream, out, PAGE_WIDTH, PAGE_HEIGHT);
  {
    g_autofree char *title = g_strdup_printf ("Evidence sheet: case %s, exhibit %s", bundle->case_ref,
                                              bundle->exhibit);

    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Vigil " PACKAGE_VERSION);
  }
  sheet.cr = cairo_create (surface);

  summary_page (&sheet);
  for (guint i = 0; i < bundle->cameras->len; i++)
    camera_page (&sheet, g_ptr_array_index (bundle->cameras, i));

  cairo_destroy (sheet.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the evidence sheet %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
