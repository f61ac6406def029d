"""Checks across files: references resolve, dates are plausible, nothing is listed twice.

Field-level checks happen while loading (``fields``/``model``); this module needs the whole content.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from wegweiser.content.contacts import contact_index as contact_index
from wegweiser.content.contacts import offer_index, resolve_offer
from wegweiser.content.contacts import resolve_contact as resolve_contact
from wegweiser.content.loading import collector_paused, load_cached
from wegweiser.content.records import Content
from wegweiser.content.team_backend import read_team_backend
from wegweiser.core.problems import Loc, Problems
from wegweiser.hours import osm_hours
from wegweiser.model import child_dates
from wegweiser.model.entries import Eintrag, Kontakt, Termin
from wegweiser.model.occurrences import check_event
from wegweiser.render import legal_pages

STALE_AFTER = timedelta(days=365)


def load_and_validate(root: Path, today: date,
                      load: Callable[[Path, Problems], Content] = load_cached) -> tuple[Content, Problems]:
    """Load and check a content folder; the caller stops when the problems include errors. (The preview
    passes a ``load`` that reuses the entries of unchanged files; the checks stay the build's.)"""
    from wegweiser.render.content_templates import check_templates

    problems = Problems()
    with collector_paused():
        content = load(root, problems)
        check_templates(root, problems)
        read_team_backend(root, problems)  # redaktion.yml: the hosted form's sign-in
        validate(content, problems, today)
    return content, problems


PLACEHOLDER = "Bitte ergänzen"


def validate(content: Content, problems: Problems, today: date) -> None:
    contacts = contact_index(content)
    _check_quarters(content, contacts, problems)
    _check_site_images(content, problems)
    for page in content.seiten:
        for number, line in enumerate(page.text.split("\n")):
            if PLACEHOLDER in line:
                problems.warning(Loc(page.source, page.body_line + number, line.index(PLACEHOLDER) + 1),
                                 f"Platzhalter „{PLACEHOLDER}“ ist noch nicht ausgefüllt.",
                                 "Rechtstexte müssen vor der Veröffentlichung vollständig sein.")
    for entry in content.eintraege:
        _check_references(entry, content, contacts, problems)
        _check_dates(entry, problems, today)
        if isinstance(entry, Termin):
            check_event(entry, problems, today)
    _check_likely_duplicates(content, problems)
    osm_hours.check(content, problems, today)
    legal_pages.check(content, problems)
    check_child_rules(problems, today)


def check_child_rules(problems: Problems, today: date, path: Path = child_dates.RULES_FILE,
                      shown: str = child_dates.SHOWN) -> None:
    """"Mein Kind": the rules file is readable, and was checked against its sources within the last year."""
    try:
        rules = child_dates.load_rules(path, shown)
    except child_dates.RulesError as error:
        for loc, message in error.problems:
            problems.error(loc, message, "Die Regeln für „Mein Kind“ stehen in dieser Datei (siehe ihren Kopf).")
        return
    stale = child_dates.stale_check(rules, today)
    if stale:
        problems.warning(*stale)


# What the first bytes of each accepted image format look like.
_IMAGE_SIGNATURES = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
                     "svg": (b"<svg", b"<?xml")}


def site_image(content: Content, field: str) -> Path | None:
    """The file named by site.yaml's ``logo`` or ``titelbild``, if set (relative to content/)."""
    value = getattr(content.site, field, "") if content.site else ""
    return (content.root / "content" / value) if value else None


def _check_site_images(content: Content, problems: Problems) -> None:
    if content.site is None:
        return
    for field in ("logo", "titelbild"):
        path = site_image(content, field)
        if path is None:
            continue
        loc = content.site.locs.get(field, Loc(content.site.source))
        value = getattr(content.site, field)
        base = (content.root / "content").resolve()
        if not path.resolve().is_relative_to(base):
            problems.error(loc, f"Das Bild „{value}“ liegt nicht im Ordner content/.",
                           "Legen Sie es z. B. nach content/bilder/ und geben Sie „bilder/…“ an.")
            continue
        if not path.is_file():
            problems.error(loc, f"Die Bilddatei „content/{value}“ gibt es nicht.",
                           "Prüfen Sie Pfad und Schreibweise (Groß- und Kleinschreibung zählt).")
            continue
        try:
            head = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
        except OSError as exc:
            problems.error(loc, f"Die Bilddatei „content/{value}“ lässt sich nicht lesen: {exc.strerror}.")
            continue
        suffix = path.suffix.lower().lstrip(".")
        if not head.startswith(_IMAGE_SIGNATURES[suffix]) and not (suffix == "svg" and b"<svg" in head):
            problems.error(loc, f"Die Datei „content/{value}“ ist kein {suffix.upper()}-Bild.",
                           "Speichern Sie das Bild als png, jpg oder svg und passen Sie die Endung an.")


def _defective_contact(content: Content, slug: str, quarter: str | None) -> bool:
    """The contact's file exists but could not be read (its problems are reported already)."""
    return ("kontakte", quarter, slug) in content.defekt or ("kontakte", None, slug) in content.defekt


def _suggest(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=1)
    return f"Meinten Sie „{close[0]}“?" if close else ""


