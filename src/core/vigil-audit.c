/* vigil-audit.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <nettle/hmac.h>
#include <string.h>

#include "vigil-audit-private.h"
#include "vigil-error.h"
#include "vigil-secrets.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* The audit trail: append-only and tamper-evident.
 *
 * Each entry carries an HMAC-SHA256, under the site key held in the Secret
 * Service, of its own fields and the previous entry's MAC. Editing a field,
 * deleting or reordering entries breaks the chain at the first entry touched.
 * The newest entry's number and MAC are kept, keyed too, in a head record
 * written in the same transaction, so cutting entries off the end shows as
 * well. Without the key nobody can write a chain that verifies. */
struct _VigilAudit
{
  GObject     parent_instance;

  VigilStore *store;
  char       *site_id;
  GBytes     *key;      /* loaded on first use: listing needs no key */

  /* HMAC states keyed with @key, each with its domain already fed: every
   * MAC starts from a copy of one, so the key's inner and outer pads are
   * hashed once per key rather than twice per entry. */
  struct hmac_sha256_ctx entry_start;
  struct hmac_sha256_ctx head_start;
};

G_DEFINE_FINAL_TYPE (VigilAudit, vigil_audit, G_TYPE_OBJECT)

#define ENTRY_DOMAIN "vigil-audit-entry-v1"
#define HEAD_DOMAIN  "vigil-audit-head-v1"

static void
vigil_audit_dispose (GObject *object)
{
  VigilAudit *self = (VigilAudit *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_audit_parent_class)->dispose (object);
}

static void
vigil_audit_finalize (GObject *object)
{
  VigilAudit *self = (VigilAudit *)object;

  g_clear_pointer (&self->site_id, g_free);
  g_clear_pointer (&self->key, g_bytes_unref);

  G_OBJECT_CLASS (vigil_audit_parent_class)->finalize (object);
}

static void
vigil_audit_class_init (VigilAuditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_audit_dispose;
  object_class->finalize = vigil_audit_finalize;
}

static void
vigil_audit_init (VigilAudit *self)
{
}

VigilAudit *
vigil_audit_new (VigilStore *store,
                 const char *site_id)
{
  VigilAudit *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (site_id != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_AUDIT, NULL);
  self->store = g_object_ref (store);
  self->site_id = g_strdup (site_id);

  return self;
}

/* The MACs' text form: SHA-256 in lowercase hexadecimal, as GLib's
 * g_hmac_get_string() wrote it when the trail began. */
#define MAC_TEXT_LEN (SHA256_DIGEST_SIZE * 2)

static void
mac_add_bytes (struct hmac_sha256_ctx *ctx,
               const void             *data,
               gsize                   len)
{
  hmac_sha256_update (ctx, len, data);
}

static void
mac_add_int (struct hmac_sha256_ctx *ctx,
             gint64                  value)
{
  guint64 be = GUINT64_TO_BE ((guint64) value);

  mac_add_bytes (ctx, &be, sizeof be);
}

/* Length-prefixed, so that no two different field lists hash alike. */
static void
mac_add_string (struct hmac_sha256_ctx *ctx,
                const char             *value)
{
  gsize len = value ? strlen (value) : 0;

  mac_add_int (ctx, len);
  mac_add_bytes (ctx, value ? value : "", len);
}

static void
mac_finish (struct hmac_sha256_ctx *ctx,
            char                    text[MAC_TEXT_LEN + 1])
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];

  hmac_sha256_digest (ctx, sizeof digest, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[MAC_TEXT_LEN] = '\0';
}

static void
mac_start (struct hmac_sha256_ctx *ctx,
           GBytes                 *key,
           const char             *domain)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (key, &len);

  hmac_sha256_set_key (ctx, len, data);
  /* The domain's closing NUL is part of the MAC. */
  mac_add_bytes (ctx, domain, strlen (domain) + 1);
}

static void
prepare_macs (VigilAudit *self)
{
  mac_start (&self->entry_start, self->key, ENTRY_DOMAIN);
  mac_start (&self->head_start, self->key, HEAD_DOMAIN);
}

/* Used when a site is created (the key is made before it is stored) and by
 * the tests' tamperer; otherwise the key comes from the Secret Service. */
void
vigil_audit_set_key (VigilAudit *self,
                     GBytes     *key)
{
  g_return_if_fail (VIGIL_IS_AUDIT (self));
  g_return_if_fail (key != NULL);

  g_clear_pointer (&self->key, g_bytes_unref);
  self->key = g_bytes_ref (key);
  prepare_macs (self);
}

