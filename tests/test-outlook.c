/* test-outlook.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "centre-fixture.h"

/* A family's outlook on a real site, as a team lead reads it on the family
 * page: when the room records over the coming week, the windows, overrides,
 * stage changes and clock changes; and each edit's preview, which must
 * write nothing and must be exactly what the store says once the same edit
 * is saved through the site's own call. Expected pictures are written from
 * DESIGN.md. */

#define WEDNESDAY "2027-02-10T12:00:00Z"   /* the fixture's now, in GMT */
#define A_WEEK_ON "2027-02-17T12:00:00Z"
#define EVIDENCE  "Weekly Placement Update 2027-02-10"

static const VigilDays every_day = VIGIL_DAY_MONDAY | VIGIL_DAY_TUESDAY | VIGIL_DAY_WEDNESDAY |
                                   VIGIL_DAY_THURSDAY | VIGIL_DAY_FRIDAY | VIGIL_DAY_SATURDAY |
                                   VIGIL_DAY_SUNDAY;

/* A family-room camera with a microphone in each of the fixture's rooms,
 * so that what the rules allow is what the room records. */
static void
outlook_setup (Centre        *centre,
               gconstpointer  data)
{
  const char *rooms[] = { "Room 1", "Room 2" };

  centre_setup (centre, CENTRE_LOGINS (CENTRE_MANAGER | CENTRE_LEAD));

  for (guint i = 0; i < G_N_ELEMENTS (rooms); i++)
    {
      g_autofree char *name = g_strdup_printf ("Cot cam %u", i + 1);
      g_autofree char *url = g_strdup_printf ("rtsp://cam%u.local/main", i + 1);
      g_autoptr(VigilCamera) camera = vigil_camera_new (name, VIGIL_LOCATION_FAMILY_ROOM, rooms[i], url, NULL,
                                                        TRUE);
      g_autoptr(GError) error = NULL;

      g_assert_true (vigil_site_add_camera (centre->site, centre->manager, camera, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static const char *
kind_name (VigilOutlookKind kind)
{
  switch (kind)
    {
    case VIGIL_OUTLOOK_RECORDING:
      return "recording";
    case VIGIL_OUTLOOK_WINDOW:
      return "window";
    case VIGIL_OUTLOOK_OVERRIDE:
      return "override";
    case VIGIL_OUTLOOK_STAGE_CHANGE:
      return "stage-change";
    case VIGIL_OUTLOOK_CLOCK_CHANGE:
      return "clock-change";
    default:
      g_assert_not_reached ();
    }
}

static char *
format_utc (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);

  return g_date_time_format (utc, "%m-%d %H:%M:%S");
}

/* One line per item, in UTC: "recording 02-10 12:00:00 → 02-17 12:00:00
 * sound"; an instant has no arrow. A recording's label is the policy's
 * basis, long, so it is shown only when @full. */
static char *
describe (GArray   *items,
          gboolean  full)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const VigilOutlookItem *item = &g_array_index (items, VigilOutlookItem, i);
      g_autofree char *start = format_utc (item->start);

      g_string_append_printf (text, "%s %s", kind_name (item->kind), start);
      if (item->end != item->start)
        {
          g_autofree char *end = format_utc (item->end);
          g_string_append_printf (text, " → %s", end);
        }
      if (item->audio)
        g_string_append (text, " sound");
      if (item->label != NULL && (full || item->kind != VIGIL_OUTLOOK_RECORDING))
        g_string_append_printf (text, " %s", item->label);
      g_string_append_c (text, '\n');

      g_assert_cmpint (item->end, >=, item->start);
      g_assert_nonnull (item->label);
      if (i > 0)
        g_assert_cmpint (item->start, >=, g_array_index (items, VigilOutlookItem, i - 1).start);
    }

  return g_string_free (text, FALSE);
}

/* The outlook from @from to @to (ISO 8601) with @proposal, checked to have
 * written nothing. */
static GArray *
outlook (Centre                    *centre,
         const char                *case_ref,
         const char                *from,
         const char                *to,
         const VigilPolicyProposal *proposal)
{
  g_autofree char *before = snapshot (centre);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  GArray *items;

  items = vigil_site_family_outlook (centre->site, case_ref, vigil_test_instant (from), vigil_test_instant (to),
                                     proposal, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);

  after = snapshot (centre);
  g_assert_cmpstr (after, ==, before);
  return items;
}

static char *
outlook_text (Centre                    *centre,
              const char                *case_ref,
              const char                *from,
              const char                *to,
              const VigilPolicyProposal *proposal,
              gboolean                   full)
{
  g_autoptr(GArray) items = outlook (centre, case_ref, from, to, proposal);

  return describe (items, full);
}

/* The preview of @proposal, checked to differ from the outlook without it:
 * a preview that shows nothing new would prove nothing. Everything, labels
 * included, for comparing with the outlook once saved. */
static char *
preview (Centre                    *centre,
         const char                *case_ref,
         const char                *from,
         const char                *to,
         const VigilPolicyProposal *proposal)
{
  g_autofree char *as_is = outlook_text (centre, case_ref, from, to, NULL, TRUE);
  char *proposed = outlook_text (centre, case_ref, from, to, proposal, TRUE);

  g_assert_cmpstr (proposed, !=, as_is);
  return proposed;
}

/* After saving, the store's outlook is the preview, item for item. */
static void
assert_saved_as_previewed (Centre     *centre,
                           const char *case_ref,
                           const char *from,
                           const char *to,
                           const char *previewed)
{
  g_autofree char *saved = outlook_text (centre, case_ref, from, to, NULL, TRUE);

  g_assert_cmpstr (saved, ==, previewed);
}

static void
add_family_with_agreement (Centre           *centre,
                           const char       *case_ref,
                           const char       *room,
                           const char       *admitted_on,
                           VigilFamilyState  stage,
                           gboolean          covers_audio)
{
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, "AB", room, admitted_on);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, admitted_on, covers_audio);
  g_assert_true (vigil_site_add_family (centre->site, centre->lead, family, stage, NULL, &error));
  g_assert_no_error (error);
}

