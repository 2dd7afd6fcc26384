/* vigil-console-window.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duties-page.h"
#include "vigil-duty-view.h"
#include "vigil-exports-page.h"
#include "vigil-families-page.h"
#include "vigil-footage-page.h"
#include "vigil-login-page.h"
#include "vigil-wall.h"
#include "vigil-wall-feed.h"
#include "vigil-widget-util.h"
#include "vigil-console-window.h"

/* How often the idle lock looks at the clock. */
#define IDLE_CHECK_SECONDS 5
/* How often the recorder's state is read: a recorder that died writes
 * nothing, so no change signal would say so. */
#define RECORDER_CHECK_SECONDS 2
/* A camera the recorder has waited on this long for its first keyframe is
 * not recorded. */
#define RECORDER_WAIT_US (20 * G_TIME_SPAN_SECOND)

struct _VigilConsoleWindow
{
  AdwApplicationWindow parent_instance;

  VigilSite          *site;
  VigilSession       *session;
  VigilChangeMonitor *monitor;
  VigilWall          *wall;
  VigilWallFeed      *feed;          /* the logged-in session's wall */
  GSettings          *settings;      /* NULL where the schema is not installed */
  GCancellable       *cancellable;   /* the logged-in session's reads */

  gboolean  locked;
  gboolean  closing;
  gint64    last_activity;           /* monotonic µs */
  guint     idle_lock_minutes;
  guint     idle_id;
  guint     recorder_check_id;
  gboolean  recorder_checking;
  GPtrArray *must_record;            /* names of cameras the policy records now */
  GHashTable *must_record_since;     /* name → since when (wall clock, µs), as first seen here */

  AdwViewSwitcherTitle *title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwLeaflet     *wall_leaflet;
  AdwViewStack   *sections;
  AdwBin         *families_holder;
  VigilFamiliesPage *families;
  AdwBin         *duties_holder;
  VigilDutiesPage *duties;
  AdwViewStackPage *exports_page;
  AdwBin         *exports_holder;
  VigilExportsPage *exports;
  AdwViewStackPage *footage_section;
  AdwBin         *footage_holder;
  VigilFootagePage *footage;
  GtkStack       *pages;
  VigilLoginPage *login_page;
  AdwStatusPage  *no_site_page;
  GtkLabel       *who;
  GtkLabel       *uncovered;
  GtkLabel       *coverage;
  GtkLabel       *recorder_state;
  GtkLabel       *recording_alarm;
  VigilDutyView  *duty_view;
  GtkStack       *wall_stack;
  AdwBin         *wall_holder;
  GtkWidget      *lock_button;
  GtkWidget      *logout_button;
  GtkPasswordEntry *unlock_password;
  GtkWidget      *unlock_button;
  GtkLabel       *unlock_refusal;
};

G_DEFINE_FINAL_TYPE (VigilConsoleWindow, vigil_console_window, ADW_TYPE_APPLICATION_WINDOW)

/* The sections switch in the header, or along the bottom where the header
 * has no room (a handheld); neither while locked or logged out. */
static void
show_switcher_bar (VigilConsoleWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_view_switcher_enabled (self->title) &&
                                    adw_view_switcher_title_get_title_visible (self->title));
}

static void
set_sections_enabled (VigilConsoleWindow *self,
                      gboolean            enabled)
{
  adw_view_switcher_title_set_view_switcher_enabled (self->title, enabled);
  show_switcher_bar (self);
}

static void
show_who (VigilConsoleWindow *self,
          VigilDuty          *duty)
{
  g_autofree char *who = NULL;
  const char *name = vigil_session_get_display_name (self->session);
  const char *role = vigil_role_to_string (vigil_session_get_role (self->session));

  if (duty != NULL)
    /* TRANSLATORS: "Omar Khan (operator), on duty for K.M." */
    who = g_strdup_printf (_("%s (%s), on duty for %s"), name, role, vigil_duty_get_family_label (duty));
  else
    who = g_strdup_printf (_("%s (%s)"), name, role);
  adw_view_switcher_title_set_subtitle (self->title, who);
  gtk_label_set_text (self->who, who);
}

