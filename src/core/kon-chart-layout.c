/* kon-chart-layout.c: the organisation chart as boxes and lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree is placed as a tidy tree in the manner of Reingold and
 * Tilford: each subtree is laid out on its own, then its children's
 * subtrees are pushed together left to right as close as their contours
 * (the leftmost and rightmost extent at each level) allow, and the parent
 * is centred over its first and last child.  Top-level bodies are the
 * children of an invisible root.  Every level is one row, as tall as its
 * tallest box, so a line always runs through the gap between two rows.
 * The cost is O(bodies × depth).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kon-chart-layout.h"
#include "kon-composition.h"

struct _KonChartLayout
{
  gatomicrefcount  ref_count;
  KonChartBox     *boxes;
  guint            n_boxes;
  GHashTable      *by_uuid;           /* body uuid → index + 1 */
  double           width;
  double           height;
  double           v_gap;
};

/* A subtree's contour: for each level below its root (0 = the root), the
 * left and right extent relative to the root's centre. */
typedef struct
{
  double *left;
  double *right;
  guint   n_levels;
} Contour;

typedef struct
{
  guint   index;                      /* into the boxes, or n_boxes: the invisible root */
  GArray *children;                   /* guint indices, sorted */
  double  offset;                     /* centre relative to the parent's centre */
  Contour contour;
} Node;

G_DEFINE_BOXED_TYPE (KonChartLayout, kon_chart_layout,
                     kon_chart_layout_ref, kon_chart_layout_unref)

static const int kind_order[] = {
  [KON_BODY_KIND_DIALOGMOTE] = 0,
  [KON_BODY_KIND_PARTNERSKAPSMOTE] = 1,
  [KON_BODY_KIND_SSU] = 2,
  [KON_BODY_KIND_AREA_COMMITTEE] = 3,
  [KON_BODY_KIND_FSU] = 4,
  [KON_BODY_KIND_SECRETARIAT] = 5,
  [KON_BODY_KIND_WORKING_GROUP] = 6,
  [KON_BODY_KIND_COUNCIL] = 7,
  [KON_BODY_KIND_OTHER] = 8,
};

typedef struct
{
  const KonChartBox *boxes;
  char             **collate_keys;
} SortContext;

static int
compare_siblings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const SortContext *ctx = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const KonChartBox *ba = &ctx->boxes[ia];
  const KonChartBox *bb = &ctx->boxes[ib];
  int ka = (guint) ba->kind < G_N_ELEMENTS (kind_order) ? kind_order[ba->kind] : 99;
  int kb = (guint) bb->kind < G_N_ELEMENTS (kind_order) ? kind_order[bb->kind] : 99;
  int cmp;

  if (ka != kb)
    return ka < kb ? -1 : 1;
  cmp = strcmp (ctx->collate_keys[ia], ctx->collate_keys[ib]);
  if (cmp != 0)
    return cmp;
  return strcmp (ba->body_uuid, bb->body_uuid);
}

static char *
format_counts (const KonChartBox *box)
{
  if (box->has_sides)
    {
      if (box->n_other > 0)
        /* Translators: members of a body per side, shown in its box in the
         * organisation chart; the last number counts members who represent
         * no side (user representatives, for instance) */
        return g_strdup_printf (_("HF %u · Municipalities %u · Others %u"),
                                box->n_hf, box->n_municipal, box->n_other);
      /* Translators: members of a body per side, shown in its box in the
       * organisation chart */
      return g_strdup_printf (_("HF %u · Municipalities %u"),
                              box->n_hf, box->n_municipal);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members",
                                       box->n_other),
                          box->n_other);
}

/* The box's text and counts, and the composition rules it breaks
 * (kon-composition.c) as its first warnings */
