/* test-chart-layout.c: the organisation chart's boxes and lines, and the
 * chart on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The templates are read here with json-glib into the model's structs
 * (not through the importer), so the layout is tested on its own.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "kon-chart-layout.h"
#include "kon-chart-render.h"
#include "kon-exchange.h"

/* Loading a template ------------------------------------------------- */

typedef struct
{
  KonCommunity  community;
  GPtrArray    *partners;
  GPtrArray    *bodies;
  GPtrArray    *roles;
} Template;

static void
template_free (Template *t)
{
  g_free (t->community.uuid);
  g_free (t->community.name);
  g_clear_pointer (&t->partners, g_ptr_array_unref);
  g_clear_pointer (&t->bodies, g_ptr_array_unref);
  g_clear_pointer (&t->roles, g_ptr_array_unref);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Template, template_free)

static char *
dup_member (JsonObject *o,
            const char *key)
{
  g_assert_true (json_object_has_member (o, key));
  return g_strdup (json_object_get_string_member_with_default (o, key, NULL));
}

static void
get_date (JsonObject *o,
          const char *key,
          GDate      *date)
{
  const char *text = json_object_get_string_member_with_default (o, key, NULL);
  guint y, m, d;

  g_date_clear (date, 1);
  if (text == NULL)
    return;
  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_set_dmy (date, d, m, y);
  g_assert_true (g_date_valid (date));
}

static int
enum_of (const char *text,
         const char *const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      return i;
  g_error ("unknown value %s", text);
  return -1;
}

static const char *const side_names[] = { "", "hf", "municipal", NULL };
static const char *const body_kind_names[] = {
  "dialogmote", "partnerskapsmote", "ssu", "omradeutvalg", "fsu",
  "sekretariat", "arbeidsgruppe", "rad", "annet", NULL
};
static const char *const role_kind_names[] = {
  "member", "deputy", "observer", "leader", "deputy_leader", "secretary", NULL
};
static const char *const represents_names[] = {
  "none", "partner", "side", "users", "gps", "employees", NULL
};

static KonSide
side_of (JsonObject *o)
{
  const char *text = json_object_get_string_member_with_default (o, "side", NULL);

  return text == NULL ? KON_SIDE_NONE : enum_of (text, side_names);
}

static Template *
load_template (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Template *t = g_new0 (Template, 1);
  JsonObject *root;
  JsonObject *community;
  JsonArray *array;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  community = json_object_get_object_member (root, "community");
  t->community.uuid = dup_member (community, "uuid");
  t->community.name = dup_member (community, "name");
  t->community.user_representatives_per_body =
    json_object_get_int_member (community, "user_representatives_per_body");
  t->community.gp_representatives_per_body =
    json_object_get_int_member (community, "gp_representatives_per_body");

  t->partners = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_partner_free);
  array = json_object_get_array_member (root, "partners");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KonPartner *p = g_new0 (KonPartner, 1);

      p->uuid = dup_member (o, "uuid");
      p->kind = json_object_get_string_member (o, "kind")[0] == 'h'
                ? KON_PARTNER_KIND_HELSEFORETAK : KON_PARTNER_KIND_KOMMUNE;
      p->side = side_of (o);
      p->region = dup_member (o, "region");
      p->name = dup_member (o, "name");
      p->short_name = dup_member (o, "short_name");
      p->aliases = g_new0 (char *, 1);
      g_ptr_array_add (t->partners, p);
    }

  t->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
  array = json_object_get_array_member (root, "bodies");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KonBody *b = g_new0 (KonBody, 1);

      b->uuid = dup_member (o, "uuid");
      b->kind = enum_of (json_object_get_string_member (o, "kind"), body_kind_names);
      b->name = dup_member (o, "name");
      b->short_name = dup_member (o, "short_name");
      b->parent_uuid = dup_member (o, "parent");
      b->mandate = dup_member (o, "mandate");
      b->takes_decisions = json_object_get_boolean_member (o, "takes_decisions");
      b->meetings_per_year = json_object_get_int_member (o, "meetings_per_year");
      b->is_public = json_object_get_boolean_member (o, "public");
      get_date (o, "deadline", &b->deadline);
      b->seats_per_side = json_object_get_int_member (o, "seats_per_side");
      g_ptr_array_add (t->bodies, b);
    }

  t->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  array = json_object_get_array_member (root, "roles");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KonRole *r = g_new0 (KonRole, 1);

      r->uuid = dup_member (o, "uuid");
      r->person_uuid = dup_member (o, "person");
      r->body_uuid = dup_member (o, "body");
      r->kind = enum_of (json_object_get_string_member (o, "kind"), role_kind_names);
      r->represents = enum_of (json_object_get_string_member (o, "represents"), represents_names);
      r->partner_uuid = dup_member (o, "partner");
      r->side = side_of (o);
      get_date (o, "from", &r->from);
      get_date (o, "to", &r->to);
      g_ptr_array_add (t->roles, r);
    }

  return t;
}

static KonBody *
add_body (GPtrArray  *bodies,
          const char *uuid,
          const char *name,
          const char *parent_uuid)
{
  KonBody *b = g_new0 (KonBody, 1);

  b->uuid = g_strdup (uuid);
  b->kind = KON_BODY_KIND_OTHER;
  b->name = g_strdup (name);
  b->parent_uuid = g_strdup (parent_uuid);
  g_date_clear (&b->deadline, 1);
  g_ptr_array_add (bodies, b);
  return b;
}

