/* kon-cases.c: the case registry — numbering and the rules of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "kon-case-number.h"
#include "kon-cases.h"

char *
kon_cases_format_number (const KonBody *body,
                         const KonCase *c)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  text = kon_case_pattern_format (body != NULL ? body->case_pattern : NULL, c->number, c->year);
  /* A pattern the body could not keep (an older database): the default */
  if (text == NULL)
    text = kon_case_pattern_format (NULL, c->number, c->year);

  return g_steal_pointer (&text);
}

/* A step of @c's history: its status now, today, by the user */
static gboolean
add_event (KonStore       *store,
           const KonCase  *c,
           GError        **error)
{
  g_autoptr(KonCaseEvent) event = kon_case_event_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *who = g_get_real_name ();

  g_free (event->case_uuid);
  event->case_uuid = g_strdup (c->uuid);
  event->step = (int) kon_store_count (store, &kon_case_event_table, "case", c->uuid, NULL) + 1;
  event->status = c->status;
  g_date_set_dmy (&event->date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  /* GLib says "Unknown" for a user without a name */
  event->who = who != NULL && *who != '\0' && g_strcmp0 (who, "Unknown") != 0 ? g_strdup (who) : NULL;

  return kon_store_save (store, &kon_case_event_table, event, error);
}

static gboolean
save_in_transaction (KonStore  *store,
                     gpointer   user_data,
                     GError   **error)
{
  KonCase *c = user_data;
  g_autoptr(KonCase) stored = kon_store_get (store, &kon_case_table, c->uuid, error);

  if (stored == NULL)
    return FALSE;
  if (!kon_store_save (store, &kon_case_table, c, error))
    return FALSE;
  return stored->status == c->status || add_event (store, c, error);
}

gboolean
kon_cases_save (KonStore  *store,
                KonCase   *c,
                GError   **error)
{
  gint64 revision;

  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (c != NULL && c->revision > 0, FALSE);

  revision = c->revision;
  if (kon_store_write (store, save_in_transaction, c, error))
    return TRUE;
  c->revision = revision;
  return FALSE;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const KonCaseEvent *x = *(KonCaseEvent * const *) a;
  const KonCaseEvent *y = *(KonCaseEvent * const *) b;

  int by_date = g_date_compare (&x->date, &y->date);

  return by_date != 0 ? by_date : (x->step > y->step) - (x->step < y->step);
}

GPtrArray *
kon_cases_list_history (KonStore    *store,
                        const char  *case_uuid,
                        GError     **error)
{
  GPtrArray *events;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (case_uuid != NULL, NULL);

  events = kon_store_list (store, &kon_case_event_table, "case", case_uuid, error);
  if (events != NULL)
    g_ptr_array_sort (events, compare_events);
  return events;
}

/* The last number a body gave in a year, also to a case since deleted:
 * a number is never given twice.  Kept in the store's meta, which the
 * exchange does not carry: the cases themselves say the rest. */
static char *
last_given_key (const KonCase *c)
{
  return g_strdup_printf ("case-number:%s:%d", c->body_uuid, c->year);
}

/* Every number a body gave in a year, as ranges ("1-12,15"): a number
 * given to a case since deleted is not given again, also when typed */
static char *
given_key (const KonCase *c)
{
  return g_strdup_printf ("case-numbers:%s:%d", c->body_uuid, c->year);
}

/* "1-12,15" as pairs of first and last: 1, 12, 15, 15 */
static GArray *
parse_ranges (const char *ranges)
{
  g_auto(GStrv) parts = g_strsplit (ranges != NULL ? ranges : "", ",", -1);
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *dash = strchr (parts[i], '-');
      int first = (int) g_ascii_strtoll (parts[i], NULL, 10);
      int last = dash != NULL ? (int) g_ascii_strtoll (dash + 1, NULL, 10) : first;

      if (*parts[i] == '\0')
        continue;
      g_array_append_val (pairs, first);
      g_array_append_val (pairs, last);
    }

  return pairs;
}

