/* kon-case-form.c: the fields of a case, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a copy of the case; saving writes a new copy, so the case shown
 * stays as it was until a save succeeds.  A new case takes the next
 * number of its body and year unless a number is typed
 * (kon_cases_add()); an existing case keeps its body and number.  The
 * discussion case a decision follows is typed as people write it
 * ("03-2026"), a case of the same body; one it follows already, possibly
 * of another body, is kept while its number is left as shown.
 *
 * What is typed into a new case is not lost when the dialog is closed
 * unsaved or the app stops: half a second after the last change, the
 * text fields are written as a draft to a key file under
 * $XDG_DATA_HOME/konsensus/drafts/ (a case's own, or one for a new case
 * of the database, with the body, kind and status chosen), and the next
 * form for that case, or for a new case, fills them in again.  A
 * successful save or Discard removes the draft.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kon-case-form.h"
#include "kon-case-links.h"
#include "kon-cases.h"
#include "kon-compat.h"
#include "kon-date.h"
#include "kon-edit-dialog.h"

/* The longest title, as kon-case.c */
#define MAX_TITLE 300

/* How long after the last change a draft is written */
#define DRAFT_DELAY_MS 500
#define DRAFT_GROUP "Draft"

struct _KonCaseForm
{
  KonEditForm       parent_instance;

  KonCase          *row;
  GPtrArray        *bodies;          /* KonBody, the body choices */
  char             *earlier_shown;   /* the earlier case's number as shown, or NULL */
  char             *draft_path;      /* the draft last written or restored, or NULL */
  guint             draft_timeout;   /* a draft to write */
  gboolean          showing;         /* the fields are being set from the row: no draft */

  /* Template widgets */
  AdwPreferencesGroup *history_group;
  GPtrArray        *history_rows;    /* the rows in history_group */
  AdwPreferencesGroup *references_group;
  GPtrArray        *reference_rows;  /* the rows in references_group */
  guint             references_timeout;
  AdwPreferencesGroup *draft_group;
  AdwActionRow     *draft_row;
  GtkButton        *discard_button;
  AdwComboRow      *body_row;
  AdwEntryRow      *number_row;
  GtkSpinButton    *year_spin;
  AdwEntryRow      *title_row;
  AdwEntryRow      *public_title_row;
  AdwEntryRow      *screening_row;
  AdwComboRow      *kind_row;
  AdwComboRow      *status_row;
  AdwEntryRow      *date_row;
  AdwEntryRow      *archive_row;
  AdwEntryRow      *earlier_row;
  AdwEntryRow      *one_stage_row;
  AdwEntryRow      *one_stage_by_row;
  AdwEntryRow      *one_stage_date_row;
  AdwEntryRow      *meeting_date_row;
  AdwBin           *links_bin;
  AdwPreferencesGroup *links_hint_group;
  GtkTextView      *recommendation_view;
  GtkTextView      *background_view;
  GtkTextView      *presentation_view;
};

G_DEFINE_FINAL_TYPE (KonCaseForm, kon_case_form, KON_TYPE_EDIT_FORM)

/* The fields a draft keeps: its key in the key file, and the widget */
static const struct
{
  const char *key;
  gsize       offset;
} draft_fields[] = {
  { "title",          G_STRUCT_OFFSET (KonCaseForm, title_row) },
  { "public-title",   G_STRUCT_OFFSET (KonCaseForm, public_title_row) },
  { "screening",      G_STRUCT_OFFSET (KonCaseForm, screening_row) },
  { "document-date",  G_STRUCT_OFFSET (KonCaseForm, date_row) },
  { "archive-ref",    G_STRUCT_OFFSET (KonCaseForm, archive_row) },
  { "earlier-case",   G_STRUCT_OFFSET (KonCaseForm, earlier_row) },
  { "one-stage",      G_STRUCT_OFFSET (KonCaseForm, one_stage_row) },
  { "one-stage-by",   G_STRUCT_OFFSET (KonCaseForm, one_stage_by_row) },
  { "one-stage-date", G_STRUCT_OFFSET (KonCaseForm, one_stage_date_row) },
  { "meeting-date",   G_STRUCT_OFFSET (KonCaseForm, meeting_date_row) },
  { "recommendation", G_STRUCT_OFFSET (KonCaseForm, recommendation_view) },
  { "background",     G_STRUCT_OFFSET (KonCaseForm, background_view) },
  { "presentation",   G_STRUCT_OFFSET (KonCaseForm, presentation_view) },
};