static void
fill_box (KonChartBox        *box,
          const KonBody      *body,
          const KonCommunity *community,
          GPtrArray          *roles,
          GHashTable         *partners_by_uuid,
          const GDate        *date)
{
  g_autoptr(GArray) found = NULL;
  KonComposition composition = { 0, };

  box->body_uuid = g_strdup (body->uuid);
  box->kind = body->kind;
  box->name = g_strdup (body->name != NULL ? body->name : "");
  box->short_name = g_strdup (body->short_name);
  box->parent = -1;

  found = kon_composition_evaluate (body,
                                    roles != NULL ? (KonRole * const *) roles->pdata : NULL,
                                    roles != NULL ? roles->len : 0,
                                    partners_by_uuid, community, date, &composition);

  box->n_hf = composition.n_hf;
  box->n_municipal = composition.n_municipal;
  box->n_other = composition.n_other;
  box->has_sides = body->seats_per_side > 0 || box->n_hf > 0 || box->n_municipal > 0;
  box->counts = format_counts (box);

  box->n_warnings = found->len;
  box->warnings = found->len > 0 ? g_new0 (KonChartWarning, found->len) : NULL;
  for (guint i = 0; i < found->len; i++)
    {
      KonCompositionWarning *w = &g_array_index (found, KonCompositionWarning, i);

      box->warnings[i].kind = (KonChartWarningKind) w->rule;
      box->warnings[i].message = g_steal_pointer (&w->message);
      box->warnings[i].side = w->side;
      box->warnings[i].count = w->count;
      box->warnings[i].required = w->required;
    }
}

static void
append_box_warning (KonChartBox         *box,
                    KonChartWarningKind  kind,
                    char                *message)
{
  box->warnings = g_renew (KonChartWarning, box->warnings, box->n_warnings + 1);
  box->warnings[box->n_warnings] = (KonChartWarning) { kind, message, KON_SIDE_NONE, 0, 0 };
  box->n_warnings++;
}

static void
contour_clear (Contour *contour)
{
  g_clear_pointer (&contour->left, g_free);
  g_clear_pointer (&contour->right, g_free);
  contour->n_levels = 0;
}

/* Places the children's subtrees of node side by side, as close as their
 * contours allow, centres them under the node and builds its contour. */
static void
arrange_node (Node              *nodes,
              guint              index,
              const KonChartBox *boxes,
              guint              n_boxes,
              double             h_gap)
{
  Node *node = &nodes[index];
  guint n_children = node->children != NULL ? node->children->len : 0;
  double own_width = index < n_boxes ? boxes[index].width : 0.0;
  double *acc_left = NULL;
  double *acc_right = NULL;
  guint acc_levels = 0;
  double first_offset = 0.0;
  double last_offset = 0.0;
  double mid;

  for (guint c = 0; c < n_children; c++)
    {
      Node *child = &nodes[g_array_index (node->children, guint, c)];
      Contour *cc = &child->contour;
      double offset = 0.0;

      if (c > 0)
        {
          gboolean first = TRUE;
          guint common = MIN (acc_levels, cc->n_levels);

          for (guint d = 0; d < common; d++)
            {
              double need = acc_right[d] + h_gap - cc->left[d];

              if (first || need > offset)
                offset = need;
              first = FALSE;
            }
        }

      if (cc->n_levels > acc_levels)
        {
          acc_left = g_renew (double, acc_left, cc->n_levels);
          acc_right = g_renew (double, acc_right, cc->n_levels);
          for (guint d = acc_levels; d < cc->n_levels; d++)
            {
              acc_left[d] = cc->left[d] + offset;
              acc_right[d] = cc->right[d] + offset;
            }
        }
      for (guint d = 0; d < MIN (acc_levels, cc->n_levels); d++)
        acc_right[d] = cc->right[d] + offset;
      acc_levels = MAX (acc_levels, cc->n_levels);

      child->offset = offset;
      if (c == 0)
        first_offset = offset;
      last_offset = offset;
      contour_clear (cc);
    }

  mid = (first_offset + last_offset) / 2.0;
  for (guint c = 0; c < n_children; c++)
    nodes[g_array_index (node->children, guint, c)].offset -= mid;

  node->contour.n_levels = acc_levels + 1;
  node->contour.left = g_new (double, acc_levels + 1);
  node->contour.right = g_new (double, acc_levels + 1);
  node->contour.left[0] = -own_width / 2.0;
  node->contour.right[0] = own_width / 2.0;
  for (guint d = 0; d < acc_levels; d++)
    {
      node->contour.left[d + 1] = acc_left[d] - mid;
      node->contour.right[d + 1] = acc_right[d] - mid;
    }

  g_free (acc_left);
  g_free (acc_right);
}

