/* kon-terms-pane.c: the SSU pane — seats, terms and chair rotation on a date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a body with seats (the SSU first) and a date (today first, moved by
 * day with Alt+Left and Alt+Right, by month with Alt+Page Up and Page
 * Down): every seat with its holder and last day, the rules broken on the
 * date with what to do, what to prepare (appointments to ask for, and from
 * whom), and the chair rotation plan for the 12 years ahead.  A seat or
 * a rule break opens the holder's appointment (or a new one in a vacant
 * seat).  A banner says what today needs.
 *
 * The seat rules are data the user can edit: the Seat Rules menu opens
 * the body's terms and chair rotation (KonBodyForm) and adds a seat, each
 * seat's Edit Seat button opens it (KonSeatForm), and a seat is deleted
 * from its dialog.  Each change is announced in a toast with Undo.
 *
 * Built when first shown: a window that opens on another pane reads
 * nothing for this one.  The rules are kon-terms.h's; this file only
 * shows them.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-body-form.h"
#include "kon-compat.h"
#include "kon-date.h"
#include "kon-edit-dialog.h"
#include "kon-role-form.h"
#include "kon-seat-form.h"
#include "kon-terms-data.h"
#include "kon-terms-pane.h"
#include "kon-terms-timeline.h"
#include "kon-undo-stack.h"

/* The years of the rotation plan shown */
#define ROTATION_YEARS 12

/* The years the timeline can show, fewest first; it starts with 12 */
static const guint timeline_years[] = { 4, 8, 12, 16, 24, 40 };
#define TIMELINE_DEFAULT_ZOOM 2

/* How long a toast offers Undo, as in the organisation pane */
/* The largest position a seat can have (kon-seat.c) */
#define MAX_SEAT_POSITION 10000

struct _KonTermsPane
{
  GtkWidget      parent_instance;

  KonStore      *store;
  GSettings     *settings;
  GPtrArray     *bodies;           /* KonBody with seats, as in the drop-down */
  char          *body_uuid;        /* the body shown */
  KonTermsData  *data;             /* its seats and roles */
  KonTermsDay   *day;              /* evaluated on the date */
  GDate          date;
  gboolean       loaded;           /* read since the last change */
  guint          reload_id;
  gboolean       updating_bodies;
  guint          zoom;             /* index into timeline_years */
  KonUndoStack  *undo_stack;       /* the seat rules' changes */

  /* Template widgets */
  GtkStack      *main_stack;
  GtkDropDown   *body_dropdown;
  GtkMenuButton *date_button;
  GtkPopover    *date_popover;
  GtkCalendar   *calendar;
  GtkRevealer   *banner_revealer;
  GtkLabel      *banner_label;
  GtkLabel      *seats_heading;
  GtkListBox    *seat_list;
  GtkListBox    *break_list;
  GtkListBox    *prepare_list;
  GtkListBox    *rotation_list;
  GtkLabel      *timeline_heading;
  KonTermsTimeline *timeline;
};

G_DEFINE_FINAL_TYPE (KonTermsPane, kon_terms_pane, GTK_TYPE_WIDGET)

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

/* Helpers */

/* Raises @toast (taken) by the "toast" signal */
static void
add_toast (KonTermsPane *self,
           AdwToast     *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

static void
show_error (KonTermsPane *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  add_toast (self, toast);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static guint
warning_months (KonTermsPane *self)
{
  return g_settings_get_uint (self->settings, "term-warning-months");
}

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static const char *
person_name (KonTermsPane  *self,
             const KonRole *role)
{
  const KonPerson *person = g_hash_table_lookup (self->data->input.persons, role->person_uuid);

  return person != NULL ? person->name : "";
}

static const KonSeat *
find_seat (KonTermsPane *self,
           const char   *uuid)
{
  for (guint i = 0; uuid != NULL && i < self->data->input.seats->len; i++)
    {
      const KonSeat *seat = g_ptr_array_index (self->data->input.seats, i);

      if (g_str_equal (seat->uuid, uuid))
        return seat;
    }

  return NULL;
}

/* "Kommunene", "Helseforetaket": whose side, for a row */
static const char *
side_chairs (KonSide side)
{
  switch (side)
    {
    case KON_SIDE_HF:
      return _("The hospital trust chairs");
    case KON_SIDE_MUNICIPAL:
      return _("The municipalities chair");
    case KON_SIDE_NONE:
    default:
      return "";
    }
}

/* @extra: (nullable) (transfer floating): a suffix before the arrow */
static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *state,
         const char *state_class,
         GtkWidget  *extra,
         gboolean    activatable)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), activatable);

  if (state != NULL)
    {
      GtkWidget *label = gtk_label_new (state);

      gtk_widget_add_css_class (label, "caption-heading");
      if (state_class != NULL)
        gtk_widget_add_css_class (label, state_class);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  if (extra != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), extra);
  if (activatable)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_list_box_append (list, row);
  return row;
}

