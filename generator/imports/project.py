"""The project an import writes into: checked to be one (content/ and quartiere/), its quarters with postcodes
and centres, the entries that came from a source before (found by ``quelle``, wherever an editor moved them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wegweiser.content.loading import outside_link
from wegweiser.imports.records import Datensatz, ImportFehler
from wegweiser.model.entries import ENTRY_TYPES

_FAST: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Quarter:
    slug: str
    name: str
    plz: list[str]
    geo: tuple[float, float] | None


@dataclass
class Project:
    root: Path
    quarters: dict[str, Quarter]
    by_source: dict[tuple[str, str], str] = field(default_factory=dict)  # (art, id) → entry file (relative)
    kategorien: set[str] = field(default_factory=set)  # the slugs of content/kategorien.yaml
    unreadable: list[str] = field(default_factory=list)  # entry files that do not parse (not touched)


def open_project(folder: Path) -> Project:
    root = folder.resolve()
    if not (root / "content").is_dir() or not (root / "quartiere").is_dir():
        raise ImportFehler(f"„{folder}“ ist kein Wegweiser-Projekt (es fehlen die Ordner „content“ und "
                           "„quartiere“). Geben Sie den Projektordner an; außerhalb schreibt der Import nichts.")
    for name in ("content", "quartiere"):
        if outside_link(root / name, root) is not None:
            raise ImportFehler(f"„{name}“ ist ein Verweis aus dem Projekt hinaus; der Import schreibt dort nicht.")
    project = Project(root, {})
    for path in sorted((root / "quartiere").glob("*/quartier.yaml")):
        data = _load(path)
        if not isinstance(data, dict):
            continue
        geo = data.get("geo")
        point = (float(geo["lat"]), float(geo["lon"])) if isinstance(geo, dict) and \
            isinstance(geo.get("lat"), int | float) and isinstance(geo.get("lon"), int | float) else None
        project.quarters[path.parent.name] = Quarter(path.parent.name, str(data.get("name") or path.parent.name),
                                                     [str(p) for p in data.get("plz") or []], point)
    topics = _load(root / "content" / "kategorien.yaml")
    project.kategorien = {str(slug) for slug in topics} if isinstance(topics, dict) else set()
    _find_imported(project)
    return project


def _load(path: Path) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_FAST)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None


def entry_files(root: Path) -> list[Path]:
    """Every original entry file (translations ``name.en.yaml`` aside: they carry no ``quelle``)."""
    found: list[Path] = []
    for typ in ENTRY_TYPES:
        for folder in [root / "content" / typ, *sorted((root / "quartiere").glob(f"*/{typ}"))]:
            if folder.is_dir():
                found += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and
                                p.stem.count(".") == 0 and not p.name.startswith("."))
    return found


def _find_imported(project: Project) -> None:
    for path in entry_files(project.root):
        shown = path.relative_to(project.root).as_posix()
        data = _load(path)
        if data is None:
            project.unreadable.append(shown)
            continue
        source = data.get("quelle") if isinstance(data, dict) else None
        if isinstance(source, dict) and source.get("art") and source.get("id") is not None:
            project.by_source[(str(source["art"]), str(source["id"]))] = shown


def entry_path(relpath: str) -> bool:
    """Whether ``relpath`` names an entry file: content/<typ>/<name>.yaml or quartiere/<quarter>/<typ>/<name>.yaml
    (no hidden or ``..`` part). ``content/importe/<art>.yaml`` is edited by hand at times: a ``datei`` there naming
    ``../x.yaml`` or ``content/site.yaml`` must not become a target."""
    parts = relpath.split("/")
    if any(not part or part.startswith(".") for part in parts) or not parts[-1].endswith((".yaml", ".yml")):
        return False
    return (len(parts) == 3 and parts[0] == "content" and parts[1] in ENTRY_TYPES) or \
        (len(parts) == 4 and parts[0] == "quartiere" and parts[2] in ENTRY_TYPES)


def writable(root: Path, relpath: str) -> bool:
    """Whether the import may write ``relpath``: an entry file or its own state (content/importe/<art>.yaml), in
    a folder that is no symbolic link out of content/ and quartiere/."""
    parts = relpath.split("/")
    is_state = len(parts) == 3 and parts[:2] == ["content", "importe"] and not parts[2].startswith(".")
    return (is_state or entry_path(relpath)) and outside_link(root / relpath, root) is None


def choose_quarter(project: Project, record: Datensatz, forced: str | None) -> str:
    """The quarter a new entry goes to: ``--quartier``; else the one whose ``plz`` has the record's postcode;
    else the nearest quarter centre (``geo`` in quartier.yaml). Raises ImportFehler (per record) if none fits."""
    if forced:
        return forced
    if record.plz:
        matching = [q.slug for q in project.quarters.values() if record.plz in q.plz]
        if len(matching) == 1:
            return matching[0]
        if len(matching) > 1:
            raise ImportFehler(f"{record.ort}: Die Postleitzahl {record.plz} gehört zu mehreren Quartieren "
                               f"({', '.join(matching)}); wählen Sie eins mit --quartier.")
    centres = [(q.slug, q.geo) for q in project.quarters.values() if q.geo is not None]
    if record.geo is not None and centres:
        return min(centres, key=lambda item: _distance(record.geo, item[1]))[0]  # type: ignore[arg-type]
    raise ImportFehler(f"{record.ort}: Kein Quartier passt (Postleitzahl {record.plz or 'unbekannt'}, keine Lage "
                       "oder kein Quartier mit „geo“). Geben Sie das Quartier mit --quartier an.")


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the sphere up to a constant (equirectangular: fine for comparing nearby centres)."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return x * x + y * y
