#!/usr/bin/python3
# generate.py: writes the community templates in this folder
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The committed JSON files are what ships; this script is how they were
# made.  UUIDs are uuid5 of a name, so running it again gives the same
# bytes.  The files follow data/exchange-format.md: every key present, in
# the documented order, arrays sorted by uuid, two-space indentation and a
# final newline, laid out as Konsensus's export (json-glib) writes them, so
# that importing a template and exporting it gives the same bytes.  A count
# that is not set (0) is null.
#
#   /usr/bin/python3 data/templates/generate.py

import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/konsensus/templates")


class Template:
    def __init__(self, key, name, users_per_body=0, gps_per_body=0):
        self.ns = uuid.uuid5(ROOT_NS, key)
        self.community = {
            "uuid": self.id("community"),
            "name": name,
            "user_representatives_per_body": users_per_body,
            "gp_representatives_per_body": gps_per_body,
        }
        self.partners = []
        self.persons = []
        self.bodies = []
        self.seats = []
        self.roles = []
        self.cases = []
        self.case_events = []
        self.case_officers = []
        self.case_anchorings = []
        self.role_keys = set()

    def id(self, what):
        return str(uuid.uuid5(self.ns, what))

    def partner(self, key, kind, side, region, name, short_name, aliases):
        self.partners.append({
            "uuid": self.id("partner:" + key),
            "kind": kind,
            "side": side,
            "region": region,
            "name": name,
            "short_name": short_name,
            "aliases": aliases,
        })
        return self.partners[-1]["uuid"]

    def person(self, key, name, title, partner):
        self.persons.append({
            "uuid": self.id("person:" + key),
            "name": name,
            "title": title,
            "partner": partner,
            "email": None,
            "phone": None,
        })
        return self.persons[-1]["uuid"]

    def body(self, key, kind, name, short_name, parent, mandate,
             takes_decisions, meetings_per_year, public, deadline=None,
             seats_per_side=0, term_years=0, single_term=False,
             rotation=None, case_pattern=None):
        # rotation: (first day, side that chairs first, years per period)
        rotation_start, rotation_first_side, rotation_years = rotation or (None, None, 0)
        self.bodies.append({
            "uuid": self.id("body:" + key),
            "kind": kind,
            "name": name,
            "short_name": short_name,
            "parent": parent,
            "mandate": mandate,
            "takes_decisions": takes_decisions,
            "meetings_per_year": meetings_per_year or None,
            "public": public,
            "deadline": deadline,
            "seats_per_side": seats_per_side or None,
            "term_years": term_years or None,
            "single_term": single_term,
            "rotation_start": rotation_start,
            "rotation_first_side": rotation_first_side,
            "rotation_years": rotation_years or None,
            "case_pattern": case_pattern,
        })
        return self.bodies[-1]["uuid"]

    def seat(self, body, key, name, kind, side, region=None,
             represents="none", required=False, appointed_by=None):
        position = len([s for s in self.seats if s["body"] == body])
        self.seats.append({
            "uuid": self.id("seat:%s:%s" % (body, key)),
            "body": body,
            "name": name,
            "kind": kind,
            "side": side,
            "region": region,
            "represents": represents,
            "required": required,
            "appointed_by": appointed_by,
            "position": position,
        })
        return self.seats[-1]["uuid"]

    def role(self, person, body, kind, represents, partner=None, side=None,
             date_from=None, date_to=None, seat=None, appointed_by=None,
             decided_in=None):
        key = "role:%s:%s:%s" % (person, body, kind)
        assert key not in self.role_keys, key
        self.role_keys.add(key)
        self.roles.append({
            "uuid": self.id(key),
            "person": person,
            "body": body,
            "kind": kind,
            "represents": represents,
            "partner": partner,
            "side": side,
            "from": date_from,
            "to": date_to,
            "seat": seat,
            "appointed_by": appointed_by,
            "decided_in": decided_in,
        })

    def case(self, body, year, number, title, kind, status, document_date,
             archive_ref=None, recommendation=None, background=None,
             presentation=None, earlier_case=None, one_stage=None,
             one_stage_by=None, one_stage_date=None, meeting_date=None):
        self.cases.append({
            "uuid": self.id("case:%s:%d:%d" % (body, year, number)),
            "body": body,
            "year": year,
            "number": number,
            "title": title,
            "public_title": None,
            "screening": None,
            "kind": kind,
            "status": status,
            "document_date": document_date,
            "archive_ref": archive_ref,
            "recommendation": recommendation,
            "background": background,
            "presentation": presentation,
            "earlier_case": earlier_case,
            "one_stage": one_stage,
            "one_stage_by": one_stage_by,
            "one_stage_date": one_stage_date,
            "meeting_date": meeting_date,
        })
        uuid = self.cases[-1]["uuid"]
        # Its history: received on its document date, then where it is now
        steps = [("received", document_date)]
        if status != "received":
            steps.append((status, document_date))
        for i, (step, day) in enumerate(steps):
            self.case_events.append({
                "uuid": self.id("case-event:%s:%d" % (uuid, i)),
                "case": uuid,
                "step": i + 1,
                "status": step,
                "date": day,
                "who": "Samhandlingssekretariatet",
            })
        return uuid

    def officer(self, case, person):
        self.case_officers.append({
            "uuid": self.id("case-officer:%s:%s" % (case, person)),
            "case": case,
            "person": person,
        })

    def anchoring(self, case, partner, date, note):
        self.case_anchorings.append({
            "uuid": self.id("case-anchoring:%s:%s" % (case, partner)),
            "case": case,
            "partner": partner,
            "date": date,
            "note": note,
        })

    def write(self, filename):
        doc = {
            "format": "konsensus-exchange",
            "version": 3,
            "community": self.community,
            "partners": sorted(self.partners, key=lambda r: r["uuid"]),
            "persons": sorted(self.persons, key=lambda r: r["uuid"]),
            "bodies": sorted(self.bodies, key=lambda r: r["uuid"]),
            "seats": sorted(self.seats, key=lambda r: r["uuid"]),
            "roles": sorted(self.roles, key=lambda r: r["uuid"]),
            "cases": sorted(self.cases, key=lambda r: r["uuid"]),
            "case_events": sorted(self.case_events, key=lambda r: r["uuid"]),
            "case_officers": sorted(self.case_officers, key=lambda r: r["uuid"]),
            "case_anchorings": sorted(self.case_anchorings, key=lambda r: r["uuid"]),
            "case_attachments": [],
        }
        uuids = [doc["community"]["uuid"]]
        for array in ("partners", "persons", "bodies", "seats", "roles", "cases", "case_events",
                      "case_officers", "case_anchorings"):
            uuids += [r["uuid"] for r in doc[array]]
        assert len(uuids) == len(set(uuids)), filename
        with open(os.path.join(HERE, filename), "w", encoding="utf-8") as f:
            # As json-glib's generator writes it (Konsensus's export):
            # "key" : value, two spaces, UTF-8 as UTF-8
            f.write(json.dumps(doc, indent=2, ensure_ascii=False, separators=(",", " : ")))
            f.write("\n")


