/* test-templates.c: the community templates that ship in data/templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each template is read as plain JSON (json-glib) and checked against the
 * exchange format (data/exchange-format.md) and against what the seeds say
 * about the community it describes; then imported into an empty database,
 * as the app does when a user picks it.
 */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kon-exchange.h"
#include "kon-org.h"

typedef struct
{
  JsonParser *parser;
  JsonObject *root;
  GHashTable *partners;   /* uuid → JsonObject */
  GHashTable *persons;
  GHashTable *bodies;
  GHashTable *seats;
  GHashTable *roles;
  GHashTable *cases;
  GHashTable *case_events;
  GHashTable *case_officers;
  GHashTable *case_anchorings;
  GHashTable *case_attachments;
} Doc;

static void
doc_free (Doc *doc)
{
  g_clear_pointer (&doc->partners, g_hash_table_unref);
  g_clear_pointer (&doc->persons, g_hash_table_unref);
  g_clear_pointer (&doc->bodies, g_hash_table_unref);
  g_clear_pointer (&doc->seats, g_hash_table_unref);
  g_clear_pointer (&doc->roles, g_hash_table_unref);
  g_clear_pointer (&doc->cases, g_hash_table_unref);
  g_clear_pointer (&doc->case_events, g_hash_table_unref);
  g_clear_pointer (&doc->case_officers, g_hash_table_unref);
  g_clear_pointer (&doc->case_anchorings, g_hash_table_unref);
  g_clear_pointer (&doc->case_attachments, g_hash_table_unref);
  g_clear_object (&doc->parser);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Doc, doc_free)

static const char *const community_keys[] = {
  "uuid", "name", "user_representatives_per_body", "gp_representatives_per_body", NULL
};
static const char *const partner_keys[] = {
  "uuid", "kind", "side", "region", "name", "short_name", "aliases", NULL
};
static const char *const person_keys[] = {
  "uuid", "name", "title", "partner", "email", "phone", NULL
};
static const char *const body_keys[] = {
  "uuid", "kind", "name", "short_name", "parent", "mandate", "takes_decisions",
  "meetings_per_year", "public", "deadline", "seats_per_side", "term_years", "single_term",
  "rotation_start", "rotation_first_side", "rotation_years", "case_pattern", NULL
};
static const char *const case_keys[] = {
  "uuid", "body", "year", "number", "title", "public_title", "screening", "kind", "status",
  "document_date", "archive_ref", "recommendation", "background", "presentation", "earlier_case",
  "one_stage", "one_stage_by", "one_stage_date", "meeting_date", NULL
};
static const char *const case_event_keys[] = { "uuid", "case", "step", "status", "date", "who", NULL };
static const char *const case_officer_keys[] = { "uuid", "case", "person", NULL };
static const char *const case_anchoring_keys[] = { "uuid", "case", "partner", "date", "note", NULL };
static const char *const case_attachment_keys[] = {
  "uuid", "case", "name", "size", "sha256", "media_type", "added", NULL
};
static const char *const seat_keys[] = {
  "uuid", "body", "name", "kind", "side", "region", "represents", "required", "appointed_by",
  "position", NULL
};
static const char *const role_keys[] = {
  "uuid", "person", "body", "kind", "represents", "partner", "side", "from", "to", "seat",
  "appointed_by", "decided_in", NULL
};

static void
assert_keys (JsonObject         *object,
             const char *const  *keys)
{
  g_autoptr(GList) members = json_object_get_members (object);
  GList *l = members;

  /* Every key present, in the documented order, and no other */
  for (guint i = 0; keys[i] != NULL; i++, l = l->next)
    {
      g_assert_nonnull (l);
      g_assert_cmpstr (l->data, ==, keys[i]);
    }
  g_assert_null (l);
}

static const char *
str_or_null (JsonObject *o,
             const char *key)
{
  return json_object_get_string_member_with_default (o, key, NULL);
}

static void
assert_one_of (const char         *value,
               const char *const  *allowed)
{
  g_assert_nonnull (value);
  g_assert_true (g_strv_contains (allowed, value));
}