static VigilStageChange *
set_stage (Centre           *centre,
           const char       *case_ref,
           VigilFamilyState  state,
           const char       *effective_at)
{
  g_autoptr(GError) error = NULL;
  VigilStageChange *change;

  change = vigil_site_set_stage (centre->site, centre->lead, case_ref, state,
                                 effective_at ? vigil_test_instant (effective_at) : 0,
                                 "as the assessment says", EVIDENCE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (change);
  return change;
}

/* Stages */

/* Stages 1–2 record all the time, with sound if the agreement covers it. */
static void
test_stage_2 (Centre        *centre,
              gconstpointer  data)
{
  g_autoptr(GArray) items = NULL;
  g_autoptr(GArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *no_audio = NULL;
  const VigilRecordingInterval *interval;
  const VigilOutlookItem *item;

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, TRUE);
  add_family_with_agreement (centre, "LA-2", "Room 2", "2027-01-05", VIGIL_STATE_STAGE_2, FALSE);

  items = outlook (centre, "LA-1", WEDNESDAY, A_WEEK_ON, NULL);
  text = describe (items, FALSE);
  g_assert_cmpstr (text, ==, "recording 02-10 12:00:00 → 02-17 12:00:00 sound\n");
  item = &g_array_index (items, VigilOutlookItem, 0);
  g_assert_nonnull (strstr (item->label, "stage 2"));

  /* The same stretch, and the same words, as the recording timeline. */
  timeline = vigil_site_recording_timeline (centre->site, "LA-1", vigil_test_instant (WEDNESDAY),
                                            vigil_test_instant (A_WEEK_ON), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 1);
  interval = &g_array_index (timeline, VigilRecordingInterval, 0);
  g_assert_cmpint (interval->start, ==, item->start);
  g_assert_cmpint (interval->end, ==, item->end);
  g_assert_cmpstr (interval->basis, ==, item->label);

  no_audio = outlook_text (centre, "LA-2", WEDNESDAY, A_WEEK_ON, NULL, FALSE);
  g_assert_cmpstr (no_audio, ==, "recording 02-10 12:00:00 → 02-17 12:00:00\n");
}

/* Stage 3 from now: the room records only in its windows. */
static void
test_stage_3_now (Centre        *centre,
                  gconstpointer  data)
{
  VigilPolicyProposal proposal = { .kind = VIGIL_PROPOSAL_STAGE, .state = VIGIL_STATE_STAGE_3 };
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilStageChange) change = NULL;
  g_autoptr(GString) expected = g_string_new ("stage-change 02-10 12:00:00 stage 3\n");
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, TRUE);
  /* Set up at stage 2, ahead of stage 3. */
  window = add_window (centre, "LA-1", vigil_window_new (every_day, NULL, 19 * 60, 21 * 60, TRUE,
                                                         "bedtime routine"));

  for (int day = 10; day <= 16; day++)
    g_string_append_printf (expected,
                            "recording 02-%d 19:00:00 → 02-%d 21:00:00 sound\n"
                            "window 02-%d 19:00:00 → 02-%d 21:00:00 sound bedtime routine\n",
                            day, day, day, day);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &proposal, FALSE);
  g_assert_cmpstr (shown, ==, expected->str);

  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &proposal);
  change = set_stage (centre, "LA-1", VIGIL_STATE_STAGE_3, NULL);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);
}