static void
show_coverage (VigilConsoleWindow *self,
               VigilWallSnapshot  *snapshot)
{
  g_autoptr(GString) watching = g_string_new (NULL);
  g_autoptr(GString) waiting = g_string_new (NULL);

  for (guint i = 0; i < snapshot->duties->len; i++)
    {
      VigilDuty *duty = g_ptr_array_index (snapshot->duties, i);
      g_autofree char *since = vigil_time_format_local (vigil_duty_get_started_at (duty),
                                                        vigil_site_get_time_zone (self->site), "%H:%M");

      if (watching->len > 0)
        g_string_append (watching, "; ");
      /* TRANSLATORS: who watches whom: "okhan watches K.M. since 21:04" */
      g_string_append_printf (watching, _("%s watches %s since %s"), vigil_duty_get_operator (duty),
                              vigil_duty_get_family_label (duty), since);
    }
  if (watching->len == 0)
    g_string_append (watching, _("Nobody is on duty."));
  gtk_label_set_text (self->coverage, watching->str);

  for (guint i = 0; i < snapshot->uncovered->len; i++)
    {
      VigilWatchRequest *request = g_ptr_array_index (snapshot->uncovered, i);
      g_autofree char *since = vigil_time_format_local (vigil_watch_request_get_requested_at (request),
                                                        vigil_site_get_time_zone (self->site), "%H:%M");

      g_string_append_printf (waiting, waiting->len > 0 ? "\n%s" : "%s", "");
      /* TRANSLATORS: "Uncovered: R.T. needs a watcher since 21:04 (unsettled at bedtime)" */
      g_string_append_printf (waiting, _("Uncovered: %s needs a watcher since %s (%s)"),
                              vigil_watch_request_get_family_label (request), since,
                              vigil_watch_request_get_reason (request));
    }
  gtk_label_set_text (self->uncovered, waiting->str);
  gtk_widget_set_visible (GTK_WIDGET (self->uncovered), waiting->len > 0);
}

/* The recorder, in the header, and an alarm whenever footage the policy
 * requires is not being recorded. */
static void
show_recording (VigilConsoleWindow  *self,
                VigilRecorderStatus *status)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GString) alarm = g_string_new (NULL);
  g_autofree char *header = NULL;
  guint recording = 0, required = 0;

  if (status == NULL || !vigil_recorder_status_is_running (status, now))
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < self->must_record->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (self->must_record, i));
      header = g_strdup (_("Recorder not running"));
      if (self->must_record->len > 0)
        /* TRANSLATORS: "Recording alarm: the recorder is not running; not recorded: Lounge, Room 1 cot" */
        g_string_append_printf (alarm, _("Recording alarm: the recorder is not running; not recorded: %s"),
                                names->str);
    }
  else
    {
      gint64 started_at = vigil_recorder_status_get_started_at (status);

      /* The policy, as this console reads it, is what must be recorded:
       * a camera it records that the recorder does not (not yet, after a
       * start or a policy change, or not at all) is counted and, once the
       * recorder has had as long as it has for a first keyframe, raised.
       * Without this the header said "Recording 0 of 0 cameras" until the
       * recorder's first tick, and a camera missing from its plan was never
       * raised. */
      for (guint i = 0; i < self->must_record->len; i++)
        {
          const char *name = g_ptr_array_index (self->must_record, i);
          const VigilRecorderCamera *camera = vigil_recorder_status_find_camera (status, name);
          gint64 *since = g_hash_table_lookup (self->must_record_since, name);

          if (camera != NULL && camera->required)
            continue;   /* counted below, in the recorder's words */
          required++;
          if (now - MAX (started_at, since ? *since : now) > RECORDER_WAIT_US)
            {
              if (alarm->len > 0)
                g_string_append_c (alarm, '\n');
              /* TRANSLATORS: "Recording alarm: Lounge is not recorded (the recorder does not record it)" */
              g_string_append_printf (alarm, _("Recording alarm: %s is not recorded (the recorder does not record it)"),
                                      name);
            }
        }
      for (guint i = 0; i < vigil_recorder_status_get_n_cameras (status); i++)
        {
          const VigilRecorderCamera *camera = vigil_recorder_status_get_camera (status, i);
          gboolean waited_long = camera->state == VIGIL_RECORDING_STATE_WAITING && now - camera->since > RECORDER_WAIT_US;

          if (!camera->required)
            continue;
          required++;
          if (camera->recording)
            recording++;
          else if (camera->state != VIGIL_RECORDING_STATE_WAITING || waited_long)
            {
              if (alarm->len > 0)
                g_string_append_c (alarm, '\n');
              /* TRANSLATORS: "Recording alarm: Lounge is not recorded (camera-offline: no answer)" */
              g_string_append_printf (alarm, _("Recording alarm: %s is not recorded (%s%s%s)"), camera->name,
                                      vigil_recording_state_to_string (camera->state),
                                      camera->detail ? ": " : "", camera->detail ? camera->detail : "");
            }
        }
      /* TRANSLATORS: the header: "Recording 7 of 8 cameras" */
      header = g_strdup_printf (_("Recording %u of %u cameras"), recording, required);
      if (vigil_recorder_status_get_disk_full (status))
        {
          g_autofree char *full = g_strdup_printf ("%s%s", alarm->len > 0 ? "\n" : "",
                                                   _("Recording alarm: the recordings disk is short of space"));
          g_string_append (alarm, full);
        }
    }

  gtk_label_set_text (self->recorder_state, header);
  gtk_widget_set_visible (GTK_WIDGET (self->recorder_state), TRUE);
  gtk_label_set_text (self->recording_alarm, alarm->str);
  gtk_widget_set_visible (GTK_WIDGET (self->recording_alarm), alarm->len > 0);
}

