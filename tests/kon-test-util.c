/* kon-test-util.c: helpers the core tests and benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kon-cases.h"
#include "kon-test-util.h"

/* Where each table's rows are, in the order of kon_tables () (checked) */
enum
{
  COMMUNITY,
  PARTNERS,
  PERSONS,
  BODIES,
  SEATS,
  ROLES,
  CASES,
  CASE_EVENTS,
};

/* Names with Æ, Ø and Å, and texts that JSON must escape */
const char * const kon_test_first_names[KON_TEST_N_FIRST_NAMES] = {
  "Kari", "Ola", "Åse", "Øystein", "Ærlig", "Bjørn", "Ingrid", "Håkon", "Siv", "Tor",
};
const char * const kon_test_last_names[KON_TEST_N_LAST_NAMES] = {
  "Nordmann", "Bø", "Bodø", "Sørensen", "Åsheim", "Ødegård", "Hansen", "Ås",
};
const char * const kon_test_regions[KON_TEST_N_REGIONS] = { "Lofoten", "Salten", "Vesterålen" };
const char * const kon_test_tricky[KON_TEST_N_TRICKY] = {
  "«Sitat» med \"anførselstegn\" og \\skråstrek\\",
  "Linje én\nLinje to\tmed tab",
  "Kontrolltegn \x01\x1f og NBSP\xc2\xa0her",
  "Emoji 🏥 og linjeskille \xe2\x80\xa8 slutt",
  "Æ Ø Å æ ø å",
};

/**
 * kon_test_remove_tree:
 * @path: a folder (or a file)
 *
 * Removes @path and everything in it, making the folders writable first
 * (tests make read-only ones).
 */
void
kon_test_remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  g_chmod (path, 0700);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        kon_test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_dir_close (dir);
  g_rmdir (path);
}

static int
compare_rows_by_uuid (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (KON_ROW_UUID (*(gpointer *) a), KON_ROW_UUID (*(gpointer *) b));
}

KonStore *
kon_test_open_store (const char *dir,
                     const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  KonStore *store = kon_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

GBytes *
kon_test_export (KonStore         *store,
                 KonExchangeFlags  flags)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = kon_exchange_export (store, flags, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);

  return bytes;
}

KonExchangeReport *
kon_test_import (KonStore *store,
                 GBytes   *bytes)
{
  g_autoptr(GError) error = NULL;
  KonExchangeReport *report = kon_exchange_import (store, bytes, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);

  return report;
}

guint
kon_test_count_rows (KonStore       *store,
                     const KonTable *table)
{
  g_autoptr(GError) error = NULL;
  guint count = kon_store_count (store, table, NULL, NULL, &error);

  g_assert_no_error (error);

  return count;
}

/**
 * kon_test_write_document:
 * @rows: (array fixed-size=KON_TEST_N_TABLES): the rows of each table of
 *   kon_tables() in its order, but the community's (@rows[0] is not
 *   read); sorted here, by UUID; an array may be empty
 *
 * Returns: an exchange document of @community and @rows, as export
 *   writes it: json-glib's generator over kon_table_row_to_json()
 */
GBytes *
kon_test_write_document (KonCommunity *community,
                         GPtrArray    *rows[KON_TEST_N_TABLES])
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);
  GString *out;
  char *text;
  gsize length;

  g_assert_cmpuint (n_tables, ==, KON_TEST_N_TABLES);
  g_assert_true (tables[0] == &kon_community_table);

  json_node_take_object (root, object);
  json_object_set_string_member (object, "format", "konsensus-exchange");
  json_object_set_int_member (object, "version", 3);
  json_object_set_member (object, tables[0]->member, kon_table_row_to_json (tables[0], community));

  for (guint t = 1; t < n_tables; t++)
    {
      JsonArray *array = json_array_sized_new (rows[t]->len);

      g_ptr_array_sort (rows[t], compare_rows_by_uuid);
      for (guint i = 0; i < rows[t]->len; i++)
        json_array_add_element (array, kon_table_row_to_json (tables[t], rows[t]->pdata[i]));
      json_object_set_array_member (object, tables[t]->member, array);
    }

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  /* As export does (kon-exchange.c): json-glib 1.6 writes U+001F raw */
  out = g_string_sized_new (length + 64);
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == 0x1f)
        g_string_append (out, "\\u001f");
      else
        g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '\n');
  g_free (text);

  return g_string_free_to_bytes (out);
}

/* A generated community (the same for the same sizes: a fixed seed),
 * with names that need the locale's collation, texts that JSON must
 * escape, and bodies set up by bodies that may sort after them.
 * @out_n_bo, @out_n_bodo: how
 * many persons are called Bø and Bodø; @out_partial: the community, the
 * partners and the top bodies only.  Each out argument may be NULL. */
