/* kon-table.c: what every row can do, driven by its table's description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-body.h"
#include "kon-case.h"
#include "kon-case-event.h"
#include "kon-community.h"
#include "kon-case-anchoring.h"
#include "kon-case-attachment.h"
#include "kon-case-officer.h"
#include "kon-partner.h"
#include "kon-person.h"
#include "kon-role.h"
#include "kon-seat.h"
#include "kon-table.h"

G_DEFINE_QUARK (kon-table-error-quark, kon_table_error)

/* In the order of an exchange document: a table after those it refers to */
static const KonTable * const all_tables[] = {
  &kon_community_table,
  &kon_partner_table,
  &kon_person_table,
  &kon_body_table,
  &kon_seat_table,
  &kon_role_table,
  &kon_case_table,
  &kon_case_event_table,
  &kon_case_officer_table,
  &kon_case_anchoring_table,
  &kon_case_attachment_table,
};

/* Helpers */

static inline char **
field_string (gpointer        row,
              const KonField *field)
{
  return KON_FIELD_PTR (row, field);
}

static inline int *
field_int (gpointer        row,
           const KonField *field)
{
  return KON_FIELD_PTR (row, field);
}

static inline GDate *
field_date (gpointer        row,
            const KonField *field)
{
  return KON_FIELD_PTR (row, field);
}

static inline char ***
field_strv (gpointer        row,
            const KonField *field)
{
  return KON_FIELD_PTR (row, field);
}

static char *
enum_list (const KonField *field)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < field->n_enum_names; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, field->enum_names[i].id);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static void
set_invalid (GError     **error,
             const char  *path,
             const char  *key,
             const char  *format,
             ...) G_GNUC_PRINTF (4, 5);

/* "At $.persons[3].name: the name must not be empty." */
static void
set_invalid (GError     **error,
             const char  *path,
             const char  *key,
             const char  *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (path == NULL)
    {
      g_set_error_literal (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID, detail);
      return;
    }

  {
    g_autofree char *full_path = key != NULL ? g_strdup_printf ("%s.%s", path, key) : g_strdup (path);

    /* TRANSLATORS: the first %s is a JSON path such as $.roles[3].person,
     * the second says what is wrong there */
    g_set_error (error, KON_TABLE_ERROR, KON_TABLE_ERROR_INVALID, _("At %s: %s"), full_path, detail);
  }
}

static const char *
json_type_description (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("a list");
  if (JSON_NODE_HOLDS_NULL (node))
    return _("null");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_INT64:
      return _("a whole number");
    default:
      return _("a number with decimals");
    }
}

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

/* Tables */

/**
 * kon_tables:
 *
 * Returns: (array length=n_tables): every table, a table after the
 *   tables it refers to
 */
const KonTable * const *
kon_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (all_tables);
  return all_tables;
}

const KonTable *
kon_table_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_tables); i++)
    if (g_strcmp0 (all_tables[i]->name, name) == 0)
      return all_tables[i];

  return NULL;
}

const KonTable *
kon_table_for_type (GType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_tables); i++)
    if (all_tables[i]->get_type () == type)
      return all_tables[i];

  return NULL;
}

const KonField *
kon_table_get_field (const KonTable *table,
                     const char     *key)
{
  for (guint i = 0; i < table->n_fields; i++)
    if (g_strcmp0 (table->fields[i].key, key) == 0)
      return &table->fields[i];

  return NULL;
}

/* Rows */

gpointer
kon_table_row_new (const KonTable *table)
{
  gpointer row = g_malloc0 (table->size);

  KON_ROW (row)->uuid = g_uuid_string_random ();

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];

      switch (field->type)
        {
        case KON_FIELD_STRING:
          if (!(field->flags & KON_FIELD_NULLABLE))
            *field_string (row, field) = g_strdup ("");
          break;
        case KON_FIELD_STRV:
          *field_strv (row, field) = g_new0 (char *, 1);
          break;
        case KON_FIELD_DATE:
          g_date_clear (field_date (row, field), 1);
          break;
        case KON_FIELD_ENUM:
          *field_int (row, field) = field->n_enum_names > 0 && !(field->flags & KON_FIELD_NULLABLE)
                                      ? field->enum_names[0].value : 0;
          break;
        case KON_FIELD_INT:
        case KON_FIELD_BOOL:
        case KON_FIELD_REF:
        default:
          break;
        }
    }

  return row;
}

