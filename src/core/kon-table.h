/* kon-table.h: a table declared once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every kind of row (a partner, a person, a body, a role, and the tables
 * still to come: seats, cases, meetings, votes…) is a plain struct that
 * starts with KON_ROW_HEADER, and is described once by a KonTable: its
 * fields in order, with their type, where they sit in the struct and the
 * rules of their values.  That one description drives everything done
 * with a row that does not depend on its meaning: new, copy, free,
 * compare, hash, exchange JSON in and out, and (in the store's backend)
 * the SQL that reads, binds and writes it.  Adding a table is a struct, a
 * KonField array and a KonTable, not seven functions.
 *
 * The field's key is its name in the exchange format and, unless the
 * field says otherwise, its column in the database.  A reference (REF) is
 * the uuid of a row of another table; the database stores it as it
 * likes (the SQLite backend as the integer id of that row).
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The first members of every row struct */
#define KON_ROW_HEADER \
  char   *uuid;        /* RFC 4122, lower case: how the row is known everywhere */ \
  gint64  revision     /* 0: never saved; the store's revision otherwise */

typedef struct
{
  KON_ROW_HEADER;
} KonRowHeader;

#define KON_ROW(row)          ((KonRowHeader *) (row))
#define KON_ROW_UUID(row)     (((const KonRowHeader *) (row))->uuid)
#define KON_ROW_REVISION(row) (((const KonRowHeader *) (row))->revision)

typedef enum
{
  KON_FIELD_STRING,   /* char *: NULL only when NULLABLE */
  KON_FIELD_INT,      /* int in [min, max]; NULLABLE: 0 is null */
  KON_FIELD_BOOL,     /* gboolean */
  KON_FIELD_ENUM,     /* int, written as its id ("municipal"); NULLABLE: 0 is null */
  KON_FIELD_DATE,     /* GDate; invalid (g_date_valid() FALSE) is null */
  KON_FIELD_REF,      /* char *: the uuid of a row of ref_table; NULL only when NULLABLE */
  KON_FIELD_STRV,     /* char **: NULL-terminated, never NULL; a list of text */
} KonFieldType;

typedef enum
{
  KON_FIELD_NULLABLE = 1 << 0,   /* may be null */
  KON_FIELD_REQUIRED = 1 << 1,   /* text that must not be empty (a name) */
  KON_FIELD_SEARCH   = 1 << 2,   /* in the full-text index of its table; on a REF: a
                                  * search also finds the rows whose referred row matches */
} KonFieldFlags;

/* What happens to a row that refers to a row being deleted */
typedef enum
{
  KON_ON_DELETE_CASCADE,    /* it goes too (a person's roles) */
  KON_ON_DELETE_SET_NULL,   /* it stays, without the reference (a person's partner) */
  KON_ON_DELETE_REPARENT,   /* it takes the deleted row's own reference (a sub-body moves up) */
} KonOnDelete;

typedef struct
{
  const char *id;      /* as written in the exchange and the database: "municipal" */
  int         value;
} KonEnumName;

typedef struct
{
  const char         *key;          /* exchange key; the column too, unless column is set */
  KonFieldType        type;
  KonFieldFlags       flags;
  gsize               offset;       /* G_STRUCT_OFFSET */
  const char         *column;       /* nullable: the column when it differs from key */
  int                 min;          /* INT: the range */
  int                 max;
  const KonEnumName  *enum_names;   /* ENUM */
  guint               n_enum_names;
  const char         *ref_table;    /* REF: the name of the table referred to */
  KonOnDelete         on_delete;    /* REF */
  guint               since;        /* the exchange format version that added it (0: the first);
                                     * an older document lacks it, and it is left unset */
} KonField;

typedef struct _KonTable KonTable;

struct _KonTable
{
  const char      *name;        /* "partner": the table, and KonStore::changed's detail */
  const char      *member;      /* "partners": its array in an exchange document */
  gsize            size;        /* sizeof the row struct */
  GType          (*get_type)    (void);
  GDestroyNotify   free;        /* the row type's _free () */
  const KonField  *fields;      /* in the exchange's order; uuid and revision are not listed */
  guint            n_fields;
  gboolean         singleton;   /* at most one row (the community) */
  guint            since;       /* the exchange format version that added it (0: the first) */
  /* The text the display order sorts by, with the locale's collation */
  const char    *(*sort_text)   (gconstpointer   row);
  /* The row's name as messages write it ("Bodø kommune"), or NULL for a
   * row without a name of its own (a role) */
  const char    *(*name_text)   (gconstpointer   row);
  /* Rules of a row beyond each field's own (nullable); on failure sets
   * @out_key to the key the problem is at (or NULL for the whole row) and
   * a translated @error that says what is wrong, KON_TABLE_ERROR_INVALID */
  gboolean       (*validate)    (gconstpointer   row,
                                 const char    **out_key,
                                 GError        **error);
};

