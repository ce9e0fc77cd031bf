/* kon-org.h: the organisation of a health community
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Partners (one hospital trust and the municipalities, each one voting
 * entity), persons, bodies (the organisation chart) and the roles of
 * persons in bodies.  One database holds one community.  Every row has a
 * stable UUID, which is how the JSON exchange merges.
 *
 * The types are plain structs (boxed), read and written through the
 * functions below, which use the KonStore's prepared statements.  Every
 * write is one transaction and emits KonStore::changed with the table
 * name ("community", "partner", "person", "body", "role").
 */

#pragma once

#include <json-glib/json-glib.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_ORG_ERROR (kon_org_error_quark ())

typedef enum
{
  KON_ORG_ERROR_NOT_FOUND,   /* no row with that UUID (deleted meanwhile) */
  KON_ORG_ERROR_INVALID,     /* a row that cannot be saved: the message says why */
} KonOrgError;

typedef enum
{
  KON_SIDE_NONE,          /* exchange: null */
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

typedef struct
{
  char *uuid;
  char *name;
  int   user_representatives_per_body;   /* 0: no such rule (Bergen: 2) */
  int   gp_representatives_per_body;     /* 0: no such rule (Bergen: 1) */
} KonCommunity;

typedef struct
{
  char           *uuid;
  KonPartnerKind  kind;
  KonSide         side;
  char           *region;       /* nullable: "Salten" */
  char           *name;         /* "Bodø kommune" */
  char           *short_name;   /* "Bodø" */
  char          **aliases;      /* NULL-terminated, never NULL: "NLSH", … */
} KonPartner;

typedef struct
{
  char *uuid;
  char *name;
  char *title;          /* nullable */
  char *partner_uuid;   /* nullable: the partner they come from */
  char *email;          /* nullable */
  char *phone;          /* nullable */
} KonPerson;

typedef struct
{
  char        *uuid;
  KonBodyKind  kind;
  char        *name;
  char        *short_name;         /* nullable: "SSU" */
  char        *parent_uuid;        /* nullable: the body that set it up */
  char        *mandate;            /* nullable */
  gboolean     takes_decisions;
  int          meetings_per_year;  /* 0: not set */
  gboolean     is_public;
  GDate        deadline;           /* invalid (g_date_valid() FALSE): none */
  int          seats_per_side;     /* 0: no parity rule (SSU: 7) */
} KonBody;

typedef struct
{
  char          *uuid;
  char          *person_uuid;
  char          *body_uuid;
  KonRoleKind    kind;
  KonRepresents  represents;
  char          *partner_uuid;     /* nullable; set when represents = PARTNER */
  KonSide        side;             /* side represented; for PARTNER, the partner's */
  GDate          from;             /* invalid: open */
  GDate          to;               /* invalid: open */
} KonRole;

#define KON_TYPE_COMMUNITY (kon_community_get_type ())
#define KON_TYPE_PARTNER   (kon_partner_get_type ())
#define KON_TYPE_PERSON    (kon_person_get_type ())
#define KON_TYPE_BODY      (kon_body_get_type ())
#define KON_TYPE_ROLE      (kon_role_get_type ())

GQuark         kon_org_error_quark      (void);

GType          kon_community_get_type   (void) G_GNUC_CONST;
GType          kon_partner_get_type     (void) G_GNUC_CONST;
GType          kon_person_get_type      (void) G_GNUC_CONST;
GType          kon_body_get_type        (void) G_GNUC_CONST;
GType          kon_role_get_type        (void) G_GNUC_CONST;

/* new: zeroed, with a fresh UUID (g_uuid_string_random) and empty strings
 * where a field is required; copy: deep; free: NULL-safe */
KonCommunity  *kon_community_new        (void);
KonCommunity  *kon_community_copy       (const KonCommunity *community);
void           kon_community_free       (KonCommunity       *community);
KonPartner    *kon_partner_new          (void);
KonPartner    *kon_partner_copy         (const KonPartner   *partner);
void           kon_partner_free         (KonPartner         *partner);
KonPerson     *kon_person_new           (void);
KonPerson     *kon_person_copy          (const KonPerson    *person);
void           kon_person_free          (KonPerson          *person);
KonBody       *kon_body_new             (void);
KonBody       *kon_body_copy            (const KonBody      *body);
void           kon_body_free            (KonBody            *body);
KonRole       *kon_role_new             (void);
KonRole       *kon_role_copy            (const KonRole      *role);
void           kon_role_free            (KonRole            *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonCommunity, kon_community_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonPartner, kon_partner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonPerson, kon_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonBody, kon_body_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonRole, kon_role_free)

/* Names as translated, for the UI and documents */
const char    *kon_side_to_string          (KonSide         side);
const char    *kon_partner_kind_to_string  (KonPartnerKind  kind);
const char    *kon_body_kind_to_string     (KonBodyKind     kind);
const char    *kon_role_kind_to_string     (KonRoleKind     kind);
const char    *kon_represents_to_string    (KonRepresents   represents);

/* Reading.  Lists are GPtrArrays that own their elements; partners are
 * sorted by short name and persons by name with the locale's collation
 * (g_utf8_collate_key: Æ Ø Å after Z); bodies parents before children,
 * then by name (depth first: each body followed by its sub-bodies).
 * Roles of a body: leader, deputy leader, members, deputies, observers,
 * secretaries, each group by person name; roles of a person by body name.
 * kon_org_get_community() returns NULL without an error in a database
 * that has no community yet; the get functions fail with
 * KON_ORG_ERROR_NOT_FOUND for a UUID that is not there. */
KonCommunity  *kon_org_get_community       (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_partners       (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_persons        (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_bodies         (KonStore     *store,
                                            GError      **error);
GPtrArray     *kon_org_list_roles_of_body  (KonStore     *store,
                                            const char   *body_uuid,
                                            GError      **error);
GPtrArray     *kon_org_list_roles_of_person (KonStore    *store,
                                            const char   *person_uuid,
                                            GError      **error);
KonPartner    *kon_org_get_partner         (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);
KonPerson     *kon_org_get_person          (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);
KonBody       *kon_org_get_body            (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);
KonRole       *kon_org_get_role            (KonStore     *store,
                                            const char   *uuid,
                                            GError      **error);

/* Search as you type over partners (names, short names, aliases) and
 * persons (name, title, e-mail): FTS5 with remove_diacritics 0, prefix
 * match per word, so "Bø" finds "Bø" but not "Bodø" or "Bo".  Returns
 * UUIDs in display order. */
GPtrArray     *kon_org_search_partners     (KonStore     *store,
                                            const char   *query,
                                            GError      **error);
GPtrArray     *kon_org_search_persons      (KonStore     *store,
                                            const char   *query,
                                            GError      **error);

/* Writing: insert or update by UUID, one transaction each */
gboolean       kon_org_save_community      (KonStore            *store,
                                            const KonCommunity  *community,
                                            GError             **error);
gboolean       kon_org_save_partner        (KonStore            *store,
                                            const KonPartner    *partner,
                                            GError             **error);
gboolean       kon_org_save_person         (KonStore            *store,
                                            const KonPerson     *person,
                                            GError             **error);
gboolean       kon_org_save_body           (KonStore            *store,
                                            const KonBody       *body,
                                            GError             **error);
gboolean       kon_org_save_role           (KonStore            *store,
                                            const KonRole       *role,
                                            GError             **error);

/* Deleting.  kon_org_describe_delete() says, translated, what goes with
 * a row before it is deleted ("3 roles and 1 body that refer to it"), or
 * returns NULL when nothing does.  kon_org_delete() removes the row and
 * everything that goes with it in one transaction and returns a snapshot
 * (an exchange document of what was removed) that kon_org_restore() puts
 * back exactly: that is Undo.
 *
 * What goes with a row: a person's roles; a partner's roles that
 * represent it (the persons who come from it are kept, without a
 * partner); a body's roles.  A deleted body's sub-bodies are kept and
 * move up to its parent (or to the top level).  The snapshot also holds
 * the rows that were changed (persons, sub-bodies), as they were. */
char          *kon_org_describe_delete     (KonStore     *store,
                                            const char   *table,   /* "partner", "person", "body", "role" */
                                            const char   *uuid,
                                            GError      **error);
JsonNode      *kon_org_delete              (KonStore     *store,
                                            const char   *table,
                                            const char   *uuid,
                                            GError      **error);
gboolean       kon_org_restore             (KonStore     *store,
                                            JsonNode     *snapshot,
                                            GError      **error);

G_END_DECLS