gpointer
kon_table_row_copy (const KonTable *table,
                    gconstpointer   row)
{
  gpointer copy;

  if (row == NULL)
    return NULL;

  copy = g_memdup2 (row, table->size);
  KON_ROW (copy)->uuid = g_strdup (KON_ROW_UUID (row));

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];

      if (field->type == KON_FIELD_STRING || field->type == KON_FIELD_REF)
        *field_string (copy, field) = g_strdup (*field_string ((gpointer) row, field));
      else if (field->type == KON_FIELD_STRV)
        *field_strv (copy, field) = g_strdupv (*field_strv ((gpointer) row, field));
    }

  return copy;
}

void
kon_table_row_free (const KonTable *table,
                    gpointer        row)
{
  if (row == NULL)
    return;

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];

      if (field->type == KON_FIELD_STRING || field->type == KON_FIELD_REF)
        g_free (*field_string (row, field));
      else if (field->type == KON_FIELD_STRV)
        g_strfreev (*field_strv (row, field));
    }

  g_free (KON_ROW (row)->uuid);
  g_free (row);
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  guint n_a = a != NULL ? g_strv_length (a) : 0;
  guint n_b = b != NULL ? g_strv_length (b) : 0;

  if (n_a != n_b)
    return FALSE;

  for (guint i = 0; i < n_a; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;

  return TRUE;
}

static gboolean
date_equal (const GDate *a,
            const GDate *b)
{
  if (g_date_valid (a) != g_date_valid (b))
    return FALSE;

  return !g_date_valid (a) || g_date_compare (a, b) == 0;
}

gboolean
kon_table_row_equal (const KonTable *table,
                     gconstpointer   a,
                     gconstpointer   b)
{
  gpointer row_a = (gpointer) a;
  gpointer row_b = (gpointer) b;

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];

      switch (field->type)
        {
        case KON_FIELD_STRING:
        case KON_FIELD_REF:
          if (g_strcmp0 (*field_string (row_a, field), *field_string (row_b, field)) != 0)
            return FALSE;
          break;
        case KON_FIELD_INT:
        case KON_FIELD_ENUM:
          if (*field_int (row_a, field) != *field_int (row_b, field))
            return FALSE;
          break;
        case KON_FIELD_BOOL:
          if (!*field_int (row_a, field) != !*field_int (row_b, field))
            return FALSE;
          break;
        case KON_FIELD_DATE:
          if (!date_equal (field_date (row_a, field), field_date (row_b, field)))
            return FALSE;
          break;
        case KON_FIELD_STRV:
        default:
          if (!strv_equal0 (*field_strv (row_a, field), *field_strv (row_b, field)))
            return FALSE;
          break;
        }
    }

  return TRUE;
}

/* Hashing: each value as a tag byte, then (for text) its length and
 * bytes, so that no two rows encode alike */

static void
hash_text (GChecksum  *checksum,
           const char *text)
{
  guint8 tag = text != NULL ? 's' : 'n';

  g_checksum_update (checksum, &tag, 1);
  if (text != NULL)
    {
      guint32 length = (guint32) strlen (text);

      g_checksum_update (checksum, (const guint8 *) &length, sizeof length);
      g_checksum_update (checksum, (const guint8 *) text, length);
    }
}

static void
hash_int (GChecksum *checksum,
          gint64     value)
{
  guint8 bytes[9] = { 'i' };

  for (guint i = 0; i < 8; i++)
    bytes[1 + i] = (guint8) ((guint64) value >> (8 * i));

  g_checksum_update (checksum, bytes, sizeof bytes);
}