/* A seat row's Edit Seat button ("terms.edit-seat") */
static GtkWidget *
create_edit_seat_button (const KonSeat *seat)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Edit Seat"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit Seat"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, seat->name,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "terms.edit-seat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", seat->uuid);

  return button;
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = add_row (list, text, NULL, NULL, NULL, NULL, FALSE);

  gtk_widget_add_css_class (row, "dim-label");
}

/* Showing */

static void
update_date_button (KonTermsPane *self)
{
  g_autofree char *text = kon_date_format (&self->date);
  g_autoptr(GDateTime) shown = g_date_time_new_local (g_date_get_year (&self->date),
                                                      g_date_get_month (&self->date),
                                                      g_date_get_day (&self->date), 0, 0, 0);
  /* TRANSLATORS: the accessible name of the date button: "Date: 05.12.2026" */
  g_autofree char *label = g_strdup_printf (_("Date: %s"), text);

  gtk_menu_button_set_label (self->date_button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (shown != NULL)
    {
      g_signal_handlers_block_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      gtk_calendar_select_day (self->calendar, shown);
      g_signal_handlers_unblock_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }
}

static void
show_seats (KonTermsPane *self)
{
  g_autofree char *date_text = kon_date_format (&self->date);
  /* TRANSLATORS: "Seats on 05.12.2026" */
  g_autofree char *heading = g_strdup_printf (_("Seats on %s"), date_text);

  gtk_label_set_label (self->seats_heading, heading);
  clear_list (self->seat_list);

  for (guint i = 0; i < self->day->seats->len; i++)
    {
      const KonSeatStatus *status = &g_array_index (self->day->seats, KonSeatStatus, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *state = NULL;
      const char *state_class = NULL;
      GtkWidget *row;

      if (status->holder != NULL)
        {
          /* Its own last day, or the one the body's term length gives */
          g_autofree char *until = g_date_valid (&status->last) ? kon_date_format (&status->last) : NULL;

          subtitle = until != NULL
            /* TRANSLATORS: a seat's holder and last day: "Kari Holm, until 24.09.2029" */
            ? g_strdup_printf (_("%s, until %s"), person_name (self, status->holder), until)
            /* TRANSLATORS: a seat's holder, whose term has no last day */
            : g_strdup_printf (_("%s, no last day"), person_name (self, status->holder));
          if (status->state == KON_SEAT_STATE_ENDING && g_date_valid (&status->next_from))
            {
              g_autofree char *from = kon_date_format (&status->next_from);
              g_autofree char *holder = g_steal_pointer (&subtitle);

              /* TRANSLATORS: "Kari Holm, until 31.03.2027; the next term begins 01.04.2027" */
              subtitle = g_strdup_printf (_("%s; the next term begins %s"), holder, from);
            }
        }
      else if (g_date_valid (&status->next_from))
        {
          g_autofree char *from = kon_date_format (&status->next_from);

          /* TRANSLATORS: a vacant seat whose next holder is appointed */
          subtitle = g_strdup_printf (_("Vacant; the next term begins %s"), from);
        }
      else
        subtitle = g_strdup (_("Vacant"));

      if (status->n_holders > 1)
        {
          /* TRANSLATORS: the state of a seat with more than one holder */
          state = g_strdup_printf (ngettext ("%u holder", "%u holders", status->n_holders), status->n_holders);
          state_class = "error";
        }
      else if (status->state == KON_SEAT_STATE_VACANT)
        {
          state = g_strdup (_("Vacant"));
          state_class = status->seat->required ? "error" : "warning";
        }
      else if (status->state == KON_SEAT_STATE_ENDING)
        {
          state = g_strdup (_("Ends soon"));
          state_class = "warning";
        }

      row = add_row (self->seat_list, status->seat->name, subtitle, state, state_class,
                     create_edit_seat_button (status->seat), TRUE);
      g_object_set_data_full (G_OBJECT (row), "kon-seat-uuid", g_strdup (status->seat->uuid), g_free);
      if (status->holder != NULL)
        g_object_set_data_full (G_OBJECT (row), "kon-role-uuid", g_strdup (status->holder->uuid), g_free);
    }

  if (self->day->seats->len == 0)
    add_placeholder (self->seat_list, _("The body has no seats yet: add them with Add Seat… in the menu "
                                        "beside the body."));
}

static void
show_breaks (KonTermsPane *self)
{
  clear_list (self->break_list);

  for (guint i = 0; i < self->day->breaks->len; i++)
    {
      const KonBreak *brk = g_ptr_array_index (self->day->breaks, i);
      gboolean opens = brk->seat != NULL || brk->role != NULL;
      GtkWidget *row = add_row (self->break_list, brk->message, brk->advice, NULL, NULL, NULL, opens);

      gtk_widget_add_css_class (row, "kon-rule-break");
      if (brk->seat != NULL)
        g_object_set_data_full (G_OBJECT (row), "kon-seat-uuid", g_strdup (brk->seat->uuid), g_free);
      if (brk->role != NULL)
        g_object_set_data_full (G_OBJECT (row), "kon-role-uuid", g_strdup (brk->role->uuid), g_free);
    }

  if (self->day->breaks->len == 0)
    add_placeholder (self->break_list, _("No rule is broken on this date."));
}

/* The seats whose term ends within the warning window, or that are
 * vacant, with nobody appointed next: whom to ask */
static void
show_prepare (KonTermsPane *self)
{
  guint n = 0;

  clear_list (self->prepare_list);

  for (guint i = 0; i < self->day->seats->len; i++)
    {
      const KonSeatStatus *status = &g_array_index (self->day->seats, KonSeatStatus, i);
      const KonSeat *seat = status->seat;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (!status->needs_appointment)
        continue;

      if (status->holder != NULL && g_date_valid (&status->last))
        {
          g_autofree char *until = kon_date_format (&status->last);

          /* TRANSLATORS: "Salten 2: the term of Kari Holm ends 24.09.2029" */
          title = g_strdup_printf (_("%s: the term of %s ends %s"), seat->name,
                                   person_name (self, status->holder), until);
        }
      else
        /* TRANSLATORS: "Salten 2 is vacant" */
        title = g_strdup_printf (_("%s is vacant"), seat->name);

      subtitle = seat->appointed_by != NULL
        /* TRANSLATORS: whom to ask for an appointment: "Ask Salten regionråd for an appointment" */
        ? g_strdup_printf (_("Ask %s for an appointment"), seat->appointed_by)
        : g_strdup (_("Ask for an appointment"));

      row = add_row (self->prepare_list, title, subtitle, NULL, NULL, NULL, TRUE);
      g_object_set_data_full (G_OBJECT (row), "kon-seat-uuid", g_strdup (seat->uuid), g_free);
      n++;
    }

  if (n == 0)
    add_placeholder (self->prepare_list, _("No appointment to ask for."));
}

static void
show_rotation (KonTermsPane *self)
{
  g_autoptr(GArray) plan = kon_terms_rotation_plan (&self->data->input, &self->date, ROTATION_YEARS);

  clear_list (self->rotation_list);

  for (guint i = 0; i < plan->len; i++)
    {
      const KonRotationPeriod *period = &g_array_index (plan, KonRotationPeriod, i);
      g_autofree char *first = kon_date_format (&period->first);
      g_autofree char *last = kon_date_format (&period->last);
      /* TRANSLATORS: a chair period: "01.01.2026–31.12.2027: The hospital trust chairs" */
      g_autofree char *title = g_strdup_printf (_("%s–%s: %s"), first, last, side_chairs (period->side));
      g_autofree char *who = kon_terms_rotation_period_describe (&self->data->input, period);
      g_autofree char *subtitle = NULL;

      subtitle = period->warning != NULL ? g_strdup_printf ("%s. %s", who, period->warning) : g_steal_pointer (&who);
      add_row (self->rotation_list, title, subtitle,
               period->warning != NULL ? _("Breaks the plan") : NULL, "warning", NULL, FALSE);
    }

  if (plan->len == 0)
    add_placeholder (self->rotation_list, _("The body has no chair rotation."));
}

/* Today's reminders, over every body with seats */
/* The timeline's years: a quarter before the date's year, the rest after */
static int
timeline_first_year (KonTermsPane *self)
{
  return (int) g_date_get_year (&self->date) - (int) timeline_years[self->zoom] / 4;
}

static void
show_timeline (KonTermsPane *self)
{
  guint n_years = timeline_years[self->zoom];
  int first = timeline_first_year (self);
  g_autofree char *heading = NULL;
  GDate now;

  today (&now);
  /* TRANSLATORS: the timeline's heading, with its first and last year */
  heading = g_strdup_printf (_("Timeline %d–%d"), first, first + (int) n_years - 1);
  gtk_label_set_label (self->timeline_heading, heading);
  kon_terms_timeline_set_timeline (self->timeline,
                                   self->data != NULL
                                   ? kon_timeline_new (&self->data->input, &now, first, n_years)
                                   : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terms.zoom-in", self->zoom > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terms.zoom-out",
                                 self->zoom + 1 < G_N_ELEMENTS (timeline_years));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terms.export-timeline", self->data != NULL);
}

static void
update_banner (KonTermsPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_ending = 0, n_breaks = 0;
  GDate now;

  today (&now);
  if (!kon_terms_data_reminders (self->store, &now, warning_months (self), &n_ending, &n_breaks, &error))
    {
      g_debug ("No reminders: %s", error->message);
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  text = kon_terms_data_describe_reminders (n_ending, n_breaks);
  if (text == NULL)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  gtk_label_set_label (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
evaluate (KonTermsPane *self)
{
  g_clear_pointer (&self->day, kon_terms_day_free);
  update_date_button (self);

  if (self->data == NULL)
    return;

  self->day = kon_terms_evaluate (&self->data->input, &self->date, warning_months (self));
  show_seats (self);
  show_breaks (self);
  show_prepare (self);
  show_rotation (self);
  show_timeline (self);
}

/* The seat rules can be changed in a writable database, with a body
 * shown; in a read-only one the menu's items and the Edit Seat buttons
 * are disabled, not offered and failing */
static void
update_actions (KonTermsPane *self)
{
  static const char * const writing[] = { "terms.edit-body", "terms.add-seat", "terms.edit-seat" };
  gboolean writable = self->store != NULL && !kon_store_is_read_only (self->store) && self->data != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (writing); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writing[i], writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terms.undo",
                                 writable && self->undo_stack != NULL &&
                                 kon_undo_stack_can_undo (self->undo_stack));
}

static void
load_body (KonTermsPane *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->data, kon_terms_data_free);
  if (self->body_uuid != NULL)
    {
      self->data = kon_terms_data_load (self->store, self->body_uuid, &error);
      if (self->data == NULL)
        show_error (self, error);
    }

  update_actions (self);
  evaluate (self);
}

/* Reads the bodies with seats, keeps the one shown (else the SSU, else
 * the first), and shows it */
static void
load (KonTermsPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->loaded = TRUE;
  g_clear_pointer (&self->bodies, g_ptr_array_unref);

  if (self->store != NULL)
    {
      self->bodies = kon_terms_data_list_bodies (self->store, &error);
      if (self->bodies == NULL)
        show_error (self, error);
    }

  for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
    {
      const KonBody *body = g_ptr_array_index (self->bodies, i);

      gtk_string_list_append (names, body->name);
      if (g_strcmp0 (body->uuid, self->body_uuid) == 0)
        selected = i;
    }
  for (guint i = 0; selected == GTK_INVALID_LIST_POSITION && self->bodies != NULL && i < self->bodies->len; i++)
    if (((const KonBody *) g_ptr_array_index (self->bodies, i))->kind == KON_BODY_KIND_SSU)
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION && self->bodies != NULL && self->bodies->len > 0)
    selected = 0;

  g_free (self->body_uuid);
  self->body_uuid = selected != GTK_INVALID_LIST_POSITION
                      ? g_strdup (((const KonBody *) g_ptr_array_index (self->bodies, selected))->uuid) : NULL;

  self->updating_bodies = TRUE;
  gtk_drop_down_set_model (self->body_dropdown, G_LIST_MODEL (names));
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->body_dropdown, selected);
  self->updating_bodies = FALSE;

  gtk_stack_set_visible_child_name (self->main_stack, self->body_uuid != NULL ? "content" : "empty");
  if (self->body_uuid == NULL)
    {
      g_clear_pointer (&self->data, kon_terms_data_free);
      g_clear_pointer (&self->day, kon_terms_day_free);
      update_actions (self);
      return;
    }

  load_body (self);
  update_banner (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  KonTermsPane *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* The first day of a new appointment to @seat: the first it is vacant
 * after its holder's term (the holder's last day, or the last the body's
 * term length gives a term without one, and any successor's who follows
 * on), so the terms do not overlap; else the date shown */
static void
successor_first_day (KonTermsPane  *self,
                     const KonSeat *seat,
                     GDate         *out_first)
{
  *out_first = self->date;
  for (guint i = 0; i < self->day->seats->len; i++)
    {
      const KonSeatStatus *status = &g_array_index (self->day->seats, KonSeatStatus, i);

      if (status->seat != seat)
        continue;
      if (status->holder != NULL && g_date_valid (&status->vacant_from) &&
          g_date_compare (&status->vacant_from, &self->date) > 0)
        *out_first = status->vacant_from;
      return;
    }
}

/* Opens the appointment in a seat: the holder's role, or a new role in a
 * vacant seat (from the day after its holder's term, when it has one) */
static void
open_seat (KonTermsPane *self,
           const char   *seat_uuid,
           const char   *role_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonRole) role = NULL;
  const KonSeat *seat = find_seat (self, seat_uuid);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KonEditDialog *dialog;
  GtkWidget *form;

  if (role_uuid != NULL)
    {
      role = kon_store_get (self->store, &kon_role_table, role_uuid, &error);
      if (role == NULL)
        {
          show_error (self, error);
          return;
        }
    }
  else if (seat != NULL)
    {
      role = kon_role_new ();
      role->body_uuid = g_strdup (seat->body_uuid);
      role->seat_uuid = g_strdup (seat->uuid);
      role->kind = seat->kind;
      role->side = seat->side;
      role->represents = seat->represents;
      role->appointed_by = g_strdup (seat->appointed_by);
      successor_first_day (self, seat, &role->from);
      if (self->data->input.body->term_years > 0)
        kon_terms_last_day (&role->from, (guint) self->data->input.body->term_years, &role->to);
    }
  else
    return;

  form = kon_role_form_new (self->store, role);
  dialog = kon_edit_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                role_uuid != NULL ? _("Edit Appointment") : _("New Appointment"),
                                role_uuid != NULL ? _("_Save") : _("_Add"),
                                KON_EDIT_FORM (form));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Changing the seat rules, with Undo: every change pushes how to undo it
 * on the pane's stack, and its toast's Undo undoes it */

/* A form's dialog was saved: say so, with Undo */
/* Ctrl+Z: the newest change to the seat rules */
static void
undo_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  KonTermsPane *self = KON_TERMS_PANE (widget);
  g_autoptr(GError) error = NULL;

  if (!kon_undo_stack_undo (self->undo_stack, 0, &error))
    show_error (self, error);
}