static gboolean
given_contains (const char *ranges,
                int         number)
{
  g_autoptr(GArray) pairs = parse_ranges (ranges);

  for (guint i = 0; i < pairs->len; i += 2)
    if (number >= g_array_index (pairs, int, i) && number <= g_array_index (pairs, int, i + 1))
      return TRUE;
  return FALSE;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* @ranges with @number added, the ranges merged where they touch */
static char *
given_add (const char *ranges,
           int         number)
{
  g_autoptr(GArray) pairs = parse_ranges (ranges);
  g_autoptr(GString) text = g_string_new (NULL);

  g_array_append_val (pairs, number);
  g_array_append_val (pairs, number);
  /* Sorted by first: the pairs as units of two ints */
  qsort (pairs->data, pairs->len / 2, 2 * sizeof (int), compare_pairs);

  for (guint i = 0; i < pairs->len; i += 2)
    {
      int first = g_array_index (pairs, int, i);
      int last = g_array_index (pairs, int, i + 1);

      while (i + 2 < pairs->len && g_array_index (pairs, int, i + 2) <= last + 1)
        {
          last = MAX (last, g_array_index (pairs, int, i + 3));
          i += 2;
        }
      if (text->len > 0)
        g_string_append_c (text, ',');
      if (first == last)
        g_string_append_printf (text, "%d", first);
      else
        g_string_append_printf (text, "%d-%d", first, last);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
add_in_transaction (KonStore  *store,
                    gpointer   user_data,
                    GError   **error)
{
  KonCase *c = user_data;
  g_autofree char *key = last_given_key (c);
  g_autofree char *numbers_key = given_key (c);
  g_autofree char *given = NULL;
  g_autofree char *given_numbers = NULL;
  g_autofree char *now_given = NULL;
  g_autofree char *now_numbers = NULL;
  g_autoptr(GError) local_error = NULL;
  int last = 0;
  gboolean taken = FALSE;

  if (!kon_store_max_in_group (store, &kon_case_table, "body", c->body_uuid, "year", c->year,
                               "number", c->number, &last, &taken, error))
    return FALSE;
  given = kon_store_get_meta (store, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (given != NULL)
    last = MAX (last, (int) g_ascii_strtoll (given, NULL, 10));
  given_numbers = kon_store_get_meta (store, numbers_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (c->number == 0)
    c->number = last + 1;
  else if (taken || given_contains (given_numbers, c->number))
    {
      g_autoptr(KonBody) body = kon_store_get (store, &kon_body_table, c->body_uuid, NULL);
      g_autofree char *number = kon_cases_format_number (body, c);
      KonCase next = *c;
      g_autofree char *free_number = NULL;

      next.number = last + 1;
      free_number = kon_cases_format_number (body, &next);
      if (taken)
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                     /* TRANSLATORS: case numbers as the body writes them, "02-2021"; then the body */
                     _("Case %s already exists in %s. Leave the number empty to get the next one (%s)."),
                     number, body != NULL ? body->name : "", free_number);
      else
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                     /* TRANSLATORS: case numbers as the body writes them, "02-2021"; then the body */
                     _("%s of %s was given to a case since deleted, and a number is never given twice. "
                       "Leave the number empty to get the next one (%s)."),
                     number, body != NULL ? body->name : "", free_number);
      return FALSE;
    }

  if (!kon_store_save (store, &kon_case_table, c, error) || !add_event (store, c, error))
    return FALSE;

  now_given = g_strdup_printf ("%d", MAX (last, c->number));
  now_numbers = given_add (given_numbers, c->number);
  return kon_store_set_meta (store, key, now_given, error) &&
         kon_store_set_meta (store, numbers_key, now_numbers, error);
}

gboolean
kon_cases_add (KonStore  *store,
               KonCase   *c,
               GError   **error)
{
  int number;

  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (c != NULL && c->revision == 0, FALSE);
  g_return_val_if_fail (c->body_uuid != NULL, FALSE);

  /* Numbered in the year of its document, or of the day it is added */
  if (c->year == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      c->year = g_date_valid (&c->document_date) ? (int) g_date_get_year (&c->document_date)
                                                 : g_date_time_get_year (now);
    }

  number = c->number;
  if (kon_store_write (store, add_in_transaction, c, error))
    return TRUE;

  /* Nothing was written: the case is as it was given */
  c->number = number;
  return FALSE;
}

char *
kon_cases_check_two_stage (const KonCase *c,
                           const KonCase *earlier,
                           guint          n_anchorings)
{
  gboolean has_by, has_date, has_why;

  g_return_val_if_fail (c != NULL, NULL);

  if (c->kind != KON_CASE_KIND_DECISION || c->status != KON_CASE_STATUS_ON_AGENDA)
    return NULL;

  has_by = c->one_stage_by != NULL && *c->one_stage_by != '\0';
  has_date = g_date_valid (&c->one_stage_date);
  has_why = c->one_stage != NULL && *c->one_stage != '\0';
  if (has_by && has_date && has_why)
    return NULL;
  if (has_by || has_date || has_why)
    {
      if (!has_by)
        return g_strdup (_("One-stage processing is agreed by both sides: record who agreed for "
                           "each side."));
      if (!has_date)
        return g_strdup (_("One-stage processing is agreed by both sides: record the day they "
                           "agreed."));
      return g_strdup (_("One-stage processing is agreed by both sides: record why."));
    }

  if (earlier == NULL)
    return g_strdup (_("A decision case goes on an agenda after its discussion case: name the "
                       "discussion case it follows, or record that both sides agreed to one-stage "
                       "processing (who, when, why)."));
  if (earlier->kind != KON_CASE_KIND_DISCUSSION)
    return g_strdup_printf (_("“%s” is not a discussion case: a decision follows a discussion case, "
                              "or both sides agree to one-stage processing."), earlier->title);
  if (n_anchorings == 0)
    return g_strdup_printf (_("No municipality has recorded anchoring “%s” yet: record which "
                              "municipalities anchored it and when, or that both sides agreed to "
                              "one-stage processing."), earlier->title);
  return NULL;
}

/* The longest chain followed: more is a loop an older database let in */
#define MAX_CHAIN 100

GPtrArray *
kon_cases_list_chain (KonStore       *store,
                      const KonCase  *c,
                      GError        **error)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_case_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const KonCase *last;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  g_ptr_array_add (chain, kon_case_copy (c));
  g_hash_table_add (seen, c->uuid);

  /* Back to the first */
  for (const char *earlier = c->earlier_case;
       earlier != NULL && chain->len < MAX_CHAIN && !g_hash_table_contains (seen, earlier); )
    {
      g_autoptr(GError) local_error = NULL;
      KonCase *before = kon_store_get (store, &kon_case_table, earlier, &local_error);

      if (before == NULL)
        {
          if (g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND))
            break;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_insert (chain, 0, before);
      g_hash_table_add (seen, before->uuid);
      earlier = before->earlier_case;
    }

  /* On to the last: the first case that follows each */
  last = c;
  while (chain->len < MAX_CHAIN)
    {
      g_autoptr(GPtrArray) after = kon_store_list (store, &kon_case_table, "earlier_case",
                                                   last->uuid, error);
      KonCase *next = NULL;

      if (after == NULL)
        return NULL;
      for (guint i = 0; i < after->len && next == NULL; i++)
        if (!g_hash_table_contains (seen, ((KonCase *) g_ptr_array_index (after, i))->uuid))
          next = g_ptr_array_steal_index (after, i);
      if (next == NULL)
        break;
      g_ptr_array_add (chain, next);
      g_hash_table_add (seen, next->uuid);
      last = next;
    }

  return g_steal_pointer (&chain);
}

/* Attachments */

static void
set_too_large (GError     **error,
               const char  *name,
               guint64      size)
{
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *limit_text = g_format_size (KON_CASE_ATTACHMENT_MAX_SIZE);

  g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
               /* TRANSLATORS: a file name, its size ("62.3 MB"), the limit ("52.4 MB") */
               _("“%s” is %s, more than the %s a case takes: attach a smaller copy, or "
                 "leave the file in the archive and give its reference."),
               name, size_text, limit_text);
}

static void
set_read_error (GError       **error,
                const char    *name,
                const GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("“%s” is no longer there: it was moved or deleted after it was chosen. "
                   "Choose it again where it is now."), name);
  else
    g_set_error (error, G_IO_ERROR, cause->domain == G_IO_ERROR ? cause->code : G_IO_ERROR_FAILED,
                 _("Cannot read “%s”: %s"), name, cause->message);
}

