/* kon-case-links.c: a case's officers, chain, anchoring and attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-case-links.h"
#include "kon-case-officer.h"
#include "kon-compat.h"
#include "kon-date.h"
#include "kon-edit-form.h"
#include "kon-org.h"

/* The most people a search for an officer shows */
#define MAX_FOUND 8

struct _KonCaseLinks
{
  GtkWidget            parent_instance;

  KonStore            *store;
  char                *case_uuid;
  GPtrArray           *municipalities;    /* KonPartner, the choices of anchor_partner_row */
  GPtrArray           *rows;              /* the rows shown for the lists, to take away */
  GCancellable        *cancellable;
  guint                refresh_idle;
  gboolean             pick_next;         /* choose the next municipality not yet anchored */

  /* Template widgets */
  AdwPreferencesGroup *officers_group;
  GtkMenuButton       *add_officer_button;
  GtkPopover          *officer_popover;
  GtkSearchEntry      *officer_search;
  GtkListBox          *officer_results;
  GtkLabel            *officer_error_label;
  AdwPreferencesGroup *chain_group;
  AdwPreferencesGroup *anchoring_group;
  AdwActionRow        *anchoring_summary_row;
  AdwPreferencesGroup *add_anchoring_group;
  AdwComboRow         *anchor_partner_row;
  AdwEntryRow         *anchor_date_row;
  AdwEntryRow         *anchor_note_row;
  GtkLabel            *anchor_error_label;
  GtkButton           *anchor_button;
  AdwPreferencesGroup *attachments_group;
  GtkButton           *attach_button;
  GtkLabel            *attach_error_label;
};

G_DEFINE_FINAL_TYPE (KonCaseLinks, kon_case_links, GTK_TYPE_WIDGET)

enum {
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
show_error (GtkLabel     *label,
            const GError *error)
{
  gtk_label_set_text (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

/* Where a problem with a row of @table is said: at its group */
static GtkLabel *
error_label_of (KonCaseLinks   *self,
                const KonTable *table)
{
  if (table == &kon_case_attachment_table)
    return self->attach_error_label;
  if (table == &kon_case_anchoring_table)
    return self->anchor_error_label;
  return self->officer_error_label;
}

static void
on_remove_clicked_cb (GtkButton    *button,
                      KonCaseLinks *self)
{
  const KonTable *table = g_object_get_data (G_OBJECT (button), "kon-table");
  const char *uuid = g_object_get_data (G_OBJECT (button), "kon-uuid");
  g_autoptr(KonSnapshot) removed = NULL;
  g_autoptr(GError) error = NULL;

  removed = kon_store_delete (self->store, table, uuid, &error);
  if (removed == NULL)
    show_error (error_label_of (self, table), error);
}

/* A row of a list, with a button that removes what it shows */
static GtkWidget *
add_row (KonCaseLinks        *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *remove_label,
         const KonTable      *table,
         const char          *uuid)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  if (remove_label != NULL && !kon_store_is_read_only (self->store))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-delete-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_object_set_data (G_OBJECT (button), "kon-table", (gpointer) table);
      g_object_set_data_full (G_OBJECT (button), "kon-uuid", g_strdup (uuid), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
clear_rows (KonCaseLinks *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/* "Kari Nordmann" and her partner */
static char *
describe_person (KonStore        *store,
                 const KonPerson *person)
{
  g_autoptr(KonPartner) partner = person->partner_uuid != NULL
                                  ? kon_org_get_partner (store, person->partner_uuid, NULL) : NULL;

  return partner != NULL ? g_strdup (partner->name) : NULL;
}

/* Officers */

static void
show_officers (KonCaseLinks *self)
{
  g_autoptr(GPtrArray) officers = kon_store_list (self->store, &kon_case_officer_table, "case",
                                                  self->case_uuid, NULL);

  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const KonCaseOfficer *officer = officers->pdata[i];
      g_autoptr(KonPerson) person = kon_org_get_person (self->store, officer->person_uuid, NULL);
      g_autofree char *partner = person != NULL ? describe_person (self->store, person) : NULL;

      /* TRANSLATORS: a button's label: the person's name */
      g_autofree char *remove = person != NULL ? g_strdup_printf (_("Remove %s as case officer"), person->name)
                                               : NULL;

      if (person != NULL)
        add_row (self, self->officers_group, person->name, partner, remove,
                 &kon_case_officer_table, officer->uuid);
    }
  if (officers == NULL || officers->len == 0)
    add_row (self, self->officers_group, _("No case officer yet"),
             _("Add the person or people who prepare the case."), NULL, NULL, NULL);
}

static void
on_officer_found_activated_cb (GtkListBox    *box,
                               GtkListBoxRow *row,
                               KonCaseLinks  *self)
{
  const char *person_uuid = g_object_get_data (G_OBJECT (row), "kon-uuid");
  g_autoptr(GPtrArray) officers = kon_store_list (self->store, &kon_case_officer_table, "case",
                                                  self->case_uuid, NULL);
  g_autoptr(KonCaseOfficer) officer = kon_case_officer_new ();
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->officer_popover);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    if (g_strcmp0 (((KonCaseOfficer *) officers->pdata[i])->person_uuid, person_uuid) == 0)
      return;

  officer->case_uuid = g_strdup (self->case_uuid);
  officer->person_uuid = g_strdup (person_uuid);
  kon_store_save (self->store, &kon_case_officer_table, officer, &error);
  show_error (self->officer_error_label, error);
}

static void
on_officer_search_changed_cb (GtkSearchEntry *entry,
                              KonCaseLinks   *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GPtrArray) uuids = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->officer_results))) != NULL)
    gtk_list_box_remove (self->officer_results, child);

  uuids = kon_org_search_persons (self->store, query, NULL);
  for (guint i = 0; uuids != NULL && i < uuids->len && i < MAX_FOUND; i++)
    {
      g_autoptr(KonPerson) person = kon_org_get_person (self->store, uuids->pdata[i], NULL);
      g_autofree char *partner = person != NULL ? describe_person (self->store, person) : NULL;
      GtkWidget *row;

      if (person == NULL)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->name);
      if (partner != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), partner);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, person->name, -1);
      g_object_set_data_full (G_OBJECT (row), "kon-uuid", g_strdup (person->uuid), g_free);
      gtk_list_box_append (self->officer_results, row);
    }
}