static void
place_tree (KonChartLayout        *self,
            const KonChartMetrics *metrics)
{
  guint n = self->n_boxes;
  Node *nodes = g_new0 (Node, n + 1);
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n + 1);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *centre = g_new0 (double, n + 1);
  g_autofree double *row_height = NULL;
  g_autofree double *row_y = NULL;
  guint max_depth = 0;
  double min_x = 0.0;
  double max_x = 0.0;
  guint root = n;

  for (guint i = 0; i <= n; i++)
    nodes[i].index = i;
  for (guint i = 0; i < n; i++)
    {
      guint parent = self->boxes[i].parent >= 0 ? (guint) self->boxes[i].parent : root;

      if (nodes[parent].children == NULL)
        nodes[parent].children = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (nodes[parent].children, i);
    }

  /* Pre-order from the invisible root; children are already sorted */
  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      guint v = g_array_index (stack, guint, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      g_array_append_val (order, v);
      if (nodes[v].children != NULL)
        for (guint c = nodes[v].children->len; c > 0; c--)
          {
            guint child = g_array_index (nodes[v].children, guint, c - 1);

            self->boxes[child].depth = v == root ? 0 : self->boxes[v].depth + 1;
            max_depth = MAX (max_depth, self->boxes[child].depth);
            g_array_append_val (stack, child);
          }
    }
  g_assert (order->len == n + 1);

  /* Bottom up: children are always later than their parent in pre-order */
  for (guint k = order->len; k > 0; k--)
    arrange_node (nodes, g_array_index (order, guint, k - 1), self->boxes, n, metrics->h_gap);

  /* Top down: absolute centres */
  centre[root] = 0.0;
  for (guint k = 1; k < order->len; k++)
    {
      guint v = g_array_index (order, guint, k);
      int parent = self->boxes[v].parent;

      centre[v] = centre[parent >= 0 ? (guint) parent : root] + nodes[v].offset;
    }

  row_height = g_new0 (double, max_depth + 1);
  row_y = g_new0 (double, max_depth + 1);
  for (guint i = 0; i < n; i++)
    row_height[self->boxes[i].depth] = MAX (row_height[self->boxes[i].depth],
                                            self->boxes[i].height);
  for (guint d = 1; d <= max_depth; d++)
    row_y[d] = row_y[d - 1] + row_height[d - 1] + metrics->v_gap;

  for (guint i = 0; i < n; i++)
    {
      double left = centre[i] - self->boxes[i].width / 2.0;

      if (i == 0 || left < min_x)
        min_x = left;
      if (i == 0 || left + self->boxes[i].width > max_x)
        max_x = left + self->boxes[i].width;
    }
  for (guint i = 0; i < n; i++)
    {
      self->boxes[i].x = centre[i] - self->boxes[i].width / 2.0 - min_x;
      self->boxes[i].y = row_y[self->boxes[i].depth];
    }

  self->width = n > 0 ? max_x - min_x : 0.0;
  self->height = n > 0 ? row_y[max_depth] + row_height[max_depth] : 0.0;

  for (guint i = 0; i <= n; i++)
    {
      contour_clear (&nodes[i].contour);
      g_clear_pointer (&nodes[i].children, g_array_unref);
    }
  g_free (nodes);
}

/* Parents by index.  A parent that names no body makes a top-level body
 * with a warning.  Parents that form a loop are cut at the body of the
 * loop that comes first in the sorted order, which becomes top-level with
 * a warning. */
