/* vigil-camsim-camera.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-camsim-camera.h"

/* One simulated camera: what a --camera spec asked for, and the pipeline
 * that sends it. */
struct _VigilCamsimCamera
{
  GObject parent_instance;

  char *path;
  guint width;
  guint height;
  guint fps;
  char *codec;
  char *audio;
};

G_DEFINE_FINAL_TYPE (VigilCamsimCamera, vigil_camsim_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FPS,
  PROP_CODEC,
  PROP_AUDIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_WIDTH 640
#define DEFAULT_HEIGHT 360
#define DEFAULT_FPS 15
#define MIN_SIDE 16
#define MAX_SIDE 3840
#define MAX_FPS 60

static void
vigil_camsim_camera_finalize (GObject *object)
{
  VigilCamsimCamera *self = VIGIL_CAMSIM_CAMERA (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->codec, g_free);
  g_clear_pointer (&self->audio, g_free);

  G_OBJECT_CLASS (vigil_camsim_camera_parent_class)->finalize (object);
}

static void
vigil_camsim_camera_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilCamsimCamera *self = VIGIL_CAMSIM_CAMERA (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_FPS:
      g_value_set_uint (value, self->fps);
      break;
    case PROP_CODEC:
      g_value_set_string (value, self->codec);
      break;
    case PROP_AUDIO:
      g_value_set_string (value, self->audio);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camsim_camera_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilCamsimCamera *self = VIGIL_CAMSIM_CAMERA (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    case PROP_WIDTH:
      self->width = g_value_get_uint (value);
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_uint (value);
      break;
    case PROP_FPS:
      self->fps = g_value_get_uint (value);
      break;
    case PROP_CODEC:
      g_free (self->codec);
      self->codec = g_value_dup_string (value);
      break;
    case PROP_AUDIO:
      g_free (self->audio);
      self->audio = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camsim_camera_class_init (VigilCamsimCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                      G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_camsim_camera_finalize;
  object_class->get_property = vigil_camsim_camera_get_property;
  object_class->set_property = vigil_camsim_camera_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, MIN_SIDE, MAX_SIDE, DEFAULT_WIDTH, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, MIN_SIDE, MAX_SIDE, DEFAULT_HEIGHT, flags);
  properties[PROP_FPS] =
    g_param_spec_uint ("fps", NULL, NULL, 1, MAX_FPS, DEFAULT_FPS, flags);
  properties[PROP_CODEC] =
    g_param_spec_string ("codec", NULL, NULL, "h264", flags);
  properties[PROP_AUDIO] =
    g_param_spec_string ("audio", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_camsim_camera_init (VigilCamsimCamera *self)
{
}

/* The path is the mount point and the name burned into the picture, so it
 * stays to characters that need no quoting in either. */
static gboolean
path_is_valid (const char *path)
{
  if (path[0] == '\0' || path[0] == '/' || g_str_has_suffix (path, "/") || strstr (path, "//"))
    return FALSE;

  for (const char *p = path; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != '/')
      return FALSE;

  return strlen (path) <= 64;
}

static gboolean
parse_number (const char *text,
              gsize       length,
              guint       min,
              guint       max,
              guint      *out)
{
  g_autofree char *copy = g_strndup (text, length);
  guint64 value;

  if (!g_ascii_string_to_unsigned (copy, 10, min, max, &value, NULL))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

/* WIDTHxHEIGHT@FPS; even sides, which 4:2:0 encoders need. */
static gboolean
parse_format (const char *text,
              guint      *width,
              guint      *height,
              guint      *fps)
{
  const char *x = strchr (text, 'x');
  const char *at = x ? strchr (x, '@') : NULL;

  if (x == NULL || at == NULL ||
      !parse_number (text, x - text, MIN_SIDE, MAX_SIDE, width) ||
      !parse_number (x + 1, at - x - 1, MIN_SIDE, MAX_SIDE, height) ||
      !parse_number (at + 1, strlen (at + 1), 1, MAX_FPS, fps))
    return FALSE;

  return *width % 2 == 0 && *height % 2 == 0;
}

/**
 * vigil_camsim_camera_new_from_spec:
 * @spec: `PATH[:WIDTHxHEIGHT@FPS][,audio=aac|pcmu][,codec=h264|h265]`
 * @error: set when @spec is malformed
 *
 * Returns: (transfer full): the camera @spec describes, or %NULL
 */
VigilCamsimCamera *
vigil_camsim_camera_new_from_spec (const char  *spec,
                                   GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *path = NULL;
  const char *codec = "h264";
  const char *audio = NULL;
  guint width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT, fps = DEFAULT_FPS;
  char *colon;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = g_strsplit (spec, ",", -1);
  path = g_strdup (parts[0] ? parts[0] : "");

  colon = strchr (path, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      if (!parse_format (colon + 1, &width, &height, &fps))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("camera “%s”: malformed size “%s”: expected WIDTHxHEIGHT@FPS, "
                         "even sides from %d to %d, and 1 to %d frames a second"),
                       path, colon + 1, MIN_SIDE, MAX_SIDE, MAX_FPS);
          return NULL;
        }
    }

  if (!path_is_valid (path))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("malformed camera path “%s”: expected up to 64 letters, digits, “-”, “_”, “.” "
                     "and inner “/”"), path);
      return NULL;
    }

  for (guint i = 1; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], "audio=aac") || g_str_equal (parts[i], "audio=pcmu"))
        audio = parts[i] + strlen ("audio=");
      else if (g_str_equal (parts[i], "codec=h264") || g_str_equal (parts[i], "codec=h265"))
        codec = parts[i] + strlen ("codec=");
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("camera “%s”: unknown option “%s”: expected audio=aac, audio=pcmu, "
                         "codec=h264 or codec=h265"), path, parts[i]);
          return NULL;
        }
    }

  return g_object_new (VIGIL_TYPE_CAMSIM_CAMERA,
                       "path", path,
                       "width", width,
                       "height", height,
                       "fps", fps,
                       "codec", codec,
                       "audio", audio,
                       NULL);
}

