/* kon-org.c: the organisation of a health community
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are found by UUID; inside the database they refer to each other
 * by integer id (kon-schema.c), which the SQL here turns into UUIDs when
 * it reads a row (a join) and back when it writes one (KonOrgIds).
 * Enumerations are stored as their exchange names, so the database reads
 * like the exchange format.  Every kind of row is described once by a
 * KonOrgTableInfo (kon-org-private.h): its SQL, how it is read and bound,
 * how it is written as and read from exchange JSON.  Saving, deleting,
 * restoring, importing and exporting all go through those descriptions.
 *
 * Deleting a body moves its sub-bodies up to the deleted body's parent
 * (or to the top level): a working group set up by a body that is
 * removed still exists, with its members.  The roles in the body go with
 * it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-exchange.h"
#include "kon-org-private.h"
#include "kon-store-private.h"

G_DEFINE_QUARK (kon-org-error-quark, kon_org_error)

/* Each kind of row as the exchange sees it (references as uuids), then
 * sync_hash, export_hash and id: a SELECT to which a WHERE or ORDER BY is
 * added */
#define COMMUNITY_SELECT \
  "SELECT uuid, name, user_representatives_per_body, gp_representatives_per_body, " \
  "sync_hash, export_hash, id FROM community"
#define PARTNER_SELECT \
  "SELECT uuid, kind, side, region, name, short_name, aliases, " \
  "sync_hash, export_hash, id FROM partner"
#define PERSON_SELECT \
  "SELECT person.uuid, person.name, person.title, partner.uuid, person.email, person.phone, " \
  "person.sync_hash, person.export_hash, person.id " \
  "FROM person LEFT JOIN partner ON partner.id = person.partner_id"
#define BODY_SELECT \
  "SELECT body.uuid, body.kind, body.name, body.short_name, parent.uuid, body.mandate, " \
  "body.takes_decisions, body.meetings_per_year, body.is_public, body.deadline, " \
  "body.seats_per_side, body.sync_hash, body.export_hash, body.id " \
  "FROM body LEFT JOIN body AS parent ON parent.id = body.parent_id"
/* LEFT JOIN keeps role the outer loop (person and body are never NULL) */
#define ROLE_SELECT \
  "SELECT role.uuid, person.uuid, body.uuid, role.kind, role.represents, partner.uuid, " \
  "role.side, role.from_date, role.to_date, role.sync_hash, role.export_hash, role.id " \
  "FROM role LEFT JOIN person ON person.id = role.person_id " \
  "LEFT JOIN body ON body.id = role.body_id " \
  "LEFT JOIN partner ON partner.id = role.partner_id"

/* The columns a row is written to: references as ids */
#define COMMUNITY_COLUMNS "uuid, name, user_representatives_per_body, gp_representatives_per_body"
#define PARTNER_COLUMNS   "uuid, kind, side, region, name, short_name, aliases"
#define PERSON_COLUMNS    "uuid, name, title, partner_id, email, phone"
#define BODY_COLUMNS      "uuid, kind, name, short_name, parent_id, mandate, takes_decisions, " \
                          "meetings_per_year, is_public, deadline, seats_per_side"
#define ROLE_COLUMNS      "uuid, person_id, body_id, kind, represents, partner_id, side, " \
                          "from_date, to_date"
#define HASH_COLUMNS      ", sync_hash, export_hash"

/* A new row of an import: its columns, its hashes, and the id the import
 * gives it; KON_ORG_INSERT_BATCH of them in one statement cost a fifth
 * less than one at a time.  (The statements are constants: the rows are
 * written out by the preprocessor.) */
#define TIMES4(row)  row ", " row ", " row ", " row
#define TIMES64(row) TIMES4 (TIMES4 (TIMES4 (row)))
G_STATIC_ASSERT (KON_ORG_INSERT_BATCH == 64);
#define COMMUNITY_NEW_ROW "(?, ?, ?, ?, ?, ?, ?)"
#define PARTNER_NEW_ROW   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define PERSON_NEW_ROW    "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define BODY_NEW_ROW      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define ROLE_NEW_ROW      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* The largest count the schema allows (meetings per year, seats) */
#define MAX_COUNT 1000

typedef struct
{
  const char *id;
  int         value;
} EnumName;

static const EnumName side_names[] = {
  { "hf", KON_SIDE_HF },
  { "municipal", KON_SIDE_MUNICIPAL },
};

static const EnumName partner_kind_names[] = {
  { "helseforetak", KON_PARTNER_KIND_HELSEFORETAK },
  { "kommune", KON_PARTNER_KIND_KOMMUNE },
};

static const EnumName body_kind_names[] = {
  { "dialogmote", KON_BODY_KIND_DIALOGMOTE },
  { "partnerskapsmote", KON_BODY_KIND_PARTNERSKAPSMOTE },
  { "ssu", KON_BODY_KIND_SSU },
  { "omradeutvalg", KON_BODY_KIND_AREA_COMMITTEE },
  { "fsu", KON_BODY_KIND_FSU },
  { "sekretariat", KON_BODY_KIND_SECRETARIAT },
  { "arbeidsgruppe", KON_BODY_KIND_WORKING_GROUP },
  { "rad", KON_BODY_KIND_COUNCIL },
  { "annet", KON_BODY_KIND_OTHER },
};

static const EnumName role_kind_names[] = {
  { "member", KON_ROLE_KIND_MEMBER },
  { "deputy", KON_ROLE_KIND_DEPUTY },
  { "observer", KON_ROLE_KIND_OBSERVER },
  { "leader", KON_ROLE_KIND_LEADER },
  { "deputy_leader", KON_ROLE_KIND_DEPUTY_LEADER },
  { "secretary", KON_ROLE_KIND_SECRETARY },
};

static const EnumName represents_names[] = {
  { "none", KON_REPRESENTS_NONE },
  { "partner", KON_REPRESENTS_PARTNER },
  { "side", KON_REPRESENTS_SIDE },
  { "users", KON_REPRESENTS_USERS },
  { "gps", KON_REPRESENTS_GPS },
  { "employees", KON_REPRESENTS_EMPLOYEES },
};

#define ENUM_NAMES(names) names, G_N_ELEMENTS (names)

/* The order roles are listed in a body: who leads it first */
static const int role_kind_rank[] = {
  [KON_ROLE_KIND_LEADER] = 0,
  [KON_ROLE_KIND_DEPUTY_LEADER] = 1,
  [KON_ROLE_KIND_MEMBER] = 2,
  [KON_ROLE_KIND_DEPUTY] = 3,
  [KON_ROLE_KIND_OBSERVER] = 4,
  [KON_ROLE_KIND_SECRETARY] = 5,
};

/* Boxed types */

G_DEFINE_BOXED_TYPE (KonCommunity, kon_community, kon_community_copy, kon_community_free)
G_DEFINE_BOXED_TYPE (KonPartner, kon_partner, kon_partner_copy, kon_partner_free)
G_DEFINE_BOXED_TYPE (KonPerson, kon_person, kon_person_copy, kon_person_free)
G_DEFINE_BOXED_TYPE (KonBody, kon_body, kon_body_copy, kon_body_free)
G_DEFINE_BOXED_TYPE (KonRole, kon_role, kon_role_copy, kon_role_free)

/* Enumerations */

static const char *
enum_to_id (const EnumName *names,
            guint           n_names,
            int             value)
{
  for (guint i = 0; i < n_names; i++)
    if (names[i].value == value)
      return names[i].id;

  return NULL;
}

static gboolean
enum_from_id (const EnumName *names,
              guint           n_names,
              const char     *id,
              int            *out_value)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (strcmp (names[i].id, id) == 0)
      {
        *out_value = names[i].value;
        return TRUE;
      }

  return FALSE;
}

static char *
enum_list (const EnumName *names,
           guint           n_names)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < n_names; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, names[i].id);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

const char *
_kon_side_to_id (KonSide side)
{
  return enum_to_id (ENUM_NAMES (side_names), side);
}

const char *
_kon_partner_kind_to_id (KonPartnerKind kind)
{
  return enum_to_id (ENUM_NAMES (partner_kind_names), kind);
}

const char *
_kon_body_kind_to_id (KonBodyKind kind)
{
  return enum_to_id (ENUM_NAMES (body_kind_names), kind);
}

const char *
_kon_role_kind_to_id (KonRoleKind kind)
{
  return enum_to_id (ENUM_NAMES (role_kind_names), kind);
}

const char *
_kon_represents_to_id (KonRepresents represents)
{
  return enum_to_id (ENUM_NAMES (represents_names), represents);
}

/* Dates */

/* @out: at least 16 bytes; @date valid */
static void
format_iso_date (const GDate *date,
                 char        *out)
{
  guint year = g_date_get_year (date);
  guint month = g_date_get_month (date);
  guint day = g_date_get_day (date);

  if (G_UNLIKELY (year > 9999))
    {
      g_snprintf (out, 16, "%u-%02u-%02u", year, month, day);
      return;
    }

  out[0] = (char) ('0' + year / 1000);
  out[1] = (char) ('0' + year / 100 % 10);
  out[2] = (char) ('0' + year / 10 % 10);
  out[3] = (char) ('0' + year % 10);
  out[4] = '-';
  out[5] = (char) ('0' + month / 10);
  out[6] = (char) ('0' + month % 10);
  out[7] = '-';
  out[8] = (char) ('0' + day / 10);
  out[9] = (char) ('0' + day % 10);
  out[10] = '\0';
}

char *
_kon_org_date_to_iso (const GDate *date)
{
  char iso[16];

  if (date == NULL || !g_date_valid (date))
    return NULL;

  format_iso_date (date, iso);

  return g_strdup (iso);
}

gboolean
_kon_org_date_from_iso (const char *text,
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

/* The JSON writer */

/* Tags of the raw encoding (see KonJsonWriter) */
enum
{
  RAW_NULL = 1,
  RAW_STRING,
  RAW_INT,
  RAW_TRUE,
  RAW_FALSE,
  RAW_BEGIN_OBJECT,
  RAW_END_OBJECT,
  RAW_BEGIN_ARRAY,
  RAW_END_ARRAY,
};

void
_kon_json_writer_init (KonJsonWriter *writer,
                       GString       *out,
                       gboolean       pretty)
{
  memset (writer, 0, sizeof *writer);
  writer->out = out;
  writer->pretty = pretty;
}

static void
writer_newline (KonJsonWriter *writer,
                int            depth)
{
  static const char spaces[] = "\n                                ";

  g_assert (depth >= 0 && 2 * depth < (int) sizeof spaces - 1);
  g_string_append_len (writer->out, spaces, 1 + 2 * depth);
}

/* Before a value: the comma and line break of an array element */
static void
writer_value_prefix (KonJsonWriter *writer)
{
  if (writer->after_key)
    {
      writer->after_key = FALSE;
      return;
    }

  if (writer->depth == 0)
    return;

  if (writer->count[writer->depth] > 0)
    g_string_append_c (writer->out, ',');
  if (writer->pretty)
    writer_newline (writer, writer->depth);
  writer->count[writer->depth]++;
}

static void
writer_escaped (GString    *out,
                const char *text)
{
  const char *start = text;
  const char *p;

  g_string_append_c (out, '"');

  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape = NULL;

      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
        continue;

      g_string_append_len (out, start, p - start);
      start = p + 1;

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default: break;
        }

      if (escape != NULL)
        g_string_append (out, escape);
      else
        g_string_append_printf (out, "\\u%04x", c);
    }

  g_string_append_len (out, start, p - start);
  g_string_append_c (out, '"');
}

static void
writer_raw_tag (KonJsonWriter *writer,
                guint8         tag)
{
  g_string_append_c (writer->out, (char) tag);
}

static void
writer_begin (KonJsonWriter *writer,
              char           bracket)
{
  if (writer->raw)
    {
      writer_raw_tag (writer, bracket == '{' ? RAW_BEGIN_OBJECT : RAW_BEGIN_ARRAY);
      return;
    }

  writer_value_prefix (writer);
  g_string_append_c (writer->out, bracket);
  writer->depth++;
  g_assert (writer->depth < (int) G_N_ELEMENTS (writer->count));
  writer->count[writer->depth] = 0;
}

static void
writer_end (KonJsonWriter *writer,
            char           bracket)
{
  if (writer->raw)
    {
      writer_raw_tag (writer, bracket == '}' ? RAW_END_OBJECT : RAW_END_ARRAY);
      return;
    }

  g_assert (writer->depth > 0);

  if (writer->pretty && writer->count[writer->depth] > 0)
    writer_newline (writer, writer->depth - 1);
  g_string_append_c (writer->out, bracket);
  writer->depth--;
}

void
_kon_json_begin_object (KonJsonWriter *writer)
{
  writer_begin (writer, '{');
}

void
_kon_json_end_object (KonJsonWriter *writer)
{
  writer_end (writer, '}');
}

void
_kon_json_begin_array (KonJsonWriter *writer)
{
  writer_begin (writer, '[');
}

void
_kon_json_end_array (KonJsonWriter *writer)
{
  writer_end (writer, ']');
}

void
_kon_json_key (KonJsonWriter *writer,
               const char    *key)
{
  /* The keys of a kind of row are always the same, in the same order */
  if (writer->raw)
    return;

  writer_value_prefix (writer);
  writer_escaped (writer->out, key);
  if (writer->pretty)
    g_string_append_len (writer->out, ": ", 2);
  else
    g_string_append_c (writer->out, ':');
  writer->after_key = TRUE;
}

