/* bench-terms.c: how fast the rules of a body are evaluated on every day of a year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A body with 40 seats (20 per side, the municipal ones in four regions,
 * 4 of the HF's required observers) and 40 years of appointments: each
 * seat's holder changes every 4 years (terms a day apart, some a week
 * apart, so vacancies happen), with a leader and deputy leader in a
 * 2-year rotation.  kon_terms_evaluate() for each of the 365 days of
 * 2030.  Prints:
 *   asof-365-days: MS ms      (the median of 9 rounds of all 365 days)
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "kon-terms.h"

#define N_SEATS    40
#define N_YEARS    40
#define FIRST_YEAR 2000
#define ROUNDS     9

static const char * const regions[] = { "Salten", "Lofoten", "Vesterålen", "Ofoten" };

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KonBody) body = kon_body_new ();
  g_autoptr(GPtrArray) seats = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_seat_free);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  g_autoptr(GHashTable) partners = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) kon_partner_free);
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) kon_person_free);
  KonPartner *partner_of[N_SEATS];
  KonTermsInput input;
  double times[ROUNDS];
  guint n_breaks = 0;

  setlocale (LC_ALL, "");

  body->seats_per_side = N_SEATS / 2;
  body->term_years = 4;
  body->rotation_years = 2;
  body->rotation_first_side = KON_SIDE_MUNICIPAL;
  g_date_set_dmy (&body->rotation_start, 1, G_DATE_JANUARY, FIRST_YEAR);

  for (guint s = 0; s < N_SEATS; s++)
    {
      KonSeat *seat = kon_seat_new ();
      KonPartner *partner = kon_partner_new ();
      gboolean hf = s < N_SEATS / 2;

      partner->name = g_strdup_printf ("Partner %u", s);
      partner->short_name = g_strdup (partner->name);
      partner->side = hf ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      partner->region = hf ? NULL : g_strdup (regions[s % G_N_ELEMENTS (regions)]);
      g_hash_table_insert (partners, partner->uuid, partner);
      partner_of[s] = partner;

      g_free (seat->name);
      seat->name = g_strdup_printf ("Seat %u", s);
      seat->body_uuid = g_strdup (body->uuid);
      seat->side = partner->side;
      seat->kind = s % 10 == 9 ? KON_ROLE_KIND_OBSERVER : KON_ROLE_KIND_MEMBER;
      seat->required = seat->kind == KON_ROLE_KIND_OBSERVER;
      seat->region = g_strdup (partner->region);
      seat->position = (int) s;
      g_ptr_array_add (seats, seat);
    }

  for (guint s = 0; s < N_SEATS; s++)
    for (guint year = FIRST_YEAR + s % 4; year < FIRST_YEAR + N_YEARS; year += 4)
      {
        KonRole *role = kon_role_new ();
        KonPerson *person = kon_person_new ();

        g_free (person->name);
        person->name = g_strdup_printf ("Person %u-%u", s, year);
        person->partner_uuid = g_strdup (partner_of[s]->uuid);
        g_hash_table_insert (persons, person->uuid, person);

        role->person_uuid = g_strdup (person->uuid);
        role->body_uuid = g_strdup (body->uuid);
        role->seat_uuid = g_strdup (((KonSeat *) seats->pdata[s])->uuid);
        role->kind = s == 0 || s == N_SEATS / 2 ? KON_ROLE_KIND_LEADER : KON_ROLE_KIND_MEMBER;
        g_date_set_dmy (&role->from, 1 + (s % 3 == 0 ? 7 : 0), G_DATE_JANUARY, (GDateYear) year);
        g_date_set_dmy (&role->to, 31, G_DATE_DECEMBER, (GDateYear) (year + 3));
        g_ptr_array_add (roles, role);
      }

  input = (KonTermsInput) {
    .body = body,
    .seats = seats,
    .roles = roles,
    .partners = partners,
    .persons = persons,
  };

  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2030);
      for (guint d = 0; d < 365; d++, g_date_add_days (&date, 1))
        {
          g_autoptr(KonTermsDay) day = kon_terms_evaluate (&input, &date, 6);

          n_breaks += day->breaks->len;
        }
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  qsort (times, ROUNDS, sizeof (double), compare_doubles);
  printf ("# %u seats, %u appointments over %u years; %u rule breaks found in all rounds\n",
          seats->len, roles->len, N_YEARS, n_breaks);
  printf ("asof-365-days: %.1f ms\n", times[ROUNDS / 2]);

  return 0;
}