/* Helpers */

static void
set_row (KonCaseForm   *self,
         const KonCase *row)
{
  g_clear_pointer (&self->row, kon_case_free);
  self->row = kon_case_copy (row);
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

/* The text of @view, stripped; NULL when empty */
static char *
get_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static const KonBody *
selected_body (KonCaseForm *self)
{
  guint i = adw_combo_row_get_selected (self->body_row);

  return self->bodies != NULL && i < self->bodies->len ? self->bodies->pdata[i] : NULL;
}

/* The uuids of the cases other than this one numbered as @text writes
 * them ("03-2026", "004/2021": the number, then the year), among
 * @body_uuid's (NULL: every body's); NULL when @text is no case number.
 * The store looks them up: a body's twenty years of cases are not read. */
static GPtrArray *
cases_numbered (KonCaseForm *self,
                const char  *text,
                const char  *body_uuid)
{
  guint64 n = 0, year = 0;
  g_auto(GStrv) parts = g_regex_split_simple ("[-/]", text, 0, 0);
  KonFilter filters[] = {
    { "number", NULL, 0 }, { "year", NULL, 0 }, { "body", body_uuid, 0 },
  };
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  GPtrArray *uuids;

  if (store == NULL || g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 99999, &n, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1900, 9999, &year, NULL))
    return NULL;

  filters[0].value = (int) n;
  filters[1].value = (int) year;
  uuids = kon_store_list_uuids_where (store, &kon_case_table, NULL, filters,
                                      body_uuid != NULL ? 3 : 2, NULL, FALSE, NULL);
  for (guint i = uuids != NULL ? uuids->len : 0; i > 0; i--)
    if (g_strcmp0 (uuids->pdata[i - 1], self->row->uuid) == 0)
      g_ptr_array_remove_index (uuids, i - 1);
  return uuids;
}

/* The body of @uuid among the form's bodies, or NULL */
static const KonBody *
find_body (KonCaseForm *self,
           const char  *uuid)
{
  for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
    if (g_strcmp0 (((const KonBody *) self->bodies->pdata[i])->uuid, uuid) == 0)
      return self->bodies->pdata[i];
  return NULL;
}

/* The one case of @body (NULL: of any body) written exactly as @number
 * by its body's pattern, or NULL (none, or several of several bodies) */
static char *
find_case_in (KonCaseForm   *self,
              const KonBody *body,
              const char    *number)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(GPtrArray) uuids = cases_numbered (self, number, body != NULL ? body->uuid : NULL);
  g_autofree char *found = NULL;

  for (guint i = 0; uuids != NULL && i < uuids->len; i++)
    {
      g_autoptr(KonCase) c = kon_store_get (store, &kon_case_table, uuids->pdata[i], NULL);
      g_autofree char *written = c != NULL ? kon_cases_format_number (find_body (self, c->body_uuid), c) : NULL;

      if (g_strcmp0 (written, number) != 0)
        continue;
      if (found != NULL)
        return NULL;
      found = g_strdup (c->uuid);
    }
  return g_steal_pointer (&found);
}

/* The case written as @text: "02-2021" of the selected body, or else of
 * the one body that has a case so numbered (a discussion may have been in
 * another body); "PM 02-2021" (a body's short name or name, then the
 * number) of that body.  NULL when there is none, or no one. */
static char *
find_case (KonCaseForm *self,
           const char  *text)
{
  const char *space = strrchr (text, ' ');
  char *uuid;

  if (space != NULL)
    {
      g_autofree char *prefix = g_strstrip (g_strndup (text, (gsize) (space - text)));

      for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
        {
          const KonBody *b = self->bodies->pdata[i];

          if ((b->short_name != NULL && g_utf8_collate (b->short_name, prefix) == 0) ||
              g_utf8_collate (b->name, prefix) == 0)
            return find_case_in (self, b, space + 1);
        }
      return NULL;
    }

  if (selected_body (self) != NULL && (uuid = find_case_in (self, selected_body (self), text)) != NULL)
    return uuid;

  return find_case_in (self, NULL, text);
}

/* The uuid of the earlier case written as @text: the one the case
 * follows already while its number is as shown, else the case found as
 * find_case() finds it; NULL when there is none */
static char *
resolve_earlier (KonCaseForm *self,
                 const char  *text)
{
  if (self->row->earlier_case != NULL && g_strcmp0 (text, self->earlier_shown) == 0)
    return g_strdup (self->row->earlier_case);

  return find_case (self, text);
}

