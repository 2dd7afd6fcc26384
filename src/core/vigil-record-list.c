/* vigil-record-list.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-record-list"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera.h"
#include "vigil-duty.h"
#include "vigil-family.h"
#include "vigil-note.h"
#include "vigil-room-private.h"
#include "vigil-site-async-private.h"
#include "vigil-site-centre.h"
#include "vigil-site-duty.h"
#include "vigil-site-notes.h"
#include "vigil-staff.h"
#include "vigil-watch-request.h"

#include "vigil-record-list.h"

/* One list model for every kind of record: what differs between kinds is a
 * row of the table below (what to read, which changes matter, what makes two
 * snapshots the same record and the same content).
 *
 * A relevant change reads the whole list again on a worker thread, through
 * the site's ordinary calls, and compares it with what is shown: records
 * whose content did not change keep their object, and one items-changed
 * covers the span between the unchanged head and the unchanged tail, which
 * is exactly the change when one record was added, removed or edited.
 * Lists are the size of a centre (tens of rooms, hundreds of notes), so
 * reading them whole is cheaper than keeping track of rows. */

typedef struct _LoadRequest LoadRequest;

typedef struct
{
  const char       *name;
  GType           (*item_type) (void);
  VigilChangeKind   watches;
  GPtrArray      *(*load)      (LoadRequest  *request,
                                GError      **error);
  char           *(*key)       (gpointer      item);
  gboolean        (*same)      (gpointer      a,
                                gpointer      b);
} RecordKind;

struct _LoadRequest
{
  const RecordKind *kind;
  VigilSite        *site;
  char             *case_ref;
  gboolean          include_discharged;
};

struct _VigilRecordList
{
  GObject             parent_instance;

  const RecordKind   *kind;
  VigilSite          *site;
  VigilChangeMonitor *monitor;
  char               *case_ref;
  gboolean            include_discharged;

  GPtrArray          *items;
  GError             *error;
  GCancellable       *cancellable;
  gulong              changed_id;
  gboolean            loading;
  gboolean            reload_pending;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilRecordList, vigil_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the kinds ---------------------------------------------------------- */

static gboolean
same_staff (gpointer a,
            gpointer b)
{
  VigilStaff *x = a, *y = b;

  return g_strcmp0 (vigil_staff_get_username (x), vigil_staff_get_username (y)) == 0 &&
         g_strcmp0 (vigil_staff_get_display_name (x), vigil_staff_get_display_name (y)) == 0 &&
         vigil_staff_get_band (x) == vigil_staff_get_band (y) &&
         vigil_staff_get_role (x) == vigil_staff_get_role (y) &&
         vigil_staff_get_active (x) == vigil_staff_get_active (y) &&
         g_strcmp0 (vigil_staff_get_competency_assessed_on (x), vigil_staff_get_competency_assessed_on (y)) == 0 &&
         g_strcmp0 (vigil_staff_get_competency_assessed_by (x), vigil_staff_get_competency_assessed_by (y)) == 0 &&
         g_strcmp0 (vigil_staff_get_refresher_due (x), vigil_staff_get_refresher_due (y)) == 0 &&
         vigil_staff_get_locked_until (x) == vigil_staff_get_locked_until (y) &&
         vigil_staff_get_failed_logins (x) == vigil_staff_get_failed_logins (y);
}

static char *
key_staff (gpointer item)
{
  return g_strdup (vigil_staff_get_username (item));
}

static GPtrArray *
load_staff (LoadRequest  *request,
            GError      **error)
{
  return vigil_site_list_staff (request->site, error);
}

static gboolean
same_room (gpointer a,
           gpointer b)
{
  return g_strcmp0 (vigil_room_get_name (a), vigil_room_get_name (b)) == 0;
}

static char *
key_room (gpointer item)
{
  return g_strdup (vigil_room_get_name (item));
}

static GPtrArray *
load_rooms (LoadRequest  *request,
            GError      **error)
{
  g_autoptr(GPtrArray) names = vigil_site_list_rooms (request->site, error);
  GPtrArray *rooms;

  if (names == NULL)
    return NULL;

  rooms = g_ptr_array_new_full (names->len, g_object_unref);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (rooms, vigil_room_new (g_ptr_array_index (names, i)));
  return rooms;
}

static gboolean
same_camera (gpointer a,
             gpointer b)
{
  VigilCamera *x = a, *y = b;

  return vigil_camera_get_id (x) == vigil_camera_get_id (y) &&
         g_strcmp0 (vigil_camera_get_name (x), vigil_camera_get_name (y)) == 0 &&
         vigil_camera_get_location (x) == vigil_camera_get_location (y) &&
         g_strcmp0 (vigil_camera_get_room (x), vigil_camera_get_room (y)) == 0 &&
         g_strcmp0 (vigil_camera_get_url (x), vigil_camera_get_url (y)) == 0 &&
         g_strcmp0 (vigil_camera_get_sub_url (x), vigil_camera_get_sub_url (y)) == 0 &&
         vigil_camera_get_has_audio (x) == vigil_camera_get_has_audio (y) &&
         vigil_camera_get_enabled (x) == vigil_camera_get_enabled (y) &&
         vigil_camera_get_created_at (x) == vigil_camera_get_created_at (y);
}

static char *
key_camera (gpointer item)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, vigil_camera_get_id (item));
}

