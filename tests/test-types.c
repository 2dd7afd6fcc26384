/* test-types.c: the core's enums are registered GTypes whose nicks are the
 * words the data file and vigilctl use, and records carry them as enums.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-test-utils.h"

static const char *
nick_of (GType type,
         int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  g_assert_nonnull (found);
  return found->value_nick;
}

static void
test_nicks_are_the_stored_words (void)
{
  for (VigilRole role = VIGIL_ROLE_OPERATOR; role <= VIGIL_ROLE_MANAGER; role++)
    g_assert_cmpstr (nick_of (VIGIL_TYPE_ROLE, role), ==, vigil_role_to_string (role));
  for (VigilPermission p = VIGIL_PERMISSION_TAKE_DUTY; p <= VIGIL_PERMISSION_MANAGE_SETTINGS; p++)
    g_assert_cmpstr (nick_of (VIGIL_TYPE_PERMISSION, p), ==, vigil_permission_to_string (p));
  for (VigilLocation l = VIGIL_LOCATION_COMMUNAL; l <= VIGIL_LOCATION_FAMILY_ROOM; l++)
    g_assert_cmpstr (nick_of (VIGIL_TYPE_LOCATION, l), ==, vigil_camera_location_to_string (l));
  for (VigilLiveView v = VIGIL_LIVE_VIEW_ALLOWED; v <= VIGIL_LIVE_VIEW_DENIED; v++)
    g_assert_cmpstr (nick_of (VIGIL_TYPE_LIVE_VIEW, v), ==, vigil_live_view_to_string (v));
  for (VigilNoteKind k = VIGIL_NOTE_KIND_OBSERVATION; k <= VIGIL_NOTE_KIND_DUTY; k++)
    g_assert_cmpstr (nick_of (VIGIL_TYPE_NOTE_KIND, k), ==, vigil_note_kind_to_string (k));

  /* Weekdays are flags: Monday to Sunday, seven bits. */
  {
    g_autoptr(GFlagsClass) days = g_type_class_ref (VIGIL_TYPE_DAYS);
    g_assert_true (G_TYPE_IS_FLAGS (VIGIL_TYPE_DAYS));
    g_assert_cmpuint (days->n_values, ==, 7);
    g_assert_cmpuint (days->mask, ==, 0x7f);
  }
  g_assert_true (G_TYPE_IS_ENUM (VIGIL_TYPE_FAMILY_STATE));
  g_assert_true (G_TYPE_IS_ENUM (VIGIL_TYPE_ERROR));
}

static GParamSpec *
find_property (GType       type,
               const char *name)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);

  /* The class stays alive: the type system keeps static classes. */
  return g_object_class_find_property (G_OBJECT_CLASS (klass), name);
}

/* Widgets bind to these properties: they must hold the enum, not a string. */
static void
test_records_carry_enums (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaff) staff = NULL;
  g_autoptr(VigilCamera) camera = NULL;
  VigilRole role = VIGIL_ROLE_OPERATOR;
  VigilLocation location = VIGIL_LOCATION_FAMILY_ROOM;
  GParamSpec *pspec;

  staff = vigil_site_lookup_staff (site, VIGIL_TEST_MANAGER, &error);
  g_assert_no_error (error);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (staff), "role");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_object_get (staff, "role", &role, NULL);
  g_assert_cmpint (role, ==, VIGIL_ROLE_MANAGER);

  camera = vigil_camera_new ("Lounge", VIGIL_LOCATION_COMMUNAL, NULL,
                             "rtsp://127.0.0.1:8554/lounge", NULL, FALSE);
  vigil_site_add_camera (site, manager, camera, NULL, NULL, "test", &error);
  g_assert_no_error (error);
  g_clear_object (&camera);
  camera = vigil_site_lookup_camera (site, "Lounge", &error);
  g_assert_no_error (error);
  g_object_get (camera, "location", &location, NULL);
  g_assert_cmpint (location, ==, VIGIL_LOCATION_COMMUNAL);

  g_assert_true (G_IS_PARAM_SPEC_FLAGS (find_property (VIGIL_TYPE_WINDOW, "days")));
  g_assert_true (G_IS_PARAM_SPEC_ENUM (find_property (VIGIL_TYPE_NOTE, "kind")));
  g_assert_true (G_IS_PARAM_SPEC_ENUM (find_property (VIGIL_TYPE_STAGE_CHANGE, "from-state")));
  g_assert_true (G_IS_PARAM_SPEC_ENUM (find_property (VIGIL_TYPE_STAGE_CHANGE, "to-state")));

  g_clear_object (&manager);
  vigil_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/nicks-are-the-stored-words", test_nicks_are_the_stored_words);
  g_test_add_func ("/types/records-carry-enums", test_records_carry_enums);
  return g_test_run ();
}