static void
on_recorder_status (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilConsoleWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilRecorderStatus) status = vigil_site_get_recorder_status_finish (VIGIL_SITE (object), result, &error);

  self->recorder_checking = FALSE;
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The recorder's state could not be read: %s", error->message);
      return;
    }
  if (self->session != NULL && !self->locked)
    show_recording (self, status);
}

static void
check_recorder (VigilConsoleWindow *self)
{
  if (self->session == NULL || self->recorder_checking)
    return;
  self->recorder_checking = TRUE;
  vigil_site_get_recorder_status_async (self->site, self->cancellable, on_recorder_status, g_object_ref (self));
}

static gboolean
on_recorder_check (gpointer user_data)
{
  check_recorder (user_data);
  return G_SOURCE_CONTINUE;
}

static void
note_must_record (VigilConsoleWindow *self,
                  VigilWallSnapshot  *snapshot)
{
  g_autoptr(GHashTable) since = g_steal_pointer (&self->must_record_since);
  gint64 now = g_get_real_time ();

  self->must_record_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_ptr_array_set_size (self->must_record, 0);
  for (guint i = 0; i < snapshot->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (snapshot->entries, i);
      const char *name = vigil_camera_get_name (entry->camera);
      gint64 *was = g_hash_table_lookup (since, name);

      if (!entry->decision.record || !vigil_camera_get_enabled (entry->camera))
        continue;
      g_ptr_array_add (self->must_record, g_strdup (name));
      /* Since the policy came to record it, as far as this console knows. */
      g_hash_table_insert (self->must_record_since, g_strdup (name), g_memdup2 (was ? was : &now, sizeof now));
    }
}

static void
show_duty (VigilConsoleWindow *self,
           VigilDuty          *duty)
{
  VigilDuty *shown = vigil_duty_view_get_duty (self->duty_view);

  if ((duty == NULL) != (shown == NULL) ||
      (duty != NULL && vigil_duty_get_id (duty) != vigil_duty_get_id (shown)))
    vigil_duty_view_set_duty (self->duty_view, self->site, self->session, duty);
  /* Folded (a handheld), a running duty's view fills the screen; the wall
   * comes back before the view goes. */
  if (duty == NULL)
    adw_leaflet_set_visible_child (self->wall_leaflet, GTK_WIDGET (self->wall_stack));
  gtk_widget_set_visible (GTK_WIDGET (self->duty_view), duty != NULL);
  if (duty != NULL)
    adw_leaflet_set_visible_child (self->wall_leaflet, GTK_WIDGET (self->duty_view));
}

static void
on_wall_updated (VigilConsoleWindow *self,
                 VigilWallSnapshot  *snapshot)
{
  VigilDuty *duty;

  if (self->session == NULL)
    return;

  duty = vigil_wall_snapshot_duty_of (snapshot, vigil_session_get_username (self->session));
  show_who (self, duty);
  show_coverage (self, snapshot);
  note_must_record (self, snapshot);
  check_recorder (self);
  show_duty (self, duty);
  if (!self->locked && self->wall != NULL)
    vigil_wall_apply (self->wall, snapshot);
  if (!self->locked && self->families != NULL)
    vigil_families_page_apply (self->families, snapshot);
  if (!self->locked && self->duties != NULL)
    vigil_duties_page_apply (self->duties, snapshot);
}