/* Stage 3 from Friday evening: the week splits there. Then going back to
 * stage 1 now replaces the scheduled change, as saving it does. */
static void
test_stage_later (Centre        *centre,
                  gconstpointer  data)
{
  VigilPolicyProposal friday = { .kind = VIGIL_PROPOSAL_STAGE, .state = VIGIL_STATE_STAGE_3,
                                 .effective_at = vigil_test_instant ("2027-02-12T18:00:00Z") };
  VigilPolicyProposal back = { .kind = VIGIL_PROPOSAL_STAGE, .state = VIGIL_STATE_STAGE_1 };
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilStageChange) scheduled = NULL;
  g_autoptr(VigilStageChange) now = NULL;
  g_autoptr(GString) expected = g_string_new ("recording 02-10 12:00:00 → 02-12 18:00:00 sound\n");
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, TRUE);
  window = add_window (centre, "LA-1", vigil_window_new (every_day, NULL, 19 * 60, 21 * 60, FALSE,
                                                         "bedtime routine"));

  /* Before Friday the windows run but the room records all along. */
  for (int day = 10; day <= 11; day++)
    g_string_append_printf (expected, "window 02-%d 19:00:00 → 02-%d 21:00:00 bedtime routine\n", day, day);
  g_string_append (expected, "stage-change 02-12 18:00:00 stage 3\n");
  /* The window says no sound, so none is recorded though the agreement
   * covers it. */
  for (int day = 12; day <= 16; day++)
    g_string_append_printf (expected,
                            "recording 02-%d 19:00:00 → 02-%d 21:00:00\n"
                            "window 02-%d 19:00:00 → 02-%d 21:00:00 bedtime routine\n",
                            day, day, day, day);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &friday, FALSE);
  g_assert_cmpstr (shown, ==, expected->str);

  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &friday);
  scheduled = set_stage (centre, "LA-1", VIGIL_STATE_STAGE_3, "2027-02-12T18:00:00Z");
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);

  /* The latest decision wins: Friday's change goes. */
  g_clear_pointer (&previewed, g_free);
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &back, FALSE);
  g_assert_nonnull (strstr (shown, "stage-change 02-10 12:00:00 stage 1\n"));
  g_assert_null (strstr (shown, "stage 3"));
  g_assert_nonnull (strstr (shown, "recording 02-10 12:00:00 → 02-17 12:00:00 sound\n"));

  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &back);
  now = set_stage (centre, "LA-1", VIGIL_STATE_STAGE_1, NULL);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);
}