void
_kon_json_string (KonJsonWriter *writer,
                  const char    *value)
{
  if (writer->raw)
    {
      if (value == NULL)
        writer_raw_tag (writer, RAW_NULL);
      else
        {
          /* The length first, so that no text can pass for another */
          guint32 len = (guint32) strlen (value);
          guint8 len_bytes[4] = { len >> 24, len >> 16, len >> 8, len };

          writer_raw_tag (writer, RAW_STRING);
          g_string_append_len (writer->out, (const char *) len_bytes, 4);
          g_string_append_len (writer->out, value, len);
        }
      return;
    }

  writer_value_prefix (writer);
  if (value == NULL)
    g_string_append_len (writer->out, "null", 4);
  else
    writer_escaped (writer->out, value);
}

void
_kon_json_int (KonJsonWriter *writer,
               gint64         value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  int i = sizeof digits;

  do
    {
      digits[--i] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);

  if (value < 0)
    digits[--i] = '-';

  if (writer->raw)
    {
      writer_raw_tag (writer, RAW_INT);
      writer_raw_tag (writer, (guint8) (sizeof digits - i));
    }
  else
    writer_value_prefix (writer);

  g_string_append_len (writer->out, digits + i, sizeof digits - i);
}

void
_kon_json_bool (KonJsonWriter *writer,
                gboolean       value)
{
  if (writer->raw)
    {
      writer_raw_tag (writer, value ? RAW_TRUE : RAW_FALSE);
      return;
    }

  writer_value_prefix (writer);
  if (value)
    g_string_append_len (writer->out, "true", 4);
  else
    g_string_append_len (writer->out, "false", 5);
}

static void
json_date (KonJsonWriter *writer,
           const GDate   *date)
{
  char iso[16];

  if (date == NULL || !g_date_valid (date))
    {
      _kon_json_string (writer, NULL);
      return;
    }

  format_iso_date (date, iso);
  _kon_json_string (writer, iso);
}

static char *
aliases_to_json (char * const *aliases)
{
  KonJsonWriter writer;
  GString *out = g_string_new (NULL);

  _kon_json_writer_init (&writer, out, FALSE);
  _kon_json_begin_array (&writer);
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    _kon_json_string (&writer, aliases[i]);
  _kon_json_end_array (&writer);

  return g_string_free (out, FALSE);
}

static char **
aliases_from_json (const char *text)
{
  g_autoptr(KonJsonDoc) doc = NULL;
  g_autoptr(GPtrArray) aliases = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  const KonJsonValue *root;

  if (text != NULL && (doc = _kon_json_parse (text, strlen (text), 4, NULL)) != NULL &&
      (root = _kon_json_doc_get_root (doc))->type == KON_JSON_ARRAY)
    {
      for (guint i = 0; i < root->n; i++)
        if (root->elements[i].type == KON_JSON_STRING)
          g_ptr_array_add (aliases, g_strdup (root->elements[i].string));
    }

  return (char **) g_ptr_array_steal (aliases, NULL);
}

/* Reading JSON: every field checked, errors with the JSON path */

static const char *
json_type_description (const KonJsonValue *node)
{
  switch (node->type)
    {
    case KON_JSON_OBJECT:
      return _("an object");
    case KON_JSON_ARRAY:
      return _("a list");
    case KON_JSON_NULL:
      return _("null");
    case KON_JSON_STRING:
      return _("text");
    case KON_JSON_BOOL:
      return _("true or false");
    case KON_JSON_INT:
      return _("a whole number");
    case KON_JSON_DOUBLE:
    default:
      return _("a number with decimals");
    }
}

static void
set_path_error (GError     **error,
                int          code,
                const char  *path,
                const char  *field,
                const char  *format,
                ...) G_GNUC_PRINTF (5, 6);

static void
set_path_error (GError     **error,
                int          code,
                const char  *path,
                const char  *field,
                const char  *format,
                ...)
{
  g_autofree char *full_path = field != NULL ? g_strdup_printf ("%s.%s", path, field) : g_strdup (path);
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: the first %s is a JSON path such as $.roles[3].person,
   * the second says what is wrong there */
  g_set_error (error, KON_EXCHANGE_ERROR, code, _("At %s: %s"), full_path, detail);
}

typedef struct
{
  const KonJsonValue *object;
  const char         *path;
  GError            **error;
  gboolean            failed;
  guint               next;     /* where the next field is, when in the documented order */
} Fields;

static gboolean
fields_init (Fields              *fields,
             const KonJsonValue  *node,
             const char          *path,
             const char         **known,
             GError             **error)
{
  guint n_known;

  fields->object = NULL;
  fields->path = path;
  fields->error = error;
  fields->failed = FALSE;
  fields->next = 0;

  if (node == NULL || node->type != KON_JSON_OBJECT)
    {
      set_path_error (error, KON_EXCHANGE_ERROR_INVALID, path, NULL,
                      _("expected an object, found %s."),
                      node != NULL ? json_type_description (node) : _("nothing"));
      return FALSE;
    }

  fields->object = node;

  /* Every key is known: a misspelt one is an error, not silently lost.
   * (Where the keys are in the documented order, as export writes them,
   * each is found at once.) */
  n_known = g_strv_length ((char **) known);
  for (guint i = 0; i < node->n; i++)
    if ((i >= n_known || strcmp (node->members[i].key, known[i]) != 0) &&
        !g_strv_contains (known, node->members[i].key))
      {
        set_path_error (error, KON_EXCHANGE_ERROR_INVALID, path, node->members[i].key,
                        _("this field is not part of the format."));
        return FALSE;
      }

  return TRUE;
}

static const KonJsonValue *
fields_get (Fields     *fields,
            const char *name)
{
  const KonJsonValue *node;

  if (fields->failed)
    return NULL;

  if (fields->next < fields->object->n &&
      strcmp (fields->object->members[fields->next].key, name) == 0)
    node = &fields->object->members[fields->next++].value;
  else
    node = _kon_json_get_member (fields->object, name);

  if (node == NULL)
    {
      set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                      _("this required field is missing (write null when it is not set)."));
      fields->failed = TRUE;
    }

  return node;
}

static void
fields_type_error (Fields             *fields,
                   const char         *name,
                   const char         *expected,
                   const KonJsonValue *node)
{
  /* TRANSLATORS: "expected text, found a number." */
  set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                  _("expected %s, found %s."), expected, json_type_description (node));
  fields->failed = TRUE;
}

/* A string, or NULL for null when @nullable */
static char *
fields_string (Fields     *fields,
               const char *name,
               gboolean    nullable)
{
  const KonJsonValue *node = fields_get (fields, name);

  if (node == NULL)
    return NULL;

  if (nullable && node->type == KON_JSON_NULL)
    return NULL;

  if (node->type != KON_JSON_STRING)
    {
      fields_type_error (fields, name, nullable ? _("text or null") : _("text"), node);
      return NULL;
    }

  return g_strdup (node->string);
}

static char *
fields_name (Fields     *fields,
             const char *name)
{
  g_autofree char *value = fields_string (fields, name, FALSE);

  if (value != NULL && *value == '\0')
    {
      set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                      _("the name must not be empty."));
      fields->failed = TRUE;
      return NULL;
    }

  return g_steal_pointer (&value);
}

/* A UUID as RFC 4122 writes it: 8-4-4-4-12 hexadecimal digits */
static gboolean
is_uuid (const char *text)
{
  /* 1: a hexadecimal digit */
  static const guint8 hex[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
  };
  const guchar *p = (const guchar *) text;
  guint digits = 0;

  if (strnlen (text, 37) != 36)
    return FALSE;

  for (guint i = 0; i < 8; i++)
    digits += hex[p[i]];
  for (guint i = 9; i < 13; i++)
    digits += hex[p[i]];
  for (guint i = 14; i < 18; i++)
    digits += hex[p[i]];
  for (guint i = 19; i < 23; i++)
    digits += hex[p[i]];
  for (guint i = 24; i < 36; i++)
    digits += hex[p[i]];

  return digits == 32 && p[8] == '-' && p[13] == '-' && p[18] == '-' && p[23] == '-';
}

static char *
fields_uuid (Fields     *fields,
             const char *name,
             gboolean    nullable)
{
  const KonJsonValue *node = fields_get (fields, name);
  char *value;

  if (node == NULL)
    return NULL;

  if (nullable && node->type == KON_JSON_NULL)
    return NULL;

  if (node->type != KON_JSON_STRING)
    {
      fields_type_error (fields, name, nullable ? _("text or null") : _("text"), node);
      return NULL;
    }

  if (!is_uuid (node->string))
    {
      set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                      _("“%s” is not a UUID."), node->string);
      fields->failed = TRUE;
      return NULL;
    }

  /* Compared as text: one spelling */
  value = g_malloc (37);
  for (guint i = 0; i < 37; i++)
    {
      char c = node->string[i];

      value[i] = c >= 'A' && c <= 'F' ? (char) (c - 'A' + 'a') : c;
    }

  return value;
}

/* The text of a string field, or NULL (null when @nullable, or an error) */
static const char *
fields_text (Fields     *fields,
             const char *name,
             gboolean    nullable)
{
  const KonJsonValue *node = fields_get (fields, name);

  if (node == NULL)
    return NULL;

  if (nullable && node->type == KON_JSON_NULL)
    return NULL;

  if (node->type != KON_JSON_STRING)
    {
      fields_type_error (fields, name, nullable ? _("text or null") : _("text"), node);
      return NULL;
    }

  return node->string;
}

static int
fields_count (Fields     *fields,
              const char *name)
{
  const KonJsonValue *node = fields_get (fields, name);
  gint64 value;

  if (node == NULL)
    return 0;

  if (node->type != KON_JSON_INT)
    {
      fields_type_error (fields, name, _("a whole number"), node);
      return 0;
    }

  value = node->integer;
  if (value < 0 || value > MAX_COUNT)
    {
      /* The number as text: a format macro in a translatable string
       * would cut it short for xgettext */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                      /* TRANSLATORS: "5000 is out of range (0 to 1000)." */
                      _("%s is out of range (0 to %d)."), number, MAX_COUNT);
      fields->failed = TRUE;
      return 0;
    }

  return (int) value;
}

static gboolean
fields_bool (Fields     *fields,
             const char *name)
{
  const KonJsonValue *node = fields_get (fields, name);

  if (node == NULL)
    return FALSE;

  if (node->type != KON_JSON_BOOL)
    {
      fields_type_error (fields, name, _("true or false"), node);
      return FALSE;
    }

  return node->boolean;
}

/* An enumeration; @none_value for null when >= 0 */
static int
fields_enum (Fields         *fields,
             const char     *name,
             const EnumName *names,
             guint           n_names,
             int             none_value)
{
  const char *value = fields_text (fields, name, none_value >= 0);
  int result = 0;

  if (fields->failed)
    return 0;

  if (value == NULL)
    return none_value;

  if (!enum_from_id (names, n_names, value, &result))
    {
      g_autofree char *list = enum_list (names, n_names);

      set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                      _("“%s” is not one of: %s."), value, list);
      fields->failed = TRUE;
      return 0;
    }

  return result;
}

static void
fields_date (Fields     *fields,
             const char *name,
             GDate      *out_date)
{
  const char *value = fields_text (fields, name, TRUE);

  g_date_clear (out_date, 1);

  if (value != NULL && !_kon_org_date_from_iso (value, out_date))
    {
      set_path_error (fields->error, KON_EXCHANGE_ERROR_INVALID, fields->path, name,
                      _("“%s” is not a date written as YYYY-MM-DD."), value);
      fields->failed = TRUE;
    }
}

static char **
fields_string_list (Fields     *fields,
                    const char *name)
{
  g_autoptr(GPtrArray) list = NULL;
  const KonJsonValue *node = fields_get (fields, name);

  if (node == NULL)
    return NULL;

  if (node->type != KON_JSON_ARRAY)
    {
      fields_type_error (fields, name, _("a list of text"), node);
      return NULL;
    }

  list = g_ptr_array_new_null_terminated (node->n, g_free, TRUE);

  for (guint i = 0; i < node->n; i++)
    {
      const KonJsonValue *element = &node->elements[i];

      if (element->type != KON_JSON_STRING)
        {
          g_autofree char *element_name = g_strdup_printf ("%s[%u]", name, i);

          fields_type_error (fields, element_name, _("text"), element);
          return NULL;
        }

      g_ptr_array_add (list, g_strdup (element->string));
    }

  return (char **) g_ptr_array_steal (list, NULL);
}

/* Statements */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = column_text (stmt, column);

  return text != NULL ? g_strndup (text, sqlite3_column_bytes (stmt, column)) : NULL;
}

static void
column_date (sqlite3_stmt *stmt,
             int           column,
             GDate        *out_date)
{
  _kon_org_date_from_iso (column_text (stmt, column), out_date);
}

static int
column_enum (sqlite3_stmt   *stmt,
             int             column,
             const EnumName *names,
             guint           n_names,
             int             none_value)
{
  int value = none_value;

  enum_from_id (names, n_names, column_text (stmt, column), &value);

  return value;
}

static void
column_hash (sqlite3_stmt *stmt,
             int           column,
             KonOrgHash   *out_hash)
{
  const void *blob = sqlite3_column_blob (stmt, column);

  out_hash->set = blob != NULL && sqlite3_column_bytes (stmt, column) == KON_ORG_HASH_SIZE;
  if (out_hash->set)
    memcpy (out_hash->bytes, blob, KON_ORG_HASH_SIZE);
  else
    memset (out_hash->bytes, 0, KON_ORG_HASH_SIZE);
}

/* Text that stays where it is until the statement has been stepped (a
 * field of the row being written, a constant) */
static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static void
bind_date (sqlite3_stmt *stmt,
           int           index,
           const GDate  *date)
{
  char iso[16];

  if (date == NULL || !g_date_valid (date))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  format_iso_date (date, iso);
  sqlite3_bind_text (stmt, index, iso, -1, SQLITE_TRANSIENT);
}

/* @hash stays where it is until the statement has been stepped */
static void
bind_hash (sqlite3_stmt     *stmt,
           int               index,
           const KonOrgHash *hash)
{
  if (hash == NULL || !hash->set)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_blob (stmt, index, hash->bytes, KON_ORG_HASH_SIZE, SQLITE_STATIC);
}