static void
link_parents (KonChartLayout *self,
              GPtrArray      *bodies,
              const guint    *position)
{
  guint n = self->n_boxes;
  g_autofree guint8 *reached = g_new0 (guint8, MAX (1, n));
  g_autofree guint *seen = g_new0 (guint, MAX (1, n));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray **children = g_new0 (GArray *, MAX (1, n));
  guint walk = 0;

  for (guint i = 0; i < n; i++)
    {
      const KonBody *body = g_ptr_array_index (bodies, i);
      gpointer found;

      if (body->parent_uuid == NULL || body->parent_uuid[0] == '\0')
        continue;
      found = g_hash_table_lookup (self->by_uuid, body->parent_uuid);
      if (found == NULL)
        {
          append_box_warning (&self->boxes[i], KON_CHART_WARNING_MISSING_PARENT,
                              /* Translators: a warning on a body in the organisation chart */
                              g_strdup (_("The body that set it up is missing, so it is shown at the top.")));
          continue;
        }
      self->boxes[i].parent = GPOINTER_TO_INT (found) - 1;
      if (children[self->boxes[i].parent] == NULL)
        children[self->boxes[i].parent] = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (children[self->boxes[i].parent], i);
    }

  for (guint i = 0; i < n; i++)
    if (self->boxes[i].parent < 0)
      {
        reached[i] = TRUE;
        g_array_append_val (stack, i);
      }

  for (guint start = 0; ; )
    {
      while (stack->len > 0)
        {
          guint v = g_array_index (stack, guint, stack->len - 1);

          g_array_set_size (stack, stack->len - 1);
          for (guint c = 0; children[v] != NULL && c < children[v]->len; c++)
            {
              guint child = g_array_index (children[v], guint, c);

              if (!reached[child])
                {
                  reached[child] = TRUE;
                  g_array_append_val (stack, child);
                }
            }
        }

      while (start < n && reached[start])
        start++;
      if (start >= n)
        break;

      /* Not reached from the top: its parents lead into a loop.  Walk up
       * until a body repeats, then go once round the loop to find where
       * to cut it. */
      {
        guint v = start;
        guint cut;

        walk++;
        while (seen[v] != walk)
          {
            seen[v] = walk;
            v = (guint) self->boxes[v].parent;
          }
        cut = v;
        for (guint u = (guint) self->boxes[v].parent; u != v; u = (guint) self->boxes[u].parent)
          if (position[u] < position[cut])
            cut = u;

        self->boxes[cut].parent = -1;
        append_box_warning (&self->boxes[cut], KON_CHART_WARNING_PARENT_CYCLE,
                            /* Translators: a warning on a body in the organisation chart */
                            g_strdup (_("It is set up, through other bodies, by itself, so it is shown at the top.")));
        reached[cut] = TRUE;
        g_array_append_val (stack, cut);
      }
    }

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&children[i], g_array_unref);
  g_free (children);
}

static void
kon_chart_box_clear (KonChartBox *box)
{
  g_clear_pointer (&box->body_uuid, g_free);
  g_clear_pointer (&box->name, g_free);
  g_clear_pointer (&box->short_name, g_free);
  g_clear_pointer (&box->counts, g_free);
  for (guint i = 0; i < box->n_warnings; i++)
    g_free (box->warnings[i].message);
  g_clear_pointer (&box->warnings, g_free);
  box->n_warnings = 0;
}

static void
kon_chart_layout_free (KonChartLayout *self)
{
  for (guint i = 0; i < self->n_boxes; i++)
    kon_chart_box_clear (&self->boxes[i]);
  g_free (self->boxes);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_free (self);
}

/**
 * kon_chart_layout_new:
 *
 * Returns: (transfer full): the chart of @bodies; a body whose UUID is
 *   already in @bodies is left out
 */
