/* vigil-session.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-session"

#include "config.h"

#include "vigil-session-private.h"
#include "vigil-site-wall.h"
#include "vigil-site-console.h"

/* A logged-in member of staff. The role recorded here is what they had at
 * login; permission checks read the current role from the store. */
struct _VigilSession
{
  GObject    parent_instance;

  gpointer   site;          /* weak: the site outlives its sessions' use */
  char      *username;
  char      *display_name;
  VigilRole  role;
  gint64     started_at;

  /* Read and written from the site's worker thread as well as the caller's:
   * atomics, so a lock set on one is seen at once on the other. */
  gint       locked;
  gint       ended;
  gint       wall;
};

G_DEFINE_FINAL_TYPE (VigilSession, vigil_session, G_TYPE_OBJECT)

static void
vigil_session_dispose (GObject *object)
{
  VigilSession *self = (VigilSession *)object;

  g_clear_weak_pointer (&self->site);

  G_OBJECT_CLASS (vigil_session_parent_class)->dispose (object);
}

static void
vigil_session_finalize (GObject *object)
{
  VigilSession *self = (VigilSession *)object;

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (vigil_session_parent_class)->finalize (object);
}

static void
vigil_session_class_init (VigilSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_session_dispose;
  object_class->finalize = vigil_session_finalize;
}

static void
vigil_session_init (VigilSession *self)
{
}

VigilSession *
vigil_session_new (gpointer    site,
                   VigilStaff *staff,
                   gint64      started_at)
{
  VigilSession *self;

  g_return_val_if_fail (G_IS_OBJECT (site), NULL);
  g_return_val_if_fail (VIGIL_IS_STAFF (staff), NULL);

  self = g_object_new (VIGIL_TYPE_SESSION, NULL);
  g_set_weak_pointer (&self->site, site);
  self->username = g_strdup (vigil_staff_get_username (staff));
  self->display_name = g_strdup (vigil_staff_get_display_name (staff));
  self->role = vigil_staff_get_role (staff);
  self->started_at = started_at;

  return self;
}

gpointer
vigil_session_get_site (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);
  return self->site;
}

const char *
vigil_session_get_username (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);
  return self->username;
}

const char *
vigil_session_get_display_name (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);
  return self->display_name;
}

VigilRole
vigil_session_get_role (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), VIGIL_ROLE_OPERATOR);
  return self->role;
}

gint64
vigil_session_get_started_at (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), 0);
  return self->started_at;
}

/**
 * vigil_session_is_locked:
 *
 * Returns: whether the session is locked: then every call that changes
 *   anything or reveals footage refuses it until it is unlocked
 */
gboolean
vigil_session_is_locked (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);
  return g_atomic_int_get (&self->locked) != 0;
}

void
vigil_session_set_locked (VigilSession *self,
                          gboolean      locked)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));
  g_atomic_int_set (&self->locked, locked ? 1 : 0);
}

gboolean
vigil_session_is_ended (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), TRUE);
  return g_atomic_int_get (&self->ended) != 0;
}

/* Logging out is for good: a session never comes back from it. */
void
vigil_session_set_ended (VigilSession *self)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));
  g_atomic_int_set (&self->ended, 1);
}

/**
 * vigil_session_is_wall:
 *
 * Returns: whether the session runs the wall of monitors
 *   (vigil_site_start_wall()): it is then refused any view that needs a
 *   reason
 */
gboolean
vigil_session_is_wall (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);
  return g_atomic_int_get (&self->wall) != 0;
}

/* For good, as logging out is: a wall's session never becomes a console's. */
void
vigil_session_set_wall (VigilSession *self)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));
  g_atomic_int_set (&self->wall, 1);
}
