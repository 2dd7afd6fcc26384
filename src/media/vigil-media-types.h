/* vigil-media-types.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The media library's enums, registered as GTypes by gnome.mkenums_simple
 * (vigil-media-enums.h). */

typedef enum
{
  VIGIL_CAMERA_STATE_STOPPED,
  VIGIL_CAMERA_STATE_CONNECTING,  /* the first connection since start */
  VIGIL_CAMERA_STATE_PLAYING,     /* video arriving */
  VIGIL_CAMERA_STATE_LOST,        /* and retrying */
} VigilCameraState;

typedef enum
{
  VIGIL_CAMERA_LOSS_NONE,
  VIGIL_CAMERA_LOSS_UNREACHABLE,   /* no answer from the host, or no route */
  VIGIL_CAMERA_LOSS_REFUSED,       /* nothing listens on the port */
  VIGIL_CAMERA_LOSS_UNAUTHORIZED,  /* wrong or missing credentials */
  VIGIL_CAMERA_LOSS_STALLED,       /* connected, but no video */
  VIGIL_CAMERA_LOSS_ENDED,         /* the camera ended the stream */
  VIGIL_CAMERA_LOSS_ERROR,         /* anything else, said in the detail */
} VigilCameraLoss;

typedef enum
{
  VIGIL_MEDIA_KIND_VIDEO,
  VIGIL_MEDIA_KIND_AUDIO,
} VigilMediaKind;

/* The sound level of a camera without sound, or silent, in dBFS. */
#define VIGIL_SOUND_LEVEL_SILENCE -100.0

/* What a camera sends. Codecs are "h264", "h265"; "aac", "pcmu", "pcma",
 * "opus". */
typedef struct
{
  char  *video_codec;
  guint  width;
  guint  height;
  guint  fps_n;          /* 0 where the stream does not say */
  guint  fps_d;
  char  *audio_codec;    /* %NULL: no sound */
  guint  audio_rate;
  guint  audio_channels;
} VigilMediaInfo;

#define VIGIL_TYPE_MEDIA_INFO (vigil_media_info_get_type ())

GType           vigil_media_info_get_type (void) G_GNUC_CONST;
VigilMediaInfo *vigil_media_info_copy     (const VigilMediaInfo *info);
void            vigil_media_info_free     (VigilMediaInfo       *info);

/* "unreachable", "refused", …: the words `vigilctl camera check --json`
 * writes; "" for NONE. */
const char     *vigil_camera_loss_to_string (VigilCameraLoss loss);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilMediaInfo, vigil_media_info_free)

G_END_DECLS
