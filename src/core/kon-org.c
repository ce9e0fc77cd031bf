/* kon-org.c: the organisation's orders and rules across rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No SQL here: rows come from the store (kon-store.h); what each row is
 * and what goes with it when it is deleted is in its table's declaration
 * (kon-partner.c, kon-role.c, …).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-case.h"
#include "kon-org.h"

/* The order roles are listed in a body: who leads it first */
static const int role_kind_rank[] = {
  [KON_ROLE_KIND_LEADER] = 0,
  [KON_ROLE_KIND_DEPUTY_LEADER] = 1,
  [KON_ROLE_KIND_MEMBER] = 2,
  [KON_ROLE_KIND_DEPUTY] = 3,
  [KON_ROLE_KIND_OBSERVER] = 4,
  [KON_ROLE_KIND_SECRETARY] = 5,
};

/* Helpers */

static void
add_body_subtree (GPtrArray  *out,
                  GHashTable *children,   /* parent uuid or "" → GPtrArray of bodies by name */
                  const char *parent_uuid,
                  GHashTable *added)
{
  GPtrArray *list = g_hash_table_lookup (children, parent_uuid);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      KonBody *body = list->pdata[i];

      if (!g_hash_table_add (added, body->uuid))
        continue;

      g_ptr_array_add (out, body);
      add_body_subtree (out, children, body->uuid, added);
    }
}

typedef struct
{
  int       rank;
  char     *key;
  KonRole  *role;
} RoleSortItem;

static int
compare_role_items (gconstpointer a,
                    gconstpointer b)
{
  const RoleSortItem *item_a = a;
  const RoleSortItem *item_b = b;
  int cmp;

  if (item_a->rank != item_b->rank)
    return item_a->rank < item_b->rank ? -1 : 1;

  cmp = strcmp (item_a->key, item_b->key);
  if (cmp != 0)
    return cmp;

  return strcmp (item_a->role->uuid, item_b->role->uuid);
}

/* The roles whose @key is @uuid, by rank (of a body) and the name of the
 * row their @name_key refers to (the person, or the body) */
static GPtrArray *
list_roles (KonStore        *store,
            const char      *key,
            const char      *uuid,
            const KonTable  *names_table,
            gboolean         by_rank,
            GError         **error)
{
  g_autoptr(GPtrArray) roles = kon_store_list (store, &kon_role_table, key, uuid, error);
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GPtrArray) named = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree RoleSortItem *items = NULL;
  gboolean of_body = names_table == &kon_person_table;

  if (roles == NULL)
    return NULL;

  refs = g_ptr_array_new ();
  for (guint i = 0; i < roles->len; i++)
    {
      KonRole *role = roles->pdata[i];

      g_ptr_array_add (refs, of_body ? role->person_uuid : role->body_uuid);
    }

  named = kon_store_get_many (store, names_table, (const char * const *) refs->pdata, refs->len, error);
  if (named == NULL)
    return NULL;

  for (guint i = 0; i < named->len; i++)
    {
      gpointer row = named->pdata[i];

      g_hash_table_insert (names, KON_ROW (row)->uuid, (gpointer) names_table->sort_text (row));
    }

  items = g_new0 (RoleSortItem, roles->len + 1);
  for (guint i = 0; i < roles->len; i++)
    {
      KonRole *role = roles->pdata[i];
      const char *name = g_hash_table_lookup (names, refs->pdata[i]);

      items[i].rank = by_rank ? role_kind_rank[role->kind] : 0;
      items[i].key = g_utf8_collate_key (name != NULL ? name : "", -1);
      items[i].role = role;
    }

  qsort (items, roles->len, sizeof (RoleSortItem), compare_role_items);

  for (guint i = 0; i < roles->len; i++)
    {
      roles->pdata[i] = items[i].role;
      g_free (items[i].key);
    }

  return g_steal_pointer (&roles);
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

/* Public API: reading */

/**
 * kon_org_get_community:
 *
 * Returns: (transfer full) (nullable): the community, or %NULL without an
 *   error when the database has none yet (a new database)
 */