const char *
vigil_camsim_camera_get_path (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);
  return self->path;
}

guint
vigil_camsim_camera_get_width (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), 0);
  return self->width;
}

guint
vigil_camsim_camera_get_height (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), 0);
  return self->height;
}

guint
vigil_camsim_camera_get_fps (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), 0);
  return self->fps;
}

const char *
vigil_camsim_camera_get_codec (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);
  return self->codec;
}

/* Returns: "aac", "pcmu", or %NULL for a camera without sound */
const char *
vigil_camsim_camera_get_audio (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);
  return self->audio;
}

/* The elements each part of the launch line needs, so that a missing
 * plugin is named at start rather than when the first client connects. */
static const char * const h264_elements[] = { "x264enc", "rtph264pay", NULL };
static const char * const h265_elements[] = { "x265enc", "rtph265pay", NULL };
static const char * const video_elements[] = { "videotestsrc", "textoverlay", "clockoverlay", "videoconvert", NULL };
static const char * const audio_elements[] = { "audiotestsrc", "audiomixer", "audioconvert", "audioresample", NULL };
static const char * const aac_elements[] = { "avenc_aac", "rtpmp4gpay", NULL };
static const char * const pcmu_elements[] = { "mulawenc", "rtppcmupay", NULL };

static gboolean
check_list (const char * const *names,
            GError            **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (names[i]);

      if (factory == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("the GStreamer element “%s” is not installed"), names[i]);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
vigil_camsim_camera_check_elements (VigilCamsimCamera  *self,
                                    GError            **error)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_list (video_elements, error) ||
      !check_list (g_str_equal (self->codec, "h265") ? h265_elements : h264_elements, error))
    return FALSE;

  if (self->audio == NULL)
    return TRUE;

  return check_list (audio_elements, error) &&
         check_list (g_str_equal (self->audio, "aac") ? aac_elements : pcmu_elements, error);
}

