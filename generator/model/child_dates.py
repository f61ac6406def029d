"""What is due when after a child's birth ("Mein Kind"): the rules file ``data/fristen.yaml`` read and checked
(located German errors), and the calendar dates its rules give for a birth date.

The browser computes the same dates in JavaScript (``templates/assets/meinkind.js``): the birth date never leaves
the device. This side serves the booklet (windows as ages), ``check`` (the file's check date) and the tests.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from wegweiser.core.problems import Loc
from wegweiser.core.resources import data_file
from wegweiser.model.located_yaml import LoadError, YList, YMap, YNode, YScalar, load_yaml_file

RULES_FILE = data_file("fristen.yaml")
SHOWN = "wegweiser/data/fristen.yaml"  # how messages name the package's file
STALE_AFTER = timedelta(days=365)

# Units of a point in a child's life; the ``bis`` of a span means the end of that unit.
LIFE_UNITS = ("lebenstag", "lebenswoche", "lebensmonat", "lebensjahr")
# Deadlines counted from the birthday (§ 188 Abs. 2 BGB) and the end of a calendar month after the birth month.
AFTER_UNITS = ("tage_nach_geburt", "monate_nach_geburt", "monatsende_nach_geburtsmonat")
UNITS = LIFE_UNITS + AFTER_UNITS


class RulesError(Exception):
    """The rules file is wrong: every problem, located."""

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        super().__init__("; ".join(f"{loc}: {text}" for loc, text in problems))
        self.problems = problems


@dataclass(frozen=True)
class Point:
    """A point in a child's life: ``n`` of ``unit`` (halves allowed for months: 4.5)."""

    unit: str
    n: float

    def start(self, birth: date) -> date:
        n = self.n
        if self.unit == "lebenstag":
            return birth + timedelta(days=int(n) - 1)
        if self.unit == "lebenswoche":
            return birth + timedelta(days=7 * (int(n) - 1))
        if self.unit == "lebensmonat":
            return add_months(birth, int(n) - 1)
        if self.unit == "lebensjahr":
            return add_months(birth, 12 * (int(n) - 1))
        return self.end(birth)

    def end(self, birth: date) -> date:
        n = self.n
        if self.unit == "lebenstag":
            return birth + timedelta(days=int(n) - 1)
        if self.unit == "lebenswoche":
            return birth + timedelta(days=7 * int(n) - 1)
        if self.unit == "lebensmonat":
            whole = int(n)
            if n != whole:  # half a month: 15 days into the next month of life
                return add_months(birth, whole) + timedelta(days=14)
            return add_months(birth, whole) - timedelta(days=1)
        if self.unit == "lebensjahr":
            return add_months(birth, 12 * int(n)) - timedelta(days=1)
        if self.unit == "tage_nach_geburt":
            return birth + timedelta(days=int(n))
        if self.unit == "monate_nach_geburt":
            return add_months(birth, int(n))
        # monatsende_nach_geburtsmonat
        first = add_months(birth.replace(day=1), int(n))
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass(frozen=True)
class Span:
    von: Point
    bis: Point

    def dates(self, birth: date) -> tuple[date, date]:
        return self.von.start(birth), self.bis.end(birth)


@dataclass(frozen=True)
class Source:
    titel: str
    url: str


@dataclass(frozen=True)
class Check:
    """A U-Untersuchung or J1: its regular window and the tolerance window."""

    id: str
    name: str
    zeitraum: Span
    toleranz: Span
    quelle: Source
    geprueft: date
    unklar: str = ""


@dataclass(frozen=True)
class Deadline:
    """Something to do after a birth, by ``bis`` (None: the law sets no deadline)."""

    id: str
    name: str
    bis: Point | None
    was: str
    kategorien: tuple[str, ...]
    quelle: Source
    geprueft: date
    unklar: str = ""

    def due(self, birth: date) -> date | None:
        return self.bis.end(birth) if self.bis else None


@dataclass(frozen=True)
class KitaRule:
    """A Land's rule for reporting the need for a Kita place: ``monate_vorher`` months before the start."""

    land: str
    monate_vorher: int
    was: str
    quelle: Source
    geprueft: date


@dataclass(frozen=True)
class Kita:
    beginn: Point  # the start the page assumes (the legal claim's: the first birthday)
    kategorien: tuple[str, ...]
    bundesrecht: Source
    laender: dict[str, KitaRule]

    def due(self, birth: date, land: str | None) -> date | None:
        rule = self.laender.get(land or "")
        return add_months(self.beginn.start(birth), -rule.monate_vorher) if rule else None


