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

#include "vigil-camsim-clip.h"
#include "vigil-camsim-camera.h"

/* What a camera's sound track is made of. The sample counts make 20 ms
 * packets for G.711 and Opus and one AAC frame a buffer. */
typedef struct
{
  const char *name;
  guint rate;
  guint samples_per_buffer;
  const char *encoder;
  const char *payloader;
} AudioCodec;

static const AudioCodec audio_codecs[] = {
  { "aac", 16000, 1024, "avenc_aac", "rtpmp4gpay name=pay1 pt=97" },
  { "pcmu", 8000, 160, "mulawenc", "rtppcmupay name=pay1" },
  { "pcma", 8000, 160, "alawenc", "rtppcmapay name=pay1" },
  { "opus", 48000, 960, "opusenc", "rtpopuspay name=pay1 pt=97" },
};

/* What a camera looks at: videotestsrc's settings for each scene. */
typedef struct
{
  const char *name;
  const char *source;
} Scene;

static const Scene scenes[] = {
  /* A ball that never stops: a frozen view shows at a glance. */
  { "ball", "pattern=ball" },
  /* A night-vision view: grey on near black, the ball still moving. */
  { "night", "pattern=ball foreground-color=0xff8c8c8c background-color=0xff141414" },
  /* An empty room: nothing moves but the burned-in clock. */
  { "still", "pattern=gradient foreground-color=0xffa8a8a0 background-color=0xff3c3c3c" },
};

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
  char *scene;
  gboolean replay;
  /* kbit/s; 0 leaves the encoder's own default. */
  guint bitrate;

  /* A replay camera's clip, from vigil_camsim_camera_prepare_replay(). */
  VigilCamsimClip *clip;
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
  PROP_SCENE,
  PROP_REPLAY,
  PROP_BITRATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_WIDTH 640
#define DEFAULT_HEIGHT 360
#define DEFAULT_FPS 15
#define MIN_SIDE 16
#define MAX_SIDE 3840
#define MAX_FPS 60
/* kbit/s, as x264enc and x265enc take it. */
#define MIN_BITRATE 16
#define MAX_BITRATE 100000
/* As IP cameras send: a keyframe every 2 s. */
#define KEYFRAME_SECONDS 2
/* A replay clip: two keyframe intervals, so the loop shows both the
 * keyframe within the clip and the one where it starts again. */
#define CLIP_SECONDS (2 * KEYFRAME_SECONDS)

static void
vigil_camsim_camera_dispose (GObject *object)
{
  VigilCamsimCamera *self = VIGIL_CAMSIM_CAMERA (object);

  g_clear_object (&self->clip);

  G_OBJECT_CLASS (vigil_camsim_camera_parent_class)->dispose (object);
}

static void
vigil_camsim_camera_finalize (GObject *object)
{
  VigilCamsimCamera *self = VIGIL_CAMSIM_CAMERA (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->codec, g_free);
  g_clear_pointer (&self->audio, g_free);
  g_clear_pointer (&self->scene, g_free);

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
    case PROP_SCENE:
      g_value_set_string (value, self->scene);
      break;
    case PROP_REPLAY:
      g_value_set_boolean (value, self->replay);
      break;
    case PROP_BITRATE:
      g_value_set_uint (value, self->bitrate);
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
    case PROP_SCENE:
      g_free (self->scene);
      self->scene = g_value_dup_string (value);
      break;
    case PROP_REPLAY:
      self->replay = g_value_get_boolean (value);
      break;
    case PROP_BITRATE:
      self->bitrate = g_value_get_uint (value);
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

  object_class->dispose = vigil_camsim_camera_dispose;
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
  properties[PROP_SCENE] =
    g_param_spec_string ("scene", NULL, NULL, "ball", flags);
  /**
   * VigilCamsimCamera:replay:
   *
   * Whether the camera sends a short clip, encoded once, in a loop with
   * live timestamps, rather than encoding live: for benches, which must
   * not measure the camera server.
   */
  properties[PROP_REPLAY] =
    g_param_spec_boolean ("replay", NULL, NULL, FALSE, flags);
  /**
   * VigilCamsimCamera:bitrate:
   *
   * The video encoder's bitrate in kbit/s, or 0 for the encoder's own
   * default (2048 for x264enc and x265enc, which the simple scenes do not
   * reach). H.264 is padded with filler data to exactly this rate; H.265
   * sends at most this.
   */
  properties[PROP_BITRATE] =
    g_param_spec_uint ("bitrate", NULL, NULL, 0, MAX_BITRATE, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_camsim_camera_init (VigilCamsimCamera *self)
{
}

static const AudioCodec *
find_audio_codec (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (audio_codecs); i++)
    if (g_str_equal (audio_codecs[i].name, name))
      return &audio_codecs[i];

  return NULL;
}

static const Scene *
find_scene (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (scenes); i++)
    if (g_str_equal (scenes[i].name, name))
      return &scenes[i];

  return NULL;
}

