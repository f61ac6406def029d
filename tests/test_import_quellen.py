"""wegweiser import: NRW school data, OpenStreetMap playgrounds and an HSDS export become entries; a second run
changes nothing, updates what changed at the source and keeps (and reports) what an editor changed."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from wegweiser.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"
QUARTIER = """name: Testviertel
ort: Lindenberg
koordination: koordination
stand: 2026-10-01
geo: {lat: 51.5139, lon: 7.4653}
plz: ["59989", "59990", "50677"]
"""


@pytest.fixture
def projekt(scratch: Callable[..., Path]) -> Path:
    return scratch("quartiere/testviertel/quartier.yaml", QUARTIER)


def run(*args: str) -> int:
    return main(["import", *args, "--stichtag", "2026-12-07"])


def entries(root: Path, typ: str) -> dict[str, dict[str, object]]:
    folder = root / "quartiere" / "testviertel" / typ
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))}


def by_id(root: Path, typ: str) -> dict[str, dict[str, object]]:
    return {str(e["quelle"]["id"]): e for e in entries(root, typ).values() if "quelle" in e}  # type: ignore[index]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the sphere (R = 6371 km); at 1 m the difference to the ellipsoid does not matter."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6_371_000 * math.hypot(x, math.radians(b[0] - a[0]))


def test_schools_from_the_official_layout(projekt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("schulen-nrw", str(FIXTURES / "schuldaten.csv"), str(projekt)) == 0
    schools = by_id(projekt, "schulen")
    assert set(schools) == {"112586", "199001", "199002"}  # 299003's postcode is in no quarter
    koeln = schools["112586"]
    assert koeln["name"] == "Städt. Gem. Grundschule - Primarstufe -"
    assert koeln["schulform"] == "Grundschule" and koeln["schulnummer"] == "112586"
    assert koeln["adresse"] == {"strasse": "Pfälzer Str. 30-34", "plz": "50677", "ort": "Köln"}
    assert koeln["telefon"] == "0221 35500770" and koeln["web"] == "http://www.ggs-pfaelzer-strasse-koeln.de"
    assert koeln["quelle"]["lizenz"] == "dl-de/by-2-0"  # type: ignore[index]
    assert koeln["quelle"]["name"] == "Ministerium für Schule und Bildung NRW"  # type: ignore[index]
    # The reference point: E 560538.097, N 6323439.984 in EPSG:25832 is lat 57.050412, lon 9.997917 as published
    # with a GDAL example (converted by twcc.fr, an independent converter).
    geo = schools["199001"]["geo"]
    assert metres((geo["lat"], geo["lon"]), (57.050412, 9.997917)) < 1  # type: ignore[index]
    # hostile text stays text; the bidirectional override is removed and reported
    assert schools["199001"]["name"] == 'Gymnasium "Am Wall" <script>alert(1)</script>'
    assert schools["199002"]["name"] == "Realschule Nord"
    assert "U+202E" in capsys.readouterr().out
    assert main(["check", str(projekt), "--stichtag", "2026-12-07"]) == 0


def test_second_run_editor_change_and_source_change(projekt: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = FIXTURES / "schuldaten.csv"
    assert run("schulen-nrw", str(source), str(projekt)) == 0
    first = snapshot(projekt)
    assert run("schulen-nrw", str(source), str(projekt)) == 0
    assert snapshot(projekt) == first  # nothing changed at the source: every file byte for byte
    name = next(n for n, e in entries(projekt, "schulen").items() if e["schulnummer"] == "199001")
    path = projekt / "quartiere/testviertel/schulen" / name
    path.write_text(path.read_text(encoding="utf-8").replace("telefon: 02931 5550", "telefon: 02931 9999"),
                    encoding="utf-8")
    changed = tmp_path / "schuldaten.csv"
    changed.write_text(source.read_text(encoding="utf-8").replace("02931;5550", "02931;7777")
                       .replace("gym@example.org", "info@example.org"), encoding="utf-8")
    capsys.readouterr()
    assert run("schulen-nrw", str(changed), str(projekt), "--probe") == 0
    probe = capsys.readouterr().out
    assert snapshot(projekt) == {**first, path.relative_to(projekt).as_posix(): path.read_bytes()}  # probe: no write
    assert "„gym@example.org“ → „info@example.org“" in probe
    assert run("schulen-nrw", str(changed), str(projekt)) == 0
    out = capsys.readouterr().out
    school = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert school["email"] == "info@example.org"  # changed at the source, untouched by the editor: updated
    assert school["telefon"] == "02931 9999"  # the editor's value survives
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("telefon:"))
    assert f"{name}:{line}: Feld „telefon“: zuletzt übernommen „02931 5550“, jetzt in der Quelle „02931 7777“, " \
           "in der Datei „02931 9999“" in out
    assert set(by_id(projekt, "schulen")) == {"112586", "199001", "199002"}  # same files, no duplicate


def test_gone_records_are_reported_not_deleted(projekt: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = FIXTURES / "schuldaten.csv"
    assert run("schulen-nrw", str(source), str(projekt)) == 0
    shorter = tmp_path / "schuldaten.csv"
    shorter.write_text("\n".join(line for line in source.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith("199002")) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert run("schulen-nrw", str(shorter), str(projekt)) == 0
    out = capsys.readouterr().out
    assert "Nicht mehr in der Quelle (1)" in out and "realschule-nord.yaml (Kennung 199002)" in out
    assert "199002" in by_id(projekt, "schulen")


def test_playgrounds_from_geojson_and_osm(projekt: Path) -> None:
    assert run("osm", str(FIXTURES / "spielplaetze.geojson"), str(projekt)) == 0
    assert run("osm", str(FIXTURES / "spielplatz.osm"), str(projekt)) == 0
    places = by_id(projekt, "spielplaetze")
    assert set(places) == {"way/456", "node/123", "node/124", "way/777"}
    weiher = places["way/456"]
    # the centroid of the square 7.460–7.462 / 51.510–51.512 is its middle
    assert metres((weiher["geo"]["lat"], weiher["geo"]["lon"]), (51.511, 7.461)) < 1  # type: ignore[index]
    assert weiher["alter"] == {"von": 2, "bis": 12}
    assert weiher["zugang"] == {"rollstuhl": "teilweise"}
    assert weiher["ausstattung"] == ["Schaukel", "Rutsche", "Sandkasten", "Sandboden"]  # the sandpit node inside
    assert places["node/123"]["name"] == "Spielplatz Lindenallee"  # unnamed: after its street
    assert places["node/123"]["zugang"] == {"rollstuhl": "ja", "wickeltisch": "nein"}  # as the files write it
    assert places["node/124"]["name"] == 'Kinderplatz "Nord" <script>x</script>'  # no override, no line break
    muehle = places["way/777"]
    assert metres((muehle["geo"]["lat"], muehle["geo"]["lon"]), (51.501, 7.402)) < 1  # type: ignore[index]
    assert muehle["ausstattung"] == ["Wippe"] and muehle["zugang"] == {"wickeltisch": "ja"}
    assert muehle["quelle"]["lizenz"] == "ODbL 1.0"  # type: ignore[index]
    assert main(["check", str(projekt), "--stichtag", "2026-12-07"]) == 0


def test_hsds_export(projekt: Path) -> None:
    assert run("hsds", str(FIXTURES / "hsds"), str(projekt)) == 0
    cafe = by_id(projekt, "angebote")["6f1c2d3e-0000-4000-8000-000000000001"]
    assert cafe["name"] == "Elterncafé Nachbarstadt" and cafe["traeger"] == "Familienzentrum Nachbarstadt"
    assert cafe["kosten"] == "kostenlos" and cafe["sprachen"] == ["de", "tr"]
    assert cafe["oeffnungszeiten"] == "Tu,Th 09:30-11:30"
    assert cafe["adresse"] == {"strasse": "Marktstraße 3", "plz": "59989", "ort": "Lindenberg"}
    assert cafe["quelle"]["lizenz"] == "CC BY 4.0"  # type: ignore[index]
    assert cafe["quelle"]["name"] == "Familienwegweiser Nachbarstadt"  # type: ignore[index]
    assert "6f1c2d3e-0000-4000-8000-000000000002" in by_id(projekt, "kitas")  # page 2, typed by its attribute
    assert main(["check", str(projekt), "--stichtag", "2026-12-07"]) == 0


def test_hsds_without_licence_needs_the_flag(projekt: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "hsds", export)
    (export / "index.json").write_text('{"version": "3.0"}', encoding="utf-8")
    assert run("hsds", str(export), str(projekt)) == 2
    assert "--lizenz" in capsys.readouterr().err
    assert run("hsds", str(export), str(projekt), "--lizenz", "CC0 1.0") == 0


@pytest.mark.parametrize(("art", "name", "text", "expected"), [
    ("schulen-nrw", "schuldaten.csv", "sep=;\nSchulnummer;Schulform;PLZ\n1;02;59989\n",
     "schuldaten.csv:2: In der Kopfzeile fehlen die Spalten Schulbezeichnung_1, Ort, Strasse"),
    ("schulen-nrw", "schuldaten.csv", "Schulnummer,Schulform,Schulbezeichnung_1\n",
     "schuldaten.csv:1: Die Spalten sind nicht mit „;“ getrennt"),
    ("osm", "x.geojson", '{"type": "FeatureCollection",\n "features": [\n}', "x.geojson:3: Kein gültiges GeoJSON"),
    ("osm", "x.osm", "<osm>\n<node id='1' lat='1' lon='1'>\n</osm>", "x.osm:3: Keine gültige OSM-XML-Datei"),
    ("hsds", "export", '{"hello": "world"}', "services/index.json“"),
])
def test_bad_input_is_a_german_message(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], art: str,
                                       name: str, text: str, expected: str) -> None:
    source = tmp_path / name
    if art == "hsds":
        source.mkdir()
        (source / "index.json").write_text(text, encoding="utf-8")
    else:
        source.write_text(text, encoding="utf-8")
    before = snapshot(projekt)
    assert run(art, str(source), str(projekt)) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "Nichts übernommen" in err
    assert snapshot(projekt) == before


def test_windows_1252_is_read(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "schuldaten.csv"
    source.write_bytes((FIXTURES / "schuldaten.csv").read_text(encoding="utf-8").replace("\u202e", "")
                       .encode("cp1252"))
    assert run("schulen-nrw", str(source), str(projekt)) == 0
    assert "als Windows-1252 gelesen" in capsys.readouterr().out
    assert by_id(projekt, "schulen")["112586"]["adresse"]["ort"] == "Köln"  # type: ignore[index]


def test_not_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("osm", str(FIXTURES / "spielplatz.osm"), str(tmp_path)) == 2
    assert "kein Wegweiser-Projekt" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


KILLED = """
import os, signal, sys
from wegweiser.core import journal
from wegweiser.cli import main
done = []
def replace(src, dst):
    if str(dst).endswith(".yaml") and not str(dst).endswith("journal") and done:
        os.kill(os.getpid(), signal.SIGKILL)  # killed between two renames
    done.append(dst)
    os.rename(src, dst)