static void
on_dialog_saved_cb (KonEditDialog *dialog,
                    KonTermsPane  *self)
{
  add_toast (self, kon_edit_dialog_push_undo (dialog, self->undo_stack));
}

/* The one way the seat rules' forms are opened: @exists says whether it
 * edits a saved row (the dialog keeps the row as it was, for Undo) */
static void
open_form (KonTermsPane   *self,
           GtkWidget      *form,
           gboolean        exists,
           const char     *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KonEditDialog *dialog;

  g_object_bind_property (self, "store", form, "store", G_BINDING_DEFAULT);
  dialog = kon_edit_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, title,
                                exists ? _("_Save") : _("_Add"),
                                KON_EDIT_FORM (form));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deleting a seat, from its dialog */

typedef struct
{
  KonTermsPane *pane;
  char         *uuid;
  char         *name;
  GWeakRef      dialog;    /* the seat's dialog, closed once it is deleted */
  gboolean      asked;     /* a question was asked over that dialog first */
} DeleteRequest;

static void
delete_request_free (DeleteRequest *request)
{
  g_clear_object (&request->pane);
  g_free (request->uuid);
  g_free (request->name);
  g_weak_ref_clear (&request->dialog);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteRequest, delete_request_free)

/* What went wrong is said in the seat's dialog, which covers the pane */
static void
show_delete_error (DeleteRequest *request,
                   const GError  *error)
{
  g_autoptr(GObject) dialog = g_weak_ref_get (&request->dialog);

  if (dialog != NULL && KON_IS_EDIT_DIALOG (dialog))
    kon_edit_dialog_show_error (KON_EDIT_DIALOG (dialog), error->message, FALSE);
  else
    show_error (request->pane, error);
}

