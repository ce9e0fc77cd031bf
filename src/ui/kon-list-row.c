/* kon-list-row.c: one row of a KonSearchableList
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a KonOrgItem: its title and subtitle (bound in the template) and a
 * button that deletes it through the "org.delete" action.  GTK 4.8's list
 * rows have no accessible label of their own, so the row widget carries
 * one ("name, subtitle"), and the button is named after the item.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-list-row.h"

struct _KonListRow
{
  GtkWidget   parent_instance;

  KonOrgItem *item;

  /* Template widgets */
  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkButton  *delete_button;
};

G_DEFINE_FINAL_TYPE (KonListRow, kon_list_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
update_accessible (KonListRow *self)
{
  const char *title = self->item != NULL ? kon_org_item_get_title (self->item) : NULL;
  const char *subtitle = self->item != NULL ? kon_org_item_get_subtitle (self->item) : NULL;
  g_autofree char *row_label = NULL;
  g_autofree char *delete_label = NULL;

  if (title == NULL)
    title = "";

  row_label = subtitle != NULL && *subtitle != '\0'
                ? g_strdup_printf ("%s, %s", title, subtitle) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, row_label,
                                  -1);

  /* TRANSLATORS: accessible name of a delete button, %s is a name */
  delete_label = g_strdup_printf (_("Delete %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);

  if (self->item != NULL && kon_org_item_get_uuid (self->item) != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "(ss)",
                                      kon_org_item_get_table (self->item),
                                      kon_org_item_get_uuid (self->item));
  /* The name after the target: the action takes one */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), "org.delete");
}

/* Callbacks */

static void
on_item_text_changed_cb (KonListRow *self)
{
  update_accessible (self);
}

/* Overrides */

static void
kon_list_row_dispose (GObject *object)
{
  KonListRow *self = KON_LIST_ROW (object);
  GtkWidget *child;

  kon_list_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_LIST_ROW);
  /* and what the template holds without an id */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kon_list_row_parent_class)->dispose (object);
}

static void
kon_list_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KonListRow *self = KON_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_list_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KonListRow *self = KON_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      kon_list_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_list_row_class_init (KonListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_list_row_dispose;
  object_class->get_property = kon_list_row_get_property;
  object_class->set_property = kon_list_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         KON_TYPE_ORG_ITEM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  /* A panel, as a GtkBox is, named "name, subtitle" */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KonListRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KonListRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KonListRow, delete_button);
}

static void
kon_list_row_init (KonListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
}

/* Public API */

GtkWidget *
kon_list_row_new (void)
{
  return g_object_new (KON_TYPE_LIST_ROW, NULL);
}

KonOrgItem *
kon_list_row_get_item (KonListRow *self)
{
  g_return_val_if_fail (KON_IS_LIST_ROW (self), NULL);

  return self->item;
}

void
kon_list_row_set_item (KonListRow *self,
                       KonOrgItem *item)
{
  g_return_if_fail (KON_IS_LIST_ROW (self));
  g_return_if_fail (item == NULL || KON_IS_ORG_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_item_text_changed_cb, self);

  g_set_object (&self->item, item);

  if (item != NULL)
    {
      g_signal_connect_swapped (item, "notify::title", G_CALLBACK (on_item_text_changed_cb), self);
      g_signal_connect_swapped (item, "notify::subtitle", G_CALLBACK (on_item_text_changed_cb), self);
      update_accessible (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
