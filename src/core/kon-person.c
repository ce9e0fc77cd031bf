/* kon-person.c: a person who holds roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-person.h"

static const KonField fields[] = {
  { "name", KON_FIELD_STRING, KON_FIELD_REQUIRED | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPerson, name) },
  { "title", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPerson, title) },
  /* A search for "Bodø" also finds the people who come from Bodø */
  { "partner", KON_FIELD_REF, KON_FIELD_NULLABLE | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPerson, partner_uuid),
    .ref_table = "partner", .on_delete = KON_ON_DELETE_SET_NULL },
  { "email", KON_FIELD_STRING, KON_FIELD_NULLABLE | KON_FIELD_SEARCH, G_STRUCT_OFFSET (KonPerson, email) },
  { "phone", KON_FIELD_STRING, KON_FIELD_NULLABLE, G_STRUCT_OFFSET (KonPerson, phone) },
};

static const char *
name_text (gconstpointer row)
{
  return ((const KonPerson *) row)->name;
}

const KonTable kon_person_table = {
  .name = "person",
  .member = "persons",
  .size = sizeof (KonPerson),
  .get_type = kon_person_get_type,
  .free = (GDestroyNotify) kon_person_free,
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .name_text = name_text,
  .sort_text = name_text,
};

KON_DEFINE_ROW_TYPE (KonPerson, kon_person, &kon_person_table)