static sqlite3 *
store_db (KonStore *store)
{
  return _kon_store_get_db (store);
}

/* The id of the row of @kind with @uuid: see KonOrgIds */
static gint64
resolve_id (KonStore    *store,
            KonOrgIds   *ids,
            KonOrgKind   kind,
            const char  *uuid)
{
  static const char *sql[KON_ORG_N_KINDS] = {
    [KON_ORG_COMMUNITY] = "SELECT id FROM community WHERE uuid = ?",
    [KON_ORG_PARTNER] = "SELECT id FROM partner WHERE uuid = ?",
    [KON_ORG_PERSON] = "SELECT id FROM person WHERE uuid = ?",
    [KON_ORG_BODY] = "SELECT id FROM body WHERE uuid = ?",
    [KON_ORG_ROLE] = "SELECT id FROM role WHERE uuid = ?",
  };
  sqlite3_stmt *stmt;
  gint64 id = -1;

  if (ids != NULL && (id = ids->resolve (ids, kind, uuid)) >= 0)
    return id;

  stmt = kon_store_prepare (store, sql[kind], NULL);
  if (stmt == NULL)
    return -1;

  bind_text (stmt, 1, uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static void
bind_reference (sqlite3_stmt *stmt,
                int           index,
                KonStore     *store,
                KonOrgIds    *ids,
                KonOrgKind    kind,
                const char   *uuid)
{
  if (uuid == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, resolve_id (store, ids, kind, uuid));
}

/* Steps a statement that returns one integer */
static gboolean
query_count (KonStore    *store,
             const char  *sql,
             const char  *param,
             guint       *out_count,
             GError     **error)
{
  sqlite3_stmt *stmt = kon_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  if (param != NULL)
    bind_text (stmt, 1, param);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _kon_store_set_error (error, store_db (store), rc);
      sqlite3_reset (stmt);
      return FALSE;
    }

  *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

/* Runs a query whose columns are a row's (as info->from_stmt reads them)
 * and returns the rows; with @hashes, also each row's sync_hash and
 * export_hash (two KonOrgHash per row). */
static GPtrArray *
query_rows (KonStore               *store,
            const KonOrgTableInfo  *info,
            const char             *sql,
            const char             *param,
            GArray                 *hashes,
            GError                **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (info->free);
  sqlite3_stmt *stmt = kon_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  if (param != NULL)
    bind_text (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (rows, info->from_stmt (stmt));
      if (hashes != NULL)
        {
          KonOrgHash pair[2];

          column_hash (stmt, info->n_columns, &pair[0]);
          column_hash (stmt, info->n_columns + 1, &pair[1]);
          g_array_append_vals (hashes, pair, 2);
        }
    }

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, store_db (store), rc);
      sqlite3_reset (stmt);
      return NULL;
    }

  sqlite3_reset (stmt);

  return g_steal_pointer (&rows);
}

/* Community */

KonCommunity *
kon_community_new (void)
{
  KonCommunity *community = g_new0 (KonCommunity, 1);

  community->uuid = g_uuid_string_random ();
  community->name = g_strdup ("");

  return community;
}

KonCommunity *
kon_community_copy (const KonCommunity *community)
{
  KonCommunity *copy;

  g_return_val_if_fail (community != NULL, NULL);

  copy = g_memdup2 (community, sizeof *community);
  copy->uuid = g_strdup (community->uuid);
  copy->name = g_strdup (community->name);

  return copy;
}

void
kon_community_free (KonCommunity *community)
{
  if (community == NULL)
    return;

  g_free (community->uuid);
  g_free (community->name);
  g_free (community);
}

static gpointer
community_from_stmt (sqlite3_stmt *stmt)
{
  KonCommunity *community = g_new0 (KonCommunity, 1);

  community->uuid = column_dup (stmt, 0);
  community->name = column_dup (stmt, 1);
  community->user_representatives_per_body = sqlite3_column_int (stmt, 2);
  community->gp_representatives_per_body = sqlite3_column_int (stmt, 3);

  return community;
}

static void
community_bind (sqlite3_stmt  *stmt,
                int            base,
                gconstpointer  row,
                KonStore      *store,
                KonOrgIds     *ids)
{
  const KonCommunity *community = row;

  bind_text (stmt, base + 1, community->uuid);
  bind_text (stmt, base + 2, community->name);
  sqlite3_bind_int (stmt, base + 3, community->user_representatives_per_body);
  sqlite3_bind_int (stmt, base + 4, community->gp_representatives_per_body);
}

static void
community_write_json (KonJsonWriter *w,
                      gconstpointer  row)
{
  const KonCommunity *community = row;

  _kon_json_begin_object (w);
  _kon_json_key (w, "uuid");
  _kon_json_string (w, community->uuid);
  _kon_json_key (w, "name");
  _kon_json_string (w, community->name);
  _kon_json_key (w, "user_representatives_per_body");
  _kon_json_int (w, community->user_representatives_per_body);
  _kon_json_key (w, "gp_representatives_per_body");
  _kon_json_int (w, community->gp_representatives_per_body);
  _kon_json_end_object (w);
}

static gpointer
community_from_json (const KonJsonValue  *node,
                     const char          *path,
                     GError             **error)
{
  static const char *known[] = {
    "uuid", "name", "user_representatives_per_body", "gp_representatives_per_body", NULL
  };
  g_autoptr(KonCommunity) community = g_new0 (KonCommunity, 1);
  Fields f;

  if (!fields_init (&f, node, path, known, error))
    return NULL;

  community->uuid = fields_uuid (&f, "uuid", FALSE);
  community->name = fields_string (&f, "name", FALSE);
  community->user_representatives_per_body = fields_count (&f, "user_representatives_per_body");
  community->gp_representatives_per_body = fields_count (&f, "gp_representatives_per_body");

  return f.failed ? NULL : g_steal_pointer (&community);
}

/* Partner */

KonPartner *
kon_partner_new (void)
{
  KonPartner *partner = g_new0 (KonPartner, 1);

  partner->uuid = g_uuid_string_random ();
  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  partner->name = g_strdup ("");
  partner->short_name = g_strdup ("");
  partner->aliases = g_new0 (char *, 1);

  return partner;
}

KonPartner *
kon_partner_copy (const KonPartner *partner)
{
  KonPartner *copy;

  g_return_val_if_fail (partner != NULL, NULL);

  copy = g_memdup2 (partner, sizeof *partner);
  copy->uuid = g_strdup (partner->uuid);
  copy->region = g_strdup (partner->region);
  copy->name = g_strdup (partner->name);
  copy->short_name = g_strdup (partner->short_name);
  copy->aliases = partner->aliases != NULL ? g_strdupv (partner->aliases) : g_new0 (char *, 1);

  return copy;
}

void
kon_partner_free (KonPartner *partner)
{
  if (partner == NULL)
    return;

  g_free (partner->uuid);
  g_free (partner->region);
  g_free (partner->name);
  g_free (partner->short_name);
  g_strfreev (partner->aliases);
  g_free (partner);
}

static gpointer
partner_from_stmt (sqlite3_stmt *stmt)
{
  KonPartner *partner = g_new0 (KonPartner, 1);

  partner->uuid = column_dup (stmt, 0);
  partner->kind = column_enum (stmt, 1, ENUM_NAMES (partner_kind_names), KON_PARTNER_KIND_KOMMUNE);
  partner->side = column_enum (stmt, 2, ENUM_NAMES (side_names), KON_SIDE_NONE);
  partner->region = column_dup (stmt, 3);
  partner->name = column_dup (stmt, 4);
  partner->short_name = column_dup (stmt, 5);
  partner->aliases = aliases_from_json (column_text (stmt, 6));

  return partner;
}

static void
partner_bind (sqlite3_stmt  *stmt,
              int            base,
              gconstpointer  row,
              KonStore      *store,
              KonOrgIds     *ids)
{
  const KonPartner *partner = row;
  char *aliases = aliases_to_json (partner->aliases);

  bind_text (stmt, base + 1, partner->uuid);
  bind_text (stmt, base + 2, _kon_partner_kind_to_id (partner->kind));
  bind_text (stmt, base + 3, _kon_side_to_id (partner->side));
  bind_text (stmt, base + 4, partner->region);
  bind_text (stmt, base + 5, partner->name);
  bind_text (stmt, base + 6, partner->short_name != NULL ? partner->short_name : "");
  sqlite3_bind_text (stmt, base + 7, aliases, -1, g_free);
}

static void
partner_write_json (KonJsonWriter *w,
                    gconstpointer  row)
{
  const KonPartner *partner = row;

  _kon_json_begin_object (w);
  _kon_json_key (w, "uuid");
  _kon_json_string (w, partner->uuid);
  _kon_json_key (w, "kind");
  _kon_json_string (w, _kon_partner_kind_to_id (partner->kind));
  _kon_json_key (w, "side");
  _kon_json_string (w, _kon_side_to_id (partner->side));
  _kon_json_key (w, "region");
  _kon_json_string (w, partner->region);
  _kon_json_key (w, "name");
  _kon_json_string (w, partner->name);
  _kon_json_key (w, "short_name");
  _kon_json_string (w, partner->short_name != NULL ? partner->short_name : "");
  _kon_json_key (w, "aliases");
  _kon_json_begin_array (w);
  for (guint i = 0; partner->aliases != NULL && partner->aliases[i] != NULL; i++)
    _kon_json_string (w, partner->aliases[i]);
  _kon_json_end_array (w);
  _kon_json_end_object (w);
}

static gpointer
partner_from_json (const KonJsonValue  *node,
                   const char          *path,
                   GError             **error)
{
  static const char *known[] = {
    "uuid", "kind", "side", "region", "name", "short_name", "aliases", NULL
  };
  g_autoptr(KonPartner) partner = g_new0 (KonPartner, 1);
  Fields f;

  if (!fields_init (&f, node, path, known, error))
    return NULL;

  partner->uuid = fields_uuid (&f, "uuid", FALSE);
  partner->kind = fields_enum (&f, "kind", ENUM_NAMES (partner_kind_names), -1);
  partner->side = fields_enum (&f, "side", ENUM_NAMES (side_names), -1);
  partner->region = fields_string (&f, "region", TRUE);
  partner->name = fields_name (&f, "name");
  partner->short_name = fields_string (&f, "short_name", FALSE);
  partner->aliases = fields_string_list (&f, "aliases");

  return f.failed ? NULL : g_steal_pointer (&partner);
}

/* Person */

KonPerson *
kon_person_new (void)
{
  KonPerson *person = g_new0 (KonPerson, 1);

  person->uuid = g_uuid_string_random ();
  person->name = g_strdup ("");

  return person;
}

KonPerson *
kon_person_copy (const KonPerson *person)
{
  KonPerson *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = g_new0 (KonPerson, 1);
  copy->uuid = g_strdup (person->uuid);
  copy->name = g_strdup (person->name);
  copy->title = g_strdup (person->title);
  copy->partner_uuid = g_strdup (person->partner_uuid);
  copy->email = g_strdup (person->email);
  copy->phone = g_strdup (person->phone);

  return copy;
}

void
kon_person_free (KonPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->uuid);
  g_free (person->name);
  g_free (person->title);
  g_free (person->partner_uuid);
  g_free (person->email);
  g_free (person->phone);
  g_free (person);
}

static gpointer
person_from_stmt (sqlite3_stmt *stmt)
{
  KonPerson *person = g_new0 (KonPerson, 1);

  person->uuid = column_dup (stmt, 0);
  person->name = column_dup (stmt, 1);
  person->title = column_dup (stmt, 2);
  person->partner_uuid = column_dup (stmt, 3);
  person->email = column_dup (stmt, 4);
  person->phone = column_dup (stmt, 5);

  return person;
}

static void
person_bind (sqlite3_stmt  *stmt,
             int            base,
             gconstpointer  row,
             KonStore      *store,
             KonOrgIds     *ids)
{
  const KonPerson *person = row;

  bind_text (stmt, base + 1, person->uuid);
  bind_text (stmt, base + 2, person->name);
  bind_text (stmt, base + 3, person->title);
  bind_reference (stmt, base + 4, store, ids, KON_ORG_PARTNER, person->partner_uuid);
  bind_text (stmt, base + 5, person->email);
  bind_text (stmt, base + 6, person->phone);
}

static void
person_write_json (KonJsonWriter *w,
                   gconstpointer  row)
{
  const KonPerson *person = row;

  _kon_json_begin_object (w);
  _kon_json_key (w, "uuid");
  _kon_json_string (w, person->uuid);
  _kon_json_key (w, "name");
  _kon_json_string (w, person->name);
  _kon_json_key (w, "title");
  _kon_json_string (w, person->title);
  _kon_json_key (w, "partner");
  _kon_json_string (w, person->partner_uuid);
  _kon_json_key (w, "email");
  _kon_json_string (w, person->email);
  _kon_json_key (w, "phone");
  _kon_json_string (w, person->phone);
  _kon_json_end_object (w);
}

static gpointer
person_from_json (const KonJsonValue  *node,
                  const char          *path,
                  GError             **error)
{
  static const char *known[] = { "uuid", "name", "title", "partner", "email", "phone", NULL };
  g_autoptr(KonPerson) person = g_new0 (KonPerson, 1);
  Fields f;

  if (!fields_init (&f, node, path, known, error))
    return NULL;

  person->uuid = fields_uuid (&f, "uuid", FALSE);
  person->name = fields_name (&f, "name");
  person->title = fields_string (&f, "title", TRUE);
  person->partner_uuid = fields_uuid (&f, "partner", TRUE);
  person->email = fields_string (&f, "email", TRUE);
  person->phone = fields_string (&f, "phone", TRUE);

  return f.failed ? NULL : g_steal_pointer (&person);
}

/* Body */

