/* vigil-login-page.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LOGIN_PAGE (vigil_login_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilLoginPage, vigil_login_page, VIGIL, LOGIN_PAGE, GtkWidget)

/* Username, password and "Log In": the core decides, on the site's worker,
 * and every refusal is shown in its own words. ::logged-in carries the
 * session. */
void vigil_login_page_set_site (VigilLoginPage *self,
                                VigilSite      *site);
/* Demo mode only: the demo's logins, one "USER PASSWORD ROLE" a line, shown
 * beside the form. */
void vigil_login_page_set_demo_logins (VigilLoginPage     *self,
                                       const char * const *lines);

G_END_DECLS
