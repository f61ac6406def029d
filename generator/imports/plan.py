"""Planning an import: which entries are new, which fields changed at the source and may be updated, where an
editor's change wins (a conflict, reported), which records disappeared. Nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from wegweiser.content.file_schema import schema_for
from wegweiser.content.yaml_splice import Schema, Unspliceable, compose, same, splice
from wegweiser.core.journal import digest
from wegweiser.core.slug import slugify
from wegweiser.imports import entry_text, state
from wegweiser.imports.project import Project, choose_quarter, entry_path, writable
from wegweiser.imports.records import REGION, Datensatz, Gelesen, ImportFehler, Value

# The longest text one field of an imported entry may have: ten times the longest text in the demo (3,000); a
# description of megabytes is no entry's, and writing and checking it as YAML took minutes (50 MB: 3.5 min).
LONGEST = 30_000


@dataclass
class Aenderung:
    datei: str
    zeile: int
    feld: str
    alt: Value | None
    neu: Value | None


@dataclass
class Konflikt:
    datei: str
    zeile: int
    feld: str
    importiert: Value | None
    quelle: Value | None
    redaktion: object


@dataclass
class Plan:
    art: str
    neu: list[tuple[str, str]] = field(default_factory=list)  # (file, record id)
    aenderungen: list[Aenderung] = field(default_factory=list)
    konflikte: list[Konflikt] = field(default_factory=list)
    verschwunden: list[tuple[str, str]] = field(default_factory=list)  # (record id, file)
    hinweise: list[str] = field(default_factory=list)
    dateien: dict[Path, bytes] = field(default_factory=dict)  # what to write
    erwartet: dict[Path, str | None] = field(default_factory=dict)  # the digests the files had when read

    @property
    def leer(self) -> bool:
        return not self.dateien


def _node(value: object) -> Node | None:
    return None if value is None else compose(yaml.safe_dump(value, allow_unicode=True))


def _at(tree: Node | None, dotted: str) -> Node | None:
    for key in dotted.split("."):
        if not isinstance(tree, MappingNode):
            return None
        tree = next((value for name, value in tree.value if isinstance(name, ScalarNode) and name.value == key), None)
    return tree


def _line(tree: Node | None, dotted: str) -> int:
    node: Node | None = tree
    line = 1
    for key in dotted.split("."):
        if not isinstance(node, MappingNode):
            break
        pair = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)
        if pair is None:
            break
        line, node = pair[0].start_mark.line + 1, pair[1]
    return line


def _plain(node: Node | None) -> object:
    return None if node is None else yaml.safe_load(yaml.serialize(node))


class Planner:
    def __init__(self, project: Project, found: Gelesen, today: date, forced_quarter: str | None,
                 bezug: str) -> None:
        self.project = project
        self.found = found
        self.art = found.herkunft.art
        self.today = today
        self.forced = forced_quarter
        self.bezug = bezug  # the file or folder read: records missing from it are reported as gone
        self.states = state.read(project.root, self.art)
        self.plan = Plan(self.art, hinweise=list(found.hinweise))
        self.taken: set[str] = set()  # files planned in this run

    def run(self) -> Plan:
        if self.forced and self.forced not in self.project.quarters:
            raise ImportFehler(f"Das Quartier „{self.forced}“ gibt es nicht (vorhanden: "
                               f"{', '.join(self.project.quarters) or 'keins'}).")
        seen: set[str] = set()
        # Kontakte first: an entry of the same run may name one as its ``kontakt``.
        for record in sorted(self.found.datensaetze, key=lambda r: r.typ != "kontakte"):
            seen.add(record.id)
            try:
                self._record(record)
            except ImportFehler as exc:
                self.plan.hinweise.append(f"{exc} Nicht übernommen.")
        self._gone(seen)
        before = state.path(self.project.root, self.art)
        new_state = state.text(self.art, self.states)
        old_state = before.read_text(encoding="utf-8") if before.is_file() else None
        if new_state != old_state:
            self._write(before, new_state, old_state)
        return self.plan

    # --- one record ---------------------------------------------------------------------------------------

    def _record(self, record: Datensatz) -> None:
        fields = self._valid(record)
        known = self.project.by_source.get((self.art, record.id))
        last = self.states.get(record.id)
        if last is not None and not entry_path(last.datei):
            raise ImportFehler(f"content/importe/{self.art}.yaml: Der Datensatz „{record.id}“ nennt „{last.datei}“, "
                               "keine Eintragsdatei des Projekts (content/<typ>/… oder quartiere/<quartier>/<typ>/…); "
                               "stellen Sie die Datei aus dem Repository wieder her.")
        if known is None and last is not None:
            if (self.project.root / last.datei).exists() or last.datei in self.project.unreadable:
                known = last.datei
            else:
                self.plan.hinweise.append(f"{record.ort}: Den Eintrag „{last.datei}“ zu {record.id} gibt es nicht "
                                          "mehr; er wird nicht neu angelegt. Soll er wieder erscheinen, löschen Sie "
                                          f"den Datensatz „{record.id}“ aus content/importe/{self.art}.yaml.")
                return
        if known is None:
            self._new(record, fields)
        else:
            self._update(record, fields, known, last)

    def _valid(self, record: Datensatz) -> dict[str, Value]:
        """The record's fields the model accepts; refused ones are reported and left out."""
        fields = dict(record.felder)
        for key, value in record.felder.items():
            if isinstance(value, str) and len(value) > LONGEST:
                self.plan.hinweise.append(f"{record.ort}: Feld „{key}“ nicht übernommen: {len(value)} Zeichen, "
                                          f"mehr als die {LONGEST} eines Eintrags.")
                del fields[key]
        relpath = f"quartiere/x/{record.typ}/x.yaml"
        for _ in range(3):
            refused = entry_text.problems_of(relpath, record.typ, fields, self.today)
            if not refused:
                return fields
            if "name" in refused or "*" in refused:
                raise ImportFehler(f"{record.ort}: Der Name „{fields.get('name')}“ wird nicht angenommen "
                                   f"({refused.get('name') or refused.get('*')}).")
            for key, message in refused.items():
                self.plan.hinweise.append(f"{record.ort}: Feld „{key}“ nicht übernommen: {message}")
                fields = {k: v for k, v in fields.items() if k.split(".")[0] != key}
        return fields

    def _folder(self, record: Datensatz, fields: dict[str, Value]) -> tuple[str, str | None]:
        """Where a new entry goes (and its quarter): where the source guide had it if this project has that
        quarter, a region-wide one to content/<typ>/ (with the listed quarters this project has); else the quarter
        by ``--quartier``, postcode or position."""
        if record.bereich == REGION and "quartiere" in fields:
            shown = fields["quartiere"]
            listed = [shown] if isinstance(shown, str) else [str(q) for q in shown] if isinstance(shown, list) else []
            kept = [q for q in listed if q == "alle" or q in self.project.quarters]
            if kept != listed:
                self.plan.hinweise.append(f"{record.ort}: „{fields['name']}“: die Quartiere "
                                          f"{', '.join(q for q in listed if q not in kept)} gibt es hier nicht.")
            if kept:
                fields["quartiere"] = kept if isinstance(shown, list) else kept[0]
                return f"content/{record.typ}", None
        fields.pop("quartiere", None)
        quarter = record.bereich if record.bereich in self.project.quarters else None
        quarter = quarter or choose_quarter(self.project, record, self.forced)
        return f"quartiere/{quarter}/{record.typ}", quarter

    def _fit(self, record: Datensatz, fields: dict[str, Value], quarter: str | None) -> None:
        """Leave out the topics and the Kontakt this project does not have (reported): check would refuse them."""
        topics = fields.get("kategorien")
        if isinstance(topics, list) and record.bereich is not None:
            missing = [str(t) for t in topics if t not in self.project.kategorien]
            if missing:
                self.plan.hinweise.append(f"{record.ort}: „{fields['name']}“: die Themen {', '.join(missing)} gibt "
                                          "es hier nicht (content/kategorien.yaml); nicht übernommen.")
                fields["kategorien"] = [str(t) for t in topics if t not in missing]
        contact = fields.get("kontakt")
        if isinstance(contact, str):
            places = ([f"quartiere/{quarter}/kontakte/{contact}"] if quarter else []) + [f"content/kontakte/{contact}"]
            if not any(self._exists(f"{place}.yaml") for place in places):
                self.plan.hinweise.append(f"{record.ort}: „{fields['name']}“: den Kontakt „{contact}“ gibt es hier "
                                          f"nicht ({' oder '.join(places)}.yaml); Feld „kontakt“ nicht übernommen.")
                del fields["kontakt"]

    def _new(self, record: Datensatz, fields: dict[str, Value]) -> None:
        folder, quarter = self._folder(record, fields)
        self._fit(record, fields, quarter)
        if record.name_erfunden and fields["name"] == "Spielplatz" and quarter:
            fields["name"] = f"Spielplatz {self.project.quarters[quarter].name}"
        base_name = str(fields["name"])
        number = 1
        while True:
            given = slugify(record.kuerzel or "") if record.kuerzel else ""
            slug = given or slugify(str(fields["name"])) or slugify(f"{record.typ}-{record.id}")
            relpath = f"{folder}/{slug}.yaml"
            if not self._exists(relpath):
                break
            number += 1
            if record.name_erfunden:
                fields["name"] = f"{base_name} {number}"
            else:
                relpath = f"{folder}/{slug}-{number}.yaml"
                if not self._exists(relpath):
                    break
        self.taken.add(relpath)
        text = entry_text.new_entry(relpath, record.typ, fields, self.found.herkunft, self._quelle(record), self.today,
                                    min(record.stand or self.today, self.today))
        self._write(self.project.root / relpath, text, None)
        self.plan.neu.append((relpath, record.id))
        self.states[record.id] = state.Stand(relpath, self.bezug, fields)

    def _exists(self, relpath: str) -> bool:
        path = self.project.root / relpath
        return relpath in self.taken or any(path.with_suffix(s).exists() for s in (".yaml", ".yml", ".md"))

    def _update(self, record: Datensatz, fields: dict[str, Value], relpath: str, last: state.Stand | None) -> None:
        path = self.project.root / relpath
        old_text = path.read_text(encoding="utf-8") if path.is_file() else ""
        try:
            tree = compose(old_text)
        except yaml.YAMLError:
            tree = None
        if not isinstance(tree, MappingNode) or relpath in self.project.unreadable:
            self.plan.hinweise.append(f"{relpath}: Die Datei lässt sich nicht lesen (wegweiser check zeigt die "
                                      "Stelle); sie bleibt unverändert.")
            return
        parts = relpath.split("/")
        self._fit(record, fields, parts[1] if parts[0] == "quartiere" else None)
        if parts[0] == "quartiere":
            fields.pop("quartiere", None)
        previous = dict(last.werte) if last is not None else {}
        if record.name_erfunden and "name" in previous:
            fields["name"] = previous["name"]  # a made-up name stays as first written
        schema = schema_for(relpath)
        updates: dict[str, Value | None] = {}
        for key in sorted(set(previous) | set(fields)):
            before, now = _node(previous.get(key)), _node(fields.get(key))
            current = _at(tree, key)
            if _same(before, now, schema, key):
                continue
            if _same(current, before, schema, key):
                updates[key] = fields.get(key)
                self.plan.aenderungen.append(Aenderung(relpath, _line(tree, key), key, previous.get(key),
                                                       fields.get(key)))
            elif not _same(current, now, schema, key):
                self.plan.konflikte.append(Konflikt(relpath, _line(tree, key), key, previous.get(key),
                                                    fields.get(key), _plain(current)))
        self.states[record.id] = state.Stand(relpath, self.bezug, fields)
        if updates:
            self._patch(relpath, old_text, tree, updates, record)

    def _quelle(self, record: Datensatz) -> dict[str, object]:
        """The entry's ``quelle``: this source and the record's id; an entry the source guide had imported itself
        keeps that original source (its licence goes on; content/importe/<art>.yaml links it to this record)."""
        return record.quelle or entry_text.quelle(self.found.herkunft, record.id, self.today)

    def _patch(self, relpath: str, old_text: str, tree: MappingNode, updates: dict[str, Value | None],
               record: Datensatz) -> None:
        data = yaml.safe_load(old_text)
        for key, value in updates.items():
            head, _, rest = key.partition(".")
            target = data.setdefault(head, {}) if rest else data
            name = rest or head
            if not isinstance(target, dict):
                target = data[head] = {}
            if value is None:
                target.pop(name, None)
                if rest and not target:
                    data.pop(head, None)
            else:
                target[name] = value
        data["quelle"] = self._quelle(record)
        schema = schema_for(relpath)
        new_tree = compose(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        assert new_tree is not None
        entry_text.hand_written(new_tree)
        try:
            text = splice(old_text, tree, new_tree, schema)
            if not same(compose(text), new_tree, schema):
                raise Unspliceable("reads back differently")
        except (Unspliceable, yaml.YAMLError, ValueError, IndexError):
            self.plan.hinweise.append(f"{relpath}: Die Datei lässt sich nicht gezielt ändern (Anker oder eine "
                                      "ungewöhnliche Schreibweise); sie bleibt unverändert.")
            return
        self._write(self.project.root / relpath, text, old_text)

    def _write(self, path: Path, text: str, old: str | None) -> None:
        inside = path.is_relative_to(self.project.root)
        relpath = path.relative_to(self.project.root).as_posix() if inside else str(path)
        if not inside or not writable(self.project.root, relpath):
            raise ImportFehler(f"{relpath}: liegt nicht in content/ oder quartiere/ des Projekts (oder ein Ordner "
                               "auf dem Weg ist ein symbolischer Link hinaus); dorthin schreibt der Import nicht.")
        self.plan.dateien[path] = text.encode("utf-8")
        self.plan.erwartet[path] = None if old is None else digest(path.read_bytes())

    def _gone(self, seen: set[str]) -> None:
        for record_id, stand in sorted(self.states.items()):
            if record_id in seen or stand.quelle != self.bezug:
                continue
            where = self.project.by_source.get((self.art, record_id), stand.datei)
            if (self.project.root / where).exists():
                self.plan.verschwunden.append((record_id, where))


def _same(a: Node | None, b: Node | None, schema: Schema, key: str) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return same(a, b, schema, tuple(key.split(".")))


def plan(project: Project, found: Gelesen, today: date, quarter: str | None, bezug: str) -> Plan:
    """``bezug``: the name of the file or folder read (a second OSM extract does not make the first one's
    playgrounds "gone")."""
    if not found.datensaetze:
        found.hinweise.append("Die Quelle enthält keinen passenden Datensatz.")
    return Planner(project, found, today, quarter, bezug).run()

