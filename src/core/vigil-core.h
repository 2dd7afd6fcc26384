/* vigil-core.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* What the console, the recorder and vigilctl use. The store, the secrets and
 * other *-private.h headers are the core's own: going around the site's
 * calls would skip the permission checks and the audit trail. */

#include "vigil-audit.h"
#include "vigil-audit-entry.h"
#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-types.h"
#include "vigil-password.h"
#include "vigil-role.h"
#include "vigil-session.h"
#include "vigil-site.h"
#include "vigil-staff.h"
#include "vigil-sha256.h"
#include "vigil-text.h"
#include "vigil-time.h"
#include "vigil-policy.h"
#include "vigil-site-policy.h"
#include "vigil-site-outlook.h"
/* centre records */
#include "vigil-camera.h"
#include "vigil-family.h"
#include "vigil-override.h"
#include "vigil-site-centre.h"
#include "vigil-stage-change.h"
#include "vigil-window.h"

/* duties, watch requests and notes */
#include "vigil-duty.h"
#include "vigil-watch-request.h"
#include "vigil-note.h"
#include "vigil-site-duty.h"
#include "vigil-site-notes.h"
#include "vigil-notes-pdf.h"
#include "vigil-site-console.h"
#include "vigil-site-wall.h"
#include "vigil-site-footage.h"

/* recordings: segments, gaps, holds, deletions, the recorder's state */
#include "vigil-deletion.h"
#include "vigil-gap.h"
#include "vigil-hold.h"
#include "vigil-recorder-status.h"
#include "vigil-segment.h"
#include "vigil-site-recordings.h"

#include "vigil-export.h"
#include "vigil-site-evidence.h"
#include "vigil-site-review.h"

/* a site of several machines */
#include "vigil-machine.h"
#include "vigil-site-machines.h"
#include "vigil-site-migrate.h"

/* change signals and the list models that follow them */
#include "vigil-change-monitor.h"
#include "vigil-record-list.h"
#include "vigil-room.h"