/* Another case, in a dialog of its own */
static void
open_case (KonCaseForm   *self,
           const KonCase *c)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (c != NULL && store != NULL)
    kon_case_form_present (store, c, NULL, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
show_row (KonCaseForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  const KonCase *c = self->row;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *kinds[KON_CASE_KIND_INFORMATION + 2];
  const char *statuses[KON_CASE_STATUS_CLOSED + 2];
  gboolean exists = c->revision > 0;
  guint body_position = 0;
  const KonBody *body;

  self->showing = TRUE;
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  self->bodies = store != NULL ? kon_org_list_bodies (store, NULL) : NULL;
  for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
    {
      const KonBody *b = self->bodies->pdata[i];

      if (g_strcmp0 (b->uuid, c->body_uuid) == 0)
        body_position = names->len;
      g_ptr_array_add (names, b->name);
    }
  g_ptr_array_add (names, NULL);
  for (int k = 0; k <= KON_CASE_KIND_INFORMATION; k++)
    kinds[k] = kon_case_kind_to_string ((KonCaseKind) k);
  kinds[KON_CASE_KIND_INFORMATION + 1] = NULL;
  for (int s = 0; s <= KON_CASE_STATUS_CLOSED; s++)
    statuses[s] = kon_case_status_to_string ((KonCaseStatus) s);
  statuses[KON_CASE_STATUS_CLOSED + 1] = NULL;

  kon_edit_form_set_choices (self->body_row, (const char * const *) names->pdata, body_position);
  body = selected_body (self);

  /* A case keeps its body and number once it has them */
  gtk_widget_set_sensitive (GTK_WIDGET (self->body_row), !exists);
  gtk_widget_set_sensitive (GTK_WIDGET (self->number_row), !exists);
  gtk_widget_set_sensitive (GTK_WIDGET (self->year_spin), !exists);
  if (exists)
    {
      g_autofree char *number = kon_cases_format_number (body, c);

      kon_edit_form_set_text (self->number_row, number);
    }
  else
    {
      g_autofree char *number = c->number > 0 ? g_strdup_printf ("%d", c->number) : NULL;

      kon_edit_form_set_text (self->number_row, number);
    }
  gtk_spin_button_set_value (self->year_spin, c->year);

  kon_edit_form_set_text (self->title_row, c->title);
  kon_edit_form_set_text (self->public_title_row, c->public_title);
  kon_edit_form_set_text (self->screening_row, c->screening);
  kon_edit_form_set_choices (self->kind_row, kinds, c->kind);
  kon_edit_form_set_choices (self->status_row, statuses, c->status);
  kon_edit_form_set_date (self->date_row, &c->document_date);
  kon_edit_form_set_text (self->archive_row, c->archive_ref);
  kon_edit_form_set_text (self->one_stage_row, c->one_stage);
  kon_edit_form_set_text (self->one_stage_by_row, c->one_stage_by);
  kon_edit_form_set_date (self->one_stage_date_row, &c->one_stage_date);
  kon_edit_form_set_date (self->meeting_date_row, &c->meeting_date);
  set_view_text (self->recommendation_view, c->recommendation);
  set_view_text (self->background_view, c->background);
  set_view_text (self->presentation_view, c->presentation);

  /* The earlier case as its body writes its number */
  g_clear_pointer (&self->earlier_shown, g_free);
  if (c->earlier_case != NULL && store != NULL)
    {
      g_autoptr(KonCase) earlier = kon_store_get (store, &kon_case_table, c->earlier_case, NULL);
      g_autoptr(KonBody) earlier_body = earlier != NULL
                                        ? kon_store_get (store, &kon_body_table, earlier->body_uuid, NULL) : NULL;

      if (earlier != NULL)
        {
          g_autofree char *number = kon_cases_format_number (earlier_body, earlier);

          /* A case of another body, with the body's name first */
          if (earlier_body != NULL && g_strcmp0 (earlier->body_uuid, c->body_uuid) != 0)
            self->earlier_shown = g_strdup_printf ("%s %s", earlier_body->short_name != NULL
                                                            ? earlier_body->short_name : earlier_body->name,
                                                   number);
          else
            self->earlier_shown = g_steal_pointer (&number);
        }
    }
  kon_edit_form_set_text (self->earlier_row, self->earlier_shown);

  /* Officers, anchoring and attachments hang on a case that is saved */
  if (exists && store != NULL && adw_bin_get_child (self->links_bin) == NULL)
    {
      GtkWidget *links = kon_case_links_new (store, c->uuid);

      g_signal_connect_object (links, "open-case", G_CALLBACK (open_case), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->links_bin, links);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->links_hint_group), !exists);
  self->showing = FALSE;
}

