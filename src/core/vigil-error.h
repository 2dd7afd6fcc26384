/* vigil-error.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_ERROR (vigil_error_quark ())

/**
 * VigilError:
 * @VIGIL_ERROR_INVALID: the input is malformed or out of range
 * @VIGIL_ERROR_NOT_FOUND: the named record does not exist
 * @VIGIL_ERROR_EXISTS: a record with that name already exists
 * @VIGIL_ERROR_PERMISSION: the acting staff member's role lacks a permission
 * @VIGIL_ERROR_LOGIN_REFUSED: a login was refused; the message says why
 * @VIGIL_ERROR_STORE: the data file could not be read or written
 * @VIGIL_ERROR_SCHEMA_TOO_NEW: the data file was made by a newer Vigil
 * @VIGIL_ERROR_NO_SITE: there is no site in the data folder
 * @VIGIL_ERROR_SECRET: the Secret Service could not be used
 * @VIGIL_ERROR_TAMPERED: the audit trail failed verification
 * @VIGIL_ERROR_LOCKED: the session is locked; its password unlocks it
 */
typedef enum
{
  VIGIL_ERROR_INVALID,
  VIGIL_ERROR_NOT_FOUND,
  VIGIL_ERROR_EXISTS,
  VIGIL_ERROR_PERMISSION,
  VIGIL_ERROR_LOGIN_REFUSED,
  VIGIL_ERROR_STORE,
  VIGIL_ERROR_SCHEMA_TOO_NEW,
  VIGIL_ERROR_NO_SITE,
  VIGIL_ERROR_SECRET,
  VIGIL_ERROR_TAMPERED,
  VIGIL_ERROR_LOCKED,
} VigilError;

GQuark vigil_error_quark (void);

G_END_DECLS