/* Cancelling Friday's change takes Monday's, planned on top of it, too. */
static void
test_cancel_stage (Centre        *centre,
                   gconstpointer  data)
{
  g_autoptr(VigilStageChange) friday = NULL;
  g_autoptr(VigilStageChange) monday = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_is = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;
  VigilPolicyProposal cancel = { .kind = VIGIL_PROPOSAL_CANCEL_STAGE };

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, TRUE);
  friday = set_stage (centre, "LA-1", VIGIL_STATE_STAGE_3, "2027-02-12T18:00:00Z");
  monday = set_stage (centre, "LA-1", VIGIL_STATE_STAGE_4, "2027-02-15T18:00:00Z");

  as_is = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, NULL, FALSE);
  g_assert_cmpstr (as_is, ==,
                   "recording 02-10 12:00:00 → 02-12 18:00:00 sound\n"
                   "stage-change 02-12 18:00:00 stage 3\n"
                   "stage-change 02-15 18:00:00 stage 4\n");

  cancel.id = vigil_stage_change_get_id (friday);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &cancel, FALSE);
  g_assert_cmpstr (shown, ==, "recording 02-10 12:00:00 → 02-17 12:00:00 sound\n");

  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &cancel);
  g_assert_true (vigil_site_cancel_stage_change (centre->site, centre->lead, "LA-1", cancel.id,
                                                 "not ready yet", &error));
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);
}

/* Overrides */

static void
test_override (Centre        *centre,
               gconstpointer  data)
{
  VigilPolicyProposal start = { .kind = VIGIL_PROPOSAL_START_OVERRIDE, .hours = 6 };
  VigilPolicyProposal renew = { .kind = VIGIL_PROPOSAL_START_OVERRIDE, .hours = 0 };
  VigilPolicyProposal end = { .kind = VIGIL_PROPOSAL_END_OVERRIDE };
  g_autoptr(VigilOverride) first = NULL;
  g_autoptr(VigilOverride) renewal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_is = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;

  /* Stage 3 with no window: nothing is recorded. */
  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_3, TRUE);
  as_is = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, NULL, FALSE);
  g_assert_cmpstr (as_is, ==, "");

  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &start, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-10 12:00:00 → 02-10 18:00:00 sound\n"
                   "override 02-10 12:00:00 → 02-10 18:00:00 safeguarding override\n");
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &start);
  first = vigil_site_start_override (centre->site, centre->lead, "LA-1", "bruise on the baby's arm", 6, &error);
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);

  /* Two hours on, ending it stops the recording then. */
  set_now (centre, "2027-02-10T14:00:00Z");
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &end, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-10 12:00:00 → 02-10 14:00:00 sound\n"
                   "override 02-10 12:00:00 → 02-10 14:00:00 safeguarding override\n");

  /* A renewal replaces the running one from now, for 24 hours. */
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &renew, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-10 12:00:00 → 02-11 14:00:00 sound\n"
                   "override 02-10 12:00:00 → 02-10 14:00:00 safeguarding override\n"
                   "override 02-10 14:00:00 → 02-11 14:00:00 safeguarding override\n");
  g_clear_pointer (&previewed, g_free);
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &renew);
  renewal = vigil_site_start_override (centre->site, centre->lead, "LA-1", "a second mark, on the leg", 0,
                                       &error);
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);

  set_now (centre, "2027-02-10T15:00:00Z");
  g_clear_pointer (&previewed, g_free);
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &end);
  g_assert_true (vigil_site_end_override (centre->site, centre->lead, "LA-1", "explained by the GP", &error));
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, NULL, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-10 12:00:00 → 02-10 15:00:00 sound\n"
                   "override 02-10 12:00:00 → 02-10 14:00:00 safeguarding override\n"
                   "override 02-10 14:00:00 → 02-10 15:00:00 safeguarding override\n");
}

/* Agreements and discharge */

/* A new agreement without sound takes the sound out from its date; a
 * discharge ends the placement with the day they leave, and takes a
 * scheduled change and a running override with it. */
static void
test_agreement_and_discharge (Centre        *centre,
                              gconstpointer  data)
{
  VigilPolicyProposal agreement = { .kind = VIGIL_PROPOSAL_AGREEMENT, .date = "2027-02-10", .audio = FALSE };
  VigilPolicyProposal discharge = { .kind = VIGIL_PROPOSAL_DISCHARGE, .date = "2027-02-10" };
  g_autoptr(VigilStageChange) scheduled = NULL;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, TRUE);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &agreement, FALSE);
  g_assert_cmpstr (shown, ==, "recording 02-10 12:00:00 → 02-17 12:00:00\n");
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &agreement);
  g_assert_true (vigil_site_record_agreement (centre->site, centre->lead, "LA-1", "2027-02-10", FALSE, 0,
                                              "sound no longer agreed", &error));
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);

  scheduled = set_stage (centre, "LA-1", VIGIL_STATE_STAGE_3, "2027-02-12T18:00:00Z");
  override = vigil_site_start_override (centre->site, centre->lead, "LA-1", "a mark on the baby's cheek", 48,
                                        &error);
  g_assert_no_error (error);
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &discharge, FALSE);
  g_assert_cmpstr (shown, ==, "recording 02-10 12:00:00 → 02-11 00:00:00\n");
  g_clear_pointer (&previewed, g_free);
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &discharge);
  g_assert_true (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", "2027-02-10", "moved to a flat",
                                              &error));
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);
}