/* The first people, before anything is typed */
static void
on_officer_popover_show_cb (KonCaseLinks *self)
{
  on_officer_search_changed_cb (self->officer_search, self);
}

/* The chain and the anchoring */

static void
on_chain_row_activated_cb (AdwActionRow *row,
                           KonCaseLinks *self)
{
  const KonCase *c = g_object_get_data (G_OBJECT (row), "kon-case");

  if (c != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, c);
}

static void
show_chain (KonCaseLinks  *self,
            const KonCase *c)
{
  g_autoptr(GPtrArray) chain = kon_cases_list_chain (self->store, c, NULL);

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      KonCase *link = chain->pdata[i];
      g_autoptr(KonBody) body = kon_org_get_body (self->store, link->body_uuid, NULL);
      g_autofree char *number = kon_cases_format_number (body, link);
      gboolean here = g_strcmp0 (link->uuid, c->uuid) == 0;
      /* A case in the chain: its number, its kind, its body */
      g_autofree char *title = g_strdup_printf ("%s · %s · %s", number,
                                                kon_case_kind_to_string (link->kind),
                                                body != NULL ? body->name : "");
      /* TRANSLATORS: the case shown, in its chain: its title */
      g_autofree char *subtitle = here ? g_strdup_printf (_("This case: %s"), link->title)
                                       : g_strdup_printf ("%s · %s", link->title,
                                                          kon_case_status_to_string (link->status));
      GtkWidget *row = add_row (self, self->chain_group, title, subtitle, NULL, NULL, NULL);

      if (!here)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_object_set_data_full (G_OBJECT (row), "kon-case", kon_case_copy (link), (GDestroyNotify) kon_case_free);
          g_signal_connect (row, "activated", G_CALLBACK (on_chain_row_activated_cb), self);
        }
      else
        gtk_widget_add_css_class (row, "accent");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chain_group), chain != NULL && chain->len > 1);
}

static int
compare_anchorings (gconstpointer a,
                    gconstpointer b)
{
  const KonCaseAnchoring *x = *(KonCaseAnchoring * const *) a;
  const KonCaseAnchoring *y = *(KonCaseAnchoring * const *) b;

  return g_date_compare (&x->date, &y->date);
}

