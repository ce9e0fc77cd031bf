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

#include "kon-chart-layout.h"
#include "kon-chart-render.h"
#include "kon-body-details.h"
#include "kon-chart-view.h"
#include "kon-compat.h"
#include "kon-date.h"
#include "kon-edit-dialog.h"
#include "kon-org.h"
#include "kon-org-item.h"
#include "kon-organisation-pane.h"
#include "kon-org-list-model.h"
#include "kon-searchable-list.h"

struct _KonOrganisationPane
{
  GtkWidget          parent_instance;

  KonStore          *store;
  gulong             changed_id;

  GListModel        *partner_model;     /* KonOrgItem, see create_list_model () */
  GListModel        *person_model;
  GHashTable        *partner_names;     /* uuid → short name */
  KonChartView      *chart_view;
  char              *shown_body;
  guint              templates_idle_id;

  /* Template widgets */
  GtkStack          *main_stack;
  AdwStatusPage     *empty_page;
  GtkListBox        *template_list;

  /* Content widgets, from kon-organisation-content.ui: NULL until the
   * database has an organisation to show (see ensure_content ()) */
  GtkWidget         *content;
  GtkLabel          *community_label;
  GtkStack          *content_stack;
  AdwBin            *chart_holder;
  GtkRevealer       *detail_revealer;
  KonBodyDetails    *body_details;
  KonSearchableList *partner_list;
  KonSearchableList *person_list;
};

G_DEFINE_FINAL_TYPE (KonOrganisationPane, kon_organisation_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How long a toast offers Undo: longer than GNOME's 5 s, for a change
 * noticed while someone is talking in a meeting */
#define UNDO_SECONDS 10

static void reload (KonOrganisationPane *self);

/* Helpers */

static GtkWindow *
get_window (KonOrganisationPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_toast (KonOrganisationPane *self,
           AdwToast            *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error_toast (KonOrganisationPane *self,
                  const GError        *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  add_toast (self, toast);
}

static const char *
partner_short_name (KonOrganisationPane *self,
                    const char          *uuid)
{
  if (uuid == NULL || self->partner_names == NULL)
    return NULL;

  return g_hash_table_lookup (self->partner_names, uuid);
}

/* Fills the choices of a combo row from a list of partners or persons:
 * UUIDs and names side by side.  Returns the position of @selected_uuid
 * among them, or -1. */
static int
collect_choices (GPtrArray  *rows,
                 gboolean    is_partner,
                 const char *selected_uuid,
                 GPtrArray  *uuids,
                 GPtrArray  *names)
{
  int selected = -1;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      gconstpointer row = g_ptr_array_index (rows, i);
      const char *uuid = ((const KonPartner *) row)->uuid;

      if (g_strcmp0 (uuid, selected_uuid) == 0)
        selected = (int) uuids->len;
      g_ptr_array_add (uuids, g_strdup (uuid));
      g_ptr_array_add (names, is_partner ? ((KonPartner *) row)->name : ((KonPerson *) row)->name);
    }

  return selected;
}

/* Templates */

static char *
get_template_dir (void)
{
  const char *dir = g_getenv ("KONSENSUS_TEMPLATE_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);

  return g_build_filename (PKGDATADIR, "templates", NULL);
}

static guint
json_array_length_of (JsonObject *object,
                      const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

static char *
describe_template (guint n_partners,
                   guint n_bodies,
                   guint n_persons)
{
  g_autofree char *partners = NULL;
  g_autofree char *bodies = NULL;
  g_autofree char *persons = NULL;

  partners = g_strdup_printf (ngettext ("%u partner", "%u partners", n_partners), n_partners);
  bodies = g_strdup_printf (ngettext ("%u body", "%u bodies", n_bodies), n_bodies);

  if (n_persons == 0)
    /* TRANSLATORS: a template's contents: "21 partners, 9 bodies" */
    return g_strdup_printf (_("%s, %s"), partners, bodies);

  persons = g_strdup_printf (ngettext ("%u invented person", "%u invented persons", n_persons),
                             n_persons);
  /* TRANSLATORS: a template's contents: "21 partners, 9 bodies, 60 invented persons" */
  return g_strdup_printf (_("%s, %s, %s"), partners, bodies, persons);
}

typedef struct
{
  char *path;
  char *title;
  char *subtitle;
  int   rank;     /* communities first, demos after them, the empty one last */
} TemplateEntry;

static void
template_entry_free (TemplateEntry *entry)
{
  g_free (entry->path);
  g_free (entry->title);
  g_free (entry->subtitle);
  g_free (entry);
}

/* Reads one template file once: what the list shows of it */
static TemplateEntry *
template_entry_new (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  TemplateEntry *entry;
  JsonObject *root, *community = NULL;
  JsonNode *node;
  const char *title = NULL;
  guint n_partners, n_bodies, n_persons;

  if (!json_parser_load_from_mapped_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  node = json_object_get_member (root, "community");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    community = json_node_get_object (node);
  if (community != NULL)
    title = json_object_get_string_member_with_default (community, "name", NULL);

  n_partners = json_array_length_of (root, "partners");
  n_bodies = json_array_length_of (root, "bodies");
  n_persons = json_array_length_of (root, "persons");

  entry = g_new0 (TemplateEntry, 1);
  entry->path = g_strdup (path);

  if (n_bodies == 0 && n_partners == 0)
    {
      entry->rank = 2;
      entry->title = g_strdup (_("Empty community"));
      entry->subtitle = g_strdup (_("Start from nothing and add partners and bodies yourself"));
    }
  else
    {
      entry->rank = n_persons > 0 ? 1 : 0;
      entry->subtitle = describe_template (n_partners, n_bodies, n_persons);
      entry->title = g_strdup (title != NULL && *title != '\0' ? title : _("Unnamed community"));
    }

  return entry;
}

static int
compare_template_entries_cb (gconstpointer a,
                             gconstpointer b)
{
  const TemplateEntry *entry_a = *(const TemplateEntry * const *) a;
  const TemplateEntry *entry_b = *(const TemplateEntry * const *) b;

  if (entry_a->rank != entry_b->rank)
    return entry_a->rank - entry_b->rank;

  return g_utf8_collate (entry_a->title, entry_b->title);
}

static gboolean
load_templates_cb (gpointer user_data)
{
  KonOrganisationPane *self = user_data;
  g_autofree char *dir_path = get_template_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) template_entry_free);
  GtkWidget *child;
  const char *name;

  self->templates_idle_id = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_list))) != NULL)
    gtk_list_box_remove (self->template_list, child);

  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      TemplateEntry *entry;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      entry = template_entry_new (path);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_template_entries_cb);

  for (guint i = 0; i < entries->len; i++)
    {
      TemplateEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", entry->title, entry->subtitle);
      GtkWidget *row;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data_full (G_OBJECT (row), "kon-template-path", g_strdup (entry->path), g_free);
      gtk_list_box_append (self->template_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->template_list), entries->len > 0);

  return G_SOURCE_REMOVE;
}