/* Drafts */

/* What names a new case's draft: one per database, whatever body was
 * chosen for it (the draft says which) */
#define NEW_CASE_DRAFT "new-case"

/* The draft of the case shown in the form's database: a case that exists
 * has its own, a new case the database's NEW_CASE_DRAFT; a file named by a
 * hash, as neither may be fit for a file name */
static char *
draft_path (KonCaseForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  const char *uuid = self->row->revision != 0 ? self->row->uuid : NEW_CASE_DRAFT;
  const char *database;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;

  if (store == NULL)
    return NULL;

  database = kon_store_get_path (store);
  key = g_strconcat (database != NULL ? database : "", "\n", uuid, NULL);
  name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (g_get_user_data_dir (), "konsensus", "drafts", name, NULL);
}

/* The text of a draft field, as typed */
static char *
get_field_text (GtkWidget *widget)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_field_text (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
  else
    set_view_text (GTK_TEXT_VIEW (widget), text);
}

static void
remove_file (const char *path)
{
  if (path != NULL && g_remove (path) != 0 && errno != ENOENT)
    g_debug ("Cannot remove the draft %s: %s", path, g_strerror (errno));
}

static void
forget_draft (KonCaseForm *self)
{
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  remove_file (self->draft_path);
  g_clear_pointer (&self->draft_path, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->draft_group), FALSE);
}

/* Writes what is typed into the case as its draft (a new case's with the
 * body, kind and status chosen), or removes the draft when nothing is; a
 * draft is the user's own, as the database is (0600) */
static void
write_draft (KonCaseForm *self)
{
  const KonBody *body = selected_body (self);
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean anything = FALSE;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);

  path = draft_path (self);
  if (g_strcmp0 (path, self->draft_path) != 0)
    {
      remove_file (self->draft_path);
      g_free (self->draft_path);
      self->draft_path = g_strdup (path);
    }
  if (path == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (draft_fields); i++)
    {
      g_autofree char *text = get_field_text (G_STRUCT_MEMBER (GtkWidget *, self, draft_fields[i].offset));

      g_key_file_set_string (file, DRAFT_GROUP, draft_fields[i].key, text);
      anything |= *g_strstrip (text) != '\0';
    }
  if (!anything)
    {
      remove_file (path);
      return;
    }

  saved = g_date_time_format_iso8601 (now);
  g_key_file_set_string (file, DRAFT_GROUP, "saved", saved);
  if (body != NULL)
    g_key_file_set_string (file, DRAFT_GROUP, "body", body->uuid);
  g_key_file_set_integer (file, DRAFT_GROUP, "kind", (int) adw_combo_row_get_selected (self->kind_row));
  g_key_file_set_integer (file, DRAFT_GROUP, "status", (int) adw_combo_row_get_selected (self->status_row));
  /* The revision the text was typed over */
  g_key_file_set_int64 (file, DRAFT_GROUP, "revision", self->row->revision);

  folder = g_path_get_dirname (path);
  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_debug ("Cannot make the drafts folder %s: %s", folder, g_strerror (errno));
  else if (!g_file_set_contents_full (path, data, (gssize) length,
                                      G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                      0600, &error))
    g_debug ("Cannot write the draft %s: %s", path, error->message);
}

/* Fills the fields from the draft of the case, if any: a new case's also
 * chooses the body, kind and status it was typed for */
