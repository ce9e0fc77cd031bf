/* kon-composition.c: the rules of who sits in a body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-composition.h"
#include "kon-date.h"

/* Helpers */

static gboolean
role_has_seat (const KonRole *role)
{
  /* deputies (vara) hold no seat of their own; secretaries are no members */
  return role->kind != KON_ROLE_KIND_DEPUTY
         && role->kind != KON_ROLE_KIND_SECRETARY;
}

static void
add_warning (GArray             *warnings,
             KonCompositionRule  rule,
             KonSide             side,
             guint               count,
             guint               required,
             char               *message)
{
  KonCompositionWarning w = { rule, side, count, required, message };

  g_array_append_val (warnings, w);
}

/* "The sides are unequal: 1 member from the hospital trust, 2 from the
 * municipalities.", each count with its own plural */
static char *
unequal_sides (guint n_hf,
               guint n_municipal)
{
  /* TRANSLATORS: a count of members, in "The sides are unequal: %s from
   * the hospital trust, …" */
  g_autofree char *hf = g_strdup_printf (ngettext ("%u member", "%u members", n_hf), n_hf);

  /* Translators: a warning on a body in the organisation chart; %s is "1 member", "7 members" */
  return g_strdup_printf (_("The sides are unequal: %s from the hospital trust, %u from the municipalities."),
                          hf, n_municipal);
}

/* Public API */

KonSide
kon_composition_role_side (const KonRole    *role,
                           const KonPartner *partner)
{
  g_return_val_if_fail (role != NULL, KON_SIDE_NONE);

  switch (role->represents)
    {
    case KON_REPRESENTS_PARTNER:
      return partner != NULL ? partner->side : role->side;
    case KON_REPRESENTS_SIDE:
      return role->side;
    case KON_REPRESENTS_NONE:
    case KON_REPRESENTS_USERS:
    case KON_REPRESENTS_GPS:
    case KON_REPRESENTS_EMPLOYEES:
    default:
      return KON_SIDE_NONE;
    }
}

gboolean
kon_composition_role_is_member (const KonRole *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  return role->kind == KON_ROLE_KIND_MEMBER
         || role->kind == KON_ROLE_KIND_LEADER
         || role->kind == KON_ROLE_KIND_DEPUTY_LEADER;
}

gboolean
kon_composition_role_in_force (const KonRole *role,
                               const GDate   *date)
{
  g_return_val_if_fail (role != NULL, FALSE);

  if (date == NULL)
    return TRUE;
  if (g_date_valid (&role->from) && g_date_compare (&role->from, date) > 0)
    return FALSE;
  if (g_date_valid (&role->to) && g_date_compare (&role->to, date) < 0)
    return FALSE;
  return TRUE;
}

void
kon_composition_count (const KonBody   *body,
                       KonRole * const *roles,
                       guint            n_roles,
                       GHashTable      *partners,
                       const GDate     *date,
                       KonComposition  *out)
{
  g_autoptr(GHashTable) hf = NULL;
  g_autoptr(GHashTable) municipal = NULL;
  g_autoptr(GHashTable) other = NULL;
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GHashTable) gps = NULL;

  g_return_if_fail (body != NULL);
  g_return_if_fail (roles != NULL || n_roles == 0);
  g_return_if_fail (date == NULL || g_date_valid (date));
  g_return_if_fail (out != NULL);

  hf = g_hash_table_new (g_str_hash, g_str_equal);
  municipal = g_hash_table_new (g_str_hash, g_str_equal);
  other = g_hash_table_new (g_str_hash, g_str_equal);
  users = g_hash_table_new (g_str_hash, g_str_equal);
  gps = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_roles; i++)
    {
      const KonRole *role = roles[i];
      const KonPartner *partner = NULL;
      const char *person;

      if (role == NULL || g_strcmp0 (role->body_uuid, body->uuid) != 0
          || !kon_composition_role_in_force (role, date))
        continue;

      /* A role without a person still holds its seat */
      person = role->person_uuid != NULL ? role->person_uuid : role->uuid;

      if (role_has_seat (role))
        {
          if (role->represents == KON_REPRESENTS_USERS)
            g_hash_table_add (users, (gpointer) person);
          else if (role->represents == KON_REPRESENTS_GPS)
            g_hash_table_add (gps, (gpointer) person);
        }

      if (!kon_composition_role_is_member (role))
        continue;

      if (partners != NULL && role->partner_uuid != NULL)
        partner = g_hash_table_lookup (partners, role->partner_uuid);

      switch (kon_composition_role_side (role, partner))
        {
        case KON_SIDE_HF:
          g_hash_table_add (hf, (gpointer) person);
          break;
        case KON_SIDE_MUNICIPAL:
          g_hash_table_add (municipal, (gpointer) person);
          break;
        case KON_SIDE_NONE:
        default:
          g_hash_table_add (other, (gpointer) person);
          break;
        }
    }

  out->n_hf = g_hash_table_size (hf);
  out->n_municipal = g_hash_table_size (municipal);
  out->n_other = g_hash_table_size (other);
  out->n_users = g_hash_table_size (users);
  out->n_gps = g_hash_table_size (gps);
}

