"""The guide as Open Referral HSDS 3.0 records: first the tables (one list of rows per HSDS table, linked by ids, as
the Tabular Data Package has them), then the nested objects of the API (a service with its organization, places,
phones, contacts, schedules …) put together from those same rows, so that both say the same.

What becomes what (the main language's text; translations are not exported):

- every entry the site publishes except Termine → a ``service`` (Termine are dated events: their open format is the
  site's iCalendar files; HSDS has no events);
- ``traeger`` → an ``organization`` per distinct name; entries without one → the publisher (``site.impressum``);
- ``adresse``/``geo``/``zugang``/``barrierefrei`` → a ``location`` (with ``address`` and ``accessibility``) and the
  ``service_at_location`` joining it to the service;
- ``oeffnungszeiten`` → ``schedule`` rows (``schedules``), ``zeiten`` → a row with text only;
- ``telefon`` → ``phone``, ``sprachen`` → ``language``, ``kosten`` → ``cost_option`` and ``fees_description``,
  ``kontakt`` → a ``contact`` (the Kontakt's name, role, office, e-mail and phone, as its page shows them);
- ``kategorien`` → ``attribute`` rows linking the service to the ``taxonomy_term`` of each topic (the taxonomy
  „Themen“ from ``content/kategorien.yaml``);
- every other field the site publishes (``kurz``, ``web``, ``stichworte``, a Kita's ``plaetze`` …, the import's
  ``quelle``) → an ``attribute`` of the taxonomy „Familienwegweiser-Felder“: the term's ``code`` is the field's
  name, the attribute's ``value`` its value (``ja``/``nein``, numbers, lists as JSON), so nothing is lost; so is an
  address HSDS's ``address`` cannot hold (``adresse.strasse``, ``adresse.plz``, ``adresse.ort``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from wegweiser.content.contacts import contact_index, resolve_contact
from wegweiser.content.records import Content
from wegweiser.hours.holiday_calendar import BUNDESLAENDER
from wegweiser.model.entries import ROLLSTUHL, Adresse, Eintrag, Site, Termin, Zugang, content_fields
from wegweiser.model.fields import language_names, spec_of
from wegweiser.opendata import schedules
from wegweiser.opendata.ids import Ids
from wegweiser.render import urls
from wegweiser.render.page_builder import Published

Record = dict[str, object]

# Fields with a place of their own in HSDS (above); ``anrede`` is not published on the site.
MAPPED = frozenset({"name", "beschreibung", "kategorien", "alter", "adresse", "geo", "oeffnungszeiten", "zeiten",
                    "kosten", "anmeldung", "sprachen", "barrierefrei", "zugang", "telefon", "email", "traeger",
                    "stand", "quelle", "anrede"})
THEMEN = "themen"
FELDER = "felder"
# The taxonomies' names, which a reader (``imports.hsds_felder``) recognises them by.
THEMEN_NAME = "Themen"
FELDER_NAME = "Familienwegweiser-Felder"
# Terms of the taxonomy „Familienwegweiser-Felder“ that are no model field: where the entry lives.
PLACE_TERMS = {"eintragsart": "Art des Eintrags (Ordner): angebote, kontakte, kitas, schulen oder spielplaetze.",
               "quartier": "Quartier, in dessen Ordner der Eintrag steht (fehlt bei Einträgen der ganzen Region).",
               "kuerzel": "Kürzel des Eintrags (Dateiname ohne Endung, Teil seiner Adresse)."}
ZUGANG_WORDS = {"rollstuhl": "Rollstuhl", "kinderwagen": "Kinderwagen", "wickeltisch": "Wickeltisch",
                "wc_stufenlos": "Toilette ohne Stufen"}
PUBLISHER_DESCRIPTION = "Herausgeber des {titel} ({region})."
TRAEGER_DESCRIPTION = "Träger von Angeboten im {titel}."
# Tables in the order of the HSDS Tabular Data Package (``data/hsds_tabellen.json``).
TABLES = ("organization", "program", "service", "attribute", "service_at_location", "location", "phone", "contact",
          "address", "schedule", "funding", "service_area", "required_document", "language", "accessibility",
          "taxonomy_term", "metadata", "meta_table_description", "cost_option", "organization_identifier", "taxonomy")


@dataclass
class Export:
    """One guide's HSDS records: ``tables`` by HSDS table name, and what the metadata names."""

    site: Site
    tables: dict[str, list[Record]] = field(default_factory=lambda: {name: [] for name in TABLES})
    sources: list[dict[str, str]] = field(default_factory=list)  # imported entries' sources and their licences

    def rows(self, table: str, **link: str) -> list[Record]:
        return [row for row in self.tables[table] if all(row.get(k) == v for k, v in link.items())]

    @property
    def services(self) -> list[Record]:
        return self.tables["service"]


