/* vigil-timeline-view.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-timeline-view.h"
#include "vigil-widget-util.h"

#define LABEL_WIDTH  88.0
#define LANE_HEIGHT  22.0
#define LANE_GAP     4.0
#define AXIS_HEIGHT  20.0
#define N_LANES      4
/* Segments follow one another a frame apart; stretches closer than this
 * read as one. */
#define JOIN_US      (2 * G_USEC_PER_SEC)
/* A press that moves less than this is a click, not a drag. */
#define CLICK_PIXELS 4.0

typedef enum
{
  LANE_FOOTAGE,
  LANE_ROOM,
  LANE_NOTES,
  LANE_HOLDS,
} Lane;

struct _VigilTimelineView
{
  GtkWidget       parent_instance;

  GtkDrawingArea *picture;
  GtkLabel       *words;

  GArray         *shown;      /* VigilTimelineItem, adjacent stretches joined; strings borrowed from @items */
  GArray         *items;
  GTimeZone      *zone;
  gint64          from;
  gint64          to;
  gint64          now;
  gint64          selection_from;
  gint64          selection_to;
  double          drag_x;
};

G_DEFINE_FINAL_TYPE (VigilTimelineView, vigil_timeline_view, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Lane
lane_of (VigilTimelineKind kind)
{
  switch (kind)
    {
    case VIGIL_TIMELINE_RECORDING:
    case VIGIL_TIMELINE_DELETED:
    case VIGIL_TIMELINE_GAP:
    case VIGIL_TIMELINE_NOT_RECORDED:
      return LANE_FOOTAGE;
    case VIGIL_TIMELINE_PLACEMENT:
    case VIGIL_TIMELINE_WINDOW:
    case VIGIL_TIMELINE_OVERRIDE:
      return LANE_ROOM;
    case VIGIL_TIMELINE_NOTE:
      return LANE_NOTES;
    case VIGIL_TIMELINE_HOLD:
    default:
      return LANE_HOLDS;
    }
}

/* Footage is recorded a segment at a time, and deleted so: what follows on
 * with the same sound (or the same reason) is one stretch to the eye. */
static void
join_items (VigilTimelineView *self)
{
  g_array_set_size (self->shown, 0);
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const VigilTimelineItem *item = &g_array_index (self->items, VigilTimelineItem, i);
      gboolean joined = FALSE;

      if (item->kind == VIGIL_TIMELINE_RECORDING || item->kind == VIGIL_TIMELINE_DELETED)
        for (guint j = self->shown->len; j-- > 0 && !joined;)
          {
            VigilTimelineItem *last = &g_array_index (self->shown, VigilTimelineItem, j);

            if (last->kind != item->kind)
              continue;
            if (last->end + JOIN_US >= item->start && last->audio == item->audio &&
                g_strcmp0 (last->label, item->label) == 0)
              {
                last->end = MAX (last->end, item->end);
                last->open |= item->open;
                joined = TRUE;
              }
            break;
          }
      if (!joined)
        g_array_append_val (self->shown, *item);
    }
}

/* The words */

static char *
format_time (VigilTimelineView *self,
             gint64             instant)
{
  gboolean with_day = self->to - self->from > G_TIME_SPAN_DAY;

  return vigil_time_format_local (instant, self->zone, with_day ? "%a %-d %b %H:%M:%S" : "%H:%M:%S");
}

static char *
describe_span (VigilTimelineView       *self,
               const VigilTimelineItem *item)
{
  g_autofree char *start = format_time (self, item->start);
  g_autofree char *end = NULL;

  if (item->start == item->end)
    /* Translators: an instant on the timeline */
    return g_strdup_printf (_("at %s"), start);
  if (item->open)
    /* Translators: a stretch still going on */
    return g_strdup_printf (_("%s to now"), start);
  end = format_time (self, item->end);
  return g_strdup_printf (_("%s to %s"), start, end);
}

