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
  char       *machine;  /* written into each entry; NULL on a single machine */

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
  g_clear_pointer (&self->machine, g_free);
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

/* The machine every later entry is written on. */
void
vigil_audit_set_machine (VigilAudit *self,
                         const char *machine)
{
  g_return_if_fail (VIGIL_IS_AUDIT (self));

  g_free (self->machine);
  self->machine = g_strdup (machine);
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

/* Needs only @start, never the VigilAudit: verification calls it from
 * several threads at once. */
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
  /* Only where there is one: an entry written before the site had
   * machines keeps the MAC it was given. */
  if (row->machine != NULL)
    {
      mac_add_bytes (&ctx, "machine", sizeof "machine");
      mac_add_string (&ctx, row->machine);
    }
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
    .machine = self->machine,
  };
  entry_mac (&self->entry_start, &row, previous_mac, mac);
  row.mac = mac;
  head_mac (self, row.seq, mac, new_head_mac);

  return vigil_store_audit_append (self->store, &row, new_head_mac, error);
}

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

typedef enum
{
  ENTRY_GOOD,
  ENTRY_AFTER_GAP,      /* its seq does not follow the previous entry's */
  ENTRY_ALTERED,        /* its MAC does not match */
} EntryVerdict;

/* One entry against the one stored before it (@previous_seq 0 and
 * @previous_mac %NULL for the first). Checking against the previous entry's
 * stored MAC, rather than one this check computed, gives the same verdict
 * on the first bad entry: every entry before it matched, so its stored MAC
 * is the computed one. That is what lets batches be checked apart. */
static EntryVerdict
check_entry (const struct hmac_sha256_ctx *start,
             const VigilAuditRow          *row,
             gint64                        previous_seq,
             const char                   *previous_mac)
{
  char expected[MAC_TEXT_LEN + 1];

  if (row->seq != previous_seq + 1)
    return ENTRY_AFTER_GAP;

  entry_mac (start, row, previous_mac, expected);
  if (g_strcmp0 (expected, row->mac) != 0)
    return ENTRY_ALTERED;

  return ENTRY_GOOD;
}

static gboolean
set_bad_entry (GError              **error,
               EntryVerdict          verdict,
               const VigilAuditRow  *row,
               gint64                previous_seq)
{
  g_autofree char *when = NULL;

  if (verdict == ENTRY_AFTER_GAP)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " is missing: the trail goes from #%" G_GINT64_FORMAT " to #%" G_GINT64_FORMAT),
                         previous_seq + 1, previous_seq, row->seq);

  when = vigil_time_format_utc (row->at);
  return set_tampered (error,
                       _("audit entry #%" G_GINT64_FORMAT " (%s, %s by %s) was altered or moved"),
                       row->seq, when, row->action, row->actor);
}

/* ---- verification on two threads or more ---------------------------------
 *
 * A connection is stepped by one thread at a time, and stepping through the
 * table costs more than the MACs where the CPU hashes SHA-256 itself
 * (SHA-NI), less where it does not. So the calling thread reads the rows
 * into batches, in the read transaction it holds, and worker threads check
 * the batches; the caller checks one itself whenever it would otherwise
 * wait for a spare batch, which keeps every core busy whichever half is the
 * slower. Each batch carries the entry read before its first row, so that
 * it can be checked without the others.
 *
 * The error names the lowest-numbered bad entry, as a check in one pass
 * would: batches know their position in the trail, a bad entry found
 * replaces one found further on, reading stops once one is found (every
 * row still unread lies beyond it) and every batch before it is still
 * checked. The message is made on the calling thread, in its language. */

#define VERIFY_MAX_WORKERS 3
/* Enough for the reader to fill one while each worker checks one and one
 * more waits; fewer are made where the workers keep up. */
#define VERIFY_MAX_BATCHES (VERIFY_MAX_WORKERS + 2)

/* An entry's text columns, as offsets into its batch's text. */
enum { FIELD_ACTOR, FIELD_ACTION, FIELD_OBJECT, FIELD_REASON, FIELD_DETAIL, FIELD_MACHINE, FIELD_MAC, N_FIELDS };
#define NO_TEXT G_MAXSIZE   /* the column was NULL */

typedef struct
{
  gint64 seq;
  gint64 at;
  gsize  text[N_FIELDS];
} BatchRow;

