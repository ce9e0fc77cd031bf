/* kon-exchange-report.c: what an import did, and what an export wrote, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-exchange-private.h"

G_DEFINE_BOXED_TYPE (KonExchangeReport, kon_exchange_report, kon_exchange_report_copy, kon_exchange_report_free)

KonExchangeReport *
_kon_exchange_report_new (void)
{
  KonExchangeReport *report = g_new0 (KonExchangeReport, 1);

  report->conflict_lines = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  return report;
}

KonExchangeReport *
kon_exchange_report_copy (const KonExchangeReport *report)
{
  KonExchangeReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_memdup2 (report, sizeof *report);
  copy->conflict_lines = g_ptr_array_new_null_terminated (report->conflict_lines->len, g_free, TRUE);
  for (guint i = 0; i < report->conflict_lines->len; i++)
    g_ptr_array_add (copy->conflict_lines, g_strdup (report->conflict_lines->pdata[i]));

  return copy;
}

void
kon_exchange_report_free (KonExchangeReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->conflict_lines);
  g_free (report);
}

/**
 * kon_exchange_report_count:
 * @counts: one of the report's arrays (report->added, …)
 *
 * Returns: the sum over all kinds of rows
 */
guint
kon_exchange_report_count (const KonExchangeReport *report,
                         const guint           *counts)
{
  guint sum = 0;

  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (counts != NULL, 0);

  for (guint i = 0; i < KON_EXCHANGE_N_KINDS; i++)
    sum += counts[i];

  return sum;
}

/* "21 partners, 30 persons, 8 bodies and 40 roles"; seats and cases
 * only where there are some (a version 1 document has neither) */
static char *
describe_counts (const guint *counts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *list;

  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u partner", "%u partners", counts[KON_EXCHANGE_KIND_PARTNER]),
                                           counts[KON_EXCHANGE_KIND_PARTNER]));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u person", "%u persons", counts[KON_EXCHANGE_KIND_PERSON]),
                                           counts[KON_EXCHANGE_KIND_PERSON]));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u body", "%u bodies", counts[KON_EXCHANGE_KIND_BODY]),
                                           counts[KON_EXCHANGE_KIND_BODY]));
  if (counts[KON_EXCHANGE_KIND_SEAT] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u seat", "%u seats", counts[KON_EXCHANGE_KIND_SEAT]),
                                             counts[KON_EXCHANGE_KIND_SEAT]));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u role", "%u roles", counts[KON_EXCHANGE_KIND_ROLE]),
                                           counts[KON_EXCHANGE_KIND_ROLE]));
  if (counts[KON_EXCHANGE_KIND_CASE] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u case", "%u cases", counts[KON_EXCHANGE_KIND_CASE]),
                                             counts[KON_EXCHANGE_KIND_CASE]));
  if (counts[KON_EXCHANGE_KIND_CASE_ATTACHMENT] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u attachment", "%u attachments",
                                                       counts[KON_EXCHANGE_KIND_CASE_ATTACHMENT]),
                                             counts[KON_EXCHANGE_KIND_CASE_ATTACHMENT]));

  /* "A, B, C and D": each item but the last two joined to the next by
   * "%s, %s", the last two by "%s and %s" */
  list = g_strdup (parts->pdata[parts->len - 1]);
  for (guint i = parts->len - 1; i > 0; i--)
    {
      char *joined = i == parts->len - 1
                     /* TRANSLATORS: the last two items of a list: "8 bodies and 40 roles" */
                     ? g_strdup_printf (_("%s and %s"), (char *) parts->pdata[i - 1], list)
                     /* TRANSLATORS: items of a list before its last two: "21 partners, 30 persons" */
                     : g_strdup_printf (_("%s, %s"), (char *) parts->pdata[i - 1], list);

      g_free (list);
      list = joined;
    }

  return list;
}

/**
 * kon_exchange_report_describe:
 * @file_name: (nullable): the file imported
 *
 * Returns: (transfer full): one translated line: "Imported 21 partners,
 *   30 persons, 8 bodies and 40 roles from FILE (2 new, 3 updated,
 *   0 conflicts)."
 */
char *
kon_exchange_report_describe (const KonExchangeReport *report,
                              const char              *file_name)
{
  g_autofree char *counts = NULL;
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *conflicts = NULL;
  guint n_added, n_updated, n_conflicts;

  g_return_val_if_fail (report != NULL, NULL);

  /* The community is new only in a new database: not worth a count */
  n_added = kon_exchange_report_count (report, report->added) - report->added[KON_EXCHANGE_KIND_COMMUNITY];
  n_updated = kon_exchange_report_count (report, report->updated);
  n_conflicts = kon_exchange_report_count (report, report->conflicts);

  counts = describe_counts (report->in_file);
  /* TRANSLATORS: rows added by an import */
  added = g_strdup_printf (ngettext ("%u new", "%u new", n_added), n_added);
  /* TRANSLATORS: rows updated by an import */
  updated = g_strdup_printf (ngettext ("%u updated", "%u updated", n_updated), n_updated);
  conflicts = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", n_conflicts), n_conflicts);

  if (file_name != NULL)
    /* TRANSLATORS: "Imported 21 partners, 30 persons, 8 bodies and 40 roles
     * from lvs.json (2 new, 3 updated, 0 conflicts)." */
    return g_strdup_printf (_("Imported %s from %s (%s, %s, %s)."),
                            counts, file_name, added, updated, conflicts);

  return g_strdup_printf (_("Imported %s (%s, %s, %s)."), counts, added, updated, conflicts);
}

/**
 * kon_exchange_describe_export:
 * @counts: rows exported per kind (KON_EXCHANGE_N_KINDS)
 * @file_name: (nullable): the file
 *
 * Returns: (transfer full): "Exported 21 partners, 30 persons, 8 bodies and
 *   40 roles to FILE."
 */
char *
kon_exchange_describe_export (const guint *counts,
                              const char  *file_name)
{
  g_autofree char *list = NULL;

  g_return_val_if_fail (counts != NULL, NULL);

  list = describe_counts (counts);

  if (file_name != NULL)
    /* TRANSLATORS: "Exported 21 partners, 30 persons, 8 bodies and 40 roles to lvs.json." */
    return g_strdup_printf (_("Exported %s to %s."), list, file_name);

  return g_strdup_printf (_("Exported %s."), list);
}