#define KON_TABLE_ERROR (kon_table_error_quark ())

typedef enum
{
  KON_TABLE_ERROR_INVALID,   /* a value that breaks a rule: the message says which and why */
} KonTableError;

/* The hash of a row's exchanged content (kon_table_row_hash()) */
#define KON_ROW_HASH_SIZE 16

typedef struct
{
  guint8   bytes[KON_ROW_HASH_SIZE];
  gboolean set;
} KonRowHash;

GQuark            kon_table_error_quark    (void);

/* Every table the program knows, in an order where a table comes after
 * the tables it refers to (the order of an exchange document) */
const KonTable * const *kon_tables          (guint            *n_tables);
const KonTable   *kon_table_lookup          (const char       *name);
const KonField   *kon_table_get_field       (const KonTable   *table,
                                             const char       *key);
/* The table whose rows are of @type (KON_TYPE_PARTNER, …), or NULL */
const KonTable   *kon_table_for_type        (GType             type);

/* Rows: zeroed, with a fresh uuid, "" for required text and an empty
 * list for STRV fields; copy is deep; free is NULL-safe */
gpointer          kon_table_row_new         (const KonTable   *table);
gpointer          kon_table_row_copy        (const KonTable   *table,
                                             gconstpointer     row);
void              kon_table_row_free        (const KonTable   *table,
                                             gpointer          row);
/* Whether the fields (not uuid or revision) are the same */
gboolean          kon_table_row_equal       (const KonTable   *table,
                                             gconstpointer     a,
                                             gconstpointer     b);
/* Every field and the uuid, unambiguously encoded, through SHA-256 */
void              kon_table_row_hash        (const KonTable   *table,
                                             gconstpointer     row,
                                             KonRowHash       *out_hash);
gboolean          kon_row_hash_equal        (const KonRowHash *a,
                                             const KonRowHash *b);
/* The field rules (type ranges, required text, enum values) and the
 * table's validate() */
gboolean          kon_table_row_validate    (const KonTable   *table,
                                             gconstpointer     row,
                                             const char      **out_key,
                                             GError          **error);

/* Exchange JSON.  to_json: an object with uuid, then every field in
 * order (null where unset).  from_json: every key known, every field
 * present (null where unset) and of its type, the rules kept; a field
 * newer than @format_version (its `since`) is absent and unset; a problem
 * is a KON_TABLE_ERROR_INVALID whose message starts with the JSON path
 * (@path, "$.persons[3]", then the key). */
JsonNode         *kon_table_row_to_json     (const KonTable   *table,
                                             gconstpointer     row);
gpointer          kon_table_row_from_json   (const KonTable   *table,
                                             JsonNode         *node,
                                             const char       *path,
                                             guint             format_version,
                                             GError          **error);

/* Field values */
const char       *kon_field_enum_to_id      (const KonField   *field,
                                             int               value);
gboolean          kon_field_enum_from_id    (const KonField   *field,
                                             const char       *id,
                                             int              *out_value);
#define KON_FIELD_PTR(row, field) ((gpointer) ((guint8 *) (row) + (field)->offset))

/* A list of text as JSON text ("[\"a\",\"b\"]"), and back (never NULL) */
char             *kon_strv_to_json          (char            **strv);
char            **kon_strv_from_json        (const char       *text);
/* RFC 4122 text, any case */
gboolean          kon_uuid_is_valid         (const char       *text);
/* ISO 8601 "2021-05-25", or NULL for an invalid (unset) date */
char             *kon_date_to_iso           (const GDate      *date);
gboolean          kon_date_from_iso         (const char       *text,
                                             GDate            *out_date);

/* Declares a row type's GType and its new/copy/free over its KonTable:
 * KON_DEFINE_ROW_TYPE (KonPartner, kon_partner, &kon_partner_table) */
#define KON_DEFINE_ROW_TYPE(TypeName, type_name, table_ptr)                      \
  TypeName *type_name##_new (void) { return kon_table_row_new (table_ptr); }     \
  TypeName *type_name##_copy (const TypeName *row)                               \
  { return row != NULL ? kon_table_row_copy (table_ptr, row) : NULL; }           \
  void type_name##_free (TypeName *row) { kon_table_row_free (table_ptr, row); } \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_copy, type_name##_free)

#define KON_DECLARE_ROW_TYPE(TypeName, type_name)                                \
  GType     type_name##_get_type (void) G_GNUC_CONST;                           \
  TypeName *type_name##_new      (void);                                         \
  TypeName *type_name##_copy     (const TypeName *row);                          \
  void      type_name##_free     (TypeName       *row);                          \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, type_name##_free)

G_END_DECLS