KonCommunity *
kon_org_get_community (KonStore  *store,
                       GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  rows = kon_store_list (store, &kon_community_table, NULL, NULL, error);
  if (rows == NULL || rows->len == 0)
    return NULL;

  return g_ptr_array_steal_index (rows, 0);
}

GPtrArray *
kon_org_list_partners (KonStore  *store,
                       GError   **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return kon_store_list (store, &kon_partner_table, NULL, NULL, error);
}

GPtrArray *
kon_org_list_persons (KonStore  *store,
                      GError   **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return kon_store_list (store, &kon_person_table, NULL, NULL, error);
}

/**
 * kon_org_list_bodies:
 *
 * Returns: (transfer full): the bodies as a tree, depth first: each body
 *   followed by its sub-bodies, siblings by name
 */
GPtrArray *
kon_org_list_bodies (KonStore  *store,
                     GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) children = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GHashTable) added = NULL;
  GPtrArray *out;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  /* By name (the display order) */
  rows = kon_store_list (store, &kon_body_table, NULL, NULL, error);
  if (rows == NULL)
    return NULL;

  known = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    g_hash_table_add (known, ((KonBody *) rows->pdata[i])->uuid);

  children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      KonBody *body = rows->pdata[i];
      const char *parent = body->parent_uuid != NULL && g_hash_table_contains (known, body->parent_uuid)
                           ? body->parent_uuid : "";
      GPtrArray *list = g_hash_table_lookup (children, parent);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (children, (gpointer) parent, list);
        }
      g_ptr_array_add (list, body);
    }

  added = g_hash_table_new (g_str_hash, g_str_equal);
  out = g_ptr_array_new_full (rows->len, (GDestroyNotify) kon_body_free);
  add_body_subtree (out, children, "", added);

  /* Bodies in a loop (never saved so, but never lost either) */
  for (guint i = 0; i < rows->len; i++)
    if (g_hash_table_add (added, ((KonBody *) rows->pdata[i])->uuid))
      g_ptr_array_add (out, rows->pdata[i]);

  /* @out owns the bodies now */
  g_ptr_array_set_free_func (rows, NULL);

  return out;
}

/**
 * kon_org_list_roles_of_body:
 *
 * Returns: (transfer full): the roles in the body: leader, deputy leader,
 *   members, deputies, observers, secretaries; each group by name
 */
GPtrArray *
kon_org_list_roles_of_body (KonStore    *store,
                            const char  *body_uuid,
                            GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (body_uuid != NULL, NULL);

  return list_roles (store, "body", body_uuid, &kon_person_table, TRUE, error);
}

/**
 * kon_org_list_roles_of_person:
 *
 * Returns: (transfer full): the person's roles, by the name of the body
 */
GPtrArray *
kon_org_list_roles_of_person (KonStore    *store,
                              const char  *person_uuid,
                              GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (person_uuid != NULL, NULL);

  return list_roles (store, "person", person_uuid, &kon_body_table, FALSE, error);
}

KonPartner *
kon_org_get_partner (KonStore    *store,
                     const char  *uuid,
                     GError     **error)
{
  return kon_store_get (store, &kon_partner_table, uuid, error);
}

KonPerson *
kon_org_get_person (KonStore    *store,
                    const char  *uuid,
                    GError     **error)
{
  return kon_store_get (store, &kon_person_table, uuid, error);
}

KonBody *
kon_org_get_body (KonStore    *store,
                  const char  *uuid,
                  GError     **error)
{
  return kon_store_get (store, &kon_body_table, uuid, error);
}

KonRole *
kon_org_get_role (KonStore    *store,
                  const char  *uuid,
                  GError     **error)
{
  return kon_store_get (store, &kon_role_table, uuid, error);
}

/* Public API: search */

GPtrArray *
kon_org_search_partners (KonStore    *store,
                         const char  *query,
                         GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return kon_store_list_uuids (store, &kon_partner_table, query, error);
}

GPtrArray *
kon_org_search_persons (KonStore    *store,
                        const char  *query,
                        GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return kon_store_list_uuids (store, &kon_person_table, query, error);
}

/* Public API: writing */

