/* kon-cases.c: the case registry — numbering and the rules of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

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

static gboolean
add_in_transaction (KonStore  *store,
                    gpointer   user_data,
                    GError   **error)
{
  KonCase *c = user_data;
  g_autofree char *key = last_given_key (c);
  g_autofree char *given = NULL;
  g_autofree char *now_given = NULL;
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

  if (c->number == 0)
    c->number = last + 1;
  else if (taken)
    {
      g_autoptr(KonBody) body = kon_store_get (store, &kon_body_table, c->body_uuid, NULL);
      g_autofree char *number = kon_cases_format_number (body, c);
      KonCase next = *c;
      g_autofree char *free_number = NULL;

      next.number = last + 1;
      free_number = kon_cases_format_number (body, &next);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                   /* TRANSLATORS: case numbers as the body writes them, "02-2021"; then the body */
                   _("Case %s already exists in %s. Leave the number empty to get the next one (%s)."),
                   number, body != NULL ? body->name : "", free_number);
      return FALSE;
    }

  if (!kon_store_save (store, &kon_case_table, c, error) || !add_event (store, c, error))
    return FALSE;

  now_given = g_strdup_printf ("%d", MAX (last, c->number));
  return kon_store_set_meta (store, key, now_given, error);
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
                           const KonCase *earlier)
{
  g_return_val_if_fail (c != NULL, NULL);

  if (c->kind != KON_CASE_KIND_DECISION || c->status != KON_CASE_STATUS_ON_AGENDA)
    return NULL;
  if (c->one_stage != NULL && *c->one_stage != '\0')
    return NULL;
  if (earlier == NULL)
    return g_strdup (_("A decision case goes on an agenda after its discussion case: name the "
                       "discussion case it follows, or record that both sides agreed to one-stage "
                       "processing (who, when, why)."));
  if (earlier->kind != KON_CASE_KIND_DISCUSSION)
    return g_strdup_printf (_("“%s” is not a discussion case: a decision follows a discussion case, "
                              "or both sides agree to one-stage processing."), earlier->title);
  return NULL;
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