static void
describe_item (VigilTimelineView       *self,
               const VigilTimelineItem *item,
               GString                 *text)
{
  g_autofree char *span = describe_span (self, item);

  switch (item->kind)
    {
    case VIGIL_TIMELINE_RECORDING:
      g_string_append_printf (text, item->audio ? _("Recorded with sound: %s") : _("Recorded without sound: %s"), span);
      break;
    case VIGIL_TIMELINE_DELETED:
      g_string_append_printf (text, _("Recorded, since deleted (%s): %s"), item->label, span);
      break;
    case VIGIL_TIMELINE_GAP:
      g_string_append_printf (text, _("Gap, not recorded though required (%s): %s"), item->label, span);
      break;
    case VIGIL_TIMELINE_NOT_RECORDED:
      if (item->label != NULL)
        g_string_append_printf (text, _("Not recorded (%s): %s"), item->label, span);
      else
        g_string_append_printf (text, _("Not recorded, not required: %s"), span);
      break;
    case VIGIL_TIMELINE_PLACEMENT:
      g_string_append_printf (text, _("%s (%s) placed in the room: %s"), item->label, item->case_ref, span);
      break;
    case VIGIL_TIMELINE_WINDOW:
      g_string_append_printf (text, item->audio ? _("Window, %s, with sound: %s") : _("Window, %s, without sound: %s"),
                              item->label, span);
      break;
    case VIGIL_TIMELINE_OVERRIDE:
      g_string_append_printf (text, _("Safeguarding override: %s"), span);
      break;
    case VIGIL_TIMELINE_NOTE:
      g_string_append_printf (text, _("Note %" G_GINT64_FORMAT ", %s (%s): %s"), item->id, item->label,
                              item->case_ref, span);
      break;
    case VIGIL_TIMELINE_HOLD:
      g_string_append_printf (text, _("Held, hold %" G_GINT64_FORMAT ", %s: %s"), item->id, item->label, span);
      break;
    }
  g_string_append_c (text, '\n');
}

static void
show_words (VigilTimelineView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->shown->len; i++)
    describe_item (self, &g_array_index (self->shown, VigilTimelineItem, i), text);
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  gtk_label_set_text (self->words, text->str);
}

/* The picture */

static double
x_of (VigilTimelineView *self,
      gint64             instant,
      double             width)
{
  double span = (double) (self->to - self->from);

  return LABEL_WIDTH + (width - LABEL_WIDTH) * (double) (CLAMP (instant, self->from, self->to) - self->from) / span;
}

static gint64
instant_at (VigilTimelineView *self,
            double             x,
            double             width)
{
  double fraction = CLAMP ((x - LABEL_WIDTH) / MAX (width - LABEL_WIDTH, 1.0), 0.0, 1.0);

  return self->from + (gint64) (fraction * (double) (self->to - self->from));
}

static double
lane_y (Lane lane)
{
  return lane * (LANE_HEIGHT + LANE_GAP);
}

static void
set_colour (cairo_t                 *cr,
            const VigilTimelineItem *item,
            const GdkRGBA           *fg)
{
  switch (item->kind)
    {
    case VIGIL_TIMELINE_RECORDING:
      if (item->audio)
        cairo_set_source_rgba (cr, 0.15, 0.64, 0.41, 0.9);
      else
        cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
      break;
    case VIGIL_TIMELINE_DELETED:
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.35);
      break;
    case VIGIL_TIMELINE_GAP:
      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 1.0);
      break;
    case VIGIL_TIMELINE_NOT_RECORDED:
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.08);
      break;
    case VIGIL_TIMELINE_PLACEMENT:
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.15);
      break;
    case VIGIL_TIMELINE_WINDOW:
      cairo_set_source_rgba (cr, 0.57, 0.25, 0.67, 0.85);
      break;
    case VIGIL_TIMELINE_OVERRIDE:
      cairo_set_source_rgba (cr, 0.90, 0.38, 0.0, 0.9);
      break;
    case VIGIL_TIMELINE_NOTE:
      cairo_set_source_rgba (cr, 0.80, 0.58, 0.0, 1.0);
      break;
    case VIGIL_TIMELINE_HOLD:
      cairo_set_source_rgba (cr, 0.55, 0.33, 0.10, 0.9);
      break;
    }
}

static void
draw_item (VigilTimelineView       *self,
           cairo_t                 *cr,
           const VigilTimelineItem *item,
           double                   width,
           const GdkRGBA           *fg)
{
  Lane lane = lane_of (item->kind);
  double x0 = x_of (self, item->start, width), x1 = x_of (self, item->end, width);
  double y = lane_y (lane), height = LANE_HEIGHT;

  /* Windows and overrides sit on the placement, half as tall. */
  if (item->kind == VIGIL_TIMELINE_WINDOW || item->kind == VIGIL_TIMELINE_OVERRIDE)
    {
      y += LANE_HEIGHT / 4;
      height = LANE_HEIGHT / 2;
    }
  set_colour (cr, item, fg);
  cairo_rectangle (cr, x0, y, MAX (x1 - x0, 2.0), height);
  cairo_fill (cr);
}