static GHashTable *
index_array (Doc               *doc,
             const char        *name,
             const char *const *keys,
             GHashTable        *all_uuids)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_object_get_array_member (doc->root, name);
  const char *previous = NULL;

  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *uuid;

      assert_keys (o, keys);
      uuid = json_object_get_string_member (o, "uuid");
      g_assert_true (g_uuid_string_is_valid (uuid));
      /* unique across the whole document */
      g_assert_false (g_hash_table_contains (all_uuids, uuid));
      g_hash_table_add (all_uuids, (gpointer) uuid);
      /* sorted by uuid */
      if (previous != NULL)
        g_assert_cmpint (strcmp (previous, uuid), <, 0);
      previous = uuid;
      g_hash_table_insert (table, (gpointer) uuid, o);
    }
  return table;
}

static Doc *
load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) all_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  Doc *doc = g_new0 (Doc, 1);
  JsonObject *community;
  gsize length;

  g_test_message ("%s", name);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, length, NULL));
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpint (contents[length - 1], ==, '\n');
  g_assert_true (g_str_has_prefix (contents, "{\n  \"format\" : \"konsensus-exchange\",\n"));

  doc->parser = json_parser_new ();
  json_parser_load_from_data (doc->parser, contents, length, &error);
  g_assert_no_error (error);
  doc->root = json_node_get_object (json_parser_get_root (doc->parser));
  g_assert_nonnull (doc->root);

  g_assert_cmpstr (json_object_get_string_member (doc->root, "format"), ==, "konsensus-exchange");
  g_assert_cmpint (json_object_get_int_member (doc->root, "version"), ==, 3);

  community = json_object_get_object_member (doc->root, "community");
  assert_keys (community, community_keys);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (community, "uuid")));
  g_hash_table_add (all_uuids, (gpointer) json_object_get_string_member (community, "uuid"));
  g_assert_cmpstr (json_object_get_string_member (community, "name"), !=, "");

  doc->partners = index_array (doc, "partners", partner_keys, all_uuids);
  doc->persons = index_array (doc, "persons", person_keys, all_uuids);
  doc->bodies = index_array (doc, "bodies", body_keys, all_uuids);
  doc->seats = index_array (doc, "seats", seat_keys, all_uuids);
  doc->roles = index_array (doc, "roles", role_keys, all_uuids);
  doc->cases = index_array (doc, "cases", case_keys, all_uuids);
  doc->case_events = index_array (doc, "case_events", case_event_keys, all_uuids);
  doc->case_officers = index_array (doc, "case_officers", case_officer_keys, all_uuids);
  doc->case_anchorings = index_array (doc, "case_anchorings", case_anchoring_keys, all_uuids);
  doc->case_attachments = index_array (doc, "case_attachments", case_attachment_keys, all_uuids);

  return doc;
}