GBytes *
kon_cases_read_file (GFile         *file,
                     GCancellable  *cancellable,
                     char         **out_name,
                     char         **out_media_type,
                     GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  const char *content_type;
  GBytes *content;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      set_read_error (error, name, local_error);
      return NULL;
    }

  g_free (name);
  name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: attach the files in it one by one."), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > KON_CASE_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (error, name,
                     (guint64) g_file_info_get_size (info));
      return NULL;
    }

  content = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (content == NULL)
    {
      set_read_error (error, name, local_error);
      return NULL;
    }
  /* It grew after it was looked at */
  if (g_bytes_get_size (content) > KON_CASE_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (error, name, g_bytes_get_size (content));
      g_bytes_unref (content);
      return NULL;
    }

  content_type = g_file_info_get_content_type (info);
  if (out_media_type != NULL)
    *out_media_type = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
  if (out_name != NULL)
    *out_name = g_steal_pointer (&name);

  return content;
}

/* A new row's text fields hold their defaults ("" where required) */
static void
take_text (char **field,
           char  *value)
{
  g_free (*field);
  *field = value;
}

typedef struct
{
  KonCaseAttachment *row;
  GBytes            *content;
} Attaching;

static gboolean
attach_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  Attaching *attaching = user_data;

  return kon_store_put_content (store, attaching->row->sha256, attaching->content, error) &&
         kon_store_save (store, &kon_case_attachment_table, attaching->row, error);
}