static void
refresh (VigilConsoleWindow *self)
{
  if (self->feed != NULL)
    vigil_wall_feed_refresh (self->feed);
}

static void
on_changed (VigilConsoleWindow *self,
            VigilChangeKind     kinds)
{
  if (kinds & VIGIL_CHANGE_KIND_SETTINGS)
    self->idle_lock_minutes = vigil_site_get_setting_uint (self->site, VIGIL_SETTING_IDLE_LOCK_MINUTES);
  if (kinds & VIGIL_CHANGE_KIND_RECORDER)
    check_recorder (self);
  /* The wall's feed hears the monitor itself. */
  if (self->footage != NULL)
    vigil_footage_page_changed (self->footage, kinds);
}

static void
set_locked (VigilConsoleWindow *self,
            gboolean            locked)
{
  self->locked = locked;
  vigil_duty_view_set_locked (self->duty_view, locked);
  gtk_widget_set_sensitive (self->lock_button, !locked);
  gtk_stack_set_visible_child_name (self->wall_stack, locked ? "locked" : "wall");
  /* The families and the duties, too, stay behind the lock. */
  if (locked)
    adw_view_stack_set_visible_child_name (self->sections, "wall");
  if (locked && self->duties != NULL)
    vigil_duties_page_close_dialog (self->duties);
  if (self->exports != NULL)
    vigil_exports_page_set_locked (self->exports, locked);
  /* Footage under review is closed, not hidden: opening it again is a new
   * review, with its reason. */
  if (self->footage != NULL)
    vigil_footage_page_set_locked (self->footage, locked);
  set_sections_enabled (self, !locked);
  gtk_editable_set_text (GTK_EDITABLE (self->unlock_password), "");
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_refusal), FALSE);
  if (locked)
    {
      /* Nothing of the rooms shows behind the lock; the duty view alone
       * goes on. */
      vigil_wall_clear (self->wall, "locked");
      gtk_widget_set_visible (GTK_WIDGET (self->uncovered), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->recording_alarm), FALSE);
      gtk_label_set_text (self->coverage, "");
    }
  else
    refresh (self);
}

static void
on_locked (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VigilConsoleWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_lock_session_finish (VIGIL_SITE (object), result, &error))
    {
      g_warning ("The console could not be locked: %s", error->message);
      return;
    }
  if (self->session != NULL)
    set_locked (self, TRUE);
}

static void
lock (VigilConsoleWindow *self,
      const char         *why)
{
  if (self->session == NULL || self->locked)
    return;
  vigil_site_lock_session_async (self->site, self->session, why, NULL, on_locked, g_object_ref (self));
}

static void
on_unlocked (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilConsoleWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->unlock_button, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_password), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->unlock_password), "");
  if (!vigil_site_unlock_session_finish (VIGIL_SITE (object), result, &error))
    {
      gtk_label_set_text (self->unlock_refusal, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->unlock_refusal), TRUE);
      return;
    }
  self->last_activity = g_get_monotonic_time ();
  set_locked (self, FALSE);
}

static void
on_unlock (VigilConsoleWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->unlock_password));

  if (self->session == NULL || !self->locked)
    return;
  gtk_widget_set_sensitive (self->unlock_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_password), FALSE);
  vigil_site_unlock_session_async (self->site, self->session, password, NULL, on_unlocked, g_object_ref (self));
}

static gboolean
on_idle_check (gpointer user_data)
{
  VigilConsoleWindow *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  /* A running duty is never locked away for idleness: watching is not
   * touching. */
  if (self->session != NULL && !self->locked && vigil_duty_view_get_duty (self->duty_view) == NULL &&
      idle >= (gint64) self->idle_lock_minutes * 60 * G_USEC_PER_SEC)
    lock (self, "idle");
  return G_SOURCE_CONTINUE;
}