/**
 * vigil_audit_ensure_key:
 *
 * Loads the site key from the Secret Service if it is not loaded yet. Call
 * it before opening a write transaction: a keyring that is slow to answer
 * must not hold the database's write lock.
 */
gboolean
vigil_audit_ensure_key (VigilAudit  *self,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT (self), FALSE);

  if (self->key == NULL)
    {
      self->key = vigil_secrets_lookup_site_key (self->site_id, NULL, error);
      if (self->key != NULL)
        prepare_macs (self);
    }

  return self->key != NULL;
}

static void
entry_mac (const struct hmac_sha256_ctx *start,
           const VigilAuditRow          *row,
           const char                   *previous_mac,
           char                          mac[MAC_TEXT_LEN + 1])
{
  struct hmac_sha256_ctx ctx = *start;

  mac_add_int (&ctx, row->seq);
  mac_add_int (&ctx, row->at);
  mac_add_string (&ctx, row->actor);
  mac_add_string (&ctx, row->action);
  mac_add_string (&ctx, row->object);
  mac_add_string (&ctx, row->reason);
  mac_add_string (&ctx, row->detail);
  mac_add_string (&ctx, previous_mac);
  mac_finish (&ctx, mac);
}

static void
head_mac (VigilAudit *self,
          gint64      seq,
          const char *entry_mac_text,
          char        mac[MAC_TEXT_LEN + 1])
{
  struct hmac_sha256_ctx ctx = self->head_start;

  mac_add_int (&ctx, seq);
  mac_add_string (&ctx, entry_mac_text);
  mac_finish (&ctx, mac);
}

/* @text as it may stand in the one-line trail: itself when printable,
 * otherwise an escaped copy kept in *@owned. The site's calls refuse such
 * text before it gets here; this is the last guard, so that no entry can
 * ever hold a line break or an escape sequence, whatever a caller passed. */
static const char *
printable_field (const char  *text,
                 char       **owned)
{
  gboolean clean = g_utf8_validate (text, -1, NULL);

  for (const char *p = text; clean && *p != '\0'; p = g_utf8_next_char (p))
    clean = !vigil_text_char_is_hidden (g_utf8_get_char (p));

  if (clean)
    return text;

  *owned = vigil_text_escape (text, -1);
  return *owned;
}

/**
 * vigil_audit_append:
 *
 * Writes one entry. Call it inside the store transaction that makes the change
 * it records, so that the change and its entry commit or fail together. A
 * field holding a control, invisible or text-direction character is written
 * escaped ("\n", "\u{202E}").
 */
gboolean
vigil_audit_append (VigilAudit  *self,
                    gint64       at_us,
                    const char  *actor,
                    const char  *action,
                    const char  *object,
                    const char  *reason,
                    const char  *detail,
                    GError     **error)
{
  g_autofree char *previous_mac = NULL;
  g_autofree char *previous_head_mac = NULL;
  char mac[MAC_TEXT_LEN + 1];
  char new_head_mac[MAC_TEXT_LEN + 1];
  g_autofree char *owned_actor = NULL;
  g_autofree char *owned_action = NULL;
  g_autofree char *owned_object = NULL;
  g_autofree char *owned_reason = NULL;
  g_autofree char *owned_detail = NULL;
  gint64 previous_seq;
  VigilAuditRow row;

  g_return_val_if_fail (VIGIL_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL && object != NULL, FALSE);

  if (!vigil_audit_ensure_key (self, error) ||
      !vigil_store_audit_get_head (self->store, &previous_seq, &previous_mac,
                                   &previous_head_mac, error))
    return FALSE;

  row = (VigilAuditRow) {
    .seq = previous_seq + 1,
    .at = at_us,
    .actor = printable_field (actor, &owned_actor),
    .action = printable_field (action, &owned_action),
    .object = printable_field (object, &owned_object),
    .reason = printable_field (reason ? reason : "", &owned_reason),
    .detail = printable_field (detail ? detail : "", &owned_detail),
  };
  entry_mac (&self->entry_start, &row, previous_mac, mac);
  row.mac = mac;
  head_mac (self, row.seq, mac, new_head_mac);

  return vigil_store_audit_append (self->store, &row, new_head_mac, error);
}