/* Windows */

static void
test_windows (Centre        *centre,
              gconstpointer  data)
{
  VigilPolicyProposal night = { .kind = VIGIL_PROPOSAL_ADD_WINDOW, .days = VIGIL_DAY_FRIDAY,
                                .start_minute = 23 * 60, .end_minute = 60, .audio = TRUE,
                                .purpose = "night check" };
  VigilPolicyProposal once = { .kind = VIGIL_PROPOSAL_ADD_WINDOW, .date = "2027-02-11",
                               .start_minute = 10 * 60, .end_minute = 11 * 60, .audio = FALSE,
                               .purpose = "check-in" };
  VigilPolicyProposal remove = { .kind = VIGIL_PROPOSAL_REMOVE_WINDOW };
  g_autoptr(VigilWindow) night_window = NULL;
  g_autoptr(VigilWindow) once_window = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_3, TRUE);

  /* 23:00–01:00 is one run, past midnight. */
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &night, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-12 23:00:00 → 02-13 01:00:00 sound\n"
                   "window 02-12 23:00:00 → 02-13 01:00:00 sound night check\n");
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &night);
  night_window = add_window (centre, "LA-1", vigil_window_new (VIGIL_DAY_FRIDAY, NULL, 23 * 60, 60, TRUE,
                                                               "night check"));
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);

  /* A one-off tomorrow morning, without sound. */
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &once, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-11 10:00:00 → 02-11 11:00:00\n"
                   "window 02-11 10:00:00 → 02-11 11:00:00 check-in\n"
                   "recording 02-12 23:00:00 → 02-13 01:00:00 sound\n"
                   "window 02-12 23:00:00 → 02-13 01:00:00 sound night check\n");
  g_clear_pointer (&previewed, g_free);
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &once);
  once_window = add_window (centre, "LA-1", vigil_window_new (0, "2027-02-11", 10 * 60, 11 * 60, FALSE,
                                                              "check-in"));
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);

  /* Removed at midnight, inside its run: the run ends there. */
  set_now (centre, "2027-02-13T00:00:00Z");
  remove.id = vigil_window_get_id (night_window);
  g_clear_pointer (&shown, g_free);
  shown = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &remove, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 02-11 10:00:00 → 02-11 11:00:00\n"
                   "window 02-11 10:00:00 → 02-11 11:00:00 check-in\n"
                   "recording 02-12 23:00:00 → 02-13 00:00:00 sound\n"
                   "window 02-12 23:00:00 → 02-13 00:00:00 sound night check\n");
  g_clear_pointer (&previewed, g_free);
  previewed = preview (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &remove);
  g_assert_true (vigil_site_remove_window (centre->site, centre->lead, remove.id, "no longer needed", &error));
  g_assert_no_error (error);
  assert_saved_as_previewed (centre, "LA-1", WEDNESDAY, A_WEEK_ON, previewed);
}

/* Clock changes */

/* The week the clocks go forward: the change at 01:00 UTC, windows on
 * local time either side, and a 01:15–01:45 window that night never runs. */
