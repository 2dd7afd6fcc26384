/* vigil-outlook-view.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-outlook-view.h"

#define DAYS        7
#define LABEL_WIDTH 96.0
#define HOUR_HEIGHT 18.0
/* The core reads its clock a moment after the view: what ends within this
 * of the view's now has ended, for the words. */
#define NOW_SLACK_US G_USEC_PER_SEC

struct _VigilOutlookView
{
  GtkWidget       parent_instance;

  GtkDrawingArea *picture;
  GtkLabel       *words;

  GCancellable   *cancellable;   /* the read under way */
  GTimeZone      *zone;
  gint64          now;           /* when it was read */
  gint64          day_starts[DAYS + 1];
  GArray         *items;         /* VigilOutlookItem */
};

G_DEFINE_FINAL_TYPE (VigilOutlookView, vigil_outlook_view, GTK_TYPE_WIDGET)

/* Local midnights: a day with a clock change lasts 23 or 25 hours. */
static void
set_days (VigilOutlookView *self,
          GTimeZone        *zone,
          gint64            now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  for (int i = 0; i <= DAYS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                                                  g_date_time_get_day_of_month (local), 0, 0, 0);
      g_autoptr(GDateTime) shifted = g_date_time_add_days (day, i);

      self->day_starts[i] = g_date_time_to_unix (shifted) * G_USEC_PER_SEC;
    }
}

static char *
format_time (VigilOutlookView *self,
             gint64            instant,
             gboolean          with_day)
{
  return vigil_time_format_local (instant, self->zone, with_day ? "%a %-d %b %H:%M %Z" : "%H:%M %Z");
}

static gboolean
same_local_day (VigilOutlookView *self,
                gint64            a,
                gint64            b)
{
  g_autofree char *day_a = vigil_time_format_local (a, self->zone, "%Y-%m-%d");
  g_autofree char *day_b = vigil_time_format_local (b, self->zone, "%Y-%m-%d");

  return g_str_equal (day_a, day_b);
}

static char *
describe_span (VigilOutlookView       *self,
               const VigilOutlookItem *item)
{
  /* The words speak of what is to come; the picture shows today whole. */
  g_autofree char *start = item->start <= self->now + NOW_SLACK_US ? g_strdup (_("now")) : format_time (self, item->start, TRUE);
  /* An end at a midnight belongs to the day before. */
  g_autofree char *end = format_time (self, item->end, !same_local_day (self, item->start, item->end - 1));

  return g_strdup_printf (_("%s to %s"), start, end);
}

static void
describe_item (VigilOutlookView       *self,
               const VigilOutlookItem *item,
               GString                *text)
{
  g_autofree char *span = NULL;
  g_autofree char *at = NULL;

  switch (item->kind)
    {
    case VIGIL_OUTLOOK_RECORDING:
      span = describe_span (self, item);
      g_string_append_printf (text, item->audio ? _("Records with sound: %s (%s)") : _("Records without sound: %s (%s)"),
                              span, item->label);
      break;
    case VIGIL_OUTLOOK_WINDOW:
      span = describe_span (self, item);
      g_string_append_printf (text, item->audio ? _("Window, %s, with sound: %s") : _("Window, %s, without sound: %s"),
                              item->label, span);
      break;
    case VIGIL_OUTLOOK_OVERRIDE:
      span = describe_span (self, item);
      g_string_append_printf (text, _("Safeguarding override: %s"), span);
      break;
    case VIGIL_OUTLOOK_STAGE_CHANGE:
      at = format_time (self, item->start, TRUE);
      g_string_append_printf (text, _("Changes to %s: %s"), item->label, at);
      break;
    case VIGIL_OUTLOOK_CLOCK_CHANGE:
      at = format_time (self, item->start, TRUE);
      g_string_append_printf (text, _("%s: %s"), item->label, at);
      break;
    }
  g_string_append_c (text, '\n');
}

static void
show_words (VigilOutlookView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean records = FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      const VigilOutlookItem *item = &g_array_index (self->items, VigilOutlookItem, i);

      if (item->start == item->end ? item->start < self->now : item->end <= self->now + NOW_SLACK_US)
        continue;
      records |= item->kind == VIGIL_OUTLOOK_RECORDING;
      describe_item (self, item, text);
    }
  if (!records)
    g_string_prepend (text, _("Does not record in the next seven days.\n"));
  g_strchomp (text->str);
  gtk_label_set_text (self->words, text->str);
}