static gboolean
destroy_window_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
do_delete (DeleteRequest *request)
{
  KonTermsPane *self = request->pane;
  g_autoptr(GObject) dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  KonSnapshot *snapshot;

  if (self->store == NULL)
    return;

  snapshot = kon_org_delete (self->store, "seat", request->uuid, &error);
  if (snapshot == NULL)
    {
      show_delete_error (request, error);
      return;
    }

  /* Closed once the question asked over it has gone: destroyed while its
   * answer is given, it would leave the question a parent freed under it */
  dialog = g_weak_ref_get (&request->dialog);
  if (dialog != NULL && request->asked)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_window_cb, g_object_ref (dialog), g_object_unref);
  else if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));

  /* TRANSLATORS: shown after deleting; %s is what was deleted */
  title = g_strdup_printf (_("“%s” deleted"), request->name);
  add_toast (self, kon_undo_stack_deleted (self->undo_stack, self->store, snapshot, title));
}

static void
on_delete_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DeleteRequest) request = user_data;

  request->asked = TRUE;
  if (kon_compat_confirm_finish (result, NULL))
    do_delete (request);
}

/* The seat form's Delete Seat: deleted at once when nothing goes with it,
 * else after the user has read what does (its appointments lose it) */
static void
on_seat_delete_requested_cb (KonTermsPane *self,
                             KonEditForm  *form)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (form));
  g_autoptr(DeleteRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *consequences = NULL;
  g_autofree char *heading = NULL;

  if (self->store == NULL || kon_edit_form_get_uuid (form) == NULL)
    return;

  request = g_new0 (DeleteRequest, 1);
  request->pane = g_object_ref (self);
  request->uuid = g_strdup (kon_edit_form_get_uuid (form));
  request->name = g_strdup (kon_edit_form_get_name (form));
  g_weak_ref_init (&request->dialog, root);

  consequences = kon_org_describe_delete (self->store, "seat", request->uuid, &error);
  if (error != NULL)
    {
      show_delete_error (request, error);
      return;
    }

  if (consequences == NULL)
    {
      do_delete (request);
      return;
    }

  /* TRANSLATORS: heading of the question before deleting; %s is a name */
  heading = g_strdup_printf (_("Delete “%s”?"), request->name);
  kon_compat_confirm (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, consequences,
                      _("_Delete"), TRUE, NULL, on_delete_confirmed_cb, g_steal_pointer (&request));
}