/* The templates are read after the window has been drawn, so a first run
 * opens as fast as any other. */
static void
load_templates (KonOrganisationPane *self)
{
  if (self->templates_idle_id == 0)
    self->templates_idle_id = g_idle_add_full (G_PRIORITY_LOW, load_templates_cb, self, NULL);
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
  const char *partner = partner_short_name (self, person->partner_uuid);
  g_autofree char *subtitle = NULL;

  if (person->title != NULL && partner != NULL)
    /* TRANSLATORS: a person's title and partner: "Kommunedirektør, Bodø" */
    subtitle = g_strdup_printf (_("%s, %s"), person->title, partner);
  else
    subtitle = g_strdup (person->title != NULL ? person->title : partner);

  kon_org_item_set_text (item, person->name, subtitle);
}

/* The one place the lists' models are made: a GListModel of KonOrgItem
 * for "partner" or "person", narrowed by set_list_query () */
static GListModel *
create_list_model (KonOrganisationPane *self,
                   const char          *table)
{
  KonOrgDescribeFunc describe = g_str_equal (table, "partner")
                                  ? (KonOrgDescribeFunc) describe_partner_cb
                                  : (KonOrgDescribeFunc) describe_person_cb;

  return G_LIST_MODEL (kon_org_list_model_new (self->store, table, describe, self));
}

