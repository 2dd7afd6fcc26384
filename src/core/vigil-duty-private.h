/* vigil-duty-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-duty-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-duty.h"

G_BEGIN_DECLS

/* Duties are made and ended by the store and the site (vigil-store-duty.c,
 * vigil-site-duty.c); everyone else reads them. */

VigilDuty *vigil_duty_new       (gint64      id,
                                 const char *case_ref,
                                 const char *family_label,
                                 const char *operator_name,
                                 gint64      started_at,
                                 const char *started_by);
void       vigil_duty_set_ended (VigilDuty  *self,
                                 gint64      ended_at,
                                 const char *ended_by,
                                 gint64      summary_note,
                                 gint64      handed_to);

G_END_DECLS