/* Callbacks */

static void
on_store_changed_cb (KonTermsPane *self)
{
  self->loaded = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
on_body_selected_cb (KonTermsPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->body_dropdown);

  if (self->updating_bodies || self->bodies == NULL || selected >= self->bodies->len)
    return;

  g_free (self->body_uuid);
  self->body_uuid = g_strdup (((const KonBody *) g_ptr_array_index (self->bodies, selected))->uuid);
  load_body (self);
}

static void
on_calendar_day_selected_cb (KonTermsPane *self)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (self->calendar);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (chosen),
                  (GDateMonth) g_date_time_get_month (chosen), (GDateYear) g_date_time_get_year (chosen));
  kon_terms_pane_set_date (self, &date);
}

static void
on_seat_activated_cb (KonTermsPane  *self,
                      GtkListBoxRow *row)
{
  open_seat (self, g_object_get_data (G_OBJECT (row), "kon-seat-uuid"),
             g_object_get_data (G_OBJECT (row), "kon-role-uuid"));
}

static void
on_timeline_bar_activated_cb (KonTermsPane *self,
                              const char   *role_uuid)
{
  g_autoptr(KonRole) role = NULL;
  g_autoptr(GError) error = NULL;

  role = kon_store_get (self->store, &kon_role_table, role_uuid, &error);
  if (role == NULL)
    {
      show_error (self, error);
      return;
    }
  open_seat (self, role->seat_uuid, role_uuid);
}

