/* vigil-notes-pdf.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-notes-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "vigil-error.h"
#include "vigil-family.h"
#include "vigil-note.h"
#include "vigil-site-centre.h"
#include "vigil-site-notes.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-notes-pdf.h"

/* The notes of a family as the case record keeps them on paper: every page
 * says whose notes they are and which of how many pages it is, each note
 * is printed whole (a long one flows on to the next pages, line by line),
 * and its addenda follow it, indented. "Page N of M" needs M before the
 * first page is drawn, so the notes are laid out twice with the same
 * layouts: once to count the pages, once to draw them. The file appears
 * complete or not at all: it is written beside its final name and renamed
 * into place only once written and synced. */

/* A4 in points, with margins of 18 mm. */
#define PAGE_WIDTH   595.276
#define PAGE_HEIGHT  841.890
#define MARGIN       51.0
#define TEXT_WIDTH   (PAGE_WIDTH - 2 * MARGIN)
/* Addenda sit this far in, beneath their note. */
#define INDENT       24.0
#define NOTE_GAP     16.0
#define LINE_GAP     3.0
#define RULE_GAP     8.0

#define FONT_SITE    "Sans Bold 14"
#define FONT_TITLE   "Sans Bold 11"
#define FONT_HEADING "Sans Bold 10"
#define FONT_BODY    "Sans 10"
#define FONT_META    "Sans 9"
#define FONT_MARK    "Sans Italic 9"
#define FONT_FOOTER  "Sans 8"

/* Grey for what describes a note, black for what was written. */
#define INK_TEXT     0.0
#define INK_META     0.3

#define TIME_FORMAT  "%Y-%m-%d %H:%M:%S %Z"

typedef struct
{
  /* what is printed */
  GPtrArray    *notes;
  GTimeZone    *zone;
  gint64        since;
  gint64        until;
  char         *case_ref;
  char         *exported;      /* the footer's "Exported …" */

  /* how */
  PangoContext *pango;
  cairo_t      *cr;            /* NULL on the pass that only counts pages */
  GPtrArray    *header;        /* PangoLayouts at the top of every page */
  double        top;           /* where notes start and stop on a page */
  double        bottom;
  double        line_height;   /* of one line of a body */

  /* where it has got to */
  int           page;          /* from 1 */
  int           n_pages;       /* as the counting pass found; 0 on it */
  double        y;             /* where the next line goes */
  const char   *continued;     /* what a page opens with inside a note */
} Writer;

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->notes, g_ptr_array_unref);
  g_clear_pointer (&writer->zone, g_time_zone_unref);
  g_clear_pointer (&writer->case_ref, g_free);
  g_clear_pointer (&writer->exported, g_free);
  g_clear_pointer (&writer->header, g_ptr_array_unref);
  g_clear_object (&writer->pango);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

/* A name, a reference or a label as it reads: anything hidden written out
 * (only a record made around Vigil can hold it). */
static char *
printable (const char *text)
{
  return vigil_text_escape (text != NULL ? text : "", -1);
}

/* A body as it was written, line breaks and tabs kept: anything else hidden
 * (only a note written around Vigil can hold it) is written out, so that no
 * text-direction character reorders what the page says. */
static char *
printable_body (const char *body)
{
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint j = 0; cells[j] != NULL; j++)
        {
          g_autofree char *cell = vigil_text_escape (cells[j], -1);

          if (j > 0)
            g_string_append_c (out, '\t');
          g_string_append (out, cell);
        }
    }

  return g_string_free (out, FALSE);
}

static char *
local_time (Writer *writer,
            gint64  instant)
{
  return vigil_time_format_local (instant, writer->zone, TIME_FORMAT);
}

static PangoLayout *
make_layout (Writer     *writer,
             const char *text,
             const char *font,
             double      width)
{
  PangoLayout *layout = pango_layout_new (writer->pango);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* A word too long for a line is broken without a hyphen: the page shows
   * the note as written, and nothing it did not say. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.height);
}

/* Draws @layout whole at @x, @y: headers and footers, which never break. */
static void
draw_layout (Writer      *writer,
             PangoLayout *layout,
             double       x,
             double       y,
             double       ink)
{
  if (writer->cr == NULL)
    return;

  cairo_set_source_rgb (writer->cr, ink, ink, ink);
  cairo_move_to (writer->cr, x, y);
  pango_cairo_show_layout (writer->cr, layout);
}

