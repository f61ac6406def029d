"""``wegweiser pruefliste``: the entries due for review, grouped by whom to ask, with a ready letter each.

An entry is due when its ``stand`` lies more than ``months`` calendar months before the Stichtag, when its
``gueltig_bis`` falls within the next eight weeks, or when ``gueltig_bis`` has passed (the site no longer shows
it). A Termin whose last date is past is never due: it is over, not out of date. Entries are grouped by
``traeger`` (the model's provider field), else by the contact their ``kontakt`` names; a Kontakt entry without
either is its own contact; everything else is "ohne Ansprechperson". Each provider's group comes with polite
German letters and a ``mailto:`` link each: one asking to confirm the current entries, one asking whether the
expired ones continue ("Gibt es das Angebot noch?"). A contact's ``anrede`` chooses the greeting.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

import jinja2

# The rule lives in check/ (the planning report counts due entries too); the old names stay importable here.
from wegweiser.check.review_due import EXPIRY_WINDOW as EXPIRY_WINDOW
from wegweiser.check.review_due import date_text as _date
from wegweiser.check.review_due import due_entries as due_entries
from wegweiser.check.review_due import expired as expired
from wegweiser.check.review_due import months_before as months_before
from wegweiser.check.review_due import months_dative as months_dative
from wegweiser.check.review_due import reasons as reasons
from wegweiser.content.contacts import contact_index, offer_index, resolve_contact, resolve_offer
from wegweiser.content.records import Content
from wegweiser.hours import holiday_calendar
from wegweiser.hours.holiday_calendar import Kalender
from wegweiser.i18n import formats
from wegweiser.i18n.catalogue import texte
from wegweiser.model.entries import Adresse, Alter, Eintrag, Kontakt, Termin, content_fields
from wegweiser.model.event_fields import Regel, Zeitpunkt, describe_rule
from wegweiser.model.fields import without_bidi_controls
from wegweiser.render import urls
from wegweiser.render.ages import age_text
from wegweiser.render.links import address_line, tel_url
from wegweiser.render.opening import when_open
from wegweiser.render.page_builder import TEMPLATES, quarters_of
from wegweiser.render.spreadsheet import spreadsheet_cell

WITHOUT_CONTACT = "ohne Ansprechperson"

# Fields the letter does not list: long text, map data, internal references and the dates shown apart.
_NOT_LISTED = {"name", "beschreibung", "geo", "stichworte", "quartiere", "stand", "gueltig_bis", "kontakt",
               "anrede"}
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
    # Termine
    "beginn": "Beginn", "ende": "Ende", "wiederholung": "Wiederholung", "daten": "Weitere Tage",
    "ausnahmen": "Fällt aus am", "anmeldung_ab": "Anmeldung ab", "anmeldung_bis": "Anmeldung bis",
    "buchung": "Anmeldung im Internet", "plaetze_frei": "Freie Plätze", "plaetze_stand": "Freie Plätze gezählt am",
    "mitbringen": "Bitte mitbringen", "ermaessigung": "Ermäßigung", "bildung_und_teilhabe": "Bildung und Teilhabe",
    "angebot": "Gehört zum Angebot",
}
_LABELS = {"kurz": "Kurzbeschreibung", "kategorien": "Themen", "schwangerschaft": "Auch für Schwangere",
           "u3": "Unter drei Jahren", "gueltig_bis": "Gültig bis"}


def plain(text: str) -> str:
    """A value as letters and lists show it: without bidirectional controls, which could reorder what the
    provider reads (``check`` refuses them in short fields; this holds for whatever reaches a letter)."""
    return without_bidi_controls(text)


@dataclass
class DueEntry:
    entry: Eintrag
    reasons: list[str]
    lines: list[tuple[str, str]]  # the entry's current data: (label, value)
    url: str  # its page on the website ("" for an expired entry: that page says it is gone)
    quarter: str  # the quarters it appears in, by name
    expired: bool = False

    @property
    def name(self) -> str:
        return plain(self.entry.name)

    @property
    def source(self) -> str:
        return plain(self.entry.source)


@dataclass
class Letter:
    heading: str  # what the letter is for, above it in the list
    subject: str
    text: str
    email: str

    @property
    def mailto(self) -> str:
        """The letter as an e-mail draft (RFC 6068: every reserved character percent-encoded, CRLF line ends)."""
        if not self.email:
            return ""
        body = self.text.replace("\n", "\r\n")
        subject = quote(self.subject, safe="")
        return f"mailto:{quote(self.email, safe='@')}?subject={subject}&body={quote(body, safe='')}"


@dataclass
class Group:
    name: str
    telefon: str = ""
    email: str = ""
    entries: list[DueEntry] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    # The contact the letters greet by its ``anrede``: the one whose e-mail address they go to (without any
    # address, the first contact); None: "Sehr geehrte Damen und Herren".
    addressee: Kontakt | None = None

    @property
    def is_provider(self) -> bool:
        return self.name != WITHOUT_CONTACT


@dataclass
class ReviewList:
    today: date
    months: int
    title: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(g.entries) for g in self.groups)

    def summary(self) -> str:
        """"1 Eintrag in 1 Gruppe", "4 Einträge in 3 Gruppen"."""
        groups = len(self.groups)
        return (f"{self.count} {'Eintrag' if self.count == 1 else 'Einträge'} in {groups} "
                f"{'Gruppe' if groups == 1 else 'Gruppen'}")


def _value(name: str, value: object, content: Content) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Alter):
        return age_text(value)
    if isinstance(value, Adresse):
        return address_line(value)
    if isinstance(value, date):
        return _date(value)
    if isinstance(value, Zeitpunkt):
        return " ".join(filter(None, [_date(value.tag), f"{value.uhrzeit:%H:%M} Uhr" if value.uhrzeit else ""]))
    if isinstance(value, Regel):
        return f"{describe_rule(value)} ({value.text})"
    if name == "kategorien" and isinstance(value, list):
        return ", ".join(content.kategorien[c].name if c in content.kategorien else c for c in value)
    if name == "sprachen" and isinstance(value, list):
        return ", ".join(formats.sprachnamen(value, texte().locale))
    if isinstance(value, list):
        return ", ".join(_value(name, v, content) for v in value)
    return str(value)


def _hours(entry: Eintrag, kalender: Kalender) -> str:
    """The opening hours as the site writes them, with the holiday notes ("an Feiertagen geschlossen"): the
    letter lists ``zeiten`` and ``sprechzeiten`` on lines of their own. The Bundesland goes unnamed, as in a
    booklet: the provider knows where it is."""
    try:
        return when_open(entry, kalender, None, land=False).week_line() or entry.oeffnungszeiten or ""
    except Exception:  # an invalid expression is reported by `check`; show what is written
        return entry.oeffnungszeiten or ""


def entry_lines(entry: Eintrag, content: Content, contact: Eintrag | None,
                kalender: Kalender | None = None) -> list[tuple[str, str]]:
    """The entry's current data as the provider should see it, in the model's field order."""
    if kalender is None:
        kalender = holiday_calendar.kalender(content.site.bundesland if content.site else None)
    lines: list[tuple[str, str]] = []
    for name, _spec in content_fields(type(entry)):
        value = getattr(entry, name)
        if name in _NOT_LISTED or value is None or value == [] or value is False:
            continue
        text = _hours(entry, kalender) if name == "oeffnungszeiten" else _value(name, value, content)
        if name == "angebot" and isinstance(entry, Termin):
            offer = resolve_offer(entry, offer_index(content))
            text = offer.name if offer else text
        if text:
            lines.append((_LABELS.get(name) or _FIELD_NAMES.get(name) or name.capitalize(), plain(text)))
    if contact is not None and contact is not entry:
        lines.append(("Kontakt", plain(contact.name)))
    if entry.gueltig_bis:
        lines.append((_LABELS["gueltig_bis"], _date(entry.gueltig_bis)))
    lines.append(("Zuletzt geprüft", _date(entry.stand)))
    return lines


def quarter_names(entry: Eintrag, content: Content) -> str:
    """Where the entry appears, by the quarters' names ("Altstadt", "alle Quartiere")."""
    if not entry.quartier and entry.quartiere == "alle":
        return "alle Quartiere"
    names = [content.quartiere[slug].name for slug in quarters_of(entry, content)]
    return plain(", ".join(names)) if names else "in keinem Quartier"