static void
on_activity (VigilConsoleWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

/* Ends the logged-in session: views stop (audited), then the logout is
 * written, and the login page comes back; @then runs after. */
static void
end_session (VigilConsoleWindow  *self,
             GAsyncReadyCallback  then)
{
  g_autoptr(VigilSession) session = g_steal_pointer (&self->session);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->feed);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->recorder_check_id, g_source_remove);
  self->recorder_checking = FALSE;
  g_ptr_array_set_size (self->must_record, 0);
  g_hash_table_remove_all (self->must_record_since);
  gtk_widget_set_visible (GTK_WIDGET (self->recorder_state), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->recording_alarm), FALSE);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->wall != NULL)
    vigil_wall_clear (self->wall, "logged out");
  adw_bin_set_child (self->wall_holder, NULL);
  self->wall = NULL;
  adw_bin_set_child (self->families_holder, NULL);
  self->families = NULL;
  adw_bin_set_child (self->duties_holder, NULL);
  self->duties = NULL;
  /* Disposing the exports page cancels a bundle still being written. */
  adw_bin_set_child (self->exports_holder, NULL);
  self->exports = NULL;
  adw_view_stack_page_set_visible (self->exports_page, FALSE);
  if (self->footage != NULL)
    vigil_footage_page_close_reviews (self->footage);
  adw_bin_set_child (self->footage_holder, NULL);
  self->footage = NULL;
  adw_view_stack_set_visible_child_name (self->sections, "wall");
  set_sections_enabled (self, FALSE);
  vigil_duty_view_set_duty (self->duty_view, self->site, session, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->duty_view), FALSE);
  gtk_widget_set_visible (self->lock_button, FALSE);
  gtk_widget_set_visible (self->logout_button, FALSE);
  adw_view_switcher_title_set_subtitle (self->title, NULL);
  gtk_label_set_text (self->who, "");
  self->locked = FALSE;
  gtk_stack_set_visible_child_name (self->pages, "login");
  vigil_site_logout_async (self->site, session, NULL, then, g_object_ref (self));
}

static void
on_logged_out (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VigilConsoleWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_logout_finish (VIGIL_SITE (object), result, &error))
    g_warning ("The logout could not be written to the audit trail: %s", error->message);
  if (self->closing)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
logout_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilConsoleWindow *self = VIGIL_CONSOLE_WINDOW (widget);

  if (self->session != NULL)
    end_session (self, on_logged_out);
}

static void
lock_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lock (VIGIL_CONSOLE_WINDOW (widget), "by hand");
}

/* The size it is opened at next time on this machine (a handheld's
 * narrow screen, a laptop's), as GNOME applications keep theirs. */
static void
save_size (VigilConsoleWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 16384));
  g_settings_set_int (self->settings, "window-height", CLAMP (height, 294, 16384));
}

