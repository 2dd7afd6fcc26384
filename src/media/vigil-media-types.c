/* vigil-media-types.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include "vigil-media-types.h"

G_DEFINE_BOXED_TYPE (VigilMediaInfo, vigil_media_info, vigil_media_info_copy, vigil_media_info_free)

VigilMediaInfo *
vigil_media_info_copy (const VigilMediaInfo *info)
{
  VigilMediaInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->video_codec = g_strdup (info->video_codec);
  copy->audio_codec = g_strdup (info->audio_codec);
  return copy;
}

void
vigil_media_info_free (VigilMediaInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->video_codec);
  g_free (info->audio_codec);
  g_free (info);
}

const char *
vigil_camera_loss_to_string (VigilCameraLoss loss)
{
  switch (loss)
    {
    case VIGIL_CAMERA_LOSS_NONE:
      return "";
    case VIGIL_CAMERA_LOSS_UNREACHABLE:
      return "unreachable";
    case VIGIL_CAMERA_LOSS_REFUSED:
      return "refused";
    case VIGIL_CAMERA_LOSS_UNAUTHORIZED:
      return "unauthorized";
    case VIGIL_CAMERA_LOSS_STALLED:
      return "stalled";
    case VIGIL_CAMERA_LOSS_ENDED:
      return "ended";
    case VIGIL_CAMERA_LOSS_ERROR:
    default:
      return "error";
    }
}