static void flow (Writer      *writer,
                  PangoLayout *layout,
                  double       x,
                  double       ink);

static void
begin_page (Writer *writer)
{
  double y = MARGIN;

  writer->page++;
  for (guint i = 0; i < writer->header->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (writer->header, i);

      draw_layout (writer, layout, MARGIN, y, INK_TEXT);
      y += layout_height (layout) + LINE_GAP;
    }

  if (writer->cr != NULL)
    {
      cairo_set_source_rgb (writer->cr, INK_META, INK_META, INK_META);
      cairo_set_line_width (writer->cr, 0.5);
      cairo_move_to (writer->cr, MARGIN, y + RULE_GAP / 2);
      cairo_line_to (writer->cr, PAGE_WIDTH - MARGIN, y + RULE_GAP / 2);
      cairo_stroke (writer->cr);
    }

  writer->y = writer->top;

  /* A page that opens inside a note says whose words these are. */
  if (writer->continued != NULL)
    {
      g_autoptr(PangoLayout) layout = make_layout (writer, writer->continued, FONT_MARK, TEXT_WIDTH);

      flow (writer, layout, MARGIN, INK_META);
      writer->y += LINE_GAP;
    }
}

static void
end_page (Writer *writer)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  double y;

  if (writer->cr == NULL)
    return;

  number = g_strdup_printf (_("Page %d of %d"), writer->page, writer->n_pages);
  left = make_layout (writer, writer->exported, FONT_FOOTER, TEXT_WIDTH / 2);
  right = make_layout (writer, number, FONT_FOOTER, TEXT_WIDTH / 2);
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);

  y = PAGE_HEIGHT - MARGIN - layout_height (right);
  draw_layout (writer, left, MARGIN, y, INK_META);
  draw_layout (writer, right, MARGIN + TEXT_WIDTH / 2, y, INK_TEXT);
  cairo_show_page (writer->cr);
}

static void
next_page (Writer *writer)
{
  end_page (writer);
  begin_page (writer);
}

/* Places @layout line by line from the current height, going on to a new
 * page whenever the next line would not fit: nothing is cut off, however
 * long. A line too tall for an empty page is still printed, on a page of
 * its own. */
static void
flow (Writer      *writer,
      PangoLayout *layout,
      double       x,
      double       ink)
{
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);
  /* Where on this page the layout would start, and how much of it (in
   * Pango units) went on earlier pages. */
  double start = writer->y;
  int offset = 0;

  do
    {
      PangoRectangle logical;
      double line_end;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_end = start + pango_units_to_double (logical.y + logical.height - offset);
      if (line_end > writer->bottom && start + pango_units_to_double (logical.y - offset) > writer->top)
        {
          next_page (writer);
          start = writer->y;
          offset = logical.y;
          line_end = start + pango_units_to_double (logical.height);
        }

      if (writer->cr != NULL)
        {
          int baseline = pango_layout_iter_get_baseline (iter);

          cairo_set_source_rgb (writer->cr, ink, ink, ink);
          cairo_move_to (writer->cr, x + pango_units_to_double (logical.x),
                         start + pango_units_to_double (baseline - offset));
          pango_cairo_show_layout_line (writer->cr, pango_layout_iter_get_line_readonly (iter));
        }
      writer->y = line_end;
    }
  while (pango_layout_iter_next_line (iter));
}

static void
skip (Writer *writer,
      double  space)
{
  /* Space at the top of a page is wasted, not kept. */
  if (writer->y > writer->top)
    writer->y += space;
}

/* What a note or an addendum says of itself, above its body: what it is,
 * who wrote it and when, the period observed, and whether it was written
 * outside the range (shown only to keep it with its note). */