/* Drawing */

static double
x_of (VigilOutlookView *self,
      int               day,
      gint64            instant,
      double            width)
{
  gint64 start = self->day_starts[day];
  gint64 end = self->day_starts[day + 1];

  instant = CLAMP (instant, start, end);
  return LABEL_WIDTH + (width - LABEL_WIDTH) * (double) (instant - start) / (double) (end - start);
}

static void
fill_span (VigilOutlookView *self,
           cairo_t          *cr,
           int               width,
           gint64            start,
           gint64            end,
           double            top,
           double            height)
{
  for (int day = 0; day < DAYS; day++)
    {
      double y = day * HOUR_HEIGHT * 1.5 + HOUR_HEIGHT + top;
      double x0, x1;

      if (end <= self->day_starts[day] || start >= self->day_starts[day + 1])
        continue;
      x0 = x_of (self, day, start, width);
      x1 = x_of (self, day, end, width);
      cairo_rectangle (cr, x0, y, MAX (x1 - x0, 1.0), height);
      cairo_fill (cr);
    }
}

static void
mark_instant (VigilOutlookView *self,
              cairo_t          *cr,
              int               width,
              gint64            at)
{
  for (int day = 0; day < DAYS; day++)
    {
      double y = day * HOUR_HEIGHT * 1.5 + HOUR_HEIGHT;
      double x;

      if (at < self->day_starts[day] || at >= self->day_starts[day + 1])
        continue;
      x = x_of (self, day, at, width);
      cairo_move_to (cr, x, y - 2);
      cairo_line_to (cr, x, y + HOUR_HEIGHT + 2);
      cairo_stroke (cr);
    }
}

static void
draw_text (GtkWidget  *widget,
           cairo_t    *cr,
           double      x,
           double      y,
           const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  VigilOutlookView *self = user_data;
  GdkRGBA fg;

  if (self->zone == NULL)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  cairo_set_line_width (cr, 1.0);

  /* The hours across the top, and a faint track for each day. */
  for (int hour = 0; hour <= 24; hour += 6)
    {
      g_autofree char *label = g_strdup_printf ("%02d:00", hour);
      double x = LABEL_WIDTH + (width - LABEL_WIDTH) * hour / 24.0;

      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (GTK_WIDGET (area), cr, MIN (x, width - 40.0), 0, label);
    }
  for (int day = 0; day < DAYS; day++)
    {
      g_autofree char *label = vigil_time_format_local (self->day_starts[day], self->zone, "%a %-d %b");
      double y = day * HOUR_HEIGHT * 1.5 + HOUR_HEIGHT;

      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (GTK_WIDGET (area), cr, 0, y, label);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
      cairo_rectangle (cr, LABEL_WIDTH, y, width - LABEL_WIDTH, HOUR_HEIGHT);
      cairo_fill (cr);
    }

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const VigilOutlookItem *item = &g_array_index (self->items, VigilOutlookItem, i);

      switch (item->kind)
        {
        case VIGIL_OUTLOOK_RECORDING:
          /* Blue records the picture; purple, the picture and sound. */
          if (item->audio)
            cairo_set_source_rgba (cr, 0.57, 0.25, 0.67, 0.85);
          else
            cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.85);
          fill_span (self, cr, width, item->start, item->end, 4, HOUR_HEIGHT - 8);
          break;
        case VIGIL_OUTLOOK_WINDOW:
          cairo_set_source_rgba (cr, 0.15, 0.64, 0.41, 0.9);
          fill_span (self, cr, width, item->start, item->end, 0, 3);
          break;
        case VIGIL_OUTLOOK_OVERRIDE:
          cairo_set_source_rgba (cr, 0.90, 0.38, 0.0, 0.9);
          fill_span (self, cr, width, item->start, item->end, HOUR_HEIGHT - 3, 3);
          break;
        case VIGIL_OUTLOOK_STAGE_CHANGE:
          cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 1.0);
          cairo_set_dash (cr, NULL, 0, 0);
          mark_instant (self, cr, width, item->start);
          break;
        case VIGIL_OUTLOOK_CLOCK_CHANGE:
          {
            const double dash[] = { 3.0, 3.0 };

            gdk_cairo_set_source_rgba (cr, &fg);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            mark_instant (self, cr, width, item->start);
            cairo_set_dash (cr, NULL, 0, 0);
          }
          break;
        }
    }

  /* Now. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
  mark_instant (self, cr, width, self->now);
  (void) height;
}

/* Reading */

