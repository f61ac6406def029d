"""``wegweiser pruefliste``: the entries due for review, grouped by whom to ask, with a ready letter each.

An entry is due when its ``stand`` lies more than ``months`` calendar months before the Stichtag, or
when its ``gueltig_bis`` falls within the next eight weeks. Entries are grouped by ``traeger`` (the
model's provider field), else by the contact their ``kontakt`` names; a Kontakt entry without either
is its own contact; everything else is "ohne Ansprechperson". Each provider's group comes with a
polite German letter that lists the current data of its entries, and a ``mailto:`` link with it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import jinja2

from wegweiser.content.contacts import contact_index, resolve_contact
from wegweiser.content.records import Content
from wegweiser.hours import holiday_calendar, osm_hours
from wegweiser.i18n import formats
from wegweiser.i18n.catalogue import texte
from wegweiser.model.entries import Adresse, Alter, Eintrag, Kontakt, content_fields
from wegweiser.render import urls
from wegweiser.render.ages import age_text
from wegweiser.render.links import address_line, tel_url
from wegweiser.render.page_builder import TEMPLATES

EXPIRY_WINDOW = timedelta(weeks=8)
WITHOUT_CONTACT = "ohne Ansprechperson"

# Fields the letter does not list: long text, map data, internal references and the dates shown apart.
_NOT_LISTED = {"name", "beschreibung", "geo", "stichworte", "quartiere", "stand", "gueltig_bis", "kontakt"}
# The letter to providers is German (the editors' language), like the CLI.
_FIELD_NAMES = {
    "adresse": "Adresse", "alter": "Alter", "anmeldung": "Anmeldung", "ausstattung": "Ausstattung",
    "barrierefrei": "Barrierefreiheit", "beschreibung": "Beschreibung",
    "betreuungszeiten": "Betreuungszeiten pro Woche",
    "eingezaeunt": "Eingezäunt", "email": "E-Mail", "familienzentrum": "Familienzentrum", "funktion": "Aufgabe",
    "kontakt": "Kontakt", "kosten": "Kosten", "oeffnungszeiten": "Öffnungszeiten", "ogs": "Offener Ganztag (OGS)",
    "organisation": "Organisation", "plaetze": "Plätze", "quartiere": "Quartiere", "schulform": "Schulform",
    "schulnummer": "Schulnummer", "schwangerschaft": "Auch für Schwangere und werdende Eltern", "sprachen": "Sprachen",
    "sprechzeiten": "Sprechzeiten", "stand": "Stand", "telefon": "Telefon", "traeger": "Träger",
    "u3": "Plätze für Kinder unter 3 Jahren", "web": "Webseite", "zeiten": "Zeiten",
}
_LABELS = {"kurz": "Kurzbeschreibung", "kategorien": "Themen", "schwangerschaft": "Auch für Schwangere",
           "u3": "Unter drei Jahren", "gueltig_bis": "Gültig bis"}


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day where it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # every month has a 28th


def reasons(entry: Eintrag, today: date, months: int = 12) -> list[str]:
    """Why the entry is due for review (empty: not due)."""
    found = []
    if entry.stand < months_before(today, months):
        found.append(f"zuletzt geprüft am {_date(entry.stand)}, vor mehr als {months} Monaten")
    if entry.gueltig_bis and today <= entry.gueltig_bis <= today + EXPIRY_WINDOW:
        found.append(f"läuft am {_date(entry.gueltig_bis)} ab")
    return found


def due_entries(content: Content, today: date, months: int = 12) -> list[Eintrag]:
    return [e for e in content.eintraege if reasons(e, today, months)]


@dataclass
class DueEntry:
    entry: Eintrag
    reasons: list[str]
    lines: list[tuple[str, str]]  # the entry's current data: (label, value)
    url: str  # its page on the website


@dataclass
class Group:
    name: str
    telefon: str = ""
    email: str = ""
    entries: list[DueEntry] = field(default_factory=list)
    subject: str = ""
    letter: str = ""

    @property
    def is_provider(self) -> bool:
        return self.name != WITHOUT_CONTACT

    @property
    def mailto(self) -> str:
        """The letter as an e-mail draft (RFC 6068: every reserved character percent-encoded, CRLF line ends)."""
        if not self.email or not self.letter:
            return ""
        body = self.letter.replace("\n", "\r\n")
        subject = quote(self.subject, safe="")
        return f"mailto:{quote(self.email, safe='@')}?subject={subject}&body={quote(body, safe='')}"


@dataclass
class ReviewList:
    today: date
    months: int
    title: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(g.entries) for g in self.groups)


def _date(value: date | None) -> str:
    """05.03.2026: the letter is German."""
    return texte().datum(value, "medium")


def _value(name: str, value: object, content: Content) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Alter):
        return age_text(value)
    if isinstance(value, Adresse):
        return address_line(value)
    if isinstance(value, date):
        return _date(value)
    if name == "kategorien" and isinstance(value, list):
        return ", ".join(content.kategorien[c].name if c in content.kategorien else c for c in value)
    if name == "sprachen" and isinstance(value, list):
        return ", ".join(formats.sprachnamen(value, texte().locale))
    if name == "oeffnungszeiten" and isinstance(value, str):
        # Intended difference from ``render.opening.when_open``: the letter lists each field on a line of its own
        # (``zeiten`` and ``sprechzeiten`` too), so this is the one field's week line, without holiday notes.
        try:
            hours = osm_hours.wochentabelle(osm_hours.parse(value), holiday_calendar.kalender(None))
        except Exception:  # an invalid expression is reported by `check`; show what is written
            return value
        return hours.text or value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def entry_lines(entry: Eintrag, content: Content, contact: Eintrag | None) -> list[tuple[str, str]]:
    """The entry's current data as the provider should see it, in the model's field order."""
    lines: list[tuple[str, str]] = []
    for name, _spec in content_fields(type(entry)):
        value = getattr(entry, name)
        if name in _NOT_LISTED or value is None or value == [] or value is False:
            continue
        text = _value(name, value, content)
        if text:
            lines.append((_LABELS.get(name) or _FIELD_NAMES.get(name) or name.capitalize(), text))
    if contact is not None and contact is not entry:
        lines.append(("Kontakt", contact.name))
    if entry.gueltig_bis:
        lines.append((_LABELS["gueltig_bis"], _date(entry.gueltig_bis)))
    lines.append(("Zuletzt geprüft", _date(entry.stand)))
    return lines


def _where(entry: Eintrag, content: Content) -> str:
    kind = entry.kind.one
    if entry.quartier:
        quarter = content.quartiere.get(entry.quartier)
        return f"{kind} im Quartier {quarter.name if quarter else entry.quartier}"
    return f"{kind} für {'alle Quartiere' if entry.quartiere == 'alle' else 'mehrere Quartiere'}"


def _letter(group: Group, content: Content) -> tuple[str, str]:
    title = content.site.titel if content.site else "Familienwegweiser"
    subject = f"{title}: Sind Ihre Angaben noch aktuell?"
    several = len(group.entries) > 1
    parts = [
        "Sehr geehrte Damen und Herren,",
        "",
        f"im {title} finden Familien, was es für sie in ihrer Nähe gibt – auch "
        f"{'Ihre Angebote' if several else 'Ihr Angebot'}. Damit die Angaben stimmen, bitten wir Sie, "
        f"{'die folgenden Einträge' if several else 'den folgenden Eintrag'} kurz zu prüfen:",
    ]
    for number, due in enumerate(group.entries, 1):
        parts += ["", f"{number}. {due.entry.name} ({_where(due.entry, content)})"]
        parts += [f"   {label}: {value}" for label, value in due.lines]
        if due.url:
            parts.append(f"   Im Internet: {due.url}")
    parts += [
        "",
        "Bitte antworten Sie uns auf diese Nachricht: Stimmen die Angaben noch, genügt ein kurzes „Ja, alles "
        "aktuell“. Hat sich etwas geändert, schreiben Sie uns bitte die Korrekturen. Und wenn es ein Angebot "
        "nicht mehr gibt, sagen Sie es uns bitte ebenfalls.",
        "",
        "Vielen Dank für Ihre Unterstützung!",
        "",
        "Mit freundlichen Grüßen",
    ]
    impressum = content.site.impressum if content.site else None
    if impressum:
        parts.append(impressum.herausgeber)
        parts += [x for x in (impressum.telefon and f"Telefon {impressum.telefon}", impressum.email) if x]
    return subject, "\n".join(parts) + "\n"


def _base_url(content: Content) -> str:
    return content.site.basis_url.rstrip("/") + "/" if content.site else ""


def review_list(content: Content, today: date, months: int = 12) -> ReviewList:
    """The due entries, grouped by provider or contact, each provider's group with its letter."""
    contacts = contact_index(content)
    groups: dict[str, Group] = {}
    base = _base_url(content)
    for entry in sorted(content.eintraege, key=lambda e: (e.name.casefold(), e.key)):
        why = reasons(entry, today, months)
        if not why:
            continue
        contact = resolve_contact(entry.kontakt, entry.quartier, contacts) if entry.kontakt else None
        if entry.traeger:
            key, name = "t:" + " ".join(entry.traeger.casefold().split()), entry.traeger
        elif contact is not None:
            key, name = "k:" + contact.key, contact.name
        elif isinstance(entry, Kontakt):
            contact = entry
            key, name = "k:" + entry.key, entry.name
        else:
            key, name = "-", WITHOUT_CONTACT
        group = groups.setdefault(key, Group(name))
        if key != "-":
            # The contact's numbers first, else the first entry that has its own.
            for source in (contact, entry):
                if source is not None:
                    group.telefon = group.telefon or (source.telefon or "")
                    group.email = group.email or (source.email or "")
        published_url = base + urls.entry_url(entry) if base else ""
        group.entries.append(DueEntry(entry, why, entry_lines(entry, content, contact), published_url))
    ordered = sorted(groups.values(), key=lambda g: (not g.is_provider, g.name.casefold()))
    for group in ordered:
        if group.is_provider:
            group.subject, group.letter = _letter(group, content)
    title = content.site.titel if content.site else "Familienwegweiser"
    return ReviewList(today, months, title, ordered)


