/* test-duty-list.c: who has been on duty for whom in a period, as
 * vigil_site_list_duties() reads it: open, ended and handed-over duties that
 * overlap the period, oldest first, for any console without a session.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-duty-list"

#include "config.h"

#include "duty-fixture.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

/* 2026-11-20 22:00 UTC, and the evening's duties after it. */
static const gint64 t0 = (gint64) 1795212000 * G_USEC_PER_SEC;

static void
assert_duty (GPtrArray  *duties,
             guint       i,
             const char *operator_name,
             const char *case_ref,
             gint64      started_at,
             gint64      ended_at)
{
  VigilDuty *duty;

  g_assert_cmpuint (i, <, duties->len);
  duty = g_ptr_array_index (duties, i);
  g_assert_cmpstr (vigil_duty_get_operator (duty), ==, operator_name);
  g_assert_cmpstr (vigil_duty_get_case_ref (duty), ==, case_ref);
  g_assert_cmpint (vigil_duty_get_started_at (duty), ==, started_at);
  g_assert_cmpint (vigil_duty_is_open (duty), ==, ended_at == 0);
  if (ended_at != 0)
    g_assert_cmpint (vigil_duty_get_ended_at (duty), ==, ended_at);
}

static GPtrArray *
list (Fixture *fixture,
      gint64   from,
      gint64   to)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *duties = vigil_site_list_duties (fixture->site, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (duties);
  return duties;
}

/* okhan watches A.B. from t0+10 min and hands over to tlead at t0+40;
 * jdavies is allocated C.D. at t0+20 and ends at t0+50. */
static void
evening (Fixture *fixture)
{
  g_autoptr(VigilDuty) own = NULL;
  g_autoptr(VigilDuty) allocated = NULL;
  g_autoptr(VigilDuty) incoming = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(GError) error = NULL;

  vigil_site_set_now_for_testing (fixture->site, t0 + 10 * MINUTE);
  own = start (fixture, fixture->okhan, "AB-123", NULL);
  vigil_site_set_now_for_testing (fixture->site, t0 + 20 * MINUTE);
  allocated = start (fixture, fixture->lead, "CD-456", "jdavies");
  vigil_site_set_now_for_testing (fixture->site, t0 + 40 * MINUTE);
  incoming = vigil_site_hand_over_duty (fixture->site, fixture->lead, "AB-123", "tlead", SUMMARY, &error);
  g_assert_no_error (error);
  vigil_site_set_now_for_testing (fixture->site, t0 + 50 * MINUTE);
  ended = vigil_site_end_duty (fixture->site, fixture->jdavies, "CD-456", SUMMARY, &error);
  g_assert_no_error (error);
}

static void
test_period (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) after_handover = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) late = NULL;
  VigilDuty *outgoing;

  none = list (fixture, t0, t0 + 24 * 60 * MINUTE);
  g_assert_cmpuint (none->len, ==, 0);

  evening (fixture);

  /* The whole evening: oldest first, each as it ended or still on. */
  all = list (fixture, t0, t0 + 24 * 60 * MINUTE);
  g_assert_cmpuint (all->len, ==, 3);
  assert_duty (all, 0, "okhan", "AB-123", t0 + 10 * MINUTE, t0 + 40 * MINUTE);
  assert_duty (all, 1, "jdavies", "CD-456", t0 + 20 * MINUTE, t0 + 50 * MINUTE);
  assert_duty (all, 2, "tlead", "AB-123", t0 + 40 * MINUTE, 0);
  outgoing = g_ptr_array_index (all, 0);
  g_assert_cmpint (vigil_duty_get_handed_to (outgoing), ==, vigil_duty_get_id (g_ptr_array_index (all, 2)));
  g_assert_cmpstr (vigil_duty_get_started_by (g_ptr_array_index (all, 1)), ==, "tlead");
  g_assert_cmpstr (vigil_duty_get_family_label (g_ptr_array_index (all, 1)), ==, "C.D.");
  g_assert_cmpint (vigil_duty_get_summary_note (outgoing), >, 0);

  /* From the handover's instant: okhan's duty ended then, so is not in it. */
  after_handover = list (fixture, t0 + 40 * MINUTE, t0 + 45 * MINUTE);
  g_assert_cmpuint (after_handover->len, ==, 2);
  assert_duty (after_handover, 0, "jdavies", "CD-456", t0 + 20 * MINUTE, t0 + 50 * MINUTE);
  assert_duty (after_handover, 1, "tlead", "AB-123", t0 + 40 * MINUTE, 0);

  /* The end is exclusive: a duty starting at it is not in the period. */
  before = list (fixture, t0, t0 + 10 * MINUTE);
  g_assert_cmpuint (before->len, ==, 0);

  /* An open duty runs on into any later period. */
  late = list (fixture, t0 + 24 * 60 * MINUTE, t0 + 48 * 60 * MINUTE);
  g_assert_cmpuint (late->len, ==, 1);
  assert_duty (late, 0, "tlead", "AB-123", t0 + 40 * MINUTE, 0);
}

static void
test_empty_period_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) duties = vigil_site_list_duties (fixture->site, t0, t0, &error);

  g_assert_null (duties);
  assert_error_says (error, VIGIL_ERROR_INVALID, "ends before it starts");
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* The console reads it on the site's worker; nobody need be logged in. */
static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) okhan = vigil_test_login (fixture->site, "okhan", PASSWORD);
  g_autoptr(VigilDuty) duty = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  duty = start (fixture, okhan, "AB-123", NULL);
  g_clear_object (&okhan);

  vigil_site_list_duties_async (fixture->site, 0, G_MAXINT64, NULL, on_listed, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);

  duties = vigil_site_list_duties_finish (fixture->site, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (duties->len, ==, 1);
  g_assert_cmpint (vigil_duty_get_id (g_ptr_array_index (duties, 0)), ==, vigil_duty_get_id (duty));
  g_assert_true (vigil_duty_is_open (g_ptr_array_index (duties, 0)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add (path, Fixture, LOGINS (logins), fixture_set_up, func, fixture_tear_down)
  ADD ("/duty-list/period", test_period, AS_OKHAN | AS_JDAVIES | AS_LEAD);
  ADD ("/duty-list/empty-period-refused", test_empty_period_refused, AS_NOBODY);
  ADD ("/duty-list/async", test_async, AS_NOBODY);
#undef ADD

  return g_test_run ();
}