static void
on_break_activated_cb (KonTermsPane  *self,
                       GtkListBoxRow *row)
{
  const char *seat_uuid = g_object_get_data (G_OBJECT (row), "kon-seat-uuid");
  const char *role_uuid = g_object_get_data (G_OBJECT (row), "kon-role-uuid");

  /* A vacant required seat has no role: a new appointment */
  if (role_uuid == NULL && seat_uuid == NULL)
    return;
  open_seat (self, seat_uuid, role_uuid);
}

static void
move_days (KonTermsPane *self,
           int           days)
{
  GDate date = self->date;

  if (days > 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  kon_terms_pane_set_date (self, &date);
}

static void
move_months (KonTermsPane *self,
             int           months)
{
  GDate date = self->date;

  if (months > 0)
    g_date_add_months (&date, (guint) months);
  else
    g_date_subtract_months (&date, (guint) -months);
  kon_terms_pane_set_date (self, &date);
}

static void
previous_day_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_days (KON_TERMS_PANE (widget), -1);
}

static void
next_day_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_days (KON_TERMS_PANE (widget), 1);
}

static void
previous_month_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_months (KON_TERMS_PANE (widget), -1);
}

static void
next_month_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  move_months (KON_TERMS_PANE (widget), 1);
}

static void
today_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  GDate date;

  today (&date);
  kon_terms_pane_set_date (KON_TERMS_PANE (widget), &date);
}

/* The Seat Rules menu: the body's terms and chair rotation */
static void
edit_body_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KonTermsPane *self = KON_TERMS_PANE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonBody) body = NULL;

  if (self->store == NULL || self->body_uuid == NULL)
    return;

  body = kon_store_get (self->store, &kon_body_table, self->body_uuid, &error);
  if (body == NULL)
    {
      show_error (self, error);
      return;
    }

  open_form (self, kon_body_form_new (self->store, body), TRUE, _("Edit Body"));
}

