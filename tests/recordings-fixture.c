/* recordings-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include "recordings-fixture.h"

#define RECORDINGS_NOW "2027-02-10T12:00:00Z"

static void
build_recordings (VigilSite    *site,
                  VigilSession *manager,
                  const char   *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilFamily) family = vigil_family_new (FAMILY, "AB", "Room 1", "2027-01-01");
  g_autoptr(VigilCamera) hall = vigil_camera_new (HALL, VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://hall.example/1",
                                                  NULL, FALSE);
  g_autoptr(VigilCamera) cot = vigil_camera_new (COT, VIGIL_LOCATION_FAMILY_ROOM, "Room 1",
                                                 "rtsp://cot.example/1", NULL, TRUE);

  vigil_site_set_now_for_testing (site, vigil_test_instant (RECORDINGS_NOW));
  vigil_test_add_staff (site, manager, TEAM_LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, TEAM_LEAD_PASSWORD);
  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  g_assert_true (vigil_site_add_room (site, manager, "Room 1", NULL, &error));
  g_assert_true (vigil_site_add_room (site, manager, "Room 2", NULL, &error));
  g_assert_true (vigil_site_add_camera (site, manager, hall, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (site, manager, cot, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  lead = vigil_test_login (site, TEAM_LEAD, TEAM_LEAD_PASSWORD);
  vigil_family_set_agreement (family, "2027-01-01", TRUE);
  vigil_family_set_retention_days (family, 28);
  g_assert_true (vigil_site_add_family (site, lead, family, VIGIL_STATE_STAGE_1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_record_agreement (site, lead, FAMILY, "2027-01-20", TRUE, 10, NULL, &error));
  g_assert_no_error (error);
}

void
recordings_setup (Centre        *centre,
                  gconstpointer  data)
{
  CentreLogins logins = GPOINTER_TO_UINT (data);

  centre->site = vigil_test_site_new_built (build_recordings, &centre->dir);
  set_now (centre, RECORDINGS_NOW);
  if (logins & CENTRE_MANAGER)
    centre->manager = vigil_test_login_manager (centre->site);
  if (logins & CENTRE_LEAD)
    centre->lead = vigil_test_login (centre->site, TEAM_LEAD, TEAM_LEAD_PASSWORD);
  if (logins & CENTRE_OPERATOR)
    centre->operator = vigil_test_login (centre->site, OPERATOR, OPERATOR_PASSWORD);
}

gint64
add_segment (VigilSite  *site,
             const char *camera,
             const char *path,
             const char *start_iso,
             gint64      seconds,
             const char *sha256)
{
  g_autoptr(GError) error = NULL;
  gint64 start = vigil_test_instant (start_iso);
  gint64 id = vigil_site_open_segment (site, camera, path, start, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (vigil_site_close_segment (site, id, start + seconds * G_TIME_SPAN_SECOND - 40 * G_TIME_SPAN_MILLISECOND,
                                           1000 + (guint64) id, sha256, &error));
  g_assert_no_error (error);
  return id;
}
