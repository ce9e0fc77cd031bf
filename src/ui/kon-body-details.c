/* kon-body-details.c: the details of one body of the chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Name, counts and facts, mandate, the chart's warnings for the body, its
 * members and roles (with their dates), the partners represented, and
 * buttons for the pane's actions ("org.edit-body", "org.add-role",
 * "org.delete", "org.close-body").  It reads the body from its "store"
 * and the warnings from its "layout" (the chart's, bound by the pane), and
 * reads again when either changes or kon_body_details_refresh() is called.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "kon-body-details.h"
#include "kon-compat.h"
#include "kon-date.h"
#include "kon-edit-form.h"
#include "kon-org.h"

struct _KonBodyDetails
{
  GtkWidget       parent_instance;

  KonStore       *store;
  KonChartLayout *layout;
  char           *body_uuid;

  /* Template widgets */
  GtkLabel       *title_label;
  GtkLabel       *counts_label;
  GtkLabel       *facts_label;
  GtkWidget      *mandate_box;
  GtkLabel       *mandate_label;
  GtkBox         *warnings_box;
  GtkLabel       *no_members_label;
  GtkListBox     *members_list;
  GtkWidget      *represented_box;
  GtkLabel       *represented_label;
  GtkButton      *edit_button;
  GtkButton      *add_role_button;
  GtkButton      *delete_button;
};

G_DEFINE_FINAL_TYPE (KonBodyDetails, kon_body_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LAYOUT,
  PROP_BODY_UUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static int
collate_strings_cb (const char **a,
                    const char **b,
                    gpointer     user_data)
{
  return g_utf8_collate (*a, *b);
}

static void
remove_children_after_first (GtkWidget *box)
{
  GtkWidget *child = gtk_widget_get_first_child (box);

  while (child != NULL && gtk_widget_get_next_sibling (child) != NULL)
    gtk_widget_unparent (gtk_widget_get_next_sibling (child));
}

static char *
describe_representation (const KonRole *role,
                         const char    *partner)
{
  switch (role->represents)
    {
    case KON_REPRESENTS_PARTNER:
      return g_strdup (partner != NULL ? partner : kon_represents_to_string (role->represents));

    case KON_REPRESENTS_SIDE:
      return g_strdup (kon_side_to_string (role->side));

    case KON_REPRESENTS_NONE:
      return NULL;

    case KON_REPRESENTS_USERS:
    case KON_REPRESENTS_GPS:
    case KON_REPRESENTS_EMPLOYEES:
    default:
      if (role->side != KON_SIDE_NONE)
        /* TRANSLATORS: "User representatives, municipalities" */
        return g_strdup_printf (_("%s, %s"), kon_represents_to_string (role->represents),
                                kon_side_to_string (role->side));
      return g_strdup (kon_represents_to_string (role->represents));
    }
}

static GtkWidget *
create_member_row (const KonRole *role,
                   const char    *person_name,
                   const char    *partner)
{
  g_autofree char *represents = describe_representation (role, partner);
  g_autofree char *dates = kon_edit_form_describe_term (&role->from, &role->to);
  g_autoptr(GString) subtitle = g_string_new (kon_role_kind_to_string (role->kind));
  g_autofree char *delete_label = NULL;
  GtkWidget *row, *delete;

  if (represents != NULL)
    /* TRANSLATORS: a role and what it represents: "Member · Bodø" */
    g_string_printf (subtitle, _("%s · %s"), kon_role_kind_to_string (role->kind), represents);
  if (dates != NULL)
    g_string_append_printf (subtitle, " · %s", dates);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (delete, "flat");
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (delete, _("Remove from Body"));
  /* TRANSLATORS: accessible name of a button; %s is a person's name */
  delete_label = g_strdup_printf (_("Remove %s from the body"), person_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "(ss)", "role", role->uuid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "org.delete");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);

  /* Activating the row edits the role: its dates, whom it represents */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", "role", role->uuid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "org.edit");

  return row;
}