gboolean
kon_org_save_community (KonStore      *store,
                        KonCommunity  *community,
                        GError       **error)
{
  return kon_store_save (store, &kon_community_table, community, error);
}

gboolean
kon_org_save_partner (KonStore    *store,
                      KonPartner  *partner,
                      GError     **error)
{
  return kon_store_save (store, &kon_partner_table, partner, error);
}

gboolean
kon_org_save_person (KonStore   *store,
                     KonPerson  *person,
                     GError    **error)
{
  return kon_store_save (store, &kon_person_table, person, error);
}

/* Whether placing @body under @parent_uuid would put it under itself */
static gboolean
body_would_loop (KonStore    *store,
                 const char  *uuid,
                 const char  *parent_uuid,
                 GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *current = g_strdup (parent_uuid);

  while (current != NULL)
    {
      g_autoptr(KonBody) parent = NULL;

      if (g_ascii_strcasecmp (current, uuid) == 0)
        return TRUE;
      if (!g_hash_table_add (seen, g_strdup (current)))
        return FALSE;

      parent = kon_store_get (store, &kon_body_table, current, error);
      if (parent == NULL)
        return FALSE;

      g_free (current);
      current = g_steal_pointer (&parent->parent_uuid);
    }

  return FALSE;
}

gboolean
kon_org_save_body (KonStore  *store,
                   KonBody   *body,
                   GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (body->parent_uuid != NULL && body->uuid != NULL &&
      body_would_loop (store, body->uuid, body->parent_uuid, &local_error))
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                   _("A body cannot be placed under itself or under one of its own sub-bodies."));
      return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return kon_store_save (store, &kon_body_table, body, error);
}

gboolean
kon_org_save_role (KonStore  *store,
                   KonRole   *role,
                   GError   **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  if (role->represents != KON_REPRESENTS_PARTNER)
    g_clear_pointer (&role->partner_uuid, g_free);
  else if (role->partner_uuid != NULL && *role->partner_uuid != '\0' && role->side == KON_SIDE_NONE)
    {
      g_autoptr(KonPartner) partner = kon_org_get_partner (store, role->partner_uuid, error);

      if (partner == NULL)
        return FALSE;
      role->side = partner->side;
    }

  /* An appointment fills a seat of its own body */
  if (role->seat_uuid != NULL)
    {
      g_autoptr(KonSeat) seat = kon_store_get (store, &kon_seat_table, role->seat_uuid, error);

      if (seat == NULL)
        return FALSE;
      if (g_strcmp0 (seat->body_uuid, role->body_uuid) != 0)
        {
          g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                       _("The seat “%s” is a seat of another body: choose a seat of the role’s own body."),
                       seat->name);
          return FALSE;
        }
    }

  return kon_store_save (store, &kon_role_table, role, error);
}

/* Public API: deleting */

/**
 * kon_org_describe_delete:
 * @table: "partner", "person", "body", "role" or "seat"
 *
 * Returns: (transfer full) (nullable): what else goes or changes when the
 *   row is deleted, as translated sentences, or %NULL (and no error) when
 *   nothing else does
 */