static void
restore_size (VigilConsoleWindow *self)
{
  if (self->settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
vigil_console_window_close_request (GtkWindow *window)
{
  VigilConsoleWindow *self = VIGIL_CONSOLE_WINDOW (window);

  if (!self->closing)
    save_size (self);

  /* Closing logs out first, so the trail says when the views ended. */
  if (self->session != NULL)
    {
      self->closing = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      end_session (self, on_logged_out);
      return TRUE;
    }
  if (self->closing)
    return TRUE;
  return GTK_WINDOW_CLASS (vigil_console_window_parent_class)->close_request (window);
}

/* After login: who is logged in, the wall, and everything that follows
 * changes. */
static void
on_logged_in (VigilConsoleWindow *self,
              VigilSession       *session)
{
  g_autoptr(GError) error = NULL;

  g_set_object (&self->session, session);
  self->cancellable = g_cancellable_new ();
  show_who (self, NULL);
  self->wall = vigil_wall_new (self->site, session);
  adw_bin_set_child (self->wall_holder, GTK_WIDGET (self->wall));
  self->families = vigil_families_page_new (self->site, session);
  adw_bin_set_child (self->families_holder, GTK_WIDGET (self->families));
  self->duties = vigil_duties_page_new (self->site, session);
  adw_bin_set_child (self->duties_holder, GTK_WIDGET (self->duties));
  /* Footage is for reviewers: team leads and managers, and those a manager
   * designated. The core checks again on every read. */
  if (vigil_site_is_reviewer (self->site, session))
    {
      self->footage = vigil_footage_page_new (self->site, session);
      adw_bin_set_child (self->footage_holder, GTK_WIDGET (self->footage));
    }
  adw_view_stack_page_set_visible (self->footage_section, self->footage != NULL);
  adw_view_stack_set_visible_child_name (self->sections, "wall");
  set_sections_enabled (self, TRUE);
  gtk_stack_set_visible_child_name (self->wall_stack, "wall");
  gtk_widget_set_visible (self->lock_button, TRUE);
  gtk_widget_set_sensitive (self->lock_button, TRUE);
  gtk_widget_set_visible (self->logout_button, TRUE);
  gtk_stack_set_visible_child_name (self->pages, "console");

  self->monitor = vigil_change_monitor_new (self->site, &error);
  if (self->monitor != NULL)
    g_signal_connect_swapped (self->monitor, "changed", G_CALLBACK (on_changed), self);
  else
    g_warning ("Changes made elsewhere will show only every minute: %s", error->message);
  /* Court bundle exports, only for those who may make them (the core
   * checks every call again). */
  if (vigil_role_has_permission (vigil_session_get_role (session), VIGIL_PERMISSION_EXPORT_FOOTAGE))
    {
      self->exports = vigil_exports_page_new (self->site, session, self->monitor);
      adw_bin_set_child (self->exports_holder, GTK_WIDGET (self->exports));
      adw_view_stack_page_set_visible (self->exports_page, TRUE);
    }

  self->idle_lock_minutes = vigil_site_get_setting_uint (self->site, VIGIL_SETTING_IDLE_LOCK_MINUTES);
  self->last_activity = g_get_monotonic_time ();
  self->idle_id = g_timeout_add_seconds (IDLE_CHECK_SECONDS, on_idle_check, self);
  self->recorder_check_id = g_timeout_add_seconds (RECORDER_CHECK_SECONDS, on_recorder_check, self);
  self->feed = vigil_wall_feed_new (self->site, self->monitor);
  g_signal_connect_object (self->feed, "updated", G_CALLBACK (on_wall_updated), self, G_CONNECT_SWAPPED);
}

static void
on_duty_finished (VigilConsoleWindow *self)
{
  refresh (self);
}

static void
vigil_console_window_dispose (GObject *object)
{
  VigilConsoleWindow *self = VIGIL_CONSOLE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->feed);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->recorder_check_id, g_source_remove);
  g_clear_pointer (&self->must_record, g_ptr_array_unref);
  g_clear_pointer (&self->must_record_since, g_hash_table_unref);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CONSOLE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_console_window_parent_class)->dispose (object);
}

static void
vigil_console_window_class_init (VigilConsoleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vigil_console_window_dispose;
  window_class->close_request = vigil_console_window_close_request;

  g_type_ensure (VIGIL_TYPE_LOGIN_PAGE);
  g_type_ensure (VIGIL_TYPE_DUTY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-console-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, title);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, wall_leaflet);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, sections);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, families_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, duties_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, exports_page);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, exports_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, footage_section);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, footage_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, no_site_page);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, who);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, uncovered);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, recorder_state);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, recording_alarm);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, coverage);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, duty_view);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, wall_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, wall_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, logout_button);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, unlock_password);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, unlock_refusal);
  gtk_widget_class_bind_template_callback (widget_class, on_logged_in);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_activated);
  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.logout", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
vigil_console_window_init (VigilConsoleWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = vigil_settings_new ();
  restore_size (self);
  g_signal_connect_object (self->title, "notify::title-visible", G_CALLBACK (show_switcher_bar), self,
                           G_CONNECT_SWAPPED);
  self->must_record = g_ptr_array_new_with_free_func (g_free);
  self->must_record_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Any key, click or pointer movement counts as someone at the console. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  if (g_signal_lookup ("duty-finished", VIGIL_TYPE_DUTY_VIEW) != 0)
    g_signal_connect_swapped (self->duty_view, "duty-finished", G_CALLBACK (on_duty_finished), self);
}

VigilConsoleWindow *
vigil_console_window_new (AdwApplication *application,
                          VigilSite      *site,
                          const GError   *error)
{
  VigilConsoleWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (site != NULL || error != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CONSOLE_WINDOW, "application", application, NULL);
  if (site == NULL)
    {
      adw_status_page_set_description (self->no_site_page, error->message);
      gtk_stack_set_visible_child_name (self->pages, "no-site");
      return self;
    }

  self->site = g_object_ref (site);
  vigil_login_page_set_site (self->login_page, site);
  gtk_stack_set_visible_child_name (self->pages, "login");
  return self;
}

void
vigil_console_window_set_demo_logins (VigilConsoleWindow *self,
                                      const char * const *lines)
{
  g_return_if_fail (VIGIL_IS_CONSOLE_WINDOW (self));

  vigil_login_page_set_demo_logins (self->login_page, lines);
}
