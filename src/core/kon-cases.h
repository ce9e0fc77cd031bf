/* kon-cases.h: the case registry — numbering and the rules of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case is added with kon_cases_add(): in one write transaction it takes
 * the next number of its body and year (or keeps a number typed by hand
 * when no case of that body and year has it), so two windows or two
 * processes adding at once never give two cases one number, and a number
 * once given is never given again while its case exists.  Changing a
 * case afterwards is kon_store_save() (kon_org_save_row()).
 */

#pragma once

#include "kon-body.h"
#include "kon-case.h"
#include "kon-case-anchoring.h"
#include "kon-case-attachment.h"
#include "kon-case-event.h"
#include "kon-store.h"

G_BEGIN_DECLS

/* @c->number 0: the next number of @c->body_uuid in @c->year; else that
 * number, refused (KON_STORE_ERROR_INVALID, naming the case number as the
 * body writes it) when it is taken.  Sets @c->number and @c->revision. */
gboolean  kon_cases_add            (KonStore       *store,
                                    KonCase        *c,
                                    GError        **error);

/* Saves a change to a case that exists; a change of its status is
 * written to its history in the same transaction (today, by the user) */
gboolean  kon_cases_save           (KonStore       *store,
                                    KonCase        *c,
                                    GError        **error);

/* The case's status history (KonCaseEvent), oldest first */
GPtrArray *kon_cases_list_history  (KonStore       *store,
                                    const char     *case_uuid,
                                    GError        **error);

/* "02-2021": @c's number as @body's pattern writes it (@body NULL or
 * without a pattern: the default) */
char     *kon_cases_format_number  (const KonBody  *body,
                                    const KonCase  *c);

/* Two-stage processing: a decision case (beslutningssak) goes on an
 * agenda only when it follows a discussion case (@earlier, which the
 * caller read: NULL when @c names none or it is gone) and municipalities
 * have recorded that they anchored it (@n_anchorings of them), or when it
 * records that both sides agreed to one-stage processing: who, when and
 * why.  A translated message saying what is missing, or NULL when @c may
 * go on (other kinds, other statuses). */
char     *kon_cases_check_two_stage (const KonCase  *c,
                                     const KonCase  *earlier,
                                     guint           n_anchorings);

/* The chain @c belongs to (KonCase), first to last: the cases it follows
 * (earlier_case, back to the first discussion) then the cases that follow
 * it, @c among them */
GPtrArray *kon_cases_list_chain    (KonStore       *store,
                                    const KonCase  *c,
                                    GError        **error);

/* Reads @file to attach it: refused with a translated message naming it
 * when it is gone, cannot be read, is a folder, or is larger than
 * KON_CASE_ATTACHMENT_MAX_SIZE.  Blocks: run it in a thread.  Sets
 * @out_name to the file's name and @out_media_type to its type. */
GBytes   *kon_cases_read_file      (GFile          *file,
                                    GCancellable   *cancellable,
                                    char          **out_name,
                                    char          **out_media_type,
                                    GError        **error);

/* Attaches @content to the case @case_uuid as @name: its content and
 * its row (size, SHA-256, today) in one transaction.  The new row. */
KonCaseAttachment *kon_cases_attach (KonStore      *store,
                                     const char    *case_uuid,
                                     const char    *name,
                                     const char    *media_type,
                                     GBytes        *content,
                                     GError       **error);

/* Writes @attachment's content, checked against its SHA-256, to a file
 * of its own under the user's cache folder, named as it was, for the
 * system's handler to open.  Its path. */
char     *kon_cases_write_attachment (KonStore                *store,
                                      const KonCaseAttachment *attachment,
                                      GError                 **error);

/* The cases a text refers to as people write it: "se sak 32-2021",
 * "jf. sakene 004/2021 og 005/2021", "Sak 10-2021": the numbers
 * ("32-2021"), each once, in the order written */
GPtrArray *kon_cases_find_references (const char    *text);

G_END_DECLS