/**
 * vigil_camsim_scene_is_known:
 * @scene: a scene's name
 *
 * Returns: whether @scene is one of "ball", "night" or "still"
 */
gboolean
vigil_camsim_scene_is_known (const char *scene)
{
  g_return_val_if_fail (scene != NULL, FALSE);
  return find_scene (scene) != NULL;
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
 * @spec: `PATH[:WIDTHxHEIGHT@FPS][,audio=aac|pcmu|pcma|opus][,codec=h264|h265]
 *   [,scene=ball|night|still][,bitrate=KBPS][,replay]`; bitrate is the video
 *   encoder's, in kbit/s from 16 to 100000 (constant, filler-padded, for
 *   H.264; at most that for H.265), the encoder's default (2048) when absent
 * @default_scene: the scene when @spec names none; one that
 *   vigil_camsim_scene_is_known()
 * @replay: whether the camera replays a clip even if @spec does not say so
 * @error: set when @spec is malformed
 *
 * Returns: (transfer full): the camera @spec describes, or %NULL
 */
VigilCamsimCamera *
vigil_camsim_camera_new_from_spec (const char  *spec,
                                   const char  *default_scene,
                                   gboolean     replay,
                                   GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *path = NULL;
  const char *codec = "h264";
  const char *audio = NULL;
  const char *scene = default_scene;
  guint width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT, fps = DEFAULT_FPS;
  guint bitrate = 0;
  char *colon;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (default_scene != NULL && find_scene (default_scene) != NULL, NULL);
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
      const char *value = strchr (parts[i], '=') ? strchr (parts[i], '=') + 1 : NULL;

      if (g_str_has_prefix (parts[i], "audio=") && find_audio_codec (value) != NULL)
        audio = value;
      else if (g_str_equal (parts[i], "codec=h264") || g_str_equal (parts[i], "codec=h265"))
        codec = value;
      else if (g_str_has_prefix (parts[i], "scene=") && find_scene (value) != NULL)
        scene = value;
      else if (g_str_has_prefix (parts[i], "bitrate=") &&
               parse_number (parts[i] + strlen ("bitrate="), strlen (parts[i] + strlen ("bitrate=")),
                             MIN_BITRATE, MAX_BITRATE, &bitrate))
        ;
      else if (g_str_equal (parts[i], "replay"))
        replay = TRUE;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("camera “%s”: unknown option “%s”: expected audio=aac|pcmu|pcma|opus, "
                         "codec=h264|h265, scene=ball|night|still, bitrate=%d to %d (kbit/s) or replay"),
                       path, parts[i], MIN_BITRATE, MAX_BITRATE);
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
                       "scene", scene,
                       "replay", replay,
                       "bitrate", bitrate,
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

/* Returns: "aac", "pcmu", "pcma", "opus", or %NULL for a camera without
 * sound */
const char *
vigil_camsim_camera_get_audio (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);
  return self->audio;
}