typedef struct
{
  VigilOutlookView *self;
  GCancellable     *cancellable;
  GTimeZone        *zone;
  gint64            now;
  gint64            day_starts[DAYS + 1];
} Reading;

static void
reading_free (Reading *reading)
{
  g_clear_object (&reading->self);
  g_clear_object (&reading->cancellable);
  g_clear_pointer (&reading->zone, g_time_zone_unref);
  g_free (reading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reading, reading_free)

static void
on_outlook (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Reading) reading = user_data;
  VigilOutlookView *self = reading->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) items = vigil_site_family_outlook_finish (VIGIL_SITE (object), result, &error);

  if (g_cancellable_is_cancelled (reading->cancellable))
    return;
  if (items == NULL)
    {
      gtk_label_set_text (self->words, error->message);
      return;
    }

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (reading->zone);
  self->now = reading->now;
  memcpy (self->day_starts, reading->day_starts, sizeof self->day_starts);
  g_clear_pointer (&self->items, g_array_unref);
  self->items = g_steal_pointer (&items);
  show_words (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->picture));
}

void
vigil_outlook_view_show (VigilOutlookView          *self,
                         VigilSite                 *site,
                         const char                *case_ref,
                         const VigilPolicyProposal *proposal)
{
  Reading *reading;
  GTimeZone *zone;

  g_return_if_fail (VIGIL_IS_OUTLOOK_VIEW (self));
  g_return_if_fail (VIGIL_IS_SITE (site));
  g_return_if_fail (case_ref != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  zone = vigil_site_get_time_zone (site);
  reading = g_new0 (Reading, 1);
  reading->self = g_object_ref (self);
  reading->cancellable = g_object_ref (self->cancellable);
  reading->zone = g_time_zone_ref (zone);
  reading->now = vigil_site_now (site);
  set_days (self, zone, reading->now);
  memcpy (reading->day_starts, self->day_starts, sizeof reading->day_starts);
  vigil_site_family_outlook_async (site, case_ref, reading->day_starts[0], reading->day_starts[DAYS], proposal,
                                   self->cancellable, on_outlook, reading);
}

const char *
vigil_outlook_view_get_text (VigilOutlookView *self)
{
  g_return_val_if_fail (VIGIL_IS_OUTLOOK_VIEW (self), NULL);

  return gtk_label_get_text (self->words);
}

static void
vigil_outlook_view_dispose (GObject *object)
{
  VigilOutlookView *self = VIGIL_OUTLOOK_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_OUTLOOK_VIEW);

  G_OBJECT_CLASS (vigil_outlook_view_parent_class)->dispose (object);
}

static void
vigil_outlook_view_finalize (GObject *object)
{
  VigilOutlookView *self = VIGIL_OUTLOOK_VIEW (object);

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->items, g_array_unref);

  G_OBJECT_CLASS (vigil_outlook_view_parent_class)->finalize (object);
}

static void
vigil_outlook_view_class_init (VigilOutlookViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_outlook_view_dispose;
  object_class->finalize = vigil_outlook_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-outlook-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilOutlookView, picture);
  gtk_widget_class_bind_template_child (widget_class, VigilOutlookView, words);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
vigil_outlook_view_init (VigilOutlookView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  gtk_drawing_area_set_content_height (self->picture, (int) (DAYS * HOUR_HEIGHT * 1.5 + HOUR_HEIGHT));
  gtk_drawing_area_set_draw_func (self->picture, draw, self, NULL);
}

VigilOutlookView *
vigil_outlook_view_new (void)
{
  return g_object_new (VIGIL_TYPE_OUTLOOK_VIEW, NULL);
}