# Helsefellesskapet Lofoten, Vesterålen og Salten ----------------------

REGIONS = [
    ("Lofoten", ["Moskenes", "Værøy", "Vestvågøy", "Flakstad", "Røst", "Vågan"]),
    ("Salten", ["Meløy", "Saltdal", "Steigen", "Bodø", "Gildeskål", "Hamarøy",
                "Beiarn", "Fauske", "Sørfold"]),
    ("Vesterålen", ["Øksnes", "Hadsel", "Sortland", "Andøy", "Bø"]),
]

# Names people also write in a chat, beside "X kommune" and "X"
EXTRA_ALIASES = {
    "Hamarøy": ["Hábmer"],
}

MANDATES = {
    "dialogmote":
        "Politisk møteplass der styreleder i Nordlandssykehuset HF møter "
        "ordførere og kommunedirektører, eller varaordførere og "
        "kommunedirektører. Her diskuteres overordnede politiske mål og "
        "prioriteringer, nasjonalt og regionalt. Dialogmøtet gir retning og "
        "styringssignaler til Partnerskapsmøtet gjennom dialog og felles "
        "konsensus om mål og rammer for helsefellesskapet. Dialogmøtet "
        "fatter ikke vedtak. Brukerrepresentant stiller fast og har rett "
        "til å uttale seg. Holdes samme dag som Partnerskapsmøtet, før det. "
        "Offentlig og åpent møte, tilgjengelig for alle interesserte på nett.",
    "partnerskapsmote":
        "Helsefellesskapets øverste organ: formelt møte mellom adm.dir. i "
        "Nordlandssykehuset HF og kommunedirektørene. Sikrer en overordnet "
        "ledelse av helsefellesskapet gjennom konsensusuttalelser, vedtar "
        "partnerskapserklæring og årlig strategisk handlingsplan, og velger "
        "leder og nestleder av SSU. Beslutter ved konsensus. Medlemmer og "
        "observatører i SSU deltar som observatører med talerett. Holdes "
        "årlig om høsten. Offentlig og åpent møte, tilgjengelig for alle "
        "interesserte på nett.",
    "ssu":
        "Det strategisk utøvende organet i helsefellesskapet. Behandler saker "
        "av overordnet, prinsipiell karakter og saker med større økonomiske, "
        "faglige og administrative konsekvenser, innenfor de rammer og "
        "fullmakter SSU har. Utvikler strategier og handlingsplaner, "
        "utarbeider forslag til handlingsplan for Partnerskapsmøtet og sikrer "
        "håndtering av tilkomne saker og løpende beslutninger. Saker som "
        "krever konsensus behandles som regel i to trinn. Partnerne har 7 "
        "medlemmer hver; de kommunale fordeles Salten 3, Lofoten 2 og "
        "Vesterålen 2. Medlemmene velges for fire år. Møteledelsen veksler "
        "mellom kommunene og Nordlandssykehuset HF, 2 år hver; nestleder er "
        "fra parten som ikke har ledervervet. Møtes som hovedregel 4 ganger "
        "i året.",
    "fsu":
        "Opprettes av SSU og får konkrete oppgaver fra SSU. Koordinerer "
        "arbeidsoppgaver og kontaktflate mellom SSU og de faste faglige "
        "utvalg og råd og ad hoc-grupper som etableres etter bestilling fra "
        "SSU. Har ikke bruker- eller ansatterepresentanter. Går via linja "
        "(klinikksjef eller kommunalsjef) for å forespørre om "
        "ressurspersoner. Etableres foreløpig ikke: oppgavene er overført "
        "til Samhandlingssekretariatet.",
    "sekretariat":
        "Består av samhandlingssjefene: kommunal samhandlingsleder og "
        "samhandlingssjef i Nordlandssykehuset HF. Kontaktpunkt i "
        "samhandlingsspørsmål og koordinerer samhandlingsarbeidet. "
        "Ansvar for å: 1. motta saker og ta stilling til hvordan de skal "
        "behandles; 2. kvalitetssikre at sakene er tilstrekkelig belyst; "
        "3. forberede og innkalle til møter i SSU og FSU; "
        "4. sekretariatsfunksjon for SSU og FSU, inkludert referater; "
        "5. publisere saksdokumenter; 6. ivareta arkivfunksjon; "
        "7. veilede i saksforberedelse.",
    "ksu":
        "Hurtigarbeidende klinisk samarbeidsutvalg opprettet av OSO i sak "
        "004/2021 i forbindelse med etableringen av helsefellesskapet. "
        "7 medlemmer: 3 fra hver av partene og 1 brukerrepresentant fra "
        "Nordlandssykehuset HFs brukerutvalg. Oppdrag: forberede "
        "Partnerskapsmøtet 2021 med forslag til program, deltakelse og plan "
        "for gjennomføringen av møtet, forslag til partnerskapserklæring, "
        "forslag til vedtekter for helsefellesskapet og for Strategisk "
        "samarbeidsutvalg, og forslag til saksbehandling for saker som ikke "
        "ivaretas av strukturen i helsefellesskapsmodellen. Ferdigstilles "
        "innen 25. mai 2021. Sekretariatet er ikke medlem av KSU.",
    "brukerutvalg":
        "Nordlandssykehuset HFs brukerutvalg. Oppnevner brukerrepresentant "
        "til utvalg i helsefellesskapet, blant annet til KSU (OSO sak "
        "004/2021).",
}