# --- output formats -------------------------------------------------------------------------------

def _intro(review: ReviewList) -> str:
    return (f"Stichtag {_date(review.today)}: {review.count} "
            f"{'Eintrag ist' if review.count == 1 else 'Einträge sind'} zur Prüfung fällig (Stand älter als "
            f"{review.months} Monate oder „gueltig_bis“ in den nächsten 8 Wochen).")


def as_markdown(review: ReviewList) -> str:
    out = [f"# Prüfliste: {review.title}", "", _intro(review), ""]
    for group in review.groups:
        out += [f"## {group.name}", ""]
        if group.telefon or group.email:
            out += [f"Telefon: {group.telefon or '–'} · E-Mail: {group.email or '–'}", ""]
        for due in group.entries:
            out.append(f"- **{due.entry.name}** (`{due.entry.source}`): {'; '.join(due.reasons)}")
        out.append("")
        if group.letter:
            if group.mailto:
                out += [f"[E-Mail an {group.email} vorbereiten](<{group.mailto}>)", ""]
            else:
                out += ["Keine E-Mail-Adresse bekannt: Brief ausdrucken oder anrufen.", ""]
            out += [f"Betreff: {group.subject}", "", "```text", group.letter.rstrip("\n"), "```", ""]
        elif not group.is_provider:
            out += ["Für diese Einträge ist weder „traeger“ noch „kontakt“ angegeben: prüfen Sie die Angaben "
                    "selbst (Telefon und E-Mail stehen im Eintrag) und ergänzen Sie am besten eins von beiden.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


CSV_HEADER = ["Ansprechperson", "Telefon", "E-Mail", "Eintrag", "Art", "Quartier", "Datei", "Stand", "Gültig bis",
              "Grund", "Eintrag Telefon", "Eintrag E-Mail"]


# A cell starting with one of these is a formula to Excel and LibreOffice ("CSV injection"): content could
# run a command or leak data on the editor's machine. A leading apostrophe makes such a cell text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def as_csv(review: ReviewList) -> str:
    """One row per due entry, ``;``-separated for German Excel (the caller writes it with a BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for group in review.groups:
        for due in group.entries:
            entry = due.entry
            writer.writerow([_cell(str(value)) for value in (
                group.name, group.telefon, group.email, entry.name, entry.kind.one,
                entry.quartier or "region", entry.source, entry.stand.isoformat(),
                entry.gueltig_bis.isoformat() if entry.gueltig_bis else "", "; ".join(due.reasons),
                entry.telefon or "", entry.email or "")])
    return buffer.getvalue()


def as_html(review: ReviewList) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "redaktion"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["tel"] = tel_url
    return env.get_template("pruefliste.html").render(review=review, intro=_intro(review),
                                                      without=WITHOUT_CONTACT)


def is_review(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a review list this command wrote (md, csv or html)."""
    text = head.decode("utf-8", errors="replace")
    return (text.startswith("# Prüfliste: ") or text.startswith("\ufeff" + ";".join(CSV_HEADER))
            or (text.startswith("<!DOCTYPE html>") and "<title>Prüfliste: " in text))


def render_review(review: ReviewList, fmt: str) -> bytes:
    if fmt == "csv":
        return as_csv(review).encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    text = as_html(review) if fmt == "html" else as_markdown(review)
    return text.encode("utf-8")


def write_review(data: bytes, path: Path) -> None:
    """Write the list next to its final place first, so a failed write leaves no half file."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
