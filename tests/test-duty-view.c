/* test-duty-view.c: the duty view in a real window on the tests' display,
 * with a real site and a simulated camera: the room live, the alarm when
 * the camera dies (on the record, acknowledged, and its return), handing
 * the duty over and ending it with a summary.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-duty-view"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "media-test-utils.h"
#include "vigil-duty-finish-dialog.h"
#include "vigil-duty-view.h"
#include "vigil-video-paintable.h"

#define PASSWORD        "duty-password"
#define CAMERA_USER     "viewer"
#define CAMERA_PASSWORD "Cot-Quiet-Lamp-7"
#define CASE_REF        "AB-123"
#define SUMMARY         "Baby settled at 22:10; woke 02:30, mother fed and settled her by 03:00.\n"
/* The alarm is raised within the camera source's 3 s loss deadline: wait
 * twice that. */
#define ALARM_WAIT_US   MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US)
/* The core's calls run on the site's worker, a moment after the click. */
#define CORE_WAIT_US    (10 * G_USEC_PER_SEC)

/* Two operators, and one family in Room 1 at stage 3 with no observation
 * window: a room the policy shows only for a safeguarding concern, or to
 * the operator on duty for the family. */
static void
build_site (VigilSite    *site,
            VigilSession *manager,
            const char   *dir)
{
  g_autoptr(VigilFamily) family = vigil_family_new (CASE_REF, "K.M.", "Room 1", "2025-01-06");
  g_autoptr(GError) error = NULL;

  vigil_test_add_staff (site, manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (site, manager, "jdavies", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  g_assert_true (vigil_site_add_room (site, manager, "Room 1", NULL, &error));
  g_assert_no_error (error);
  vigil_family_set_agreement (family, "2025-01-06", TRUE);
  g_assert_true (vigil_site_add_family (site, manager, family, VIGIL_STATE_STAGE_3, NULL, &error));
  g_assert_no_error (error);
}

/* ---- reading the window ------------------------------------------------- */

static gpointer
part (gpointer     widget,
      GType        type,
      const char  *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

#define VIEW_PART(view, name) part ((view), VIGIL_TYPE_DUTY_VIEW, (name))
#define DIALOG_PART(dialog, name) part ((dialog), VIGIL_TYPE_DUTY_FINISH_DIALOG, (name))

typedef struct
{
  GtkLabel   *label;
  const char *prefix;
} LabelWanted;

static gboolean
label_says (gpointer data)
{
  LabelWanted *wanted = data;

  return gtk_widget_is_visible (GTK_WIDGET (wanted->label)) &&
         g_str_has_prefix (gtk_label_get_text (wanted->label), wanted->prefix);
}

static void
wait_label (GtkLabel   *label,
            const char *prefix,
            gint64      timeout_us)
{
  LabelWanted wanted = { label, prefix };

  if (!camsim_wait_for (label_says, &wanted, timeout_us))
    g_error ("the label says “%s” after %.1f s, not “%s…”", gtk_label_get_text (label), timeout_us / 1e6, prefix);
}

static gboolean
has_picture (gpointer data)
{
  GtkPicture *picture = data;
  GdkPaintable *paintable = gtk_picture_get_paintable (picture);

  return VIGIL_IS_VIDEO_PAINTABLE (paintable) &&
         vigil_video_paintable_get_texture (VIGIL_VIDEO_PAINTABLE (paintable)) != NULL;
}

/* Live: the state says so and the camera's frames are in the picture. */
static void
wait_live (VigilDutyView *view)
{
  LabelWanted live = { VIEW_PART (view, "state_label"), "Live" };
  GtkLabel *refusal = VIEW_PART (view, "error_label");

  if (!camsim_wait_for (label_says, &live, MEDIA_START_WAIT_US))
    g_error ("not live after %.1f s: “%s” (%s)", MEDIA_START_WAIT_US / 1e6, gtk_label_get_text (live.label),
             gtk_widget_get_visible (GTK_WIDGET (refusal)) ? gtk_label_get_text (refusal) : "no refusal");
  g_assert_true (camsim_wait_for (has_picture, VIEW_PART (view, "picture"), MEDIA_START_WAIT_US));
}

static gboolean
not_shown (gpointer data)
{
  return !gtk_widget_is_visible (data);
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (data);
}

static gboolean
hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (data);
}

/* A widget's picture as it was just drawn: taken after a frame's paint,
 * when its size is settled (the sound level's label changes it often). */
static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  GdkPaintable **image = user_data;
  GtkWidget *widget = g_object_get_data (G_OBJECT (clock), "test-widget");
  g_autoptr(GdkPaintable) paintable = NULL;

  if (*image != NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  if (gdk_paintable_get_intrinsic_width (paintable) > 0)
    *image = gdk_paintable_get_current_image (paintable);
}

static gboolean
image_taken (gpointer data)
{
  return *(GdkPaintable **) data != NULL;
}

/* The window's content as a PNG beside the test logs ($VIGIL_TEST_LOG_DIR,
 * which tests/meson.build sets to meson-logs). A window paints itself on
 * its surface only, so its child is taken. */
static void
save_screenshot (GtkWindow  *window,
                 const char *name)
{
  GtkWidget *widget = gtk_window_get_child (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autoptr(GdkPaintable) image = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const char *dir = g_getenv ("VIGIL_TEST_LOG_DIR");
  g_autofree char *file = g_strdup_printf ("test-duty-view-%s.png", name);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), file, NULL);
  gulong handler;

  g_assert_nonnull (clock);
  g_object_set_data (G_OBJECT (clock), "test-widget", widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &image);
  gtk_widget_queue_draw (widget);
  g_assert_true (camsim_wait_for (image_taken, &image, 5 * G_USEC_PER_SEC));
  g_signal_handler_disconnect (clock, handler);

  gdk_paintable_snapshot (image, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* ---- the trail ---------------------------------------------------------- */

typedef struct
{
  VigilSite  *site;
  const char *actor;
  const char *action;
  const char *reason_prefix;
} EntryWanted;

static gboolean
has_entry (gpointer data)
{
  EntryWanted *wanted = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (wanted->site), 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (vigil_audit_entry_get_action (entry), wanted->action) == 0 &&
          g_strcmp0 (vigil_audit_entry_get_actor (entry), wanted->actor) == 0 &&
          g_str_has_prefix (vigil_audit_entry_get_reason (entry), wanted->reason_prefix))
        return TRUE;
    }
  return FALSE;
}

static void
wait_entry (VigilSite  *site,
            const char *actor,
            const char *action,
            const char *reason_prefix)
{
  EntryWanted wanted = { site, actor, action, reason_prefix };

  if (!camsim_wait_for (has_entry, &wanted, CORE_WAIT_US))
    g_error ("no audit entry %s by %s with a reason starting “%s”", action, actor, reason_prefix);
}

/* ---- the dialogs -------------------------------------------------------- */

static gboolean
finish_dialog_open (gpointer data)
{
  VigilDutyFinishDialog **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VIGIL_IS_DUTY_FINISH_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *dialog = VIGIL_DUTY_FINISH_DIALOG (window);
          return TRUE;
        }
    }
  *dialog = NULL;
  return FALSE;
}