def _where(entry: Eintrag, content: Content) -> str:
    kind = entry.kind.one
    if entry.quartier:
        quarter = content.quartiere.get(entry.quartier)
        return f"{kind} im Quartier {quarter.name if quarter else entry.quartier}"
    return f"{kind} für {'alle Quartiere' if entry.quartiere == 'alle' else 'mehrere Quartiere'}"


def salutation(addressee: Kontakt | None) -> str:
    """The letter's first line. ``anrede`` says it (``check`` holds its form): "Frau …"/"Herr …" greet the
    person ("Liebe Frau Dr. Yılmaz,"), a name alone neutrally ("Guten Tag Aylin Beispiel,"). Nothing is guessed
    from a first name: without ``anrede``, "Sehr geehrte Damen und Herren,"."""
    anrede = " ".join(plain(addressee.anrede).split()) if addressee is not None and addressee.anrede else ""
    if not anrede:
        return "Sehr geehrte Damen und Herren,"
    first = anrede.split(" ", 1)[0]
    if first == "Frau":
        return f"Liebe {anrede},"
    if first == "Herr":
        return f"Lieber {anrede},"
    return f"Guten Tag {anrede},"


def _title(content: Content) -> str:
    return plain(content.site.titel) if content.site else "Familienwegweiser"


