/* kon-template-picker.c: the community templates, offered by an empty database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists the JSON templates of the template folder (KONSENSUS_TEMPLATE_DIR,
 * or the installed one): communities first, demos after them, the empty
 * one last, each with what it holds.  Choosing one emits "activated" with
 * the template's path.  The folder is read after the window has been
 * drawn (kon_template_picker_load ()), so a first run opens as fast as any
 * other.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kon-template-picker.h"

struct _KonTemplatePicker
{
  GtkWidget      parent_instance;

  guint          idle_id;

  /* Template widgets */
  AdwStatusPage *status_page;
  GtkListBox    *template_list;
};

G_DEFINE_FINAL_TYPE (KonTemplatePicker, kon_template_picker, GTK_TYPE_WIDGET)

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

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

/* Reads one template file once: what the list shows of it.  @index
 * (templates.ini beside the templates, nullable) names the templates
 * whose community's name would not tell them apart. */
static TemplateEntry *
template_entry_new (const char *path,
                    GKeyFile   *index)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *index_title = NULL;
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

  if (index != NULL)
    index_title = g_key_file_get_locale_string (index, basename, "Title", NULL, NULL);
  if (index_title != NULL && *index_title != '\0')
    {
      g_free (entry->title);
      entry->title = g_steal_pointer (&index_title);
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
  KonTemplatePicker *self = user_data;
  g_autofree char *dir_path = get_template_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GKeyFile) index = g_key_file_new ();
  g_autofree char *index_path = g_build_filename (dir_path, "templates.ini", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) template_entry_free);
  GtkWidget *child;
  const char *name;

  self->idle_id = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_list))) != NULL)
    gtk_list_box_remove (self->template_list, child);

  if (!g_key_file_load_from_file (index, index_path, G_KEY_FILE_NONE, NULL))
    g_clear_pointer (&index, g_key_file_unref);

  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      TemplateEntry *entry;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      entry = template_entry_new (path, index);
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


/* Callbacks */

static void
on_row_activated_cb (KonTemplatePicker *self,
                     GtkListBoxRow     *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "kon-template-path");

  if (path != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, path);
}

/* Overrides */

static void
kon_template_picker_dispose (GObject *object)
{
  KonTemplatePicker *self = KON_TEMPLATE_PICKER (object);
  GtkWidget *child;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_TEMPLATE_PICKER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kon_template_picker_parent_class)->dispose (object);
}

static void
kon_template_picker_class_init (KonTemplatePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_template_picker_dispose;

  /**
   * KonTemplatePicker::activated:
   * @path: the template file chosen
   */
  signals[ACTIVATED] = g_signal_new ("activated",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-template-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KonTemplatePicker, status_page);
  gtk_widget_class_bind_template_child (widget_class, KonTemplatePicker, template_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
kon_template_picker_init (KonTemplatePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
kon_template_picker_new (void)
{
  return g_object_new (KON_TYPE_TEMPLATE_PICKER, NULL);
}

/**
 * kon_template_picker_load:
 *
 * Reads the template folder (again), when the main loop is idle.
 */
void
kon_template_picker_load (KonTemplatePicker *self)
{
  g_return_if_fail (KON_IS_TEMPLATE_PICKER (self));

  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, load_templates_cb, self, NULL);
}