void
kon_table_row_hash (const KonTable *table,
                    gconstpointer   row,
                    KonRowHash     *out_hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gpointer r = (gpointer) row;

  hash_text (checksum, table->name);
  hash_text (checksum, KON_ROW_UUID (row));

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];

      switch (field->type)
        {
        case KON_FIELD_STRING:
        case KON_FIELD_REF:
          hash_text (checksum, *field_string (r, field));
          break;
        case KON_FIELD_INT:
        case KON_FIELD_ENUM:
          hash_int (checksum, *field_int (r, field));
          break;
        case KON_FIELD_BOOL:
          hash_int (checksum, *field_int (r, field) != 0);
          break;
        case KON_FIELD_DATE:
          hash_int (checksum, g_date_valid (field_date (r, field))
                                ? (gint64) g_date_get_julian (field_date (r, field)) : -1);
          break;
        case KON_FIELD_STRV:
        default:
          {
            char **strv = *field_strv (r, field);
            guint n = strv != NULL ? g_strv_length (strv) : 0;

            hash_int (checksum, n);
            for (guint j = 0; j < n; j++)
              hash_text (checksum, strv[j]);
          }
          break;
        }
    }

  g_checksum_get_digest (checksum, digest, &digest_len);
  memcpy (out_hash->bytes, digest, KON_ROW_HASH_SIZE);
  out_hash->set = TRUE;
}

gboolean
kon_row_hash_equal (const KonRowHash *a,
                    const KonRowHash *b)
{
  return a->set && b->set && memcmp (a->bytes, b->bytes, KON_ROW_HASH_SIZE) == 0;
}

/* Rules */

static gboolean
text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
check_field (const KonField  *field,
             gpointer         row,
             const char      *path,
             GError         **error)
{
  switch (field->type)
    {
    case KON_FIELD_STRING:
    case KON_FIELD_REF:
      {
        const char *text = *field_string (row, field);

        if (text == NULL && !(field->flags & KON_FIELD_NULLABLE))
          {
            set_invalid (error, path, field->key, _("this field must be set."));
            return FALSE;
          }
        if ((field->flags & KON_FIELD_REQUIRED) && text_is_blank (text))
          {
            set_invalid (error, path, field->key, _("the name must not be empty."));
            return FALSE;
          }
        if (text != NULL && !g_utf8_validate (text, -1, NULL))
          {
            set_invalid (error, path, field->key, _("the text is not valid UTF-8."));
            return FALSE;
          }
        if (field->type == KON_FIELD_REF && text != NULL && !kon_uuid_is_valid (text))
          {
            set_invalid (error, path, field->key, _("“%s” is not a UUID."), text);
            return FALSE;
          }
      }
      break;

    case KON_FIELD_INT:
      {
        int value = *field_int (row, field);

        if (value < field->min || value > field->max)
          {
            /* The number as text: a format macro in a translatable string
             * would cut it short for xgettext */
            g_autofree char *number = g_strdup_printf ("%d", value);

            /* TRANSLATORS: "5000 is out of range (0 to 1000)." */
            set_invalid (error, path, field->key, _("%s is out of range (0 to %d)."), number, field->max);
            return FALSE;
          }
      }
      break;

    case KON_FIELD_ENUM:
      {
        int value = *field_int (row, field);

        if (kon_field_enum_to_id (field, value) == NULL &&
            !(value == 0 && (field->flags & KON_FIELD_NULLABLE)))
          {
            g_autofree char *list = enum_list (field);
            g_autofree char *number = g_strdup_printf ("%d", value);

            set_invalid (error, path, field->key, _("“%s” is not one of: %s."), number, list);
            return FALSE;
          }
      }
      break;

    case KON_FIELD_STRV:
      if (*field_strv (row, field) == NULL)
        {
          set_invalid (error, path, field->key, _("this field must be set."));
          return FALSE;
        }
      break;

    case KON_FIELD_BOOL:
    case KON_FIELD_DATE:
    default:
      break;
    }

  return TRUE;
}