journal.os.replace = replace
sys.exit(main(sys.argv[1:]))
"""


def test_a_kill_leaves_nothing_half_written(projekt: Path) -> None:
    import subprocess
    import sys

    args = ["import", "schulen-nrw", str(FIXTURES / "schuldaten.csv"), str(projekt), "--stichtag", "2026-12-07"]
    killed = subprocess.run([sys.executable, "-c", KILLED, *args], capture_output=True, check=False)
    assert killed.returncode == -9
    # the next command finishes the renames the killed one had decided on: all files, none half
    assert main(["check", str(projekt), "--stichtag", "2026-12-07"]) == 0
    assert set(by_id(projekt, "schulen")) == {"112586", "199001", "199002"}
    assert not [p for p in projekt.rglob("*") if p.name.endswith(".neu") or ".wegweiser-uebernahme-" in str(p)]
    first = snapshot(projekt)
    assert run("schulen-nrw", str(FIXTURES / "schuldaten.csv"), str(projekt)) == 0
    assert snapshot(projekt) == first


def test_a_save_through_the_form_keeps_quelle(projekt: Path) -> None:
    """The form does not show ``quelle`` (cms.py), so Decap's text lacks it; the save keeps it."""
    from datetime import date

    from wegweiser.editors.roundtrip import merge

    assert run("osm", str(FIXTURES / "spielplaetze.geojson"), str(projekt)) == 0
    relpath = "quartiere/testviertel/spielplaetze/spielplatz-lindenallee.yaml"
    old = (projekt / relpath).read_text(encoding="utf-8")
    data = yaml.safe_load(old)
    source = data.pop("quelle")
    data["ausstattung"] = ["Klettergerüst", "Bank"]
    written = merge(old, yaml.safe_dump(data, allow_unicode=True), relpath, date(2026, 12, 8))
    saved = yaml.safe_load(written)
    assert saved["quelle"] == source and saved["ausstattung"] == ["Klettergerüst", "Bank"]
    assert merge(old, yaml.safe_dump({**data, "ausstattung": ["Klettergerüst"]}, allow_unicode=True), relpath,
                 date(2026, 12, 8)) == old  # nothing changed: byte for byte
