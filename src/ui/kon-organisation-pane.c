/* kon-organisation-pane.c: partners, people, bodies and the chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An empty database offers the community templates.  Otherwise the pane
 * shows the organisation chart (click a body for its mandate, members and
 * warnings) and searchable lists of partners and people, with dialogs to
 * add and edit them and a toast with Undo after each deletion.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include "kon-org-item.h"
#include "kon-partner.h"
#include "kon-person.h"
#include "kon-org-item-model.h"
#include "kon-organisation-pane-private.h"

G_DEFINE_FINAL_TYPE (KonOrganisationPane, kon_organisation_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (KonOrganisationPane *self);

/* Helpers (shared by the pane's files: kon-organisation-pane-private.h) */

GtkWindow *
_kon_organisation_pane_get_window (KonOrganisationPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Raises @toast (taken) by the "toast" signal: whoever shows the pane
 * shows it */
void
_kon_organisation_pane_add_toast (KonOrganisationPane *self,
                                  AdwToast            *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

void
_kon_organisation_pane_show_error (KonOrganisationPane *self,
                                   const GError        *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  _kon_organisation_pane_add_toast (self, toast);
}

const char *
_kon_organisation_pane_partner_short_name (KonOrganisationPane *self,
                                           const char          *uuid)
{
  if (uuid == NULL || self->partner_names == NULL)
    return NULL;

  return g_hash_table_lookup (self->partner_names, uuid);
}

gboolean
_kon_organisation_pane_is_writable (KonOrganisationPane *self)
{
  return self->store != NULL && !kon_store_is_read_only (self->store);
}

/* List models */

static void
describe_partner_cb (KonOrgItem          *item,
                     KonOrganisationPane *self)
{
  KonPartner *partner = kon_org_item_get_boxed (item);
  g_autofree char *subtitle = NULL;

  if (partner->region != NULL && *partner->region != '\0')
    /* TRANSLATORS: a partner's kind and region: "Kommune · Salten" */
    subtitle = g_strdup_printf (_("%s · %s"), kon_partner_kind_to_string (partner->kind), partner->region);
  else
    subtitle = g_strdup (kon_partner_kind_to_string (partner->kind));

  kon_org_item_set_text (item, partner->name, subtitle);
}

static void
describe_person_cb (KonOrgItem          *item,
                    KonOrganisationPane *self)
{
  KonPerson *person = kon_org_item_get_boxed (item);
  const char *partner = _kon_organisation_pane_partner_short_name (self, person->partner_uuid);
  g_autofree char *subtitle = NULL;

  if (person->title != NULL && partner != NULL)
    /* TRANSLATORS: a person's title and partner: "Kommunedirektør, Bodø" */
    subtitle = g_strdup_printf (_("%s, %s"), person->title, partner);
  else
    subtitle = g_strdup (person->title != NULL ? person->title : partner);

  kon_org_item_set_text (item, person->name, subtitle);
}

/* The one place the lists' models are made: a GListModel of KonOrgItem
 * for "partner" or "person" over a KonRowModel, which reads a page of
 * rows when the list shows them; narrowed by set_list_query () */
static GListModel *
create_list_model (KonOrganisationPane *self,
                   const char          *table)
{
  gboolean partners = g_str_equal (table, "partner");
  g_autoptr(KonRowModel) rows = kon_row_model_new (self->store, partners ? &kon_partner_table : &kon_person_table);
  KonOrgDescribeFunc describe = partners ? (KonOrgDescribeFunc) describe_partner_cb
                                         : (KonOrgDescribeFunc) describe_person_cb;

  return G_LIST_MODEL (kon_org_item_model_new (rows, describe, self));
}

static void
set_list_query (GListModel *model,
                const char *text)
{
  kon_row_model_set_query (kon_org_item_model_get_rows (KON_ORG_ITEM_MODEL (model)), text);
}

static void
reload_partner_names (KonOrganisationPane *self)
{
  g_autoptr(GPtrArray) partners = kon_org_list_partners (self->store, NULL);

  g_hash_table_remove_all (self->partner_names);
  for (guint i = 0; partners != NULL && i < partners->len; i++)
    {
      KonPartner *partner = g_ptr_array_index (partners, i);
      g_hash_table_insert (self->partner_names, g_strdup (partner->uuid), g_strdup (partner->short_name));
    }
}

/* The body panel */

void
_kon_organisation_pane_show_body (KonOrganisationPane *self,
           const char          *body_uuid)
{
  g_free (self->shown_body);
  self->shown_body = g_strdup (body_uuid);

  kon_body_details_set_body_uuid (self->body_details, body_uuid);
  if (body_uuid == NULL || !kon_body_details_refresh (self->body_details))
    {
      g_clear_pointer (&self->shown_body, g_free);
      gtk_revealer_set_reveal_child (self->detail_revealer, FALSE);
      _kon_organisation_pane_update_actions (self);
      return;
    }

  gtk_revealer_set_reveal_child (self->detail_revealer, TRUE);
  _kon_organisation_pane_update_actions (self);
}

/* Callbacks */

static void
on_template_activated_cb (KonOrganisationPane *self,
                          const char          *path)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.import-file", "s", path);
}

static void
on_list_search_changed_cb (KonOrganisationPane *self,
                           const char          *text,
                           KonSearchableList   *list)
{
  set_list_query (kon_searchable_list_get_model (list), text);
}

static void
on_list_activate_cb (KonOrganisationPane *self,
                     KonOrgItem          *item)
{
  /* Through the action, disabled in a read-only database */
  gtk_widget_activate_action (GTK_WIDGET (self), "org.edit", "(ss)",
                              kon_org_item_get_table (item), kon_org_item_get_uuid (item));
}

static void
on_body_activated_cb (KonOrganisationPane *self,
                      const char          *body_uuid)
{
  _kon_organisation_pane_show_body (self, body_uuid);
}

/* The details of the body shown follow the data (refreshed, or gone with
 * it) and the chart's counts: they are redrawn when the chart has been
 * laid out again, after every change (only once the chart is on screen) */
static void
refresh_shown_body (KonOrganisationPane *self)
{
  if (self->shown_body != NULL && !kon_body_details_refresh (self->body_details))
    _kon_organisation_pane_show_body (self, NULL);
}

/* The details take room from the chart: once they are in, the body
 * clicked is moved back into view */
/* Tick callbacks run before the frame's layout: the chart has its new,
 * narrower width from the second frame after the details came in */
static gboolean
focus_shown_body_cb (GtkWidget     *chart_view,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  KonOrganisationPane *self = user_data;

  if (++self->focus_frames < 2)
    return G_SOURCE_CONTINUE;

  if (self->shown_body != NULL)
    kon_chart_view_focus_body (self->chart_view, self->shown_body);

  return G_SOURCE_REMOVE;
}

static void
on_detail_revealed_cb (KonOrganisationPane *self)
{
  if (self->shown_body == NULL || !gtk_revealer_get_child_revealed (self->detail_revealer))
    return;

  self->focus_frames = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (self->chart_view), focus_shown_body_cb, self, NULL);
}