/* Every reference resolves and every value is one the format allows */
static void
assert_references (Doc *doc)
{
  static const char *const partner_kinds[] = { "helseforetak", "kommune", NULL };
  static const char *const sides[] = { "hf", "municipal", NULL };
  static const char *const body_kinds[] = {
    "dialogmote", "partnerskapsmote", "ssu", "omradeutvalg", "fsu", "sekretariat",
    "arbeidsgruppe", "rad", "annet", NULL
  };
  static const char *const role_kinds[] = {
    "member", "deputy", "observer", "leader", "deputy_leader", "secretary", NULL
  };
  static const char *const seat_kinds[] = { "member", "deputy", "observer", NULL };
  static const char *const represents[] = {
    "none", "partner", "side", "users", "gps", "employees", NULL
  };
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) with_role = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  JsonObject *o;

  g_hash_table_iter_init (&iter, doc->partners);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      JsonArray *list = json_object_get_array_member (o, "aliases");

      assert_one_of (str_or_null (o, "kind"), partner_kinds);
      assert_one_of (str_or_null (o, "side"), sides);
      g_assert_cmpstr (str_or_null (o, "name"), !=, "");
      g_assert_nonnull (list);
      /* What a chat names must point to one partner only; Bø is not Bodø */
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          g_autofree char *folded = g_utf8_casefold (json_array_get_string_element (list, i), -1);

          g_assert_false (g_hash_table_contains (aliases, folded));
          g_hash_table_add (aliases, g_steal_pointer (&folded));
        }
    }

  g_hash_table_iter_init (&iter, doc->persons);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      const char *partner = str_or_null (o, "partner");

      g_assert_cmpstr (str_or_null (o, "name"), !=, "");
      g_assert_true (partner == NULL || g_hash_table_contains (doc->partners, partner));
    }

  g_hash_table_iter_init (&iter, doc->bodies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      const char *parent = str_or_null (o, "parent");
      guint steps = 0;

      assert_one_of (str_or_null (o, "kind"), body_kinds);
      g_assert_true (parent == NULL || g_hash_table_contains (doc->bodies, parent));
      /* Parents lead to the top, never round in a loop */
      for (JsonObject *b = o; str_or_null (b, "parent") != NULL; steps++)
        {
          g_assert_cmpuint (steps, <, g_hash_table_size (doc->bodies));
          b = g_hash_table_lookup (doc->bodies, str_or_null (b, "parent"));
        }
    }

  g_hash_table_iter_init (&iter, doc->roles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      const char *partner = str_or_null (o, "partner");
      const char *side = str_or_null (o, "side");

      g_assert_true (g_hash_table_contains (doc->persons, str_or_null (o, "person")));
      g_assert_true (g_hash_table_contains (doc->bodies, str_or_null (o, "body")));
      assert_one_of (str_or_null (o, "kind"), role_kinds);
      assert_one_of (str_or_null (o, "represents"), represents);
      g_assert_true (side == NULL || g_strv_contains (sides, side));
      g_assert_true (partner == NULL || g_hash_table_contains (doc->partners, partner));
      if (g_str_equal (str_or_null (o, "represents"), "partner"))
        {
          g_assert_nonnull (partner);
          g_assert_cmpstr (side, ==, str_or_null (g_hash_table_lookup (doc->partners, partner), "side"));
        }
      else
        g_assert_null (partner);
      if (g_str_equal (str_or_null (o, "represents"), "side"))
        g_assert_nonnull (side);
      /* An appointment fills a seat of its own body */
      if (str_or_null (o, "seat") != NULL)
        {
          JsonObject *seat = g_hash_table_lookup (doc->seats, str_or_null (o, "seat"));

          g_assert_nonnull (seat);
          g_assert_cmpstr (str_or_null (seat, "body"), ==, str_or_null (o, "body"));
        }
      g_hash_table_add (with_role, (gpointer) str_or_null (o, "person"));
    }

  /* Cases: in a body, of a known kind and status, numbered once per body
   * and year, following a case of the file */
  {
    static const char *const case_kinds[] = { "beslutningssak", "droftingssak", "orienteringssak", NULL };
    static const char *const statuses[] = {
      "received", "in_preparation", "on_agenda", "decided", "sent_back", "closed", NULL
    };
    g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    g_hash_table_iter_init (&iter, doc->cases);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
      {
        const char *earlier = str_or_null (o, "earlier_case");
        char *key = g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, str_or_null (o, "body"),
                                     json_object_get_int_member (o, "year"),
                                     json_object_get_int_member (o, "number"));

        g_assert_true (g_hash_table_contains (doc->bodies, str_or_null (o, "body")));
        assert_one_of (str_or_null (o, "kind"), case_kinds);
        assert_one_of (str_or_null (o, "status"), statuses);
        g_assert_cmpint (json_object_get_int_member (o, "number"), >=, 1);
        g_assert_true (earlier == NULL || g_hash_table_contains (doc->cases, earlier));
        g_assert_true (g_hash_table_add (numbers, key));
      }
  }

  /* Officers are persons, anchorings by municipalities, of cases there */
  g_hash_table_iter_init (&iter, doc->case_officers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      g_assert_true (g_hash_table_contains (doc->cases, str_or_null (o, "case")));
      g_assert_true (g_hash_table_contains (doc->persons, str_or_null (o, "person")));
    }
  g_hash_table_iter_init (&iter, doc->case_anchorings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      JsonObject *partner = g_hash_table_lookup (doc->partners, str_or_null (o, "partner"));

      g_assert_true (g_hash_table_contains (doc->cases, str_or_null (o, "case")));
      g_assert_nonnull (partner);
      g_assert_cmpstr (str_or_null (partner, "side"), ==, "municipal");
      g_assert_nonnull (str_or_null (o, "date"));
    }

  g_hash_table_iter_init (&iter, doc->seats);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      const char *side = str_or_null (o, "side");

      g_assert_true (g_hash_table_contains (doc->bodies, str_or_null (o, "body")));
      assert_one_of (str_or_null (o, "kind"), seat_kinds);
      assert_one_of (str_or_null (o, "represents"), represents);
      g_assert_true (side == NULL || g_strv_contains (sides, side));
      g_assert_cmpstr (str_or_null (o, "name"), !=, "");
      /* A regional seat is a municipal one */
      if (str_or_null (o, "region") != NULL)
        g_assert_cmpstr (side, ==, "municipal");
    }

  /* No one in a template without a role */
  g_assert_cmpuint (g_hash_table_size (with_role), ==, g_hash_table_size (doc->persons));
}