static GPtrArray *
load_cameras (LoadRequest  *request,
              GError      **error)
{
  return vigil_site_list_cameras (request->site, error);
}

static gboolean
same_family (gpointer a,
             gpointer b)
{
  VigilFamily *x = a, *y = b;

  return vigil_family_get_id (x) == vigil_family_get_id (y) &&
         g_strcmp0 (vigil_family_get_case_ref (x), vigil_family_get_case_ref (y)) == 0 &&
         g_strcmp0 (vigil_family_get_label (x), vigil_family_get_label (y)) == 0 &&
         g_strcmp0 (vigil_family_get_room (x), vigil_family_get_room (y)) == 0 &&
         g_strcmp0 (vigil_family_get_admitted_on (x), vigil_family_get_admitted_on (y)) == 0 &&
         g_strcmp0 (vigil_family_get_agreement_signed_on (x), vigil_family_get_agreement_signed_on (y)) == 0 &&
         vigil_family_get_agreement_covers_audio (x) == vigil_family_get_agreement_covers_audio (y) &&
         vigil_family_get_retention_days (x) == vigil_family_get_retention_days (y) &&
         g_strcmp0 (vigil_family_get_consent_on (x), vigil_family_get_consent_on (y)) == 0 &&
         g_strcmp0 (vigil_family_get_discharged_on (x), vigil_family_get_discharged_on (y)) == 0 &&
         vigil_family_get_created_at (x) == vigil_family_get_created_at (y);
}

static char *
key_family (gpointer item)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, vigil_family_get_id (item));
}

static GPtrArray *
load_families (LoadRequest  *request,
               GError      **error)
{
  return vigil_site_list_families (request->site, request->include_discharged, error);
}

static gboolean
same_duty (gpointer a,
           gpointer b)
{
  VigilDuty *x = a, *y = b;

  return vigil_duty_get_id (x) == vigil_duty_get_id (y) &&
         g_strcmp0 (vigil_duty_get_case_ref (x), vigil_duty_get_case_ref (y)) == 0 &&
         g_strcmp0 (vigil_duty_get_family_label (x), vigil_duty_get_family_label (y)) == 0 &&
         g_strcmp0 (vigil_duty_get_operator (x), vigil_duty_get_operator (y)) == 0 &&
         vigil_duty_get_started_at (x) == vigil_duty_get_started_at (y) &&
         g_strcmp0 (vigil_duty_get_started_by (x), vigil_duty_get_started_by (y)) == 0 &&
         vigil_duty_get_ended_at (x) == vigil_duty_get_ended_at (y) &&
         g_strcmp0 (vigil_duty_get_ended_by (x), vigil_duty_get_ended_by (y)) == 0 &&
         vigil_duty_get_summary_note (x) == vigil_duty_get_summary_note (y) &&
         vigil_duty_get_handed_to (x) == vigil_duty_get_handed_to (y);
}

static char *
key_duty (gpointer item)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, vigil_duty_get_id (item));
}

/* Duties and watch requests come from one snapshot of the coverage, so a
 * duty that closed a request never shows with it. */
static GPtrArray *
load_coverage (LoadRequest  *request,
               gboolean      want_duties,
               GError      **error)
{
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;

  if (!vigil_site_get_coverage (request->site, &duties, &uncovered, error))
    return NULL;

  return want_duties ? g_steal_pointer (&duties) : g_steal_pointer (&uncovered);
}