static void
on_store_changed_cb (KonOrganisationPane *self,
                     const char          *what)
{
  reload (self);

  /* A person's row names their partner */
  if (g_strcmp0 (what, "partner") == 0 && self->person_model != NULL)
    kon_org_item_model_redescribe (KON_ORG_ITEM_MODEL (self->person_model));
}

/* Content */

/* Builds the chart, the details panel and the lists the first time the
 * database has an organisation to show.  An empty database shows only the
 * templates, and its window appears without building what it does not
 * show. */
static void
ensure_content (KonOrganisationPane *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GError) error = NULL;

  if (self->content != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_list_search_changed_cb);
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_list_activate_cb);
  g_type_ensure (KON_TYPE_SEARCHABLE_LIST);
  g_type_ensure (KON_TYPE_BODY_DETAILS);

  builder = gtk_builder_new ();
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  gtk_builder_set_scope (builder, scope);
  /* Signal handlers marked swapped get the pane, as in a template */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, "/io/github/konsensus/Konsensus/ui/kon-organisation-content.ui", &error))
    g_error ("kon-organisation-content.ui: %s", error->message);

#define GET(name) (gtk_builder_get_object (builder, #name))
  self->content = GTK_WIDGET (GET (content));
  self->community_label = GTK_LABEL (GET (community_label));
  self->content_stack = GTK_STACK (GET (content_stack));
  self->chart_holder = ADW_BIN (GET (chart_holder));
  self->detail_revealer = GTK_REVEALER (GET (detail_revealer));
  self->body_details = KON_BODY_DETAILS (GET (body_details));
  self->partner_list = KON_SEARCHABLE_LIST (GET (partner_list));
  self->person_list = KON_SEARCHABLE_LIST (GET (person_list));
#undef GET

  gtk_stack_add_named (self->main_stack, self->content, "content");

  self->chart_view = KON_CHART_VIEW (kon_chart_view_new ());
  g_signal_connect_object (self->chart_view, "body-activated",
                           G_CALLBACK (on_body_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_view, "notify::layout",
                           G_CALLBACK (refresh_shown_body), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->chart_holder, GTK_WIDGET (self->chart_view));
  g_signal_connect_object (self->detail_revealer, "notify::child-revealed",
                           G_CALLBACK (on_detail_revealed_cb), self, G_CONNECT_SWAPPED);

  kon_chart_view_set_store (self->chart_view, self->store);
  g_object_bind_property (self, "store", self->body_details, "store", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->chart_view, "layout", self->body_details, "layout", G_BINDING_SYNC_CREATE);

  kon_searchable_list_set_model (self->partner_list, self->partner_model);
  kon_searchable_list_set_model (self->person_list, self->person_model);

  _kon_organisation_pane_update_actions (self);
}