static void
set_list_query (GListModel *model,
                const char *text)
{
  kon_org_list_model_set_query (KON_ORG_LIST_MODEL (model), text);
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

static void
show_body (KonOrganisationPane *self,
           const char          *body_uuid)
{
  g_free (self->shown_body);
  self->shown_body = g_strdup (body_uuid);

  kon_body_details_set_body_uuid (self->body_details, body_uuid);
  if (body_uuid == NULL || !kon_body_details_refresh (self->body_details))
    {
      g_clear_pointer (&self->shown_body, g_free);
      gtk_revealer_set_reveal_child (self->detail_revealer, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.close-body", FALSE);
      return;
    }

  gtk_revealer_set_reveal_child (self->detail_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.close-body", TRUE);
}

/* Undo of an edit: the row as it was before, saved back; or, for a row
 * that was new, deleted again. */

typedef struct
{
  KonOrganisationPane *pane;
  GType                type;
  gpointer             before;   /* boxed, NULL for a new row */
  char                *table;
  char                *uuid;
} EditUndo;

static void
edit_undo_free (EditUndo *undo)
{
  if (undo->before != NULL)
    g_boxed_free (undo->type, undo->before);
  g_clear_object (&undo->pane);
  g_free (undo->table);
  g_free (undo->uuid);
  g_free (undo);
}

static void
on_undo_edit_clicked_cb (AdwToast *toast,
                         EditUndo *undo)
{
  KonOrganisationPane *self = undo->pane;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->store == NULL)
    return;

  if (undo->before == NULL)
    {
      g_autoptr(JsonNode) snapshot = kon_org_delete (self->store, undo->table, undo->uuid, &error);
      ok = snapshot != NULL;
    }
  else if (undo->type == KON_TYPE_PARTNER)
    ok = kon_org_save_partner (self->store, undo->before, &error);
  else if (undo->type == KON_TYPE_PERSON)
    ok = kon_org_save_person (self->store, undo->before, &error);
  else if (undo->type == KON_TYPE_BODY)
    ok = kon_org_save_body (self->store, undo->before, &error);
  else
    ok = kon_org_save_role (self->store, undo->before, &error);

  if (!ok)
    show_error_toast (self, error);
}

/* After a row was saved: a toast that says so, with Undo */
static void
announce_saved (KonOrganisationPane *self,
                GType                type,
                gconstpointer        before,
                const char          *table,
                const char          *uuid,
                const char          *name)
{
  g_autofree char *title = NULL;
  EditUndo *undo;
  AdwToast *toast;

  undo = g_new0 (EditUndo, 1);
  undo->pane = g_object_ref (self);
  undo->type = type;
  undo->before = before != NULL ? g_boxed_copy (type, before) : NULL;
  undo->table = g_strdup (table);
  undo->uuid = g_strdup (uuid);

  title = before != NULL
            /* TRANSLATORS: shown after editing; %s is a name */
            ? g_strdup_printf (_("“%s” saved"), name)
            /* TRANSLATORS: shown after adding; %s is a name */
            : g_strdup_printf (_("“%s” added"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, UNDO_SECONDS);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_edit_clicked_cb),
                         undo, (GClosureNotify) edit_undo_free, 0);
  add_toast (self, toast);
}

/* Dialogs */

static const char * const *
partner_kind_choices (void)
{
  static const char *choices[3];

  choices[0] = kon_partner_kind_to_string (KON_PARTNER_KIND_HELSEFORETAK);
  choices[1] = kon_partner_kind_to_string (KON_PARTNER_KIND_KOMMUNE);
  choices[2] = NULL;

  return choices;
}

static const char * const *
side_choices (void)
{
  static const char *choices[3];

  choices[0] = kon_side_to_string (KON_SIDE_HF);
  choices[1] = kon_side_to_string (KON_SIDE_MUNICIPAL);
  choices[2] = NULL;

  return choices;
}

typedef struct
{
  KonOrganisationPane *pane;
  KonPartner          *partner;
  KonPerson           *person;
  gpointer             before;          /* boxed copy of the row as it was, or NULL */
  GType                type;
  GPtrArray           *partner_uuids;
  AdwEntryRow         *name;
  AdwEntryRow         *short_name;
  AdwComboRow         *kind;
  AdwComboRow         *side;
  AdwEntryRow         *region;
  AdwEntryRow         *aliases;
  AdwEntryRow         *title;
  AdwComboRow         *partner_choice;
  AdwEntryRow         *email;
  AdwEntryRow         *phone;
} EditForm;

static void
edit_form_free (EditForm *form)
{
  if (form->before != NULL)
    g_boxed_free (form->type, form->before);
  g_clear_pointer (&form->partner, kon_partner_free);
  g_clear_pointer (&form->person, kon_person_free);
  g_clear_pointer (&form->partner_uuids, g_ptr_array_unref);
  g_free (form);
}

static void
on_partner_save_cb (KonEditDialog *dialog,
                    EditForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kon_edit_dialog_get_text (form->name);
  g_autofree char *short_name = kon_edit_dialog_get_text (form->short_name);
  g_autofree char *aliases = kon_edit_dialog_get_text (form->aliases);
  KonPartner *partner = form->partner;

  if (name == NULL || short_name == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("A partner needs an official name and a short name."));
      return;
    }

  g_free (partner->name);
  partner->name = g_steal_pointer (&name);
  g_free (partner->short_name);
  partner->short_name = g_steal_pointer (&short_name);
  partner->kind = adw_combo_row_get_selected (form->kind) == 0 ? KON_PARTNER_KIND_HELSEFORETAK
                                                                 : KON_PARTNER_KIND_KOMMUNE;
  partner->side = adw_combo_row_get_selected (form->side) == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
  g_free (partner->region);
  partner->region = kon_edit_dialog_get_text (form->region);

  g_strfreev (partner->aliases);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) parts = g_strsplit (aliases != NULL ? aliases : "", ",", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      {
        g_strstrip (parts[i]);
        if (*parts[i] != '\0')
          g_strv_builder_add (builder, parts[i]);
      }
    partner->aliases = g_strv_builder_end (builder);
  }

  if (!kon_org_save_partner (form->pane->store, partner, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  announce_saved (form->pane, KON_TYPE_PARTNER, form->before, "partner", partner->uuid, partner->name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_partner_dialog (KonOrganisationPane *self,
                     const KonPartner    *partner)
{
  KonEditDialog *dialog;
  EditForm *form;
  g_autofree char *aliases = NULL;

  form = g_new0 (EditForm, 1);
  form->pane = self;
  form->partner = partner != NULL ? kon_partner_copy (partner) : kon_partner_new ();
  form->type = KON_TYPE_PARTNER;
  form->before = partner != NULL ? kon_partner_copy (partner) : NULL;
  if (partner == NULL)
    {
      form->partner->kind = KON_PARTNER_KIND_KOMMUNE;
      form->partner->side = KON_SIDE_MUNICIPAL;
    }

  dialog = kon_edit_dialog_new (get_window (self),
                                partner != NULL ? _("Edit Partner") : _("New Partner"),
                                partner != NULL ? _("_Save") : _("_Add"));

  aliases = g_strjoinv (", ", form->partner->aliases);
  form->name = kon_edit_dialog_add_entry (dialog, _("Official name"), form->partner->name);
  form->short_name = kon_edit_dialog_add_entry (dialog, _("Short name"), form->partner->short_name);
  form->kind = kon_edit_dialog_add_choice (dialog, _("Kind"), partner_kind_choices (),
                                           form->partner->kind == KON_PARTNER_KIND_HELSEFORETAK ? 0 : 1);
  form->side = kon_edit_dialog_add_choice (dialog, _("Side"), side_choices (),
                                           form->partner->side == KON_SIDE_HF ? 0 : 1);
  form->region = kon_edit_dialog_add_entry (dialog, _("Region"), form->partner->region);
  form->aliases = kon_edit_dialog_add_entry (dialog, _("Other names, separated by commas"), aliases);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_partner_save_cb), form,
                         (GClosureNotify) edit_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_person_save_cb (KonEditDialog *dialog,
                   EditForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kon_edit_dialog_get_text (form->name);
  KonPerson *person = form->person;
  guint selected;

  if (name == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("A person needs a name."));
      return;
    }

  g_free (person->name);
  person->name = g_steal_pointer (&name);
  g_free (person->title);
  person->title = kon_edit_dialog_get_text (form->title);
  g_free (person->email);
  person->email = kon_edit_dialog_get_text (form->email);
  g_free (person->phone);
  person->phone = kon_edit_dialog_get_text (form->phone);

  selected = adw_combo_row_get_selected (form->partner_choice);
  g_free (person->partner_uuid);
  person->partner_uuid = selected > 0 && selected <= form->partner_uuids->len
                           ? g_strdup (g_ptr_array_index (form->partner_uuids, selected - 1))
                           : NULL;

  if (!kon_org_save_person (form->pane->store, person, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  announce_saved (form->pane, KON_TYPE_PERSON, form->before, "person", person->uuid, person->name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_person_dialog (KonOrganisationPane *self,
                    const KonPerson     *person)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new ();
  g_autoptr(GPtrArray) partners = kon_org_list_partners (self->store, NULL);
  KonEditDialog *dialog;
  EditForm *form;
  guint selected = 0;

  form = g_new0 (EditForm, 1);
  form->pane = self;
  form->person = person != NULL ? kon_person_copy (person) : kon_person_new ();
  form->type = KON_TYPE_PERSON;
  form->before = person != NULL ? kon_person_copy (person) : NULL;
  form->partner_uuids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (choices, (gpointer) _("None"));
  selected = 1 + collect_choices (partners, TRUE, form->person->partner_uuid,
                                  form->partner_uuids, choices);
  g_ptr_array_add (choices, NULL);

  dialog = kon_edit_dialog_new (get_window (self),
                                person != NULL ? _("Edit Person") : _("New Person"),
                                person != NULL ? _("_Save") : _("_Add"));

  form->name = kon_edit_dialog_add_entry (dialog, _("Name"), form->person->name);
  form->title = kon_edit_dialog_add_entry (dialog, _("Title"), form->person->title);
  form->partner_choice = kon_edit_dialog_add_choice (dialog, _("Partner"),
                                                     (const char * const *) choices->pdata, selected);
  form->email = kon_edit_dialog_add_entry (dialog, _("E-mail"), form->person->email);
  form->phone = kon_edit_dialog_add_entry (dialog, _("Phone"), form->person->phone);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_person_save_cb), form,
                         (GClosureNotify) edit_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char * const *
body_kind_choices (void)
{
  static const char *choices[KON_BODY_KIND_OTHER + 2];

  for (int i = 0; i <= KON_BODY_KIND_OTHER; i++)
    choices[i] = kon_body_kind_to_string ((KonBodyKind) i);
  choices[KON_BODY_KIND_OTHER + 1] = NULL;

  return choices;
}

static const char * const *
role_kind_choices (void)
{
  static const char *choices[KON_ROLE_KIND_SECRETARY + 2];

  for (int i = 0; i <= KON_ROLE_KIND_SECRETARY; i++)
    choices[i] = kon_role_kind_to_string ((KonRoleKind) i);
  choices[KON_ROLE_KIND_SECRETARY + 1] = NULL;

  return choices;
}

static const char * const *
represents_choices (void)
{
  static const char *choices[KON_REPRESENTS_EMPLOYEES + 2];

  for (int i = 0; i <= KON_REPRESENTS_EMPLOYEES; i++)
    choices[i] = kon_represents_to_string ((KonRepresents) i);
  choices[KON_REPRESENTS_EMPLOYEES + 1] = NULL;

  return choices;
}

static const char * const *
optional_side_choices (void)
{
  static const char *choices[4];

  choices[0] = _("Neither side");
  choices[1] = kon_side_to_string (KON_SIDE_HF);
  choices[2] = kon_side_to_string (KON_SIDE_MUNICIPAL);
  choices[3] = NULL;

  return choices;
}

typedef struct
{
  KonOrganisationPane *pane;
  KonBody             *body;
  KonBody             *before;    /* the body as it was, or NULL */
  KonRole             *role;
  GPtrArray           *uuids;      /* parent bodies, or persons */
  GPtrArray           *partner_uuids;
  AdwEntryRow         *name;
  AdwEntryRow         *short_name;
  AdwComboRow         *kind;
  AdwComboRow         *parent;
  AdwEntryRow         *mandate;
  GtkSwitch           *takes_decisions;
  GtkSwitch           *is_public;
  GtkSpinButton       *meetings;
  GtkSpinButton       *seats;
  AdwEntryRow         *deadline;
  AdwComboRow         *person;
  AdwComboRow         *represents;
  AdwComboRow         *partner;
  AdwComboRow         *side;
  AdwEntryRow         *from;
  AdwEntryRow         *to;
} BodyForm;

static void
body_form_free (BodyForm *form)
{
  g_clear_pointer (&form->body, kon_body_free);
  g_clear_pointer (&form->before, kon_body_free);
  g_clear_pointer (&form->role, kon_role_free);
  g_clear_pointer (&form->uuids, g_ptr_array_unref);
  g_clear_pointer (&form->partner_uuids, g_ptr_array_unref);
  g_free (form);
}

/* Reads an optional date field; FALSE (with the dialog showing why) when
 * something is written that is not a date. */
static gboolean
read_date_field (KonEditDialog *dialog,
                 AdwEntryRow   *row,
                 GDate         *date)
{
  g_autofree char *text = kon_edit_dialog_get_text (row);

  g_date_clear (date, 1);

  if (text == NULL)
    return TRUE;

  if (!kon_date_parse (text, date))
    {
      /* TRANSLATORS: %s is what the user wrote */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date. Write it as dd.mm.yyyy, "
                                                    "for example 25.05.2021."), text);
      kon_edit_dialog_show_error (dialog, message);
      return FALSE;
    }

  return TRUE;
}

static char *
format_optional_date (const GDate *date)
{
  return g_date_valid (date) ? kon_date_format (date) : NULL;
}

static void
on_body_save_cb (KonEditDialog *dialog,
                 BodyForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kon_edit_dialog_get_text (form->name);
  KonBody *body = form->body;
  guint parent;

  if (name == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("A body needs a name."));
      return;
    }

  if (!read_date_field (dialog, form->deadline, &body->deadline))
    return;

  g_free (body->name);
  body->name = g_steal_pointer (&name);
  g_free (body->short_name);
  body->short_name = kon_edit_dialog_get_text (form->short_name);
  g_free (body->mandate);
  body->mandate = kon_edit_dialog_get_text (form->mandate);
  body->kind = (KonBodyKind) adw_combo_row_get_selected (form->kind);
  body->takes_decisions = gtk_switch_get_active (form->takes_decisions);
  body->is_public = gtk_switch_get_active (form->is_public);
  body->meetings_per_year = gtk_spin_button_get_value_as_int (form->meetings);
  body->seats_per_side = gtk_spin_button_get_value_as_int (form->seats);

  parent = adw_combo_row_get_selected (form->parent);
  g_free (body->parent_uuid);
  body->parent_uuid = parent > 0 && parent <= form->uuids->len
                        ? g_strdup (g_ptr_array_index (form->uuids, parent - 1)) : NULL;

  if (!kon_org_save_body (form->pane->store, body, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  announce_saved (form->pane, KON_TYPE_BODY, form->before, "body", body->uuid, body->name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_body_dialog (KonOrganisationPane *self,
                  const KonBody       *body)
{
  g_autoptr(GPtrArray) bodies = kon_org_list_bodies (self->store, NULL);
  g_autoptr(GPtrArray) choices = g_ptr_array_new ();
  g_autofree char *deadline = NULL;
  KonEditDialog *dialog;
  BodyForm *form;
  guint selected = 0;

  form = g_new0 (BodyForm, 1);
  form->pane = self;
  form->body = body != NULL ? kon_body_copy (body) : kon_body_new ();
  form->before = body != NULL ? kon_body_copy (body) : NULL;
  form->uuids = g_ptr_array_new_with_free_func (g_free);
  if (body == NULL)
    {
      form->body->kind = KON_BODY_KIND_WORKING_GROUP;
      form->body->takes_decisions = FALSE;
      if (self->shown_body != NULL)
        form->body->parent_uuid = g_strdup (self->shown_body);
    }

  g_ptr_array_add (choices, (gpointer) _("None (top level)"));
  for (guint i = 0; bodies != NULL && i < bodies->len; i++)
    {
      KonBody *other = g_ptr_array_index (bodies, i);

      if (g_strcmp0 (other->uuid, form->body->uuid) == 0)
        continue;

      g_ptr_array_add (form->uuids, g_strdup (other->uuid));
      g_ptr_array_add (choices, other->name);
      if (g_strcmp0 (other->uuid, form->body->parent_uuid) == 0)
        selected = form->uuids->len;
    }
  g_ptr_array_add (choices, NULL);

  dialog = kon_edit_dialog_new (get_window (self),
                                body != NULL ? _("Edit Body") : _("New Body"),
                                body != NULL ? _("_Save") : _("_Add"));

  deadline = format_optional_date (&form->body->deadline);
  form->name = kon_edit_dialog_add_entry (dialog, _("Name"), form->body->name);
  form->short_name = kon_edit_dialog_add_entry (dialog, _("Short name"), form->body->short_name);
  form->kind = kon_edit_dialog_add_choice (dialog, _("Kind"), body_kind_choices (), form->body->kind);
  form->parent = kon_edit_dialog_add_choice (dialog, _("Set up by"),
                                             (const char * const *) choices->pdata, selected);
  form->mandate = kon_edit_dialog_add_entry (dialog, _("Mandate"), form->body->mandate);
  form->takes_decisions = kon_edit_dialog_add_switch (dialog, _("Takes decisions"),
                                                      form->body->takes_decisions);
  form->is_public = kon_edit_dialog_add_switch (dialog, _("Public meetings"), form->body->is_public);
  form->meetings = kon_edit_dialog_add_number (dialog, _("Meetings per year"),
                                               form->body->meetings_per_year, 52);
  form->seats = kon_edit_dialog_add_number (dialog, _("Seats per side (0: no parity rule)"),
                                            form->body->seats_per_side, 99);
  form->deadline = kon_edit_dialog_add_entry (dialog, _("Deadline (dd.mm.yyyy), if time-limited"), deadline);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_body_save_cb), form,
                         (GClosureNotify) body_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_role_save_cb (KonEditDialog *dialog,
                 BodyForm      *form)
{
  g_autoptr(GError) error = NULL;
  KonRole *role = form->role;
  guint person, partner;

  person = adw_combo_row_get_selected (form->person);
  if (person >= form->uuids->len)
    {
      kon_edit_dialog_show_error (dialog, _("Choose the person who has the role."));
      return;
    }

  if (!read_date_field (dialog, form->from, &role->from) ||
      !read_date_field (dialog, form->to, &role->to))
    return;

  if (g_date_valid (&role->from) && g_date_valid (&role->to) &&
      g_date_compare (&role->from, &role->to) > 0)
    {
      kon_edit_dialog_show_error (dialog, _("The role cannot end before it begins."));
      return;
    }

  g_free (role->person_uuid);
  role->person_uuid = g_strdup (g_ptr_array_index (form->uuids, person));
  role->kind = (KonRoleKind) adw_combo_row_get_selected (form->kind);
  role->represents = (KonRepresents) adw_combo_row_get_selected (form->represents);
  role->side = (KonSide) adw_combo_row_get_selected (form->side);

  partner = adw_combo_row_get_selected (form->partner);
  g_free (role->partner_uuid);
  role->partner_uuid = partner > 0 && partner <= form->partner_uuids->len
                         ? g_strdup (g_ptr_array_index (form->partner_uuids, partner - 1)) : NULL;

  if (role->represents == KON_REPRESENTS_PARTNER && role->partner_uuid == NULL)
    {
      kon_edit_dialog_show_error (dialog, _("Choose the partner the role represents."));
      return;
    }

  if (!kon_org_save_role (form->pane->store, role, &error))
    {
      kon_edit_dialog_show_error (dialog, error->message);
      return;
    }

  announce_saved (form->pane, KON_TYPE_ROLE, NULL, "role", role->uuid,
                  adw_combo_row_get_selected_item (form->person) != NULL
                    ? gtk_string_object_get_string (adw_combo_row_get_selected_item (form->person))
                    : "");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_role_dialog (KonOrganisationPane *self,
                  const char          *body_uuid)
{
  g_autoptr(GPtrArray) person_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) partner_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) persons = kon_org_list_persons (self->store, NULL);
  g_autoptr(GPtrArray) partners = kon_org_list_partners (self->store, NULL);
  guint n_persons = persons != NULL ? persons->len : 0;
  KonEditDialog *dialog;
  BodyForm *form;

  if (n_persons == 0)
    {
      kon_compat_show_alert (get_window (self), _("No People Yet"),
                             _("Add the person under People first, then give them a role here."));
      return;
    }

  form = g_new0 (BodyForm, 1);
  form->pane = self;
  form->role = kon_role_new ();
  g_free (form->role->body_uuid);
  form->role->body_uuid = g_strdup (body_uuid);
  form->uuids = g_ptr_array_new_with_free_func (g_free);
  form->partner_uuids = g_ptr_array_new_with_free_func (g_free);

  collect_choices (persons, FALSE, NULL, form->uuids, person_names);
  g_ptr_array_add (person_names, NULL);

  g_ptr_array_add (partner_names, (gpointer) _("None"));
  collect_choices (partners, TRUE, NULL, form->partner_uuids, partner_names);
  g_ptr_array_add (partner_names, NULL);

  dialog = kon_edit_dialog_new (get_window (self), _("New Role"), _("_Add"));
  form->person = kon_edit_dialog_add_choice (dialog, _("Person"),
                                             (const char * const *) person_names->pdata, 0);
  form->kind = kon_edit_dialog_add_choice (dialog, _("Role"), role_kind_choices (), KON_ROLE_KIND_MEMBER);
  form->represents = kon_edit_dialog_add_choice (dialog, _("Represents"), represents_choices (),
                                                 KON_REPRESENTS_PARTNER);
  form->partner = kon_edit_dialog_add_choice (dialog, _("Partner"),
                                              (const char * const *) partner_names->pdata, 0);
  form->side = kon_edit_dialog_add_choice (dialog, _("Side"), optional_side_choices (), 0);
  form->from = kon_edit_dialog_add_entry (dialog, _("From (dd.mm.yyyy)"), NULL);
  form->to = kon_edit_dialog_add_entry (dialog, _("To (dd.mm.yyyy)"), NULL);

  g_signal_connect_data (dialog, "save", G_CALLBACK (on_role_save_cb), form,
                         (GClosureNotify) body_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_body_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);

  show_body (self, NULL);
}

static void
add_body_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_body_dialog (KON_ORGANISATION_PANE (widget), NULL);
}

static void
edit_body_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(KonBody) body = NULL;

  if (self->shown_body != NULL)
    body = kon_org_get_body (self->store, self->shown_body, NULL);

  if (body != NULL)
    open_body_dialog (self, body);
}

static void
add_role_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);

  if (self->shown_body != NULL)
    open_role_dialog (self, self->shown_body);
}

/* Exporting and printing the chart */

typedef struct
{
  KonChartLayout *layout;
  char           *community_name;
  GDate           date;
} ChartPage;

static void
chart_page_free (ChartPage *page)
{
  g_clear_pointer (&page->layout, kon_chart_layout_unref);
  g_free (page->community_name);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChartPage, chart_page_free)

/* The chart as it stands today, laid out for paper */
static ChartPage *
chart_page_new (KonOrganisationPane  *self,
                GError              **error)
{
  g_autoptr(KonChartData) data = kon_chart_data_load (self->store, error);
  ChartPage *page;

  if (data == NULL)
    return NULL;

  page = g_new0 (ChartPage, 1);
  g_date_clear (&page->date, 1);
  g_date_set_time_t (&page->date, time (NULL));
  page->community_name = g_strdup (data->community != NULL ? data->community->name : "");
  page->layout = kon_chart_render_layout (data->community, data->partners, data->bodies,
                                          data->roles, &page->date);

  return page;
}

static void
on_chart_exported_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KonOrganisationPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kon_chart_render_export_finish (result, &error))
    {
      kon_compat_show_alert (get_window (self), _("The Chart Could Not Be Exported"), error->message);
      return;
    }

  add_toast (self, adw_toast_new (_("Chart exported")));
}

