/* kon-enums.c: the enumerations' ids and translated names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-enums.h"

const KonEnumName kon_side_names[2] = {
  { "hf", KON_SIDE_HF },
  { "municipal", KON_SIDE_MUNICIPAL },
};

const KonEnumName kon_partner_kind_names[2] = {
  { "helseforetak", KON_PARTNER_KIND_HELSEFORETAK },
  { "kommune", KON_PARTNER_KIND_KOMMUNE },
};

const KonEnumName kon_body_kind_names[9] = {
  { "dialogmote", KON_BODY_KIND_DIALOGMOTE },
  { "partnerskapsmote", KON_BODY_KIND_PARTNERSKAPSMOTE },
  { "ssu", KON_BODY_KIND_SSU },
  { "omradeutvalg", KON_BODY_KIND_AREA_COMMITTEE },
  { "fsu", KON_BODY_KIND_FSU },
  { "sekretariat", KON_BODY_KIND_SECRETARIAT },
  { "arbeidsgruppe", KON_BODY_KIND_WORKING_GROUP },
  { "rad", KON_BODY_KIND_COUNCIL },
  { "annet", KON_BODY_KIND_OTHER },
};

const KonEnumName kon_role_kind_names[6] = {
  { "member", KON_ROLE_KIND_MEMBER },
  { "deputy", KON_ROLE_KIND_DEPUTY },
  { "observer", KON_ROLE_KIND_OBSERVER },
  { "leader", KON_ROLE_KIND_LEADER },
  { "deputy_leader", KON_ROLE_KIND_DEPUTY_LEADER },
  { "secretary", KON_ROLE_KIND_SECRETARY },
};

const KonEnumName kon_case_kind_names[3] = {
  { "beslutningssak", KON_CASE_KIND_DECISION },
  { "droftingssak", KON_CASE_KIND_DISCUSSION },
  { "orienteringssak", KON_CASE_KIND_INFORMATION },
};

const KonEnumName kon_case_status_names[6] = {
  { "received", KON_CASE_STATUS_RECEIVED },
  { "in_preparation", KON_CASE_STATUS_IN_PREPARATION },
  { "on_agenda", KON_CASE_STATUS_ON_AGENDA },
  { "decided", KON_CASE_STATUS_DECIDED },
  { "sent_back", KON_CASE_STATUS_SENT_BACK },
  { "closed", KON_CASE_STATUS_CLOSED },
};

const KonEnumName kon_represents_names[6] = {
  { "none", KON_REPRESENTS_NONE },
  { "partner", KON_REPRESENTS_PARTNER },
  { "side", KON_REPRESENTS_SIDE },
  { "users", KON_REPRESENTS_USERS },
  { "gps", KON_REPRESENTS_GPS },
  { "employees", KON_REPRESENTS_EMPLOYEES },
};


const char *
kon_side_to_string (KonSide side)
{
  switch (side)
    {
    case KON_SIDE_HF:
      return C_("side", "Hospital trust");
    case KON_SIDE_MUNICIPAL:
      return C_("side", "Municipalities");
    case KON_SIDE_NONE:
    default:
      return C_("side", "None");
    }
}

const char *
kon_partner_kind_to_string (KonPartnerKind kind)
{
  switch (kind)
    {
    case KON_PARTNER_KIND_HELSEFORETAK:
      return C_("partner kind", "Hospital trust");
    case KON_PARTNER_KIND_KOMMUNE:
    default:
      return C_("partner kind", "Municipality");
    }
}

const char *
kon_body_kind_to_string (KonBodyKind kind)
{
  switch (kind)
    {
    case KON_BODY_KIND_DIALOGMOTE:
      return _("Dialogue meeting");
    case KON_BODY_KIND_PARTNERSKAPSMOTE:
      return _("Partnership meeting");
    case KON_BODY_KIND_SSU:
      return _("Strategic cooperation committee");
    case KON_BODY_KIND_AREA_COMMITTEE:
      return _("Area committee");
    case KON_BODY_KIND_FSU:
      return _("Professional cooperation committee");
    case KON_BODY_KIND_SECRETARIAT:
      return _("Secretariat");
    case KON_BODY_KIND_WORKING_GROUP:
      return _("Working group");
    case KON_BODY_KIND_COUNCIL:
      return _("Council");
    case KON_BODY_KIND_OTHER:
    default:
      return C_("body kind", "Other");
    }
}

const char *
kon_role_kind_to_string (KonRoleKind kind)
{
  switch (kind)
    {
    case KON_ROLE_KIND_DEPUTY:
      return _("Deputy member");
    case KON_ROLE_KIND_OBSERVER:
      return _("Observer with right to speak");
    case KON_ROLE_KIND_LEADER:
      return _("Leader");
    case KON_ROLE_KIND_DEPUTY_LEADER:
      return _("Deputy leader");
    case KON_ROLE_KIND_SECRETARY:
      return _("Secretary");
    case KON_ROLE_KIND_MEMBER:
    default:
      return _("Member");
    }
}

const char *
kon_represents_to_string (KonRepresents represents)
{
  switch (represents)
    {
    case KON_REPRESENTS_PARTNER:
      return C_("represents", "A partner");
    case KON_REPRESENTS_SIDE:
      return C_("represents", "A side");
    case KON_REPRESENTS_USERS:
      return C_("represents", "Users (user representative)");
    case KON_REPRESENTS_GPS:
      return C_("represents", "GPs (GP representative)");
    case KON_REPRESENTS_EMPLOYEES:
      return C_("represents", "Employees (employee representative)");
    case KON_REPRESENTS_NONE:
    default:
      return C_("represents", "Nobody in particular");
    }
}

const char *
kon_case_kind_to_string (KonCaseKind kind)
{
  switch (kind)
    {
    case KON_CASE_KIND_DISCUSSION:
      /* TRANSLATORS: drøftingssak, a case discussed before it is decided */
      return _("Discussion");
    case KON_CASE_KIND_INFORMATION:
      /* TRANSLATORS: orienteringssak, a case for information */
      return _("Information");
    case KON_CASE_KIND_DECISION:
    default:
      /* TRANSLATORS: beslutningssak, a case decided by consensus */
      return _("Decision");
    }
}

const char *
kon_case_status_to_string (KonCaseStatus status)
{
  switch (status)
    {
    case KON_CASE_STATUS_IN_PREPARATION:
      return _("In preparation");
    case KON_CASE_STATUS_ON_AGENDA:
      return _("On an agenda");
    case KON_CASE_STATUS_DECIDED:
      return _("Decided by consensus");
    case KON_CASE_STATUS_SENT_BACK:
      return _("Sent back to the secretariat");
    case KON_CASE_STATUS_CLOSED:
      return _("Closed");
    case KON_CASE_STATUS_RECEIVED:
    default:
      return _("Received");
    }
}