/* Ticks at a round step of local time, six or so across. */
static gint64
tick_step (gint64 span)
{
  static const gint64 steps[] = {
    G_USEC_PER_SEC, 5 * G_USEC_PER_SEC, 10 * G_USEC_PER_SEC, 30 * G_USEC_PER_SEC,
    G_TIME_SPAN_MINUTE, 5 * G_TIME_SPAN_MINUTE, 10 * G_TIME_SPAN_MINUTE, 30 * G_TIME_SPAN_MINUTE,
    G_TIME_SPAN_HOUR, 3 * G_TIME_SPAN_HOUR, 6 * G_TIME_SPAN_HOUR, 12 * G_TIME_SPAN_HOUR, G_TIME_SPAN_DAY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= 8)
      return steps[i];
  return G_TIME_SPAN_DAY;
}

static void
draw_text (GtkWidget  *widget,
           cairo_t    *cr,
           const char *text,
           double      x,
           double      y)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_axis (VigilTimelineView *self,
           GtkWidget         *area,
           cairo_t           *cr,
           double             width,
           const GdkRGBA     *fg)
{
  gint64 step = tick_step (self->to - self->from);
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (self->from / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (first, self->zone);
  gint64 offset = g_date_time_get_utc_offset (local);
  double axis = lane_y (N_LANES);
  const char *format = step >= G_TIME_SPAN_DAY ? "%a %-d" : step >= G_TIME_SPAN_MINUTE ? "%H:%M" : "%H:%M:%S";

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.6);
  cairo_set_line_width (cr, 1.0);
  /* Round in the zone's wall time at the start of the range. */
  for (gint64 tick = ((self->from + offset + step - 1) / step) * step - offset; tick <= self->to; tick += step)
    {
      double x = x_of (self, tick, width);
      g_autofree char *label = vigil_time_format_local (tick, self->zone, format);

      cairo_move_to (cr, x + 0.5, 0);
      cairo_line_to (cr, x + 0.5, axis + 4);
      cairo_stroke (cr);
      draw_text (area, cr, label, x + 2, axis);
    }

  if (self->now > self->from && self->now < self->to)
    {
      double x = x_of (self, self->now, width);

      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 1.0);
      cairo_move_to (cr, x + 0.5, 0);
      cairo_line_to (cr, x + 0.5, axis);
      cairo_stroke (cr);
    }
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  VigilTimelineView *self = user_data;
  const char *lanes[N_LANES] = { _("Footage"), _("Room"), _("Notes"), _("Holds") };
  GdkRGBA fg;

  if (self->items == NULL || self->to <= self->from)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  for (int lane = 0; lane < N_LANES; lane++)
    {
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (GTK_WIDGET (area), cr, lanes[lane], 0, lane_y (lane) + 2);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.04);
      cairo_rectangle (cr, LABEL_WIDTH, lane_y (lane), width - LABEL_WIDTH, LANE_HEIGHT);
      cairo_fill (cr);
    }

  /* Placements first, so that windows and overrides show on them. */
  for (guint i = 0; i < self->shown->len; i++)
    if (g_array_index (self->shown, VigilTimelineItem, i).kind == VIGIL_TIMELINE_PLACEMENT)
      draw_item (self, cr, &g_array_index (self->shown, VigilTimelineItem, i), width, &fg);
  for (guint i = 0; i < self->shown->len; i++)
    if (g_array_index (self->shown, VigilTimelineItem, i).kind != VIGIL_TIMELINE_PLACEMENT)
      draw_item (self, cr, &g_array_index (self->shown, VigilTimelineItem, i), width, &fg);

  draw_axis (self, GTK_WIDGET (area), cr, width, &fg);

  if (self->selection_to > self->selection_from)
    {
      double x0 = x_of (self, self->selection_from, width), x1 = x_of (self, self->selection_to, width);

      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
      cairo_rectangle (cr, x0, 0, MAX (x1 - x0, 2.0), lane_y (N_LANES));
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
      cairo_rectangle (cr, x0 + 0.5, 0.5, MAX (x1 - x0, 2.0) - 1, lane_y (N_LANES) - 1);
      cairo_stroke (cr);
    }
  (void) height;
}