def lofoten_vesteralen_salten(with_persons):
    t = Template("lofoten-vesteralen-salten",
                 "Helsefellesskapet Lofoten, Vesterålen og Salten")

    nlsh = t.partner("Nordlandssykehuset HF", "helseforetak", "hf", None,
                     "Nordlandssykehuset HF", "Nordlandssykehuset",
                     ["NLSH", "Nordlandssykehuset", "Nordlandssykehuset HF",
                      "sykehuset"])
    kommuner = {}
    for region, names in REGIONS:
        for name in names:
            kommuner[name] = t.partner(
                "kommune:" + name, "kommune", "municipal", region,
                name + " kommune", name,
                [name + " kommune", name] + EXTRA_ALIASES.get(name, []))

    dialog = t.body("dialogmote", "dialogmote", "Dialogmøte", None, None,
                    MANDATES["dialogmote"], False, 1, True)
    pm = t.body("partnerskapsmote", "partnerskapsmote", "Partnerskapsmøte",
                None, None, MANDATES["partnerskapsmote"], True, 1, True,
                case_pattern="{n:02}-{yyyy}")
    ssu = t.body("ssu", "ssu", "Strategisk samarbeidsutvalg", "SSU", pm,
                 MANDATES["ssu"], True, 4, False, seats_per_side=7,
                 term_years=4,
                 rotation=("2025-09-25", "municipal", 2),
                 case_pattern="{n:02}-{yyyy}")
    ssu_seats = add_ssu_seats(t, ssu)
    fsu = t.body("fsu", "fsu", "Faglig samarbeidsutvalg", "FSU", ssu,
                 MANDATES["fsu"], False, 0, False)
    sek = t.body("sekretariat", "sekretariat", "Samhandlingssekretariat",
                 None, ssu, MANDATES["sekretariat"], False, 0, False)
    ksu = t.body("ksu", "arbeidsgruppe", "Klinisk samarbeidsutvalg", "KSU",
                 ssu, MANDATES["ksu"], False, 0, False,
                 deadline="2021-05-25", seats_per_side=3,
                 case_pattern="{n:03}/{yyyy}")
    ksu_seats = add_ksu_seats(t, ksu)
    bu = t.body("brukerutvalg", "rad", "Brukerutvalget i Nordlandssykehuset HF",
                "Brukerutvalget", None, MANDATES["brukerutvalg"], False, 0,
                False)
    del fsu

    if with_persons:
        add_demo_persons(t, nlsh, kommuner, dialog, pm, ssu, sek, ksu, bu,
                         ssu_seats, ksu_seats)
        add_demo_cases(t, pm, ssu, kommuner)
    return t