static KonRole *
add_role (GPtrArray     *roles,
          const char    *person,
          const char    *body,
          KonRoleKind    kind,
          KonRepresents  represents,
          KonSide        side)
{
  KonRole *r = g_new0 (KonRole, 1);

  r->uuid = g_strdup_printf ("role-%u", roles->len);
  r->person_uuid = g_strdup (person);
  r->body_uuid = g_strdup (body);
  r->kind = kind;
  r->represents = represents;
  r->side = side;
  g_date_clear (&r->from, 1);
  g_date_clear (&r->to, 1);
  g_ptr_array_add (roles, r);
  return r;
}

/* What every layout must satisfy ------------------------------------ */

static gboolean
boxes_overlap (const KonChartBox *a,
               const KonChartBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static void
assert_valid_layout (KonChartLayout *layout,
                     GPtrArray      *bodies)
{
  guint n = kon_chart_layout_get_n_boxes (layout);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double width, height;

  kon_chart_layout_get_size (layout, &width, &height);
  g_assert_true (isfinite (width) && isfinite (height));

  /* Every body exactly once */
  g_assert_cmpuint (n, ==, bodies->len);
  for (guint i = 0; i < bodies->len; i++)
    {
      const KonBody *body = g_ptr_array_index (bodies, i);
      int index = kon_chart_layout_find_box (layout, body->uuid);

      g_assert_cmpint (index, >=, 0);
      g_assert_cmpstr (kon_chart_layout_get_box (layout, index)->body_uuid, ==, body->uuid);
      g_assert_cmpstr (kon_chart_layout_get_box (layout, index)->name, ==, body->name);
      g_assert_false (g_hash_table_contains (seen, body->uuid));
      g_hash_table_add (seen, body->uuid);
    }

  for (guint i = 0; i < n; i++)
    {
      const KonChartBox *box = kon_chart_layout_get_box (layout, i);
      KonChartPoint line[4];

      /* Inside the chart, with a real size */
      g_assert_true (isfinite (box->x) && isfinite (box->y));
      g_assert_cmpfloat (box->width, >, 0);
      g_assert_cmpfloat (box->height, >, 0);
      g_assert_cmpfloat (box->x, >=, -1e-6);
      g_assert_cmpfloat (box->y, >=, -1e-6);
      g_assert_cmpfloat (box->x + box->width, <=, width + 1e-6);
      g_assert_cmpfloat (box->y + box->height, <=, height + 1e-6);

      /* Under its parent, with a line to it */
      if (box->parent >= 0)
        {
          const KonChartBox *parent = kon_chart_layout_get_box (layout, box->parent);
          const KonBody *body = g_ptr_array_index (bodies, 0);

          for (guint b = 0; b < bodies->len; b++)
            if (g_str_equal (((KonBody *) g_ptr_array_index (bodies, b))->uuid, box->body_uuid))
              body = g_ptr_array_index (bodies, b);
          g_assert_cmpstr (parent->body_uuid, ==, body->parent_uuid);
          g_assert_cmpuint (box->depth, ==, parent->depth + 1);
          g_assert_cmpfloat (parent->y + parent->height, <, box->y);
          g_assert_true (kon_chart_layout_get_line (layout, i, line));
          g_assert_cmpfloat_with_epsilon (line[0].x, box->x + box->width / 2, 1e-9);
          g_assert_cmpfloat_with_epsilon (line[0].y, box->y, 1e-9);
          g_assert_cmpfloat_with_epsilon (line[3].x, parent->x + parent->width / 2, 1e-9);
          g_assert_cmpfloat_with_epsilon (line[3].y, parent->y + parent->height, 1e-9);
          g_assert_cmpfloat (line[1].y, >, line[3].y);
          g_assert_cmpfloat (line[1].y, <, line[0].y);
        }
      else
        {
          g_assert_cmpuint (box->depth, ==, 0);
          g_assert_false (kon_chart_layout_get_line (layout, i, line));
        }

      /* No two boxes overlap */
      for (guint j = i + 1; j < n; j++)
        if (boxes_overlap (box, kon_chart_layout_get_box (layout, j)))
          g_error ("boxes %s and %s overlap", box->name,
                   kon_chart_layout_get_box (layout, j)->name);
    }
}

static const KonChartBox *
box_named (KonChartLayout *layout,
           const char     *name)
{
  for (guint i = 0; i < kon_chart_layout_get_n_boxes (layout); i++)
    if (g_str_equal (kon_chart_layout_get_box (layout, i)->name, name))
      return kon_chart_layout_get_box (layout, i);
  g_error ("no box %s", name);
  return NULL;
}

static gboolean
has_warning (const KonChartBox   *box,
             KonChartWarningKind  kind)
{
  for (guint i = 0; i < box->n_warnings; i++)
    if (box->warnings[i].kind == kind)
      {
        g_assert_true (box->warnings[i].message != NULL && box->warnings[i].message[0] != '\0');
        return TRUE;
      }
  return FALSE;
}

static void
get_day (GDate *date,
         guint  day,
         guint  month,
         guint  year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

/* Tests -------------------------------------------------------------- */

static void
test_templates_valid (void)
{
  const char *names[] = {
    "lofoten-vesteralen-salten.json",
    "bergen.json",
    "lofoten-vesteralen-salten-demo.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(Template) t = load_template (names[i]);
      g_autoptr(KonChartLayout) layout = NULL;
      GDate today;

      g_test_message ("%s", names[i]);
      get_day (&today, 25, 11, 2026);
      layout = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles,
                                     &today, NULL);
      assert_valid_layout (layout, t->bodies);
    }
}

static void
test_demo_counts (void)
{
  g_autoptr(Template) t = load_template ("lofoten-vesteralen-salten-demo.json");
  g_autoptr(KonChartLayout) layout = NULL;
  const KonChartBox *ssu, *pm, *ksu, *sek;
  GDate today;

  get_day (&today, 25, 11, 2026);
  layout = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles, &today, NULL);

  ssu = box_named (layout, "Strategisk samarbeidsutvalg");
  g_assert_cmpuint (ssu->n_hf, ==, 7);
  g_assert_cmpuint (ssu->n_municipal, ==, 7);
  g_assert_cmpuint (ssu->n_other, ==, 0);
  g_assert_true (ssu->has_sides);
  g_assert_cmpstr (ssu->counts, ==, "HF 7 · Municipalities 7");
  g_assert_cmpuint (ssu->n_warnings, ==, 0);

  pm = box_named (layout, "Partnerskapsmøte");
  g_assert_cmpuint (pm->n_hf, ==, 1);
  g_assert_cmpuint (pm->n_municipal, ==, 20);

  /* KSU: 3 per side and a user representative, long past its deadline */
  ksu = box_named (layout, "Klinisk samarbeidsutvalg");
  g_assert_cmpuint (ksu->n_hf, ==, 3);
  g_assert_cmpuint (ksu->n_municipal, ==, 3);
  g_assert_cmpuint (ksu->n_other, ==, 1);
  g_assert_cmpstr (ksu->counts, ==, "HF 3 · Municipalities 3 · Others 1");
  g_assert_true (has_warning (ksu, KON_CHART_WARNING_PAST_DEADLINE));
  g_assert_nonnull (strstr (ksu->warnings[0].message, "25.05.2021"));
  g_assert_false (has_warning (ksu, KON_CHART_WARNING_UNEQUAL_SIDES));

  /* The secretariat has members per side but no parity rule */
  sek = box_named (layout, "Samhandlingssekretariat");
  g_assert_cmpuint (sek->n_hf, ==, 1);
  g_assert_cmpuint (sek->n_municipal, ==, 1);
  g_assert_cmpuint (sek->n_warnings, ==, 0);

  /* SSU sits under the Partnerskapsmøte; KSU, FSU and the secretariat
   * under SSU, centred */
  g_assert_cmpstr (kon_chart_layout_get_box (layout, ssu->parent)->name, ==, "Partnerskapsmøte");
  {
    double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
    guint n_children = 0;

    for (guint i = 0; i < kon_chart_layout_get_n_boxes (layout); i++)
      {
        const KonChartBox *b = kon_chart_layout_get_box (layout, i);

        if (b->parent >= 0 && kon_chart_layout_get_box (layout, b->parent) == ssu)
          {
            lo = MIN (lo, b->x + b->width / 2);
            hi = MAX (hi, b->x + b->width / 2);
            n_children++;
          }
      }
    g_assert_cmpuint (n_children, ==, 3);
    g_assert_cmpfloat_with_epsilon (ssu->x + ssu->width / 2, (lo + hi) / 2, 1e-9);
  }
}