KonBody *
kon_body_new (void)
{
  KonBody *body = g_new0 (KonBody, 1);

  body->uuid = g_uuid_string_random ();
  body->kind = KON_BODY_KIND_OTHER;
  body->name = g_strdup ("");
  g_date_clear (&body->deadline, 1);

  return body;
}

KonBody *
kon_body_copy (const KonBody *body)
{
  KonBody *copy;

  g_return_val_if_fail (body != NULL, NULL);

  copy = g_memdup2 (body, sizeof *body);
  copy->uuid = g_strdup (body->uuid);
  copy->name = g_strdup (body->name);
  copy->short_name = g_strdup (body->short_name);
  copy->parent_uuid = g_strdup (body->parent_uuid);
  copy->mandate = g_strdup (body->mandate);

  return copy;
}

void
kon_body_free (KonBody *body)
{
  if (body == NULL)
    return;

  g_free (body->uuid);
  g_free (body->name);
  g_free (body->short_name);
  g_free (body->parent_uuid);
  g_free (body->mandate);
  g_free (body);
}

static gpointer
body_from_stmt (sqlite3_stmt *stmt)
{
  KonBody *body = g_new0 (KonBody, 1);

  body->uuid = column_dup (stmt, 0);
  body->kind = column_enum (stmt, 1, ENUM_NAMES (body_kind_names), KON_BODY_KIND_OTHER);
  body->name = column_dup (stmt, 2);
  body->short_name = column_dup (stmt, 3);
  body->parent_uuid = column_dup (stmt, 4);
  body->mandate = column_dup (stmt, 5);
  body->takes_decisions = sqlite3_column_int (stmt, 6) != 0;
  body->meetings_per_year = sqlite3_column_int (stmt, 7);
  body->is_public = sqlite3_column_int (stmt, 8) != 0;
  column_date (stmt, 9, &body->deadline);
  body->seats_per_side = sqlite3_column_int (stmt, 10);

  return body;
}

static void
body_bind (sqlite3_stmt  *stmt,
           int            base,
           gconstpointer  row,
           KonStore      *store,
           KonOrgIds     *ids)
{
  const KonBody *body = row;

  bind_text (stmt, base + 1, body->uuid);
  bind_text (stmt, base + 2, _kon_body_kind_to_id (body->kind));
  bind_text (stmt, base + 3, body->name);
  bind_text (stmt, base + 4, body->short_name);
  bind_reference (stmt, base + 5, store, ids, KON_ORG_BODY, body->parent_uuid);
  bind_text (stmt, base + 6, body->mandate);
  sqlite3_bind_int (stmt, base + 7, body->takes_decisions ? 1 : 0);
  sqlite3_bind_int (stmt, base + 8, body->meetings_per_year);
  sqlite3_bind_int (stmt, base + 9, body->is_public ? 1 : 0);
  bind_date (stmt, base + 10, &body->deadline);
  sqlite3_bind_int (stmt, base + 11, body->seats_per_side);
}

static void
body_write_json (KonJsonWriter *w,
                 gconstpointer  row)
{
  const KonBody *body = row;

  _kon_json_begin_object (w);
  _kon_json_key (w, "uuid");
  _kon_json_string (w, body->uuid);
  _kon_json_key (w, "kind");
  _kon_json_string (w, _kon_body_kind_to_id (body->kind));
  _kon_json_key (w, "name");
  _kon_json_string (w, body->name);
  _kon_json_key (w, "short_name");
  _kon_json_string (w, body->short_name);
  _kon_json_key (w, "parent");
  _kon_json_string (w, body->parent_uuid);
  _kon_json_key (w, "mandate");
  _kon_json_string (w, body->mandate);
  _kon_json_key (w, "takes_decisions");
  _kon_json_bool (w, body->takes_decisions);
  _kon_json_key (w, "meetings_per_year");
  _kon_json_int (w, body->meetings_per_year);
  _kon_json_key (w, "public");
  _kon_json_bool (w, body->is_public);
  _kon_json_key (w, "deadline");
  json_date (w, &body->deadline);
  _kon_json_key (w, "seats_per_side");
  _kon_json_int (w, body->seats_per_side);
  _kon_json_end_object (w);
}

static gpointer
body_from_json (const KonJsonValue  *node,
                const char          *path,
                GError             **error)
{
  static const char *known[] = {
    "uuid", "kind", "name", "short_name", "parent", "mandate", "takes_decisions",
    "meetings_per_year", "public", "deadline", "seats_per_side", NULL
  };
  g_autoptr(KonBody) body = g_new0 (KonBody, 1);
  Fields f;

  if (!fields_init (&f, node, path, known, error))
    return NULL;

  body->uuid = fields_uuid (&f, "uuid", FALSE);
  body->kind = fields_enum (&f, "kind", ENUM_NAMES (body_kind_names), -1);
  body->name = fields_name (&f, "name");
  body->short_name = fields_string (&f, "short_name", TRUE);
  body->parent_uuid = fields_uuid (&f, "parent", TRUE);
  body->mandate = fields_string (&f, "mandate", TRUE);
  body->takes_decisions = fields_bool (&f, "takes_decisions");
  body->meetings_per_year = fields_count (&f, "meetings_per_year");
  body->is_public = fields_bool (&f, "public");
  fields_date (&f, "deadline", &body->deadline);
  body->seats_per_side = fields_count (&f, "seats_per_side");

  if (!f.failed && body->parent_uuid != NULL && g_str_equal (body->parent_uuid, body->uuid))
    {
      set_path_error (error, KON_EXCHANGE_ERROR_CYCLE, path, "parent",
                      _("a body cannot be set up by itself."));
      return NULL;
    }

  return f.failed ? NULL : g_steal_pointer (&body);
}

/* Role */

KonRole *
kon_role_new (void)
{
  KonRole *role = g_new0 (KonRole, 1);

  role->uuid = g_uuid_string_random ();
  role->person_uuid = g_strdup ("");
  role->body_uuid = g_strdup ("");
  role->kind = KON_ROLE_KIND_MEMBER;
  role->represents = KON_REPRESENTS_NONE;
  g_date_clear (&role->from, 1);
  g_date_clear (&role->to, 1);

  return role;
}

KonRole *
kon_role_copy (const KonRole *role)
{
  KonRole *copy;

  g_return_val_if_fail (role != NULL, NULL);

  copy = g_memdup2 (role, sizeof *role);
  copy->uuid = g_strdup (role->uuid);
  copy->person_uuid = g_strdup (role->person_uuid);
  copy->body_uuid = g_strdup (role->body_uuid);
  copy->partner_uuid = g_strdup (role->partner_uuid);

  return copy;
}

void
kon_role_free (KonRole *role)
{
  if (role == NULL)
    return;

  g_free (role->uuid);
  g_free (role->person_uuid);
  g_free (role->body_uuid);
  g_free (role->partner_uuid);
  g_free (role);
}

static gpointer
role_from_stmt (sqlite3_stmt *stmt)
{
  KonRole *role = g_new0 (KonRole, 1);

  role->uuid = column_dup (stmt, 0);
  role->person_uuid = column_dup (stmt, 1);
  role->body_uuid = column_dup (stmt, 2);
  role->kind = column_enum (stmt, 3, ENUM_NAMES (role_kind_names), KON_ROLE_KIND_MEMBER);
  role->represents = column_enum (stmt, 4, ENUM_NAMES (represents_names), KON_REPRESENTS_NONE);
  role->partner_uuid = column_dup (stmt, 5);
  role->side = column_enum (stmt, 6, ENUM_NAMES (side_names), KON_SIDE_NONE);
  column_date (stmt, 7, &role->from);
  column_date (stmt, 8, &role->to);

  return role;
}

static void
role_bind (sqlite3_stmt  *stmt,
           int            base,
           gconstpointer  row,
           KonStore      *store,
           KonOrgIds     *ids)
{
  const KonRole *role = row;

  bind_text (stmt, base + 1, role->uuid);
  bind_reference (stmt, base + 2, store, ids, KON_ORG_PERSON, role->person_uuid);
  bind_reference (stmt, base + 3, store, ids, KON_ORG_BODY, role->body_uuid);
  bind_text (stmt, base + 4, _kon_role_kind_to_id (role->kind));
  bind_text (stmt, base + 5, _kon_represents_to_id (role->represents));
  bind_reference (stmt, base + 6, store, ids, KON_ORG_PARTNER, role->partner_uuid);
  bind_text (stmt, base + 7, _kon_side_to_id (role->side));
  bind_date (stmt, base + 8, &role->from);
  bind_date (stmt, base + 9, &role->to);
}

static void
role_write_json (KonJsonWriter *w,
                 gconstpointer  row)
{
  const KonRole *role = row;

  _kon_json_begin_object (w);
  _kon_json_key (w, "uuid");
  _kon_json_string (w, role->uuid);
  _kon_json_key (w, "person");
  _kon_json_string (w, role->person_uuid);
  _kon_json_key (w, "body");
  _kon_json_string (w, role->body_uuid);
  _kon_json_key (w, "kind");
  _kon_json_string (w, _kon_role_kind_to_id (role->kind));
  _kon_json_key (w, "represents");
  _kon_json_string (w, _kon_represents_to_id (role->represents));
  _kon_json_key (w, "partner");
  _kon_json_string (w, role->partner_uuid);
  _kon_json_key (w, "side");
  _kon_json_string (w, _kon_side_to_id (role->side));
  _kon_json_key (w, "from");
  json_date (w, &role->from);
  _kon_json_key (w, "to");
  json_date (w, &role->to);
  _kon_json_end_object (w);
}

static gpointer
role_from_json (const KonJsonValue  *node,
                const char          *path,
                GError             **error)
{
  static const char *known[] = {
    "uuid", "person", "body", "kind", "represents", "partner", "side", "from", "to", NULL
  };
  g_autoptr(KonRole) role = g_new0 (KonRole, 1);
  Fields f;

  if (!fields_init (&f, node, path, known, error))
    return NULL;

  role->uuid = fields_uuid (&f, "uuid", FALSE);
  role->person_uuid = fields_uuid (&f, "person", FALSE);
  role->body_uuid = fields_uuid (&f, "body", FALSE);
  role->kind = fields_enum (&f, "kind", ENUM_NAMES (role_kind_names), -1);
  role->represents = fields_enum (&f, "represents", ENUM_NAMES (represents_names), -1);
  role->partner_uuid = fields_uuid (&f, "partner", TRUE);
  role->side = fields_enum (&f, "side", ENUM_NAMES (side_names), KON_SIDE_NONE);
  fields_date (&f, "from", &role->from);
  fields_date (&f, "to", &role->to);

  if (f.failed)
    return NULL;

  if ((role->represents == KON_REPRESENTS_PARTNER) != (role->partner_uuid != NULL))
    {
      set_path_error (error, KON_EXCHANGE_ERROR_INVALID, path, "partner",
                      role->partner_uuid == NULL
                        ? _("a role that represents a partner must name the partner.")
                        : _("only a role that represents a partner names one "
                            "(set “represents” to “partner”, or “partner” to null)."));
      return NULL;
    }

  if (role->represents == KON_REPRESENTS_SIDE && role->side == KON_SIDE_NONE)
    {
      set_path_error (error, KON_EXCHANGE_ERROR_INVALID, path, "side",
                      _("a role that represents a side must name the side."));
      return NULL;
    }

  if (g_date_valid (&role->from) && g_date_valid (&role->to) &&
      g_date_compare (&role->from, &role->to) > 0)
    {
      set_path_error (error, KON_EXCHANGE_ERROR_INVALID, path, "to",
                      _("the role ends before it begins."));
      return NULL;
    }

  return g_steal_pointer (&role);
}

/* The table descriptions */

