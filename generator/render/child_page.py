""""Mein Kind": the windows and deadlines of ``model.child_dates`` as ages in words (the page without a birth date,
and the booklet), and the data the page embeds for the browser (which computes the dates: the birth date never
leaves the device)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from wegweiser.content.records import Content
from wegweiser.i18n.catalogue import Texte
from wegweiser.model.child_dates import Check, Deadline, Point, Rules, Span
from wegweiser.model.entries import Eintrag, Kontakt

# Local links shown per quarter and rule: enough to find someone, few enough to keep the page small at 10,000
# entries (the rest through the search, which the page links with the age filter).
LINKS_PER_RULE = 4


def _n(texte: Texte, value: float) -> str:
    return texte.zahl(int(value)) + ("½" if value != int(value) else "")


def point_label(texte: Texte, point: Point) -> str:
    """One point of life in words: "10. Lebenstag"."""
    n = _n(texte, point.n)
    return {"lebenstag": texte.gettext("%(n)s. Lebenstag", n=n),
            "lebenswoche": texte.gettext("%(n)s. Lebenswoche", n=n),
            "lebensmonat": texte.gettext("%(n)s. Lebensmonat", n=n),
            "lebensjahr": texte.gettext("%(n)s. Lebensjahr", n=n)}[point.unit]


def span_label(texte: Texte, span: Span) -> str:
    """A window as ages: "3.–10. Lebenstag", "2.–4½. Lebensmonat"; mixed units as two points."""
    von, bis = span.von, span.bis
    if von.unit != bis.unit:
        return f"{point_label(texte, von)} – {point_label(texte, bis)}"
    if von.n == bis.n:
        return point_label(texte, von)
    a, b = _n(texte, von.n), _n(texte, bis.n)
    return {"lebenstag": texte.gettext("%(von)s.–%(bis)s. Lebenstag", von=a, bis=b),
            "lebenswoche": texte.gettext("%(von)s.–%(bis)s. Lebenswoche", von=a, bis=b),
            "lebensmonat": texte.gettext("%(von)s.–%(bis)s. Lebensmonat", von=a, bis=b),
            "lebensjahr": texte.gettext("%(von)s.–%(bis)s. Lebensjahr", von=a, bis=b)}[von.unit]


def deadline_label(texte: Texte, point: Point | None) -> str:
    """A deadline as a period after the birth: "bis 2 Monate nach der Geburt"."""
    if point is None:
        return texte.gettext("keine gesetzliche Frist")
    n = int(point.n)
    if point.unit == "tage_nach_geburt":
        return texte.ngettext("bis %(num)s Tag nach der Geburt", "bis %(num)s Tage nach der Geburt", n)
    if point.unit == "monate_nach_geburt":
        return texte.ngettext("bis %(num)s Monat nach der Geburt", "bis %(num)s Monate nach der Geburt", n)
    if point.unit == "monatsende_nach_geburtsmonat":
        return texte.gettext("bis zum Ende des %(n)s. Monats nach dem Geburtsmonat", n=n)
    return texte.gettext("bis zum Ende: %(zeit)s", zeit=point_label(texte, point))


def kita_label(texte: Texte, months: int) -> str:
    return texte.ngettext("spätestens %(num)s Monat vor dem gewünschten Beginn",
                          "spätestens %(num)s Monate vor dem gewünschten Beginn", months)


def _point_data(point: Point | None) -> list[object] | None:
    return [point.unit, point.n] if point else None


class Link(TypedDict):
    name: str
    url: str
    typ: str


def _age_years(check: Check) -> float:
    """The middle of a check's regular window in years: which offers fit the child's age then."""
    def years(point: Point, end: bool) -> float:
        per_year = {"lebenstag": 365.0, "lebenswoche": 52.0, "lebensmonat": 12.0, "lebensjahr": 1.0}[point.unit]
        return (point.n - (0 if end else 1)) / per_year
    return (years(check.zeitraum.von, False) + years(check.zeitraum.bis, True)) / 2


def _for_age(age: float) -> Callable[[Eintrag], bool]:
    """Entries whose age range includes ``age`` (years)."""
    return lambda entry: entry.alter is not None and entry.alter.lowest <= age <= entry.alter.highest


def _in_categories(categories: tuple[str, ...]) -> Callable[[Eintrag], bool]:
    wanted = set(categories)
    return lambda entry: bool(wanted & set(entry.kategorien))


def page_data(rules: Rules, content: Content, by_quarter: dict[str, list[Eintrag]], texte: Texte,
              entry_url: Callable[[Eintrag], str]) -> dict[str, object]:
    """What the page's script needs: the rules (units, not dates), their texts in the page's language, and per
    quarter the entries to link for each rule (contacts first). Entry URLs are relative to the site root."""
    land = content.site.bundesland if content.site else None
    kita_rule = rules.kita.laender.get(land or "")
    entries: list[Link] = []
    index: dict[str, int] = {}

    def ref(entry: Eintrag) -> int:
        if entry.key not in index:
            index[entry.key] = len(entries)
            entries.append({"name": entry.name, "url": entry_url(entry), "typ": texte.gettext(entry.kind.one)})
        return index[entry.key]

    def pick(candidates: list[Eintrag], fits: Callable[[Eintrag], bool]) -> list[int]:
        found = [e for e in candidates if fits(e)]
        found.sort(key=lambda e: (not isinstance(e, Kontakt), e.quartier is None))  # contacts, the quarter's own
        return [ref(e) for e in found[:LINKS_PER_RULE]]

    quarters = []
    for slug, quarter in content.quartiere.items():
        shown = by_quarter.get(slug, [])
        links: dict[str, list[int]] = {}
        for deadline in rules.fristen:
            links[deadline.id] = pick(shown, _in_categories(deadline.kategorien))
        links["kita"] = pick(shown, _in_categories(rules.kita.kategorien))
        for check in rules.untersuchungen:
            links[check.id] = pick([e for e in shown if not isinstance(e, Kontakt)], _for_age(_age_years(check)))
        quarters.append({"slug": slug, "name": quarter.name, "links": links})
    return {
        "untersuchungen": [{"id": c.id, "name": c.name, "zeitraum": [_point_data(c.zeitraum.von),
                                                                      _point_data(c.zeitraum.bis)],
                            "toleranz": [_point_data(c.toleranz.von), _point_data(c.toleranz.bis)]}
                           for c in rules.untersuchungen],
        "fristen": [{"id": d.id, "name": texte.gettext(d.name), "bis": _point_data(d.bis)} for d in rules.fristen],
        "kita": {"beginn": _point_data(rules.kita.beginn), "monate_vorher": kita_rule.monate_vorher if kita_rule
                 else None, "name": texte.gettext("Kita-Bedarf anzeigen")},
        "quartiere": quarters,
        "eintraege": entries,
    }


class CheckRow(TypedDict):
    check: Check
    zeitraum: str
    toleranz: str
    unklar: str


class DeadlineRow(TypedDict):
    deadline: Deadline
    name: str
    frist: str
    was: str
    unklar: str


def rows(rules: Rules, texte: Texte) -> tuple[list[CheckRow], list[DeadlineRow]]:
    """The checks and deadlines in the page's language, windows as ages (page and booklet)."""
    checks: list[CheckRow] = [{"check": c, "zeitraum": span_label(texte, c.zeitraum),
                               "toleranz": span_label(texte, c.toleranz),
                               "unklar": texte.gettext(c.unklar) if c.unklar else ""} for c in rules.untersuchungen]
    deadlines: list[DeadlineRow] = [{"deadline": d, "name": texte.gettext(d.name),
                                     "frist": deadline_label(texte, d.bis), "was": texte.gettext(d.was),
                                     "unklar": texte.gettext(d.unklar) if d.unklar else ""} for d in rules.fristen]
    return checks, deadlines