static void
test_deadline_by_date (void)
{
  g_autoptr(Template) t = load_template ("lofoten-vesteralen-salten.json");
  GDate before, after;
  g_autoptr(KonChartLayout) early = NULL;
  g_autoptr(KonChartLayout) late = NULL;
  g_autoptr(KonChartLayout) undated = NULL;

  get_day (&before, 25, 5, 2021);
  get_day (&after, 26, 5, 2021);
  early = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles, &before, NULL);
  late = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles, &after, NULL);
  undated = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles, NULL, NULL);

  g_assert_false (has_warning (box_named (early, "Klinisk samarbeidsutvalg"),
                               KON_CHART_WARNING_PAST_DEADLINE));
  g_assert_true (has_warning (box_named (late, "Klinisk samarbeidsutvalg"),
                              KON_CHART_WARNING_PAST_DEADLINE));
  g_assert_false (has_warning (box_named (undated, "Klinisk samarbeidsutvalg"),
                               KON_CHART_WARNING_PAST_DEADLINE));

  /* No persons in the plain template: SSU's 14 seats are vacant, the
   * sides are even, and the counts are per side */
  g_assert_true (has_warning (box_named (late, "Strategisk samarbeidsutvalg"),
                              KON_CHART_WARNING_VACANT_SEATS));
  g_assert_false (has_warning (box_named (late, "Strategisk samarbeidsutvalg"),
                               KON_CHART_WARNING_UNEQUAL_SIDES));
  g_assert_cmpstr (box_named (late, "Strategisk samarbeidsutvalg")->counts, ==,
                   "HF 0 · Municipalities 0");
  g_assert_cmpstr (box_named (late, "Dialogmøte")->counts, ==, "0 members");
}

static void
test_bergen_rules (void)
{
  g_autoptr(Template) t = load_template ("bergen.json");
  g_autoptr(KonChartLayout) layout = NULL;
  KonBody *ou = NULL;

  for (guint i = 0; i < t->bodies->len; i++)
    if (g_str_equal (((KonBody *) g_ptr_array_index (t->bodies, i))->name, "Områdeutvalg"))
      ou = g_ptr_array_index (t->bodies, i);
  g_assert_nonnull (ou);

  /* Two user representatives (one an observer) and a GP in the OU; none
   * in the others.  A deputy does not count. */
  add_role (t->roles, "u1", ou->uuid, KON_ROLE_KIND_MEMBER, KON_REPRESENTS_USERS, KON_SIDE_NONE);
  add_role (t->roles, "u2", ou->uuid, KON_ROLE_KIND_OBSERVER, KON_REPRESENTS_USERS, KON_SIDE_NONE);
  add_role (t->roles, "g1", ou->uuid, KON_ROLE_KIND_MEMBER, KON_REPRESENTS_GPS, KON_SIDE_NONE);
  add_role (t->roles, "g2", ou->uuid, KON_ROLE_KIND_DEPUTY, KON_REPRESENTS_GPS, KON_SIDE_NONE);
  layout = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles, NULL, NULL);
  assert_valid_layout (layout, t->bodies);

  for (guint i = 0; i < kon_chart_layout_get_n_boxes (layout); i++)
    {
      const KonChartBox *box = kon_chart_layout_get_box (layout, i);
      gboolean is_ou = g_str_equal (box->body_uuid, ou->uuid);

      g_assert_cmpint (has_warning (box, KON_CHART_WARNING_USER_REPRESENTATIVES), ==, !is_ou);
      g_assert_cmpint (has_warning (box, KON_CHART_WARNING_GP_REPRESENTATIVES), ==, !is_ou);
    }

  /* One user representative is too few */
  g_ptr_array_remove_index (t->roles, 1);
  {
    g_autoptr(KonChartLayout) fewer = kon_chart_layout_new (&t->community, t->partners, t->bodies,
                                                            t->roles, NULL, NULL);

    g_assert_true (has_warning (box_named (fewer, "Områdeutvalg"),
                                KON_CHART_WARNING_USER_REPRESENTATIVES));
    g_assert_false (has_warning (box_named (fewer, "Områdeutvalg"),
                                 KON_CHART_WARNING_GP_REPRESENTATIVES));
  }
}