static GPtrArray *
load_duties (LoadRequest  *request,
             GError      **error)
{
  return load_coverage (request, TRUE, error);
}

static gboolean
same_watch_request (gpointer a,
                    gpointer b)
{
  VigilWatchRequest *x = a, *y = b;

  return vigil_watch_request_get_id (x) == vigil_watch_request_get_id (y) &&
         g_strcmp0 (vigil_watch_request_get_case_ref (x), vigil_watch_request_get_case_ref (y)) == 0 &&
         g_strcmp0 (vigil_watch_request_get_family_label (x), vigil_watch_request_get_family_label (y)) == 0 &&
         vigil_watch_request_get_requested_at (x) == vigil_watch_request_get_requested_at (y) &&
         g_strcmp0 (vigil_watch_request_get_requested_by (x), vigil_watch_request_get_requested_by (y)) == 0 &&
         g_strcmp0 (vigil_watch_request_get_reason (x), vigil_watch_request_get_reason (y)) == 0 &&
         vigil_watch_request_get_closed_at (x) == vigil_watch_request_get_closed_at (y) &&
         g_strcmp0 (vigil_watch_request_get_closed_by (x), vigil_watch_request_get_closed_by (y)) == 0;
}

static char *
key_watch_request (gpointer item)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, vigil_watch_request_get_id (item));
}

static GPtrArray *
load_watch_requests (LoadRequest  *request,
                     GError      **error)
{
  return load_coverage (request, FALSE, error);
}

/* A saved note never changes (the file refuses it): its id says it all. */
static gboolean
same_note (gpointer a,
           gpointer b)
{
  return vigil_note_get_id (a) == vigil_note_get_id (b);
}

static char *
key_note (gpointer item)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, vigil_note_get_id (item));
}

static GPtrArray *
load_notes (LoadRequest  *request,
            GError      **error)
{
  return vigil_site_list_notes (request->site, request->case_ref, 0, error);
}

/* What each list shows comes with the family's label and discharge from the
 * families table, hence the FAMILIES bit on duties and watch requests; the
 * coverage also depends on the duties. Rooms are never renamed, so cameras
 * and families need not follow them. */
static const RecordKind staff_kind = {
  "staff", vigil_staff_get_type, VIGIL_CHANGE_KIND_STAFF,
  load_staff, key_staff, same_staff,
};
static const RecordKind rooms_kind = {
  "rooms", vigil_room_get_type, VIGIL_CHANGE_KIND_ROOMS,
  load_rooms, key_room, same_room,
};
static const RecordKind cameras_kind = {
  "cameras", vigil_camera_get_type, VIGIL_CHANGE_KIND_CAMERAS,
  load_cameras, key_camera, same_camera,
};
static const RecordKind families_kind = {
  "families", vigil_family_get_type, VIGIL_CHANGE_KIND_FAMILIES,
  load_families, key_family, same_family,
};
static const RecordKind duties_kind = {
  "duties", vigil_duty_get_type, VIGIL_CHANGE_KIND_DUTIES | VIGIL_CHANGE_KIND_FAMILIES,
  load_duties, key_duty, same_duty,
};
static const RecordKind watch_requests_kind = {
  "watch requests", vigil_watch_request_get_type,
  VIGIL_CHANGE_KIND_WATCH_REQUESTS | VIGIL_CHANGE_KIND_DUTIES | VIGIL_CHANGE_KIND_FAMILIES,
  load_watch_requests, key_watch_request, same_watch_request,
};
static const RecordKind notes_kind = {
  "notes", vigil_note_get_type, VIGIL_CHANGE_KIND_NOTES,
  load_notes, key_note, same_note,
};

/* ---- GListModel --------------------------------------------------------- */

static GType
vigil_record_list_get_item_type (GListModel *model)
{
  VigilRecordList *self = VIGIL_RECORD_LIST (model);

  return self->kind->item_type ();
}

static guint
vigil_record_list_get_n_items (GListModel *model)
{
  VigilRecordList *self = VIGIL_RECORD_LIST (model);

  return self->items->len;
}

static gpointer
vigil_record_list_get_item (GListModel *model,
                            guint       position)
{
  VigilRecordList *self = VIGIL_RECORD_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vigil_record_list_get_item_type;
  iface->get_n_items = vigil_record_list_get_n_items;
  iface->get_item = vigil_record_list_get_item;
}