static void
restore_draft (KonCaseForm *self)
{
  gboolean exists = self->row->revision != 0;
  g_autofree char *path = draft_path (self);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *saved = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (path == NULL || !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;

  if (!exists)
    {
      g_autofree char *body_uuid = g_key_file_get_string (file, DRAFT_GROUP, "body", NULL);

      for (guint i = 0; body_uuid != NULL && self->bodies != NULL && i < self->bodies->len; i++)
        if (g_str_equal (((const KonBody *) self->bodies->pdata[i])->uuid, body_uuid))
          adw_combo_row_set_selected (self->body_row, i);
      if (g_key_file_has_key (file, DRAFT_GROUP, "kind", NULL))
        adw_combo_row_set_selected (self->kind_row,
                                    (guint) g_key_file_get_integer (file, DRAFT_GROUP, "kind", NULL));
      if (g_key_file_has_key (file, DRAFT_GROUP, "status", NULL))
        adw_combo_row_set_selected (self->status_row,
                                    (guint) g_key_file_get_integer (file, DRAFT_GROUP, "status", NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (draft_fields); i++)
    {
      g_autofree char *text = g_key_file_get_string (file, DRAFT_GROUP, draft_fields[i].key, NULL);

      if (text != NULL)
        set_field_text (G_STRUCT_MEMBER (GtkWidget *, self, draft_fields[i].offset), text);
    }
  g_free (self->draft_path);
  self->draft_path = g_steal_pointer (&path);

  saved = g_key_file_get_string (file, DRAFT_GROUP, "saved", NULL);
  when = saved != NULL ? g_date_time_new_from_iso8601 (saved, NULL) : NULL;
  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);
      g_autofree char *date = g_date_time_format (local, "%d.%m.%Y");
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      /* TRANSLATORS: a date (25.05.2021), then a time (14:03) */
      gint64 revision = g_key_file_get_int64 (file, DRAFT_GROUP, "revision", NULL);
      g_autofree char *subtitle = NULL;

      if (!exists)
        subtitle = g_strdup_printf (_("Typed on %s at %s into a new case of this body, and not saved."),
                                    date, time);
      else if (revision == self->row->revision)
        subtitle = g_strdup_printf (_("Typed on %s at %s into this case, and not saved."), date, time);
      else
        subtitle = g_strdup_printf (_("Typed on %s at %s into this case, and not saved; the case has "
                                      "been saved by someone else since: compare before you save."),
                                    date, time);

      adw_action_row_set_subtitle (self->draft_row, subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->draft_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                      -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->draft_group), TRUE);
}

/* Callbacks */

static gboolean
on_draft_timeout_cb (gpointer user_data)
{
  KonCaseForm *self = user_data;

  self->draft_timeout = 0;
  write_draft (self);

  return G_SOURCE_REMOVE;
}

/* The status history of a case that exists */
static void
show_history (KonCaseForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(GPtrArray) events = NULL;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group, self->history_rows->pdata[i]);
  g_ptr_array_set_size (self->history_rows, 0);

  if (store != NULL && self->row->revision > 0)
    events = kon_cases_list_history (store, self->row->uuid, NULL);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const KonCaseEvent *event = events->pdata[i];
      g_autofree char *date = kon_date_format (&event->date);
      /* TRANSLATORS: a step of a case's history: the date, then who recorded it */
      g_autofree char *subtitle = event->who != NULL ? g_strdup_printf (_("%s, %s"), date, event->who)
                                                     : g_strdup (date);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kon_case_status_to_string (event->status));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), events != NULL && events->len > 0);
}

/* References to other cases */

/* The case written @number ("32-2021", "004/2021"): of @body first, else
 * of any body; NULL when there is none */
static KonCase *
find_referred_case (KonCaseForm *self,
                    const char  *number)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  const KonBody *body = selected_body (self);

  for (guint pass = body != NULL ? 0 : 1; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) uuids = cases_numbered (self, number, pass == 0 ? body->uuid : NULL);

      if (uuids != NULL && uuids->len > 0)
        return kon_store_get (store, &kon_case_table, uuids->pdata[0], NULL);
    }
  return NULL;
}

static void
on_reference_activated_cb (AdwActionRow *row,
                           KonCaseForm  *self)
{
  open_case (self, g_object_get_data (G_OBJECT (row), "kon-case"));
}

/* The cases the title and the texts name, each a row that opens it, or
 * says it is not in the registry */
