/* vigil-store.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <glib-object.h>

#include "vigil-staff.h"

G_BEGIN_DECLS

/* The schema version this build writes; a file with a higher one is refused. */
#define VIGIL_STORE_SCHEMA_VERSION 9

#define VIGIL_TYPE_STORE (vigil_store_get_type ())

G_DECLARE_FINAL_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

/* One audit entry as stored. Strings are owned by whoever fills the row. */
typedef struct
{
  gint64      seq;
  gint64      at;
  const char *actor;
  const char *action;
  const char *object;
  const char *reason;
  const char *detail;
  const char *machine;   /* NULL on a single machine, and before schema 8 */
  const char *mac;
} VigilAuditRow;

typedef gboolean (*VigilAuditRowFunc) (const VigilAuditRow  *row,
                                       gpointer              user_data,
                                       GError              **error);

/* The kinds of record the change_serials table counts, in VigilChangeKind's
 * bit order (each name is the flag's nick). */
#define VIGIL_STORE_N_CHANGE_KINDS 16
extern const char * const vigil_store_change_kinds[VIGIL_STORE_N_CHANGE_KINDS];

VigilStore *vigil_store_open                    (const char         *path,
                                                 GError            **error);
VigilStore *vigil_store_open_existing           (const char         *path,
                                                 GError            **error);
VigilStore *vigil_store_open_watcher            (const char         *path,
                                                 GError            **error);
const char *vigil_store_get_path                (VigilStore         *self);
gboolean    vigil_store_is_database_url         (const char         *path);
int         vigil_store_get_socket              (VigilStore         *self);
gboolean    vigil_store_holds_records           (VigilStore         *self,
                                                 gboolean           *holds,
                                                 GError            **error);

/* Moving a SQLite site to PostgreSQL (vigil-store-migrate.c). */
gboolean    vigil_store_copy_site               (VigilStore         *from,
                                                 VigilStore         *to,
                                                 guint              *n_tables,
                                                 gint64             *n_rows,
                                                 gint64             *n_notes,
                                                 GError            **error);
gboolean    vigil_store_seal_moved              (VigilStore         *self,
                                                 GError            **error);

/* Write transactions. begin takes the database's write lock at once (BEGIN
 * IMMEDIATE) so that two processes never interleave; every change and its
 * audit entry go into one transaction. */
gboolean    vigil_store_begin                   (VigilStore         *self,
                                                 GError            **error);
gboolean    vigil_store_begin_read              (VigilStore         *self,
                                                 GError            **error);
gboolean    vigil_store_commit                  (VigilStore         *self,
                                                 GError            **error);
void        vigil_store_rollback                (VigilStore         *self);

char       *vigil_store_get_setting             (VigilStore         *self,
                                                 const char         *key,
                                                 GError            **error);
gboolean    vigil_store_set_setting             (VigilStore         *self,
                                                 const char         *key,
                                                 const char         *value,
                                                 GError            **error);

gboolean    vigil_store_staff_insert            (VigilStore         *self,
                                                 VigilStaff         *staff,
                                                 const char         *password_hash,
                                                 gint64              now_us,
                                                 GError            **error);
VigilStaff *vigil_store_staff_lookup            (VigilStore         *self,
                                                 const char         *username,
                                                 char              **password_hash,
                                                 GError            **error);
GPtrArray  *vigil_store_staff_list              (VigilStore         *self,
                                                 GError            **error);
guint       vigil_store_staff_count_active_role (VigilStore         *self,
                                                 VigilRole           role,
                                                 GError            **error);
gboolean    vigil_store_staff_set_password      (VigilStore         *self,
                                                 const char         *username,
                                                 const char         *password_hash,
                                                 GError            **error);
gboolean    vigil_store_staff_set_login_state   (VigilStore         *self,
                                                 const char         *username,
                                                 guint               failed_logins,
                                                 gint64              locked_until,
                                                 GError            **error);
gboolean    vigil_store_settings_trim_prefix    (VigilStore         *self,
                                                 const char         *prefix,
                                                 guint               keep,
                                                 GError            **error);
gboolean    vigil_store_staff_set_active        (VigilStore         *self,
                                                 const char         *username,
                                                 gboolean            active,
                                                 GError            **error);
gboolean    vigil_store_staff_set_competency    (VigilStore         *self,
                                                 VigilStaff         *staff,
                                                 GError            **error);
gboolean    vigil_store_staff_set_reviewer      (VigilStore         *self,
                                                 VigilStaff         *staff,
                                                 GError            **error);

gboolean    vigil_store_audit_get_head          (VigilStore         *self,
                                                 gint64             *seq,
                                                 char              **mac,
                                                 char              **head_mac,
                                                 GError            **error);
gboolean    vigil_store_audit_append            (VigilStore         *self,
                                                 const VigilAuditRow *row,
                                                 const char         *head_mac,
                                                 GError            **error);
gboolean    vigil_store_audit_foreach           (VigilStore         *self,
                                                 gint64              since_us,
                                                 VigilAuditRowFunc   func,
                                                 gpointer            user_data,
                                                 GError            **error);

/* What a change monitor reads; neither leaves a transaction open. */
gboolean    vigil_store_read_data_version       (VigilStore         *self,
                                                 gint64             *version,
                                                 GError            **error);
gboolean    vigil_store_read_change_serials     (VigilStore         *self,
                                                 gint64             *serials,
                                                 guint               n_serials,
                                                 GError            **error);

G_END_DECLS