static void
show_facts (KonBodyDetails *self,
            const KonBody  *body)
{
  g_autoptr(GString) facts = g_string_new (kon_body_kind_to_string (body->kind));

  g_string_append (facts, "\n");
  g_string_append (facts, body->takes_decisions ? _("Takes decisions") : _("Takes no decisions"));
  g_string_append (facts, "\n");
  g_string_append (facts, body->is_public ? _("Public meetings") : _("Meetings not public"));
  if (body->meetings_per_year > 0)
    {
      g_string_append (facts, "\n");
      g_string_append_printf (facts, ngettext ("Meets %d time a year", "Meets %d times a year",
                                               body->meetings_per_year),
                              body->meetings_per_year);
    }
  if (g_date_valid (&body->deadline))
    {
      g_autofree char *date = kon_date_format (&body->deadline);
      g_string_append (facts, "\n");
      /* TRANSLATORS: %s is a date, dd.mm.yyyy */
      g_string_append_printf (facts, _("To finish by %s"), date);
    }
  gtk_label_set_label (self->facts_label, facts->str);

  gtk_label_set_label (self->mandate_label, body->mandate);
  gtk_widget_set_visible (self->mandate_box, body->mandate != NULL && *body->mandate != '\0');
}

static void
show_warnings (KonBodyDetails *self)
{
  const KonChartBox *box = NULL;
  int index = self->layout != NULL ? kon_chart_layout_find_box (self->layout, self->body_uuid) : -1;

  if (index >= 0)
    box = kon_chart_layout_get_box (self->layout, index);

  gtk_label_set_label (self->counts_label, box != NULL ? box->counts : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), box != NULL && box->counts != NULL);

  remove_children_after_first (GTK_WIDGET (self->warnings_box));
  for (guint i = 0; box != NULL && i < box->n_warnings; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (box->warnings[i].message);

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (self->warnings_box, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_box), box != NULL && box->n_warnings > 0);
}

static void
show_members (KonBodyDetails *self)
{
  g_autoptr(GPtrArray) roles = kon_org_list_roles_of_body (self->store, self->body_uuid, NULL);
  g_autoptr(GHashTable) partners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) represented = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->members_list))) != NULL)
    gtk_list_box_remove (self->members_list, child);

  for (guint i = 0; roles != NULL && i < roles->len; i++)
    {
      KonRole *role = g_ptr_array_index (roles, i);
      g_autoptr(KonPerson) person = kon_org_get_person (self->store, role->person_uuid, NULL);
      const char *partner = NULL;

      if (role->partner_uuid != NULL)
        {
          partner = g_hash_table_lookup (partners, role->partner_uuid);
          if (partner == NULL)
            {
              g_autoptr(KonPartner) row = kon_org_get_partner (self->store, role->partner_uuid, NULL);

              if (row != NULL)
                {
                  partner = row->short_name;
                  g_hash_table_insert (partners, g_strdup (role->partner_uuid), g_strdup (partner));
                  partner = g_hash_table_lookup (partners, role->partner_uuid);
                }
            }
          if (partner != NULL)
            g_hash_table_add (represented, (gpointer) partner);
        }

      gtk_list_box_append (self->members_list,
                           create_member_row (role, person != NULL ? person->name : "?", partner));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->members_list), roles != NULL && roles->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_members_label), roles == NULL || roles->len == 0);

  if (g_hash_table_size (represented) > 0)
    {
      g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (represented, NULL);
      g_autofree char *joined = NULL;

      g_qsort_with_data (names, g_hash_table_size (represented), sizeof (char *),
                         (GCompareDataFunc) collate_strings_cb, NULL);
      joined = g_strjoinv (", ", (char **) names);
      gtk_label_set_label (self->represented_label, joined);
    }
  gtk_widget_set_visible (self->represented_box, g_hash_table_size (represented) > 0);
}

/* Overrides */

static void
kon_body_details_dispose (GObject *object)
{
  KonBodyDetails *self = KON_BODY_DETAILS (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_BODY_DETAILS);
  /* and what the template holds without an id */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_pointer (&self->layout, kon_chart_layout_unref);
  g_clear_pointer (&self->body_uuid, g_free);

  G_OBJECT_CLASS (kon_body_details_parent_class)->dispose (object);
}