/* ---- loading ------------------------------------------------------------ */

static void
load_request_free (gpointer data)
{
  LoadRequest *request = data;

  g_clear_object (&request->site);
  g_clear_pointer (&request->case_ref, g_free);
  g_free (request);
}

/* Runs on the site's worker, on its own connection, so a reading never
 * holds the connection the main thread uses. */
static gpointer
load_on_worker (VigilSite  *site,
                gpointer    data,
                GError    **error)
{
  LoadRequest *request = data;

  return request->kind->load (request, error);
}

static void
set_loading (VigilRecordList *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows @fresh: unchanged records keep the object already shown, and the
 * span between the unchanged head and tail is announced as one change. */
static void
show (VigilRecordList *self,
      GPtrArray       *fresh)
{
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) old = NULL;
  guint n_old = self->items->len;
  guint n_new = fresh->len;
  guint head = 0, tail = 0;

  for (guint i = 0; i < n_old; i++)
    {
      gpointer item = g_ptr_array_index (self->items, i);
      g_hash_table_insert (shown, self->kind->key (item), item);
    }

  for (guint i = 0; i < n_new; i++)
    {
      g_autofree char *key = self->kind->key (g_ptr_array_index (fresh, i));
      gpointer was = g_hash_table_lookup (shown, key);

      if (was != NULL && self->kind->same (was, g_ptr_array_index (fresh, i)))
        {
          g_object_unref (g_ptr_array_index (fresh, i));
          fresh->pdata[i] = g_object_ref (was);
        }
    }

  while (head < n_old && head < n_new &&
         g_ptr_array_index (self->items, head) == g_ptr_array_index (fresh, head))
    head++;
  while (tail < n_old - head && tail < n_new - head &&
         g_ptr_array_index (self->items, n_old - 1 - tail) == g_ptr_array_index (fresh, n_new - 1 - tail))
    tail++;

  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_ref (fresh);

  if (n_old - head - tail == 0 && n_new - head - tail == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), head, n_old - head - tail, n_new - head - tail);
  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void launch_load (VigilRecordList *self);

