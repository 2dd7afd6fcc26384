/* vigil-note.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-note"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-note-private.h"

/* An observation summary note, or an addendum correcting one. A saved note
 * never changes (the database refuses it too), so this is a plain snapshot
 * with read-only properties. */
struct _VigilNote
{
  GObject        parent_instance;

  gint64         id;
  char          *case_ref;
  VigilNoteKind  kind;
  char          *author;
  gint64         written_at;
  gboolean       has_period;
  gint64         period_from;
  gint64         period_to;
  char          *body;
  gint64         addendum_to;   /* the note this one corrects, or 0 */
};

G_DEFINE_FINAL_TYPE (VigilNote, vigil_note, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_REF,
  PROP_KIND,
  PROP_AUTHOR,
  PROP_WRITTEN_AT,
  PROP_BODY,
  PROP_ADDENDUM_TO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  [VIGIL_NOTE_KIND_OBSERVATION] = "observation",
  [VIGIL_NOTE_KIND_REVIEW] = "review",
  [VIGIL_NOTE_KIND_DUTY] = "duty",
};

const char *
vigil_note_kind_to_string (VigilNoteKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
vigil_note_kind_from_string (const char     *text,
                             VigilNoteKind  *kind,
                             GError        **error)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = (VigilNoteKind) i;
        return TRUE;
      }

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown note kind “%s”: expected observation, review or duty"), shown);
  }
  return FALSE;
}

/**
 * vigil_note_normalize_body:
 * @text: the note as written, not necessarily nul-terminated
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Checks that @text is a note Vigil will keep: UTF-8 plain text (tabs and
 * line breaks, no other control characters), not empty, at most
 * %VIGIL_NOTE_MAX_BODY bytes. Windows line ends become "\n" and blank space
 * around the text goes; nothing else changes.
 *
 * Returns: (transfer full): the body to save, or %NULL with @error set
 */
char *
vigil_note_normalize_body (const char  *text,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(GString) body = NULL;
  const char *end = NULL;
  gsize len;
  guint line = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > VIGIL_NOTE_MAX_BODY)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the note is %lld bytes long; the limit is %d bytes (64 KiB)"),
                   (long long) len, VIGIL_NOTE_MAX_BODY);
      return NULL;
    }

  /* With an explicit length a nul byte is invalid too: a note is text. */
  if (!g_utf8_validate_len (text, len, &end))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the note is not UTF-8 text (bad byte at offset %lld): save it as UTF-8 plain text"),
                   (long long) (end - text));
      return NULL;
    }

  /* A byte-order mark is how some editors mark a file as UTF-8, not part
   * of what was written: one at the start is dropped. */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }

  body = g_string_sized_new (len);
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Windows and old Mac line ends become "\n". */
      if (c == '\r' && p + 1 < text + len && p[1] == '\n')
        continue;
      if (c == '\r')
        c = '\n';
      if (c == '\n')
        line++;
      else if (c != '\t' && g_unichar_iscntrl (c))
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("the note holds a control character (U+%04X) on line %u: notes are plain text"),
                       c, line);
          return NULL;
        }
      /* As in every other text Vigil keeps: nothing invisible, nothing that
       * reorders what is read, no line break but "\n". A note is evidence,
       * and must read the same on every screen and in every export. */
      else if (c != '\t' && vigil_text_char_is_hidden (c))
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("the note holds an invisible, text-direction or line-separator character (U+%04X) on line %u: notes are plain text"),
                       c, line);
          return NULL;
        }
      g_string_append_unichar (body, c);
    }

  g_strstrip (body->str);
  if (body->str[0] == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the note is empty"));
      return NULL;
    }

  return g_strdup (body->str);
}

/**
 * vigil_note_body_digest:
 * @body: a body as saved (see vigil_note_normalize_body())
 *
 * The body's SHA-256, in lower-case hex, as the audit trail records it for
 * each note: a note changed behind Vigil's back no longer matches.
 *
 * Returns: (transfer full): the digest
 */