def exported_entries(content: Content, today: date) -> list[Eintrag]:
    """The entries the export holds: those the site publishes today, Termine excepted (see above)."""
    return [e for e in Published.select(content, today).entries if not isinstance(e, Termin)]


def export(content: Content, today: date) -> Export | None:
    """The HSDS records of ``content`` as published on ``today``; None without ``site.yaml`` (no address, no ids)."""
    if content.site is None:
        return None
    return _Exporter(content, content.site, today).run()


def entry_address(site: Site, entry: Eintrag) -> str:
    return site.basis_url.rstrip("/") + "/" + urls.entry_url(entry)


class _Exporter:
    def __init__(self, content: Content, site: Site, today: date) -> None:
        self.content, self.site, self.today = content, site, today
        self.id = Ids(site.basis_url)
        self.out = Export(site)
        self.organizations: dict[str, Record] = {}
        self.terms: dict[str, str] = {}  # "felder/<code>" or "themen/<slug>" → term id
        self.entries = exported_entries(content, today)
        published = {e.key for e in self.entries}
        self.contacts = {k: e for k, e in contact_index(content).items() if e.key in published}

    def add(self, table: str, row: Record) -> Record:
        self.out.tables[table].append(row)
        return row

    def run(self) -> Export:
        self.publisher()
        self.taxonomies()
        for entry in self.entries:
            self.service(entry)
        return self.out

    # --- organizations and taxonomies ------------------------------------------------------------------------

    def publisher(self) -> None:
        site = self.site
        imprint = site.impressum
        row = self.organization(imprint.herausgeber, PUBLISHER_DESCRIPTION.format(titel=site.titel,
                                                                                  region=site.region))
        row.update(email=imprint.email, website=site.basis_url)
        if imprint.telefon:
            self.add("phone", {"id": self.id("phone", f"organization:{imprint.herausgeber}"),
                               "organization_id": row["id"], "number": imprint.telefon})

    def organization(self, name: str, description: str) -> Record:
        if name not in self.organizations:
            self.organizations[name] = self.add("organization", {"id": self.id("organization", name), "name": name,
                                                                 "description": description})
        return self.organizations[name]

    def taxonomies(self) -> None:
        language = self.site.sprache
        themen = self.add("taxonomy", {"id": self.id("taxonomy", THEMEN), "name": THEMEN_NAME,
                                       "description": f"Die Themen, nach denen der {self.site.titel} ordnet.",
                                       "uri": self.site.basis_url})
        for slug, kategorie in self.content.kategorien.items():
            term = self.add("taxonomy_term", {
                "id": self.id("taxonomy_term", f"{THEMEN}/{slug}"), "code": slug, "name": kategorie.name,
                "description": (kategorie.beschreibung or kategorie.name).strip(), "taxonomy": THEMEN_NAME,
                "language": language, "taxonomy_id": themen["id"],
                "term_uri": self.site.basis_url.rstrip("/") + "/" + urls.category_url(slug)})
            self.terms[f"{THEMEN}/{slug}"] = str(term["id"])
        self.add("taxonomy", {"id": self.id("taxonomy", FELDER), "name": FELDER_NAME,
                              "description": "Angaben eines Eintrags, für die HSDS kein eigenes Feld hat: der Code "
                              "des Begriffs ist der Feldname, der Wert (value) des Attributs die Angabe."})

    def field_term(self, code: str, description: str) -> str:
        key = f"{FELDER}/{code}"
        if key not in self.terms:
            self.terms[key] = str(self.add("taxonomy_term", {
                "id": self.id("taxonomy_term", key), "code": code, "name": code, "description": description,
                "taxonomy": FELDER_NAME, "language": self.site.sprache,
                "taxonomy_id": self.id("taxonomy", FELDER)})["id"])
        return self.terms[key]

    # --- services --------------------------------------------------------------------------------------------

    def service(self, entry: Eintrag) -> None:
        key = entry.key
        organization = self.organization(entry.traeger, TRAEGER_DESCRIPTION.format(titel=self.site.titel)) \
            if entry.traeger else self.organizations[self.site.impressum.herausgeber]
        row: Record = {"id": self.id("service", key), "organization_id": organization["id"], "name": entry.name}
        text = "\n\n".join(part.strip() for part in (entry.kurz, entry.beschreibung) if part and part.strip())
        row.update(_present(description=text, url=entry_address(self.site, entry), email=entry.email,
                            status="active", application_process=entry.anmeldung, fees_description=entry.kosten,
                            eligibility_description="Auch für werdende Eltern." if entry.schwangerschaft else None))
        if entry.alter is not None:
            row.update(_present(minimum_age=_number(entry.alter.von), maximum_age=_number(entry.alter.bis)))
        row["assured_date"] = entry.stand.isoformat()
        service_id = str(self.add("service", row)["id"])
        if entry.telefon:
            self.add("phone", {"id": self.id("phone", key), "service_id": service_id, "number": entry.telefon})
        names = language_names()
        for code in entry.sprachen:
            self.add("language", {"id": self.id("language", f"{key}/{code}"), "service_id": service_id,
                                  "name": names.get(code, code), "code": code})
        if entry.kosten:
            cost: Record = {"id": self.id("cost_option", key), "service_id": service_id, "option": entry.kosten}
            if entry.kostenlos:
                cost.update(currency="EUR", amount=0)
            self.add("cost_option", cost)
        self.contact(entry, service_id)
        link = self.location(entry, service_id, str(organization["id"]))
        self.schedules(entry, link or {"service_id": service_id})
        self.attributes(entry, service_id)

    def contact(self, entry: Eintrag, service_id: str) -> None:
        person = resolve_contact(entry.kontakt, entry.quartier, self.contacts) if entry.kontakt else None
        if person is None:
            return
        contact_id = self.id("contact", f"{entry.key}/{person.key}")
        self.add("contact", {"id": contact_id, "service_id": service_id, "name": person.name,
                             **_present(title=getattr(person, "funktion", None),
                                        department=getattr(person, "organisation", None), email=person.email)})
        if person.telefon:
            self.add("phone", {"id": self.id("phone", f"{entry.key}/{person.key}"), "contact_id": contact_id,
                               "number": person.telefon})

    def location(self, entry: Eintrag, service_id: str, organization_id: str) -> dict[str, str] | None:
        """The place of ``entry`` and its link to the service (``{"service_at_location_id": …}``), or None."""
        if not (entry.adresse or entry.geo or entry.zugang or entry.barrierefrei is not None):
            return None
        key = entry.key
        location: Record = {"id": self.id("location", key), "location_type": "physical",
                            "organization_id": organization_id, "name": entry.name}
        if entry.geo:
            location.update(latitude=_number(entry.geo.lat), longitude=_number(entry.geo.lon))
        address = entry.adresse
        land = BUNDESLAENDER.get(self.site.bundesland or "")
        if address and self.full_address(entry) and land:
            self.add("address", {"id": self.id("address", key), "location_id": location["id"],
                                 "address_1": address.strasse, "city": address.ort, "state_province": land,
                                 "postal_code": address.plz, "country": "DE", "address_type": "physical"})
        elif address:  # HSDS needs street, postcode, city and state: what there is stays as text
            location["description"] = ", ".join(p for p in (address.strasse, address.plz, address.ort) if p)
        self.add("location", location)
        if entry.zugang is not None and entry.zugang.known:
            self.add("accessibility", {"id": self.id("accessibility", key), "location_id": location["id"],
                                       **_zugang(entry.zugang)})
        if entry.barrierefrei is not None:
            value = entry.barrierefrei
            described = ("barrierefrei" if value else "nicht barrierefrei") if isinstance(value, bool) else value
            self.add("accessibility", {"id": self.id("accessibility", f"{key}/barrierefrei"),
                                       "location_id": location["id"], "description": described,
                                       "details": "barrierefrei: " + (_text(value) if isinstance(value, bool)
                                                                      else "Beschreibung")})
        link = self.add("service_at_location", {"id": self.id("service_at_location", key), "service_id": service_id,
                                                "location_id": location["id"]})
        return {"service_at_location_id": str(link["id"])}

    def full_address(self, entry: Eintrag) -> bool:
        """Whether HSDS's ``address`` can hold the entry's address (it needs street, postcode, city and state)."""
        address = entry.adresse
        return bool(address and address.strasse and address.plz and address.ort and
                    BUNDESLAENDER.get(self.site.bundesland or ""))

    def schedules(self, entry: Eintrag, link: dict[str, str]) -> None:
        rows: list[Record] = []
        if entry.oeffnungszeiten:
            notes = schedules.NOTES_PREFIX + entry.oeffnungszeiten
            rows += [{**row.fields(), "notes": notes} for row in schedules.rows(entry.oeffnungszeiten)]
        if entry.zeiten:
            rows.append({"description": entry.zeiten})
        for number, row in enumerate(rows, start=1):
            self.add("schedule", {"id": self.id("schedule", f"{entry.key}/{number}"), **link, **row})

    def attributes(self, entry: Eintrag, service_id: str) -> None:
        def attribute(name: str, term: str, value: str | None) -> None:
            self.add("attribute", {"id": self.id("attribute", f"{entry.key}/{name}"), "link_id": service_id,
                                   "taxonomy_term_id": term, "link_entity": "service",
                                   **({"value": value} if value is not None else {})})

        for slug in entry.kategorien:
            if f"{THEMEN}/{slug}" in self.terms:  # check refuses others
                attribute(f"{THEMEN}/{slug}", self.terms[f"{THEMEN}/{slug}"], None)
        place = {"eintragsart": entry.typ, "quartier": entry.quartier, "kuerzel": entry.slug}
        for code, where in place.items():
            if where:
                attribute(f"{FELDER}/{code}", self.field_term(code, PLACE_TERMS[code]), where)
        for code, doc, value in _published_fields(entry):
            attribute(f"{FELDER}/{code}", self.field_term(code, doc), _text(value))
        if entry.adresse is not None and not self.full_address(entry):  # as text on the location, and exactly here
            for name, spec in content_fields(Adresse):
                if (part := getattr(entry.adresse, name)) is not None:
                    attribute(f"{FELDER}/adresse.{name}", self.field_term(f"adresse.{name}", spec.doc), part)
        if entry.quelle is not None:
            quelle = entry.quelle
            for name, spec in content_fields(type(quelle)):
                if (given := getattr(quelle, name)) is not None:
                    code = f"quelle.{name}"
                    attribute(f"{FELDER}/{code}", self.field_term(code, spec.doc), _text(given))
            source = {"title": quelle.name, "lizenz": quelle.lizenz}
            if quelle.lizenz_url:
                source["path"] = quelle.lizenz_url
            if source not in self.out.sources:
                self.out.sources.append(source)