gboolean
kon_table_row_validate (const KonTable  *table,
                        gconstpointer    row,
                        const char     **out_key,
                        GError         **error)
{
  const char *key = NULL;

  g_return_val_if_fail (table != NULL && row != NULL, FALSE);

  if (out_key != NULL)
    *out_key = NULL;

  if (KON_ROW_UUID (row) == NULL || !kon_uuid_is_valid (KON_ROW_UUID (row)))
    {
      if (out_key != NULL)
        *out_key = "uuid";
      set_invalid (error, NULL, NULL, _("“%s” is not a UUID."),
                   KON_ROW_UUID (row) != NULL ? KON_ROW_UUID (row) : "");
      return FALSE;
    }

  for (guint i = 0; i < table->n_fields; i++)
    if (!check_field (&table->fields[i], (gpointer) row, NULL, error))
      {
        if (out_key != NULL)
          *out_key = table->fields[i].key;
        return FALSE;
      }

  if (table->validate != NULL && !table->validate (row, &key, error))
    {
      if (out_key != NULL)
        *out_key = key;
      return FALSE;
    }

  return TRUE;
}

/* Exchange JSON */

static JsonNode *
text_node (const char *text)
{
  JsonNode *node = json_node_alloc ();

  if (text == NULL)
    return json_node_init_null (node);

  return json_node_init_string (node, text);
}

JsonNode *
kon_table_row_to_json (const KonTable *table,
                       gconstpointer   row)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_alloc ();
  gpointer r = (gpointer) row;

  json_object_set_member (object, "uuid", text_node (KON_ROW_UUID (row)));

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];
      JsonNode *value;

      switch (field->type)
        {
        case KON_FIELD_STRING:
        case KON_FIELD_REF:
          value = text_node (*field_string (r, field));
          break;
        case KON_FIELD_INT:
          value = json_node_init_int (json_node_alloc (), *field_int (r, field));
          if ((field->flags & KON_FIELD_NULLABLE) && *field_int (r, field) == 0)
            json_node_init_null (value);
          break;
        case KON_FIELD_BOOL:
          value = json_node_init_boolean (json_node_alloc (), *field_int (r, field) != 0);
          break;
        case KON_FIELD_ENUM:
          value = text_node (kon_field_enum_to_id (field, *field_int (r, field)));
          break;
        case KON_FIELD_DATE:
          {
            g_autofree char *iso = kon_date_to_iso (field_date (r, field));

            value = text_node (iso);
          }
          break;
        case KON_FIELD_STRV:
        default:
          {
            JsonArray *array = json_array_new ();
            char **strv = *field_strv (r, field);

            for (guint j = 0; strv != NULL && strv[j] != NULL; j++)
              json_array_add_string_element (array, strv[j]);
            value = json_node_init_array (json_node_alloc (), array);
            json_array_unref (array);
          }
          break;
        }

      json_object_set_member (object, field->key, value);
    }

  json_node_init_object (node, object);
  json_object_unref (object);

  return node;
}