KonChartLayout *
kon_chart_layout_new (const KonCommunity    *community,
                      GPtrArray             *partners,
                      GPtrArray             *bodies,
                      GPtrArray             *roles,
                      const GDate           *date,
                      const KonChartMetrics *metrics)
{
  KonChartLayout *self;
  KonChartMetrics m = { 0, };
  g_autoptr(GHashTable) partners_by_uuid = NULL;
  g_autoptr(GPtrArray) unique = NULL;
  g_autofree guint *sorted = NULL;
  g_autofree guint *position = NULL;
  g_autofree char **collate_keys = NULL;
  g_autoptr(GHashTable) roles_by_body = NULL;
  SortContext ctx;

  g_return_val_if_fail (bodies != NULL, NULL);
  g_return_val_if_fail (date == NULL || g_date_valid (date), NULL);

  if (metrics != NULL)
    m = *metrics;
  if (m.box_width <= 0)
    m.box_width = 200;
  if (m.box_height <= 0)
    m.box_height = 64;
  if (m.h_gap <= 0)
    m.h_gap = 24;
  if (m.v_gap <= 0)
    m.v_gap = 48;

  self = g_new0 (KonChartLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->v_gap = m.v_gap;

  partners_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; partners != NULL && i < partners->len; i++)
    {
      KonPartner *partner = g_ptr_array_index (partners, i);

      if (partner != NULL && partner->uuid != NULL)
        g_hash_table_insert (partners_by_uuid, partner->uuid, partner);
    }

  unique = g_ptr_array_new ();
  for (guint i = 0; i < bodies->len; i++)
    {
      KonBody *body = g_ptr_array_index (bodies, i);

      if (body == NULL || body->uuid == NULL
          || g_hash_table_contains (self->by_uuid, body->uuid))
        continue;
      g_ptr_array_add (unique, body);
      g_hash_table_insert (self->by_uuid, g_strdup (body->uuid),
                           GUINT_TO_POINTER (unique->len));
    }

  self->n_boxes = unique->len;
  self->boxes = g_new0 (KonChartBox, MAX (1, self->n_boxes));
  /* Each body's roles, gathered once: a community of 2,000 bodies and
   * 50,000 roles would otherwise compare every role with every body */
  roles_by_body = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; roles != NULL && i < roles->len; i++)
    {
      KonRole *role = g_ptr_array_index (roles, i);
      GPtrArray *of_body;

      if (role == NULL || role->body_uuid == NULL)
        continue;
      of_body = g_hash_table_lookup (roles_by_body, role->body_uuid);
      if (of_body == NULL)
        {
          of_body = g_ptr_array_new ();
          g_hash_table_insert (roles_by_body, role->body_uuid, of_body);
        }
      g_ptr_array_add (of_body, role);
    }

  for (guint i = 0; i < self->n_boxes; i++)
    {
      KonBody *body = g_ptr_array_index (unique, i);

      fill_box (&self->boxes[i], body, community,
                g_hash_table_lookup (roles_by_body, body->uuid), partners_by_uuid, date);
    }

  /* Sibling order: by kind as the chart reads top down, then by name
   * with the locale's collation, then by UUID, so it never depends on
   * the order of the input */
  collate_keys = g_new0 (char *, self->n_boxes + 1);
  sorted = g_new (guint, MAX (1, self->n_boxes));
  for (guint i = 0; i < self->n_boxes; i++)
    {
      collate_keys[i] = g_utf8_collate_key (self->boxes[i].name, -1);
      sorted[i] = i;
    }
  ctx.boxes = self->boxes;
  ctx.collate_keys = collate_keys;
  g_qsort_with_data (sorted, self->n_boxes, sizeof (guint), compare_siblings, &ctx);

  position = g_new (guint, MAX (1, self->n_boxes));
  for (guint s = 0; s < self->n_boxes; s++)
    position[sorted[s]] = s;

  link_parents (self, unique, position);

  /* Reorder the boxes into the sorted order, so children lists are built
   * sorted; parents are remapped */
  {
    KonChartBox *boxes = g_new0 (KonChartBox, MAX (1, self->n_boxes));

    for (guint s = 0; s < self->n_boxes; s++)
      {
        boxes[s] = self->boxes[sorted[s]];
        if (boxes[s].parent >= 0)
          boxes[s].parent = position[boxes[s].parent];
        g_hash_table_insert (self->by_uuid, g_strdup (boxes[s].body_uuid),
                             GUINT_TO_POINTER (s + 1));
      }
    g_free (self->boxes);
    self->boxes = boxes;
  }
  g_strfreev (g_steal_pointer (&collate_keys));

  for (guint i = 0; i < self->n_boxes; i++)
    {
      KonChartBox *box = &self->boxes[i];

      box->width = m.box_width;
      box->height = m.box_height;
      if (m.measure != NULL)
        m.measure (box, &box->width, &box->height, m.measure_data);
      if (!(box->width > 0) || !isfinite (box->width))
        box->width = m.box_width;
      if (!(box->height > 0) || !isfinite (box->height))
        box->height = m.box_height;
    }

  place_tree (self, &m);

  return self;
}