static void
show_anchorings (KonCaseLinks *self)
{
  g_autoptr(GPtrArray) anchorings = kon_store_list (self->store, &kon_case_anchoring_table, "case",
                                                    self->case_uuid, NULL);
  g_autoptr(GHashTable) anchored = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *title = NULL;
  g_autofree char *not_yet = NULL;

  if (anchorings != NULL)
    g_ptr_array_sort (anchorings, compare_anchorings);
  for (guint i = 0; anchorings != NULL && i < anchorings->len; i++)
    {
      const KonCaseAnchoring *anchoring = anchorings->pdata[i];
      g_autoptr(KonPartner) partner = kon_org_get_partner (self->store, anchoring->partner_uuid, NULL);
      g_autofree char *date = kon_date_format (&anchoring->date);
      /* TRANSLATORS: an anchoring: its date, then where ("kommunestyret, sak 15/2021") */
      g_autofree char *subtitle = anchoring->note != NULL ? g_strdup_printf (_("%s, %s"), date, anchoring->note)
                                                          : g_strdup (date);
      g_autofree char *remove = NULL;

      if (partner == NULL)
        continue;
      /* TRANSLATORS: a button's label: the municipality's name */
      remove = g_strdup_printf (_("Remove the anchoring by %s"), partner->name);
      g_hash_table_add (anchored, anchoring->partner_uuid);
      add_row (self, self->anchoring_group, partner->name, subtitle, remove,
               &kon_case_anchoring_table, anchoring->uuid);
    }

  for (guint i = 0; i < self->municipalities->len; i++)
    {
      const KonPartner *partner = self->municipalities->pdata[i];

      if (!g_hash_table_contains (anchored, partner->uuid))
        g_ptr_array_add (missing, partner->name);
    }
  g_ptr_array_add (missing, NULL);

  /* Offer the next municipality that has not anchored it */
  for (guint i = 0; self->pick_next && i < self->municipalities->len; i++)
    if (!g_hash_table_contains (anchored, ((KonPartner *) self->municipalities->pdata[i])->uuid))
      {
        adw_combo_row_set_selected (self->anchor_partner_row, i);
        break;
      }
  self->pick_next = FALSE;

  title = g_strdup_printf (ngettext ("Anchored by %u of %u municipality",
                                     "Anchored by %u of %u municipalities",
                                     self->municipalities->len),
                           g_hash_table_size (anchored), self->municipalities->len);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->anchoring_summary_row), title);
  if (missing->len > 1)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) missing->pdata);

      /* TRANSLATORS: the municipalities that have not anchored a case yet */
      not_yet = g_strdup_printf (_("Not yet: %s"), names);
    }
  adw_action_row_set_subtitle (self->anchoring_summary_row, not_yet != NULL ? not_yet : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->anchoring_summary_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, not_yet != NULL ? not_yet : "",
                                  -1);
}

static void
add_anchoring_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KonCaseLinks *self = KON_CASE_LINKS (widget);
  guint i = adw_combo_row_get_selected (self->anchor_partner_row);
  g_autoptr(KonCaseAnchoring) anchoring = kon_case_anchoring_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (i >= self->municipalities->len)
    {
      gtk_label_set_text (self->anchor_error_label, _("Choose the municipality that anchored the case."));
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_error_label), TRUE);
      return;
    }
  if (!kon_edit_form_read_date (self->anchor_date_row, &anchoring->date, &message) ||
      !g_date_valid (&anchoring->date))
    {
      gtk_label_set_text (self->anchor_error_label,
                          message != NULL ? message : _("Give the day it was anchored, as 12.03.2021."));
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_error_label), TRUE);
      return;
    }

  anchoring->case_uuid = g_strdup (self->case_uuid);
  anchoring->partner_uuid = g_strdup (((KonPartner *) self->municipalities->pdata[i])->uuid);
  anchoring->note = kon_edit_form_get_text (self->anchor_note_row);
  if (!kon_store_save (self->store, &kon_case_anchoring_table, anchoring, &error))
    {
      show_error (self->anchor_error_label, error);
      return;
    }
  show_error (self->anchor_error_label, NULL);
  kon_edit_form_set_text (self->anchor_note_row, NULL);
  self->pick_next = TRUE;
}