static void
test_parity (void)
{
  static const struct
  {
    guint    hf;
    guint    municipal;
    int      seats;
    gboolean unequal;
    gboolean vacant;
  } cases[] = {
    { 7, 7, 7, FALSE, FALSE },
    { 7, 6, 7, TRUE, TRUE },
    { 8, 7, 7, TRUE, FALSE },
    { 0, 0, 7, FALSE, TRUE },
    { 3, 5, 0, FALSE, FALSE },   /* no parity rule */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
      g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
      g_autoptr(KonChartLayout) layout = NULL;
      KonBody *body = add_body (bodies, "b", "Utvalg", NULL);
      const KonChartBox *box;

      body->seats_per_side = cases[c].seats;
      for (guint i = 0; i < cases[c].hf; i++)
        {
          g_autofree char *person = g_strdup_printf ("hf-%u", i);

          add_role (roles, person, "b", i == 0 ? KON_ROLE_KIND_LEADER : KON_ROLE_KIND_MEMBER,
                    KON_REPRESENTS_SIDE, KON_SIDE_HF);
        }
      for (guint i = 0; i < cases[c].municipal; i++)
        {
          g_autofree char *person = g_strdup_printf ("k-%u", i);

          add_role (roles, person, "b", KON_ROLE_KIND_MEMBER, KON_REPRESENTS_SIDE,
                    KON_SIDE_MUNICIPAL);
        }
      /* A deputy and an observer take no seat; a person with two roles
       * counts once */
      add_role (roles, "vara", "b", KON_ROLE_KIND_DEPUTY, KON_REPRESENTS_SIDE, KON_SIDE_HF);
      add_role (roles, "obs", "b", KON_ROLE_KIND_OBSERVER, KON_REPRESENTS_SIDE, KON_SIDE_HF);
      if (cases[c].hf > 0)
        add_role (roles, "hf-0", "b", KON_ROLE_KIND_MEMBER, KON_REPRESENTS_SIDE, KON_SIDE_HF);

      layout = kon_chart_layout_new (NULL, NULL, bodies, roles, NULL, NULL);
      box = kon_chart_layout_get_box (layout, 0);
      g_assert_cmpuint (box->n_hf, ==, cases[c].hf);
      g_assert_cmpuint (box->n_municipal, ==, cases[c].municipal);
      g_assert_cmpint (has_warning (box, KON_CHART_WARNING_UNEQUAL_SIDES), ==, cases[c].unequal);
      g_assert_cmpint (has_warning (box, KON_CHART_WARNING_VACANT_SEATS), ==, cases[c].vacant);
    }
}

static void
test_roles_by_date (void)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  KonRole *ended, *future;
  GDate day;

  add_body (bodies, "b", "Råd", NULL);
  add_role (roles, "open", "b", KON_ROLE_KIND_MEMBER, KON_REPRESENTS_NONE, KON_SIDE_NONE);
  ended = add_role (roles, "ended", "b", KON_ROLE_KIND_MEMBER, KON_REPRESENTS_NONE, KON_SIDE_NONE);
  get_day (&ended->to, 31, 12, 2022);
  future = add_role (roles, "future", "b", KON_ROLE_KIND_MEMBER, KON_REPRESENTS_NONE, KON_SIDE_NONE);
  get_day (&future->from, 1, 1, 2024);

  get_day (&day, 1, 6, 2023);
  {
    g_autoptr(KonChartLayout) layout = kon_chart_layout_new (NULL, NULL, bodies, roles, &day, NULL);

    g_assert_cmpuint (kon_chart_layout_get_box (layout, 0)->n_other, ==, 1);
    g_assert_cmpstr (kon_chart_layout_get_box (layout, 0)->counts, ==, "1 member");
  }
  get_day (&day, 31, 12, 2022);   /* the last day counts */
  {
    g_autoptr(KonChartLayout) layout = kon_chart_layout_new (NULL, NULL, bodies, roles, &day, NULL);

    g_assert_cmpuint (kon_chart_layout_get_box (layout, 0)->n_other, ==, 2);
  }
  {
    g_autoptr(KonChartLayout) layout = kon_chart_layout_new (NULL, NULL, bodies, roles, NULL, NULL);

    g_assert_cmpuint (kon_chart_layout_get_box (layout, 0)->n_other, ==, 3);
    g_assert_cmpstr (kon_chart_layout_get_box (layout, 0)->counts, ==, "3 members");
  }
}