def _published_fields(entry: Eintrag) -> Iterable[tuple[str, str, object]]:
    """(name, German doc, value) of each field without an HSDS place that holds more than its default."""
    for item in dataclasses.fields(entry):
        spec = spec_of(item.metadata)
        if spec is None or item.name in MAPPED:
            continue
        value = getattr(entry, item.name)
        default = item.default_factory() if item.default_factory is not dataclasses.MISSING else item.default
        if value is not None and value != default and value != []:
            yield item.name, spec.doc, value


def _zugang(zugang: Zugang) -> Record:
    facts = {name: getattr(zugang, name) for name in ZUGANG_WORDS if getattr(zugang, name) is not None}
    words = []
    for name, value in facts.items():
        said = _text(value)
        if name == "rollstuhl":
            said += f" ({ROLLSTUHL[str(value)]})"
        words.append(f"{ZUGANG_WORDS[name]}: {said}.")
    return {"description": " ".join(words), "details": "; ".join(f"{name}={_text(v)}" for name, v in facts.items())}


def _text(value: object) -> str:
    """A field's value as an attribute's text: ja/nein, numbers without ".0", dates ISO, lists as JSON."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps([_text(item) if not isinstance(item, str | int) else item for item in value],
                          ensure_ascii=False)
    return str(value)


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and value.is_integer() else value


def _present(**values: object) -> Record:
    """The given fields that have a value (HSDS leaves out what is unknown; it has no null)."""
    return {name: value for name, value in values.items() if value is not None and value != ""}
