/* recorder-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "camsim-fixture.h"
#include "vigil-test-utils.h"

G_BEGIN_DECLS

/* What the recorder's tests share: a real site with a team lead, simulated
 * cameras (replayed clips, 10 frames a second, a keyframe every 2 s), vigil-recorder run as
 * a child as systemd would run it, and ffprobe to judge what it wrote. */

#define REC_SEC   G_GINT64_CONSTANT (1000000)
#define REC_MS    G_GINT64_CONSTANT (1000)
/* The simulated cameras' keyframe interval. */
#define REC_GOP   (2 * REC_SEC)
/* The recorder notices a change within 2 s (the deadline); tests
 * give twice that. */
#define REC_NOTICE_WAIT (4 * REC_SEC)
/* The first connection to a camera on a busy machine. */
#define REC_START_WAIT  (30 * REC_SEC)

#define REC_LEAD          "lena"
#define REC_LEAD_PASSWORD "lena-password"

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *manager;
  VigilSession *lead;
  Camsim       *camsim;
  GSubprocess  *recorder;
  char         *recordings;
} Rec;

/* A site whose segments last 10 s, and a camera server with @cameras
 * (camsim's --camera arguments, NULL-terminated). */
void         rec_setup            (Rec          *rec,
                                   const char   *first_camera,
                                   ...) G_GNUC_NULL_TERMINATED;
void         rec_teardown         (Rec          *rec);

void         rec_add_room         (Rec          *rec,
                                   const char   *room);
/* A camera at camsim's /@path. @room NULL: communal. */
void         rec_add_camera       (Rec          *rec,
                                   const char   *name,
                                   const char   *room,
                                   const char   *path,
                                   gboolean      has_audio);
void         rec_add_family       (Rec          *rec,
                                   const char   *case_ref,
                                   const char   *room,
                                   VigilFamilyState stage,
                                   gboolean      covers_audio);
void         rec_set_setting      (Rec          *rec,
                                   const char   *key,
                                   const char   *value);

/* Starts vigil-recorder on the site and waits until its heartbeat says it
 * runs. */
void         rec_start_recorder   (Rec          *rec);
/* SIGTERM, and it must exit 0 having closed everything. */
void         rec_stop_recorder    (Rec          *rec);
/* SIGKILL: the crash. */
void         rec_kill_recorder    (Rec          *rec);

/* Everything recorded for @camera, all time. */
GPtrArray   *rec_segments         (Rec          *rec,
                                   const char   *camera);
GPtrArray   *rec_gaps             (Rec          *rec,
                                   const char   *camera);
/* Waits up to @timeout_us for @camera to have @count closed segments. */
void         rec_wait_segments    (Rec          *rec,
                                   const char   *camera,
                                   guint         count,
                                   gint64        timeout_us);
/* Lets the main context run until the wall clock reaches @at. */
void         rec_wait_until       (gint64        at);
gboolean     rec_wait             (gboolean    (*done) (gpointer data),
                                   gpointer      data,
                                   gint64        timeout_us);

/* Waits up to @timeout_us for the recorder to report @camera in @state;
 * returns whether it reported the disk short of space meanwhile. */
gboolean     rec_wait_camera_state (Rec                 *rec,
                                    const char          *camera,
                                    VigilRecordingState  state,
                                    gint64               timeout_us);

typedef struct
{
  guint    video_streams;
  guint    audio_streams;
  guint    video_packets;
  guint    audio_packets;
  gboolean first_is_keyframe;
  double   first_time;     /* s, the first video packet's */
  double   last_time;      /* s, the last video packet's */
  double   last_any_time;  /* s, the last packet's, sound or picture */
  double   first_audio_time;  /* s, the first sound packet's */
  double   last_audio_end;    /* s, where the last sound packet ends */
  double   audio_frame;       /* s, the length of a sound packet */
} RecProbe;

/* ffprobe's view of a segment's file, after checking that its size and
 * SHA-256 are the store's and that ffmpeg decodes all of it without an
 * error. */
void         rec_probe            (Rec          *rec,
                                   VigilSegment *segment,
                                   RecProbe     *probe);
char        *rec_segment_file     (Rec          *rec,
                                   VigilSegment *segment);
char        *rec_sha256_of_file   (const char   *path,
                                   guint64      *bytes);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rec, rec_teardown)

G_END_DECLS