const char *
vigil_camsim_camera_get_scene (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);
  return self->scene;
}

gboolean
vigil_camsim_camera_get_replay (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), FALSE);
  return self->replay;
}

/* Returns: the video encoder's bitrate in kbit/s, or 0 for its default */
guint
vigil_camsim_camera_get_bitrate (VigilCamsimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), 0);
  return self->bitrate;
}

/* The elements each part of the launch line needs, so that a missing
 * plugin is named at start rather than when the first client connects. */
static const char * const h264_elements[] = { "x264enc", "rtph264pay", NULL };
static const char * const h265_elements[] = { "x265enc", "rtph265pay", NULL };
static const char * const video_elements[] = { "videotestsrc", "textoverlay", "clockoverlay", "videoconvert", NULL };
static const char * const audio_elements[] = { "audiotestsrc", "audiomixer", "audioconvert", "audioresample", NULL };
static const char * const replay_elements[] = { "appsrc", "clocksync", "fakesink", "timeoverlay", NULL };

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

/* The first word of a gst-launch element description. */
static gboolean
check_element (const char  *description,
               GError     **error)
{
  g_autofree char *name = g_strndup (description, strcspn (description, " "));
  const char * const names[] = { name, NULL };

  return check_list (names, error);
}

gboolean
vigil_camsim_camera_check_elements (VigilCamsimCamera  *self,
                                    GError            **error)
{
  const AudioCodec *audio;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_list (video_elements, error) ||
      !check_list (g_str_equal (self->codec, "h265") ? h265_elements : h264_elements, error) ||
      (self->replay && !check_list (replay_elements, error)))
    return FALSE;

  audio = find_audio_codec (self->audio);
  if (audio == NULL)
    return TRUE;

  return check_list (audio_elements, error) &&
         check_element (audio->encoder, error) &&
         check_element (audio->payloader, error);
}

/* The picture, raw: the scene under a label at the top left and a clock at
 * the bottom right. Live, the label is the camera's path and the clock the
 * wall clock; in a replay clip, which cameras of one kind share, the label
 * names the clip and the clock shows the time into the loop. */
static void
append_picture (VigilCamsimCamera *self,
                GString           *line,
                gboolean           clip)
{
  const char *overlay = "valignment=bottom halignment=right shaded-background=true font-desc=\"Sans 12\" ";

  g_string_append (line, "videotestsrc ");
  if (clip)
    g_string_append_printf (line, "num-buffers=%u animation-mode=frames ", CLIP_SECONDS * self->fps);
  else
    g_string_append (line, "is-live=true animation-mode=running-time ");
  g_string_append_printf (line,
                          "%s ! video/x-raw,width=%u,height=%u,framerate=%u/1 ",
                          find_scene (self->scene)->source, self->width, self->height, self->fps);

  g_string_append (line, "! textoverlay text=\"");
  if (clip)
    g_string_append_printf (line, "replay %ux%u@%u", self->width, self->height, self->fps);
  else
    g_string_append (line, self->path);
  g_string_append (line, "\" valignment=top halignment=left shaded-background=true font-desc=\"Sans 12\" ");

  if (clip)
    g_string_append_printf (line, "! timeoverlay %s", overlay);
  else
    g_string_append_printf (line, "! clockoverlay time-format=\"%%Y-%%m-%%d %%H:%%M:%%S\" %s", overlay);

  g_string_append (line, "! videoconvert ! video/x-raw,format=I420 ");
}

/* The same encoder live and in a clip: a keyframe every 2 s with the
 * parameter sets before it, no B-frames, at the bitrate asked for (in the
 * line, so that a clip's description tells bitrates apart). The simulated
 * scenes are so simple that x264 would send a fifth of the rate asked; as
 * a camera set to a constant bitrate does, it pads with filler data. */