static void
test_deterministic (void)
{
  g_autoptr(Template) t = load_template ("lofoten-vesteralen-salten-demo.json");
  g_autoptr(KonChartLayout) a = kon_chart_layout_new (&t->community, t->partners, t->bodies,
                                                      t->roles, NULL, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(KonChartLayout) b = NULL;

  /* Shuffle the input: the chart must not change */
  for (guint i = t->bodies->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer tmp = t->bodies->pdata[i - 1];

      t->bodies->pdata[i - 1] = t->bodies->pdata[j];
      t->bodies->pdata[j] = tmp;
    }
  b = kon_chart_layout_new (&t->community, t->partners, t->bodies, t->roles, NULL, NULL);

  g_assert_cmpuint (kon_chart_layout_get_n_boxes (a), ==, kon_chart_layout_get_n_boxes (b));
  for (guint i = 0; i < kon_chart_layout_get_n_boxes (a); i++)
    {
      const KonChartBox *ba = kon_chart_layout_get_box (a, i);
      const KonChartBox *bb = kon_chart_layout_get_box (b, kon_chart_layout_find_box (b, ba->body_uuid));

      g_assert_cmpfloat (ba->x, ==, bb->x);
      g_assert_cmpfloat (ba->y, ==, bb->y);
    }

  /* Top-level bodies left to right as the chart reads: Dialogmøte,
   * Partnerskapsmøte, then the council */
  g_assert_cmpfloat (box_named (a, "Dialogmøte")->x, <, box_named (a, "Partnerskapsmøte")->x);
  g_assert_cmpfloat (box_named (a, "Partnerskapsmøte")->x, <,
                     box_named (a, "Brukerutvalget i Nordlandssykehuset HF")->x);
}

static void
vary_size (const KonChartBox *box,
           double            *width,
           double            *height,
           gpointer           user_data)
{
  guint hash = g_str_hash (box->body_uuid);

  *width = 80 + hash % 200;
  *height = 30 + (hash >> 8) % 60;
}

static void
test_large (void)
{
  static const char *shapes[] = { "random", "chain", "flat", "comb" };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
      g_autoptr(GRand) rand = g_rand_new_with_seed (42 + s);
      g_autoptr(KonChartLayout) layout = NULL;
      KonChartMetrics metrics = { .measure = vary_size };
      double width, height;
      const guint n = 2000;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *uuid = g_strdup_printf ("body-%04u", i);
          g_autofree char *name = g_strdup_printf ("Utvalg %u", i);
          g_autofree char *parent = NULL;

          if (i > 0)
            {
              guint p = 0;

              if (s == 0)
                p = g_rand_int_range (rand, 0, i);
              else if (s == 1)
                p = i - 1;
              else if (s == 3)
                p = i % 2 == 0 ? i - 2 + (i < 2) * 0 : i - 1;
              parent = g_strdup_printf ("body-%04u", p);
            }
          add_body (bodies, uuid, name, parent);
        }

      layout = kon_chart_layout_new (NULL, NULL, bodies, NULL, NULL, &metrics);
      g_test_message ("%s", shapes[s]);
      assert_valid_layout (layout, bodies);
      kon_chart_layout_get_size (layout, &width, &height);
      g_assert_cmpfloat (width, <, 1e7);
      g_assert_cmpfloat (height, <, 1e7);
    }
}

static void
test_broken_parents (void)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
  g_autoptr(KonChartLayout) layout = NULL;
  const KonChartBox *a, *b, *c, *lost, *self_parent;

  /* A → B → C → A loop with D under it, one body whose parent is gone,
   * one that is its own parent, and a duplicate UUID */
  add_body (bodies, "a", "A", "c");
  add_body (bodies, "b", "B", "a");
  add_body (bodies, "c", "C", "b");
  add_body (bodies, "d", "D", "b");
  add_body (bodies, "e", "E", "gone");
  add_body (bodies, "f", "F", "f");
  add_body (bodies, "a", "A again", NULL);

  layout = kon_chart_layout_new (NULL, NULL, bodies, NULL, NULL, NULL);
  g_ptr_array_remove_index (bodies, 6);
  assert_valid_layout (layout, bodies);

  a = box_named (layout, "A");
  b = box_named (layout, "B");
  c = box_named (layout, "C");
  lost = box_named (layout, "E");
  self_parent = box_named (layout, "F");
  /* Cut at A, which sorts first */
  g_assert_cmpint (a->parent, ==, -1);
  g_assert_true (has_warning (a, KON_CHART_WARNING_PARENT_CYCLE));
  g_assert_false (has_warning (b, KON_CHART_WARNING_PARENT_CYCLE));
  g_assert_false (has_warning (c, KON_CHART_WARNING_PARENT_CYCLE));
  g_assert_cmpuint (c->depth, ==, 2);
  g_assert_cmpint (lost->parent, ==, -1);
  g_assert_true (has_warning (lost, KON_CHART_WARNING_MISSING_PARENT));
  g_assert_cmpint (self_parent->parent, ==, -1);
  g_assert_true (has_warning (self_parent, KON_CHART_WARNING_PARENT_CYCLE));
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(KonChartLayout) layout = kon_chart_layout_new (NULL, NULL, bodies, NULL, NULL, NULL);
  double width = -1, height = -1;

  g_assert_cmpuint (kon_chart_layout_get_n_boxes (layout), ==, 0);
  kon_chart_layout_get_size (layout, &width, &height);
  g_assert_cmpfloat (width, ==, 0);
  g_assert_cmpfloat (height, ==, 0);
  g_assert_cmpint (kon_chart_layout_find_box (layout, "x"), ==, -1);
}

/* The chart on paper ------------------------------------------------- */

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpfloat (y, <, cairo_image_surface_get_height (surface));
  return *(guint32 *) (gpointer) (data + (int) y * stride + (int) x * 4) & 0xffffff;
}

