/* kon-enums.h: the enumerations of the organisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is stored and exchanged as its id (the comment beside each value),
 * through the KonEnumName tables below, and shown through its
 * _to_string(), translated.
 */

#pragma once

#include "kon-table.h"

G_BEGIN_DECLS

typedef enum
{
  KON_SIDE_NONE,          /* null */
  KON_SIDE_HF,            /* "hf": the hospital trust's side */
  KON_SIDE_MUNICIPAL,     /* "municipal": the municipalities' side */
} KonSide;

typedef enum
{
  KON_PARTNER_KIND_HELSEFORETAK,   /* "helseforetak" */
  KON_PARTNER_KIND_KOMMUNE,        /* "kommune" */
} KonPartnerKind;

typedef enum
{
  KON_BODY_KIND_DIALOGMOTE,         /* "dialogmote" */
  KON_BODY_KIND_PARTNERSKAPSMOTE,   /* "partnerskapsmote" */
  KON_BODY_KIND_SSU,                /* "ssu": strategisk samarbeidsutvalg */
  KON_BODY_KIND_AREA_COMMITTEE,     /* "omradeutvalg" (Bergen's OU) */
  KON_BODY_KIND_FSU,                /* "fsu": faglig samarbeidsutvalg */
  KON_BODY_KIND_SECRETARIAT,        /* "sekretariat": samhandlingssekretariat */
  KON_BODY_KIND_WORKING_GROUP,      /* "arbeidsgruppe": KSU / ad hoc, time-limited */
  KON_BODY_KIND_COUNCIL,            /* "rad": standing council (Fastlegeråd, PKO, Brukerutvalg) */
  KON_BODY_KIND_OTHER,              /* "annet" */
} KonBodyKind;

typedef enum
{
  KON_ROLE_KIND_MEMBER,             /* "member" */
  KON_ROLE_KIND_DEPUTY,             /* "deputy": vara */
  KON_ROLE_KIND_OBSERVER,           /* "observer": observatør med talerett */
  KON_ROLE_KIND_LEADER,             /* "leader" */
  KON_ROLE_KIND_DEPUTY_LEADER,      /* "deputy_leader": nestleder */
  KON_ROLE_KIND_SECRETARY,          /* "secretary" */
} KonRoleKind;

typedef enum
{
  KON_REPRESENTS_NONE,              /* "none" */
  KON_REPRESENTS_PARTNER,           /* "partner": partner_uuid is set */
  KON_REPRESENTS_SIDE,              /* "side": side is set */
  KON_REPRESENTS_USERS,             /* "users": brukerrepresentant */
  KON_REPRESENTS_GPS,               /* "gps": fastlegerepresentant */
  KON_REPRESENTS_EMPLOYEES,         /* "employees": tillitsvalgt */
} KonRepresents;

typedef enum
{
  KON_CASE_KIND_DECISION,           /* "beslutningssak": decided by consensus */
  KON_CASE_KIND_DISCUSSION,         /* "droftingssak": discussed, the first of two stages */
  KON_CASE_KIND_INFORMATION,        /* "orienteringssak": for information */
} KonCaseKind;

typedef enum
{
  KON_CASE_STATUS_RECEIVED,         /* "received" */
  KON_CASE_STATUS_IN_PREPARATION,   /* "in_preparation" */
  KON_CASE_STATUS_ON_AGENDA,        /* "on_agenda" */
  KON_CASE_STATUS_DECIDED,          /* "decided": by consensus */
  KON_CASE_STATUS_SENT_BACK,        /* "sent_back": to the secretariat */
  KON_CASE_STATUS_CLOSED,           /* "closed" */
} KonCaseStatus;

#define KON_ENUM_NAMES(names) names, G_N_ELEMENTS (names)

extern const KonEnumName kon_side_names[2];
extern const KonEnumName kon_partner_kind_names[2];
extern const KonEnumName kon_body_kind_names[9];
extern const KonEnumName kon_role_kind_names[6];
extern const KonEnumName kon_represents_names[6];
extern const KonEnumName kon_case_kind_names[3];
extern const KonEnumName kon_case_status_names[6];

/* Names as translated, for the UI and documents */
const char    *kon_side_to_string          (KonSide         side);
const char    *kon_partner_kind_to_string  (KonPartnerKind  kind);
const char    *kon_body_kind_to_string     (KonBodyKind     kind);
const char    *kon_role_kind_to_string     (KonRoleKind     kind);
const char    *kon_represents_to_string    (KonRepresents   represents);
const char    *kon_case_kind_to_string     (KonCaseKind     kind);
const char    *kon_case_status_to_string   (KonCaseStatus   status);

G_END_DECLS