/* The Seat Rules menu: a new seat of the body shown, after its last one */
static void
add_seat_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KonTermsPane *self = KON_TERMS_PANE (widget);
  g_autoptr(KonSeat) seat = NULL;
  int last = -1;

  if (self->store == NULL || self->body_uuid == NULL)
    return;

  for (guint i = 0; self->data != NULL && i < self->data->input.seats->len; i++)
    last = MAX (last, ((const KonSeat *) g_ptr_array_index (self->data->input.seats, i))->position);

  seat = kon_seat_new ();
  g_free (seat->body_uuid);
  seat->body_uuid = g_strdup (self->body_uuid);
  seat->kind = KON_ROLE_KIND_MEMBER;
  seat->position = MIN (last + 1, MAX_SEAT_POSITION);

  open_form (self, kon_seat_form_new (self->store, seat), FALSE, _("New Seat"));
}

/* A seat row's Edit Seat button; the seat's target is its uuid */
static void
edit_seat_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KonTermsPane *self = KON_TERMS_PANE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonSeat) seat = NULL;
  GtkWidget *form;

  if (self->store == NULL)
    return;

  seat = kon_store_get (self->store, &kon_seat_table, g_variant_get_string (parameter, NULL), &error);
  if (seat == NULL)
    {
      show_error (self, error);
      return;
    }

  form = kon_seat_form_new (self->store, seat);
  g_signal_connect_object (form, "delete-requested", G_CALLBACK (on_seat_delete_requested_cb),
                           self, G_CONNECT_SWAPPED);
  open_form (self, form, TRUE, _("Edit Seat"));
}

static void
zoom (KonTermsPane *self,
      int           step)
{
  int zoom = (int) self->zoom + step;

  if (zoom < 0 || zoom >= (int) G_N_ELEMENTS (timeline_years))
    return;
  self->zoom = (guint) zoom;
  show_timeline (self);
}

static void
zoom_in_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  zoom (KON_TERMS_PANE (widget), -1);
}

static void
zoom_out_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  zoom (KON_TERMS_PANE (widget), 1);
}

static void
on_timeline_file_chosen_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(KonTermsPane) self = user_data;
  g_autoptr(GFile) file = kon_compat_choose_file_finish (result, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const KonTimeline *timeline = kon_terms_timeline_get_timeline (self->timeline);

  if (file == NULL || timeline == NULL || self->data == NULL)
    return;

  /* TRANSLATORS: the timeline PDF's title: the body's name, first and last year */
  title = g_strdup_printf (_("%s: seats and terms %d–%d"), self->data->input.body->name,
                           kon_timeline_get_first_year (timeline),
                           kon_timeline_get_first_year (timeline) + (int) kon_timeline_get_n_years (timeline) - 1);
  if (!kon_timeline_export_pdf (timeline, title, file, NULL, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      kon_compat_show_alert (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             _("The Timeline Could Not Be Exported"), error->message);
      return;
    }

  add_toast (self, adw_toast_new (_("Timeline exported")));
}

static void
export_timeline_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KonTermsPane *self = KON_TERMS_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const KonFileFilter filters[] = {
    { _("PDF documents"), "*.pdf", "application/pdf" },
  };

  kon_compat_choose_file (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, KON_FILE_CHOOSER_SAVE,
                          _("Export the Timeline"), _("_Export"),
                          /* TRANSLATORS: the file name suggested for the timeline */
                          _("timeline.pdf"),
                          filters, G_N_ELEMENTS (filters),
                          NULL, on_timeline_file_chosen_cb, g_object_ref (self));
}

/* Overrides */

static void
kon_terms_pane_map (GtkWidget *widget)
{
  KonTermsPane *self = KON_TERMS_PANE (widget);

  GTK_WIDGET_CLASS (kon_terms_pane_parent_class)->map (widget);

  /* Read when first shown, and when shown again after a change */
  if (!self->loaded)
    load (self);
}

static void
kon_terms_pane_dispose (GObject *object)
{
  KonTermsPane *self = KON_TERMS_PANE (object);

  kon_terms_pane_set_store (self, NULL);
  g_clear_object (&self->undo_stack);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_TERMS_PANE);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_pointer (&self->day, kon_terms_day_free);
  g_clear_pointer (&self->data, kon_terms_data_free);
  g_clear_pointer (&self->body_uuid, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kon_terms_pane_parent_class)->dispose (object);
}