typedef struct
{
  VigilAudit *audit;
  gint64      last_seq;
  char       *last_mac;
} VerifyState;

static gboolean
set_tampered (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_tampered (GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_TAMPERED, message);
  return FALSE;
}

static gboolean
verify_row (const VigilAuditRow  *row,
            gpointer              user_data,
            GError              **error)
{
  VerifyState *state = user_data;
  char expected[MAC_TEXT_LEN + 1];

  if (row->seq != state->last_seq + 1)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " is missing: the trail goes from #%" G_GINT64_FORMAT " to #%" G_GINT64_FORMAT),
                         state->last_seq + 1, state->last_seq, row->seq);

  entry_mac (&state->audit->entry_start, row, state->last_mac, expected);
  if (g_strcmp0 (expected, row->mac) != 0)
    {
      g_autofree char *when = vigil_time_format_utc (row->at);
      return set_tampered (error,
                           _("audit entry #%" G_GINT64_FORMAT " (%s, %s by %s) was altered or moved"),
                           row->seq, when, row->action, row->actor);
    }

  state->last_seq = row->seq;
  g_free (state->last_mac);
  state->last_mac = g_strdup (row->mac);
  return TRUE;
}

static gboolean
verify_head (VigilAudit   *self,
             VerifyState  *state,
             gint64        seq,
             const char   *mac,
             const char   *recorded_head_mac,
             GError      **error)
{
  char expected[MAC_TEXT_LEN + 1];

  if (seq == 0 && state->last_seq == 0)
    return TRUE;

  if (seq == 0)
    return set_tampered (error,
                         _("the audit trail's head record is missing, so entries after #%" G_GINT64_FORMAT " may have been cut off"),
                         state->last_seq);

  head_mac (self, seq, mac, expected);
  if (g_strcmp0 (expected, recorded_head_mac) != 0)
    return set_tampered (error, _("the audit trail's head record was altered"));

  if (seq > state->last_seq)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " is missing: entries #%" G_GINT64_FORMAT " to #%" G_GINT64_FORMAT " were cut off the end"),
                         state->last_seq + 1, state->last_seq + 1, seq);

  if (seq < state->last_seq)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " was added after the trail's recorded end (#%" G_GINT64_FORMAT ")"),
                         seq + 1, seq);

  if (g_strcmp0 (mac, state->last_mac) != 0)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " does not match the trail's head record"),
                         seq);

  return TRUE;
}

/**
 * vigil_audit_verify:
 * @n_entries: (out) (optional): how many entries were checked
 *
 * Checks the whole trail against the site key. On failure the error
 * (%VIGIL_ERROR_TAMPERED) names the first bad entry.
 */
gboolean
vigil_audit_verify (VigilAudit  *self,
                    gint64      *n_entries,
                    GError     **error)
{
  g_autofree char *mac = NULL;
  g_autofree char *recorded_head_mac = NULL;
  VerifyState state = { self, 0, NULL };
  gint64 seq;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_AUDIT (self), FALSE);

  if (!vigil_audit_ensure_key (self, error))
    return FALSE;

  /* One snapshot for entries and head, while others may go on appending. */
  if (!vigil_store_begin_read (self->store, error))
    return FALSE;

  ok = vigil_store_audit_get_head (self->store, &seq, &mac, &recorded_head_mac, error) &&
       vigil_store_audit_foreach (self->store, 0, verify_row, &state, error) &&
       verify_head (self, &state, seq, mac, recorded_head_mac, error);

  vigil_store_rollback (self->store);

  if (ok && n_entries != NULL)
    *n_entries = state.last_seq;

  g_free (state.last_mac);
  return ok;
}

static gboolean
collect_row (const VigilAuditRow  *row,
             gpointer              user_data,
             GError              **error)
{
  g_ptr_array_add (user_data,
                   vigil_audit_entry_new (row->seq, row->at, row->actor, row->action,
                                          row->object, row->reason, row->detail));
  return TRUE;
}

/**
 * vigil_audit_list:
 * @since_us: the earliest instant to list; 0 for the whole trail
 *
 * Returns: (transfer full) (element-type VigilAuditEntry): the entries in order
 */
GPtrArray *
vigil_audit_list (VigilAudit  *self,
                  gint64       since_us,
                  GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (VIGIL_IS_AUDIT (self), NULL);

  if (!vigil_store_audit_foreach (self->store, since_us, collect_row, entries, error))
    return NULL;

  return g_steal_pointer (&entries);
}