typedef struct
{
  gint64    position;       /* of rows[0] in the trail, from 0 */
  gint64    previous_seq;   /* the entry before rows[0]; 0 before the first */
  gsize     previous_mac;   /* its MAC, in text; NO_TEXT before the first */
  guint     n_rows;
  BatchRow  rows[VIGIL_AUDIT_VERIFY_BATCH];

  /* Every string of the batch, each closed by a NUL; kept from one use of
   * the batch to the next, so that reading allocates only while it grows. */
  char     *text;
  gsize     text_len;
  gsize     text_size;
} VerifyBatch;

typedef struct
{
  /* The key's state; only read, by every thread. */
  const struct hmac_sha256_ctx *start;

  GAsyncQueue *queued;      /* VerifyBatch *, in trail order, or &stop_marker */
  GAsyncQueue *spare;       /* VerifyBatch *, checked and ready for reuse */
  guint        n_batches;
  gboolean     started;
  GPtrArray   *workers;     /* GThread *, those that could be started */

  /* The reader's own. */
  VerifyBatch *filling;
  gint64       n_read;
  gint64       last_seq;    /* the last entry read: 0 and NULL while none is */
  GString     *last_mac;

  /* The first bad entry found so far, copied out of its batch, which may be
   * reused before the message is made. */
  GMutex        lock;       /* guards the rest */
  gint64        bad_position;   /* G_MAXINT64 while none is found */
  EntryVerdict  bad_verdict;
  gint64        bad_seq;
  gint64        bad_previous_seq;
  gint64        bad_at;
  char         *bad_action;
  char         *bad_actor;
} VerifyRun;

static char stop_marker;

static gsize
batch_add_text (VerifyBatch *batch,
                const char  *value)
{
  gsize offset = batch->text_len;
  gsize len;

  if (value == NULL)
    return NO_TEXT;

  /* Up to the first NUL, as the MAC itself reads the column. */
  len = strlen (value) + 1;
  if (batch->text_size - batch->text_len < len)
    {
      batch->text_size = MAX (batch->text_size * 2, batch->text_len + len);
      batch->text = g_realloc (batch->text, batch->text_size);
    }
  memcpy (batch->text + offset, value, len);
  batch->text_len += len;
  return offset;
}

static const char *
batch_text (const VerifyBatch *batch,
            gsize              offset)
{
  return offset == NO_TEXT ? NULL : batch->text + offset;
}

/* Empties @batch for the rows after the reader's last. */
static void
batch_reset (VerifyRun   *run,
             VerifyBatch *batch)
{
  batch->position = run->n_read;
  batch->n_rows = 0;
  batch->text_len = 0;
  batch->previous_seq = run->last_seq;
  batch->previous_mac = batch_add_text (batch, run->last_mac ? run->last_mac->str : NULL);
}

static void
batch_free (VerifyBatch *batch)
{
  g_free (batch->text);
  g_free (batch);
}

/* Checks @batch in order and keeps its first bad entry as the run's if it
 * lies before any found so far. A batch that starts past a bad entry
 * already found is not worth checking: it cannot hold the first. */
static void
check_batch (VerifyRun         *run,
             const VerifyBatch *batch)
{
  EntryVerdict verdict = ENTRY_GOOD;
  gint64 previous_seq = batch->previous_seq;
  const char *previous_mac = batch_text (batch, batch->previous_mac);
  VigilAuditRow row;
  gboolean wanted;
  guint i;

  g_mutex_lock (&run->lock);
  wanted = batch->position < run->bad_position;
  g_mutex_unlock (&run->lock);
  if (!wanted)
    return;

  for (i = 0; i < batch->n_rows; i++)
    {
      const BatchRow *stored = &batch->rows[i];

      row = (VigilAuditRow) {
        .seq = stored->seq,
        .at = stored->at,
        .actor = batch_text (batch, stored->text[FIELD_ACTOR]),
        .action = batch_text (batch, stored->text[FIELD_ACTION]),
        .object = batch_text (batch, stored->text[FIELD_OBJECT]),
        .reason = batch_text (batch, stored->text[FIELD_REASON]),
        .detail = batch_text (batch, stored->text[FIELD_DETAIL]),
        .machine = batch_text (batch, stored->text[FIELD_MACHINE]),
        .mac = batch_text (batch, stored->text[FIELD_MAC]),
      };

      verdict = check_entry (run->start, &row, previous_seq, previous_mac);
      if (verdict != ENTRY_GOOD)
        break;

      previous_seq = row.seq;
      previous_mac = row.mac;
    }

  if (verdict == ENTRY_GOOD)
    return;

  g_mutex_lock (&run->lock);
  if (batch->position + i < run->bad_position)
    {
      run->bad_position = batch->position + i;
      run->bad_verdict = verdict;
      run->bad_seq = row.seq;
      run->bad_previous_seq = previous_seq;
      run->bad_at = row.at;
      g_free (run->bad_action);
      run->bad_action = g_strdup (row.action);
      g_free (run->bad_actor);
      run->bad_actor = g_strdup (row.actor);
    }
  g_mutex_unlock (&run->lock);
}