static void
reload (KonOrganisationPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonCommunity) community = NULL;
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  gboolean empty;

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  community = kon_org_get_community (self->store, NULL);
  partners = kon_org_list_partners (self->store, &error);
  bodies = kon_org_list_bodies (self->store, error == NULL ? &error : NULL);

  if (error != NULL)
    _kon_organisation_pane_show_error (self, error);

  reload_partner_names (self);

  empty = community == NULL &&
          (partners == NULL || partners->len == 0) &&
          (bodies == NULL || bodies->len == 0);

  if (!empty)
    ensure_content (self);

  /* The body details follow the chart, which reloads after every change
   * and says so (refresh_shown_body ()) */
  if (self->content != NULL)
    {
      gtk_label_set_label (self->community_label, community != NULL ? community->name : "");
    }

  if (empty)
    kon_template_picker_load (self->template_picker);

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "empty" : "content");
}

/* Overrides */

static void
kon_organisation_pane_dispose (GObject *object)
{
  KonOrganisationPane *self = (KonOrganisationPane *) object;

  kon_organisation_pane_set_store (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_ORGANISATION_PANE);

  g_clear_object (&self->partner_model);
  g_clear_object (&self->person_model);
  g_clear_pointer (&self->partner_names, g_hash_table_unref);
  g_clear_pointer (&self->shown_body, g_free);
  g_clear_object (&self->undo_stack);

  G_OBJECT_CLASS (kon_organisation_pane_parent_class)->dispose (object);
}

static void
kon_organisation_pane_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_organisation_pane_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kon_organisation_pane_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_organisation_pane_class_init (KonOrganisationPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_organisation_pane_dispose;
  object_class->get_property = kon_organisation_pane_get_property;
  object_class->set_property = kon_organisation_pane_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KON_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonOrganisationPane::toast:
   * @toast: the AdwToast to show
   *
   * The pane has something to say; the window shows it.
   */
  signals[TOAST] = g_signal_new ("toast",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (KON_TYPE_TEMPLATE_PICKER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-organisation-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KonOrganisationPane, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KonOrganisationPane, template_picker);
  gtk_widget_class_bind_template_callback (widget_class, on_template_activated_cb);

  _kon_organisation_pane_class_actions_init (widget_class);
}

static void
kon_organisation_pane_init (KonOrganisationPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->partner_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->undo_stack = kon_undo_stack_new ();
  g_signal_connect_object (self->undo_stack, "notify::can-undo",
                           G_CALLBACK (_kon_organisation_pane_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->undo_stack, "failed",
                           G_CALLBACK (_kon_organisation_pane_show_error), self, G_CONNECT_SWAPPED);

  /* Until there is content to act on */
  _kon_organisation_pane_add_shortcuts (self);
  _kon_organisation_pane_update_actions (self);

  reload (self);
}

/* Public API */

GtkWidget *
kon_organisation_pane_new (void)
{
  return g_object_new (KON_TYPE_ORGANISATION_PANE, NULL);
}

KonStore *
kon_organisation_pane_get_store (KonOrganisationPane *self)
{
  g_return_val_if_fail (KON_IS_ORGANISATION_PANE (self), NULL);

  return self->store;
}

void
kon_organisation_pane_set_store (KonOrganisationPane *self,
                                 KonStore            *store)
{
  g_return_if_fail (KON_IS_ORGANISATION_PANE (self));
  g_return_if_fail (store == NULL || KON_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);

  g_set_object (&self->store, store);
  g_clear_object (&self->partner_model);
  g_clear_object (&self->person_model);
  if (store != NULL)
    {
      /* A person's row names their partner */
      reload_partner_names (self);
      self->partner_model = create_list_model (self, "partner");
      self->person_model = create_list_model (self, "person");
    }
  if (self->content != NULL)
    {
      kon_searchable_list_set_model (self->partner_list, self->partner_model);
      kon_searchable_list_set_model (self->person_list, self->person_model);
    }
  if (self->chart_view != NULL)
    kon_chart_view_set_store (self->chart_view, store);

  if (store != NULL)
    self->changed_id = g_signal_connect_object (store, "changed",
                                                G_CALLBACK (on_store_changed_cb), self,
                                                G_CONNECT_SWAPPED);

  /* What was done in another database is not undone in this one */
  kon_undo_stack_clear (self->undo_stack);

  reload (self);
  _kon_organisation_pane_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