KonChartLayout *
kon_chart_layout_ref (KonChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kon_chart_layout_unref (KonChartLayout *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    kon_chart_layout_free (self);
}

guint
kon_chart_layout_get_n_boxes (KonChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_boxes;
}

const KonChartBox *
kon_chart_layout_get_box (KonChartLayout *self,
                          guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_boxes, NULL);

  return &self->boxes[index];
}

int
kon_chart_layout_find_box (KonChartLayout *self,
                           const char     *body_uuid)
{
  g_return_val_if_fail (self != NULL, -1);

  if (body_uuid == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->by_uuid, body_uuid)) - 1;
}

void
kon_chart_layout_get_size (KonChartLayout *self,
                           double         *width,
                           double         *height)
{
  g_return_if_fail (self != NULL);

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

gboolean
kon_chart_layout_get_line (KonChartLayout *self,
                           guint           index,
                           KonChartPoint   points[4])
{
  const KonChartBox *box;
  const KonChartBox *parent;
  double mid_y;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < self->n_boxes, FALSE);

  box = &self->boxes[index];
  if (box->parent < 0)
    return FALSE;
  parent = &self->boxes[box->parent];
  mid_y = box->y - self->v_gap / 2.0;

  points[0].x = box->x + box->width / 2.0;
  points[0].y = box->y;
  points[1].x = points[0].x;
  points[1].y = mid_y;
  points[2].x = parent->x + parent->width / 2.0;
  points[2].y = mid_y;
  points[3].x = points[2].x;
  points[3].y = parent->y + parent->height;
  return TRUE;
}

/**
 * kon_chart_data_load:
 *
 * Reads what a chart is drawn from, in one go, for the widget and the
 * exports alike.
 *
 * Returns: (transfer full): the data, or %NULL with @error set
 */
KonChartData *
kon_chart_data_load (KonStore  *store,
                     GError   **error)
{
  g_autoptr(KonChartData) data = g_new0 (KonChartData, 1);
  GError *local_error = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  data->community = kon_org_get_community (store, &local_error);
  if (local_error == NULL)
    data->partners = kon_org_list_partners (store, &local_error);
  if (local_error == NULL)
    data->bodies = kon_org_list_bodies (store, &local_error);
  /* All roles in one list, not one query per body */
  if (local_error == NULL)
    data->roles = kon_store_list (store, &kon_role_table, NULL, NULL, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&data);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KonStore *worker = task_data;
  KonChartData *data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  data = kon_chart_data_load (worker, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) kon_chart_data_free);
}

/**
 * kon_chart_data_load_async:
 *
 * Reads what a chart is drawn from, as kon_chart_data_load() does, in a
 * thread, on a worker connection of @store's.
 */