@dataclass(frozen=True)
class Rules:
    geprueft: date
    geprueft_loc: Loc
    zaehlung: str
    zaehlung_quelle: Source
    zaehlung_unklar: str
    untersuchungen: tuple[Check, ...]
    fristen: tuple[Deadline, ...]
    kita: Kita


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day the target month lacks becomes its last (31.01. + 1 = 28.02.)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# --- reading the file -------------------------------------------------------------------------------------------


class _Reader:
    """Reads the located YAML tree, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[Loc, str]] = []

    def fail(self, loc: Loc, text: str) -> None:
        self.problems.append((loc, text))

    def field(self, node: YMap, key: str, required: bool = True) -> YNode | None:
        found = node.entries.get(key)
        if found is None:
            if required:
                self.fail(node.loc, f"Das Feld „{key}“ fehlt.")
            return None
        return found[1]

    def text(self, node: YMap, key: str, required: bool = True) -> str:
        value = self.field(node, key, required)
        if value is None:
            return ""
        if not isinstance(value, YScalar) or value.is_null:
            self.fail(_loc(value), f"„{key}“ muss ein Text sein.")
            return ""
        return " ".join(value.text.split())

    def day(self, node: YMap, key: str) -> tuple[date, Loc]:
        value = self.field(node, key)
        if value is None:
            return date.min, node.loc
        if isinstance(value, YScalar):
            try:
                return date.fromisoformat(value.text.strip()), value.loc
            except ValueError:
                pass
        self.fail(_loc(value), f"„{key}“ muss ein Datum wie 2026-11-20 sein.")
        return date.min, _loc(value)

    def mapping(self, node: YNode | None, what: str) -> YMap | None:
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.fail(_loc(node), f"{what} muss eine Zuordnung (Feld: Wert) sein.")
            return None
        return node

    def point(self, node: YNode | None, what: str, life_only: bool = False) -> Point | None:
        found = self.mapping(node, what)
        if found is None:
            return None
        allowed = LIFE_UNITS if life_only else UNITS
        if len(found.entries) != 1:
            self.fail(found.loc, f"{what} braucht genau eine Angabe, z. B. „lebensmonat: 4“.")
            return None
        unit, (unit_loc, value) = next(iter(found.entries.items()))
        if unit not in allowed:
            self.fail(unit_loc, f"Unbekannte Einheit „{unit}“ in {what}; erlaubt: {', '.join(allowed)}.")
            return None
        try:
            n = float(value.text) if isinstance(value, YScalar) else -1.0
        except ValueError:
            n = -1.0
        halves_ok = unit == "lebensmonat"
        if n < 1 or (n != int(n) and not (halves_ok and n * 2 == int(n * 2))):
            self.fail(_loc(value), f"{what}: „{unit}“ braucht eine ganze Zahl ab 1"
                                   + (" (oder eine halbe wie 4.5)." if halves_ok else "."))
            return None
        return Point(unit, n)

    def span(self, node: YMap, key: str) -> Span | None:
        found = self.mapping(self.field(node, key), f"„{key}“")
        if found is None:
            return None
        von = self.point(self.field(found, "von"), f"„{key}.von“", life_only=True)
        bis = self.point(self.field(found, "bis"), f"„{key}.bis“", life_only=True)
        if von is None or bis is None:
            return None
        probe = date(2024, 1, 31)  # a month end in a leap year: the order holds for any birth date
        if von.start(probe) > bis.end(probe):
            self.fail(found.loc, f"„{key}“ endet vor seinem Beginn.")
            return None
        return Span(von, bis)

    def source(self, node: YMap) -> Source:
        found = self.mapping(self.field(node, "quelle"), "„quelle“")
        if found is None:
            return Source("", "")
        url = self.text(found, "url")
        if url and not url.startswith("https://"):
            self.fail(found.loc, "Die Quelle braucht einen Link mit https://.")
        return Source(self.text(found, "titel"), url)

    def items(self, node: YMap, key: str) -> list[YMap]:
        value = self.field(node, key)
        if value is None:
            return []
        if not isinstance(value, YList):
            self.fail(_loc(value), f"„{key}“ muss eine Liste sein.")
            return []
        maps = [self.mapping(item, f"Ein Eintrag in „{key}“") for item in value.items]
        return [m for m in maps if m is not None]

    def words(self, node: YMap, key: str) -> tuple[str, ...]:
        value = self.field(node, key, required=False)
        if value is None:
            return ()
        if not isinstance(value, YList) or not all(isinstance(v, YScalar) for v in value.items):
            self.fail(_loc(value), f"„{key}“ muss eine Liste von Kürzeln sein.")
            return ()
        return tuple(v.text for v in value.items if isinstance(v, YScalar))


def _loc(node: YNode) -> Loc:
    return node.loc


def load_rules(path: Path = RULES_FILE, shown: str = SHOWN) -> Rules:
    """The rules file, checked; ``RulesError`` lists every problem with file and line."""
    try:
        document = load_yaml_file(path, shown)
    except LoadError as error:
        raise RulesError([(error.loc, error.message)]) from None
    reader = _Reader()
    top = document.data
    geprueft, geprueft_loc = reader.day(top, "geprueft")
    zaehlung = reader.mapping(reader.field(top, "zaehlung"), "„zaehlung“") or YMap(top.loc, {})
    checks: list[Check] = []
    seen: dict[str, Loc] = {}
    for item in reader.items(top, "untersuchungen"):
        ident = reader.text(item, "id")
        if ident in seen:
            reader.fail(item.loc, f"Die id „{ident}“ steht zweimal (zuerst in Zeile {seen[ident].line}).")
        seen[ident] = item.loc
        zeitraum, toleranz = reader.span(item, "zeitraum"), reader.span(item, "toleranz")
        name, source, checked = reader.text(item, "name"), reader.source(item), reader.day(item, "geprueft")[0]
        unclear = reader.text(item, "unklar", required=False)
        if zeitraum and toleranz:
            probe = date(2024, 1, 31)
            inner, outer = zeitraum.dates(probe), toleranz.dates(probe)
            if outer[0] > inner[0] or outer[1] < inner[1]:
                reader.fail(item.loc, f"Die Toleranz von „{ident}“ muss den Zeitraum einschließen.")
            checks.append(Check(ident, name, zeitraum, toleranz, source, checked, unclear))
    deadlines: list[Deadline] = []
    for item in reader.items(top, "fristen"):
        ident = reader.text(item, "id")
        if ident in seen:
            reader.fail(item.loc, f"Die id „{ident}“ steht zweimal (zuerst in Zeile {seen[ident].line}).")
        seen[ident] = item.loc
        bis = reader.point(reader.field(item, "bis", required=False), "„bis“")
        deadlines.append(Deadline(ident, reader.text(item, "name"), bis, reader.text(item, "was"),
                                  reader.words(item, "kategorien"), reader.source(item),
                                  reader.day(item, "geprueft")[0], reader.text(item, "unklar", required=False)))
    kita = _kita(reader, reader.mapping(reader.field(top, "kita"), "„kita“") or YMap(top.loc, {}))
    if reader.problems:
        raise RulesError(reader.problems)
    return Rules(geprueft, geprueft_loc, reader.text(zaehlung, "text"), reader.source(zaehlung),
                 reader.text(zaehlung, "unklar", required=False), tuple(checks), tuple(deadlines), kita)


def _kita(reader: _Reader, node: YMap) -> Kita:
    beginn = reader.point(reader.field(node, "beginn"), "„kita.beginn“", life_only=True) or Point("lebensjahr", 2)
    federal = reader.mapping(reader.field(node, "bundesrecht"), "„bundesrecht“")
    bundesrecht = Source(reader.text(federal, "titel"), reader.text(federal, "url")) if federal else Source("", "")
    laender: dict[str, KitaRule] = {}
    found = reader.mapping(reader.field(node, "laender"), "„laender“")
    for land, (_loc_key, value) in (found.entries.items() if found else []):
        rule = reader.mapping(value, f"„laender.{land}“")
        if rule is None:
            continue
        months = reader.text(rule, "monate_vorher")
        if not months.isdigit():
            where = rule.entries.get("monate_vorher", (rule.loc, rule))[1].loc
            reader.fail(where, f"„laender.{land}.monate_vorher“ muss eine ganze Zahl sein.")
            continue
        laender[land] = KitaRule(land, int(months), reader.text(rule, "was"), reader.source(rule),
                                 reader.day(rule, "geprueft")[0])
    return Kita(beginn, reader.words(node, "kategorien"), bundesrecht, laender)


@functools.cache
def rules() -> Rules:
    """The package's rules (read once per process)."""
    return load_rules()


def stale_check(rules: Rules, today: date) -> tuple[Loc, str] | None:
    """A German warning when the file's check date is more than a year before ``today``."""
    if today - rules.geprueft <= STALE_AFTER:
        return None
    return rules.geprueft_loc, (f"Die Regeln für „Mein Kind“ wurden zuletzt am {rules.geprueft:%d.%m.%Y} geprüft, "
                                "vor mehr als einem Jahr. Bitte jede Regel gegen ihre Quelle prüfen und "
                                "„geprueft“ neu setzen.")