static GPtrArray *
describe (Writer    *writer,
          VigilNote *note,
          double     width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *author = printable (vigil_note_get_author (note));
  g_autofree char *written = local_time (writer, vigil_note_get_written_at (note));
  g_autofree char *meta = NULL;
  const char *title;
  const char *mark;
  gint64 from, to;

  if (vigil_note_is_addendum (note))
    {
      title = _("Addendum");
      meta = g_strdup_printf (_("Addendum %lld to note %lld, written by %s at %s"),
                              (long long) vigil_note_get_id (note), (long long) vigil_note_get_addendum_to (note),
                              author, written);
    }
  else
    {
      switch (vigil_note_get_kind (note))
        {
        case VIGIL_NOTE_KIND_OBSERVATION:
          title = _("Observation note");
          break;
        case VIGIL_NOTE_KIND_REVIEW:
          title = _("Review note");
          break;
        case VIGIL_NOTE_KIND_DUTY:
          title = _("Duty summary");
          break;
        default:
          g_assert_not_reached ();
        }
      meta = g_strdup_printf (_("Note %lld, written by %s at %s"),
                              (long long) vigil_note_get_id (note), author, written);
    }

  g_ptr_array_add (lines, make_layout (writer, title, FONT_HEADING, width));
  g_ptr_array_add (lines, make_layout (writer, meta, FONT_META, width));

  if (vigil_note_get_period (note, &from, &to))
    {
      g_autofree char *start = local_time (writer, from);
      g_autofree char *end = local_time (writer, to);
      g_autofree char *period = g_strdup_printf (_("Period observed: %s to %s"), start, end);

      g_ptr_array_add (lines, make_layout (writer, period, FONT_META, width));
    }

  if (!vigil_note_written_in_range (note, writer->since, writer->until))
    {
      if (vigil_note_get_written_at (note) >= writer->since)
        mark = _("Written after this range; printed to keep it with its note.");
      else if (vigil_note_is_addendum (note))
        mark = _("Written before this range; printed to keep it with its note.");
      else
        mark = _("Written before this range; printed because an addendum to it was written in the range.");
      g_ptr_array_add (lines, make_layout (writer, mark, FONT_MARK, width));
    }

  return lines;
}

static void
print_note (Writer    *writer,
            VigilNote *note)
{
  gboolean addendum = vigil_note_is_addendum (note);
  double x = addendum ? MARGIN + INDENT : MARGIN;
  double width = addendum ? TEXT_WIDTH - INDENT : TEXT_WIDTH;
  g_autoptr(GPtrArray) lines = describe (writer, note, width);
  g_autofree char *text = printable_body (vigil_note_get_body (note));
  g_autoptr(PangoLayout) body = make_layout (writer, text, FONT_BODY, width);
  g_autofree char *continued = NULL;
  double needed = MIN (layout_height (body), 2 * writer->line_height) + LINE_GAP;

  /* A note's description is never left at the foot of a page without at
   * least the start of what it describes. */
  for (guint i = 0; i < lines->len; i++)
    needed += layout_height (g_ptr_array_index (lines, i));
  if (writer->y + needed > writer->bottom && writer->y > writer->top)
    next_page (writer);

  if (addendum)
    continued = g_strdup_printf (_("Addendum %lld to note %lld, continued"),
                                 (long long) vigil_note_get_id (note),
                                 (long long) vigil_note_get_addendum_to (note));
  else
    continued = g_strdup_printf (_("Note %lld, continued"), (long long) vigil_note_get_id (note));
  writer->continued = continued;

  for (guint i = 0; i < lines->len; i++)
    flow (writer, g_ptr_array_index (lines, i), x, i == 0 ? INK_TEXT : INK_META);
  skip (writer, LINE_GAP);
  flow (writer, body, x, INK_TEXT);

  writer->continued = NULL;
}

/* One pass over the notes; returns the number of pages. */
static int
print_notes (Writer *writer)
{
  writer->page = 0;
  writer->continued = NULL;
  begin_page (writer);

  if (writer->notes->len == 0)
    {
      const char *none = writer->since != 0 || writer->until != 0
                         ? _("No notes were written in this range.")
                         : _("There are no notes for this family.");
      g_autoptr(PangoLayout) layout = make_layout (writer, none, FONT_BODY, TEXT_WIDTH);

      flow (writer, layout, MARGIN, INK_TEXT);
    }

  for (guint i = 0; i < writer->notes->len; i++)
    {
      VigilNote *note = g_ptr_array_index (writer->notes, i);

      skip (writer, vigil_note_is_addendum (note) ? NOTE_GAP / 2 : NOTE_GAP);
      print_note (writer, note);
    }

  end_page (writer);
  return writer->page;
}