static JsonObject *
body_of_kind (Doc        *doc,
              const char *kind)
{
  GHashTableIter iter;
  JsonObject *o, *found = NULL;

  g_hash_table_iter_init (&iter, doc->bodies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    if (g_str_equal (str_or_null (o, "kind"), kind))
      {
        g_assert_null (found);
        found = o;
      }
  g_assert_nonnull (found);
  return found;
}

static JsonObject *
partner_named (Doc        *doc,
               const char *short_name)
{
  GHashTableIter iter;
  JsonObject *o;

  g_hash_table_iter_init (&iter, doc->partners);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    if (g_str_equal (str_or_null (o, "short_name"), short_name))
      return o;
  g_error ("no partner %s", short_name);
  return NULL;
}

static gboolean
has_alias (JsonObject *partner,
           const char *alias)
{
  JsonArray *list = json_object_get_array_member (partner, "aliases");

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_array_get_string_element (list, i), alias))
      return TRUE;
  return FALSE;
}

static void
assert_lofoten_vesteralen_salten (Doc *doc)
{
  static const struct
  {
    const char *region;
    guint       count;
  } regions[] = { { "Lofoten", 6 }, { "Salten", 9 }, { "Vesterålen", 5 } };
  JsonObject *community = json_object_get_object_member (doc->root, "community");
  JsonObject *pm, *ssu, *ksu, *fsu, *sek, *dialog, *nlsh, *bo, *bodo;
  GHashTableIter iter;
  JsonObject *o;
  guint hf = 0, kommuner = 0;

  g_assert_cmpstr (json_object_get_string_member (community, "name"), ==,
                   "Helsefellesskapet Lofoten, Vesterålen og Salten");

  /* 21 partners: Nordlandssykehuset HF and 20 kommuner */
  g_assert_cmpuint (g_hash_table_size (doc->partners), ==, 21);
  g_hash_table_iter_init (&iter, doc->partners);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      if (g_str_equal (str_or_null (o, "kind"), "helseforetak"))
        {
          hf++;
          g_assert_cmpstr (str_or_null (o, "side"), ==, "hf");
          g_assert_null (str_or_null (o, "region"));
        }
      else
        {
          g_autofree char *official = g_strconcat (str_or_null (o, "short_name"), " kommune", NULL);

          kommuner++;
          g_assert_cmpstr (str_or_null (o, "side"), ==, "municipal");
          g_assert_cmpstr (str_or_null (o, "name"), ==, official);
          g_assert_true (has_alias (o, official));
          g_assert_true (has_alias (o, str_or_null (o, "short_name")));
        }
    }
  g_assert_cmpuint (hf, ==, 1);
  g_assert_cmpuint (kommuner, ==, 20);

  for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
    {
      guint count = 0;

      g_hash_table_iter_init (&iter, doc->partners);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
        if (g_strcmp0 (str_or_null (o, "region"), regions[r].region) == 0)
          count++;
      g_assert_cmpuint (count, ==, regions[r].count);
    }

  nlsh = partner_named (doc, "Nordlandssykehuset");
  g_assert_cmpstr (str_or_null (nlsh, "name"), ==, "Nordlandssykehuset HF");
  g_assert_true (has_alias (nlsh, "NLSH"));
  g_assert_true (has_alias (nlsh, "Nordlandssykehuset HF"));

  /* Bø (Vesterålen) and Bodø (Salten) are two partners */
  bo = partner_named (doc, "Bø");
  bodo = partner_named (doc, "Bodø");
  g_assert_true (bo != bodo);
  g_assert_cmpstr (str_or_null (bo, "uuid"), !=, str_or_null (bodo, "uuid"));
  g_assert_cmpstr (str_or_null (bo, "name"), ==, "Bø kommune");
  g_assert_cmpstr (str_or_null (bo, "region"), ==, "Vesterålen");
  g_assert_cmpstr (str_or_null (bodo, "name"), ==, "Bodø kommune");
  g_assert_cmpstr (str_or_null (bodo, "region"), ==, "Salten");
  g_assert_false (has_alias (bodo, "Bø"));
  g_assert_false (has_alias (bo, "Bodø"));

  /* The bodies of the seeds */
  dialog = body_of_kind (doc, "dialogmote");
  g_assert_false (json_object_get_boolean_member (dialog, "takes_decisions"));
  g_assert_true (json_object_get_boolean_member (dialog, "public"));

  pm = body_of_kind (doc, "partnerskapsmote");
  g_assert_null (str_or_null (pm, "parent"));
  g_assert_true (json_object_get_boolean_member (pm, "takes_decisions"));
  g_assert_true (json_object_get_boolean_member (pm, "public"));
  g_assert_cmpint (json_object_get_int_member (pm, "meetings_per_year"), ==, 1);
  g_assert_nonnull (strstr (str_or_null (pm, "mandate"), "konsensus"));

  ssu = body_of_kind (doc, "ssu");
  g_assert_cmpstr (str_or_null (ssu, "short_name"), ==, "SSU");
  g_assert_cmpstr (str_or_null (ssu, "parent"), ==, str_or_null (pm, "uuid"));
  g_assert_cmpint (json_object_get_int_member (ssu, "seats_per_side"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (ssu, "meetings_per_year"), ==, 4);

  /* The SSU's seat rules (DOMAIN.md, "SSU membership terms and rotation") */
  g_assert_cmpint (json_object_get_int_member (ssu, "term_years"), ==, 4);
  g_assert_cmpstr (str_or_null (ssu, "rotation_start"), ==, "2025-09-25");
  g_assert_cmpstr (str_or_null (ssu, "rotation_first_side"), ==, "municipal");
  g_assert_cmpint (json_object_get_int_member (ssu, "rotation_years"), ==, 2);
  {
    guint hf_members = 0, municipal_members = 0, salten = 0, lofoten = 0, vesteralen = 0;
    guint required_observers = 0;

    g_hash_table_iter_init (&iter, doc->seats);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
      {
        if (g_strcmp0 (str_or_null (o, "body"), str_or_null (ssu, "uuid")) != 0)
          continue;
        if (g_str_equal (str_or_null (o, "kind"), "member") &&
            g_strcmp0 (str_or_null (o, "side"), "hf") == 0)
          hf_members++;
        else if (g_str_equal (str_or_null (o, "kind"), "member") &&
                 g_strcmp0 (str_or_null (o, "side"), "municipal") == 0)
          municipal_members++;
        else if (g_str_equal (str_or_null (o, "kind"), "observer") &&
                 json_object_get_boolean_member (o, "required"))
          required_observers++;
        salten += g_strcmp0 (str_or_null (o, "region"), "Salten") == 0;
        lofoten += g_strcmp0 (str_or_null (o, "region"), "Lofoten") == 0;
        vesteralen += g_strcmp0 (str_or_null (o, "region"), "Vesterålen") == 0;
      }
    g_assert_cmpuint (hf_members, ==, 7);
    g_assert_cmpuint (municipal_members, ==, 7);
    g_assert_cmpuint (salten, ==, 3);
    g_assert_cmpuint (lofoten, ==, 2);
    g_assert_cmpuint (vesteralen, ==, 2);
    /* employee and user representatives per side, a GP, KS/Statsforvalteren,
     * Nord universitet, UiT and the samhandlingsledere */
    g_assert_cmpuint (required_observers, >=, 9);
  }

  fsu = body_of_kind (doc, "fsu");
  g_assert_cmpstr (str_or_null (fsu, "parent"), ==, str_or_null (ssu, "uuid"));
  sek = body_of_kind (doc, "sekretariat");
  g_assert_cmpstr (str_or_null (sek, "name"), ==, "Samhandlingssekretariat");

  ksu = body_of_kind (doc, "arbeidsgruppe");
  g_assert_cmpstr (str_or_null (ksu, "short_name"), ==, "KSU");
  g_assert_cmpstr (str_or_null (ksu, "parent"), ==, str_or_null (ssu, "uuid"));
  g_assert_cmpstr (str_or_null (ksu, "deadline"), ==, "2021-05-25");
  /* Case numbers as the seeds write them: "sak 02-2021", "004/2021" */
  g_assert_cmpstr (str_or_null (ksu, "case_pattern"), ==, "{n:03}/{yyyy}");
  g_assert_cmpstr (str_or_null (ssu, "case_pattern"), ==, "{n:02}-{yyyy}");
  g_assert_nonnull (strstr (str_or_null (ksu, "mandate"), "004/2021"));

  /* Mandates are written, in Bokmål */
  g_hash_table_iter_init (&iter, doc->bodies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    g_assert_cmpuint (strlen (str_or_null (o, "mandate")), >, 40);
}

static void
test_lofoten_vesteralen_salten (void)
{
  g_autoptr(Doc) doc = load ("lofoten-vesteralen-salten.json");

  assert_references (doc);
  assert_lofoten_vesteralen_salten (doc);
  /* No persons in the template */
  g_assert_cmpuint (g_hash_table_size (doc->persons), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->roles), ==, 0);
}