char *
vigil_note_body_digest (const char *body)
{
  g_return_val_if_fail (body != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
}

static void
vigil_note_finalize (GObject *object)
{
  VigilNote *self = (VigilNote *)object;

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->body, g_free);

  G_OBJECT_CLASS (vigil_note_parent_class)->finalize (object);
}

static void
vigil_note_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilNote *self = VIGIL_NOTE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CASE_REF:
      g_value_set_string (value, self->case_ref);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_WRITTEN_AT:
      g_value_set_int64 (value, self->written_at);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_ADDENDUM_TO:
      g_value_set_int64 (value, self->addendum_to);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_note_class_init (VigilNoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_note_finalize;
  object_class->get_property = vigil_note_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CASE_REF] =
    g_param_spec_string ("case-ref", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, VIGIL_TYPE_NOTE_KIND, VIGIL_NOTE_KIND_OBSERVATION,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WRITTEN_AT] =
    g_param_spec_int64 ("written-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ADDENDUM_TO] =
    g_param_spec_int64 ("addendum-to", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_note_init (VigilNote *self)
{
}

VigilNote *
vigil_note_new (gint64         id,
                const char    *case_ref,
                VigilNoteKind  kind,
                const char    *author,
                gint64         written_at,
                const char    *body)
{
  VigilNote *self;

  g_return_val_if_fail (case_ref != NULL, NULL);
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  g_return_val_if_fail (author != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_NOTE, NULL);
  self->id = id;
  self->case_ref = g_strdup (case_ref);
  self->kind = kind;
  self->author = g_strdup (author);
  self->written_at = written_at;
  self->body = g_strdup (body);

  return self;
}

/* Only for a note being made: a saved note never changes. */
void
vigil_note_set_period (VigilNote *self,
                       gint64     from_us,
                       gint64     to_us)
{
  g_return_if_fail (VIGIL_IS_NOTE (self));
  g_return_if_fail (to_us >= from_us);

  self->has_period = TRUE;
  self->period_from = from_us;
  self->period_to = to_us;
}

void
vigil_note_set_addendum_to (VigilNote *self,
                            gint64     note_id)
{
  g_return_if_fail (VIGIL_IS_NOTE (self));

  if (self->addendum_to != note_id)
    {
      self->addendum_to = note_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDENDUM_TO]);
    }
}

gint64
vigil_note_get_id (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), 0);
  return self->id;
}

const char *
vigil_note_get_case_ref (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), NULL);
  return self->case_ref;
}

VigilNoteKind
vigil_note_get_kind (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), VIGIL_NOTE_KIND_OBSERVATION);
  return self->kind;
}

const char *
vigil_note_get_author (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), NULL);
  return self->author;
}

gint64
vigil_note_get_written_at (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), 0);
  return self->written_at;
}

const char *
vigil_note_get_body (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), NULL);
  return self->body;
}

/**
 * vigil_note_get_period:
 * @from_us: (out) (optional): start of the period observed
 * @to_us: (out) (optional): its end
 *
 * Returns: %TRUE if the note states the period it covers
 */
gboolean
vigil_note_get_period (VigilNote *self,
                       gint64    *from_us,
                       gint64    *to_us)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), FALSE);

  if (from_us != NULL)
    *from_us = self->has_period ? self->period_from : 0;
  if (to_us != NULL)
    *to_us = self->has_period ? self->period_to : 0;
  return self->has_period;
}

gint64
vigil_note_get_addendum_to (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), 0);
  return self->addendum_to;
}

gboolean
vigil_note_is_addendum (VigilNote *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), FALSE);
  return self->addendum_to != 0;
}

static void
append_csv_time (GString   *out,
                 gboolean   present,
                 gint64     instant,
                 GTimeZone *zone)
{
  g_autofree char *utc = present ? vigil_time_format_utc (instant) : NULL;
  g_autofree char *local = present ? vigil_time_format_local (instant, zone, "%Y-%m-%d %H:%M:%S %Z") : NULL;

  vigil_text_append_csv_field (out, utc ? utc : "", FALSE);
  vigil_text_append_csv_field (out, local ? local : "", FALSE);
}