/* A bound to the minute, as ranges are mostly given, unless it has seconds:
 * the header stays one line and says no less than was asked. */
static char *
range_bound (Writer *writer,
             gint64  instant)
{
  if (instant == 0)
    return NULL;
  if (instant % (60 * G_USEC_PER_SEC) == 0)
    return vigil_time_format_local (instant, writer->zone, "%Y-%m-%d %H:%M %Z");
  return local_time (writer, instant);
}

static char *
describe_range (Writer *writer)
{
  g_autofree char *since = range_bound (writer, writer->since);
  g_autofree char *until = range_bound (writer, writer->until);

  if (since != NULL && until != NULL)
    return g_strdup_printf (_("Notes written from %s until %s"), since, until);
  if (since != NULL)
    return g_strdup_printf (_("Notes written from %s on"), since);
  if (until != NULL)
    return g_strdup_printf (_("Notes written until %s"), until);
  return g_strdup (_("All notes"));
}

/* The lines at the top of every page, and so where the notes start. */
static void
make_header (Writer     *writer,
             const char *site_name,
             const char *family_label)
{
  g_autofree char *site = printable (site_name);
  g_autofree char *label = printable (family_label);
  g_autofree char *whose = g_strdup_printf (_("Case reference %s, family %s"), writer->case_ref, label);
  g_autofree char *range = describe_range (writer);
  g_autoptr(PangoLayout) sample = make_layout (writer, "Xg", FONT_BODY, TEXT_WIDTH);
  g_autoptr(PangoLayout) footer = make_layout (writer, "Xg", FONT_FOOTER, TEXT_WIDTH);
  double height = 0;

  writer->header = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (writer->header, make_layout (writer, site, FONT_SITE, TEXT_WIDTH));
  g_ptr_array_add (writer->header, make_layout (writer, _("Observation notes"), FONT_TITLE, TEXT_WIDTH));
  g_ptr_array_add (writer->header, make_layout (writer, whose, FONT_BODY, TEXT_WIDTH));
  g_ptr_array_add (writer->header, make_layout (writer, range, FONT_BODY, TEXT_WIDTH));

  for (guint i = 0; i < writer->header->len; i++)
    height += layout_height (g_ptr_array_index (writer->header, i)) + LINE_GAP;

  writer->top = MARGIN + height + 2 * RULE_GAP;
  writer->bottom = PAGE_HEIGHT - MARGIN - layout_height (footer) - 2 * RULE_GAP;
  writer->line_height = layout_height (sample);
}

typedef struct
{
  int fd;
  int saved_errno;   /* of the write that failed, or 0 */
} Sink;

static cairo_status_t
write_to_sink (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
set_file_error (GError     **error,
                int          saved_errno,
                const char  *path)
{
  g_autofree char *shown = vigil_text_escape (path, -1);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("cannot write %s: %s"), shown, g_strerror (saved_errno));
}

/* Both passes, the second into @sink. */
static gboolean
write_pdf (Writer      *writer,
           const char  *site_name,
           const char  *family_label,
           Sink        *sink,
           const char  *path,
           GError     **error)
{
  g_autoptr(PangoFontMap) font_map = NULL;
  g_autofree char *title = g_strdup_printf (_("Observation notes, %s"), writer->case_ref);
  g_autofree char *author = printable (site_name);
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_status_t status;

  /* A font map of this call's own: Pango's objects are not to be shared
   * between threads, and this runs on the site's worker as well. */
  font_map = pango_cairo_font_map_new ();
  writer->pango = pango_font_map_create_context (font_map);
  /* Lines are measured as printed, not as on a screen's pixel grid. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (writer->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (writer->pango, FALSE);

  make_header (writer, site_name, family_label);
  writer->cr = NULL;
  writer->n_pages = print_notes (writer);

  surface = cairo_pdf_surface_create_for_stream (write_to_sink, sink, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Vigil " PACKAGE_VERSION);
  writer->cr = cairo_create (surface);
  print_notes (writer);
  g_warn_if_fail (writer->page == writer->n_pages);

  cairo_destroy (g_steal_pointer (&writer->cr));
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink->saved_errno != 0)
    {
      set_file_error (error, sink->saved_errno, path);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *shown = vigil_text_escape (path, -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot write %s: %s"),
                   shown, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* Makes the folder's new entry last through a power cut; the file itself
 * is synced before it is renamed. */
static void
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("could not sync the folder %s: %s", folder, g_strerror (errno));
  close (fd);
}