static void
test_bergen (void)
{
  g_autoptr(Doc) doc = load ("bergen.json");
  JsonObject *community = json_object_get_object_member (doc->root, "community");
  const char *levels[] = { "partnerskapsmote", "ssu", "omradeutvalg", "fsu" };
  const char *parent = NULL;

  assert_references (doc);
  g_assert_cmpstr (json_object_get_string_member (community, "name"), ==,
                   "Helsefellesskapet i Bergensområdet");
  /* Two user representatives and a GP in every body at every level */
  g_assert_cmpint (json_object_get_int_member (community, "user_representatives_per_body"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (community, "gp_representatives_per_body"), ==, 1);

  /* The four levels, each under the one before; partners left to the user */
  g_assert_cmpuint (g_hash_table_size (doc->bodies), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      JsonObject *body = body_of_kind (doc, levels[i]);

      g_assert_cmpstr (str_or_null (body, "parent"), ==, parent);
      parent = str_or_null (body, "uuid");
    }
  g_assert_cmpstr (str_or_null (body_of_kind (doc, "omradeutvalg"), "name"), ==, "Områdeutvalg");
  g_assert_cmpuint (g_hash_table_size (doc->partners), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->persons), ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(Doc) doc = load ("empty.json");

  assert_references (doc);
  g_assert_cmpuint (g_hash_table_size (doc->partners), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->persons), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->bodies), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->seats), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->cases), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->roles), ==, 0);
}