/**
 * vigil_note_format_csv:
 * @notes: (element-type VigilNote): notes in the order they are to appear
 * @zone: the site's zone, for the local-time columns
 *
 * Formats notes for the case recording system: RFC 4180 CSV with a header
 * row and CRLF record ends; each time in UTC (ISO-8601) and in the site's
 * local time with its abbreviation. An addendum is a row of its own whose
 * amends_note_id names the note it corrects.
 *
 * Returns: (transfer full): the CSV text
 */
char *
vigil_note_format_csv (GPtrArray *notes,
                       GTimeZone *zone)
{
  static const char * const header[] = {
    "note_id", "amends_note_id", "case_ref", "kind", "author", "written_utc", "written_local",
    "period_from_utc", "period_from_local", "period_to_utc", "period_to_local", "body",
  };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (notes != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    vigil_text_append_csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));

  for (guint i = 0; i < notes->len; i++)
    {
      VigilNote *note = g_ptr_array_index (notes, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, note->id);
      g_autofree char *amends = note->addendum_to != 0
                                ? g_strdup_printf ("%" G_GINT64_FORMAT, note->addendum_to)
                                : g_strdup ("");

      vigil_text_append_csv_field (out, id, FALSE);
      vigil_text_append_csv_field (out, amends, FALSE);
      vigil_text_append_csv_field (out, note->case_ref, FALSE);
      vigil_text_append_csv_field (out, vigil_note_kind_to_string (note->kind), FALSE);
      vigil_text_append_csv_field (out, note->author, FALSE);
      append_csv_time (out, TRUE, note->written_at, zone);
      append_csv_time (out, note->has_period, note->period_from, zone);
      append_csv_time (out, note->has_period, note->period_to, zone);
      vigil_text_append_csv_field (out, note->body, TRUE);
    }

  return g_string_free (out, FALSE);
}

/**
 * vigil_note_written_in_range:
 * @since_us: the range's start, included, or 0 for none
 * @until_us: its end, not included, or 0 for none
 *
 * Whether the note (or addendum) was written in the range.
 */
gboolean
vigil_note_written_in_range (VigilNote *self,
                             gint64     since_us,
                             gint64     until_us)
{
  g_return_val_if_fail (VIGIL_IS_NOTE (self), FALSE);

  return self->written_at >= since_us && (until_us == 0 || self->written_at < until_us);
}

/**
 * vigil_note_select_range:
 * @notes: (element-type VigilNote): notes as vigil_site_list_notes() gives
 *   them, each followed by its addenda
 * @since_us: the range's start, included, or 0 for none
 * @until_us: its end, not included, or 0 for none
 *
 * The notes that were, or that have an addendum, written in the range, each
 * whole: with every addendum, whenever written, as vigil_site_list_notes()
 * does for its start. A note is never read without its corrections, nor a
 * correction without what it corrects.
 *
 * Returns: (transfer full) (element-type VigilNote): the notes chosen, in
 *   the same order
 */
GPtrArray *
vigil_note_select_range (GPtrArray *notes,
                         gint64     since_us,
                         gint64     until_us)
{
  GPtrArray *chosen;
  guint start = 0;

  g_return_val_if_fail (notes != NULL, NULL);

  chosen = g_ptr_array_new_with_free_func (g_object_unref);
  while (start < notes->len)
    {
      guint end = start + 1;
      gboolean in_range;

      while (end < notes->len && vigil_note_is_addendum (g_ptr_array_index (notes, end)))
        end++;

      in_range = FALSE;
      for (guint i = start; i < end && !in_range; i++)
        in_range = vigil_note_written_in_range (g_ptr_array_index (notes, i), since_us, until_us);

      for (guint i = start; in_range && i < end; i++)
        g_ptr_array_add (chosen, g_object_ref (g_ptr_array_index (notes, i)));
      start = end;
    }

  return chosen;
}
