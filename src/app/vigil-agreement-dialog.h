/* vigil-agreement-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_AGREEMENT_RECORD,     /* a new CCTV and audio agreement replaces the one on file */
  VIGIL_AGREEMENT_DISCHARGE,  /* the family has left */
} VigilAgreementChange;

#define VIGIL_TYPE_AGREEMENT_DIALOG (vigil_agreement_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilAgreementDialog, vigil_agreement_dialog, VIGIL, AGREEMENT_DIALOG, AdwWindow)

/* What the family agreed to, or its leaving: the terms on which the centre
 * keeps a family at all. The form starts from @family's agreement. The core
 * judges it: a refusal shows the core's words and the dialog stays open; a
 * success closes it. */
VigilAgreementDialog *vigil_agreement_dialog_new (GtkWidget            *parent,
                                                  VigilSite            *site,
                                                  VigilSession         *session,
                                                  VigilFamily          *family,
                                                  const char           *family_name,
                                                  VigilAgreementChange  change);

G_END_DECLS