static void
show_references (KonCaseForm *self)
{
  g_autofree char *recommendation = get_view_text (self->recommendation_view);
  g_autofree char *background = get_view_text (self->background_view);
  g_autofree char *presentation = get_view_text (self->presentation_view);
  g_autofree char *title = kon_edit_form_get_text (self->title_row);
  g_autofree char *text = g_strjoin ("\n", title != NULL ? title : "", recommendation != NULL ? recommendation : "",
                                     background != NULL ? background : "",
                                     presentation != NULL ? presentation : "", NULL);
  g_autoptr(GPtrArray) numbers = kon_cases_find_references (text);

  for (guint i = 0; i < self->reference_rows->len; i++)
    adw_preferences_group_remove (self->references_group, self->reference_rows->pdata[i]);
  g_ptr_array_set_size (self->reference_rows, 0);

  for (guint i = 0; i < numbers->len; i++)
    {
      g_autoptr(KonCase) c = find_referred_case (self, numbers->pdata[i]);
      GtkWidget *row = adw_action_row_new ();
      /* TRANSLATORS: a case referred to in a case's texts: its number */
      g_autofree char *name = g_strdup_printf (_("Case %s"), (char *) numbers->pdata[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   c != NULL ? c->title
                                   : _("Not in the registry: check the number, or add the case"));
      if (c != NULL)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_object_set_data_full (G_OBJECT (row), "kon-case", g_steal_pointer (&c), (GDestroyNotify) kon_case_free);
          g_signal_connect (row, "activated", G_CALLBACK (on_reference_activated_cb), self);
        }
      else
        gtk_widget_add_css_class (row, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      adw_preferences_group_add (self->references_group, row);
      g_ptr_array_add (self->reference_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->references_group), numbers->len > 0);
}

static gboolean
on_references_timeout_cb (gpointer user_data)
{
  KonCaseForm *self = user_data;

  self->references_timeout = 0;
  show_references (self);
  return G_SOURCE_REMOVE;
}

static void
on_changed_cb (KonCaseForm *self)
{
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_clear_handle_id (&self->references_timeout, g_source_remove);
  self->references_timeout = g_timeout_add (DRAFT_DELAY_MS, on_references_timeout_cb, self);

  if (store == NULL || self->showing)
    return;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, on_draft_timeout_cb, self);
}

static void
discard_draft_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KonCaseForm *self = KON_CASE_FORM (widget);

  /* Back to the case as saved, or to an empty new case */
  if (self->row->revision != 0)
    show_row (self);
  else
    for (guint i = 0; i < G_N_ELEMENTS (draft_fields); i++)
      set_field_text (G_STRUCT_MEMBER (GtkWidget *, self, draft_fields[i].offset), "");
  forget_draft (self);
}

/* KonEditForm */

static char *
kon_case_form_check (KonEditForm *form)
{
  KonCaseForm *self = KON_CASE_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autofree char *title = kon_edit_form_get_text (self->title_row);
  g_autofree char *public_title = kon_edit_form_get_text (self->public_title_row);
  g_autofree char *screening = kon_edit_form_get_text (self->screening_row);
  g_autofree char *number = self->row->revision == 0 ? kon_edit_form_get_text (self->number_row) : NULL;
  g_autofree char *earlier = kon_edit_form_get_text (self->earlier_row);
  char *message = NULL;
  GDate date;

#define AT(field, problem) kon_edit_form_problem_at (form, GTK_WIDGET (self->field), (problem))
  if (selected_body (self) == NULL)
    return AT (body_row, g_strdup (_("Choose the body the case belongs to.")));
  if (title == NULL)
    return AT (title_row, g_strdup (_("A case needs a title.")));
  if (g_utf8_strlen (title, -1) > MAX_TITLE)
    return AT (title_row, g_strdup_printf (_("The title is longer than %d characters: put the rest in "
                                             "the background."), MAX_TITLE));
  if (public_title != NULL && g_utf8_strlen (public_title, -1) > MAX_TITLE)
    return AT (public_title_row, g_strdup_printf (_("The public title is longer than %d characters."),
                                                  MAX_TITLE));
  if (number != NULL)
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (number, 10, 1, 99999, &value, NULL))
        return AT (number_row, g_strdup (_("The number is a whole number from 1, or empty for the next one.")));
    }
  if (!kon_edit_form_read_date (self->date_row, &date, &message))
    return AT (date_row, message);
  if (!kon_edit_form_read_date (self->meeting_date_row, &date, &message))
    return AT (meeting_date_row, message);
  if (screening != NULL && public_title == NULL)
    return AT (public_title_row, g_strdup (_("A screened case needs a public title: the title that may be shown.")));

  {
    g_autofree char *uuid = earlier != NULL ? resolve_earlier (self, earlier) : NULL;
    g_autoptr(KonCase) earlier_case = NULL;
    g_autofree char *one_stage = kon_edit_form_get_text (self->one_stage_row);
    g_autofree char *one_stage_by = kon_edit_form_get_text (self->one_stage_by_row);
    KonCase shown = *self->row;
    guint n_anchorings = 0;
    char *problem;

    if (earlier != NULL && uuid == NULL)
      /* TRANSLATORS: a case number as typed.  "PM" stands for a body's short name */
      return AT (earlier_row, g_strdup_printf (_("No case is numbered %s. Type the number of the "
                                                 "discussion case as its body writes it; for a case of "
                                                 "another body, the body’s short name first "
                                                 "(PM 02-2021)."), earlier));

    /* Two-stage processing: a decision goes on an agenda after its
     * discussion, or by agreement in one stage */
    if (uuid != NULL && store != NULL)
      earlier_case = kon_store_get (store, &kon_case_table, uuid, NULL);
    shown.kind = (KonCaseKind) adw_combo_row_get_selected (self->kind_row);
    shown.status = (KonCaseStatus) adw_combo_row_get_selected (self->status_row);
    shown.one_stage = one_stage;
    shown.one_stage_by = one_stage_by;
    if (!kon_edit_form_read_date (self->one_stage_date_row, &shown.one_stage_date, &message))
      return AT (one_stage_date_row, message);
    if (store != NULL && self->row->revision > 0)
      n_anchorings = kon_store_count (store, &kon_case_anchoring_table, "case", self->row->uuid, NULL);
    problem = kon_cases_check_two_stage (&shown, earlier_case, n_anchorings);
    return problem != NULL ? AT (earlier_row, problem) : NULL;
  }