static void
test_clocks_forward (Centre        *centre,
                     gconstpointer  data)
{
  VigilPolicyProposal night = { .kind = VIGIL_PROPOSAL_ADD_WINDOW, .days = every_day,
                                .start_minute = 75, .end_minute = 105, .audio = TRUE,
                                .purpose = "night check" };
  g_autoptr(GArray) items = NULL;
  g_autoptr(VigilWindow) window = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *previewed = NULL;
  const char *from = "2027-03-24T12:00:00Z", *to = "2027-03-31T12:00:00Z";
  gboolean found = FALSE;

  set_now (centre, from);
  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-03-01", VIGIL_STATE_STAGE_3, TRUE);

  shown = outlook_text (centre, "LA-1", from, to, &night, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 03-25 01:15:00 → 03-25 01:45:00 sound\n"
                   "window 03-25 01:15:00 → 03-25 01:45:00 sound night check\n"
                   "recording 03-26 01:15:00 → 03-26 01:45:00 sound\n"
                   "window 03-26 01:15:00 → 03-26 01:45:00 sound night check\n"
                   "recording 03-27 01:15:00 → 03-27 01:45:00 sound\n"
                   "window 03-27 01:15:00 → 03-27 01:45:00 sound night check\n"
                   "clock-change 03-28 01:00:00 clocks go forward, GMT to BST\n"
                   "recording 03-29 00:15:00 → 03-29 00:45:00 sound\n"
                   "window 03-29 00:15:00 → 03-29 00:45:00 sound night check\n"
                   "recording 03-30 00:15:00 → 03-30 00:45:00 sound\n"
                   "window 03-30 00:15:00 → 03-30 00:45:00 sound night check\n"
                   "recording 03-31 00:15:00 → 03-31 00:45:00 sound\n"
                   "window 03-31 00:15:00 → 03-31 00:45:00 sound night check\n");

  /* The change to the second. */
  items = outlook (centre, "LA-1", from, to, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      const VigilOutlookItem *item = &g_array_index (items, VigilOutlookItem, i);

      if (item->kind == VIGIL_OUTLOOK_CLOCK_CHANGE)
        {
          g_assert_cmpint (item->start, ==, vigil_test_instant ("2027-03-28T01:00:00Z"));
          g_assert_cmpint (item->end, ==, item->start);
          found = TRUE;
        }
    }
  g_assert_true (found);

  previewed = preview (centre, "LA-1", from, to, &night);
  window = add_window (centre, "LA-1", vigil_window_new (every_day, NULL, 75, 105, TRUE, "night check"));
  assert_saved_as_previewed (centre, "LA-1", from, to, previewed);
}

/* The week they go back: on the night of 2027-10-31 a 00:30–01:30 window
 * runs 23:30–00:30 UTC, its end the first 01:30. */
static void
test_clocks_back (Centre        *centre,
                  gconstpointer  data)
{
  g_autoptr(VigilWindow) window = NULL;
  g_autofree char *shown = NULL;
  const char *from = "2027-10-29T12:00:00Z", *to = "2027-11-02T12:00:00Z";

  set_now (centre, "2027-10-20T12:00:00Z");
  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-10-01", VIGIL_STATE_STAGE_3, TRUE);
  window = add_window (centre, "LA-1", vigil_window_new (every_day, NULL, 30, 90, FALSE, "night check"));

  shown = outlook_text (centre, "LA-1", from, to, NULL, FALSE);
  g_assert_cmpstr (shown, ==,
                   "recording 10-29 23:30:00 → 10-30 00:30:00\n"
                   "window 10-29 23:30:00 → 10-30 00:30:00 night check\n"
                   "recording 10-30 23:30:00 → 10-31 00:30:00\n"
                   "window 10-30 23:30:00 → 10-31 00:30:00 night check\n"
                   "clock-change 10-31 01:00:00 clocks go back, BST to GMT\n"
                   "recording 11-01 00:30:00 → 11-01 01:30:00\n"
                   "window 11-01 00:30:00 → 11-01 01:30:00 night check\n"
                   "recording 11-02 00:30:00 → 11-02 01:30:00\n"
                   "window 11-02 00:30:00 → 11-02 01:30:00 night check\n");
}

/* Without a camera */