/* Attachments */

static void
on_launched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KonCaseLinks *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    show_error (self->attach_error_label, error);
  g_object_unref (self);
}

static void
on_attachment_activated_cb (AdwActionRow *row,
                            KonCaseLinks *self)
{
  const KonCaseAttachment *attachment = g_object_get_data (G_OBJECT (row), "kon-attachment");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kon_cases_write_attachment (self->store, attachment, &error);
  g_autofree char *uri = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;

  if (path == NULL)
    {
      show_error (self->attach_error_label, error);
      return;
    }
  show_error (self->attach_error_label, NULL);

  /* Through the OpenURI portal inside a sandbox */
  uri = g_filename_to_uri (path, NULL, NULL);
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, context, self->cancellable, on_launched_cb, g_object_ref (self));
}

static void
show_attachments (KonCaseLinks *self)
{
  g_autoptr(GPtrArray) attachments = kon_store_list (self->store, &kon_case_attachment_table, "case",
                                                     self->case_uuid, NULL);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      const KonCaseAttachment *attachment = attachments->pdata[i];
      g_autofree char *size = g_format_size ((guint64) attachment->size);
      g_autofree char *date = kon_date_format (&attachment->added);
      /* TRANSLATORS: an attachment: its size ("1.2 MB"), then the day it was added */
      g_autofree char *subtitle = g_strdup_printf (_("%s, added %s"), size, date);
      /* TRANSLATORS: a button's label: the file's name */
      g_autofree char *remove = g_strdup_printf (_("Remove the attachment %s"), attachment->name);
      GtkWidget *row = add_row (self, self->attachments_group, attachment->name, subtitle, remove,
                                &kon_case_attachment_table, attachment->uuid);

      /* TRANSLATORS: a tooltip: the attachment's checksum */
      g_autofree char *checksum = g_strdup_printf (_("SHA-256: %s"), attachment->sha256);

      gtk_widget_set_tooltip_text (row, checksum);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "kon-attachment", kon_case_attachment_copy (attachment),
                              (GDestroyNotify) kon_case_attachment_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_attachment_activated_cb), self);
    }
  if (attachments == NULL || attachments->len == 0)
    add_row (self, self->attachments_group, _("No attachments"),
             _("Attach documents the case needs: they are copied into the database."), NULL, NULL, NULL);
}

typedef struct
{
  GFile  *file;
  char   *name;
  char   *media_type;
} ReadFile;

static void
read_file_free (ReadFile *read)
{
  g_object_unref (read->file);
  g_free (read->name);
  g_free (read->media_type);
  g_free (read);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ReadFile *read = task_data;
  GError *error = NULL;
  GBytes *content = kon_cases_read_file (read->file, cancellable, &read->name, &read->media_type, &error);

  if (content == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, content, (GDestroyNotify) g_bytes_unref);
}

static void
on_file_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KonCaseLinks *self = KON_CASE_LINKS (source);
  ReadFile *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(KonCaseAttachment) attachment = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button), TRUE);
  if (content != NULL)
    attachment = kon_cases_attach (self->store, self->case_uuid, read->name, read->media_type, content, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self->attach_error_label, error);
}

static void
on_file_chosen_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KonCaseLinks *self = user_data;
  g_autoptr(GFile) file = kon_compat_choose_file_finish (result, NULL);
  g_autoptr(GTask) task = NULL;

  if (file != NULL)
    {
      ReadFile *read = g_new0 (ReadFile, 1);

      read->file = g_steal_pointer (&file);
      task = g_task_new (self, self->cancellable, on_file_read_cb, NULL);
      g_task_set_task_data (task, read, (GDestroyNotify) read_file_free);
      gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button), FALSE);
      g_task_run_in_thread (task, read_file_thread);
    }
  g_object_unref (self);
}

static void
attach_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KonCaseLinks *self = KON_CASE_LINKS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  kon_compat_choose_file (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, KON_FILE_CHOOSER_OPEN,
                          _("Attach a File"), _("_Attach"), NULL, NULL, 0, self->cancellable,
                          on_file_chosen_cb, g_object_ref (self));
}

/* Keeping up */

