/* kon-exchange-file.c: exchange documents in files, and in threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export writes atomically (a temporary file beside the target, synced,
 * then renamed over it).  The _async variants run on a worker connection
 * of the store (kon_store_open_worker()) in a GTask thread; the store
 * sees an import's changes as another connection's, and announces them
 * before the callback runs.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-exchange-private.h"

/* Files */

static void
set_write_error (GError     **error,
                 GError      *cause)
{
  if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DISK_FULL,
                 _("The file could not be written: the disk is full. Nothing was written; "
                   "free some space and try again."));
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
           g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
           g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ROFS) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ_ONLY,
                 _("The file could not be written: the folder or the file is read-only. "
                   "Choose another folder."));
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE,
                 _("The file could not be written: the folder does not exist."));
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ISDIR) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE,
                 _("This is a folder: choose a file name."));
  else
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE,
                 _("The file could not be written (%s)."), cause->message);
}

static gboolean
write_file (GFile         *file,
            GBytes        *bytes,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);
  gconstpointer data;
  gsize size;
  gboolean ok;

  data = g_bytes_get_data (bytes, &size);

  if (path != NULL)
    {
      /* A temporary file beside it, synced, then renamed over it: the
       * file is the old one or the new one, never half of one */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        ok = (g_set_error_literal (&local_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, ""), FALSE);
      else
        ok = g_file_set_contents_full (path, data, (gssize) size,
                                       G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                       0666, &local_error);
    }
  else
    {
      ok = g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, cancellable, &local_error);
    }

  if (!ok)
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
export_file (KonStore         *store,
             GFile            *file,
             KonExchangeFlags  flags,
             guint            *out_counts,
             GCancellable  *cancellable,
             ProgressFunc   progress,
             gpointer       progress_data,
             GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = _kon_exchange_export_data (store, flags, out_counts, cancellable, progress, progress_data, error);
  if (bytes == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return write_file (file, bytes, cancellable, error);
}

/**
 * kon_exchange_export_file:
 * @flags: KON_EXCHANGE_WITH_CONTENT for the attachments' content too
 * @out_counts: (nullable) (out caller-allocates): KON_EXCHANGE_N_KINDS
 *   counts of the rows exported
 *
 * Exports the database to @file atomically: a temporary file beside it,
 * then renamed over it.
 */
gboolean
kon_exchange_export_file (KonStore          *store,
                          GFile             *file,
                          KonExchangeFlags   flags,
                          guint             *out_counts,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return export_file (store, file, flags, out_counts, cancellable, NULL, NULL, error);
}

static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (file);
  gsize size = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                       _("This is a folder, not an exchange file."));
          return NULL;
        }

      /* Refused before it is read (whether a document between the two
       * limits has the content that lets it be that big is known once
       * it is parsed) */
      if (g_file_info_get_size (info) > KON_EXCHANGE_MAX_SIZE_WITH_CONTENT)
        {
          _kon_exchange_set_too_big (error, g_file_info_get_size (info), TRUE);
          return NULL;
        }
    }

  /* A local file in one read (GIO reads it in pieces: a third slower) */
  if (local_error == NULL && path != NULL)
    g_file_get_contents (path, &contents, &size, &local_error);
  else if (local_error == NULL)
    g_file_load_contents (file, cancellable, &contents, &size, NULL, &local_error);

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file does not exist."));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM))
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file could not be read: you may not read it."));
      else
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file could not be read (%s)."), local_error->message);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), size);
}

static KonExchangeReport *
import_file (KonStore      *store,
             GFile         *file,
             GCancellable  *cancellable,
             ProgressFunc   progress,
             gpointer       progress_data,
             GError       **error)
{
  g_autoptr(GBytes) bytes = read_file (file, cancellable, error);
  gconstpointer data;
  gsize size;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return _kon_exchange_import_data (store, data != NULL ? data : "", size, cancellable,
                      progress, progress_data, error);
}

/**
 * kon_exchange_import_file:
 *
 * Reads @file (once, at most KON_EXCHANGE_MAX_SIZE_WITH_CONTENT bytes)
 * and imports it
 * as kon_exchange_import() does.
 */
KonExchangeReport *
kon_exchange_import_file (KonStore      *store,
                          GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  KonExchangeReport *report;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  report = import_file (store, file, cancellable, NULL, NULL, error);

  return report;
}

/* In a thread */

typedef struct
{
  gatomicrefcount          ref_count;
  GMainContext            *context;
  KonExchangeProgressFunc  func;
  gpointer                 data;
  GDestroyNotify           data_destroy;
  gboolean                 finished;       /* main context only */
  double                   last_sent;      /* worker thread only */
} Progress;

typedef struct
{
  Progress *progress;
  double    fraction;
} ProgressUpdate;

typedef struct
{
  char             *path;
  GFile            *file;
  KonExchangeFlags  flags;
  Progress         *progress;
} ThreadData;

typedef struct
{
  GDestroyNotify destroy;
  gpointer       data;
} DestroyClosure;

static DestroyClosure *
destroy_closure_new (GDestroyNotify destroy,
                     gpointer       data)
{
  DestroyClosure *closure = g_new (DestroyClosure, 1);

  closure->destroy = destroy;
  closure->data = data;

  return closure;
}