static const KonOrgTableInfo table_infos[KON_ORG_N_KINDS] = {
  [KON_ORG_COMMUNITY] = {
    KON_ORG_COMMUNITY, "community", "community", 4,
    COMMUNITY_SELECT " ORDER BY uuid",
    COMMUNITY_SELECT " WHERE uuid = ?",
    "INSERT INTO community (id, " COMMUNITY_COLUMNS HASH_COLUMNS ") VALUES (1, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, name = excluded.name, "
    "user_representatives_per_body = excluded.user_representatives_per_body, "
    "gp_representatives_per_body = excluded.gp_representatives_per_body, "
    "sync_hash = excluded.sync_hash, export_hash = excluded.export_hash RETURNING id",
    "INSERT INTO community (" COMMUNITY_COLUMNS HASH_COLUMNS ", id) VALUES " COMMUNITY_NEW_ROW,
    "INSERT INTO community (" COMMUNITY_COLUMNS HASH_COLUMNS ", id) VALUES " COMMUNITY_NEW_ROW,
    "UPDATE community SET sync_hash = ?1, export_hash = ?2 WHERE id = ?3",
    "SELECT count(*) FROM community",
    community_from_stmt, community_bind, community_write_json, community_from_json,
    (GDestroyNotify) kon_community_free,
  },
  [KON_ORG_PARTNER] = {
    KON_ORG_PARTNER, "partner", "partners", 7,
    PARTNER_SELECT " ORDER BY uuid",
    PARTNER_SELECT " WHERE uuid = ?",
    "INSERT INTO partner (" PARTNER_COLUMNS HASH_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (uuid) DO UPDATE SET kind = excluded.kind, side = excluded.side, "
    "region = excluded.region, name = excluded.name, short_name = excluded.short_name, "
    "aliases = excluded.aliases, sync_hash = excluded.sync_hash, export_hash = excluded.export_hash "
    "RETURNING id",
    "INSERT INTO partner (" PARTNER_COLUMNS HASH_COLUMNS ", id) VALUES " PARTNER_NEW_ROW,
    "INSERT INTO partner (" PARTNER_COLUMNS HASH_COLUMNS ", id) VALUES " TIMES64 (PARTNER_NEW_ROW),
    "UPDATE partner SET sync_hash = ?1, export_hash = ?2 WHERE id = ?3",
    "SELECT count(*) FROM partner",
    partner_from_stmt, partner_bind, partner_write_json, partner_from_json,
    (GDestroyNotify) kon_partner_free,
  },
  [KON_ORG_PERSON] = {
    KON_ORG_PERSON, "person", "persons", 6,
    PERSON_SELECT " ORDER BY person.uuid",
    PERSON_SELECT " WHERE person.uuid = ?",
    "INSERT INTO person (" PERSON_COLUMNS HASH_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, title = excluded.title, "
    "partner_id = excluded.partner_id, email = excluded.email, phone = excluded.phone, "
    "sync_hash = excluded.sync_hash, export_hash = excluded.export_hash RETURNING id",
    "INSERT INTO person (" PERSON_COLUMNS HASH_COLUMNS ", id) VALUES " PERSON_NEW_ROW,
    "INSERT INTO person (" PERSON_COLUMNS HASH_COLUMNS ", id) VALUES " TIMES64 (PERSON_NEW_ROW),
    "UPDATE person SET sync_hash = ?1, export_hash = ?2 WHERE id = ?3",
    "SELECT count(*) FROM person",
    person_from_stmt, person_bind, person_write_json, person_from_json,
    (GDestroyNotify) kon_person_free,
  },
  [KON_ORG_BODY] = {
    KON_ORG_BODY, "body", "bodies", 11,
    BODY_SELECT " ORDER BY body.uuid",
    BODY_SELECT " WHERE body.uuid = ?",
    "INSERT INTO body (" BODY_COLUMNS HASH_COLUMNS ") "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (uuid) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
    "short_name = excluded.short_name, parent_id = excluded.parent_id, "
    "mandate = excluded.mandate, takes_decisions = excluded.takes_decisions, "
    "meetings_per_year = excluded.meetings_per_year, is_public = excluded.is_public, "
    "deadline = excluded.deadline, seats_per_side = excluded.seats_per_side, "
    "sync_hash = excluded.sync_hash, export_hash = excluded.export_hash RETURNING id",
    "INSERT INTO body (" BODY_COLUMNS HASH_COLUMNS ", id) VALUES " BODY_NEW_ROW,
    "INSERT INTO body (" BODY_COLUMNS HASH_COLUMNS ", id) VALUES " TIMES64 (BODY_NEW_ROW),
    "UPDATE body SET sync_hash = ?1, export_hash = ?2 WHERE id = ?3",
    "SELECT count(*) FROM body",
    body_from_stmt, body_bind, body_write_json, body_from_json,
    (GDestroyNotify) kon_body_free,
  },
  [KON_ORG_ROLE] = {
    KON_ORG_ROLE, "role", "roles", 9,
    ROLE_SELECT " ORDER BY role.uuid",
    ROLE_SELECT " WHERE role.uuid = ?",
    "INSERT INTO role (" ROLE_COLUMNS HASH_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (uuid) DO UPDATE SET person_id = excluded.person_id, "
    "body_id = excluded.body_id, kind = excluded.kind, represents = excluded.represents, "
    "partner_id = excluded.partner_id, side = excluded.side, "
    "from_date = excluded.from_date, to_date = excluded.to_date, "
    "sync_hash = excluded.sync_hash, export_hash = excluded.export_hash RETURNING id",
    "INSERT INTO role (" ROLE_COLUMNS HASH_COLUMNS ", id) VALUES " ROLE_NEW_ROW,
    "INSERT INTO role (" ROLE_COLUMNS HASH_COLUMNS ", id) VALUES " TIMES64 (ROLE_NEW_ROW),
    "UPDATE role SET sync_hash = ?1, export_hash = ?2 WHERE id = ?3",
    "SELECT count(*) FROM role",
    role_from_stmt, role_bind, role_write_json, role_from_json,
    (GDestroyNotify) kon_role_free,
  },
};

const KonOrgTableInfo *
_kon_org_table_info (KonOrgKind kind)
{
  g_return_val_if_fail (kind < KON_ORG_N_KINDS, NULL);

  return &table_infos[kind];
}

static const KonOrgTableInfo *
table_info_for_name (const char *table)
{
  for (guint i = 0; i < KON_ORG_N_KINDS; i++)
    if (g_strcmp0 (table_infos[i].table, table) == 0)
      return &table_infos[i];

  return NULL;
}

/* Hashing
 *
 * The hash only tells whether a row's content changed since it was
 * exchanged: it is compared with hashes this database made itself, and
 * never leaves it.  A collision could at worst make a change in a file
 * look like nothing new, and nobody gains by making one: a good
 * non-cryptographic hash is enough, and an import and an export of a
 * large community each hash 72,000 rows.  MurmurHash3 x64 128 (Austin
 * Appleby, public domain), read and written little-endian so that a
 * database moved to another machine keeps its hashes. */

static inline guint64
rotl64 (guint64 x,
        int     r)
{
  return (x << r) | (x >> (64 - r));
}

static inline guint64
fmix64 (guint64 k)
{
  k ^= k >> 33;
  k *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  k ^= k >> 33;
  k *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  k ^= k >> 33;

  return k;
}

static inline guint64
read_le64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, 8);

  return GUINT64_FROM_LE (v);
}

static void
murmur3_128 (const guint8 *data,
             gsize         len,
             guint8        out[16])
{
  const guint64 c1 = G_GUINT64_CONSTANT (0x87c37b91114253d5);
  const guint64 c2 = G_GUINT64_CONSTANT (0x4cf5ad432745937f);
  gsize n_blocks = len / 16;
  const guint8 *tail = data + n_blocks * 16;
  guint64 h1 = 0;
  guint64 h2 = 0;
  guint64 k1 = 0;
  guint64 k2 = 0;

  for (gsize i = 0; i < n_blocks; i++)
    {
      k1 = read_le64 (data + 16 * i);
      k2 = read_le64 (data + 16 * i + 8);

      k1 *= c1; k1 = rotl64 (k1, 31); k1 *= c2; h1 ^= k1;
      h1 = rotl64 (h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
      k2 *= c2; k2 = rotl64 (k2, 33); k2 *= c1; h2 ^= k2;
      h2 = rotl64 (h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
    }

  k1 = 0;
  k2 = 0;
  switch (len & 15)
    {
    case 15: k2 ^= (guint64) tail[14] << 48; G_GNUC_FALLTHROUGH;
    case 14: k2 ^= (guint64) tail[13] << 40; G_GNUC_FALLTHROUGH;
    case 13: k2 ^= (guint64) tail[12] << 32; G_GNUC_FALLTHROUGH;
    case 12: k2 ^= (guint64) tail[11] << 24; G_GNUC_FALLTHROUGH;
    case 11: k2 ^= (guint64) tail[10] << 16; G_GNUC_FALLTHROUGH;
    case 10: k2 ^= (guint64) tail[9] << 8; G_GNUC_FALLTHROUGH;
    case 9:
      k2 ^= (guint64) tail[8];
      k2 *= c2; k2 = rotl64 (k2, 33); k2 *= c1; h2 ^= k2;
      G_GNUC_FALLTHROUGH;
    case 8: k1 ^= (guint64) tail[7] << 56; G_GNUC_FALLTHROUGH;
    case 7: k1 ^= (guint64) tail[6] << 48; G_GNUC_FALLTHROUGH;
    case 6: k1 ^= (guint64) tail[5] << 40; G_GNUC_FALLTHROUGH;
    case 5: k1 ^= (guint64) tail[4] << 32; G_GNUC_FALLTHROUGH;
    case 4: k1 ^= (guint64) tail[3] << 24; G_GNUC_FALLTHROUGH;
    case 3: k1 ^= (guint64) tail[2] << 16; G_GNUC_FALLTHROUGH;
    case 2: k1 ^= (guint64) tail[1] << 8; G_GNUC_FALLTHROUGH;
    case 1:
      k1 ^= (guint64) tail[0];
      k1 *= c1; k1 = rotl64 (k1, 31); k1 *= c2; h1 ^= k1;
      break;
    default:
      break;
    }

  h1 ^= len;
  h2 ^= len;
  h1 += h2;
  h2 += h1;
  h1 = fmix64 (h1);
  h2 = fmix64 (h2);
  h1 += h2;
  h2 += h1;

  h1 = GUINT64_TO_LE (h1);
  h2 = GUINT64_TO_LE (h2);
  memcpy (out, &h1, 8);
  memcpy (out + 8, &h2, 8);
}

gboolean
_kon_org_hash_equal (const KonOrgHash *a,
                     const KonOrgHash *b)
{
  return a->set && b->set && memcmp (a->bytes, b->bytes, KON_ORG_HASH_SIZE) == 0;
}

void
_kon_org_hasher_init (KonOrgHasher *hasher)
{
  hasher->buffer = g_string_sized_new (1024);
}

void
_kon_org_hasher_clear (KonOrgHasher *hasher)
{
  if (hasher->buffer != NULL)
    g_string_free (hasher->buffer, TRUE);
  hasher->buffer = NULL;
}

void
_kon_org_row_hash (KonOrgHasher           *hasher,
                   const KonOrgTableInfo  *info,
                   gconstpointer           row,
                   KonOrgHash             *out_hash)
{
  KonJsonWriter writer;

  G_STATIC_ASSERT (KON_ORG_HASH_SIZE == 16);

  g_string_truncate (hasher->buffer, 0);
  _kon_json_writer_init (&writer, hasher->buffer, FALSE);
  writer.raw = TRUE;
  info->write_json (&writer, row);

  murmur3_128 ((const guint8 *) hasher->buffer->str, hasher->buffer->len, out_hash->bytes);
  out_hash->set = TRUE;
}

gboolean
_kon_org_lookup (KonStore               *store,
                 const KonOrgTableInfo  *info,
                 const char             *uuid,
                 gpointer               *out_row,
                 KonOrgHash             *out_sync_hash,
                 KonOrgHash             *out_export_hash,
                 gint64                 *out_id,
                 GError                **error)
{
  sqlite3_stmt *stmt = kon_store_prepare (store, info->select_one, error);
  int rc;

  if (out_row != NULL)
    *out_row = NULL;
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      if (out_row != NULL)
        *out_row = info->from_stmt (stmt);
      if (out_sync_hash != NULL)
        column_hash (stmt, info->n_columns, out_sync_hash);
      if (out_export_hash != NULL)
        column_hash (stmt, info->n_columns + 1, out_export_hash);
      if (out_id != NULL)
        *out_id = sqlite3_column_int64 (stmt, info->n_columns + 2);
    }
  else if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, store_db (store), rc);
    }

  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

/* The search index rows of new rows (see kon-schema.c): made from the
 * table rows, so that they hold exactly the text of the table */
#define PARTNER_FTS_INSERT \
  "INSERT INTO partner_fts (rowid, name, short_name, aliases, region) " \
  "SELECT id, name, short_name, aliases, region FROM partner "
#define PERSON_FTS_INSERT \
  "INSERT INTO person_fts (rowid, name, title, email) SELECT id, name, title, email FROM person "

/* Indexes a partner or person that was just inserted (a trigger indexes
 * changes).  In a transaction that writes many rows, index them after all
 * the rows: FTS5 flushes its pending index whenever a later statement
 * opens a statement journal. */
