/* vigil-error.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-error.h"

G_DEFINE_QUARK (vigil-error-quark, vigil_error)