static void
refresh (KonCaseLinks *self)
{
  g_autoptr(KonCase) c = kon_store_get (self->store, &kon_case_table, self->case_uuid, NULL);

  clear_rows (self);
  if (c == NULL)
    return;
  show_officers (self);
  show_chain (self, c);
  show_anchorings (self);
  show_attachments (self);

  /* Municipalities anchor what is to be decided */
  gtk_widget_set_visible (GTK_WIDGET (self->anchoring_group), c->kind == KON_CASE_KIND_DECISION);
  gtk_widget_set_visible (GTK_WIDGET (self->add_anchoring_group),
                          c->kind == KON_CASE_KIND_DECISION && self->municipalities->len > 0 &&
                          !kon_store_is_read_only (self->store));
}

static gboolean
on_refresh_idle_cb (gpointer user_data)
{
  KonCaseLinks *self = user_data;

  self->refresh_idle = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* The tables what it shows comes from */
static const KonTable * const shown_tables[] = {
  &kon_case_table, &kon_case_officer_table, &kon_case_anchoring_table, &kon_case_attachment_table,
  &kon_person_table, &kon_partner_table, &kon_body_table,
};

static void
on_store_changed_cb (KonCaseLinks *self,
                     const char   *table,
                     const char   *uuid,
                     int           change)
{
  gboolean shown = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (shown_tables) && !shown; i++)
    shown = g_strcmp0 (table, shown_tables[i]->name) == 0;
  if (shown && self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (on_refresh_idle_cb, self);
}

/* GObject */

static void
kon_case_links_dispose (GObject *object)
{
  KonCaseLinks *self = KON_CASE_LINKS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_CASE_LINKS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->case_uuid, g_free);
  g_clear_pointer (&self->municipalities, g_ptr_array_unref);

  G_OBJECT_CLASS (kon_case_links_parent_class)->dispose (object);
}

static void
kon_case_links_class_init (KonCaseLinksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_case_links_dispose;

  /**
   * KonCaseLinks::open-case:
   * @case: (type KonCase): a case of the chain, to open
   */
  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, KON_TYPE_CASE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-case-links.ui");
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, officers_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, add_officer_button);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, officer_popover);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, officer_search);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, officer_results);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, officer_error_label);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, chain_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchoring_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchoring_summary_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, add_anchoring_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchor_partner_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchor_date_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchor_note_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchor_error_label);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, anchor_button);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, attach_button);
  gtk_widget_class_bind_template_child (widget_class, KonCaseLinks, attach_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_officer_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_officer_found_activated_cb);

  gtk_widget_class_install_action (widget_class, "case-links.add-anchoring", NULL, add_anchoring_cb);
  gtk_widget_class_install_action (widget_class, "case-links.attach", NULL, attach_cb);
}

static void
kon_case_links_init (KonCaseLinks *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 18);
  kon_compat_name_button (self->anchor_button);
  g_signal_connect_swapped (self->officer_popover, "show", G_CALLBACK (on_officer_popover_show_cb), self);
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->pick_next = TRUE;
}

/* Public API */

GtkWidget *
kon_case_links_new (KonStore   *store,
                    const char *case_uuid)
{
  KonCaseLinks *self;
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean writable;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (case_uuid != NULL, NULL);

  self = g_object_new (KON_TYPE_CASE_LINKS, NULL);
  self->store = g_object_ref (store);
  self->case_uuid = g_strdup (case_uuid);

  /* The municipalities, the ones that anchor */
  self->municipalities = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_partner_free);
  partners = kon_org_list_partners (store, NULL);
  for (guint i = 0; partners != NULL && i < partners->len; i++)
    if (((KonPartner *) partners->pdata[i])->side == KON_SIDE_MUNICIPAL)
      {
        g_ptr_array_add (self->municipalities, kon_partner_copy (partners->pdata[i]));
        g_ptr_array_add (names, ((KonPartner *) partners->pdata[i])->name);
      }
  g_ptr_array_add (names, NULL);
  kon_edit_form_set_choices (self->anchor_partner_row, (const char * const *) names->pdata, 0);

  writable = !kon_store_is_read_only (store);
  gtk_widget_set_visible (GTK_WIDGET (self->add_officer_button), writable);
  gtk_widget_set_visible (GTK_WIDGET (self->attach_button), writable);
  kon_edit_form_name_rows (GTK_WIDGET (self));

  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);

  return GTK_WIDGET (self);
}