static gboolean
finish_dialog_closed (gpointer data)
{
  VigilDutyFinishDialog *dialog = NULL;

  return !finish_dialog_open (&dialog);
}

/* Presses a button of the view as a user would, after checking it can be. */
static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

static VigilDutyFinishDialog *
open_finish_dialog (VigilDutyView *view,
                    const char    *button)
{
  VigilDutyFinishDialog *dialog = NULL;

  press (VIEW_PART (view, button));
  g_assert_true (camsim_wait_for (finish_dialog_open, &dialog, CORE_WAIT_US));
  return dialog;
}

static void
set_summary (VigilDutyFinishDialog *dialog,
             const char            *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (DIALOG_PART (dialog, "summary")), text, -1);
}

typedef struct
{
  GtkWidget  *box;
  const char *username;
  GtkWidget  *found;
} ColleagueWanted;

static gboolean
colleague_listed (gpointer data)
{
  ColleagueWanted *wanted = data;

  for (GtkWidget *child = gtk_widget_get_first_child (wanted->box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "vigil-key"), wanted->username) == 0)
      {
        wanted->found = child;
        return TRUE;
      }
  return FALSE;
}

static void
on_duty_finished (VigilDutyView *view,
                  VigilDuty     *duty,
                  gpointer       user_data)
{
  guint *finished = user_data;

  g_assert_true (VIGIL_IS_DUTY (duty));
  (*finished)++;
}

typedef struct
{
  guint *count;
  guint  wanted;
} CountWanted;

static gboolean
count_reached (gpointer data)
{
  CountWanted *wanted = data;

  return *wanted->count >= wanted->wanted;
}