static void
append_video_encoder (VigilCamsimCamera *self,
                      GString           *line)
{
  guint keyframe_interval = KEYFRAME_SECONDS * self->fps;
  g_autofree char *bitrate = NULL;

  if (self->bitrate == 0)
    bitrate = g_strdup ("");
  else if (g_str_equal (self->codec, "h265"))
    bitrate = g_strdup_printf ("bitrate=%u ", self->bitrate);
  else
    bitrate = g_strdup_printf ("bitrate=%u option-string=nal-hrd=cbr:filler ", self->bitrate);

  if (g_str_equal (self->codec, "h265"))
    g_string_append_printf (line,
                            "! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%u %s"
                            "! video/x-h265,stream-format=byte-stream,alignment=au ",
                            keyframe_interval, bitrate);
  else
    g_string_append_printf (line,
                            "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%u bframes=0 %s"
                            "! video/x-h264,profile=constrained-baseline,stream-format=byte-stream,"
                            "alignment=au ",
                            keyframe_interval, bitrate);
}

static const char *
video_payloader (VigilCamsimCamera *self)
{
  if (g_str_equal (self->codec, "h265"))
    return "rtph265pay name=pay0 pt=96 config-interval=-1 ";

  return "rtph264pay name=pay0 pt=96 config-interval=-1 ";
}

/* Quiet pink noise with a half-second tone every 5 s (audiotestsrc's
 * ticks), mixed and encoded, up to the encoder; a clip's sources stop after
 * CLIP_SECONDS. The mixer's second input is left for append_ticks(). */
static void
append_sound (const AudioCodec *audio,
              GString          *line,
              gboolean          clip)
{
  g_autofree char *length = NULL;

  if (clip)
    length = g_strdup_printf ("num-buffers=%u",
                              (CLIP_SECONDS * audio->rate + audio->samples_per_buffer - 1) /
                              audio->samples_per_buffer);
  else
    length = g_strdup ("is-live=true");

  g_string_append_printf (line,
                          "audiotestsrc %s wave=ticks freq=440 sine-periods-per-tick=220 "
                          "tick-interval=5000000000 volume=0.5 samplesperbuffer=%u ! mix. ",
                          length, audio->samples_per_buffer);
  g_string_append_printf (line,
                          "audiotestsrc %s wave=pink-noise volume=0.03 samplesperbuffer=%u "
                          "! audiomixer name=mix ! audioconvert ! audioresample "
                          "! audio/x-raw,rate=%u,channels=1 ! %s ",
                          length, audio->samples_per_buffer, audio->rate, audio->encoder);
}

/**
 * vigil_camsim_camera_dup_launch_line:
 *
 * A live camera encodes as it goes; a replay camera's appsrcs are fed from
 * its clip (see vigil_camsim_camera_create_factory()), each through a
 * clocksync that lets a buffer go at its time.
 *
 * Returns: (transfer full): the gst-rtsp-server launch line
 */
char *
vigil_camsim_camera_dup_launch_line (VigilCamsimCamera *self)
{
  const AudioCodec *audio;
  GString *line;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);

  audio = find_audio_codec (self->audio);
  line = g_string_new ("( ");

  if (self->replay)
    {
      g_string_append_printf (line, "appsrc name=video ! clocksync ! %s", video_payloader (self));
      if (audio != NULL)
        g_string_append_printf (line, "appsrc name=audio ! clocksync ! %s ", audio->payloader);
    }
  else
    {
      append_picture (self, line, FALSE);
      append_video_encoder (self, line);
      g_string_append_printf (line, "! %s", video_payloader (self));
      if (audio != NULL)
        {
          append_sound (audio, line, FALSE);
          g_string_append_printf (line, "! %s ", audio->payloader);
        }
    }

  g_string_append (line, ")");
  return g_string_free (line, FALSE);
}

/**
 * vigil_camsim_camera_dup_clip_description:
 *
 * What encodes a replay camera's clip: CLIP_SECONDS of the same picture,
 * sound and encoder as live, into fakesinks named "video" and "audio". It
 * names nothing of the camera's own, so cameras of one size, rate, codec,
 * sound and scene share one clip.
 *
 * Returns: (transfer full): a gst-launch description
 */
