/* kon-terms-data.c: what the terms rules of one body read, from a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-org.h"
#include "kon-terms-data.h"

static GHashTable *
index_rows (GPtrArray *rows,
            GDestroyNotify free_func)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_func);

  /* The table takes the rows over */
  g_ptr_array_set_free_func (rows, NULL);
  for (guint i = 0; i < rows->len; i++)
    g_hash_table_insert (index, KON_ROW (rows->pdata[i])->uuid, rows->pdata[i]);

  return index;
}

/**
 * kon_terms_data_load:
 *
 * Returns: (transfer full): the body's seats and roles and what they
 *   name, or %NULL with @error set (KON_STORE_ERROR_NOT_FOUND for a body
 *   that is not there)
 */
KonTermsData *
kon_terms_data_load (KonStore    *store,
                     const char  *body_uuid,
                     GError     **error)
{
  g_autoptr(KonTermsData) data = NULL;
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) person_uuids = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (body_uuid != NULL, NULL);

  data = g_new0 (KonTermsData, 1);
  data->input.body = kon_store_get (store, &kon_body_table, body_uuid, error);
  if (data->input.body == NULL)
    return NULL;

  data->input.community = kon_org_get_community (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  data->input.seats = kon_store_list (store, &kon_seat_table, "body", body_uuid, error);
  if (data->input.seats == NULL)
    return NULL;
  kon_terms_sort_seats (data->input.seats);

  data->input.roles = kon_store_list (store, &kon_role_table, "body", body_uuid, error);
  if (data->input.roles == NULL)
    return NULL;

  partners = kon_store_list (store, &kon_partner_table, NULL, NULL, error);
  if (partners == NULL)
    return NULL;
  data->input.partners = index_rows (partners, (GDestroyNotify) kon_partner_free);

  person_uuids = g_ptr_array_new ();
  for (guint i = 0; i < data->input.roles->len; i++)
    g_ptr_array_add (person_uuids, ((KonRole *) data->input.roles->pdata[i])->person_uuid);
  persons = kon_store_get_many (store, &kon_person_table, (const char * const *) person_uuids->pdata,
                                person_uuids->len, error);
  if (persons == NULL)
    return NULL;
  data->input.persons = index_rows (persons, (GDestroyNotify) kon_person_free);

  return g_steal_pointer (&data);
}

void
kon_terms_data_free (KonTermsData *data)
{
  if (data == NULL)
    return;

  kon_community_free ((KonCommunity *) data->input.community);
  kon_body_free ((KonBody *) data->input.body);
  g_clear_pointer (&data->input.seats, g_ptr_array_unref);
  g_clear_pointer (&data->input.roles, g_ptr_array_unref);
  g_clear_pointer (&data->input.partners, g_hash_table_unref);
  g_clear_pointer (&data->input.persons, g_hash_table_unref);
  g_free (data);
}

/**
 * kon_terms_data_list_bodies:
 *
 * Returns: (transfer full): the bodies with at least one seat (every
 *   body where the community has a rule for every body's
 *   representatives), in the organisation's order (parents first)
 */
GPtrArray *
kon_terms_data_list_bodies (KonStore  *store,
                            GError   **error)
{
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) seats = NULL;
  g_autoptr(GHashTable) with_seats = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KonCommunity) community = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean every_body;
  GPtrArray *result;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  bodies = kon_org_list_bodies (store, error);
  if (bodies == NULL)
    return NULL;
  seats = kon_store_list (store, &kon_seat_table, NULL, NULL, error);
  if (seats == NULL)
    return NULL;

  community = kon_org_get_community (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* The community's rule for every body (Bergen: two user
   * representatives in each) makes every body one to keep an eye on */
  every_body = community != NULL && (community->user_representatives_per_body > 0 ||
                                     community->gp_representatives_per_body > 0);

  for (guint i = 0; i < seats->len; i++)
    g_hash_table_add (with_seats, ((KonSeat *) seats->pdata[i])->body_uuid);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
  for (guint i = 0; i < bodies->len; i++)
    {
      KonBody *body = bodies->pdata[i];

      if (every_body || g_hash_table_contains (with_seats, body->uuid))
        g_ptr_array_add (result, kon_body_copy (body));
    }

  return result;
}

/**
 * kon_terms_data_reminders:
 *
 * Returns: %FALSE with @error set when the store could not be read
 */
gboolean
kon_terms_data_reminders (KonStore     *store,
                          const GDate  *date,
                          guint         warning_months,
                          guint        *out_n_ending,
                          guint        *out_n_breaks,
                          GError      **error)
{
  g_autoptr(GPtrArray) bodies = NULL;
  guint n_ending = 0;
  guint n_breaks = 0;

  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  bodies = kon_terms_data_list_bodies (store, error);
  if (bodies == NULL)
    return FALSE;

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(KonTermsData) data = kon_terms_data_load (store, KON_ROW (bodies->pdata[i])->uuid, error);
      g_autoptr(KonTermsDay) day = NULL;

      if (data == NULL)
        return FALSE;

      day = kon_terms_evaluate (&data->input, date, warning_months);
      n_breaks += day->breaks->len;
      /* An ending term whose successor begins the day after is taken care
       * of; one followed by a gap is not */
      n_ending += kon_terms_day_count_ending (day);
    }

  if (out_n_ending != NULL)
    *out_n_ending = n_ending;
  if (out_n_breaks != NULL)
    *out_n_breaks = n_breaks;
  return TRUE;
}

/**
 * kon_terms_data_describe_reminders:
 *
 * Returns: (transfer full) (nullable): one translated sentence
 */
char *
kon_terms_data_describe_reminders (guint n_ending,
                                   guint n_breaks)
{
  g_autofree char *ending = NULL;
  g_autofree char *breaks = NULL;

  if (n_ending == 0 && n_breaks == 0)
    return NULL;

  ending = g_strdup_printf (ngettext ("%u term ends within the warning window with no successor appointed",
                                      "%u terms end within the warning window with no successor appointed",
                                      n_ending), n_ending);
  breaks = g_strdup_printf (ngettext ("%u rule of the seats is broken", "%u rules of the seats are broken",
                                      n_breaks), n_breaks);

  if (n_ending > 0 && n_breaks > 0)
    /* TRANSLATORS: "Today: 2 terms end … appointed, and 1 rule of the seats is broken." */
    return g_strdup_printf (_("Today: %s, and %s."), ending, breaks);

  /* TRANSLATORS: "Today: 1 rule of the seats is broken." */
  return g_strdup_printf (_("Today: %s."), n_ending > 0 ? ending : breaks);
}
