"""``wegweiser import``: read the source, plan, show the plan in German and (without ``--probe``) write every file
all or nothing (``core.journal``: temporary files beside the targets, then renames that a later run completes or
undoes if the process was killed)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wegweiser.core.journal import Journal, signals_deferred
from wegweiser.imports import hsds, osm, schools_nrw
from wegweiser.imports.plan import Plan, plan
from wegweiser.imports.project import open_project
from wegweiser.imports.records import Gelesen, ImportFehler, Value

ARTEN = ("schulen-nrw", "osm", "hsds")


@dataclass(frozen=True)
class Auftrag:
    """What the command line asked for."""

    art: str
    quelle: Path
    ordner: Path
    probe: bool = False
    quartier: str | None = None
    schulnummern: tuple[str, ...] = ()
    lizenz: str | None = None
    lizenz_url: str | None = None


def read_source(job: Auftrag, plz: Collection[str]) -> Gelesen:
    if job.art == "hsds":
        if not job.quelle.exists():
            raise ImportFehler(f"„{job.quelle}“ gibt es nicht.")
        return hsds.read(job.quelle, job.lizenz, job.lizenz_url)
    if not job.quelle.is_file():
        raise ImportFehler(f"Die Datei „{job.quelle}“ gibt es nicht.")
    if job.art == "osm":
        return osm.read(job.quelle)
    if not job.schulnummern and not plz:
        raise ImportFehler("Kein Quartier hat Postleitzahlen (plz in quartier.yaml); nennen Sie die Schulen mit "
                           "--schulnummern 123456,234567.")
    return schools_nrw.read(job.quelle, plz, job.schulnummern)


def prepare(job: Auftrag, today: date) -> Plan:
    """The plan; raises ImportFehler (German) when the source or the project cannot be used."""
    project = open_project(job.ordner)
    plz = {code for quarter in project.quarters.values() for code in quarter.plz}
    if job.quartier and job.quartier in project.quarters and not job.schulnummern:
        plz = set(project.quarters[job.quartier].plz)
    return plan(project, read_source(job, plz), today, job.quartier, job.quelle.resolve().name)


def write(job: Auftrag, result: Plan) -> None:
    """All files or none."""
    root = job.ordner.resolve()
    for path in result.dateien:
        path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal.prepare(root, result.dateien, result.erwartet)
    with signals_deferred():
        journal.commit()


def _shown(value: object) -> str:
    if value is None:
        return "(leer)"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(leer)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def quoted(value: Value | object) -> str:
    return f"„{_shown(value)}“"


def report(result: Plan, probe: bool) -> list[str]:
    """The German report: new files, changed fields (old → new), conflicts, records gone, notes."""
    lines = ["Probelauf (--probe): es wird nichts geschrieben." if probe else ""]
    if result.neu:
        lines.append(f"Neue Einträge ({len(result.neu)}):")
        lines += [f"  {path}  (Kennung {record_id})" for path, record_id in result.neu]
    if result.aenderungen:
        lines.append(f"Geänderte Felder ({len(result.aenderungen)}):")
        lines += [f"  {c.datei}:{c.zeile}: {c.feld}: {quoted(c.alt)} → {quoted(c.neu)}" for c in result.aenderungen]
    if result.konflikte:
        lines.append(f"Nicht überschrieben, weil die Redaktion das Feld geändert hat ({len(result.konflikte)}):")
        lines += [f"  {c.datei}:{c.zeile}: Feld „{c.feld}“: zuletzt übernommen {quoted(c.importiert)}, jetzt in der "
                  f"Quelle {quoted(c.quelle)}, in der Datei {quoted(c.redaktion)}. Übernehmen Sie den neuen Wert "
                  "von Hand, wenn er stimmt." for c in result.konflikte]
    if result.verschwunden:
        lines.append(f"Nicht mehr in der Quelle ({len(result.verschwunden)}):")
        lines += [f"  {path} (Kennung {record_id}): prüfen Sie, ob es das noch gibt; sonst setzen Sie "
                  "„gueltig_bis“ oder löschen die Datei." for record_id, path in result.verschwunden]
    if result.hinweise:
        lines.append(f"Hinweise ({len(result.hinweise)}):")
        lines += [f"  {note}" for note in result.hinweise]
    if not result.neu and not result.aenderungen:
        lines.append("Keine Änderungen: die Einträge sind auf dem Stand der Quelle.")
    elif not probe:
        lines.append(f"Geschrieben: {len(result.dateien)} Dateien. Prüfen Sie mit „wegweiser check“.")
    return [line for line in lines if line]