static void
test_render_fitted (void)
{
  g_autoptr(Template) t = load_template ("lofoten-vesteralen-salten-demo.json");
  g_autoptr(KonChartLayout) layout = NULL;
  cairo_rectangle_t area = { 40, 30, 1200, 700 };
  cairo_surface_t *surface;
  double width, height, scale, ox, oy;
  cairo_t *cr;
  GDate today;

  get_day (&today, 25, 11, 2026);
  layout = kon_chart_render_layout (&t->community, t->partners, t->bodies, t->roles, &today);
  assert_valid_layout (layout, t->bodies);

  /* Every box is wide enough for its text to wrap in, never a sliver */
  for (guint i = 0; i < kon_chart_layout_get_n_boxes (layout); i++)
    {
      g_assert_cmpfloat (kon_chart_layout_get_box (layout, i)->width, >=, 100);
      g_assert_cmpfloat (kon_chart_layout_get_box (layout, i)->height, >=, 30);
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, 800);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  kon_chart_render_draw_fitted (cr, layout, &area);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Fitted: scaled to the area and centred in it */
  kon_chart_layout_get_size (layout, &width, &height);
  scale = MIN (MIN (area.width / width, area.height / height), 1.5);
  ox = area.x + (area.width - width * scale) / 2;
  oy = area.y + (area.height - height * scale) / 2;
  g_assert_cmpfloat (width * scale, <=, area.width + 1e-6);
  g_assert_cmpfloat (height * scale, <=, area.height + 1e-6);

  /* Nothing outside the area */
  g_assert_cmphex (pixel_at (surface, 10, 10), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 1270, 790), ==, 0xffffff);

  for (guint i = 0; i < kon_chart_layout_get_n_boxes (layout); i++)
    {
      const KonChartBox *box = kon_chart_layout_get_box (layout, i);
      KonChartPoint line[4];

      /* A box is filled (inside its outline, left of its text) */
      g_assert_cmphex (pixel_at (surface, ox + (box->x + 3) * scale, oy + (box->y + box->height / 2) * scale),
                       !=, 0xffffff);
      /* Between a box and the next level, off the lines, is paper */
      if (box->parent >= 0)
        {
          g_assert_true (kon_chart_layout_get_line (layout, i, line));
          /* the vertical stroke into the box is drawn */
          g_assert_cmphex (pixel_at (surface, ox + line[0].x * scale, oy + (line[0].y + line[1].y) / 2 * scale),
                           !=, 0xffffff);
          g_assert_cmphex (pixel_at (surface, ox + (box->x + 2) * scale, oy + (line[0].y + line[1].y) / 2 * scale),
                           ==, 0xffffff);
        }
    }

  cairo_surface_destroy (surface);
}

