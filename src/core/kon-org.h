/* kon-org.h: the organisation of a health community
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Partners (one hospital trust and the municipalities, each one voting
 * entity), persons, bodies (the organisation chart) and the roles of
 * persons in bodies.  One database holds one community.  Every row has a
 * stable UUID, which is how the JSON exchange merges.
 *
 * The row types are in their own headers (kon-partner.h, …) and are read
 * and written through the store (kon-store.h); what is here is what the
 * organisation adds: its orders (a body tree, roles by rank), its rules
 * across rows (a body not under its own sub-body, a role's side from its
 * partner) and the words for what a delete takes with it.
 */

#pragma once

#include "kon-body.h"
#include "kon-community.h"
#include "kon-enums.h"
#include "kon-partner.h"
#include "kon-person.h"
#include "kon-role.h"
#include "kon-seat.h"
#include "kon-store.h"

G_BEGIN_DECLS

/* Reading.  Lists are GPtrArrays that own their elements; partners are
 * sorted by short name and persons by name with the locale's collation
 * (Æ Ø Å after Z); bodies parents before children, then by name (depth
 * first: each body followed by its sub-bodies).  Roles of a body: leader,
 * deputy leader, members, deputies, observers, secretaries, each group by
 * person name; roles of a person by body name.  kon_org_get_community()
 * returns NULL without an error in a database that has no community yet;
 * the get functions fail with KON_STORE_ERROR_NOT_FOUND for a UUID that
 * is not there. */
KonCommunity  *kon_org_get_community       (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_partners       (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_persons        (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_bodies         (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_roles_of_body  (KonStore     *store,
                                            const char   *body_uuid,
                                            GError      **error);
GPtrArray     *kon_org_list_roles_of_person (KonStore    *store,
                                            const char   *person_uuid,
                                            GError      **error);
KonPartner    *kon_org_get_partner         (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);
KonPerson     *kon_org_get_person          (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);
KonBody       *kon_org_get_body            (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);
KonRole       *kon_org_get_role            (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);

/* Search as you type over partners (names, short names, aliases, region)
 * and persons (name, title, e-mail, and their partner's): each word a
 * prefix, Æ Ø Å kept distinct ("Bø" finds "Bø" but not "Bodø" or "Bo").
 * Returns UUIDs in rank order; every row in display order for a blank
 * query. */
GPtrArray     *kon_org_search_partners     (KonStore     *store,
                                            const char   *query,
                                            GError      **error);
GPtrArray     *kon_org_search_persons      (KonStore     *store,
                                            const char   *query,
                                            GError      **error);

/* Writing: insert (revision 0) or update (the revision read) by UUID,
 * one transaction each; on success the row's revision is the new one.
 * KON_STORE_ERROR_CONFLICT when someone else saved it since it was read,
 * KON_STORE_ERROR_INVALID with a translated message for a rule broken.
 * A body is never placed under itself or its own sub-body; a role that
 * does not represent a partner loses its partner, and one that does
 * takes its partner's side when it has none. */
gboolean       kon_org_save_community      (KonStore      *store,
                                            KonCommunity  *community,
                                            GError       **error);
gboolean       kon_org_save_partner        (KonStore      *store,
                                            KonPartner    *partner,
                                            GError       **error);
gboolean       kon_org_save_person         (KonStore      *store,
                                            KonPerson     *person,
                                            GError       **error);
gboolean       kon_org_save_body           (KonStore      *store,
                                            KonBody       *body,
                                            GError       **error);
gboolean       kon_org_save_role           (KonStore      *store,
                                            KonRole       *role,
                                            GError       **error);
/* Any row, by its table: the rules above where its table has them */
gboolean       kon_org_save_row            (KonStore       *store,
                                            const KonTable *table,
                                            gpointer        row,
                                            GError        **error);

/* Deleting.  kon_org_describe_delete() says, translated, what goes with
 * a row before it is deleted ("3 roles and 1 body that refer to it"), or
 * returns NULL when nothing does.  kon_org_delete() removes the row and
 * everything that goes with it in one transaction and returns a snapshot
 * that kon_org_restore() puts back: that is Undo.
 *
 * What goes with a row (the REF fields' on_delete in kon-role.c, …): a
 * person's roles; a partner's roles that represent it (the persons who
 * come from it are kept, without a partner); a body's roles.  A deleted
 * body's sub-bodies are kept and move up to its parent (or to the top
 * level); a seat's appointments are kept, without the seat. */
char          *kon_org_describe_delete     (KonStore     *store,
                                            const char   *table,   /* "partner", "person", "body", "role", "seat" */
                                            const char   *uuid,
                                            GError      **error);
KonSnapshot   *kon_org_delete              (KonStore     *store,
                                            const char   *table,
                                            const char   *uuid,
                                            GError      **error);
gboolean       kon_org_restore             (KonStore     *store,
                                            KonSnapshot  *snapshot,
                                            GError      **error);

G_END_DECLS