static gboolean
destroy_in_context_cb (gpointer user_data)
{
  DestroyClosure *closure = user_data;

  closure->destroy (closure->data);

  return G_SOURCE_REMOVE;
}

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (Progress *progress)
{
  if (g_atomic_ref_count_dec (&progress->ref_count))
    {
      /* The last reference may go in the worker thread: the data is the
       * caller's, so it is released on the caller's main context */
      if (progress->data_destroy != NULL)
        g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT,
                                    destroy_in_context_cb,
                                    destroy_closure_new (progress->data_destroy, progress->data),
                                    g_free);
      g_main_context_unref (progress->context);
      g_free (progress);
    }
}

static void
progress_update_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  progress_unref (update->progress);
  g_free (update);
}

static gboolean
progress_update_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  if (!update->progress->finished && update->progress->func != NULL)
    update->progress->func (update->fraction, update->progress->data);

  return G_SOURCE_REMOVE;
}

/* Worker thread: posts the fraction to the caller's main context, at most
 * once per percent */
static void
progress_post (double   fraction,
               gpointer user_data)
{
  Progress *progress = user_data;
  ProgressUpdate *update;

  if (progress->func == NULL)
    return;

  if (fraction < 1.0 && fraction > 0.0 && fraction - progress->last_sent < 0.01)
    return;

  progress->last_sent = fraction;

  update = g_new (ProgressUpdate, 1);
  update->progress = progress_ref (progress);
  update->fraction = fraction;
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT,
                              progress_update_cb, update, progress_update_free);
}

static void
thread_data_free (gpointer user_data)
{
  ThreadData *data = user_data;

  g_free (data->path);
  g_clear_object (&data->file);
  progress_unref (data->progress);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ThreadData *data = task_data;
  g_autoptr(KonStore) store = NULL;
  GError *error = NULL;
  KonExchangeReport *report;

  store = kon_store_open_worker (KON_STORE (source_object), &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  report = import_file (store, data->file, cancellable, progress_post, data->progress, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) kon_exchange_report_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ThreadData *data = task_data;
  g_autoptr(KonStore) store = NULL;
  GError *error = NULL;

  store = kon_store_open_worker (KON_STORE (source_object), &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!export_file (store, data->file, data->flags, NULL, cancellable, progress_post, data->progress, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Main context: the thread is done */
static void
on_import_thread_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ThreadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  KonExchangeReport *report;

  data->progress->finished = TRUE;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (report == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  /* The worker's changes, as another connection's: now, not at the next poll */
  kon_store_check_changes (KON_STORE (source));
  g_task_return_pointer (outer, report, (GDestroyNotify) kon_exchange_report_free);
}

static void
on_export_thread_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ThreadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  data->progress->finished = TRUE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
run_in_thread (KonStore                *store,
               GFile                   *file,
               KonExchangeFlags         flags,
               GCancellable            *cancellable,
               KonExchangeProgressFunc  progress_func,
               gpointer                 progress_data,
               GDestroyNotify           progress_data_destroy,
               GTaskThreadFunc          thread_func,
               GAsyncReadyCallback      done_cb,
               gpointer                 source_tag,
               GAsyncReadyCallback      callback,
               gpointer                 user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  ThreadData *data;
  Progress *progress;

  /* What the thread did stands even when cancelled too late to stop it */
  outer = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (outer, source_tag);
  g_task_set_check_cancellable (outer, FALSE);

  progress = g_new0 (Progress, 1);
  g_atomic_ref_count_init (&progress->ref_count);
  progress->context = g_main_context_ref_thread_default ();
  progress->func = progress_func;
  progress->data = progress_data;
  progress->data_destroy = progress_data_destroy;

  data = g_new0 (ThreadData, 1);
  data->path = g_strdup (kon_store_get_path (store));
  data->file = g_object_ref (file);
  data->flags = flags;
  data->progress = progress;

  inner = g_task_new (store, cancellable, done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, source_tag);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, data, thread_data_free);
  g_task_run_in_thread (inner, thread_func);
}

/**
 * kon_exchange_import_file_async:
 * @progress: (nullable): called on the caller's main context with the
 *   fraction done, until @callback runs
 *
 * Imports @file in a thread, on a second connection to @store's
 * database; see kon_exchange_import().  @store emits KonStore::changed
 * before @callback runs.
 */
void
kon_exchange_import_file_async (KonStore                *store,
                                GFile                   *file,
                                GCancellable            *cancellable,
                                KonExchangeProgressFunc  progress,
                                gpointer                 progress_data,
                                GDestroyNotify           progress_data_destroy,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_return_if_fail (KON_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  run_in_thread (store, file, KON_EXCHANGE_FLAGS_NONE, cancellable, progress, progress_data,
                 progress_data_destroy, import_thread, on_import_thread_done_cb,
                 kon_exchange_import_file_async, callback, user_data);
}

KonExchangeReport *
kon_exchange_import_file_finish (KonStore      *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kon_exchange_export_file_async:
 * @flags: KON_EXCHANGE_WITH_CONTENT for the attachments' content too
 * @progress: (nullable): called on the caller's main context with the
 *   fraction done, until @callback runs
 *
 * Exports the database to @file in a thread, on a second connection to
 * @store's database; see kon_exchange_export_file().
 */
void
kon_exchange_export_file_async (KonStore                *store,
                                GFile                   *file,
                                KonExchangeFlags         flags,
                                GCancellable            *cancellable,
                                KonExchangeProgressFunc  progress,
                                gpointer                 progress_data,
                                GDestroyNotify           progress_data_destroy,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_return_if_fail (KON_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  run_in_thread (store, file, flags, cancellable, progress, progress_data,
                 progress_data_destroy, export_thread, on_export_thread_done_cb,
                 kon_exchange_export_file_async, callback, user_data);
}

gboolean
kon_exchange_export_file_finish (KonStore      *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