def _entry_block(number: int, due: DueEntry, content: Content) -> list[str]:
    lines = ["", f"{number}. {due.name} ({_where(due.entry, content)})"]
    if due.expired:
        # What the provider is asked about first; "Gültig bis" would repeat it.
        lines.append(f"   Im Wegweiser bis: {_date(due.entry.gueltig_bis)}")
        lines += [f"   {label}: {value}" for label, value in due.lines if label != _LABELS["gueltig_bis"]]
    else:
        lines += [f"   {label}: {value}" for label, value in due.lines]
        if due.url:
            lines.append(f"   Im Internet: {due.url}")
    return lines


def _closing(content: Content) -> list[str]:
    parts = ["", "Vielen Dank für Ihre Unterstützung!", "", "Mit freundlichen Grüßen"]
    impressum = content.site.impressum if content.site else None
    if impressum:
        parts.append(plain(impressum.herausgeber))
        parts += [plain(x) for x in (impressum.telefon and f"Telefon {impressum.telefon}", impressum.email) if x]
    return parts


def _review_letter(group: Group, entries: list[DueEntry], content: Content) -> Letter:
    """Asks to confirm or correct the entries the site shows."""
    title = _title(content)
    several = len(entries) > 1
    parts = [
        salutation(group.addressee),
        "",
        f"im {title} finden Familien, was es für sie in ihrer Nähe gibt – auch "
        f"{'Ihre Angebote' if several else 'Ihr Angebot'}. Damit die Angaben stimmen, bitten wir Sie, "
        f"{'die folgenden Einträge' if several else 'den folgenden Eintrag'} kurz zu prüfen:",
    ]
    for number, due in enumerate(entries, 1):
        parts += _entry_block(number, due, content)
    parts += [
        "",
        "Bitte antworten Sie uns auf diese Nachricht: Stimmen die Angaben noch, genügt ein kurzes „Ja, alles "
        "aktuell“. Hat sich etwas geändert, schreiben Sie uns bitte die Korrekturen. Und wenn es ein Angebot "
        "nicht mehr gibt, sagen Sie es uns bitte ebenfalls.",
        *_closing(content),
    ]
    return Letter("Anschreiben: Angaben prüfen", f"{title}: Sind Ihre Angaben noch aktuell?",
                  "\n".join(parts) + "\n", group.email)


def _expired_letter(group: Group, entries: list[DueEntry], content: Content) -> Letter:
    """Asks whether entries past their ``gueltig_bis`` go on: the site no longer shows them, so the letter
    neither says families find them nor links to the page that says they are gone."""
    title = _title(content)
    several = len(entries) > 1
    if several:
        intro = (f"im {title} haben wir die folgenden Angebote bis zu dem jeweils genannten Tag gezeigt; seitdem "
                 "stehen sie nicht mehr darin. Gibt es die Angebote noch oder bald wieder?")
    else:
        intro = (f"im {title} haben wir Ihr Angebot bis zum {_date(entries[0].entry.gueltig_bis)} gezeigt; seitdem "
                 "steht es nicht mehr darin. Gibt es das Angebot noch oder bald wieder?")
    parts = [salutation(group.addressee), "", intro]
    for number, due in enumerate(entries, 1):
        parts += _entry_block(number, due, content)
    parts += [
        "",
        "Bitte antworten Sie uns kurz auf diese Nachricht" + (", zu jedem Angebot mit seiner Nummer:" if several
                                                              else ":"),
        "",
        "- Geht es weiter, schreiben Sie uns bitte, bis wann es läuft (oder dass es kein Enddatum gibt) und was "
        "sich an den Angaben oben geändert hat, zum Beispiel Zeiten, Ort, Kosten oder Anmeldung. Dann nehmen wir "
        f"es wieder in den {title} auf.",
        "",
        "- Gibt es das Angebot nicht mehr, genügt ein kurzes „Gibt es nicht mehr“. Dann löschen wir den Eintrag.",
        *_closing(content),
    ]
    subject = f"{title}: Gibt es {'die Angebote' if several else 'das Angebot'} noch?"
    return Letter("Anschreiben: Gibt es das Angebot noch?", subject, "\n".join(parts) + "\n", group.email)