static void
on_chart_file_chosen_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(KonOrganisationPane) self = user_data;
  g_autoptr(GFile) file = kon_compat_choose_file_finish (result, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChartPage) page = NULL;
  KonChartFormat format;

  if (file == NULL || self->store == NULL)
    return;

  format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "kon-chart-format"));
  page = chart_page_new (self, &error);
  if (page == NULL)
    {
      show_error_toast (self, error);
      return;
    }

  kon_chart_render_export_async (page->layout, page->community_name, &page->date, format, file,
                                 NULL, on_chart_exported_cb, g_object_ref (self));
}

static void
chart_export_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  gboolean pdf = g_str_equal (action_name, "chart.export-pdf");
  const KonFileFilter filters[] = {
    { pdf ? _("PDF documents") : _("SVG images"),
      pdf ? "*.pdf" : "*.svg",
      pdf ? "application/pdf" : "image/svg+xml" },
  };

  g_object_set_data (G_OBJECT (self), "kon-chart-format",
                     GINT_TO_POINTER (pdf ? KON_CHART_FORMAT_PDF : KON_CHART_FORMAT_SVG));
  kon_compat_choose_file (get_window (self), KON_FILE_CHOOSER_SAVE,
                          _("Export the Organisation Chart"), _("_Export"),
                          /* TRANSLATORS: file names suggested for the chart */
                          pdf ? _("organisation-chart.pdf") : _("organisation-chart.svg"),
                          filters, G_N_ELEMENTS (filters),
                          NULL, on_chart_file_chosen_cb, g_object_ref (self));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 ChartPage         *page)
{
  cairo_rectangle_t area = {
    0, 0,
    gtk_print_context_get_width (context),
    gtk_print_context_get_height (context),
  };

  kon_chart_render_draw_page (gtk_print_context_get_cairo_context (context),
                              page->layout, page->community_name, &page->date, &area);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  KonOrganisationPane     *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        kon_compat_show_alert (get_window (self), _("The Chart Could Not Be Printed"), error->message);
    }
}

