/* vigil-site-policy.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-policy.h"
#include "vigil-site.h"

G_BEGIN_DECLS

/* One stretch of a policy timeline in which the camera records. */
typedef struct
{
  gint64    start;
  gint64    end;
  gboolean  record_audio;
  char     *basis;
} VigilRecordingInterval;

gboolean   vigil_site_explain_camera (VigilSite            *self,
                                      const char           *camera,
                                      gint64                at,
                                      VigilPolicyDecision  *decision,
                                      GError              **error);
void       vigil_site_explain_camera_async (VigilSite            *self,
                                            const char           *camera,
                                            gint64                at,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean   vigil_site_explain_camera_finish (VigilSite            *self,
                                             GAsyncResult         *result,
                                             VigilPolicyDecision  *decision,
                                             GError              **error);
gboolean   vigil_site_explain_family (VigilSite            *self,
                                      const char           *case_ref,
                                      gint64                at,
                                      VigilPolicyDecision  *decision,
                                      GError              **error);
void       vigil_site_explain_family_async (VigilSite            *self,
                                            const char           *case_ref,
                                            gint64                at,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean   vigil_site_explain_family_finish (VigilSite            *self,
                                             GAsyncResult         *result,
                                             VigilPolicyDecision  *decision,
                                             GError              **error);
GArray    *vigil_site_recording_timeline (VigilSite      *self,
                                          const char     *case_ref,
                                          gint64          from,
                                          gint64          to,
                                          GError        **error);
void       vigil_site_recording_timeline_async (VigilSite            *self,
                                                const char           *case_ref,
                                                gint64                from,
                                                gint64                to,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GArray    *vigil_site_recording_timeline_finish (VigilSite            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