GArray *
kon_composition_check (const KonBody        *body,
                       const KonComposition *composition,
                       const KonCommunity   *community,
                       const GDate          *date)
{
  GArray *warnings;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (composition != NULL, NULL);
  g_return_val_if_fail (date == NULL || g_date_valid (date), NULL);

  warnings = g_array_new (FALSE, TRUE, sizeof (KonCompositionWarning));
  g_array_set_clear_func (warnings, (GDestroyNotify) kon_composition_warning_clear);

  if (body->seats_per_side > 0)
    {
      guint seats = body->seats_per_side;
      guint n_hf = composition->n_hf;
      guint n_municipal = composition->n_municipal;

      if (n_hf != n_municipal)
        add_warning (warnings, KON_COMPOSITION_UNEQUAL_SIDES,
                     n_hf < n_municipal ? KON_SIDE_HF : KON_SIDE_MUNICIPAL,
                     MIN (n_hf, n_municipal), MAX (n_hf, n_municipal),
                     unequal_sides (n_hf, n_municipal));
      if (n_hf < seats || n_municipal < seats)
        add_warning (warnings, KON_COMPOSITION_VACANT_SEATS,
                     n_hf < seats && n_municipal < seats ? KON_SIDE_NONE
                     : n_hf < seats ? KON_SIDE_HF : KON_SIDE_MUNICIPAL,
                     MIN (n_hf, n_municipal), seats,
                     /* Translators: a warning on a body in the organisation chart */
                     g_strdup_printf (_("Seats are vacant: %u of %u hospital trust seats and %u of %u municipal seats are filled."),
                                      n_hf, seats, n_municipal, seats));
    }

  /* The secretariat serves the bodies: the community's rules on who
   * sits in every body do not apply to it */
  if (community != NULL && body->kind != KON_BODY_KIND_SECRETARIAT)
    {
      if (community->user_representatives_per_body > 0
          && composition->n_users < (guint) community->user_representatives_per_body)
        add_warning (warnings, KON_COMPOSITION_USER_REPRESENTATIVES, KON_SIDE_NONE,
                     composition->n_users, community->user_representatives_per_body,
                     /* Translators: a warning on a body in the organisation
                      * chart; the second number is the community's rule */
                     g_strdup_printf (_("Too few user representatives: %u, where the rule is %d."),
                                      composition->n_users, community->user_representatives_per_body));
      if (community->gp_representatives_per_body > 0
          && composition->n_gps < (guint) community->gp_representatives_per_body)
        add_warning (warnings, KON_COMPOSITION_GP_REPRESENTATIVES, KON_SIDE_NONE,
                     composition->n_gps, community->gp_representatives_per_body,
                     /* Translators: a warning on a body in the organisation
                      * chart; GP: fastlege; the second number is the rule */
                     g_strdup_printf (_("Too few GP representatives: %u, where the rule is %d."),
                                      composition->n_gps, community->gp_representatives_per_body));
    }

  if (date != NULL && g_date_valid (&body->deadline)
      && g_date_compare (&body->deadline, date) < 0)
    {
      g_autofree char *deadline = kon_date_format (&body->deadline);

      add_warning (warnings, KON_COMPOSITION_PAST_DEADLINE, KON_SIDE_NONE,
                   (guint) g_date_days_between (&body->deadline, date), 0,
                   /* Translators: a warning on a time-limited working group in
                    * the organisation chart; %s is a date, 25.05.2021 */
                   g_strdup_printf (_("The deadline %s has passed."), deadline));
    }

  return warnings;
}

GArray *
kon_composition_evaluate (const KonBody      *body,
                          KonRole * const    *roles,
                          guint               n_roles,
                          GHashTable         *partners,
                          const KonCommunity *community,
                          const GDate        *date,
                          KonComposition     *out)
{
  KonComposition composition = { 0, };

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (roles != NULL || n_roles == 0, NULL);
  g_return_val_if_fail (date == NULL || g_date_valid (date), NULL);

  kon_composition_count (body, roles, n_roles, partners, date, &composition);
  if (out != NULL)
    *out = composition;

  return kon_composition_check (body, &composition, community, date);
}

void
kon_composition_warning_clear (KonCompositionWarning *warning)
{
  if (warning != NULL)
    g_clear_pointer (&warning->message, g_free);
}