#undef AT
}

static gboolean
kon_case_form_save (KonEditForm  *form,
                    GError      **error)
{
  KonCaseForm *self = KON_CASE_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonCase) c = NULL;
  g_autofree char *earlier = kon_edit_form_get_text (self->earlier_row);
  g_autofree char *problem = kon_case_form_check (form);
  gboolean ok;

  /* The dialog checks first; a caller that did not is refused the same */
  if (problem != NULL)
    {
      g_set_error_literal (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID, problem);
      return FALSE;
    }

  c = kon_case_copy (self->row);
  if (c->revision == 0)
    {
      g_autofree char *number = kon_edit_form_get_text (self->number_row);

      g_free (c->body_uuid);
      c->body_uuid = g_strdup (selected_body (self)->uuid);
      c->number = number != NULL ? (int) g_ascii_strtoll (number, NULL, 10) : 0;
      c->year = gtk_spin_button_get_value_as_int (self->year_spin);
    }
  g_free (c->title);
  c->title = kon_edit_form_get_text (self->title_row);
  g_free (c->public_title);
  c->public_title = kon_edit_form_get_text (self->public_title_row);
  g_free (c->screening);
  c->screening = kon_edit_form_get_text (self->screening_row);
  c->kind = (KonCaseKind) adw_combo_row_get_selected (self->kind_row);
  c->status = (KonCaseStatus) adw_combo_row_get_selected (self->status_row);
  kon_edit_form_read_date (self->date_row, &c->document_date, NULL);
  g_free (c->archive_ref);
  c->archive_ref = kon_edit_form_get_text (self->archive_row);
  g_free (c->one_stage);
  c->one_stage = kon_edit_form_get_text (self->one_stage_row);
  g_free (c->one_stage_by);
  c->one_stage_by = kon_edit_form_get_text (self->one_stage_by_row);
  kon_edit_form_read_date (self->one_stage_date_row, &c->one_stage_date, NULL);
  kon_edit_form_read_date (self->meeting_date_row, &c->meeting_date, NULL);
  g_free (c->recommendation);
  c->recommendation = get_view_text (self->recommendation_view);
  g_free (c->background);
  c->background = get_view_text (self->background_view);
  g_free (c->presentation);
  c->presentation = get_view_text (self->presentation_view);
  g_free (c->earlier_case);
  c->earlier_case = earlier != NULL ? resolve_earlier (self, earlier) : NULL;

  ok = c->revision == 0 ? kon_cases_add (store, c, error)
                        : kon_cases_save (store, c, error);
  if (!ok)
    {
      /* A number typed that another case has: said at the number */
      if (c->revision == 0 && c->number > 0 && error != NULL &&
          g_error_matches (*error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID))
        g_free (kon_edit_form_problem_at (form, GTK_WIDGET (self->number_row), g_strdup ((*error)->message)));
      return FALSE;
    }

  forget_draft (self);
  set_row (self, c);
  show_row (self);
  show_history (self);
  return TRUE;
}

static gboolean
kon_case_form_reload (KonEditForm  *form,
                      GError      **error)
{
  KonCaseForm *self = KON_CASE_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonCase) c = kon_store_get (store, &kon_case_table, self->row->uuid, error);

  if (c == NULL)
    return FALSE;

  set_row (self, c);
  show_row (self);
  show_history (self);
  return TRUE;
}

static const char *
kon_case_form_get_name (KonEditForm *form)
{
  return KON_CASE_FORM (form)->row->title;
}