/* A room with no camera records nothing; the rest of the picture stands. */
static void
test_no_camera (Centre        *centre,
                gconstpointer  data)
{
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new ("stage-change 02-10 00:00:00 stage 2\n");
  g_autofree char *shown = NULL;

  g_assert_true (vigil_site_add_room (centre->site, centre->manager, "Room 3", NULL, &error));
  g_assert_no_error (error);
  add_family_with_agreement (centre, "LA-3", "Room 3", "2027-02-10", VIGIL_STATE_STAGE_2, TRUE);
  window = add_window (centre, "LA-3", vigil_window_new (every_day, NULL, 19 * 60, 21 * 60, TRUE,
                                                         "bedtime routine"));

  for (int day = 10; day <= 15; day++)
    g_string_append_printf (expected, "window 02-%d 19:00:00 → 02-%d 21:00:00 sound bedtime routine\n",
                            day, day);
  shown = outlook_text (centre, "LA-3", "2027-02-09T12:00:00Z", "2027-02-16T12:00:00Z", NULL, FALSE);
  g_assert_cmpstr (shown, ==, expected->str);
}

/* Refusals */

static void
test_refusals (Centre        *centre,
               gconstpointer  data)
{
  g_autofree char *before = snapshot (centre);
  g_autoptr(GArray) timeline = NULL;
  GError *expected = NULL;
  GError *error = NULL;
  gint64 now = vigil_test_instant (WEDNESDAY);

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, TRUE);
  take_snapshot (centre, &before);

  /* An unknown family, in the words the other family calls use. */
  timeline = vigil_site_recording_timeline (centre->site, "LA-404", now, now + G_TIME_SPAN_DAY, &expected);
  g_assert_null (timeline);
  g_assert_nonnull (expected);
  g_assert_null (vigil_site_family_outlook (centre->site, "LA-404", now, now + G_TIME_SPAN_DAY, NULL, &error));
  assert_refused (centre, before, error, expected->code, expected->message);
  g_assert_true (error->domain == expected->domain);
  g_clear_error (&error);
  g_clear_error (&expected);

  g_assert_null (vigil_site_family_outlook (centre->site, "LA-1", now, now, NULL, &error));
  assert_refused (centre, before, error, VIGIL_ERROR_INVALID, "after its start");
  g_clear_error (&error);

  g_assert_null (vigil_site_family_outlook (centre->site, "LA-1", now, now + 400 * G_TIME_SPAN_DAY, NULL,
                                            &error));
  assert_refused (centre, before, error, VIGIL_ERROR_INVALID, "at most");
  g_clear_error (&error);
}

/* The async call */

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* On the worker, with the proposal's strings gone before it runs. */
static void
test_async (Centre        *centre,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *purpose = g_strdup ("bedtime routine");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  VigilPolicyProposal proposal = { .kind = VIGIL_PROPOSAL_ADD_WINDOW, .days = every_day,
                                   .start_minute = 19 * 60, .end_minute = 21 * 60, .audio = TRUE };

  add_family_with_agreement (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_3, TRUE);
  proposal.purpose = purpose;
  expected = outlook_text (centre, "LA-1", WEDNESDAY, A_WEEK_ON, &proposal, TRUE);
  before = snapshot (centre);

  vigil_site_family_outlook_async (centre->site, "LA-1", vigil_test_instant (WEDNESDAY),
                                   vigil_test_instant (A_WEEK_ON), &proposal, NULL, got_result, &result);
  memset (purpose, 'x', strlen (purpose));
  g_clear_pointer (&purpose, g_free);
  proposal.purpose = NULL;

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  items = vigil_site_family_outlook_finish (centre->site, result, &error);
  g_assert_no_error (error);
  shown = describe (items, TRUE);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_nonnull (strstr (shown, "sound bedtime routine"));

  after = snapshot (centre);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Centre, NULL, outlook_setup, func, centre_teardown)
  ADD ("/outlook/stage-2", test_stage_2);
  ADD ("/outlook/stage-3-now", test_stage_3_now);
  ADD ("/outlook/stage-later", test_stage_later);
  ADD ("/outlook/cancel-stage", test_cancel_stage);
  ADD ("/outlook/override", test_override);
  ADD ("/outlook/agreement-and-discharge", test_agreement_and_discharge);
  ADD ("/outlook/windows", test_windows);
  ADD ("/outlook/clocks-forward", test_clocks_forward);
  ADD ("/outlook/clocks-back", test_clocks_back);
  ADD ("/outlook/no-camera", test_no_camera);
  ADD ("/outlook/refusals", test_refusals);
  ADD ("/outlook/async", test_async);
#undef ADD

  return g_test_run ();
}
