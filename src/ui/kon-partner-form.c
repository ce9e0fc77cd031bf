/* kon-partner-form.c: the fields of a partner, as a KonEditForm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a copy of the row in the template's rows; saving writes a new copy
 * through kon_org_save_*, so the row shown stays as it was until a save
 * succeeds.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-partner-form.h"

struct _KonPartnerForm
{
  KonEditForm       parent_instance;

  KonPartner       *row;

  /* Template widgets */
  AdwEntryRow      *name_row;
  AdwEntryRow      *short_name_row;
  AdwComboRow      *kind_row;
  AdwComboRow      *side_row;
  AdwEntryRow      *region_row;
  AdwEntryRow      *aliases_row;
};

G_DEFINE_FINAL_TYPE (KonPartnerForm, kon_partner_form, KON_TYPE_EDIT_FORM)

/* Helpers */

static void
set_row (KonPartnerForm *self,
         const KonPartner *row)
{
  g_clear_pointer (&self->row, kon_partner_free);
  self->row = kon_partner_copy (row);
}

static void
show_row (KonPartnerForm *self)
{
  const KonPartner *partner = self->row;
  g_autofree char *aliases = g_strjoinv (", ", partner->aliases);
  const char *kinds[] = {
    kon_partner_kind_to_string (KON_PARTNER_KIND_HELSEFORETAK),
    kon_partner_kind_to_string (KON_PARTNER_KIND_KOMMUNE),
    NULL
  };
  const char *sides[] = {
    kon_side_to_string (KON_SIDE_HF),
    kon_side_to_string (KON_SIDE_MUNICIPAL),
    NULL
  };

  kon_edit_form_set_text (self->name_row, partner->name);
  kon_edit_form_set_text (self->short_name_row, partner->short_name);
  kon_edit_form_set_choices (self->kind_row, kinds, partner->kind == KON_PARTNER_KIND_HELSEFORETAK ? 0 : 1);
  kon_edit_form_set_choices (self->side_row, sides, partner->side == KON_SIDE_HF ? 0 : 1);
  kon_edit_form_set_text (self->region_row, partner->region);
  kon_edit_form_set_text (self->aliases_row, aliases);
}

static char *
kon_partner_form_check (KonEditForm *form)
{
  KonPartnerForm *self = KON_PARTNER_FORM (form);
  g_autofree char *name = kon_edit_form_get_text (self->name_row);
  g_autofree char *short_name = kon_edit_form_get_text (self->short_name_row);

  if (name == NULL || short_name == NULL)
    return g_strdup (_("A partner needs an official name and a short name."));

  return NULL;
}

static gboolean
kon_partner_form_save (KonEditForm  *form,
                       GError      **error)
{
  KonPartnerForm *self = KON_PARTNER_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonPartner) partner = kon_partner_copy (self->row);
  g_autofree char *aliases = kon_edit_form_get_text (self->aliases_row);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (aliases != NULL ? aliases : "", ",", -1);

  g_free (partner->name);
  partner->name = kon_edit_form_get_text (self->name_row);
  g_free (partner->short_name);
  partner->short_name = kon_edit_form_get_text (self->short_name_row);
  partner->kind = adw_combo_row_get_selected (self->kind_row) == 0 ? KON_PARTNER_KIND_HELSEFORETAK
                                                                     : KON_PARTNER_KIND_KOMMUNE;
  partner->side = adw_combo_row_get_selected (self->side_row) == 0 ? KON_SIDE_HF : KON_SIDE_MUNICIPAL;
  g_free (partner->region);
  partner->region = kon_edit_form_get_text (self->region_row);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  g_strfreev (partner->aliases);
  partner->aliases = g_strv_builder_end (builder);

  if (!kon_org_save_partner (store, partner, error))
    return FALSE;

  set_row (self, partner);
  return TRUE;
}

static gboolean
kon_partner_form_reload (KonEditForm  *form,
                         GError      **error)
{
  KonPartnerForm *self = KON_PARTNER_FORM (form);
  KonStore *store = kon_edit_form_get_store (KON_EDIT_FORM (self));
  g_autoptr(KonPartner) partner = kon_org_get_partner (store, self->row->uuid, error);

  if (partner == NULL)
    return FALSE;

  set_row (self, partner);
  show_row (self);
  return TRUE;
}

static const char *
kon_partner_form_get_name (KonEditForm *form)
{
  return KON_PARTNER_FORM (form)->row->name;
}

static gconstpointer
kon_partner_form_get_row (KonEditForm *form)
{
  return KON_PARTNER_FORM (form)->row;
}

/* Overrides */

static void
kon_partner_form_dispose (GObject *object)
{
  KonPartnerForm *self = KON_PARTNER_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KON_TYPE_PARTNER_FORM);
  g_clear_pointer (&self->row, kon_partner_free);

  G_OBJECT_CLASS (kon_partner_form_parent_class)->dispose (object);
}

static void
kon_partner_form_class_init (KonPartnerFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonEditFormClass *form_class = KON_EDIT_FORM_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kon_partner_form_dispose;
  form_class->table = &kon_partner_table;
  form_class->check = kon_partner_form_check;
  form_class->save = kon_partner_form_save;
  form_class->reload = kon_partner_form_reload;
  form_class->get_row = kon_partner_form_get_row;
  form_class->get_name = kon_partner_form_get_name;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/konsensus/Konsensus/ui/kon-partner-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KonPartnerForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, KonPartnerForm, short_name_row);
  gtk_widget_class_bind_template_child (widget_class, KonPartnerForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KonPartnerForm, side_row);
  gtk_widget_class_bind_template_child (widget_class, KonPartnerForm, region_row);
  gtk_widget_class_bind_template_child (widget_class, KonPartnerForm, aliases_row);
}

static void
kon_partner_form_init (KonPartnerForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

/**
 * kon_partner_form_new:
 * @row: (nullable): the row to edit, copied; %NULL for a new one
 */
GtkWidget *
kon_partner_form_new (KonStore *store,
                      const KonPartner *row)
{
  KonPartnerForm *self = g_object_new (KON_TYPE_PARTNER_FORM, "store", store, NULL);

  if (row == NULL)
    {
      g_autoptr(KonPartner) partner = kon_partner_new ();

      partner->kind = KON_PARTNER_KIND_KOMMUNE;
      partner->side = KON_SIDE_MUNICIPAL;
      set_row (self, partner);
    }
  if (row != NULL)
    set_row (self, row);
  show_row (self);
  kon_edit_form_name_rows (GTK_WIDGET (self));
  kon_edit_form_watch (KON_EDIT_FORM (self), GTK_WIDGET (self->name_row),
                       GTK_WIDGET (self->short_name_row),
                       GTK_WIDGET (self->kind_row),
                       GTK_WIDGET (self->side_row),
                       GTK_WIDGET (self->region_row),
                       GTK_WIDGET (self->aliases_row), NULL);

  return GTK_WIDGET (self);
}