/**
 * vigil_camsim_camera_dup_launch_line:
 *
 * The picture is a bouncing ball (a frozen view shows at a glance) under the
 * camera's name and the wall clock; the encoder sends a keyframe every 2 s,
 * as IP cameras do. The sound is quiet pink noise with a half-second tone
 * every 5 s (audiotestsrc's ticks), mixed.
 *
 * Returns: (transfer full): the gst-rtsp-server launch line
 */
char *
vigil_camsim_camera_dup_launch_line (VigilCamsimCamera *self)
{
  GString *line;
  guint keyframe_interval;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);

  keyframe_interval = 2 * self->fps;
  line = g_string_new ("( ");
  g_string_append_printf (line,
                          "videotestsrc is-live=true pattern=ball animation-mode=running-time "
                          "! video/x-raw,width=%u,height=%u,framerate=%u/1 "
                          "! textoverlay text=\"%s\" valignment=top halignment=left "
                          "shaded-background=true font-desc=\"Sans 12\" "
                          "! clockoverlay time-format=\"%%Y-%%m-%%d %%H:%%M:%%S\" "
                          "valignment=bottom halignment=right shaded-background=true font-desc=\"Sans 12\" "
                          "! videoconvert ! video/x-raw,format=I420 ",
                          self->width, self->height, self->fps, self->path);

  if (g_str_equal (self->codec, "h265"))
    g_string_append_printf (line,
                            "! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%u "
                            "! rtph265pay name=pay0 pt=96 config-interval=-1 ",
                            keyframe_interval);
  else
    g_string_append_printf (line,
                            "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%u bframes=0 "
                            "! video/x-h264,profile=constrained-baseline "
                            "! rtph264pay name=pay0 pt=96 config-interval=-1 ",
                            keyframe_interval);

  if (self->audio != NULL)
    {
      gboolean aac = g_str_equal (self->audio, "aac");

      g_string_append_printf (line,
                              "audiotestsrc is-live=true wave=pink-noise volume=0.03 samplesperbuffer=%u "
                              "! audiomixer name=mix ! audioconvert ! audioresample "
                              "! audio/x-raw,rate=%u,channels=1 ",
                              aac ? 1024 : 160, aac ? 16000 : 8000);
      if (aac)
        g_string_append (line, "! avenc_aac ! rtpmp4gpay name=pay1 pt=97 ");
      else
        g_string_append (line, "! mulawenc ! rtppcmupay name=pay1 ");

      g_string_append_printf (line,
                              "audiotestsrc is-live=true wave=ticks freq=440 sine-periods-per-tick=220 "
                              "tick-interval=5000000000 volume=0.5 samplesperbuffer=%u ! mix. ",
                              aac ? 1024 : 160);
    }

  g_string_append (line, ")");
  return g_string_free (line, FALSE);
}

/**
 * vigil_camsim_camera_create_factory:
 * @clock: the clock the camera's pipeline runs on
 *
 * The media is shared, so that every client of a mount sees one encoding,
 * as with a real camera, and runs on @clock: a real-time system clock makes
 * the RTCP sender reports map RTP time to the wall clock, which is how the
 * receiving end reads back each frame's capture time.
 *
 * Returns: (transfer full): a factory for the camera's mount
 */
GstRTSPMediaFactory *
vigil_camsim_camera_create_factory (VigilCamsimCamera *self,
                                    GstClock          *clock)
{
  g_autofree char *launch = NULL;
  GstRTSPMediaFactory *factory;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);
  g_return_val_if_fail (GST_IS_CLOCK (clock), NULL);

  launch = vigil_camsim_camera_dup_launch_line (self);
  factory = gst_rtsp_media_factory_new ();
  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  gst_rtsp_media_factory_set_clock (factory, clock);
  /* Clients leave and return (tests kill and restart them); a shared media
   * that stops when the last leaves starts afresh for the next. */
  gst_rtsp_media_factory_set_suspend_mode (factory, GST_RTSP_SUSPEND_MODE_NONE);
  gst_rtsp_media_factory_set_eos_shutdown (factory, FALSE);

  return factory;
}