gboolean
_kon_org_index_row (KonStore               *store,
                    const KonOrgTableInfo  *info,
                    gint64                  id,
                    GError                **error)
{
  sqlite3_stmt *stmt;

  if (info->kind != KON_ORG_PARTNER && info->kind != KON_ORG_PERSON)
    return TRUE;

  stmt = kon_store_prepare (store,
                            info->kind == KON_ORG_PARTNER ? PARTNER_FTS_INSERT "WHERE id = ?"
                                                          : PERSON_FTS_INSERT "WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);

  return kon_store_step_done (store, stmt, error);
}

gboolean
_kon_org_index_rows_after (KonStore               *store,
                           const KonOrgTableInfo  *info,
                           gint64                  after_id,
                           GError                **error)
{
  sqlite3_stmt *stmt;

  if (info->kind != KON_ORG_PARTNER && info->kind != KON_ORG_PERSON)
    return TRUE;

  stmt = kon_store_prepare (store,
                            info->kind == KON_ORG_PARTNER ? PARTNER_FTS_INSERT "WHERE id > ?"
                                                          : PERSON_FTS_INSERT "WHERE id > ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, after_id);

  return kon_store_step_done (store, stmt, error);
}

gboolean
_kon_org_max_id (KonStore               *store,
                 const KonOrgTableInfo  *info,
                 gint64                 *out_id,
                 GError                **error)
{
  static const char *sql[KON_ORG_N_KINDS] = {
    [KON_ORG_COMMUNITY] = "SELECT coalesce (max (id), 0) FROM community",
    [KON_ORG_PARTNER] = "SELECT coalesce (max (id), 0) FROM partner",
    [KON_ORG_PERSON] = "SELECT coalesce (max (id), 0) FROM person",
    [KON_ORG_BODY] = "SELECT coalesce (max (id), 0) FROM body",
    [KON_ORG_ROLE] = "SELECT coalesce (max (id), 0) FROM role",
  };
  sqlite3_stmt *stmt = kon_store_prepare (store, sql[info->kind], error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _kon_store_set_error (error, store_db (store), rc);
      return FALSE;
    }

  return TRUE;
}

gboolean
_kon_org_write (KonStore               *store,
                const KonOrgTableInfo  *info,
                gconstpointer           row,
                const KonOrgHash       *sync_hash,
                const KonOrgHash       *export_hash,
                KonOrgIds              *ids,
                gint64                 *out_id,
                GError                **error)
{
  sqlite3_stmt *stmt = kon_store_prepare (store, info->write, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;

  info->bind (stmt, 0, row, store, ids);
  bind_hash (stmt, info->n_columns + 1, sync_hash);
  bind_hash (stmt, info->n_columns + 2, export_hash);

  /* RETURNING: the row it wrote */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, store_db (store), rc);
      return FALSE;
    }

  if (out_id != NULL)
    *out_id = id;

  return TRUE;
}

void
_kon_org_bind_new (KonStore               *store,
                   const KonOrgTableInfo  *info,
                   sqlite3_stmt           *insert,
                   guint                   position,
                   gconstpointer           row,
                   const KonOrgHash       *sync_hash,
                   gint64                  id,
                   KonOrgIds              *ids)
{
  int base = (int) position * (info->n_columns + 3);

  info->bind (insert, base, row, store, ids);
  bind_hash (insert, base + info->n_columns + 1, sync_hash);
  bind_hash (insert, base + info->n_columns + 2, NULL);
  sqlite3_bind_int64 (insert, base + info->n_columns + 3, id);
}

static gboolean
set_hashes_with (KonStore          *store,
                 sqlite3_stmt      *stmt,
                 gint64             id,
                 const KonOrgHash  *sync_hash,
                 const KonOrgHash  *export_hash,
                 GError           **error)
{
  bind_hash (stmt, 1, sync_hash);
  bind_hash (stmt, 2, export_hash);
  sqlite3_bind_int64 (stmt, 3, id);

  return kon_store_step_done (store, stmt, error);
}

gboolean
_kon_org_set_hashes (KonStore               *store,
                     const KonOrgTableInfo  *info,
                     gint64                  id,
                     const KonOrgHash       *sync_hash,
                     const KonOrgHash       *export_hash,
                     GError                **error)
{
  sqlite3_stmt *stmt = kon_store_prepare (store, info->set_hashes, error);

  if (stmt == NULL)
    return FALSE;

  return set_hashes_with (store, stmt, id, sync_hash, export_hash, error);
}

gboolean
_kon_org_set_hashes_with (KonStore               *store,
                          sqlite3_stmt           *set_hashes,
                          gint64                  id,
                          const KonOrgHash       *sync_hash,
                          const KonOrgHash       *export_hash,
                          GError                **error)
{
  return set_hashes_with (store, set_hashes, id, sync_hash, export_hash, error);
}

char *
_kon_org_find_body_cycle (KonStore  *store,
                          GError   **error)
{
  sqlite3_stmt *stmt;
  char *name = NULL;
  int rc;

  /* Walks up from every body; a walk that comes back to where it started
   * is a cycle.  The depth bound stops the walk on a cycle that does not
   * contain its start. */
  stmt = kon_store_prepare (store,
                            "WITH RECURSIVE up (start, id, depth) AS ("
                            "  SELECT id, parent_id, 1 FROM body WHERE parent_id IS NOT NULL"
                            "  UNION ALL"
                            "  SELECT up.start, body.parent_id, up.depth + 1"
                            "  FROM up JOIN body ON body.id = up.id"
                            "  WHERE body.parent_id IS NOT NULL AND up.id <> up.start"
                            "    AND up.depth <= (SELECT count(*) FROM body)"
                            ") "
                            "SELECT body.name FROM up JOIN body ON body.id = up.start "
                            "WHERE up.id = up.start LIMIT 1",
                            error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    name = column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    _kon_store_set_error (error, store_db (store), rc);

  sqlite3_reset (stmt);

  return name;
}

/* Sorting for display */

typedef struct
{
  char     *key;
  gpointer  row;
} SortItem;

static int
compare_sort_items (gconstpointer a,
                    gconstpointer b)
{
  const SortItem *item_a = a;
  const SortItem *item_b = b;
  int cmp = strcmp (item_a->key, item_b->key);

  if (cmp != 0)
    return cmp;

  /* Same name: stable by uuid */
  return strcmp (KON_ORG_ROW_UUID (item_a->row), KON_ORG_ROW_UUID (item_b->row));
}

/* Sorts @rows in place by the collation key of a string of each row */
static void
sort_rows_by (GPtrArray   *rows,
              const char *(*get_text) (gconstpointer row))
{
  g_autofree SortItem *items = g_new (SortItem, rows->len + 1);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *text = get_text (rows->pdata[i]);

      items[i].key = g_utf8_collate_key (text != NULL ? text : "", -1);
      items[i].row = rows->pdata[i];
    }

  qsort (items, rows->len, sizeof (SortItem), compare_sort_items);

  for (guint i = 0; i < rows->len; i++)
    {
      rows->pdata[i] = items[i].row;
      g_free (items[i].key);
    }
}

static const char *
partner_display_name (gconstpointer row)
{
  const KonPartner *partner = row;

  return partner->short_name != NULL && *partner->short_name != '\0'
    ? partner->short_name : partner->name;
}

static const char *
person_display_name (gconstpointer row)
{
  return ((const KonPerson *) row)->name;
}

static const char *
body_display_name (gconstpointer row)
{
  return ((const KonBody *) row)->name;
}

/* Errors */

static gboolean
require_uuid (const char  *uuid,
              GError     **error)
{
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("“%s” is not a valid identifier (UUID)."), uuid != NULL ? uuid : "");
      return FALSE;
    }

  return TRUE;
}

static void
set_not_found (GError                **error,
               const KonOrgTableInfo  *info)
{
  const char *message;

  switch (info->kind)
    {
    case KON_ORG_PARTNER:
      message = _("The partner was not found. It may have been deleted.");
      break;
    case KON_ORG_PERSON:
      message = _("The person was not found. They may have been deleted.");
      break;
    case KON_ORG_BODY:
      message = _("The body was not found. It may have been deleted.");
      break;
    case KON_ORG_ROLE:
      message = _("The role was not found. It may have been deleted.");
      break;
    case KON_ORG_COMMUNITY:
    case KON_ORG_N_KINDS:
    default:
      message = _("The community was not found.");
      break;
    }

  g_set_error_literal (error, KON_ORG_ERROR, KON_ORG_ERROR_NOT_FOUND, message);
}