KonCaseAttachment *
kon_cases_attach (KonStore    *store,
                  const char  *case_uuid,
                  const char  *name,
                  const char  *media_type,
                  GBytes      *content,
                  GError     **error)
{
  g_autoptr(KonCaseAttachment) row = kon_case_attachment_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Attaching attaching = { row, content };

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (case_uuid != NULL && name != NULL && content != NULL, NULL);

  if (g_bytes_get_size (content) > KON_CASE_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (error, name, g_bytes_get_size (content));
      return NULL;
    }

  take_text (&row->case_uuid, g_strdup (case_uuid));
  take_text (&row->name, g_strdup (name));
  take_text (&row->media_type, g_strdup (media_type));
  row->size = (int) g_bytes_get_size (content);
  take_text (&row->sha256, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content));
  g_date_set_dmy (&row->added, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));

  if (!kon_store_write (store, attach_in_transaction, &attaching, error))
    return NULL;
  return g_steal_pointer (&row);
}

char *
kon_cases_write_attachment (KonStore                *store,
                            const KonCaseAttachment *attachment,
                            GError                 **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *safe_name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (attachment != NULL, NULL);

  content = kon_store_get_content (store, attachment->sha256, error);
  if (content == NULL)
    return NULL;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if (g_strcmp0 (sha256, attachment->sha256) != 0)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CORRUPT,
                   _("The stored copy of “%s” is not the file that was attached (its SHA-256 "
                     "differs): add the file again."), attachment->name);
      return NULL;
    }

  /* A folder per content, so two files of one name do not meet; a name
   * with no folder in it */
  safe_name = g_path_get_basename (attachment->name);
  if (g_strcmp0 (safe_name, ".") == 0 || g_strcmp0 (safe_name, "..") == 0 ||
      g_strcmp0 (safe_name, G_DIR_SEPARATOR_S) == 0)
    {
      g_free (safe_name);
      safe_name = g_strdup (attachment->sha256);
    }
  folder = g_build_filename (g_get_user_cache_dir (), "konsensus", "attachments",
                             attachment->sha256, NULL);
  path = g_build_filename (folder, safe_name, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot make the folder “%s”: %s"), folder, g_strerror (saved_errno));
      return NULL;
    }
  /* For the user alone, as the database is */
  if (!g_file_set_contents_full (path, g_bytes_get_data (content, NULL),
                                 (gssize) g_bytes_get_size (content),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&path);
}

GPtrArray *
kon_cases_find_references (const char *text)
{
  g_autoptr(GRegex) reference = NULL;
  g_autoptr(GRegex) number = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return found;

  /* "sak", "saka", "saken", "sakene", "saker" and then one or more numbers
   * joined by "og", "and", ",", "/" */
  reference = g_regex_new ("\\bsak(?:a|en|ene|er)?\\s+((?:\\d{1,5}[-/]\\d{4})"
                                            "(?:\\s*(?:,|og|and|&)\\s*\\d{1,5}[-/]\\d{4})*)",
                           G_REGEX_CASELESS, 0, NULL);
  number = g_regex_new ("\\d{1,5}[-/]\\d{4}", 0, 0, NULL);

  g_regex_match (reference, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *numbers = g_match_info_fetch (match, 1);
      g_autoptr(GMatchInfo) each = NULL;

      g_regex_match (number, numbers, 0, &each);
      while (g_match_info_matches (each))
        {
          char *one = g_match_info_fetch (each, 0);

          if (!g_ptr_array_find_with_equal_func (found, one, g_str_equal, NULL))
            g_ptr_array_add (found, one);
          else
            g_free (one);
          g_match_info_next (each, NULL);
        }
      g_match_info_next (match, NULL);
    }

  return found;
}