static void
chart_print_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  ChartPage *page;

  page = chart_page_new (self, &error);
  if (page == NULL)
    {
      show_error_toast (self, error);
      return;
    }

  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, _("Organisation chart"));
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb), page,
                         (GClosureNotify) chart_page_free, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), self, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               get_window (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    kon_compat_show_alert (get_window (self), _("The Chart Could Not Be Printed"), error->message);
}

/* Deleting, with Undo */

typedef struct
{
  KonOrganisationPane *pane;
  char                *table;
  char                *uuid;
  char                *name;
} DeleteRequest;

static void
delete_request_free (DeleteRequest *request)
{
  g_clear_object (&request->pane);
  g_free (request->table);
  g_free (request->uuid);
  g_free (request->name);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteRequest, delete_request_free)

static void
on_undo_clicked_cb (AdwToast *toast,
                    gpointer  user_data)
{
  KonOrganisationPane *self = g_object_get_data (G_OBJECT (toast), "kon-pane");
  JsonNode *snapshot = user_data;
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->store == NULL)
    return;

  if (!kon_org_restore (self->store, snapshot, &error))
    show_error_toast (self, error);
}

static void
do_delete (DeleteRequest *request)
{
  KonOrganisationPane *self = request->pane;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  JsonNode *snapshot;
  AdwToast *toast;

  snapshot = kon_org_delete (self->store, request->table, request->uuid, &error);
  if (snapshot == NULL)
    {
      show_error_toast (self, error);
      return;
    }

  /* TRANSLATORS: shown after deleting; %s is what was deleted */
  title = g_strdup_printf (_("“%s” deleted"), request->name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, UNDO_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "kon-pane", g_object_ref (self), g_object_unref);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb),
                         snapshot, (GClosureNotify) json_node_unref, 0);
  add_toast (self, toast);
}