/* Writes beside @path under a name of its own, then renames into place: a
 * reader of @path finds the file that was there or the whole new one, and
 * a failure leaves nothing behind. The file is private to its owner (0600),
 * as the site's own file is: it holds the same notes. */
static gboolean
write_file (Writer      *writer,
            const char  *site_name,
            const char  *family_label,
            const char  *path,
            GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *partial = g_build_filename (folder, ".vigil-notes-XXXXXX.pdf", NULL);
  Sink sink = { -1, 0 };
  gboolean written;

  sink.fd = g_mkstemp_full (partial, O_RDWR | O_CLOEXEC, 0600);
  if (sink.fd < 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }

  written = write_pdf (writer, site_name, family_label, &sink, path, error);
  if (written && fsync (sink.fd) != 0)
    {
      set_file_error (error, errno, path);
      written = FALSE;
    }
  if (close (sink.fd) != 0 && written)
    {
      set_file_error (error, errno, path);
      written = FALSE;
    }
  if (written && g_rename (partial, path) != 0)
    {
      set_file_error (error, errno, path);
      written = FALSE;
    }

  if (!written)
    g_unlink (partial);
  else
    sync_folder (folder);
  return written;
}

static gboolean
check_range (VigilSite  *self,
             gint64      since_us,
             gint64      until_us,
             GError    **error)
{
  GTimeZone *zone = vigil_site_get_time_zone (self);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (since_us == 0 || until_us == 0 || until_us > since_us)
    return TRUE;

  start = vigil_time_format_local (since_us, zone, TIME_FORMAT);
  end = vigil_time_format_local (until_us, zone, TIME_FORMAT);
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
               _("the range must end after it starts: it starts %s and ends %s"), start, end);
  return FALSE;
}

/**
 * vigil_site_export_notes_pdf:
 * @case_ref: the family's case reference
 * @since_us: the range's start (UTC microseconds), included, or 0 for none
 * @until_us: its end, not included, or 0 for none
 * @path: the PDF file to write; one already there is replaced
 *
 * Writes the family's notes as a printable PDF for the case record: A4
 * pages, each headed with the site's name, the case reference and label and
 * the range, and numbered "Page N of M"; each note with its kind, number,
 * author, written time and period observed (in site time, with the zone's
 * abbreviation), its body as written, and its addenda beneath it.
 *
 * A note is printed when it, or an addendum to it, was written in the
 * range, and always whole: a note written before the range is printed for
 * an addendum written in it, and an addendum written after the range is
 * printed beneath its note, each marked as written outside the range (see
 * vigil_note_select_range()). With no note in the range, the one page says
 * so. Reading notes needs no login, as for vigil_site_list_notes().
 *
 * The file appears whole or not at all, private to its owner.
 *
 * Returns: %TRUE when written, or %FALSE with @error set (naming the file
 *   when it could not be written)
 */
gboolean
vigil_site_export_notes_pdf (VigilSite   *self,
                             const char  *case_ref,
                             gint64       since_us,
                             gint64       until_us,
                             const char  *path,
                             GError     **error)
{
  g_auto(Writer) writer = { 0 };
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *exported = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (*path == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("no file was named for the notes' PDF"));
      return FALSE;
    }

  if (!check_range (self, since_us, until_us, error) ||
      (family = vigil_site_lookup_family (self, case_ref, error)) == NULL ||
      (listed = vigil_site_list_notes (self, vigil_family_get_case_ref (family), since_us, error)) == NULL)
    return FALSE;

  writer.notes = vigil_note_select_range (listed, since_us, until_us);
  writer.zone = g_time_zone_ref (vigil_site_get_time_zone (self));
  writer.since = since_us;
  writer.until = until_us;
  writer.case_ref = printable (vigil_family_get_case_ref (family));
  exported = local_time (&writer, vigil_site_now (self));
  writer.exported = g_strdup_printf (_("Exported %s"), exported);

  return write_file (&writer, vigil_site_get_name (self), vigil_family_get_label (family), path, error);
}