static gconstpointer
kon_case_form_get_row (KonEditForm *form)
{
  return KON_CASE_FORM (form)->row;
}

/* Overrides */

static void
kon_case_form_dispose (GObject *object)
{
  KonCaseForm *self = KON_CASE_FORM (object);

  /* What was typed in the last moment before the form was closed */
  if (self->draft_timeout != 0)
    write_draft (self);

  g_clear_handle_id (&self->references_timeout, g_source_remove);
  g_clear_pointer (&self->reference_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_CASE_FORM);
  g_clear_pointer (&self->row, kon_case_free);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_pointer (&self->earlier_shown, g_free);
  g_clear_pointer (&self->draft_path, g_free);

  G_OBJECT_CLASS (kon_case_form_parent_class)->dispose (object);
}

static void
kon_case_form_class_init (KonCaseFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonEditFormClass *form_class = KON_EDIT_FORM_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_case_form_dispose;
  form_class->table = &kon_case_table;
  form_class->check = kon_case_form_check;
  form_class->save = kon_case_form_save;
  form_class->reload = kon_case_form_reload;
  form_class->get_row = kon_case_form_get_row;
  form_class->get_name = kon_case_form_get_name;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-case-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, draft_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, references_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, history_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, draft_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, discard_button);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, body_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, number_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, year_spin);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, title_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, public_title_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, screening_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, date_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, archive_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, earlier_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, one_stage_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, one_stage_by_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, one_stage_date_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, meeting_date_row);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, links_bin);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, links_hint_group);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, recommendation_view);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, background_view);
  gtk_widget_class_bind_template_child (widget_class, KonCaseForm, presentation_view);

  gtk_widget_class_install_action (widget_class, "case-form.discard-draft", NULL, discard_draft_cb);
}

static void
kon_case_form_init (KonCaseForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kon_compat_name_button (self->discard_button);
  self->reference_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
}

/* Public API */

GtkWidget *
kon_case_form_new (KonStore      *store,
                   const KonCase *row,
                   const char    *body_uuid)
{
  KonCaseForm *self = g_object_new (KON_TYPE_CASE_FORM, "store", store, NULL);

  if (row == NULL)
    {
      g_autoptr(KonCase) c = kon_case_new ();
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_free (c->body_uuid);
      c->body_uuid = g_strdup (body_uuid);
      c->year = g_date_time_get_year (now);
      c->status = KON_CASE_STATUS_RECEIVED;
      set_row (self, c);
      show_row (self);
      restore_draft (self);
    }
  else
    {
      set_row (self, row);
      show_row (self);
      restore_draft (self);
    }
  show_references (self);
  show_history (self);
  kon_edit_form_name_rows (GTK_WIDGET (self));
  kon_edit_form_watch (KON_EDIT_FORM (self), GTK_WIDGET (self->body_row),
                       GTK_WIDGET (self->number_row),
                       GTK_WIDGET (self->year_spin),
                       GTK_WIDGET (self->title_row),
                       GTK_WIDGET (self->public_title_row),
                       GTK_WIDGET (self->screening_row),
                       GTK_WIDGET (self->kind_row),
                       GTK_WIDGET (self->status_row),
                       GTK_WIDGET (self->date_row),
                       GTK_WIDGET (self->archive_row),
                       GTK_WIDGET (self->earlier_row),
                       GTK_WIDGET (self->one_stage_row),
                       GTK_WIDGET (self->one_stage_by_row),
                       GTK_WIDGET (self->one_stage_date_row),
                       GTK_WIDGET (self->meeting_date_row),
                       GTK_WIDGET (self->recommendation_view),
                       GTK_WIDGET (self->background_view),
                       GTK_WIDGET (self->presentation_view), NULL);
  g_signal_connect (self, "changed", G_CALLBACK (on_changed_cb), NULL);

  return GTK_WIDGET (self);
}

void
kon_case_form_present (KonStore      *store,
                       const KonCase *row,
                       const char    *body_uuid,
                       GtkWindow     *parent)
{
  KonEditDialog *dialog;

  g_return_if_fail (KON_IS_STORE (store));

  dialog = kon_edit_dialog_new (parent,
                                row != NULL ? _("Edit Case") : _("New Case"),
                                row != NULL ? _("_Save") : _("_Add"),
                                KON_EDIT_FORM (kon_case_form_new (store, row, body_uuid)));
  gtk_window_present (GTK_WINDOW (dialog));
}