GBytes *
kon_test_generate_community (guint    n_partners,
                             guint    n_persons,
                             guint    n_bodies,
                             guint    n_roles,
                             guint   *out_n_bo,
                             guint   *out_n_bodo,
                             GBytes **out_partial)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20230525);
  g_autoptr(KonCommunity) community = kon_community_new ();
  GPtrArray *rows[KON_TEST_N_TABLES] = { NULL };
  GPtrArray *partial[KON_TEST_N_TABLES] = { NULL };
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);
  GBytes *document;
  guint n_bo = 0, n_bodo = 0;

  g_free (community->name);
  community->name = g_strdup ("Stort helsefellesskap");

  g_assert_cmpuint (n_tables, ==, KON_TEST_N_TABLES);
  for (guint t = PARTNERS; t < KON_TEST_N_TABLES; t++)
    {
      rows[t] = g_ptr_array_new_with_free_func (tables[t]->free);
      partial[t] = g_ptr_array_new ();
    }

  for (guint i = 0; i < n_partners; i++)
    {
      KonPartner *partner = kon_partner_new ();

      partner->kind = i == 0 ? KON_PARTNER_KIND_HELSEFORETAK : KON_PARTNER_KIND_KOMMUNE;
      partner->side = i == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      partner->region = i % 5 == 0 ? NULL : g_strdup (kon_test_regions[i % KON_TEST_N_REGIONS]);
      g_free (partner->short_name);
      partner->short_name = g_strdup_printf ("%s %u", kon_test_last_names[i % KON_TEST_N_LAST_NAMES], i);
      g_free (partner->name);
      partner->name = g_strdup_printf ("%s kommune", partner->short_name);
      g_strfreev (partner->aliases);
      partner->aliases = i % 3 == 0 ? g_new0 (char *, 1) : g_strsplit (partner->short_name, " ", -1);
      g_ptr_array_add (rows[PARTNERS], partner);
      g_ptr_array_add (partial[PARTNERS], partner);
    }

  for (guint i = 0; i < n_persons; i++)
    {
      KonPerson *person = kon_person_new ();
      const char *last = kon_test_last_names[(i / 3) % KON_TEST_N_LAST_NAMES];

      g_free (person->name);
      person->name = g_strdup_printf ("%s %s %u", kon_test_first_names[i % KON_TEST_N_FIRST_NAMES], last, i);
      person->title = i % 4 == 0 ? NULL : g_strdup (kon_test_tricky[i % KON_TEST_N_TRICKY]);
      person->partner_uuid = i % 7 == 0 ? NULL
                             : g_strdup (((KonPartner *) rows[PARTNERS]->pdata[g_rand_int_range (rand, 0, n_partners)])->uuid);
      person->email = i % 2 == 0 ? g_strdup_printf ("person%u@example.no", i) : NULL;
      person->phone = i % 5 == 0 ? g_strdup ("+47 75 00 00 00") : NULL;
      g_ptr_array_add (rows[PERSONS], person);

      if (g_str_equal (last, "Bø"))
        n_bo++;
      else if (g_str_equal (last, "Bodø"))
        n_bodo++;
    }

  for (guint i = 0; i < n_bodies; i++)
    {
      KonBody *body = kon_body_new ();

      body->kind = (KonBodyKind) (i % (KON_BODY_KIND_OTHER + 1));
      g_free (body->name);
      body->name = g_strdup_printf ("Organ %u", i);
      body->short_name = i % 2 == 0 ? g_strdup_printf ("O%u", i) : NULL;
      /* Set up by a body made before it: no cycles, and in uuid order
       * often after it */
      body->parent_uuid = i < 4 ? NULL
                          : g_strdup (((KonBody *) rows[BODIES]->pdata[g_rand_int_range (rand, 0, i)])->uuid);
      body->mandate = i % 3 == 0 ? g_strdup (kon_test_tricky[i % KON_TEST_N_TRICKY]) : NULL;
      body->takes_decisions = i % 2 == 0;
      body->meetings_per_year = i % 12;
      body->is_public = i % 3 == 0;
      if (i % 5 == 0)
        g_date_set_dmy (&body->deadline, 25, G_DATE_MAY, 2021);
      body->seats_per_side = i % 8;
      body->term_years = i % 4 == 1 ? 4 : 0;
      g_ptr_array_add (rows[BODIES], body);
      /* One body in fifty has its seats: per side, and an observer */
      if (i % 50 == 1)
        for (int k = 0; k <= 2 * body->seats_per_side; k++)
          {
            KonSeat *seat = kon_seat_new ();

            g_free (seat->body_uuid);
            seat->body_uuid = g_strdup (body->uuid);
            g_free (seat->name);
            seat->name = g_strdup_printf ("Plass %d", k + 1);
            seat->kind = k < 2 * body->seats_per_side ? KON_ROLE_KIND_MEMBER : KON_ROLE_KIND_OBSERVER;
            seat->side = k < body->seats_per_side ? KON_SIDE_HF
                         : k < 2 * body->seats_per_side ? KON_SIDE_MUNICIPAL : KON_SIDE_NONE;
            seat->required = seat->kind == KON_ROLE_KIND_OBSERVER;
            seat->position = k;
            g_ptr_array_add (rows[SEATS], seat);
          }
      if (body->parent_uuid == NULL)
        g_ptr_array_add (partial[BODIES], body);
    }

  for (guint i = 0; i < n_roles; i++)
    {
      KonRole *role = kon_role_new ();

      g_free (role->person_uuid);
      role->person_uuid = g_strdup (((KonPerson *) rows[PERSONS]->pdata[g_rand_int_range (rand, 0, n_persons)])->uuid);
      g_free (role->body_uuid);
      role->body_uuid = g_strdup (((KonBody *) rows[BODIES]->pdata[g_rand_int_range (rand, 0, n_bodies)])->uuid);
      role->kind = (KonRoleKind) (i % (KON_ROLE_KIND_SECRETARY + 1));
      role->represents = (KonRepresents) (i % (KON_REPRESENTS_EMPLOYEES + 1));
      if (role->represents == KON_REPRESENTS_PARTNER)
        {
          KonPartner *partner = rows[PARTNERS]->pdata[i % n_partners];

          role->partner_uuid = g_strdup (partner->uuid);
          role->side = partner->side;
        }
      if (role->represents == KON_REPRESENTS_SIDE)
        role->side = i % 2 == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
      if (i % 3 == 0)
        g_date_set_dmy (&role->from, 23, G_DATE_SEPTEMBER, 2021);
      if (i % 6 == 0)
        g_date_set_dmy (&role->to, 22, G_DATE_SEPTEMBER, 2025);
      g_ptr_array_add (rows[ROLES], role);
    }

  if (out_n_bo != NULL)
    *out_n_bo = n_bo;
  if (out_n_bodo != NULL)
    *out_n_bodo = n_bodo;
  if (out_partial != NULL)
    *out_partial = kon_test_write_document (community, partial);
  document = kon_test_write_document (community, rows);

  for (guint t = PARTNERS; t < KON_TEST_N_TABLES; t++)
    {
      g_ptr_array_unref (partial[t]);
      g_ptr_array_unref (rows[t]);
    }

  return document;
}