char *
vigil_camsim_camera_dup_clip_description (VigilCamsimCamera *self)
{
  const AudioCodec *audio;
  GString *line;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), NULL);

  audio = find_audio_codec (self->audio);
  line = g_string_new (NULL);

  append_picture (self, line, TRUE);
  append_video_encoder (self, line);
  g_string_append (line, "! fakesink name=video ");
  if (audio != NULL)
    {
      append_sound (audio, line, TRUE);
      g_string_append (line, "! fakesink name=audio ");
    }

  return g_string_free (line, FALSE);
}

/**
 * vigil_camsim_camera_prepare_replay:
 * @clips: (element-type utf8 VigilCamsimClip): clips already encoded, by
 *   their description; one encoded here is added
 * @error: set when the clip cannot be encoded
 *
 * Gives a replay camera its clip: one from @clips that another camera of
 * the same kind uses, or one encoded now. Does nothing for a live camera.
 *
 * Returns: %FALSE with @error set when the clip cannot be encoded
 */
gboolean
vigil_camsim_camera_prepare_replay (VigilCamsimCamera  *self,
                                    GHashTable         *clips,
                                    GError            **error)
{
  g_autofree char *description = NULL;
  VigilCamsimClip *clip;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CAMERA (self), FALSE);
  g_return_val_if_fail (clips != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->replay || self->clip != NULL)
    return TRUE;

  description = vigil_camsim_camera_dup_clip_description (self);
  clip = g_hash_table_lookup (clips, description);
  if (clip == NULL)
    {
      clip = vigil_camsim_clip_new_encoded (description, error);
      if (clip == NULL)
        return FALSE;
      g_hash_table_insert (clips, g_steal_pointer (&description), clip);
    }

  self->clip = g_object_ref (clip);
  return TRUE;
}

/* Each new media (the first client of a mount, or the first after all
 * left) gets feeders of its own, which start the loop from its start. */
static void
on_media_configure (GstRTSPMediaFactory *factory,
                    GstRTSPMedia        *media,
                    gpointer             user_data)
{
  VigilCamsimCamera *self = user_data;
  g_autoptr(GstElement) element = gst_rtsp_media_get_element (media);
  const char * const tracks[] = { "video", "audio" };

  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_autoptr(GstElement) appsrc = NULL;

      if (!vigil_camsim_clip_has_track (self->clip, tracks[i]))
        continue;

      appsrc = gst_bin_get_by_name (GST_BIN (element), tracks[i]);
      g_assert (appsrc != NULL);
      vigil_camsim_clip_feed (self->clip, tracks[i], appsrc);
    }
}

/**
 * vigil_camsim_camera_create_factory:
 * @clock: the clock the camera's pipeline runs on
 *
 * The media is shared, so that every client of a mount sees one encoding,
 * as with a real camera, and runs on @clock: a real-time system clock makes
 * the RTCP sender reports map RTP time to the wall clock, which is how the
 * receiving end reads back each frame's capture time. A replay camera must
 * have its clip (vigil_camsim_camera_prepare_replay()) first.
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
  g_return_val_if_fail (!self->replay || self->clip != NULL, NULL);

  launch = vigil_camsim_camera_dup_launch_line (self);
  factory = gst_rtsp_media_factory_new ();
  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  gst_rtsp_media_factory_set_clock (factory, clock);
  /* Clients leave and return (tests kill and restart them); a shared media
   * that stops when the last leaves starts afresh for the next. */
  gst_rtsp_media_factory_set_suspend_mode (factory, GST_RTSP_SUSPEND_MODE_NONE);
  gst_rtsp_media_factory_set_eos_shutdown (factory, FALSE);

  if (self->replay)
    g_signal_connect_object (factory, "media-configure", G_CALLBACK (on_media_configure), self, 0);

  return factory;
}