static gboolean
run_found_bad (VerifyRun *run)
{
  gboolean found;

  g_mutex_lock (&run->lock);
  found = run->bad_position != G_MAXINT64;
  g_mutex_unlock (&run->lock);
  return found;
}

static gpointer
verify_worker (gpointer data)
{
  VerifyRun *run = data;
  VerifyBatch *batch;

  while ((batch = g_async_queue_pop (run->queued)) != (gpointer) &stop_marker)
    {
      check_batch (run, batch);
      g_async_queue_push (run->spare, batch);
    }

  return NULL;
}

/* Started with the first full batch, so that a short trail is checked on
 * the calling thread alone. A worker that cannot be started leaves more
 * for the reader to check; none at all, everything. */
static void
start_workers (VerifyRun *run)
{
  guint n = CLAMP (g_get_num_processors () - 1, 1, VERIFY_MAX_WORKERS);

  run->started = TRUE;
  for (guint i = 0; i < n; i++)
    {
      GThread *thread = g_thread_try_new ("vigil-audit-verify", verify_worker, run, NULL);

      if (thread != NULL)
        g_ptr_array_add (run->workers, thread);
    }
}

static VerifyBatch *
take_spare_batch (VerifyRun *run)
{
  VerifyBatch *batch = g_async_queue_try_pop (run->spare);

  if (batch == NULL && run->n_batches < VERIFY_MAX_BATCHES)
    {
      run->n_batches++;
      batch = g_new0 (VerifyBatch, 1);
    }

  /* All are in use: check a queued one here rather than wait for a worker
   * to, or else wait for one being checked. */
  if (batch == NULL && (batch = g_async_queue_try_pop (run->queued)) != NULL)
    check_batch (run, batch);

  if (batch == NULL)
    batch = g_async_queue_pop (run->spare);

  batch_reset (run, batch);
  return batch;
}

/* Queues the batch being filled for checking, keeping its last entry for
 * the next batch and the head. */
static void
hand_over (VerifyRun *run)
{
  VerifyBatch *batch = g_steal_pointer (&run->filling);
  const BatchRow *last = &batch->rows[batch->n_rows - 1];
  const char *last_mac = batch_text (batch, last->text[FIELD_MAC]);

  run->last_seq = last->seq;
  if (last_mac == NULL && run->last_mac != NULL)
    {
      g_string_free (run->last_mac, TRUE);
      run->last_mac = NULL;
    }
  else if (last_mac != NULL && run->last_mac == NULL)
    run->last_mac = g_string_new (last_mac);
  else if (last_mac != NULL)
    g_string_assign (run->last_mac, last_mac);

  g_async_queue_push (run->queued, batch);
}

static gboolean
read_row (const VigilAuditRow  *row,
          gpointer              user_data,
          GError              **error)
{
  VerifyRun *run = user_data;
  VerifyBatch *batch = run->filling;
  BatchRow *stored;

  if (batch == NULL)
    batch = run->filling = take_spare_batch (run);

  stored = &batch->rows[batch->n_rows++];
  stored->seq = row->seq;
  stored->at = row->at;
  stored->text[FIELD_ACTOR] = batch_add_text (batch, row->actor);
  stored->text[FIELD_ACTION] = batch_add_text (batch, row->action);
  stored->text[FIELD_OBJECT] = batch_add_text (batch, row->object);
  stored->text[FIELD_REASON] = batch_add_text (batch, row->reason);
  stored->text[FIELD_DETAIL] = batch_add_text (batch, row->detail);
  stored->text[FIELD_MACHINE] = batch_add_text (batch, row->machine);
  stored->text[FIELD_MAC] = batch_add_text (batch, row->mac);
  run->n_read++;

  if (batch->n_rows < VIGIL_AUDIT_VERIFY_BATCH)
    return TRUE;

  hand_over (run);
  if (!run->started)
    start_workers (run);

  /* FALSE with no error stops the reading: a bad entry is already known,
   * and every row still unread lies beyond it. */
  return !run_found_bad (run);
}

/* Reads and checks every entry; FALSE with the first bad one, or the
 * reading's own error. Leaves the last entry read in @run for the head. */