static const char *
side_of_role (Doc        *doc,
              JsonObject *role)
{
  return str_or_null (role, "side");
}

/* The demo's terms follow each other: count those held on one day */
static gboolean
active_on (JsonObject *role,
           const char *day)
{
  const char *from = str_or_null (role, "from");
  const char *to = str_or_null (role, "to");

  return (from == NULL || strcmp (from, day) <= 0) && (to == NULL || strcmp (day, to) <= 0);
}

static void
test_demo (void)
{
  g_autoptr(Doc) plain = load ("lofoten-vesteralen-salten.json");
  g_autoptr(Doc) doc = load ("lofoten-vesteralen-salten-demo.json");
  g_autoptr(GHashTable) ssu_hf = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ssu_municipal = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) pm_partners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) region_seats = g_hash_table_new (g_str_hash, g_str_equal);
  const char *ssu, *pm, *sek, *ksu;
  const char *leader_side = NULL, *deputy_side = NULL;
  guint employees = 0, users = 0, gps = 0, deputies = 0, secretariat = 0, ksu_members = 0;
  GHashTableIter iter;
  JsonObject *o;

  assert_references (doc);
  assert_lofoten_vesteralen_salten (doc);

  /* Its two-stage chain is prepared by officers and partly anchored */
  g_assert_cmpuint (g_hash_table_size (doc->case_officers), >=, 1);
  g_assert_cmpuint (g_hash_table_size (doc->case_anchorings), >=, 1);
  g_assert_cmpuint (g_hash_table_size (doc->case_anchorings), <, 20);

  /* The same community as the plain template: importing one over the
   * other merges, it does not duplicate */
  {
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    const char *arrays[] = { "community", "partners", "bodies", "seats" };

    for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
      {
        json_generator_set_root (gen, json_object_get_member (plain->root, arrays[i]));
        g_free (a);
        a = json_generator_to_data (gen, NULL);
        json_generator_set_root (gen, json_object_get_member (doc->root, arrays[i]));
        g_free (b);
        b = json_generator_to_data (gen, NULL);
        g_assert_cmpstr (a, ==, b);
      }
  }

  ssu = str_or_null (body_of_kind (doc, "ssu"), "uuid");
  pm = str_or_null (body_of_kind (doc, "partnerskapsmote"), "uuid");
  sek = str_or_null (body_of_kind (doc, "sekretariat"), "uuid");
  ksu = str_or_null (body_of_kind (doc, "arbeidsgruppe"), "uuid");

  g_hash_table_iter_init (&iter, doc->roles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      const char *body = str_or_null (o, "body");
      const char *kind = str_or_null (o, "kind");
      const char *rep = str_or_null (o, "represents");
      const char *side = side_of_role (doc, o);
      gboolean member = g_str_equal (kind, "member") || g_str_equal (kind, "leader")
                        || g_str_equal (kind, "deputy_leader");

      if (g_str_equal (body, ssu) && !active_on (o, "2026-06-01"))
        continue;
      if (g_str_equal (body, ssu))
        {
          if (member)
            {
              g_assert_nonnull (side);
              g_hash_table_add (g_str_equal (side, "hf") ? ssu_hf : ssu_municipal,
                                (gpointer) str_or_null (o, "person"));
              /* the chair also holds a member seat: count seats, not chairs */
              if (g_str_equal (side, "municipal") && g_str_equal (kind, "member"))
                {
                  JsonObject *partner = g_hash_table_lookup (doc->partners, str_or_null (o, "partner"));
                  const char *region = str_or_null (partner, "region");

                  g_hash_table_insert (region_seats, (gpointer) region,
                                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (region_seats, region)) + 1));
                }
            }
          if (g_str_equal (kind, "leader"))
            {
              g_assert_null (leader_side);
              leader_side = side;
            }
          if (g_str_equal (kind, "deputy_leader"))
            {
              g_assert_null (deputy_side);
              deputy_side = side;
            }
          if (g_str_equal (kind, "observer"))
            {
              employees += g_str_equal (rep, "employees");
              users += g_str_equal (rep, "users");
              gps += g_str_equal (rep, "gps");
            }
          deputies += g_str_equal (kind, "deputy");
        }
      else if (g_str_equal (body, pm) && member)
        {
          const char *partner = str_or_null (o, "partner");

          g_assert_false (g_hash_table_contains (pm_partners, partner));
          g_hash_table_add (pm_partners, (gpointer) partner);
        }
      else if (g_str_equal (body, sek) && member)
        secretariat++;
      else if (g_str_equal (body, ksu) && member)
        ksu_members++;
    }

  /* SSU: 7 members per side, municipal seats Salten 3, Lofoten 2,
   * Vesterålen 2; leader and deputy leader from opposite sides */
  g_assert_cmpuint (g_hash_table_size (ssu_hf), ==, 7);
  g_assert_cmpuint (g_hash_table_size (ssu_municipal), ==, 7);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (region_seats, "Salten")), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (region_seats, "Lofoten")), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (region_seats, "Vesterålen")), ==, 2);
  g_assert_nonnull (leader_side);
  g_assert_nonnull (deputy_side);
  g_assert_cmpstr (leader_side, !=, deputy_side);
  /* Observers with right to speak: 2 employee and 2 user representatives
   * and a GP; some deputies */
  g_assert_cmpuint (employees, ==, 2);
  g_assert_cmpuint (users, ==, 2);
  g_assert_cmpuint (gps, ==, 1);
  g_assert_cmpuint (deputies, >, 0);
  /* The chief executives of all 21 partners in the Partnerskapsmøte */
  g_assert_cmpuint (g_hash_table_size (pm_partners), ==, 21);
  g_assert_cmpuint (secretariat, ==, 2);
  /* KSU: 3 per side and 1 user representative */
  g_assert_cmpuint (ksu_members, ==, 7);
}