/* Selecting */

static void
select_range (VigilTimelineView *self,
              gint64             from,
              gint64             to)
{
  vigil_timeline_view_set_selection (self, from, to);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* A click selects the stretch under it, in its lane. */
static void
select_at (VigilTimelineView *self,
           double             x,
           double             y,
           double             width)
{
  gint64 instant = instant_at (self, x, width);
  Lane lane = (Lane) CLAMP ((int) (y / (LANE_HEIGHT + LANE_GAP)), 0, N_LANES - 1);

  for (guint i = self->shown->len; i-- > 0;)
    {
      const VigilTimelineItem *item = &g_array_index (self->shown, VigilTimelineItem, i);

      if (lane_of (item->kind) == lane && item->start <= instant && instant < item->end)
        {
          select_range (self, item->start, item->end);
          return;
        }
    }
  select_range (self, 0, 0);
}

static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               VigilTimelineView *self)
{
  self->drag_x = x;
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                VigilTimelineView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->picture));
  gint64 a = instant_at (self, self->drag_x, width), b = instant_at (self, self->drag_x + dx, width);

  if (ABS (dx) >= CLICK_PIXELS)
    vigil_timeline_view_set_selection (self, MIN (a, b), MAX (a, b));
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             VigilTimelineView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->picture));
  double start_y = 0;

  gtk_gesture_drag_get_start_point (gesture, NULL, &start_y);
  if (ABS (dx) < CLICK_PIXELS)
    select_at (self, self->drag_x, start_y, width);
  else
    select_range (self, self->selection_from, self->selection_to);
}

/* The object */

static void
vigil_timeline_view_dispose (GObject *object)
{
  VigilTimelineView *self = VIGIL_TIMELINE_VIEW (object);

  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_TIMELINE_VIEW);
  g_clear_pointer (&self->shown, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (vigil_timeline_view_parent_class)->dispose (object);
}

static void
vigil_timeline_view_class_init (VigilTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_timeline_view_dispose;

  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTimelineView, picture);
  gtk_widget_class_bind_template_child (widget_class, VigilTimelineView, words);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
vigil_timeline_view_init (VigilTimelineView *self)
{
  GtkGesture *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->shown = g_array_new (FALSE, TRUE, sizeof (VigilTimelineItem));
  gtk_drawing_area_set_content_height (self->picture, (int) (lane_y (N_LANES) + AXIS_HEIGHT));
  gtk_drawing_area_set_draw_func (self->picture, draw, self, NULL);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->picture), GTK_EVENT_CONTROLLER (drag));
}

VigilTimelineView *
vigil_timeline_view_new (void)
{
  return g_object_new (VIGIL_TYPE_TIMELINE_VIEW, NULL);
}

void
vigil_timeline_view_set_items (VigilTimelineView *self,
                               GArray            *items,
                               gint64             from,
                               gint64             to,
                               gint64             now,
                               GTimeZone         *zone)
{
  g_return_if_fail (VIGIL_IS_TIMELINE_VIEW (self));
  g_return_if_fail (items != NULL && zone != NULL);

  /* The joined copies borrow the strings of the items they replace: they
   * go first. */
  g_array_set_size (self->shown, 0);
  g_clear_pointer (&self->items, g_array_unref);
  self->items = g_array_ref (items);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (zone);
  self->from = from;
  self->to = to;
  self->now = now;
  join_items (self);
  show_words (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->picture));
}

gboolean
vigil_timeline_view_get_selection (VigilTimelineView *self,
                                   gint64            *from,
                                   gint64            *to)
{
  g_return_val_if_fail (VIGIL_IS_TIMELINE_VIEW (self), FALSE);

  *from = self->selection_from;
  *to = self->selection_to;
  return self->selection_to > self->selection_from;
}

void
vigil_timeline_view_set_selection (VigilTimelineView *self,
                                   gint64             from,
                                   gint64             to)
{
  g_return_if_fail (VIGIL_IS_TIMELINE_VIEW (self));

  self->selection_from = from;
  self->selection_to = to;
  gtk_widget_queue_draw (GTK_WIDGET (self->picture));
}
