/* vigil-site-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-site-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <locale.h>

#include "vigil-audit-private.h"
#include "vigil-site.h"
#include "vigil-store.h"

G_BEGIN_DECLS

VigilStore *vigil_site_get_store (VigilSite *self);

/* Audit entries are records, kept in the source language whatever the
 * language of whoever caused them: build their text between these two. */
locale_t    vigil_record_language_begin (void);
void        vigil_record_language_end   (locale_t previous);
void        vigil_site_set_time_zone (VigilSite *self,
                                      GTimeZone *zone);

/* Tests move the site's clock to check lockout expiry and refresher dates;
 * 0 goes back to the real clock. */
void        vigil_site_set_now_for_testing (VigilSite *self,
                                            gint64     now_us);

/* The data folder's files of a site of several machines: the one naming
 * the site's PostgreSQL database, and the one naming this machine. */
#define VIGIL_SITE_DATABASE_FILE "database"
#define VIGIL_SITE_MACHINE_FILE  "machine"

/* This machine, on a site of several (vigil-site-machines.c): the name
 * its data folder gives it, the folder's file made naming it, and the first
 * machine joined as a site is set up or moved. */
char       *vigil_site_read_machine_file   (const char  *data_dir,
                                            GError     **error);
gboolean    vigil_site_name_this_machine   (int          dir_fd,
                                            const char  *data_dir,
                                            const char  *name,
                                            gboolean    *named,
                                            GError     **error);
gboolean    vigil_site_enrol_first_machine (VigilStore  *store,
                                            VigilAudit  *audit,
                                            const char  *machine,
                                            const char  *manager,
                                            gint64       now,
                                            const char  *why,
                                            GError     **error);
/* The machine the site's trail names from now on. */
void        vigil_site_set_machine         (VigilSite   *self,
                                            const char  *machine);

/* Writes one audit entry as @actor inside the current transaction. */
gboolean    vigil_site_audit (VigilSite   *self,
                              const char  *actor,
                              const char  *action,
                              const char  *object,
                              const char  *reason,
                              const char  *detail,
                              GError     **error);

gboolean    vigil_site_audit_alone (VigilSite   *self,
                                    const char  *actor,
                                    const char  *action,
                                    const char  *object,
                                    const char  *reason,
                                    const char  *detail,
                                    GError     **error);

/* vigil_site_check_active() (or, with a @permission not -1,
 * vigil_site_check_permission()) for the calls documented as allowed while
 * the session is locked; an ended session is still refused. */
gboolean    vigil_site_check_active_while_locked (VigilSite     *self,
                                                  VigilSession  *session,
                                                  int            permission,
                                                  const char    *doing,
                                                  GError       **error);

/* Checks a member's password as a login does (vigil-site-login.c): argon2id,
 * the lockout counted, the attempt audited ("login" and "login-refused", or
 * for an unlock "session-unlocked" and "unlock-refused"). Returns the member
 * as the store holds them, or %NULL with %VIGIL_ERROR_LOGIN_REFUSED saying
 * why. */
typedef enum
{
  VIGIL_AUTH_LOGIN,
  VIGIL_AUTH_UNLOCK,
} VigilAuthPurpose;

VigilStaff *vigil_site_authenticate (VigilSite         *self,
                                     const char        *username,
                                     const char        *password,
                                     const char        *via,
                                     VigilAuthPurpose   purpose,
                                     GError           **error);

G_END_DECLS