static void
on_loaded (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VigilRecordList) self = g_weak_ref_get (user_data);
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (user_data);
  g_free (user_data);

  /* Dropped while the list was read: nobody is looking. */
  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  fresh = vigil_site_finish_pointer (VIGIL_SITE (source_object), result, launch_load, &error);
  if (fresh == NULL)
    {
      /* What is shown stays; the error says it may be stale. */
      g_debug ("Could not read the %s: %s", self->kind->name, error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  else
    {
      if (self->error != NULL)
        {
          g_clear_error (&self->error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      show (self, fresh);
    }

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      launch_load (self);
    }
  else
    set_loading (self, FALSE);
}

static void
launch_load (VigilRecordList *self)
{
  LoadRequest *request;
  GWeakRef *weak;

  request = g_new0 (LoadRequest, 1);
  request->kind = self->kind;
  request->site = g_object_ref (self->site);
  request->case_ref = g_strdup (self->case_ref);
  request->include_discharged = self->include_discharged;

  /* The task holds no reference on the list, so that dropping the list
   * while it loads finalizes it at once. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);

  vigil_site_run_async (self->site, launch_load, request, load_request_free,
                        load_on_worker, (GDestroyNotify) g_ptr_array_unref,
                        self->cancellable, on_loaded, weak);
}

/* One reading at a time: changes that come while one runs are covered by a
 * single reading after it. */
static void
start_load (VigilRecordList *self)
{
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  set_loading (self, TRUE);
  launch_load (self);
}

static void
on_changed (VigilChangeMonitor *monitor,
            VigilChangeKind     kinds,
            gpointer            user_data)
{
  VigilRecordList *self = user_data;

  if ((kinds & self->kind->watches) != 0)
    start_load (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
vigil_record_list_dispose (GObject *object)
{
  VigilRecordList *self = (VigilRecordList *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_record_list_parent_class)->dispose (object);
}

static void
vigil_record_list_finalize (GObject *object)
{
  VigilRecordList *self = (VigilRecordList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->case_ref, g_free);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_record_list_parent_class)->finalize (object);
}

static void
vigil_record_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilRecordList *self = VIGIL_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->kind->item_type ());
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_record_list_class_init (VigilRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_record_list_dispose;
  object_class->finalize = vigil_record_list_finalize;
  object_class->get_property = vigil_record_list_get_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE while the list is being read again; the items shown stay until
   * the new reading replaces them. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Why the last reading failed, or NULL; the items are then stale. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_record_list_init (VigilRecordList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

static VigilRecordList *
record_list_new (const RecordKind   *kind,
                 VigilSite          *site,
                 VigilChangeMonitor *monitor)
{
  VigilRecordList *self = g_object_new (VIGIL_TYPE_RECORD_LIST, NULL);

  self->kind = kind;
  self->site = g_object_ref (site);
  self->monitor = g_object_ref (monitor);
  self->changed_id = g_signal_connect (monitor, "changed", G_CALLBACK (on_changed), self);
  return self;
}

/**
 * vigil_record_list_new_staff:
 * @site: the site to read
 * @monitor: a monitor of @site's file, made on this thread
 *
 * Every member of staff, by username. Like every record list, it reads the
 * site on a worker thread: it starts empty with #VigilRecordList:loading
 * set, and emits items-changed on this thread's main context.
 *
 * Returns: (transfer full): a list model of #VigilStaff
 */
VigilRecordList *
vigil_record_list_new_staff (VigilSite          *site,
                             VigilChangeMonitor *monitor)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = record_list_new (&staff_kind, site, monitor);
  start_load (self);
  return self;
}

/**
 * vigil_record_list_new_rooms:
 *
 * Returns: (transfer full): a list model of #VigilRoom, by name
 */
VigilRecordList *
vigil_record_list_new_rooms (VigilSite          *site,
                             VigilChangeMonitor *monitor)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = record_list_new (&rooms_kind, site, monitor);
  start_load (self);
  return self;
}

/**
 * vigil_record_list_new_cameras:
 *
 * Returns: (transfer full): a list model of #VigilCamera
 */
VigilRecordList *
vigil_record_list_new_cameras (VigilSite          *site,
                               VigilChangeMonitor *monitor)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = record_list_new (&cameras_kind, site, monitor);
  start_load (self);
  return self;
}

/**
 * vigil_record_list_new_families:
 * @include_discharged: whether discharged families are listed too
 *
 * Returns: (transfer full): a list model of #VigilFamily
 */
VigilRecordList *
vigil_record_list_new_families (VigilSite          *site,
                                VigilChangeMonitor *monitor,
                                gboolean            include_discharged)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = record_list_new (&families_kind, site, monitor);
  self->include_discharged = !!include_discharged;
  start_load (self);
  return self;
}

/**
 * vigil_record_list_new_duties:
 *
 * Returns: (transfer full): a list model of the open #VigilDuty records
 */
VigilRecordList *
vigil_record_list_new_duties (VigilSite          *site,
                              VigilChangeMonitor *monitor)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = record_list_new (&duties_kind, site, monitor);
  start_load (self);
  return self;
}

/**
 * vigil_record_list_new_watch_requests:
 *
 * A request closes when a duty starts for its family, so the open ones are
 * those nobody covers yet; a discharged family's are not shown.
 *
 * Returns: (transfer full): a list model of the open #VigilWatchRequest
 *   records, oldest first
 */
VigilRecordList *
vigil_record_list_new_watch_requests (VigilSite          *site,
                                      VigilChangeMonitor *monitor)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = record_list_new (&watch_requests_kind, site, monitor);
  start_load (self);
  return self;
}

/**
 * vigil_record_list_new_notes:
 * @case_ref: the family's case reference
 *
 * An unknown family leaves the list empty with #VigilRecordList:error set.
 *
 * Returns: (transfer full): a list model of the family's #VigilNote records
 */
VigilRecordList *
vigil_record_list_new_notes (VigilSite          *site,
                             VigilChangeMonitor *monitor,
                             const char         *case_ref)
{
  VigilRecordList *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (monitor), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  self = record_list_new (&notes_kind, site, monitor);
  self->case_ref = g_strdup (case_ref);
  start_load (self);
  return self;
}

gboolean
vigil_record_list_get_loading (VigilRecordList *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORD_LIST (self), FALSE);

  return self->loading;
}

/**
 * vigil_record_list_get_error:
 *
 * Returns: (nullable): why the last reading failed, or %NULL
 */
const GError *
vigil_record_list_get_error (VigilRecordList *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORD_LIST (self), NULL);

  return self->error;
}