static void
on_delete_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DeleteRequest) request = user_data;

  if (kon_compat_confirm_finish (result, NULL))
    do_delete (request);
}

static char *
lookup_name (KonOrganisationPane *self,
             const char          *table,
             const char          *uuid)
{
  if (g_str_equal (table, "partner"))
    {
      g_autoptr(KonPartner) partner = kon_org_get_partner (self->store, uuid, NULL);
      if (partner != NULL)
        return g_strdup (partner->name);
    }
  else if (g_str_equal (table, "person"))
    {
      g_autoptr(KonPerson) person = kon_org_get_person (self->store, uuid, NULL);
      if (person != NULL)
        return g_strdup (person->name);
    }
  else if (g_str_equal (table, "body"))
    {
      g_autoptr(KonBody) body = kon_org_get_body (self->store, uuid, NULL);
      if (body != NULL)
        return g_strdup (body->name);
    }

  return g_strdup (uuid);
}

static void
delete_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *consequences = NULL;
  DeleteRequest *request;
  const char *table, *uuid;

  g_variant_get (parameter, "(&s&s)", &table, &uuid);

  request = g_new0 (DeleteRequest, 1);
  request->pane = g_object_ref (self);
  request->table = g_strdup (table);
  request->uuid = g_strdup (uuid);
  request->name = lookup_name (self, table, uuid);

  consequences = kon_org_describe_delete (self->store, table, uuid, &error);
  if (error != NULL)
    {
      show_error_toast (self, error);
      delete_request_free (request);
      return;
    }

  if (consequences == NULL)
    {
      do_delete (request);
      delete_request_free (request);
      return;
    }

  {
    /* TRANSLATORS: heading of the question before deleting; %s is a name */
    g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), request->name);

    kon_compat_confirm (get_window (self), heading, consequences, _("_Delete"), TRUE,
                        NULL, on_delete_confirmed_cb, request);
  }
}