static gpointer
get_row (KonStore               *store,
         const KonOrgTableInfo  *info,
         const char             *uuid,
         GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer row = NULL;

  if (!_kon_org_lookup (store, info, uuid, &row, NULL, NULL, NULL, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_not_found (error, info);
      return NULL;
    }

  return row;
}

/* Saving */

typedef struct
{
  const KonOrgTableInfo *info;
  gconstpointer          row;
} SaveData;

static gboolean
check_reference (KonStore               *store,
                 const KonOrgTableInfo  *info,
                 const char             *uuid,
                 GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  if (uuid == NULL)
    return TRUE;

  if (_kon_org_lookup (store, info, uuid, NULL, NULL, NULL, NULL, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    set_not_found (error, info);

  return FALSE;
}

static gboolean
save_in_transaction (KonStore  *store,
                     gpointer   user_data,
                     GError   **error)
{
  SaveData *data = user_data;
  const KonOrgTableInfo *info = data->info;
  KonOrgHash sync_hash = { { 0 }, FALSE };
  KonOrgHash export_hash = { { 0 }, FALSE };
  gint64 id = 0;
  gboolean is_new;
  g_autoptr(GError) local_error = NULL;

  /* Keep the row's exchange hashes: they are about what was exchanged,
   * not about this edit */
  is_new = !_kon_org_lookup (store, info, KON_ORG_ROW_UUID (data->row), NULL,
                             &sync_hash, &export_hash, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  switch (info->kind)
    {
    case KON_ORG_COMMUNITY:
      {
        /* One community per database: another UUID replaces it, and
         * what was exchanged about the old one no longer holds */
        g_autofree char *current = NULL;
        sqlite3_stmt *stmt = kon_store_prepare (store, "SELECT uuid FROM community", error);

        if (stmt == NULL)
          return FALSE;
        if (sqlite3_step (stmt) == SQLITE_ROW)
          current = column_dup (stmt, 0);
        sqlite3_reset (stmt);

        if (current != NULL && !g_str_equal (current, KON_ORG_ROW_UUID (data->row)))
          sync_hash.set = FALSE;
      }
      break;

    case KON_ORG_PERSON:
      {
        const KonPerson *person = data->row;

        if (!check_reference (store, &table_infos[KON_ORG_PARTNER], person->partner_uuid, error))
          return FALSE;
      }
      break;

    case KON_ORG_BODY:
      {
        const KonBody *body = data->row;
        g_autofree char *cycle = NULL;

        if (!check_reference (store, &table_infos[KON_ORG_BODY], body->parent_uuid, error))
          return FALSE;

        if (!_kon_org_write (store, info, data->row, &sync_hash, &export_hash, NULL, NULL, error))
          return FALSE;

        cycle = _kon_org_find_body_cycle (store, &local_error);
        if (local_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
        if (cycle != NULL)
          {
            g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                         _("A body cannot be placed under itself or under one of its own "
                           "sub-bodies."));
            return FALSE;
          }

        return TRUE;
      }

    case KON_ORG_ROLE:
      {
        const KonRole *role = data->row;

        if (!check_reference (store, &table_infos[KON_ORG_PERSON], role->person_uuid, error) ||
            !check_reference (store, &table_infos[KON_ORG_BODY], role->body_uuid, error) ||
            !check_reference (store, &table_infos[KON_ORG_PARTNER], role->partner_uuid, error))
          return FALSE;
      }
      break;

    case KON_ORG_PARTNER:
    case KON_ORG_N_KINDS:
    default:
      break;
    }

  if (!_kon_org_write (store, info, data->row, &sync_hash, &export_hash, NULL, &id, error))
    return FALSE;

  return !is_new || _kon_org_index_row (store, info, id, error);
}

static gboolean
save_row (KonStore               *store,
          const KonOrgTableInfo  *info,
          gconstpointer           row,
          GError                **error)
{
  SaveData data = { info, row };

  if (!kon_store_transaction (store, save_in_transaction, &data, error))
    return FALSE;

  kon_store_emit_changed (store, info->table);

  return TRUE;
}

static gboolean
require_name (const char  *name,
              const char  *message,
              GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*stripped == '\0')
    {
      g_set_error_literal (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID, message);
      return FALSE;
    }

  return TRUE;
}

/* Deleting */

typedef struct
{
  const KonOrgTableInfo *info;
  const char            *uuid;
  JsonNode              *snapshot;
  gboolean               changed[KON_ORG_N_KINDS];
} DeleteData;

typedef struct
{
  GPtrArray *rows[KON_ORG_N_KINDS];     /* before the delete */
  GArray    *hashes[KON_ORG_N_KINDS];   /* KonOrgHash: sync_hash, export_hash per row */
} Snapshot;

static void
snapshot_clear (Snapshot *snapshot)
{
  for (guint i = 0; i < KON_ORG_N_KINDS; i++)
    {
      g_clear_pointer (&snapshot->rows[i], g_ptr_array_unref);
      g_clear_pointer (&snapshot->hashes[i], g_array_unref);
    }
}

/* A hash in the snapshot: hexadecimal, or null */
static void
json_hash (KonJsonWriter    *writer,
           const KonOrgHash *hash)
{
  char hex[2 * KON_ORG_HASH_SIZE + 1];

  if (!hash->set)
    {
      _kon_json_string (writer, NULL);
      return;
    }

  for (guint i = 0; i < KON_ORG_HASH_SIZE; i++)
    {
      hex[2 * i] = "0123456789abcdef"[hash->bytes[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[hash->bytes[i] & 0xf];
    }
  hex[2 * KON_ORG_HASH_SIZE] = '\0';

  _kon_json_string (writer, hex);
}

static void
hash_from_json (const KonJsonValue *node,
                KonOrgHash         *out_hash)
{
  memset (out_hash, 0, sizeof *out_hash);

  if (node->type != KON_JSON_STRING || strlen (node->string) != 2 * KON_ORG_HASH_SIZE)
    return;

  for (guint i = 0; i < 2 * KON_ORG_HASH_SIZE; i++)
    if (!g_ascii_isxdigit (node->string[i]))
      return;

  for (guint i = 0; i < KON_ORG_HASH_SIZE; i++)
    out_hash->bytes[i] = (guint8) (g_ascii_xdigit_value (node->string[2 * i]) << 4 |
                                   g_ascii_xdigit_value (node->string[2 * i + 1]));
  out_hash->set = TRUE;
}

static gboolean
snapshot_add (KonStore    *store,
              Snapshot    *snapshot,
              KonOrgKind   kind,
              const char  *sql,
              const char  *param,
              GError     **error)
{
  const KonOrgTableInfo *info = &table_infos[kind];
  g_autoptr(GPtrArray) rows = NULL;

  if (snapshot->rows[kind] == NULL)
    {
      snapshot->rows[kind] = g_ptr_array_new_with_free_func (info->free);
      snapshot->hashes[kind] = g_array_new (FALSE, FALSE, sizeof (KonOrgHash));
    }

  rows = query_rows (store, info, sql, param, snapshot->hashes[kind], error);
  if (rows == NULL)
    return FALSE;

  g_ptr_array_extend_and_steal (snapshot->rows[kind], g_steal_pointer (&rows));

  return TRUE;
}

/* The snapshot is a fragment of an exchange document (no community) with
 * one more member, "hashes": uuid → [sync_hash, export_hash]. */
static JsonNode *
snapshot_to_json (Snapshot *snapshot)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  KonJsonWriter w;

  _kon_json_writer_init (&w, text, FALSE);
  _kon_json_begin_object (&w);
  _kon_json_key (&w, "format");
  _kon_json_string (&w, "konsensus-exchange");
  _kon_json_key (&w, "version");
  _kon_json_int (&w, 1);

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    {
      _kon_json_key (&w, table_infos[kind].member);
      _kon_json_begin_array (&w);
      for (guint i = 0; snapshot->rows[kind] != NULL && i < snapshot->rows[kind]->len; i++)
        table_infos[kind].write_json (&w, snapshot->rows[kind]->pdata[i]);
      _kon_json_end_array (&w);
    }

  _kon_json_key (&w, "hashes");
  _kon_json_begin_object (&w);
  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    for (guint i = 0; snapshot->rows[kind] != NULL && i < snapshot->rows[kind]->len; i++)
      {
        _kon_json_key (&w, KON_ORG_ROW_UUID (snapshot->rows[kind]->pdata[i]));
        _kon_json_begin_array (&w);
        json_hash (&w, &g_array_index (snapshot->hashes[kind], KonOrgHash, 2 * i));
        json_hash (&w, &g_array_index (snapshot->hashes[kind], KonOrgHash, 2 * i + 1));
        _kon_json_end_array (&w);
      }
  _kon_json_end_object (&w);
  _kon_json_end_object (&w);

  if (!json_parser_load_from_data (parser, text->str, text->len, NULL))
    g_assert_not_reached ();

  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
delete_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  DeleteData *data = user_data;
  const KonOrgTableInfo *info = data->info;
  Snapshot snapshot = { { NULL } };
  gboolean ok = FALSE;
  gpointer row = NULL;
  sqlite3_stmt *stmt;

  row = get_row (store, info, data->uuid, error);
  if (row == NULL)
    return FALSE;
  info->free (row);

  data->changed[info->kind] = TRUE;

  switch (info->kind)
    {
    case KON_ORG_PARTNER:
      ok = snapshot_add (store, &snapshot, KON_ORG_PARTNER, info->select_one, data->uuid, error) &&
           snapshot_add (store, &snapshot, KON_ORG_PERSON,
                         PERSON_SELECT " WHERE person.partner_id = (SELECT id FROM partner WHERE uuid = ?)",
                         data->uuid, error) &&
           snapshot_add (store, &snapshot, KON_ORG_ROLE,
                         ROLE_SELECT " WHERE role.partner_id = (SELECT id FROM partner WHERE uuid = ?)",
                         data->uuid, error);
      break;

    case KON_ORG_PERSON:
      ok = snapshot_add (store, &snapshot, KON_ORG_PERSON, info->select_one, data->uuid, error) &&
           snapshot_add (store, &snapshot, KON_ORG_ROLE,
                         ROLE_SELECT " WHERE role.person_id = (SELECT id FROM person WHERE uuid = ?)",
                         data->uuid, error);
      break;

    case KON_ORG_BODY:
      ok = snapshot_add (store, &snapshot, KON_ORG_BODY, info->select_one, data->uuid, error) &&
           snapshot_add (store, &snapshot, KON_ORG_BODY,
                         BODY_SELECT " WHERE body.parent_id = (SELECT id FROM body WHERE uuid = ?)",
                         data->uuid, error) &&
           snapshot_add (store, &snapshot, KON_ORG_ROLE,
                         ROLE_SELECT " WHERE role.body_id = (SELECT id FROM body WHERE uuid = ?)",
                         data->uuid, error);
      if (!ok)
        break;

      /* The sub-bodies move up to the deleted body's parent */
      stmt = kon_store_prepare (store,
                                "UPDATE body SET parent_id = "
                                "(SELECT parent_id FROM body WHERE uuid = ?1) "
                                "WHERE parent_id = (SELECT id FROM body WHERE uuid = ?1)",
                                error);
      ok = stmt != NULL;
      if (ok)
        {
          bind_text (stmt, 1, data->uuid);
          ok = kon_store_step_done (store, stmt, error);
        }
      break;

    case KON_ORG_ROLE:
      ok = snapshot_add (store, &snapshot, KON_ORG_ROLE, info->select_one, data->uuid, error);
      break;

    case KON_ORG_COMMUNITY:
    case KON_ORG_N_KINDS:
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      const char *sql = NULL;

      switch (info->kind)
        {
        case KON_ORG_PARTNER: sql = "DELETE FROM partner WHERE uuid = ?"; break;
        case KON_ORG_PERSON: sql = "DELETE FROM person WHERE uuid = ?"; break;
        case KON_ORG_BODY: sql = "DELETE FROM body WHERE uuid = ?"; break;
        case KON_ORG_ROLE: sql = "DELETE FROM role WHERE uuid = ?"; break;
        case KON_ORG_COMMUNITY:
        case KON_ORG_N_KINDS:
        default: g_assert_not_reached ();
        }

      stmt = kon_store_prepare (store, sql, error);
      ok = stmt != NULL;
      if (ok)
        {
          bind_text (stmt, 1, data->uuid);
          ok = kon_store_step_done (store, stmt, error);
        }
    }

  if (ok)
    {
      for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
        if (snapshot.rows[kind] != NULL && snapshot.rows[kind]->len > 0)
          data->changed[kind] = TRUE;

      data->snapshot = snapshot_to_json (&snapshot);
    }

  snapshot_clear (&snapshot);

  return ok;
}

/* Restoring */

typedef struct
{
  JsonNode *snapshot;
  gboolean  changed[KON_ORG_N_KINDS];
} RestoreData;

static gboolean
restore_rows (KonStore     *store,
              RestoreData  *data,
              GArray      **written,
              GError      **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(KonJsonDoc) doc = NULL;
  g_autofree char *text = NULL;
  const KonJsonValue *root;
  const KonJsonValue *hashes;
  sqlite3_stmt *stmt;
  gsize size = 0;

  /* The snapshot is read as an exchange document is */
  json_generator_set_root (generator, data->snapshot);
  text = json_generator_to_data (generator, &size);
  doc = _kon_json_parse (text, size, 8, NULL);
  root = doc != NULL ? _kon_json_doc_get_root (doc) : NULL;

  if (root == NULL || root->type != KON_JSON_OBJECT)
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID, _("The undo information is damaged."));
      return FALSE;
    }

  hashes = _kon_json_get_member (root, "hashes");

  /* Rows come back in any order: references are checked at COMMIT */
  stmt = kon_store_prepare (store, "PRAGMA defer_foreign_keys = ON", error);
  if (stmt == NULL || !kon_store_step_done (store, stmt, error))
    return FALSE;

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    {
      const KonOrgTableInfo *info = &table_infos[kind];
      const KonJsonValue *array = _kon_json_get_member (root, info->member);

      if (array == NULL)
        continue;

      if (array->type != KON_JSON_ARRAY)
        {
          g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID, _("The undo information is damaged."));
          return FALSE;
        }

      for (guint i = 0; i < array->n; i++)
        {
          char path[64];
          const KonJsonValue *pair;
          KonOrgHash sync_hash = { { 0 }, FALSE };
          KonOrgHash export_hash = { { 0 }, FALSE };
          gpointer row;
          gint64 id = 0;
          gboolean is_new;
          gboolean ok;

          g_snprintf (path, sizeof path, "$.%s[%u]", info->member, i);
          row = info->from_json (&array->elements[i], path, error);
          if (row == NULL)
            return FALSE;

          pair = _kon_json_get_member (hashes, KON_ORG_ROW_UUID (row));
          if (pair != NULL && pair->type == KON_JSON_ARRAY && pair->n == 2)
            {
              hash_from_json (&pair->elements[0], &sync_hash);
              hash_from_json (&pair->elements[1], &export_hash);
            }

          /* A row the delete took is new again; one it changed (a
           * sub-body moved up) is put back as it was */
          is_new = !_kon_org_lookup (store, info, KON_ORG_ROW_UUID (row), NULL, NULL, NULL, NULL, error);
          ok = (error == NULL || *error == NULL) &&
               _kon_org_write (store, info, row, &sync_hash, &export_hash, NULL, &id, error);
          info->free (row);
          if (!ok)
            return FALSE;
          if (is_new)
            g_array_append_val (written[kind], id);

          data->changed[kind] = TRUE;
        }
    }

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    for (guint i = 0; i < written[kind]->len; i++)
      if (!_kon_org_index_row (store, &table_infos[kind], g_array_index (written[kind], gint64, i), error))
        return FALSE;

  return TRUE;
}

static gboolean
restore_in_transaction (KonStore  *store,
                        gpointer   user_data,
                        GError   **error)
{
  GArray *written[KON_ORG_N_KINDS];   /* ids */
  gboolean ok;

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    written[kind] = g_array_new (FALSE, FALSE, sizeof (gint64));

  ok = restore_rows (store, user_data, written, error);

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    g_array_unref (written[kind]);

  return ok;
}

/* Public API: names */

const char *
kon_side_to_string (KonSide side)
{
  switch (side)
    {
    case KON_SIDE_HF:
      return C_("side", "Hospital trust");
    case KON_SIDE_MUNICIPAL:
      return C_("side", "Municipalities");
    case KON_SIDE_NONE:
    default:
      return C_("side", "None");
    }
}

const char *
kon_partner_kind_to_string (KonPartnerKind kind)
{
  switch (kind)
    {
    case KON_PARTNER_KIND_HELSEFORETAK:
      return C_("partner kind", "Hospital trust");
    case KON_PARTNER_KIND_KOMMUNE:
    default:
      return C_("partner kind", "Municipality");
    }
}

const char *
kon_body_kind_to_string (KonBodyKind kind)
{
  switch (kind)
    {
    case KON_BODY_KIND_DIALOGMOTE:
      return _("Dialogue meeting");
    case KON_BODY_KIND_PARTNERSKAPSMOTE:
      return _("Partnership meeting");
    case KON_BODY_KIND_SSU:
      return _("Strategic cooperation committee");
    case KON_BODY_KIND_AREA_COMMITTEE:
      return _("Area committee");
    case KON_BODY_KIND_FSU:
      return _("Professional cooperation committee");
    case KON_BODY_KIND_SECRETARIAT:
      return _("Secretariat");
    case KON_BODY_KIND_WORKING_GROUP:
      return _("Working group");
    case KON_BODY_KIND_COUNCIL:
      return _("Council");
    case KON_BODY_KIND_OTHER:
    default:
      return C_("body kind", "Other");
    }
}

const char *
kon_role_kind_to_string (KonRoleKind kind)
{
  switch (kind)
    {
    case KON_ROLE_KIND_DEPUTY:
      return _("Deputy member");
    case KON_ROLE_KIND_OBSERVER:
      return _("Observer with right to speak");
    case KON_ROLE_KIND_LEADER:
      return _("Leader");
    case KON_ROLE_KIND_DEPUTY_LEADER:
      return _("Deputy leader");
    case KON_ROLE_KIND_SECRETARY:
      return _("Secretary");
    case KON_ROLE_KIND_MEMBER:
    default:
      return _("Member");
    }
}

const char *
kon_represents_to_string (KonRepresents represents)
{
  switch (represents)
    {
    case KON_REPRESENTS_PARTNER:
      return C_("represents", "A partner");
    case KON_REPRESENTS_SIDE:
      return C_("represents", "A side");
    case KON_REPRESENTS_USERS:
      return C_("represents", "Users (user representative)");
    case KON_REPRESENTS_GPS:
      return C_("represents", "GPs (GP representative)");
    case KON_REPRESENTS_EMPLOYEES:
      return C_("represents", "Employees (employee representative)");
    case KON_REPRESENTS_NONE:
    default:
      return C_("represents", "Nobody in particular");
    }
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

  rows = query_rows (store, &table_infos[KON_ORG_COMMUNITY],
                     table_infos[KON_ORG_COMMUNITY].select_all, NULL, NULL, error);
  if (rows == NULL || rows->len == 0)
    return NULL;

  return g_ptr_array_steal_index (rows, 0);
}

GPtrArray *
kon_org_list_partners (KonStore  *store,
                       GError   **error)
{
  GPtrArray *rows;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  rows = query_rows (store, &table_infos[KON_ORG_PARTNER],
                     table_infos[KON_ORG_PARTNER].select_all, NULL, NULL, error);
  if (rows != NULL)
    sort_rows_by (rows, partner_display_name);

  return rows;
}

GPtrArray *
kon_org_list_persons (KonStore  *store,
                      GError   **error)
{
  GPtrArray *rows;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  rows = query_rows (store, &table_infos[KON_ORG_PERSON],
                     table_infos[KON_ORG_PERSON].select_all, NULL, NULL, error);
  if (rows != NULL)
    sort_rows_by (rows, person_display_name);

  return rows;
}

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

  rows = query_rows (store, &table_infos[KON_ORG_BODY],
                     table_infos[KON_ORG_BODY].select_all, NULL, NULL, error);
  if (rows == NULL)
    return NULL;

  sort_rows_by (rows, body_display_name);

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

static GPtrArray *
list_roles (KonStore    *store,
            const char  *sql,
            const char  *uuid,
            gboolean     of_body,
            GError     **error)
{
  const KonOrgTableInfo *info = &table_infos[KON_ORG_ROLE];
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree RoleSortItem *items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  rows = g_ptr_array_new_with_free_func (info->free);
  stmt = kon_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);

  /* The role's columns, then the name to sort by */
  items = g_new0 (RoleSortItem, 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KonRole *role = info->from_stmt (stmt);
      const char *name = column_text (stmt, info->n_columns);

      items = g_renew (RoleSortItem, items, rows->len + 1);
      items[rows->len].rank = role_kind_rank[role->kind];
      items[rows->len].key = g_utf8_collate_key (name != NULL ? name : "", -1);
      items[rows->len].role = role;
      g_ptr_array_add (rows, role);
    }

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, store_db (store), rc);
      sqlite3_reset (stmt);
      for (guint i = 0; i < rows->len; i++)
        g_free (items[i].key);
      return NULL;
    }

  sqlite3_reset (stmt);

  if (!of_body)
    {
      /* A person's roles: by body name, then by kind */
      for (guint i = 0; i < rows->len; i++)
        items[i].rank = 0;
    }

  qsort (items, rows->len, sizeof (RoleSortItem), compare_role_items);

  for (guint i = 0; i < rows->len; i++)
    {
      rows->pdata[i] = items[i].role;
      g_free (items[i].key);
    }

  return g_steal_pointer (&rows);
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

  return list_roles (store,
                     "SELECT role.uuid, person.uuid, body.uuid, role.kind, role.represents, "
                     "partner.uuid, role.side, role.from_date, role.to_date, person.name "
                     "FROM role JOIN person ON person.id = role.person_id "
                     "JOIN body ON body.id = role.body_id "
                     "LEFT JOIN partner ON partner.id = role.partner_id "
                     "WHERE role.body_id = (SELECT id FROM body WHERE uuid = ?)",
                     body_uuid, TRUE, error);
}