static void
kon_body_details_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KonBodyDetails *self = KON_BODY_DETAILS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LAYOUT:
      g_value_set_boxed (value, self->layout);
      break;

    case PROP_BODY_UUID:
      g_value_set_string (value, self->body_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_body_details_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KonBodyDetails *self = KON_BODY_DETAILS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kon_body_details_set_store (self, g_value_get_object (value));
      break;

    case PROP_LAYOUT:
      kon_body_details_set_layout (self, g_value_get_boxed (value));
      break;

    case PROP_BODY_UUID:
      kon_body_details_set_body_uuid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_body_details_class_init (KonBodyDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_body_details_dispose;
  object_class->get_property = kon_body_details_get_property;
  object_class->set_property = kon_body_details_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KON_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT] =
    g_param_spec_boxed ("layout", NULL, NULL,
                        KON_TYPE_CHART_LAYOUT,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BODY_UUID] =
    g_param_spec_string ("body-uuid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-body-details.ui");
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, counts_label);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, facts_label);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, mandate_box);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, mandate_label);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, no_members_label);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, members_list);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, represented_box);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, represented_label);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, edit_button);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, add_role_button);
  gtk_widget_class_bind_template_child (widget_class, KonBodyDetails, delete_button);

  /* Escape closes the details wherever the focus is inside them */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "org.close-body", NULL);
}

static void
kon_body_details_init (KonBodyDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Named once, without the mnemonic */
  kon_compat_name_button (self->edit_button);
  kon_compat_name_button (self->add_role_button);
  kon_compat_name_button (self->delete_button);
}

/* Public API */

GtkWidget *
kon_body_details_new (void)
{
  return g_object_new (KON_TYPE_BODY_DETAILS, NULL);
}

KonStore *
kon_body_details_get_store (KonBodyDetails *self)
{
  g_return_val_if_fail (KON_IS_BODY_DETAILS (self), NULL);

  return self->store;
}

void
kon_body_details_set_store (KonBodyDetails *self,
                            KonStore       *store)
{
  g_return_if_fail (KON_IS_BODY_DETAILS (self));
  g_return_if_fail (store == NULL || KON_IS_STORE (store));

  if (g_set_object (&self->store, store))
    {
      kon_body_details_refresh (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

const char *
kon_body_details_get_body_uuid (KonBodyDetails *self)
{
  g_return_val_if_fail (KON_IS_BODY_DETAILS (self), NULL);

  return self->body_uuid;
}

void
kon_body_details_set_body_uuid (KonBodyDetails *self,
                                const char     *body_uuid)
{
  g_return_if_fail (KON_IS_BODY_DETAILS (self));

  if (g_strcmp0 (self->body_uuid, body_uuid) == 0)
    return;

  g_free (self->body_uuid);
  self->body_uuid = g_strdup (body_uuid);
  kon_body_details_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY_UUID]);
}

/**
 * kon_body_details_set_layout:
 * @layout: (nullable): the chart's layout, for the body's counts and warnings
 */
void
kon_body_details_set_layout (KonBodyDetails *self,
                             KonChartLayout *layout)
{
  g_return_if_fail (KON_IS_BODY_DETAILS (self));

  if (self->layout == layout)
    return;

  g_clear_pointer (&self->layout, kon_chart_layout_unref);
  self->layout = layout != NULL ? kon_chart_layout_ref (layout) : NULL;
  kon_body_details_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

/**
 * kon_body_details_refresh:
 *
 * Reads the body again.
 *
 * Returns: whether the body is there to show
 */
gboolean
kon_body_details_refresh (KonBodyDetails *self)
{
  g_autoptr(KonBody) body = NULL;

  g_return_val_if_fail (KON_IS_BODY_DETAILS (self), FALSE);

  if (self->store != NULL && self->body_uuid != NULL)
    body = kon_org_get_body (self->store, self->body_uuid, NULL);

  if (body == NULL)
    return FALSE;

  gtk_label_set_label (self->title_label, body->name);
  show_facts (self, body);
  show_warnings (self);
  show_members (self);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "(ss)", "body", body->uuid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), "org.delete");

  return TRUE;
}