/* The case archive */

const char * const kon_test_words[] = {
  "helsefellesskap", "kommune", "kommunene", "helseforetak", "sykehus", "pasient", "pasienter",
  "utskrivning", "utskrivningsklare", "samhandling", "samarbeid", "avtale", "avtaler", "tjeneste",
  "tjenester", "fastlege", "fastleger", "legevakt", "psykisk", "helse", "rus", "barn", "unge",
  "eldre", "skrøpelige", "habilitering", "rehabilitering", "økonomi", "økonomiplan", "økt",
  "ønske", "øvelse", "øyeblikkelig", "hjelp", "døgnopphold", "dødsfall", "føde", "fødsel",
  "følge", "følgetjeneste", "kjøring", "ambulanse", "beredskap", "plan", "planer", "planlegging",
  "strategi", "mål", "målene", "måling", "rapport", "rapportering", "år", "åpen", "åpning",
  "område", "områder", "utvalg", "utvalget", "møte", "møtet", "møteplan", "sak", "saker",
  "innstilling", "vedtak", "vedtaket", "konsensus", "drøfting", "forankring", "forankret",
  "høring", "høringssvar", "innspill", "kunnskap", "kompetanse", "rekruttering", "bemanning",
  "turnus", "sykepleier", "sykepleiere", "jordmor", "jordmødre", "lege", "leger", "spesialist",
  "spesialisthelsetjenesten", "primærhelsetjenesten", "digital", "digitale", "løsninger",
  "løsning", "journal", "meldinger", "elektroniske", "velferdsteknologi", "hjemmetjeneste",
  "hjemmesykepleie", "sykehjem", "korttidsplass", "langtidsplass", "bolig", "boliger",
  "brukerutvalg", "brukerrepresentant", "pårørende", "likeverd", "kvalitet", "pasientsikkerhet",
  "avvik", "avvikene", "læring", "forbedring", "tiltak", "tiltakene", "ressurser", "midler",
  "finansiering", "kostnad", "kostnader", "fordeling", "nøkkel", "prosjekt", "prosjekter",
  "arbeidsgruppe", "sekretariat", "sekretariatet", "ledelse", "leder", "nestleder", "rolle",
  "ansvar", "oppgaver", "oppgavedeling", "grenseflater", "veileder", "retningslinjer",
  "prosedyre", "rutine", "rutiner", "overføring", "innleggelse", "poliklinikk", "dagbehandling",
  "ventetid", "kapasitet", "belegg", "korridor", "Bodø", "Bø", "Vågan", "Hadsel", "Sortland",
  "Fauske", "Meløy", "Lofoten", "Vesterålen", "Salten", "Nordland", "nasjonal", "regional",
  "lokal", "felles", "ny", "nye", "videre", "arbeid", "evaluering", "status", "oppfølging",
  "frist", "høst", "vår", "sommer", "vinter", "januar", "februar", "mars", "april", "mai",
  "juni", "august", "september", "oktober", "november", "desember", "og", "i", "for", "til",
  "med", "om", "av", "på", "fra", "som", "er", "skal", "kan", "bør", "må", "det", "den",
};
const guint kon_test_n_words = G_N_ELEMENTS (kon_test_words);