/* Callbacks */

static void
on_template_activated_cb (KonOrganisationPane *self,
                          GtkListBoxRow       *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "kon-template-path");
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  if (path == NULL || window == NULL)
    return;

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
  if (kon_org_item_get_boxed_type (item) == KON_TYPE_PARTNER)
    open_partner_dialog (self, kon_org_item_get_boxed (item));
  else
    open_person_dialog (self, kon_org_item_get_boxed (item));
}

static void
add_partner_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_partner_dialog (KON_ORGANISATION_PANE (widget), NULL);
}

static void
add_person_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_person_dialog (KON_ORGANISATION_PANE (widget), NULL);
}

static void
on_body_activated_cb (KonOrganisationPane *self,
                      const char          *body_uuid)
{
  show_body (self, body_uuid);
}

/* The details of the body shown follow the data (refreshed, or gone with
 * it) and the chart's counts: they are redrawn when the chart has been
 * laid out again, after every change (only once the chart is on screen) */
static void
refresh_shown_body (KonOrganisationPane *self)
{
  if (self->shown_body != NULL && !kon_body_details_refresh (self->body_details))
    show_body (self, NULL);
}

/* The details take room from the chart: once they are in, the body
 * clicked is moved back into view */
static void
on_detail_revealed_cb (KonOrganisationPane *self)
{
  if (self->shown_body != NULL && gtk_revealer_get_child_revealed (self->detail_revealer))
    kon_chart_view_focus_body (self->chart_view, self->shown_body);
}