void
kon_chart_data_load_async (KonStore            *store,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KonStore *worker;
  GError *error = NULL;

  g_return_if_fail (KON_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, kon_chart_data_load_async);
  worker = kon_store_open_worker (store, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, worker, g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

/**
 * kon_chart_data_load_finish:
 *
 * Returns: (transfer full): the data, or %NULL with @error set
 */
KonChartData *
kon_chart_data_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kon_chart_data_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef const char *(*RowUuidFunc) (gconstpointer row);

static const char *
partner_uuid (gconstpointer row)
{
  return ((const KonPartner *) row)->uuid;
}

static const char *
body_uuid (gconstpointer row)
{
  return ((const KonBody *) row)->uuid;
}

static const char *
role_uuid (gconstpointer row)
{
  return ((const KonRole *) row)->uuid;
}

/* Puts @row (owned) in place of the row with @uuid, or adds it; with
 * @row NULL, removes the row with @uuid.  The order of the rows does not
 * matter to the layout. */
static void
replace_row (GPtrArray   *rows,
             RowUuidFunc  get_uuid,
             const char  *uuid,
             gpointer     row)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (get_uuid (g_ptr_array_index (rows, i)), uuid) == 0)
      {
        /* the array frees the old row */
        g_ptr_array_remove_index_fast (rows, i);
        break;
      }
  if (row != NULL)
    g_ptr_array_add (rows, row);
}

/**
 * kon_chart_data_apply_change:
 *
 * Reads again what one change touched, so a view follows the store
 * without reading every body's roles again.
 */
gboolean
kon_chart_data_apply_change (KonChartData    *data,
                             KonStore        *store,
                             const char      *table,
                             const char      *uuid,
                             KonStoreChange   change,
                             GError         **error)
{
  GError *local_error = NULL;
  gpointer row = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (g_str_equal (table, "person") || g_str_equal (table, "meta"))
    return TRUE;

  if (g_str_equal (table, "community"))
    {
      KonCommunity *community = kon_org_get_community (store, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_clear_pointer (&data->community, kon_community_free);
      data->community = community;
      return TRUE;
    }

  if (uuid == NULL)
    {
      /* Many rows (an import): the table read again */
      GPtrArray **rows;
      GPtrArray *read;

      if (g_str_equal (table, "partner"))
        {
          rows = &data->partners;
          read = kon_org_list_partners (store, error);
        }
      else if (g_str_equal (table, "body"))
        {
          rows = &data->bodies;
          read = kon_org_list_bodies (store, error);
        }
      else if (g_str_equal (table, "role"))
        {
          rows = &data->roles;
          read = kon_store_list (store, &kon_role_table, NULL, NULL, error);
        }
      else
        return FALSE;

      if (read == NULL)
        return FALSE;
      g_clear_pointer (rows, g_ptr_array_unref);
      *rows = read;
      return TRUE;
    }

  if (!g_str_equal (table, "partner") && !g_str_equal (table, "body")
      && !g_str_equal (table, "role"))
    return FALSE;

  if (change != KON_STORE_CHANGE_DELETE)
    {
      if (g_str_equal (table, "partner"))
        row = kon_org_get_partner (store, uuid, &local_error);
      else if (g_str_equal (table, "body"))
        row = kon_org_get_body (store, uuid, &local_error);
      else
        row = kon_org_get_role (store, uuid, &local_error);

      /* Gone meanwhile: as deleted */
      if (row == NULL && !g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  if (g_str_equal (table, "partner"))
    replace_row (data->partners, partner_uuid, uuid, row);
  else if (g_str_equal (table, "body"))
    {
      replace_row (data->bodies, body_uuid, uuid, row);
      /* A body deleted takes its roles with it */
      if (row == NULL)
        for (guint i = data->roles->len; i > 0; i--)
          if (g_strcmp0 (((KonRole *) g_ptr_array_index (data->roles, i - 1))->body_uuid, uuid) == 0)
            g_ptr_array_remove_index_fast (data->roles, i - 1);
    }
  else
    replace_row (data->roles, role_uuid, uuid, row);

  return TRUE;
}

void
kon_chart_data_free (KonChartData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->community, kon_community_free);
  g_clear_pointer (&data->partners, g_ptr_array_unref);
  g_clear_pointer (&data->bodies, g_ptr_array_unref);
  g_clear_pointer (&data->roles, g_ptr_array_unref);
  g_free (data);
}