def add_demo_cases(t, pm, ssu, kommuner):
    """Invented cases: the constituting case of the seeds (sak 02-2021) and
    a two-stage chain in the SSU, a discussion and its decision, prepared
    by the secretariat and anchored in most of the municipalities."""
    t.case(pm, 2021, 2, "Konstituering av Partnerskapsmøtet og konsensusregler",
           "beslutningssak", "decided", "2021-09-09", "2021/3288",
           "1. Partnerskapsmøtet velger møteleder og vara for møteleder.\n"
           "2. Partnerskapsmøtet velger et møtesekretariat med én representant "
           "fra kommunene og én fra helseforetaket.\n"
           "3. Partnerskapsmøtet slutter seg til reglene for konsensus.",
           "Partnerskapsmøtet fatter vedtak ved konsensus. Konsensus er oppnådd "
           "når alle stemmeberettigede partnere som er til stede, har gitt "
           "tilslutning til innstillingen.",
           "Møtet konstitueres før sakene behandles.",
           one_stage="Konstitueringen behandles i ett møte.",
           one_stage_by="Begge parter i Partnerskapsmøtet",
           one_stage_date="2021-09-09", meeting_date="2021-09-09")
    discussion = t.case(
        ssu, 2026, 3, "Felles plan for utskrivningsklare pasienter",
        "droftingssak", "closed", "2026-02-12", "2026/418",
        None,
        "Kommunene og helseforetaket har ulike rutiner for melding om "
        "utskrivningsklare pasienter. Saken drøftes før den forankres i "
        "kommunene.",
        "Sekretariatet legger fram et utkast til felles plan for drøfting.",
        meeting_date="2026-03-05")
    decision = t.case(
        ssu, 2026, 11, "Felles plan for utskrivningsklare pasienter – vedtak",
        "beslutningssak", "in_preparation", "2026-10-30", "2026/1932",
        "1. SSU vedtar felles plan for utskrivningsklare pasienter.\n"
        "2. Planen gjelder fra 1. januar 2027.",
        "Planen ble drøftet i sak 03-2026 og er forankret i kommunene.",
        "Innspillene fra kommunene er innarbeidet i planen.",
        earlier_case=discussion, meeting_date="2026-12-10")
    for case in (discussion, decision):
        t.officer(case, t.id("person:sek:hf"))
        t.officer(case, t.id("person:sek:kommune"))
    # Anchored between the two: all but a few municipalities so far
    anchored = ["Bodø", "Fauske", "Saltdal", "Meløy", "Steigen", "Sørfold",
                "Vågan", "Vestvågøy", "Flakstad", "Hadsel", "Sortland",
                "Øksnes", "Andøy"]
    for i, name in enumerate(anchored):
        t.anchoring(decision, kommuner[name], "2026-%02d-%02d" % (4 + i // 3, 2 + 7 * (i % 3)),
                    "Kommunestyret, sak %d/2026" % (20 + i))


APPOINTED_BY_HF = "Administrerende direktør i Nordlandssykehuset HF"
APPOINTED_BY_REGION = {
    "Salten": "Salten regionråd",
    "Lofoten": "Lofotrådet",
    "Vesterålen": "Vesterålen regionråd",
}


def add_ssu_seats(t, ssu):
    """The SSU's seat rules: 7 per side, the municipal seats by region,
    the observers with right to speak that must be there"""
    seats = {}
    for i in range(7):
        seats["hf:%d" % i] = t.seat(ssu, "hf:%d" % i, "Helseforetaket %d" % (i + 1),
                                    "member", "hf", appointed_by=APPOINTED_BY_HF)
    for region, count in [("Salten", 3), ("Lofoten", 2), ("Vesterålen", 2)]:
        for i in range(count):
            seats["%s:%d" % (region, i)] = t.seat(
                ssu, "%s:%d" % (region, i), "%s %d" % (region, i + 1),
                "member", "municipal", region,
                appointed_by=APPOINTED_BY_REGION[region])
    observers = [
        ("ansatt:hf", "Ansattrepresentant, helseforetaket", "hf", "employees",
         "Foretakstillitsvalgte i Nordlandssykehuset HF"),
        ("ansatt:kommune", "Ansattrepresentant, kommunene", "municipal",
         "employees", "Hovedtillitsvalgte i kommunene"),
        ("bruker:hf", "Brukerrepresentant, helseforetaket", "hf", "users",
         "Brukerutvalget i Nordlandssykehuset HF"),
        ("bruker:kommune", "Brukerrepresentant, kommunene", "municipal",
         "users", "Kommunale råd for eldre og personer med funksjonsnedsettelse"),
        ("fastlege", "Fastlege/kommuneoverlege", "municipal", "gps",
         "SSU, etter forslag fra de kommunale medlemmene"),
        ("samhandling:hf", "Samhandlingsleder, helseforetaket", "hf", "side",
         APPOINTED_BY_HF),
        ("samhandling:kommune", "Samhandlingsleder, kommunene", "municipal",
         "side", "Kommunene"),
        ("ks", "KS / Statsforvalteren", None, "none",
         "KS og Statsforvalteren i Nordland"),
        ("nord", "Nord universitet", None, "none", "Nord universitet"),
        ("uit", "UiT Norges arktiske universitet", None, "none",
         "UiT Norges arktiske universitet"),
    ]
    for key, name, side, represents, by in observers:
        seats[key] = t.seat(ssu, key, name, "observer", side,
                            represents=represents, required=True,
                            appointed_by=by)
    return seats


def add_ksu_seats(t, ksu):
    """KSU: 3 per side and a user representative"""
    seats = {}
    for i in range(3):
        seats["hf:%d" % i] = t.seat(ksu, "hf:%d" % i, "Helseforetaket %d" % (i + 1),
                                    "member", "hf", appointed_by=APPOINTED_BY_HF)
    for i in range(3):
        seats["kommune:%d" % i] = t.seat(ksu, "kommune:%d" % i, "Kommunene %d" % (i + 1),
                                         "member", "municipal",
                                         appointed_by="SSU")
    seats["bruker"] = t.seat(ksu, "bruker", "Brukerrepresentant", "member", None,
                             represents="users", required=True,
                             appointed_by="Brukerutvalget i Nordlandssykehuset HF")
    return seats


# Invented persons for the demo: no real people ----------------------

FIRST = ["Astrid", "Bjørn", "Cecilie", "Dag", "Eli", "Frode", "Gunn",
         "Håkon", "Ingrid", "Jon", "Kari", "Leif", "Marte", "Nils", "Oda",
         "Per", "Ragnhild", "Sverre", "Tone", "Ulf", "Vigdis", "Øystein",
         "Åse", "Arild", "Berit", "Carl", "Dina", "Espen", "Fride", "Geir",
         "Hilde", "Ivar", "Jorunn", "Knut", "Live", "Magnus", "Nora",
         "Olav", "Randi", "Stian", "Turid", "Vegard", "Ylva", "Åsmund"]
LAST = ["Aasvik", "Breivold", "Dahlnes", "Elvebakk", "Fjellstad", "Grønmo",
        "Hestvik", "Isaksætra", "Jakobsli", "Kvalnes", "Lundhaug",
        "Myrvoll", "Nygård-Eide", "Opsjøen", "Pettersnes", "Rognstrand",
        "Sandmo", "Torvik", "Ulvang", "Vassbotn", "Ødegårdsli", "Ågren",
        "Bratthaug", "Engmo", "Holmvik", "Kjærnes", "Strømsli", "Vikhammer"]


class Names:
    def __init__(self):
        self.n = 0
        self.used = set()

    def next(self):
        while True:
            first = FIRST[(self.n * 7) % len(FIRST)]
            last = LAST[(self.n * 11 + self.n // len(LAST)) % len(LAST)]
            self.n += 1
            name = first + " " + last
            if name not in self.used:
                self.used.add(name)
                return name


def add_demo_persons(t, nlsh, kommuner, dialog, pm, ssu, sek, ksu, bu,
                     ssu_seats, ksu_seats):
    names = Names()

    def person(key, title, partner):
        return t.person(key, names.next(), title, partner)

    term_from, term_to = "2025-09-25", "2029-09-24"
    # The first rotation period: the municipalities chair
    chair_to = "2027-09-24"

    # Dialogmøte: the HF board chair and the mayors; a user representative
    chair = person("dialog:styreleder", "Styreleder", nlsh)
    t.role(chair, dialog, "member", "partner", nlsh, "hf")
    for name, uuid_ in kommuner.items():
        mayor = person("dialog:ordforer:" + name, "Ordfører", uuid_)
        t.role(mayor, dialog, "member", "partner", uuid_, "municipal")

    # Partnerskapsmøte: the chief executives of all 21 partners
    ceo = {}
    ceo[nlsh] = person("pm:adm.dir", "Administrerende direktør", nlsh)
    t.role(ceo[nlsh], pm, "member", "partner", nlsh, "hf")
    for name, uuid_ in kommuner.items():
        ceo[uuid_] = person("pm:kommunedirektor:" + name, "Kommunedirektør",
                            uuid_)
        t.role(ceo[uuid_], pm, "member", "partner", uuid_, "municipal")

    # Brukerutvalget: three members
    users = []
    for i in range(3):
        users.append(person("bu:%d" % i, "Medlem av brukerutvalget", None))
        t.role(users[-1], bu, "leader" if i == 0 else "member", "users",
               None, None)
    t.role(users[0], dialog, "observer", "users", None, None)

    # SSU: 7 per side, municipal seats Salten 3, Lofoten 2, Vesterålen 2
    hf_titles = ["Klinikksjef", "Klinikksjef", "Klinikksjef",
                 "Fagdirektør", "Direktør for økonomi",
                 "Samhandlingsdirektør", "Klinikksjef"]
    hf_members = []
    for i, title in enumerate(hf_titles):
        hf_members.append(person("ssu:hf:%d" % i, title, nlsh))
    municipal_seats = ["Bodø", "Fauske", "Meløy", "Vågan", "Vestvågøy",
                       "Sortland", "Hadsel"]
    muni_members = []
    for name in municipal_seats:
        muni_members.append((person("ssu:kommune:" + name,
                                    "Kommunalsjef helse og omsorg",
                                    kommuner[name]), kommuner[name]))
    # The municipalities hold the chair now; the deputy is from the HF.
    # The leader and deputy leader hold member seats too.
    hf_seats = ["hf:%d" % i for i in range(7)]
    muni_seats = ["Salten:0", "Salten:1", "Salten:2", "Lofoten:0",
                  "Lofoten:1", "Vesterålen:0", "Vesterålen:1"]
    for i, p in enumerate(hf_members):
        kind = "deputy_leader" if i == 0 else "member"
        seat = ssu_seats[hf_seats[i]]
        if i == 6:
            # A term that ends early; the successor comes last below
            t.role(p, ssu, kind, "partner", nlsh, "hf", term_from,
                   "2027-03-31", seat=seat, appointed_by=APPOINTED_BY_HF)
            continue
        t.role(p, ssu, kind, "partner", nlsh, "hf", term_from,
               term_to if kind == "member" else chair_to, seat=seat,
               appointed_by=APPOINTED_BY_HF,
               decided_in=None if kind == "member" else "Partnerskapsmøtet, sak 08-2025")
        if kind == "deputy_leader":
            t.role(p, ssu, "member", "partner", nlsh, "hf", term_from,
                   term_to, seat=seat, appointed_by=APPOINTED_BY_HF)
    for i, (p, partner) in enumerate(muni_members):
        kind = "leader" if i == 0 else "member"
        seat_key = muni_seats[i]
        by = APPOINTED_BY_REGION[seat_key.split(":")[0]]
        t.role(p, ssu, kind, "partner", partner, "municipal", term_from,
               term_to if kind == "member" else chair_to,
               seat=ssu_seats[seat_key], appointed_by=by,
               decided_in=None if kind == "member" else "Partnerskapsmøtet, sak 08-2025")
        if kind == "leader":
            t.role(p, ssu, "member", "partner", partner, "municipal",
                   term_from, term_to, seat=ssu_seats[seat_key],
                   appointed_by=by)
    # Some deputies (vara)
    for i in range(2):
        d = person("ssu:vara:hf:%d" % i, "Avdelingssjef", nlsh)
        t.role(d, ssu, "deputy", "partner", nlsh, "hf", term_from, term_to,
               appointed_by=APPOINTED_BY_HF)
    for name in ["Saltdal", "Flakstad", "Andøy"]:
        d = person("ssu:vara:" + name, "Kommunalsjef", kommuner[name])
        t.role(d, ssu, "deputy", "partner", kommuner[name], "municipal",
               term_from, term_to)
    # Observers with right to speak, in their seats; KS / Statsforvalteren
    # has not named anyone yet
    e_hf = person("ssu:ansatt:hf", "Foretakstillitsvalgt", nlsh)
    t.role(e_hf, ssu, "observer", "employees", None, "hf", term_from, term_to,
           seat=ssu_seats["ansatt:hf"])
    e_k = person("ssu:ansatt:kommune", "Hovedtillitsvalgt", kommuner["Bodø"])
    t.role(e_k, ssu, "observer", "employees", None, "municipal", term_from,
           term_to, seat=ssu_seats["ansatt:kommune"])
    t.role(users[1], ssu, "observer", "users", None, "hf", term_from, term_to,
           seat=ssu_seats["bruker:hf"])
    u_k = person("ssu:bruker:kommune", "Leder av eldrerådet", None)
    t.role(u_k, ssu, "observer", "users", None, "municipal", term_from,
           term_to, seat=ssu_seats["bruker:kommune"])
    # Appointed on a leap day: a 4-year term to 28.02.2028
    gp = person("ssu:fastlege", "Fastlege", kommuner["Fauske"])
    t.role(gp, ssu, "observer", "gps", None, "municipal", "2024-02-29",
           "2028-02-28", seat=ssu_seats["fastlege"], appointed_by="SSU",
           decided_in="SSU, sak 05-2024")
    # The secretariat: a samhandlingssjef and a kommunal samhandlingsleder
    s_hf = person("sek:hf", "Samhandlingssjef", nlsh)
    s_k = person("sek:kommune", "Kommunal samhandlingsleder", kommuner["Bodø"])
    t.role(s_hf, sek, "member", "side", None, "hf")
    t.role(s_k, sek, "member", "side", None, "municipal")
    t.role(s_hf, ssu, "secretary", "side", None, "hf", term_from,
           seat=ssu_seats["samhandling:hf"])
    t.role(s_k, ssu, "secretary", "side", None, "municipal", term_from,
           seat=ssu_seats["samhandling:kommune"])

    # KSU: 3 per side and 1 user representative; the secretariat is no member
    ksu_from = "2021-03-15"
    for i, title in enumerate(["Klinikksjef", "Rådgiver", "Leder samhandling"]):
        p = person("ksu:hf:%d" % i, title, nlsh)
        t.role(p, ksu, "member", "partner", nlsh, "hf", ksu_from,
               seat=ksu_seats["hf:%d" % i])
    for i, (name, title) in enumerate([("Bodø", "Kommunalleder helse og omsorg"),
                                       ("Sortland", "Kommunaldirektør"),
                                       ("Vestvågøy", "Ordfører")]):
        p = person("ksu:kommune:" + name, title, kommuner[name])
        t.role(p, ksu, "member", "partner", kommuner[name], "municipal",
               ksu_from, seat=ksu_seats["kommune:%d" % i])
    t.role(users[2], ksu, "member", "users", None, None, ksu_from,
           seat=ksu_seats["bruker"])
    t.role(s_hf, ksu, "secretary", "side", None, "hf", ksu_from)

    # Added with the seats (format version 2), last, so that the names
    # above stay as they were
    successor = person("ssu:hf:6:etter", "Klinikksjef", nlsh)
    t.role(successor, ssu, "member", "partner", nlsh, "hf", "2027-04-01",
           "2031-03-31", seat=ssu_seats["hf:6"], appointed_by=APPOINTED_BY_HF)
    nord = person("ssu:nord", "Dekan", None)
    t.role(nord, ssu, "observer", "none", None, None, term_from, term_to,
           seat=ssu_seats["nord"])
    uit = person("ssu:uit", "Prodekan", None)
    t.role(uit, ssu, "observer", "none", None, None, term_from, term_to,
           seat=ssu_seats["uit"])


# Helsefellesskapet i Bergensområdet ----------------------------------

def bergen():
    t = Template("bergen", "Helsefellesskapet i Bergensområdet",
                 users_per_body=2, gps_per_body=1)
    pm = t.body("partnerskapsmote", "partnerskapsmote", "Partnerskapsmøte",
                None, None,
                "Helsefellesskapets øverste organ. Peker ut overordnet "
                "retning for samarbeidet og tjenesteutviklingen i "
                "helsefellesskapet. To brukerrepresentanter og "
                "fastlegerepresentasjon.",
                True, 1, True)
    ssu = t.body("ssu", "ssu", "Strategisk samarbeidsutvalg", "SSU", pm,
                 "Strategisk samarbeidsutvalg i helsefellesskapet. To "
                 "brukerrepresentanter og fastlegerepresentasjon.",
                 True, 4, False)
    ou = t.body("omradeutvalg", "omradeutvalg", "Områdeutvalg", "OU", ssu,
                "Samhandling i eget område. To brukerrepresentanter og "
                "fastlegerepresentasjon.",
                True, 0, False)
    t.body("fsu", "fsu", "Faglig samarbeidsutvalg", "FSU", ou,
           "Faglig samarbeid om tjenester og pasientforløp. To "
           "brukerrepresentanter og fastlegerepresentasjon.",
           True, 0, False)
    return t


def bergen_nynorsk():
    """The same community as bergen(), as it writes: in Nynorsk"""
    t = Template("bergen", "Helsefellesskapet i Bergensområdet",
                 users_per_body=2, gps_per_body=1)
    pm = t.body("partnerskapsmote", "partnerskapsmote", "Partnarskapsmøte",
                None, None,
                "Det øvste organet i helsefellesskapet. Peikar ut overordna "
                "retning for samarbeidet og tenesteutviklinga i "
                "helsefellesskapet. To brukarrepresentantar og "
                "fastlegerepresentasjon.",
                True, 1, True)
    ssu = t.body("ssu", "ssu", "Strategisk samarbeidsutval", "SSU", pm,
                 "Strategisk samarbeidsutval i helsefellesskapet. To "
                 "brukarrepresentantar og fastlegerepresentasjon.",
                 True, 4, False)
    ou = t.body("omradeutvalg", "omradeutvalg", "Områdeutval", "OU", ssu,
                "Samhandling i eige område. To brukarrepresentantar og "
                "fastlegerepresentasjon.",
                True, 0, False)
    t.body("fsu", "fsu", "Fagleg samarbeidsutval", "FSU", ou,
           "Fagleg samarbeid om tenester og pasientforløp. To "
           "brukarrepresentantar og fastlegerepresentasjon.",
           True, 0, False)
    return t


def empty():
    return Template("empty", "Helsefellesskap")


if __name__ == "__main__":
    lofoten_vesteralen_salten(False).write("lofoten-vesteralen-salten.json")
    lofoten_vesteralen_salten(True).write("lofoten-vesteralen-salten-demo.json")
    bergen().write("bergen.json")
    bergen_nynorsk().write("bergen-nynorsk.json")
    empty().write("empty.json")