static gboolean
verify_entries (VigilAudit  *self,
                VerifyRun   *run,
                GError     **error)
{
  g_autoptr(GError) read_error = NULL;
  VerifyBatch *batch;
  gboolean read_ok;

  read_ok = vigil_store_audit_foreach (self->store, 0, read_row, run, &read_error);

  /* The rows read before a failed read are checked all the same: a bad
   * entry among them is what a check in one pass would have reported. */
  if (run->filling != NULL && run->filling->n_rows > 0)
    hand_over (run);
  else if (run->filling != NULL)
    g_async_queue_push (run->spare, g_steal_pointer (&run->filling));

  /* The reader is done: it checks what is still queued, then the workers
   * finish the batches they hold and stop. */
  while ((batch = g_async_queue_try_pop (run->queued)) != NULL)
    {
      check_batch (run, batch);
      g_async_queue_push (run->spare, batch);
    }
  for (guint i = 0; i < run->workers->len; i++)
    g_async_queue_push (run->queued, &stop_marker);
  for (guint i = 0; i < run->workers->len; i++)
    g_thread_join (g_ptr_array_index (run->workers, i));
  g_ptr_array_set_size (run->workers, 0);

  for (guint i = 0; i < run->n_batches; i++)
    batch_free (g_async_queue_pop (run->spare));

  if (run->bad_position != G_MAXINT64)
    {
      VigilAuditRow bad = {
        .seq = run->bad_seq,
        .at = run->bad_at,
        .action = run->bad_action,
        .actor = run->bad_actor,
      };

      return set_bad_entry (error, run->bad_verdict, &bad, run->bad_previous_seq);
    }

  /* Reading stops early without an error only once a bad entry is known. */
  g_assert (read_ok || read_error != NULL);
  if (!read_ok)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
verify_head (VigilAudit   *self,
             VerifyRun    *run,
             gint64        seq,
             const char   *mac,
             const char   *recorded_head_mac,
             GError      **error)
{
  const char *last_mac = run->last_mac ? run->last_mac->str : NULL;
  char expected[MAC_TEXT_LEN + 1];

  if (seq == 0 && run->last_seq == 0)
    return TRUE;

  if (seq == 0)
    return set_tampered (error,
                         _("the audit trail's head record is missing, so entries after #%" G_GINT64_FORMAT " may have been cut off"),
                         run->last_seq);

  head_mac (self, seq, mac, expected);
  if (g_strcmp0 (expected, recorded_head_mac) != 0)
    return set_tampered (error, _("the audit trail's head record was altered"));

  if (seq > run->last_seq)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " is missing: entries #%" G_GINT64_FORMAT " to #%" G_GINT64_FORMAT " were cut off the end"),
                         run->last_seq + 1, run->last_seq + 1, seq);

  if (seq < run->last_seq)
    return set_tampered (error,
                         _("audit entry #%" G_GINT64_FORMAT " was added after the trail's recorded end (#%" G_GINT64_FORMAT ")"),
                         seq + 1, seq);

  if (g_strcmp0 (mac, last_mac) != 0)
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
  VerifyRun run = { 0, };
  gint64 seq;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_AUDIT (self), FALSE);

  /* One snapshot for entries and head, while others may go on appending. */
  if (!vigil_audit_ensure_key (self, error) ||
      !vigil_store_begin_read (self->store, error))
    return FALSE;

  run.start = &self->entry_start;
  run.queued = g_async_queue_new ();
  run.spare = g_async_queue_new ();
  run.workers = g_ptr_array_new ();
  run.bad_position = G_MAXINT64;
  g_mutex_init (&run.lock);

  ok = vigil_store_audit_get_head (self->store, &seq, &mac, &recorded_head_mac, error) &&
       verify_entries (self, &run, error) &&
       verify_head (self, &run, seq, mac, recorded_head_mac, error);

  vigil_store_rollback (self->store);

  if (ok && n_entries != NULL)
    *n_entries = run.last_seq;

  g_async_queue_unref (run.queued);
  g_async_queue_unref (run.spare);
  g_ptr_array_unref (run.workers);
  if (run.last_mac != NULL)
    g_string_free (run.last_mac, TRUE);
  g_free (run.bad_action);
  g_free (run.bad_actor);
  g_mutex_clear (&run.lock);
  return ok;
}

static gboolean
collect_row (const VigilAuditRow  *row,
             gpointer              user_data,
             GError              **error)
{
  g_ptr_array_add (user_data,
                   vigil_audit_entry_new (row->seq, row->at, row->actor, row->action,
                                          row->object, row->reason, row->detail, row->machine));
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