static char *
words (GRand *rand,
       guint  n)
{
  GString *text = g_string_sized_new (n * 9);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, kon_test_words[g_rand_int_range (rand, 0, (gint32) kon_test_n_words)]);
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  guint  n_cases;
  guint  n_years;
  int    last_year;
} Archive;

static gboolean
write_archive (KonStore  *store,
               gpointer   user_data,
               GError   **error)
{
  Archive *archive = user_data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20211020);
  g_autoptr(KonCommunity) community = kon_community_new ();
  const char *names[] = { "Partnerskapsmøte", "Strategisk samarbeidsutvalg", "Klinisk samarbeidsutvalg",
                          "Faglig samarbeidsutvalg" };
  const char *patterns[] = { "{n:02}-{yyyy}", "{n:02}-{yyyy}", "{n:03}/{yyyy}", "{n:03}-{yyyy}" };
  KonBody *bodies[G_N_ELEMENTS (names)];
  g_autofree int *numbers = g_new0 (int, G_N_ELEMENTS (names) * archive->n_years);
  gboolean ok = TRUE;

  g_free (community->name);
  community->name = g_strdup ("Helsefellesskap med saksarkiv");
  if (!kon_store_save (store, &kon_community_table, community, error))
    return FALSE;

  for (guint b = 0; b < G_N_ELEMENTS (names); b++)
    {
      bodies[b] = kon_body_new ();
      g_free (bodies[b]->name);
      bodies[b]->name = g_strdup (names[b]);
      bodies[b]->case_pattern = g_strdup (patterns[b]);
      bodies[b]->takes_decisions = TRUE;
      ok = ok && kon_store_save (store, &kon_body_table, bodies[b], error);
    }

  for (guint i = 0; ok && i < archive->n_cases; i++)
    {
      g_autoptr(KonCase) c = kon_case_new ();
      guint b = i % G_N_ELEMENTS (names);
      guint y = (i / G_N_ELEMENTS (names)) % archive->n_years;
      g_autofree char *points = words (rand, 20);

      g_free (c->body_uuid);
      c->body_uuid = g_strdup (bodies[b]->uuid);
      c->year = archive->last_year - (int) y;
      c->number = ++numbers[b * archive->n_years + y];
      g_free (c->title);
      c->title = words (rand, (guint) g_rand_int_range (rand, 5, 11));
      c->kind = (KonCaseKind) (i % 3);
      c->status = (KonCaseStatus) (i % 6);
      g_date_set_dmy (&c->document_date, (GDateDay) (1 + i % 28), (GDateMonth) (1 + i % 12),
                      (GDateYear) c->year);
      c->archive_ref = g_strdup_printf ("%d/%u", c->year, 1000 + i);
      c->recommendation = g_strdup_printf ("1. %s", points);
      c->background = words (rand, 200);
      c->presentation = words (rand, 80);
      ok = kon_store_save (store, &kon_case_table, c, error);
    }

  for (guint b = 0; b < G_N_ELEMENTS (names); b++)
    kon_body_free (bodies[b]);

  return ok;
}

gboolean
kon_test_make_archive (const char  *path,
                       guint        n_cases,
                       guint        n_years,
                       int          last_year,
                       GError     **error)
{
  g_autoptr(KonStore) store = kon_store_open (path, error);
  Archive archive = { n_cases, n_years, last_year };

  if (store == NULL)
    return FALSE;

  return kon_store_bulk_write (store, write_archive, &archive, error);
}