static void
test_import (void)
{
  const char *names[] = {
    "lofoten-vesteralen-salten.json",
    "bergen.json",
    "empty.json",
    "lofoten-vesteralen-salten-demo.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(Doc) doc = load (names[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("kon-templates-XXXXXX", &error);
      g_autofree char *db = g_build_filename (dir, "konsensus.db", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(KonStore) store = NULL;
      g_autoptr(KonExchangeReport) report = NULL;
      g_autoptr(KonExchangeReport) again = NULL;
      g_autoptr(KonCommunity) community = NULL;
      g_autoptr(GPtrArray) partners = NULL;
      g_autoptr(GPtrArray) persons = NULL;
      g_autoptr(GPtrArray) bodies = NULL;
      guint n_roles = 0;

      g_assert_no_error (error);
      store = kon_store_open (db, &error);
      g_assert_no_error (error);

      report = kon_exchange_import_file (store, file, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (report);
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PARTNER], ==, g_hash_table_size (doc->partners));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_PERSON], ==, g_hash_table_size (doc->persons));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_BODY], ==, g_hash_table_size (doc->bodies));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_SEAT], ==, g_hash_table_size (doc->seats));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_ROLE], ==, g_hash_table_size (doc->roles));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE], ==, g_hash_table_size (doc->cases));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_EVENT], ==, g_hash_table_size (doc->case_events));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_OFFICER], ==, g_hash_table_size (doc->case_officers));
      g_assert_cmpuint (report->added[KON_EXCHANGE_KIND_CASE_ANCHORING], ==,
                        g_hash_table_size (doc->case_anchorings));

      community = kon_org_get_community (store, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (community->name, ==,
                       json_object_get_string_member (json_object_get_object_member (doc->root, "community"), "name"));
      partners = kon_org_list_partners (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (partners->len, ==, g_hash_table_size (doc->partners));
      persons = kon_org_list_persons (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (persons->len, ==, g_hash_table_size (doc->persons));
      bodies = kon_org_list_bodies (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (bodies->len, ==, g_hash_table_size (doc->bodies));
      for (guint b = 0; b < bodies->len; b++)
        {
          g_autoptr(GPtrArray) roles = kon_org_list_roles_of_body (store, ((KonBody *) g_ptr_array_index (bodies, b))->uuid, &error);

          g_assert_no_error (error);
          n_roles += roles->len;
        }
      g_assert_cmpuint (n_roles, ==, g_hash_table_size (doc->roles));

      /* The file is exactly what exporting it gives: the exchange format,
       * byte for byte (keys in order, arrays sorted, indentation) */
      {
        g_autoptr(GBytes) exported = kon_exchange_export (store, KON_EXCHANGE_FLAGS_NONE, NULL, &error);
        g_autofree char *contents = NULL;
        gsize length;

        g_assert_no_error (error);
        g_file_get_contents (path, &contents, &length, &error);
        g_assert_no_error (error);
        g_assert_cmpmem (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported),
                         contents, length);
      }

      /* Picking the template twice adds nothing */
      again = kon_exchange_import_file (store, file, NULL, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < KON_EXCHANGE_N_KINDS; k++)
        {
          g_assert_cmpuint (again->added[k], ==, 0);
          g_assert_cmpuint (again->conflicts[k], ==, 0);
        }

      g_clear_object (&store);
      {
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *entry;

        while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
          {
            g_autofree char *child = g_build_filename (dir, entry, NULL);

            g_unlink (child);
          }
      }
      g_assert_no_errno (g_rmdir (dir));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/templates/lofoten-vesteralen-salten", test_lofoten_vesteralen_salten);
  g_test_add_func ("/templates/bergen", test_bergen);
  g_test_add_func ("/templates/empty", test_empty);
  g_test_add_func ("/templates/demo", test_demo);
  g_test_add_func ("/templates/import", test_import);

  return g_test_run ();
}
