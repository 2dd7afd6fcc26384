/* vigil-core.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-audit.h"
#include "vigil-audit-entry.h"
#include "vigil-error.h"
#include "vigil-password.h"
#include "vigil-role.h"
#include "vigil-secrets.h"
#include "vigil-session.h"
#include "vigil-site.h"
#include "vigil-staff.h"
#include "vigil-store.h"
#include "vigil-time.h"