def _letters(group: Group, content: Content) -> list[Letter]:
    current = [due for due in group.entries if not due.expired]
    gone = [due for due in group.entries if due.expired]
    return ([_review_letter(group, current, content)] if current else []) + (
        [_expired_letter(group, gone, content)] if gone else [])


def _base_url(content: Content) -> str:
    return content.site.basis_url.rstrip("/") + "/" if content.site else ""


def _take_numbers(group: Group, contact: Eintrag | None, entry: Eintrag) -> None:
    """The contact's numbers first, else the first entry that has its own; the letters greet the contact whose
    e-mail address they go to."""
    for source in (contact, entry):
        if source is None:
            continue
        group.telefon = group.telefon or (source.telefon or "")
        if not group.email and source.email:
            group.email = source.email
            group.addressee = source if isinstance(source, Kontakt) else None
        elif not group.email and group.addressee is None and isinstance(source, Kontakt):
            group.addressee = source  # no address yet: a printed letter goes to this contact


def review_list(content: Content, today: date, months: int = 12) -> ReviewList:
    """The due entries, grouped by provider or contact, each provider's group with its letters."""
    contacts = contact_index(content)
    kalender = holiday_calendar.kalender(content.site.bundesland if content.site else None)
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
        group = groups.setdefault(key, Group(plain(name)))
        if key != "-":
            _take_numbers(group, contact, entry)
        gone = expired(entry, today)
        published_url = base + urls.entry_url(entry) if base and not gone else ""
        group.entries.append(DueEntry(entry, why, entry_lines(entry, content, contact, kalender), published_url,
                                      quarter_names(entry, content), gone))
    ordered = sorted(groups.values(), key=lambda g: (not g.is_provider, g.name.casefold()))
    for group in ordered:
        if group.is_provider:
            group.letters = _letters(group, content)
    return ReviewList(today, months, _title(content), ordered)


# --- output formats -------------------------------------------------------------------------------

def _intro(review: ReviewList) -> str:
    if review.count == 0:
        due = "Kein Eintrag ist"
    else:
        due = f"{review.count} {'Eintrag ist' if review.count == 1 else 'Einträge sind'}"
    return (f"Stichtag {_date(review.today)}: {due} zur Prüfung fällig (zuletzt vor mehr als "
            f"{months_dative(review.months)} geprüft, oder „gueltig_bis“ in den nächsten 8 Wochen oder schon "
            "vorbei).")


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``: a name cannot end the letter's block."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def as_markdown(review: ReviewList) -> str:
    out = [f"# Prüfliste: {review.title}", "", _intro(review), ""]
    for group in review.groups:
        out += [f"## {group.name}", ""]
        if group.telefon or group.email:
            out += [f"Telefon: {group.telefon or '–'} · E-Mail: {group.email or '–'}", ""]
        for due in group.entries:
            out.append(f"- **{due.name}** (`{due.source}`): {'; '.join(due.reasons)}")
        out.append("")
        for letter in group.letters:
            out += [f"### {letter.heading}", ""]
            if letter.mailto:
                out += [f"[E-Mail an {group.email} vorbereiten](<{letter.mailto}>)", ""]
            else:
                out += ["Keine E-Mail-Adresse bekannt: Brief ausdrucken oder anrufen.", ""]
            fence = _fence(letter.text)
            out += [f"Betreff: {letter.subject}", "", f"{fence}text", letter.text.rstrip("\n"), fence, ""]
        if not group.is_provider:
            out += ["Für diese Einträge ist weder „traeger“ noch „kontakt“ angegeben: prüfen Sie die Angaben "
                    "selbst (Telefon und E-Mail stehen im Eintrag) und ergänzen Sie am besten eins von beiden.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


CSV_HEADER = ["Ansprechperson", "Telefon", "E-Mail", "Eintrag", "Art", "Quartier", "Datei", "Stand", "Gültig bis",
              "Grund", "Eintrag Telefon", "Eintrag E-Mail"]


def as_csv(review: ReviewList) -> str:
    """One row per due entry, ``;``-separated for German Excel (the caller writes it with a BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for group in review.groups:
        for due in group.entries:
            entry = due.entry
            writer.writerow([spreadsheet_cell(str(value)) for value in (
                group.name, group.telefon, group.email, entry.name, entry.kind.one,
                due.quarter, entry.source, entry.stand.isoformat(),
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