/**
 * kon_org_list_roles_of_person:
 *
 * Returns: (transfer full): the person's roles, by body name
 */
GPtrArray *
kon_org_list_roles_of_person (KonStore    *store,
                              const char  *person_uuid,
                              GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (person_uuid != NULL, NULL);

  return list_roles (store,
                     "SELECT role.uuid, person.uuid, body.uuid, role.kind, role.represents, "
                     "partner.uuid, role.side, role.from_date, role.to_date, body.name "
                     "FROM role JOIN person ON person.id = role.person_id "
                     "JOIN body ON body.id = role.body_id "
                     "LEFT JOIN partner ON partner.id = role.partner_id "
                     "WHERE role.person_id = (SELECT id FROM person WHERE uuid = ?)",
                     person_uuid, FALSE, error);
}

KonPartner *
kon_org_get_partner (KonStore    *store,
                     const char  *uuid,
                     GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return get_row (store, &table_infos[KON_ORG_PARTNER], uuid, error);
}

KonPerson *
kon_org_get_person (KonStore    *store,
                    const char  *uuid,
                    GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return get_row (store, &table_infos[KON_ORG_PERSON], uuid, error);
}

KonBody *
kon_org_get_body (KonStore    *store,
                  const char  *uuid,
                  GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return get_row (store, &table_infos[KON_ORG_BODY], uuid, error);
}

KonRole *
kon_org_get_role (KonStore    *store,
                  const char  *uuid,
                  GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return get_row (store, &table_infos[KON_ORG_ROLE], uuid, error);
}

/* Public API: search */

/* Each word of @query as an FTS5 prefix phrase: "bø"* "kommune"*.  Quoting
 * keeps FTS5 syntax (AND, NEAR, "-", …) out of what the user types. */
static char *
build_match_query (const char *query)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) match = g_string_new (NULL);

  if (query == NULL)
    return NULL;

  words = g_strsplit_set (query, " \t\n\r", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_word_char = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          {
            has_word_char = TRUE;
            break;
          }

      if (!has_word_char || !g_utf8_validate (words[i], -1, NULL))
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');

      g_string_append_c (match, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append (match, "\"*");
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

typedef struct
{
  char *key;
  char *uuid;
} SearchHit;

static int
compare_search_hits (gconstpointer a,
                     gconstpointer b)
{
  const SearchHit *hit_a = a;
  const SearchHit *hit_b = b;
  int cmp = strcmp (hit_a->key, hit_b->key);

  return cmp != 0 ? cmp : strcmp (hit_a->uuid, hit_b->uuid);
}

static GPtrArray *
search (KonStore    *store,
        const char  *query,
        const char  *match_sql,
        const char  *all_sql,
        GError     **error)
{
  g_autofree char *match = build_match_query (query);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (SearchHit));
  GPtrArray *uuids;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kon_store_prepare (store, match != NULL ? match_sql : all_sql, error);
  if (stmt == NULL)
    return NULL;

  if (match != NULL)
    bind_text (stmt, 1, match);

  /* uuid, display name */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = column_text (stmt, 1);
      SearchHit hit = { g_utf8_collate_key (name != NULL ? name : "", -1), column_dup (stmt, 0) };

      g_array_append_val (hits, hit);
    }

  sqlite3_reset (stmt);

  uuids = g_ptr_array_new_full (hits->len, g_free);
  g_array_sort (hits, compare_search_hits);

  for (guint i = 0; i < hits->len; i++)
    {
      SearchHit *hit = &g_array_index (hits, SearchHit, i);

      g_free (hit->key);
      g_ptr_array_add (uuids, hit->uuid);
    }

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, store_db (store), rc);
      g_ptr_array_unref (uuids);
      return NULL;
    }

  return uuids;
}

/**
 * kon_org_search_partners:
 * @query: what the user typed; empty for every partner
 *
 * Returns: (transfer full) (element-type utf8): UUIDs of the partners whose
 *   name, short name, aliases or region have a word that starts with each
 *   word of @query, in display order
 */
GPtrArray *
kon_org_search_partners (KonStore    *store,
                         const char  *query,
                         GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return search (store, query,
                 "SELECT partner.uuid, CASE WHEN partner.short_name <> '' "
                 "THEN partner.short_name ELSE partner.name END "
                 "FROM partner_fts JOIN partner ON partner.id = partner_fts.rowid "
                 "WHERE partner_fts MATCH ?",
                 "SELECT uuid, CASE WHEN short_name <> '' THEN short_name ELSE name END FROM partner",
                 error);
}

/**
 * kon_org_search_persons:
 * @query: what the user typed; empty for everybody
 *
 * Returns: (transfer full) (element-type utf8): UUIDs of the persons whose
 *   name, title or e-mail have a word that starts with each word of
 *   @query, in display order
 */
GPtrArray *
kon_org_search_persons (KonStore    *store,
                        const char  *query,
                        GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return search (store, query,
                 "SELECT person.uuid, person.name "
                 "FROM person_fts JOIN person ON person.id = person_fts.rowid "
                 "WHERE person_fts MATCH ?",
                 "SELECT uuid, name FROM person",
                 error);
}

/* Public API: writing */

gboolean
kon_org_save_community (KonStore            *store,
                        const KonCommunity  *community,
                        GError             **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (community != NULL, FALSE);

  if (!require_uuid (community->uuid, error))
    return FALSE;

  if (community->user_representatives_per_body < 0 || community->user_representatives_per_body > MAX_COUNT ||
      community->gp_representatives_per_body < 0 || community->gp_representatives_per_body > MAX_COUNT)
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("The number of representatives per body must be between 0 and %d."), MAX_COUNT);
      return FALSE;
    }

  return save_row (store, &table_infos[KON_ORG_COMMUNITY], community, error);
}

gboolean
kon_org_save_partner (KonStore          *store,
                      const KonPartner  *partner,
                      GError           **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (partner != NULL, FALSE);

  if (!require_uuid (partner->uuid, error) ||
      !require_name (partner->name, _("The partner needs a name."), error))
    return FALSE;

  if (partner->side == KON_SIDE_NONE)
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("Choose the side of the partner: the hospital trust’s or the municipalities’."));
      return FALSE;
    }

  return save_row (store, &table_infos[KON_ORG_PARTNER], partner, error);
}

gboolean
kon_org_save_person (KonStore         *store,
                     const KonPerson  *person,
                     GError          **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (person != NULL, FALSE);

  if (!require_uuid (person->uuid, error) ||
      !require_name (person->name, _("The person needs a name."), error))
    return FALSE;

  return save_row (store, &table_infos[KON_ORG_PERSON], person, error);
}

gboolean
kon_org_save_body (KonStore       *store,
                   const KonBody  *body,
                   GError        **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!require_uuid (body->uuid, error) ||
      !require_name (body->name, _("The body needs a name."), error))
    return FALSE;

  if (body->parent_uuid != NULL && g_str_equal (body->parent_uuid, body->uuid))
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("A body cannot be placed under itself or under one of its own sub-bodies."));
      return FALSE;
    }

  if (body->meetings_per_year < 0 || body->meetings_per_year > MAX_COUNT ||
      body->seats_per_side < 0 || body->seats_per_side > MAX_COUNT)
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("Meetings per year and seats per side must be between 0 and %d."), MAX_COUNT);
      return FALSE;
    }

  return save_row (store, &table_infos[KON_ORG_BODY], body, error);
}

/**
 * kon_org_save_role:
 *
 * Saves @role.  A role that does not represent a partner is saved without
 * one; a role that represents a partner and has no side gets the
 * partner's.
 */
gboolean
kon_org_save_role (KonStore       *store,
                   const KonRole  *role,
                   GError        **error)
{
  g_autoptr(KonRole) copy = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  if (!require_uuid (role->uuid, error))
    return FALSE;

  if (role->person_uuid == NULL || *role->person_uuid == '\0')
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID, _("Choose the person who has the role."));
      return FALSE;
    }

  if (role->body_uuid == NULL || *role->body_uuid == '\0')
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID, _("Choose the body the role is in."));
      return FALSE;
    }

  copy = kon_role_copy (role);

  if (copy->represents != KON_REPRESENTS_PARTNER)
    g_clear_pointer (&copy->partner_uuid, g_free);
  else if (copy->partner_uuid == NULL || *copy->partner_uuid == '\0')
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("Choose the partner that the role represents."));
      return FALSE;
    }
  else if (copy->side == KON_SIDE_NONE)
    {
      g_autoptr(KonPartner) partner = kon_org_get_partner (store, copy->partner_uuid, error);

      if (partner == NULL)
        return FALSE;
      copy->side = partner->side;
    }

  if (copy->represents == KON_REPRESENTS_SIDE && copy->side == KON_SIDE_NONE)
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID,
                   _("Choose the side that the role represents."));
      return FALSE;
    }

  if (g_date_valid (&copy->from) && g_date_valid (&copy->to) &&
      g_date_compare (&copy->from, &copy->to) > 0)
    {
      g_set_error (error, KON_ORG_ERROR, KON_ORG_ERROR_INVALID, _("The role ends before it begins."));
      return FALSE;
    }

  return save_row (store, &table_infos[KON_ORG_ROLE], copy, error);
}

/* Public API: deleting */

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

/**
 * kon_org_describe_delete:
 * @table: "partner", "person", "body" or "role"
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
  const KonOrgTableInfo *info;
  g_autoptr(GString) text = g_string_new (NULL);
  gpointer row;
  guint n_roles = 0;
  guint n_persons = 0;
  guint n_children = 0;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  info = table_info_for_name (table);
  g_return_val_if_fail (info != NULL && info->kind != KON_ORG_COMMUNITY, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  row = get_row (store, info, uuid, error);
  if (row == NULL)
    return NULL;

  switch (info->kind)
    {
    case KON_ORG_PARTNER:
      if (!query_count (store, "SELECT count(*) FROM person "
                               "WHERE partner_id = (SELECT id FROM partner WHERE uuid = ?)", uuid, &n_persons, error) ||
          !query_count (store, "SELECT count(*) FROM role "
                               "WHERE partner_id = (SELECT id FROM partner WHERE uuid = ?)", uuid, &n_roles, error))
        break;

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
      break;

    case KON_ORG_PERSON:
      if (!query_count (store, "SELECT count(*) FROM role "
                               "WHERE person_id = (SELECT id FROM person WHERE uuid = ?)", uuid, &n_roles, error))
        break;

      if (n_roles > 0)
        {
          g_autofree char *sentence =
            g_strdup_printf (ngettext ("The person’s %u role is deleted too.",
                                       "The person’s %u roles are deleted too.",
                                       n_roles), n_roles);
          append_sentence (text, sentence);
        }
      break;

    case KON_ORG_BODY:
      {
        const KonBody *body = row;

        if (!query_count (store, "SELECT count(*) FROM role "
                                 "WHERE body_id = (SELECT id FROM body WHERE uuid = ?)", uuid, &n_roles, error) ||
            !query_count (store, "SELECT count(*) FROM body "
                                 "WHERE parent_id = (SELECT id FROM body WHERE uuid = ?)", uuid, &n_children, error))
          break;

        if (n_roles > 0)
          {
            g_autofree char *sentence =
              g_strdup_printf (ngettext ("The %u role in the body is deleted too.",
                                         "The %u roles in the body are deleted too.",
                                         n_roles), n_roles);
            append_sentence (text, sentence);
          }

        if (n_children > 0)
          {
            g_autoptr(KonBody) parent = NULL;
            g_autofree char *sentence = NULL;

            if (body->parent_uuid != NULL)
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
      break;

    case KON_ORG_ROLE:
    case KON_ORG_COMMUNITY:
    case KON_ORG_N_KINDS:
    default:
      break;
    }

  info->free (row);

  if (error != NULL && *error != NULL)
    return NULL;

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * kon_org_delete:
 * @table: "partner", "person", "body" or "role"
 *
 * Deletes the row and what goes with it (see kon_org_describe_delete()),
 * in one transaction.
 *
 * Returns: (transfer full): the snapshot for kon_org_restore(), or %NULL
 *   with @error set
 */
JsonNode *
kon_org_delete (KonStore    *store,
                const char  *table,
                const char  *uuid,
                GError     **error)
{
  DeleteData data = { NULL };

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  data.info = table_info_for_name (table);
  g_return_val_if_fail (data.info != NULL && data.info->kind != KON_ORG_COMMUNITY, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  data.uuid = uuid;

  if (!kon_store_transaction (store, delete_in_transaction, &data, error))
    {
      g_clear_pointer (&data.snapshot, json_node_unref);
      return NULL;
    }

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    if (data.changed[kind])
      kon_store_emit_changed (store, table_infos[kind].table);

  return data.snapshot;
}

/**
 * kon_org_restore:
 * @snapshot: what kon_org_delete() returned
 *
 * Puts back every row of @snapshot as it was before the delete, with its
 * exchange state, in one transaction.
 */
gboolean
kon_org_restore (KonStore   *store,
                 JsonNode   *snapshot,
                 GError    **error)
{
  RestoreData data = { NULL };

  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  data.snapshot = snapshot;

  if (!kon_store_transaction (store, restore_in_transaction, &data, error))
    return FALSE;

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    if (data.changed[kind])
      kon_store_emit_changed (store, table_infos[kind].table);

  return TRUE;
}