static gboolean
field_from_json (const KonField  *field,
                 JsonNode        *value,
                 gpointer         row,
                 const char      *path,
                 GError         **error)
{
  gboolean nullable = (field->flags & KON_FIELD_NULLABLE) != 0;

  if (JSON_NODE_HOLDS_NULL (value))
    {
      /* A count or a date without a value; text or a reference that may
       * be unset.  (A body with no fixed seats or meeting count is
       * normal: null there, as the format says.) */
      if (nullable || field->type == KON_FIELD_DATE)
        return TRUE;
    }

  switch (field->type)
    {
    case KON_FIELD_STRING:
    case KON_FIELD_REF:
    case KON_FIELD_ENUM:
    case KON_FIELD_DATE:
      {
        const char *text;

        if (!node_is (value, G_TYPE_STRING))
          {
            /* TRANSLATORS: "expected text, found a number." */
            set_invalid (error, path, field->key, _("expected %s, found %s."),
                         nullable || field->type == KON_FIELD_DATE ? _("text or null") : _("text"),
                         json_type_description (value));
            return FALSE;
          }

        text = json_node_get_string (value);

        if (field->type == KON_FIELD_STRING)
          {
            if ((field->flags & KON_FIELD_REQUIRED) && *text == '\0')
              {
                set_invalid (error, path, field->key, _("the name must not be empty."));
                return FALSE;
              }
            *field_string (row, field) = g_strdup (text);
          }
        else if (field->type == KON_FIELD_REF)
          {
            if (!kon_uuid_is_valid (text))
              {
                set_invalid (error, path, field->key, _("“%s” is not a UUID."), text);
                return FALSE;
              }
            *field_string (row, field) = g_ascii_strdown (text, -1);
          }
        else if (field->type == KON_FIELD_ENUM)
          {
            if (!kon_field_enum_from_id (field, text, field_int (row, field)))
              {
                g_autofree char *list = enum_list (field);

                set_invalid (error, path, field->key, _("“%s” is not one of: %s."), text, list);
                return FALSE;
              }
          }
        else if (!kon_date_from_iso (text, field_date (row, field)))
          {
            set_invalid (error, path, field->key, _("“%s” is not a date written as YYYY-MM-DD."), text);
            return FALSE;
          }
      }
      break;

    case KON_FIELD_INT:
      {
        gint64 number;

        if (!node_is (value, G_TYPE_INT64))
          {
            set_invalid (error, path, field->key, _("expected %s, found %s."),
                         nullable ? _("a whole number or null") : _("a whole number"),
                         json_type_description (value));
            return FALSE;
          }

        number = json_node_get_int (value);
        if (number < field->min || number > field->max)
          {
            g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);

            set_invalid (error, path, field->key, _("%s is out of range (0 to %d)."), text, field->max);
            return FALSE;
          }
        *field_int (row, field) = (int) number;
      }
      break;

    case KON_FIELD_BOOL:
      if (!node_is (value, G_TYPE_BOOLEAN))
        {
          set_invalid (error, path, field->key, _("expected %s, found %s."),
                       _("true or false"), json_type_description (value));
          return FALSE;
        }
      *field_int (row, field) = json_node_get_boolean (value);
      break;

    case KON_FIELD_STRV:
    default:
      {
        JsonArray *array;
        guint n;
        char **strv;

        /* Unset, as the format writes every unset key: an empty list
         * (which is what export writes) */
        if (JSON_NODE_HOLDS_NULL (value))
          {
            g_clear_pointer (field_strv (row, field), g_strfreev);
            break;
          }

        if (!JSON_NODE_HOLDS_ARRAY (value))
          {
            set_invalid (error, path, field->key, _("expected %s, found %s."),
                         _("a list of text"), json_type_description (value));
            return FALSE;
          }

        array = json_node_get_array (value);
        n = json_array_get_length (array);
        strv = g_new0 (char *, n + 1);
        g_strfreev (*field_strv (row, field));
        *field_strv (row, field) = strv;

        for (guint j = 0; j < n; j++)
          {
            JsonNode *element = json_array_get_element (array, j);

            if (!node_is (element, G_TYPE_STRING))
              {
                g_autofree char *key = g_strdup_printf ("%s[%u]", field->key, j);

                set_invalid (error, path, key, _("expected %s, found %s."),
                             _("text"), json_type_description (element));
                return FALSE;
              }
            strv[j] = g_strdup (json_node_get_string (element));
          }
      }
      break;
    }

  return TRUE;
}