def _check_quarters(content: Content, contacts: dict[tuple[str | None, str], Eintrag], problems: Problems) -> None:
    counts = {slug: 0 for slug in content.quartiere}
    for entry in content.eintraege:
        if entry.quartier in counts:
            counts[entry.quartier] += 1
    for slug, quarter in content.quartiere.items():
        if quarter.koordination and not resolve_contact(quarter.koordination, slug, contacts) \
                and not _defective_contact(content, quarter.koordination, slug):
            known = [s for (q, s) in contacts if q in (slug, None)]
            problems.error(quarter.locs.get("koordination", Loc(quarter.source)),
                           f"Den Kontakt „{quarter.koordination}“ gibt es nicht.",
                           _suggest(quarter.koordination, known) or
                           f"Legen Sie quartiere/{slug}/kontakte/{quarter.koordination}.yaml an.")
        if counts[slug] == 0:
            problems.warning(Loc(quarter.source), f"Das Quartier „{quarter.name}“ hat noch keine eigenen Einträge.")
        if slug == "termine":  # themen/<thema>/termine/ lists a topic's Termine, not this quarter's entries
            problems.error(Loc(quarter.source), "Ein Quartier darf nicht „termine“ heißen: diese Adresse gehört den "
                           "Terminlisten der Themen.", "Benennen Sie den Ordner quartiere/termine/ um.")


def _check_references(entry: Eintrag, content: Content, contacts: dict[tuple[str | None, str], Eintrag],
                      problems: Problems) -> None:
    loc = entry.locs.get
    for category in entry.kategorien:
        if category not in content.kategorien and ("kategorie", None, category) not in content.defekt:
            problems.error(loc(f"kategorien/{category}", loc("kategorien", Loc(entry.source))),
                           f"Die Kategorie „{category}“ gibt es nicht.",
                           _suggest(category, list(content.kategorien)) or
                           "Die Kategorien stehen in content/kategorien.yaml.")
    if entry.kontakt and not resolve_contact(entry.kontakt, entry.quartier, contacts) \
            and not _defective_contact(content, entry.kontakt, entry.quartier):
        where = f"quartiere/{entry.quartier}/kontakte/ oder " if entry.quartier else ""
        known = [s for (q, s) in contacts if q in (entry.quartier, None)]
        problems.error(loc("kontakt", Loc(entry.source)), f"Den Kontakt „{entry.kontakt}“ gibt es nicht.",
                       _suggest(entry.kontakt, known) or f"Kontakte liegen in {where}content/kontakte/.")
    if isinstance(entry, Termin) and entry.angebot and not resolve_offer(entry, offer_index(content)) \
            and ("angebote", entry.quartier, entry.angebot) not in content.defekt \
            and ("angebote", None, entry.angebot) not in content.defekt:
        where = f"quartiere/{entry.quartier}/angebote/ oder " if entry.quartier else ""
        problems.error(loc("angebot", Loc(entry.source)), f"Das Angebot „{entry.angebot}“ gibt es nicht.",
                       _suggest(entry.angebot, [s for (q, s) in offer_index(content) if q in (entry.quartier, None)])
                       or f"Angebote liegen in {where}content/angebote/.")
    if entry.kontakt == entry.slug and isinstance(entry, Kontakt):
        problems.warning(loc("kontakt", Loc(entry.source)), "Der Kontakt verweist auf sich selbst.")
    if entry.quartier is None:
        if entry.quartiere is None and "quartiere" not in entry.locs:
            problems.error(Loc(entry.source, 1, 1), "Bei Einträgen in content/ fehlt „quartiere“.",
                           "Schreiben Sie „quartiere: alle“ oder eine Liste, z. B. „quartiere: [heissen]“.")
        elif isinstance(entry.quartiere, list):
            for slug in entry.quartiere:
                if slug not in content.quartiere and ("quartier", None, slug) not in content.defekt:
                    problems.error(loc(f"quartiere/{slug}", loc("quartiere", Loc(entry.source))),
                                   f"Das Quartier „{slug}“ gibt es nicht.",
                                   _suggest(slug, list(content.quartiere)) or
                                   f"Vorhanden: {', '.join(sorted(content.quartiere))}.")


def _check_dates(entry: Eintrag, problems: Problems, today: date) -> None:
    loc = entry.locs.get
    if entry.stand:
        if entry.stand > today:
            problems.warning(loc("stand", Loc(entry.source)),
                             f"„stand“ ({entry.stand:%d.%m.%Y}) liegt in der Zukunft.",
                             "„stand“ ist das Datum, an dem die Angaben zuletzt geprüft wurden.")
        elif today - entry.stand > STALE_AFTER:
            problems.warning(loc("stand", Loc(entry.source)),
                             f"Die Angaben wurden zuletzt am {entry.stand:%d.%m.%Y} geprüft, vor mehr als 12 Monaten.",
                             "Bitte prüfen und „stand“ auf das heutige Datum setzen.")
    if entry.gueltig_bis and entry.gueltig_bis < today:
        problems.warning(loc("gueltig_bis", Loc(entry.source)),
                         f"„gueltig_bis“ ({entry.gueltig_bis:%d.%m.%Y}) ist vorbei: der Eintrag wird nicht "
                         "mehr veröffentlicht.", "Löschen Sie die Datei oder verlängern Sie das Datum.")


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("str.", "straße").split())


def _check_likely_duplicates(content: Content, problems: Problems) -> None:
    seen: dict[tuple[str, str, str], Eintrag] = {}
    for entry in content.eintraege:
        if not entry.adresse or not entry.name:
            continue
        key = (_normalise(entry.name), _normalise(entry.adresse.strasse or ""), entry.adresse.plz or "")
        first = seen.setdefault(key, entry)
        if first is not entry:
            problems.warning(Loc(entry.source, 1, 1),
                             f"Wahrscheinlich doppelt: gleicher Name und gleiche Adresse wie {first.source}.",
                             "Ein Eintrag, der in mehreren Quartieren erscheinen soll, gehört einmal nach "
                             "content/<typ>/ mit „quartiere: […]“.")