static void
kon_terms_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KonTermsPane *self = KON_TERMS_PANE (object);

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
kon_terms_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KonTermsPane *self = KON_TERMS_PANE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kon_terms_pane_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_terms_pane_class_init (KonTermsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_terms_pane_dispose;
  object_class->get_property = kon_terms_pane_get_property;
  object_class->set_property = kon_terms_pane_set_property;
  widget_class->map = kon_terms_pane_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KON_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonTermsPane::toast:
   * @toast: an AdwToast to show
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (KON_TYPE_TERMS_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-terms-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, body_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, date_button);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, date_popover);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, calendar);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, seats_heading);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, seat_list);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, break_list);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, prepare_list);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, rotation_list);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, timeline_heading);
  gtk_widget_class_bind_template_child (widget_class, KonTermsPane, timeline);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_bar_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_seat_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_break_activated_cb);

  gtk_widget_class_install_action (widget_class, "terms.previous-day", NULL, previous_day_cb);
  gtk_widget_class_install_action (widget_class, "terms.next-day", NULL, next_day_cb);
  gtk_widget_class_install_action (widget_class, "terms.previous-month", NULL, previous_month_cb);
  gtk_widget_class_install_action (widget_class, "terms.next-month", NULL, next_month_cb);
  gtk_widget_class_install_action (widget_class, "terms.today", NULL, today_cb);
  gtk_widget_class_install_action (widget_class, "terms.zoom-in", NULL, zoom_in_cb);
  gtk_widget_class_install_action (widget_class, "terms.zoom-out", NULL, zoom_out_cb);
  gtk_widget_class_install_action (widget_class, "terms.export-timeline", NULL, export_timeline_cb);
  gtk_widget_class_install_action (widget_class, "terms.edit-body", NULL, edit_body_cb);
  gtk_widget_class_install_action (widget_class, "terms.add-seat", NULL, add_seat_cb);
  gtk_widget_class_install_action (widget_class, "terms.edit-seat", "s", edit_seat_cb);
  gtk_widget_class_install_action (widget_class, "terms.undo", NULL, undo_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "terms.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "terms.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "terms.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "terms.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "terms.zoom-out", NULL);
}

static void
kon_terms_pane_init (KonTermsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The date moves while the pane shows, wherever the focus is (the
   * view switcher keeps it after a click on "SSU"); a hidden pane is not
   * mapped and takes no keys */
  {
    static const struct
    {
      guint       keyval;
      const char *action;
    } keys[] = {
      { GDK_KEY_Left, "terms.previous-day" },
      { GDK_KEY_Right, "terms.next-day" },
      { GDK_KEY_Page_Up, "terms.previous-month" },
      { GDK_KEY_Page_Down, "terms.next-month" },
      { GDK_KEY_Home, "terms.today" },
    };
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, GDK_ALT_MASK),
                                                              gtk_named_action_new (keys[i].action)));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  self->settings = g_settings_new (APP_ID);
  /* A new warning window (Preferences) is a new view of the same data */
  g_signal_connect_object (self->settings, "changed::term-warning-months",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  self->undo_stack = kon_undo_stack_new ();
  g_signal_connect_object (self->undo_stack, "failed", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->undo_stack, "notify::can-undo",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  self->zoom = TIMELINE_DEFAULT_ZOOM;
  today (&self->date);
  update_date_button (self);
  update_actions (self);
  g_signal_connect_object (self->body_dropdown, "notify::selected",
                           G_CALLBACK (on_body_selected_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

KonStore *
kon_terms_pane_get_store (KonTermsPane *self)
{
  g_return_val_if_fail (KON_IS_TERMS_PANE (self), NULL);

  return self->store;
}

void
kon_terms_pane_set_store (KonTermsPane *self,
                          KonStore     *store)
{
  g_return_if_fail (KON_IS_TERMS_PANE (self));
  g_return_if_fail (store == NULL || KON_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  g_clear_pointer (&self->body_uuid, g_free);
  /* What Undo would put back belongs to the database it came from */
  if (self->undo_stack != NULL)
    kon_undo_stack_clear (self->undo_stack);
  update_actions (self);
  on_store_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
kon_terms_pane_get_date (KonTermsPane *self,
                         GDate        *out_date)
{
  g_return_if_fail (KON_IS_TERMS_PANE (self));
  g_return_if_fail (out_date != NULL);

  *out_date = self->date;
}

void
kon_terms_pane_set_date (KonTermsPane *self,
                         const GDate  *date)
{
  g_return_if_fail (KON_IS_TERMS_PANE (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (g_date_compare (&self->date, date) == 0)
    return;

  self->date = *date;
  gtk_popover_popdown (self->date_popover);
  evaluate (self);
}
