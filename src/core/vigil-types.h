/* vigil-types.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every type of the core, declared once, so that a header can name another
 * type without including it. The enums are registered as GTypes by
 * gnome.mkenums_simple (vigil-enums.h), so properties carry them as enums. */

typedef struct _VigilAudit         VigilAudit;
typedef struct _VigilAuditEntry    VigilAuditEntry;
typedef struct _VigilCamera        VigilCamera;
typedef struct _VigilChangeMonitor VigilChangeMonitor;
typedef struct _VigilDeletion      VigilDeletion;
typedef struct _VigilDuty          VigilDuty;
typedef struct _VigilFamily        VigilFamily;
typedef struct _VigilGap           VigilGap;
typedef struct _VigilHold          VigilHold;
typedef struct _VigilNote          VigilNote;
typedef struct _VigilOverride      VigilOverride;
typedef struct _VigilRecordList    VigilRecordList;
typedef struct _VigilRecorderStatus VigilRecorderStatus;
typedef struct _VigilRoom          VigilRoom;
typedef struct _VigilSegment       VigilSegment;
typedef struct _VigilSession       VigilSession;
typedef struct _VigilSite          VigilSite;
typedef struct _VigilStaff         VigilStaff;
typedef struct _VigilStageChange   VigilStageChange;
typedef struct _VigilWatchRequest  VigilWatchRequest;
typedef struct _VigilWindow        VigilWindow;

typedef enum
{
  VIGIL_ROLE_OPERATOR,
  VIGIL_ROLE_TEAM_LEAD,
  VIGIL_ROLE_MANAGER,
} VigilRole;

/* What a role may do. Each later capability adds its permission here and to
 * the table in vigil-role.c; the core checks them on every call. */
typedef enum
{
  /* operators */
  VIGIL_PERMISSION_TAKE_DUTY,        /* take and end own duties, raise watch requests */
  VIGIL_PERMISSION_WRITE_NOTES,      /* observation summaries and addenda */
  /* team leads */
  VIGIL_PERMISSION_MANAGE_FAMILIES,  /* admit families, agreements */
  VIGIL_PERMISSION_CHANGE_STAGE,
  VIGIL_PERMISSION_EDIT_WINDOWS,
  VIGIL_PERMISSION_RUN_OVERRIDES,
  VIGIL_PERMISSION_ALLOCATE_DUTIES,  /* start duties for others, hand over */
  VIGIL_PERMISSION_HOLD_FOOTAGE,     /* place and release holds on recordings */
  VIGIL_PERMISSION_REVIEW_FOOTAGE,   /* open recorded footage (also a designated operator) */
  VIGIL_PERMISSION_EXPORT_FOOTAGE,   /* request, decide on and run court bundle exports */
  VIGIL_PERMISSION_RUN_WALL,         /* start the wall of monitors under their login */
  /* managers */
  VIGIL_PERMISSION_MANAGE_CAMERAS,   /* rooms and cameras */
  VIGIL_PERMISSION_MANAGE_STAFF,
  VIGIL_PERMISSION_MANAGE_SETTINGS,
} VigilPermission;

typedef enum
{
  VIGIL_LOCATION_COMMUNAL,
  VIGIL_LOCATION_FAMILY_ROOM,
} VigilLocation;

typedef enum
{
  VIGIL_STATE_NONE = 0,   /* before the family's first stage takes effect */
  VIGIL_STATE_STAGE_1 = 1,
  VIGIL_STATE_STAGE_2 = 2,
  VIGIL_STATE_STAGE_3 = 3,
  VIGIL_STATE_STAGE_4 = 4,
  VIGIL_STATE_OFF = 5,    /* recording off */
} VigilFamilyState;

typedef enum
{
  VIGIL_LIVE_VIEW_ALLOWED,
  VIGIL_LIVE_VIEW_REASON_REQUIRED,
  VIGIL_LIVE_VIEW_DENIED,
} VigilLiveView;

/* Days of the week for weekly windows. */
typedef enum
{
  VIGIL_DAY_MONDAY = 1 << 0,
  VIGIL_DAY_TUESDAY = 1 << 1,
  VIGIL_DAY_WEDNESDAY = 1 << 2,
  VIGIL_DAY_THURSDAY = 1 << 3,
  VIGIL_DAY_FRIDAY = 1 << 4,
  VIGIL_DAY_SATURDAY = 1 << 5,
  VIGIL_DAY_SUNDAY = 1 << 6,
} VigilDays;

typedef enum
{
  VIGIL_NOTE_KIND_OBSERVATION,   /* written at any time about what was seen */
  VIGIL_NOTE_KIND_REVIEW,        /* a review of recorded footage, for its period */
  VIGIL_NOTE_KIND_DUTY,          /* the summary that ends a duty */
} VigilNoteKind;

/* Which of a camera's streams to open: the main stream (full size, for
 * recording and the duty view) or the sub-stream (smaller, for the wall). */
typedef enum
{
  VIGIL_CAMERA_STREAM_MAIN,
  VIGIL_CAMERA_STREAM_SUB,
} VigilCameraStream;

/* What happened to a duty's picture or sound (vigil_site_record_duty_alarm). */
typedef enum
{
  VIGIL_DUTY_ALARM_LOST,          /* the picture or the sound was lost */
  VIGIL_DUTY_ALARM_ACKNOWLEDGED,  /* the operator acknowledged the alarm */
  VIGIL_DUTY_ALARM_RETURNED,      /* it came back */
} VigilDutyAlarm;

G_END_DECLS