char *
kon_org_describe_delete (KonStore    *store,
                         const char  *table,
                         const char  *uuid,
                         GError     **error)
{
  const KonTable *info = kon_table_lookup (table);
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_roles, n_persons, n_children;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (info != NULL && info != &kon_community_table, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  snapshot = kon_store_plan_delete (store, info, uuid, error);
  if (snapshot == NULL)
    return NULL;

  n_roles = kon_snapshot_count_removed (snapshot, &kon_role_table);
  n_persons = kon_snapshot_count_changed (snapshot, &kon_person_table);
  n_children = kon_snapshot_count_changed (snapshot, &kon_body_table);

  if (info == &kon_partner_table)
    {
      if (n_roles > 0)
        {
          g_autofree char *sentence =
            g_strdup_printf (ngettext ("%u role that represents the partner is deleted with it.",
                                       "%u roles that represent the partner are deleted with it.",
                                       n_roles), n_roles);
          append_sentence (text, sentence);
        }
      if (n_persons > 0)
        {
          g_autofree char *sentence =
            g_strdup_printf (ngettext ("%u person who comes from the partner is kept, "
                                       "without a partner.",
                                       "%u persons who come from the partner are kept, "
                                       "without a partner.",
                                       n_persons), n_persons);
          append_sentence (text, sentence);
        }
    }
  else if (info == &kon_person_table && n_roles > 0)
    {
      g_autofree char *sentence =
        g_strdup_printf (ngettext ("The person’s %u role is deleted too.",
                                   "The person’s %u roles are deleted too.",
                                   n_roles), n_roles);
      append_sentence (text, sentence);
    }
  else if (info == &kon_body_table)
    {
      g_autoptr(KonBody) body = kon_org_get_body (store, uuid, NULL);

      guint n_cases = kon_snapshot_count_removed (snapshot, &kon_case_table);

      if (n_roles > 0)
        {
          g_autofree char *sentence =
            g_strdup_printf (ngettext ("The %u role in the body is deleted too.",
                                       "The %u roles in the body are deleted too.",
                                       n_roles), n_roles);
          append_sentence (text, sentence);
        }

      /* The registry goes with its body: say so before anyone agrees */
      if (n_cases > 0)
        {
          g_autofree char *sentence =
            g_strdup_printf (ngettext ("Its %u case, with its history, is deleted too.",
                                       "Its %u cases, with their history, are deleted too.",
                                       n_cases), n_cases);
          append_sentence (text, sentence);
        }

      if (n_children > 0)
        {
          g_autoptr(KonBody) parent = NULL;
          g_autofree char *sentence = NULL;

          if (body != NULL && body->parent_uuid != NULL)
            parent = kon_org_get_body (store, body->parent_uuid, NULL);

          if (parent != NULL)
            /* TRANSLATORS: the last %s is the name of a body */
            sentence = g_strdup_printf (ngettext ("Its %u sub-body is kept, and moves up "
                                                  "under “%s”.",
                                                  "Its %u sub-bodies are kept, and move up "
                                                  "under “%s”.",
                                                  n_children), n_children, parent->name);
          else
            sentence = g_strdup_printf (ngettext ("Its %u sub-body is kept, and moves up "
                                                  "to the top level.",
                                                  "Its %u sub-bodies are kept, and move up "
                                                  "to the top level.",
                                                  n_children), n_children);
          append_sentence (text, sentence);
        }
    }
  else if (info == &kon_seat_table)
    {
      /* The appointments to the seat lose it (on_delete SET_NULL) */
      guint n_appointments = kon_snapshot_count_changed (snapshot, &kon_role_table);

      if (n_appointments > 0)
        {
          g_autofree char *sentence =
            g_strdup_printf (ngettext ("The seat’s %u appointment is kept, without a seat.",
                                       "The seat’s %u appointments are kept, without a seat.",
                                       n_appointments), n_appointments);
          append_sentence (text, sentence);
        }
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * kon_org_delete:
 * @table: "partner", "person", "body", "role" or "seat"
 *
 * Deletes the row and what goes with it (see kon_org_describe_delete()),
 * in one transaction.
 *
 * Returns: (transfer full): the snapshot for kon_org_restore(), or %NULL
 *   with @error set
 */
KonSnapshot *
kon_org_delete (KonStore    *store,
                const char  *table,
                const char  *uuid,
                GError     **error)
{
  const KonTable *info = kon_table_lookup (table);

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (info != NULL && info != &kon_community_table, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return kon_store_delete (store, info, uuid, error);
}

gboolean
kon_org_restore (KonStore     *store,
                 KonSnapshot  *snapshot,
                 GError      **error)
{
  return kon_store_restore (store, snapshot, error);
}

/**
 * kon_org_save_row:
 * @table: the row's table
 *
 * Saves a row of any table, with the rules kon_org_save_body() and
 * kon_org_save_role() keep for theirs.
 */
gboolean
kon_org_save_row (KonStore       *store,
                  const KonTable *table,
                  gpointer        row,
                  GError        **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL && row != NULL, FALSE);

  if (table == &kon_body_table)
    return kon_org_save_body (store, row, error);
  if (table == &kon_role_table)
    return kon_org_save_role (store, row, error);

  return kon_store_save (store, table, row, error);
}