gpointer
kon_table_row_from_json (const KonTable  *table,
                         JsonNode        *node,
                         const char      *path,
                         guint            format_version,
                         GError         **error)
{
  gpointer row;
  JsonObject *object;
  JsonNode *uuid;
  const char *key = NULL;
  g_autoptr(GError) local_error = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, path, NULL, _("expected an object, found %s."),
                   node != NULL ? json_type_description (node) : _("nothing"));
      return NULL;
    }

  object = json_node_get_object (node);

  /* Every key is known: a misspelt one is an error, not silently lost */
  {
    JsonObjectIter iter;
    const char *member;

    json_object_iter_init (&iter, object);
    while (json_object_iter_next (&iter, &member, NULL))
      {
        const KonField *field = strcmp (member, "uuid") != 0 ? kon_table_get_field (table, member) : NULL;

        if (strcmp (member, "uuid") != 0 && (field == NULL || field->since > format_version))
          {
            set_invalid (error, path, member, _("this field is not part of the format."));
            return NULL;
          }
      }
  }

  uuid = json_object_get_member (object, "uuid");
  if (uuid == NULL)
    {
      set_invalid (error, path, "uuid", _("this required field is missing (write null when it is not set)."));
      return NULL;
    }
  if (!node_is (uuid, G_TYPE_STRING))
    {
      set_invalid (error, path, "uuid", _("expected %s, found %s."), _("text"), json_type_description (uuid));
      return NULL;
    }
  if (!kon_uuid_is_valid (json_node_get_string (uuid)))
    {
      set_invalid (error, path, "uuid", _("“%s” is not a UUID."), json_node_get_string (uuid));
      return NULL;
    }

  row = g_malloc0 (table->size);
  KON_ROW (row)->uuid = g_ascii_strdown (json_node_get_string (uuid), -1);

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];
      JsonNode *value = json_object_get_member (object, field->key);

      if (field->type == KON_FIELD_DATE)
        g_date_clear (field_date (row, field), 1);

      /* Newer than the document: unset */
      if (value == NULL && field->since > format_version)
        continue;

      if (value == NULL)
        {
          set_invalid (error, path, field->key,
                       _("this required field is missing (write null when it is not set)."));
          goto failed;
        }

      if (!field_from_json (field, value, row, path, error))
        goto failed;
    }

  for (guint i = 0; i < table->n_fields; i++)
    if (table->fields[i].type == KON_FIELD_STRV && *field_strv (row, &table->fields[i]) == NULL)
      *field_strv (row, &table->fields[i]) = g_new0 (char *, 1);

  if (table->validate != NULL && !table->validate (row, &key, &local_error))
    {
      set_invalid (error, path, key, "%s", local_error->message);
      goto failed;
    }

  return row;

failed:
  kon_table_row_free (table, row);
  return NULL;
}

/* Field values */

const char *
kon_field_enum_to_id (const KonField *field,
                      int             value)
{
  for (guint i = 0; i < field->n_enum_names; i++)
    if (field->enum_names[i].value == value)
      return field->enum_names[i].id;

  return NULL;
}

gboolean
kon_field_enum_from_id (const KonField *field,
                        const char     *id,
                        int            *out_value)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < field->n_enum_names; i++)
    if (strcmp (field->enum_names[i].id, id) == 0)
      {
        *out_value = field->enum_names[i].value;
        return TRUE;
      }

  return FALSE;
}

/* A list of text as a JSON array, and back (anything else: empty) */
char *
kon_strv_to_json (char **strv)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_alloc ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_init_array (node, array);

  return json_to_string (node, FALSE);
}

char **
kon_strv_from_json (const char *text)
{
  g_autoptr(GPtrArray) strv = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (strv, g_strdup (json_node_get_string (element)));
        }
    }

  return (char **) g_ptr_array_steal (strv, NULL);
}

gboolean
kon_uuid_is_valid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

char *
kon_date_to_iso (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

gboolean
kon_date_from_iso (const char *text,
                   GDate      *out_date)
{
  guint year, month, day;

  g_date_clear (out_date, 1);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (out_date, day, month, year);

  return TRUE;
}