static void
chart_zoom_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KonOrganisationPane *self = KON_ORGANISATION_PANE (widget);

  if (g_str_equal (action_name, "chart.zoom-in"))
    kon_chart_view_zoom_in (self->chart_view);
  else if (g_str_equal (action_name, "chart.zoom-out"))
    kon_chart_view_zoom_out (self->chart_view);
  else
    kon_chart_view_zoom_fit (self->chart_view);
}

static void
on_store_changed_cb (KonOrganisationPane *self,
                     const char          *what)
{
  reload (self);

  /* A person's row names their partner */
  if (g_strcmp0 (what, "partner") == 0 && self->person_model != NULL)
    kon_org_list_model_reload (KON_ORG_LIST_MODEL (self->person_model));
}

/* Content */

/* The actions of the content page, disabled until it is built */
static const char * const content_actions[] = {
  "org.add-partner", "org.add-person", "org.delete", "org.add-body",
  "org.edit-body", "org.add-role",
  "chart.zoom-in", "chart.zoom-out", "chart.zoom-fit",
  "chart.export-pdf", "chart.export-svg", "chart.print",
};

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

  for (guint i = 0; i < G_N_ELEMENTS (content_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), content_actions[i], TRUE);
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
    show_error_toast (self, error);

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
    load_templates (self);

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "empty" : "content");
}

/* Overrides */

static void
kon_organisation_pane_dispose (GObject *object)
{
  KonOrganisationPane *self = (KonOrganisationPane *) object;

  kon_organisation_pane_set_store (self, NULL);
  g_clear_handle_id (&self->templates_idle_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_ORGANISATION_PANE);

  g_clear_object (&self->partner_model);
  g_clear_object (&self->person_model);
  g_clear_pointer (&self->partner_names, g_hash_table_unref);
  g_clear_pointer (&self->shown_body, g_free);

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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-organisation-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KonOrganisationPane, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KonOrganisationPane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KonOrganisationPane, template_list);
  gtk_widget_class_bind_template_callback (widget_class, on_template_activated_cb);

  gtk_widget_class_install_action (widget_class, "org.add-partner", NULL, add_partner_cb);
  gtk_widget_class_install_action (widget_class, "org.add-person", NULL, add_person_cb);
  gtk_widget_class_install_action (widget_class, "org.delete", "(ss)", delete_cb);
  gtk_widget_class_install_action (widget_class, "org.add-body", NULL, add_body_cb);
  gtk_widget_class_install_action (widget_class, "org.close-body", NULL, close_body_cb);
  gtk_widget_class_install_action (widget_class, "org.edit-body", NULL, edit_body_cb);
  gtk_widget_class_install_action (widget_class, "org.add-role", NULL, add_role_cb);
  gtk_widget_class_install_action (widget_class, "chart.zoom-in", NULL, chart_zoom_cb);
  gtk_widget_class_install_action (widget_class, "chart.zoom-out", NULL, chart_zoom_cb);
  gtk_widget_class_install_action (widget_class, "chart.zoom-fit", NULL, chart_zoom_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-pdf", NULL, chart_export_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-svg", NULL, chart_export_cb);
  gtk_widget_class_install_action (widget_class, "chart.print", NULL, chart_print_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "org.close-body", NULL);
}

static void
kon_organisation_pane_init (KonOrganisationPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->partner_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.close-body", FALSE);

  /* Until there is content to act on */
  for (guint i = 0; i < G_N_ELEMENTS (content_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), content_actions[i], FALSE);

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

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