static void
wait_finished (guint *finished,
               guint  wanted)
{
  CountWanted count = { finished, wanted };

  g_assert_true (camsim_wait_for (count_reached, &count, CORE_WAIT_US));
  g_assert_true (camsim_wait_for (finish_dialog_closed, NULL, CORE_WAIT_US));
}

/* ---- the test ----------------------------------------------------------- */

static void
add_room_camera (VigilSite    *site,
                 VigilSession *manager,
                 Camsim       *camsim)
{
  g_autofree char *url = camsim_url (camsim, "room1");
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Room 1 cot", VIGIL_LOCATION_FAMILY_ROOM, "Room 1", url, NULL, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_camera (site, manager, camera, CAMERA_USER, CAMERA_PASSWORD, NULL, &error));
  g_assert_no_error (error);
}

static VigilDuty *
open_duty (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  VigilDuty *duty = vigil_site_get_open_duty (site, CASE_REF, &error);

  g_assert_no_error (error);
  return duty;
}

static void
test_duty (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--auth", CAMERA_USER ":" CAMERA_PASSWORD,
                                           "--camera", "room1:640x360@15,audio=aac", NULL);
  g_autofree char *dir = NULL;
  VigilSite *site = vigil_test_site_new_built (build_site, &dir);
  VigilSession *manager = vigil_test_login_manager (site);
  VigilSession *okhan = vigil_test_login (site, "okhan", PASSWORD);
  VigilSession *jdavies = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) handed = NULL;
  g_autoptr(VigilDuty) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refusal = NULL;
  VigilDutyFinishDialog *dialog;
  ColleagueWanted colleague = { 0 };
  GtkWindow *window;
  VigilDutyView *view;
  guint finished = 0;

  /* Replayed clips and the camera's credentials from the keyring. */
  vigil_test_tolerate ("vigil-app", G_LOG_LEVEL_WARNING, "The alarm sound cannot be played");
  add_room_camera (site, manager, camsim);
  /* The simulated room's quiet noise is louder than -60 dBFS: an alert
   * after a second of it. */
  g_assert_true (vigil_site_set_setting (site, manager, VIGIL_SETTING_SOUND_ALERT_DB, "60", "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_set_setting (site, manager, VIGIL_SETTING_SOUND_ALERT_SECONDS, "1", "test", &error));
  g_assert_no_error (error);
  duty = vigil_site_start_duty (site, okhan, CASE_REF, "okhan", &error);
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 960, 720);
  view = g_object_new (VIGIL_TYPE_DUTY_VIEW, NULL);
  g_signal_connect (view, "duty-finished", G_CALLBACK (on_duty_finished), &finished);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  vigil_duty_view_set_duty (view, site, okhan, duty);

  /* The room live, with its sound, on the record as the duty's view. */
  wait_live (view);
  wait_label (VIEW_PART (view, "title"), "Room 1 — K.M.", CORE_WAIT_US);
  wait_label (VIEW_PART (view, "level_label"), "-", MEDIA_START_WAIT_US);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (VIEW_PART (view, "level_label")), " dB"));
  wait_entry (site, "okhan", "live-view-started", "on duty for family " CASE_REF);
  if (gtk_revealer_get_reveal_child (VIEW_PART (view, "alarm_revealer")))
    g_error ("an alarm before the camera died: “%s”", gtk_label_get_text (VIEW_PART (view, "alarm_label")));
  save_screenshot (window, "live");

  /* The sound above the site's level for its time: an alert in words,
   * until acknowledged. */
  wait_label (VIEW_PART (view, "loud_label"), "Loud sound in Room 1 since ", CORE_WAIT_US);
  press (VIEW_PART (view, "acknowledge_loud"));
  g_assert_true (camsim_wait_for (not_shown, VIEW_PART (view, "loud_label"), CORE_WAIT_US));

  /* The camera dies: the banner, in words, within twice the deadline; the
   * loss on the record with the camera's words. */
  camsim_kill (camsim);
  g_assert_true (camsim_wait_for (revealed, VIEW_PART (view, "alarm_revealer"), ALARM_WAIT_US));
  wait_label (VIEW_PART (view, "alarm_label"), "Picture lost in Room 1 at ", 0);
  wait_label (VIEW_PART (view, "state_label"), "No signal since ", 0);
  wait_entry (site, "okhan", "duty-alarm-lost", "picture: ");
  save_screenshot (window, "alarm");

  /* Locked, the alarm is still acknowledged, and recorded; nothing else
   * can be done. */
  g_assert_true (vigil_site_lock_session (site, okhan, "by hand", &error));
  g_assert_no_error (error);
  vigil_duty_view_set_locked (view, TRUE);
  g_assert_false (gtk_widget_is_sensitive (VIEW_PART (view, "end_duty")));
  g_assert_false (gtk_widget_is_sensitive (VIEW_PART (view, "hand_over")));
  g_assert_false (gtk_widget_is_sensitive (VIEW_PART (view, "write_note")));
  g_assert_false (gtk_widget_is_sensitive (VIEW_PART (view, "volume_scale")));
  press (VIEW_PART (view, "acknowledge"));
  if (!camsim_wait_for (hidden, VIEW_PART (view, "alarm_revealer"), CORE_WAIT_US))
    g_error ("the alarm stands after its acknowledgement: “%s”",
             gtk_label_get_text (VIEW_PART (view, "alarm_label")));
  wait_entry (site, "okhan", "duty-alarm-acknowledged", "picture");
  g_assert_true (vigil_site_unlock_session (site, okhan, PASSWORD, &error));
  g_assert_no_error (error);
  vigil_duty_view_set_locked (view, FALSE);

  /* The camera comes back: live again, and its return on the record. */
  camsim_restart (camsim);
  wait_live (view);
  wait_entry (site, "okhan", "duty-alarm-returned", "picture");

  /* Handed over to a colleague chosen from the list, with the summary. */
  dialog = open_finish_dialog (view, "hand_over");
  colleague.box = DIALOG_PART (dialog, "colleagues");
  colleague.username = "jdavies";
  g_assert_true (camsim_wait_for (colleague_listed, &colleague, CORE_WAIT_US));
  press (colleague.found);
  wait_label (DIALOG_PART (dialog, "colleague_status"), "Hand over to jdavies", CORE_WAIT_US);
  set_summary (dialog, SUMMARY);
  press (DIALOG_PART (dialog, "finish"));
  wait_finished (&finished, 1);
  g_assert_null (vigil_duty_view_get_duty (view));
  wait_entry (site, "okhan", "live-view-stopped", "handed over");
  handed = open_duty (site);
  g_assert_nonnull (handed);
  g_assert_cmpstr (vigil_duty_get_operator (handed), ==, "jdavies");

  /* The colleague's console: an empty summary is refused in the core's
   * words, and the duty stays; with the summary it ends. */
  jdavies = vigil_test_login (site, "jdavies", PASSWORD);
  vigil_duty_view_set_duty (view, site, jdavies, handed);
  wait_live (view);
  g_assert_null (vigil_site_end_duty (site, jdavies, CASE_REF, "", &refusal));
  g_assert_error (refusal, VIGIL_ERROR, VIGIL_ERROR_INVALID);

  dialog = open_finish_dialog (view, "end_duty");
  press (DIALOG_PART (dialog, "finish"));
  wait_label (DIALOG_PART (dialog, "error"), refusal->message, CORE_WAIT_US);
  g_assert_cmpstr (gtk_label_get_text (DIALOG_PART (dialog, "error")), ==, refusal->message);
  save_screenshot (GTK_WINDOW (dialog), "empty-summary");
  g_clear_object (&left);
  left = open_duty (site);
  g_assert_nonnull (left);

  set_summary (dialog, SUMMARY);
  press (DIALOG_PART (dialog, "finish"));
  wait_finished (&finished, 2);
  g_assert_null (vigil_duty_view_get_duty (view));
  g_clear_object (&left);
  left = vigil_site_get_open_duty (site, CASE_REF, &error);
  g_assert_null (left);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nobody is on duty"));
  g_clear_error (&error);
  wait_entry (site, "jdavies", "duty-ended", "ended the duty");
  wait_entry (site, "jdavies", "live-view-stopped", "duty ended");

  /* Nothing of the duty outlives the window. */
  gtk_window_destroy (window);
  camsim_stop (camsim);
  vigil_test_assert_finalize_soon (jdavies);
  vigil_test_assert_finalize_soon (okhan);
  vigil_test_assert_finalize_soon (manager);
  vigil_test_assert_finalize_soon (site);
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

  adw_init ();
  media_test_init (&argc, &argv);
  /* The console's looks, which its application loads, for the
   * screenshots. */
  gtk_css_provider_load_from_resource (style, "/org/vigil/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  media_test_add ("/duty-view/duty", test_duty);

  return g_test_run ();
}