/* PDF has binary streams with NUL bytes, so no g_strstr_len () */
static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_render_export (void)
{
  g_autoptr(Template) t = load_template ("lofoten-vesteralen-salten.json");
  g_autoptr(KonChartLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kon-chart-XXXXXX", &error);
  g_autofree char *pdf_path = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "no-such-folder", "chart.pdf", NULL);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) svg = g_file_new_for_path (svg_path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autofree char *contents = NULL;
  gsize length;
  GDate today;

  g_assert_no_error (error);
  get_day (&today, 23, 9, 2021);
  layout = kon_chart_render_layout (&t->community, t->partners, t->bodies, t->roles, &today);

  /* PDF: one A4 landscape page */
  g_assert_true (kon_chart_render_export (layout, t->community.name, &today, KON_CHART_FORMAT_PDF,
                                          pdf, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (pdf_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_true (contains (contents, length, "/MediaBox [ 0 0 841.89 595.28 ]"));
  g_assert_true (contains (contents, length, "/Count 1"));
  g_assert_true (contains (contents, length, "%%EOF"));
  g_clear_pointer (&contents, g_free);

  /* SVG, the same page */
  g_assert_true (kon_chart_render_export (layout, t->community.name, &today, KON_CHART_FORMAT_SVG,
                                          svg, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (svg_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_true (contains (contents, length, "<svg"));
  g_assert_true (contains (contents, length, "width=\"841.89pt\""));
  g_assert_true (contains (contents, length, "</svg>"));
  g_clear_pointer (&contents, g_free);

  /* A folder that is not there: an error, a message, no file */
  g_assert_false (kon_chart_render_export (layout, t->community.name, &today, KON_CHART_FORMAT_PDF,
                                           missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_query_exists (missing, NULL));
  g_clear_error (&error);

  g_assert_true (g_file_delete (pdf, NULL, NULL));
  g_assert_true (g_file_delete (svg, NULL, NULL));
  g_assert_no_errno (g_rmdir (dir));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ExportResult;

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExportResult *r = user_data;

  r->ok = kon_chart_render_export_finish (result, &r->error);
  r->done = TRUE;
}

static void
test_render_export_async (void)
{
  g_autoptr(Template) t = load_template ("bergen.json");
  g_autoptr(KonChartLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kon-chart-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  ExportResult result = { FALSE, FALSE, NULL };

  g_assert_no_error (error);
  layout = kon_chart_render_layout (&t->community, t->partners, t->bodies, t->roles, NULL);
  kon_chart_render_export_async (layout, t->community.name, NULL, KON_CHART_FORMAT_SVG, file,
                                 NULL, on_export_done_cb, &result);
  /* The caller may drop the layout while the export runs */
  g_clear_pointer (&layout, kon_chart_layout_unref);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  /* Four bodies: Partnerskapsmøte, SSU, Områdeutvalg, FSU */
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_no_errno (g_rmdir (dir));
}

/* Following changes --------------------------------------------------- */

/* The two charts have the same boxes with the same text and warnings */
static void
assert_same_chart (KonChartData *followed,
                   KonChartData *read)
{
  GDate day;

  g_assert_cmpuint (followed->roles->len, ==, read->roles->len);
  g_assert_cmpuint (followed->partners->len, ==, read->partners->len);

  /* Every role, and those in force on a day */
  get_day (&day, 1, 6, 2023);
  for (guint d = 0; d < 2; d++)
    {
      const GDate *date = d == 0 ? NULL : &day;
      g_autoptr(KonChartLayout) a = kon_chart_layout_new (followed->community, followed->partners,
                                                          followed->bodies, followed->roles, date, NULL);
      g_autoptr(KonChartLayout) b = kon_chart_layout_new (read->community, read->partners,
                                                          read->bodies, read->roles, date, NULL);

      g_assert_cmpuint (kon_chart_layout_get_n_boxes (a), ==, kon_chart_layout_get_n_boxes (b));
      for (guint i = 0; i < kon_chart_layout_get_n_boxes (a); i++)
        {
          const KonChartBox *x = kon_chart_layout_get_box (a, i);
          const KonChartBox *y = kon_chart_layout_get_box (b, i);

          g_assert_cmpstr (x->body_uuid, ==, y->body_uuid);
          g_assert_cmpstr (x->name, ==, y->name);
          g_assert_cmpstr (x->counts, ==, y->counts);
          g_assert_cmpint (x->parent, ==, y->parent);
          g_assert_cmpuint (x->n_warnings, ==, y->n_warnings);
          for (guint k = 0; k < x->n_warnings; k++)
            {
              g_assert_cmpint (x->warnings[k].kind, ==, y->warnings[k].kind);
              g_assert_cmpstr (x->warnings[k].message, ==, y->warnings[k].message);
            }
          g_assert_cmpfloat (x->x, ==, y->x);
          g_assert_cmpfloat (x->y, ==, y->y);
        }
    }
}

static void
assert_follows (KonChartData *data,
                KonStore     *store,
                const char   *table,
                const char   *uuid,
                KonStoreChange change)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonChartData) read = NULL;

  g_assert_true (kon_chart_data_apply_change (data, store, table, uuid, change, &error));
  g_assert_no_error (error);
  read = kon_chart_data_load (store, &error);
  g_assert_no_error (error);
  assert_same_chart (data, read);
}

static void
test_data_follows_changes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-chart-layout-XXXXXX", NULL);
  g_autofree char *database = g_build_filename (dir, "chart.db", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "lofoten-vesteralen-salten-demo.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KonStore) store = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonChartData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KonRole) role = NULL;
  g_autoptr(KonBody) body = NULL;
  g_autoptr(KonBody) group = NULL;
  g_autoptr(KonPartner) partner = NULL;
  g_autoptr(KonCommunity) community = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  KonBody *ssu = NULL;
  KonRole *member = NULL;
  guint roles_before;

  store = kon_store_open (database, &error);
  g_assert_no_error (error);
  report = kon_exchange_import_file (store, file, NULL, &error);
  g_assert_no_error (error);
  data = kon_chart_data_load (store, &error);
  g_assert_no_error (error);
  roles_before = data->roles->len;

  for (guint i = 0; i < data->bodies->len; i++)
    if (((KonBody *) g_ptr_array_index (data->bodies, i))->kind == KON_BODY_KIND_SSU)
      ssu = g_ptr_array_index (data->bodies, i);
  g_assert_nonnull (ssu);
  /* A member with no other role there, so the counts change with it */
  for (guint i = 0; i < data->roles->len && member == NULL; i++)
    {
      KonRole *r = g_ptr_array_index (data->roles, i);
      guint n_roles = 0;

      /* (not the successor whose term begins in 2027) */
      if (!g_str_equal (r->body_uuid, ssu->uuid) || r->kind != KON_ROLE_KIND_MEMBER ||
          (g_date_valid (&r->from) && g_date_get_year (&r->from) > 2026))
        continue;
      for (guint k = 0; k < data->roles->len; k++)
        {
          KonRole *other = g_ptr_array_index (data->roles, k);

          n_roles += g_str_equal (other->body_uuid, ssu->uuid)
                     && g_strcmp0 (other->person_uuid, r->person_uuid) == 0;
        }
      if (n_roles == 1)
        member = r;
    }
  g_assert_nonnull (member);
  /* the data owns it: following a change frees it */
  member = kon_role_copy (member);
  ssu = kon_body_copy (ssu);

  /* A member becomes a deputy: the SSU is a seat short */
  role = kon_role_copy (member);
  role->kind = KON_ROLE_KIND_DEPUTY;
  g_assert_true (kon_org_save_role (store, role, &error));
  g_assert_no_error (error);
  assert_follows (data, store, "role", role->uuid, KON_STORE_CHANGE_UPDATE);
  {
    /* A day all fourteen demo members hold their seats (terms follow
     * each other: counting every term ever held would count a successor) */
    GDate day;
    g_autoptr(KonChartLayout) layout = NULL;
    const KonChartBox *box;

    g_date_clear (&day, 1);
    g_date_set_dmy (&day, 1, G_DATE_JUNE, 2026);
    layout = kon_chart_layout_new (data->community, data->partners, data->bodies, data->roles, &day, NULL);
    box = kon_chart_layout_get_box (layout, kon_chart_layout_find_box (layout, ssu->uuid));

    g_assert_cmpuint (box->n_hf + box->n_municipal, ==, 13);
    g_assert_true (has_warning (box, KON_CHART_WARNING_VACANT_SEATS));
  }

  /* A new role */
  g_clear_pointer (&role, kon_role_free);
  role = kon_role_copy (member);
  g_free (role->uuid);
  role->uuid = g_uuid_string_random ();
  role->revision = 0;
  role->kind = KON_ROLE_KIND_OBSERVER;
  role->represents = KON_REPRESENTS_USERS;
  g_assert_true (kon_org_save_role (store, role, &error));
  g_assert_no_error (error);
  assert_follows (data, store, "role", role->uuid, KON_STORE_CHANGE_INSERT);
  g_assert_cmpuint (data->roles->len, ==, roles_before + 1);

  /* The role deleted */
  snapshot = kon_org_delete (store, "role", role->uuid, &error);
  g_assert_no_error (error);
  assert_follows (data, store, "role", role->uuid, KON_STORE_CHANGE_DELETE);
  g_assert_cmpuint (data->roles->len, ==, roles_before);

  /* A body renamed, and a new one under it */
  body = kon_body_copy (ssu);
  g_free (body->name);
  body->name = g_strdup ("Strategisk utval");
  g_assert_true (kon_org_save_body (store, body, &error));
  g_assert_no_error (error);
  assert_follows (data, store, "body", body->uuid, KON_STORE_CHANGE_UPDATE);
  group = kon_body_new ();
  g_free (group->name);
  group->name = g_strdup ("Arbeidsgruppe");
  group->kind = KON_BODY_KIND_WORKING_GROUP;
  group->parent_uuid = g_strdup (body->uuid);
  g_assert_true (kon_org_save_body (store, group, &error));
  g_assert_no_error (error);
  assert_follows (data, store, "body", group->uuid, KON_STORE_CHANGE_INSERT);

  /* A partner changes sides: its members' counts move with it */
  partner = kon_partner_copy (g_ptr_array_index (data->partners, 1));
  partner->side = partner->side == KON_SIDE_HF ? KON_SIDE_MUNICIPAL : KON_SIDE_HF;
  g_assert_true (kon_org_save_partner (store, partner, &error));
  g_assert_no_error (error);
  assert_follows (data, store, "partner", partner->uuid, KON_STORE_CHANGE_UPDATE);

  /* The community's rules */
  community = kon_org_get_community (store, &error);
  g_assert_no_error (error);
  community->user_representatives_per_body = 2;
  g_assert_true (kon_org_save_community (store, community, &error));
  g_assert_no_error (error);
  assert_follows (data, store, "community", NULL, KON_STORE_CHANGE_UPDATE);

  /* A body and its roles deleted, as the store says it: each table */
  g_clear_pointer (&snapshot, kon_snapshot_free);
  snapshot = kon_org_delete (store, "body", body->uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kon_chart_data_apply_change (data, store, "body", body->uuid,
                                              KON_STORE_CHANGE_DELETE, &error));
  assert_follows (data, store, "body", NULL, KON_STORE_CHANGE_UPDATE);

  /* Many rows at once (an import), what cannot be followed, and what is
   * not in a chart */
  assert_follows (data, store, "role", NULL, KON_STORE_CHANGE_RELOAD);
  assert_follows (data, store, "body", NULL, KON_STORE_CHANGE_RELOAD);
  assert_follows (data, store, "partner", NULL, KON_STORE_CHANGE_RELOAD);
  g_assert_false (kon_chart_data_apply_change (data, store, "case", "x",
                                               KON_STORE_CHANGE_UPDATE, &error));
  g_assert_true (kon_chart_data_apply_change (data, store, "person", NULL,
                                              KON_STORE_CHANGE_UPDATE, &error));
  g_assert_no_error (error);

  /* A row that is gone when it is read is as deleted */
  g_assert_true (kon_chart_data_apply_change (data, store, "role", "no-such-role",
                                              KON_STORE_CHANGE_UPDATE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KonChartData) read = kon_chart_data_load (store, &error);

    g_assert_no_error (error);
    assert_same_chart (data, read);
  }

  kon_role_free (member);
  kon_body_free (ssu);
  g_clear_object (&store);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
      g_autofree char *name = g_strconcat (database, suffixes[i], NULL);
      g_remove (name);
    }
  g_rmdir (dir);
}

/* Reading in a thread gives what reading here gives */
static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  KonChartData **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kon_chart_data_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_data_load_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-chart-layout-XXXXXX", NULL);
  g_autofree char *database = g_build_filename (dir, "chart.db", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "bergen.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KonStore) store = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonChartData) here = NULL;
  KonChartData *there = NULL;
  g_autoptr(GError) error = NULL;

  store = kon_store_open (database, &error);
  g_assert_no_error (error);
  report = kon_exchange_import_file (store, file, NULL, &error);
  g_assert_no_error (error);
  here = kon_chart_data_load (store, &error);
  g_assert_no_error (error);

  kon_chart_data_load_async (store, NULL, on_loaded_cb, &there);
  while (there == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (there->bodies->len, >, 0);
  assert_same_chart (there, here);
  kon_chart_data_free (there);

  g_clear_object (&store);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
      g_autofree char *name = g_strconcat (database, suffixes[i], NULL);
      g_remove (name);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-layout/templates-valid", test_templates_valid);
  g_test_add_func ("/chart-layout/demo-counts", test_demo_counts);
  g_test_add_func ("/chart-layout/deadline-by-date", test_deadline_by_date);
  g_test_add_func ("/chart-layout/bergen-rules", test_bergen_rules);
  g_test_add_func ("/chart-layout/parity", test_parity);
  g_test_add_func ("/chart-layout/roles-by-date", test_roles_by_date);
  g_test_add_func ("/chart-layout/deterministic", test_deterministic);
  g_test_add_func ("/chart-layout/large", test_large);
  g_test_add_func ("/chart-layout/broken-parents", test_broken_parents);
  g_test_add_func ("/chart-layout/empty", test_empty);
  g_test_add_func ("/chart-data/follows-changes", test_data_follows_changes);
  g_test_add_func ("/chart-data/load-async", test_data_load_async);
  g_test_add_func ("/chart-render/fitted", test_render_fitted);
  g_test_add_func ("/chart-render/export", test_render_export);
  g_test_add_func ("/chart-render/export-async", test_render_export_async);

  return g_test_run ();
}
