"""Attacks on issue 30's commands (import, bericht, the HSDS export): paths outside the project, hostile source
data. Each test names what a broken implementation did."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from test_import_quellen import FIXTURES, QUARTIER, run


@pytest.fixture
def projekt(scratch: Callable[..., Path]) -> Path:
    return scratch("quartiere/testviertel/quartier.yaml", QUARTIER)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("datei", ["../victim.yaml", "ABSOLUTE", "content/site.yaml", ".git/victim.yaml"])
def test_state_file_naming_a_file_outside_the_entries(projekt: Path, datei: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Before: a hand-edited ``datei`` in content/importe/osm.yaml made the import patch that file, wherever it
    was (``../victim.yaml`` beside the project got name, geo and quelle of a playground)."""
    source = str(FIXTURES / "spielplaetze.geojson")
    assert run("osm", source, str(projekt)) == 0
    victim = projekt.parent / "victim.yaml" if datei != ".git/victim.yaml" else projekt / datei
    victim.parent.mkdir(exist_ok=True)
    victim.write_text("a: 1\n", encoding="utf-8")
    named = str(victim) if datei == "ABSOLUTE" else datei
    target = victim if datei != "content/site.yaml" else projekt / datei
    state_file = projekt / "content/importe/osm.yaml"
    states = yaml.safe_load(state_file.read_text(encoding="utf-8"))
    entry = projekt / states["node/123"]["datei"]
    entry.unlink()  # the entry is found by the state file only
    states["node/123"] = {"datei": named, "quelle": "spielplaetze.geojson", "werte": {}}
    state_file.write_text(yaml.safe_dump(states, allow_unicode=True), encoding="utf-8")
    before = target.read_bytes()
    capsys.readouterr()
    assert run("osm", source, str(projekt)) == 0
    assert target.read_bytes() == before
    out = capsys.readouterr().out
    assert "content/importe/osm.yaml" in out and "node/123" in out and "keine Eintragsdatei" in out


@pytest.mark.parametrize("link", ["quartiere/testviertel/spielplaetze", "content/importe"])
def test_symlinked_folder_out_of_the_project(projekt: Path, tmp_path: Path, link: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Before: a type folder (or content/importe) that is a symbolic link out of the project received the new
    entries (or the import's state) there."""
    outside = tmp_path / "draussen"
    outside.mkdir()
    (projekt / link).symlink_to(outside, target_is_directory=True)
    code = run("osm", str(FIXTURES / "spielplaetze.geojson"), str(projekt))
    assert tree(outside) == {}
    if link == "content/importe":
        assert code == 2 and "symbolischer Link" in capsys.readouterr().err
    else:
        assert code == 0 and "symbolischer Link" in capsys.readouterr().out


def hsds_copy(tmp_path: Path, change: Callable[[str], str]) -> Path:
    """The HSDS fixture with its first service's file changed as text."""
    folder = tmp_path / "hsds"
    shutil.copytree(FIXTURES / "hsds", folder)
    service = folder / "services" / "6f1c2d3e-0000-4000-8000-000000000001.json"
    service.write_text(change(service.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def add_key(text: str, raw: str) -> str:
    return text.rstrip().removesuffix("}") + f', "x": {raw}}}'


@pytest.mark.parametrize(("hostile", "said"), [
    (lambda t: add_key(t, "[" * 100_000 + "]" * 100_000), "zu tief verschachtelt"),
    (lambda t: add_key(t, "9" * 5000), "zu viele Ziffern"),
    (lambda t: t.replace('"name": "', '"name": "\\ud800', 1), "\\ud800"),
])
def test_hostile_json_is_refused_in_german(projekt: Path, tmp_path: Path, hostile: Callable[[str], str], said: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Before: nesting deeper than the parser goes, a number of 5,000 digits and half a UTF-16 pair (which
    cannot be written as UTF-8) each ended in "interner Fehler" (RecursionError, ValueError,
    UnicodeEncodeError)."""
    before = tree(projekt)
    assert run("hsds", str(hsds_copy(tmp_path, hostile)), str(projekt)) == 2
    err = capsys.readouterr().err
    assert "services/6f1c2d3e-0000-4000-8000-000000000001.json" in err and said in err
    assert "interner Fehler" not in err and tree(projekt) == before
    geojson = tmp_path / "spielplaetze.geojson"
    geojson.write_text(hostile((FIXTURES / "spielplaetze.geojson").read_text(encoding="utf-8")), encoding="utf-8")
    assert run("osm", str(geojson), str(projekt)) == 2
    err = capsys.readouterr().err
    assert "spielplaetze.geojson" in err and said in err and tree(projekt) == before


def test_a_field_of_megabytes_is_left_out(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: a description of 2 MB took a minute to check and write as YAML, one of 50 MB three and a half; the
    import looked hung. Now a field longer than any entry's text is left out with a note."""
    long = "Lorem ipsum dolor. " * 2000  # 38,000 characters
    source = hsds_copy(tmp_path, lambda t: t.replace('"description": "', f'"description": "{long}', 1))
    assert run("hsds", str(source), str(projekt)) == 0
    assert "Feld „beschreibung“ nicht übernommen: 38" in capsys.readouterr().out
    written = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in projekt.rglob("elterncafe-nachbarstadt.yaml")]
    assert written and "beschreibung" not in written[0]


def test_schuldaten_header_over_the_csv_limit(projekt: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Before: a header field longer than the csv module's limit (128 KiB) ended in "interner Fehler"."""
    sep, header, *rows = (FIXTURES / "schuldaten.csv").read_text(encoding="utf-8").split("\n")
    source = tmp_path / "schuldaten.csv"
    source.write_text("\n".join([sep, header + ';"' + "x" * 200_000 + '"', *rows]), encoding="utf-8")
    before = tree(projekt)
    assert run("schulen-nrw", str(source), str(projekt)) == 2
    err = capsys.readouterr().err
    assert "schuldaten.csv:2:" in err and "interner Fehler" not in err and tree(projekt) == before


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
OSM = ('<?xml version="1.0"?><!DOCTYPE osm [<!ENTITY l0 "lol">{dtd}]><osm><node id="1" lat="51.51" lon="7.46">'
       '<tag k="leisure" v="playground"/><tag k="name" v="{name}"/></node></osm>')


@pytest.mark.parametrize(("dtd", "name"), [(LAUGHS, "&l9;"), ('<!ENTITY x SYSTEM "file:///etc/passwd">', "a&x;")])
def test_osm_xml_entities_are_not_expanded(projekt: Path, tmp_path: Path, dtd: str, name: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A billion-laughs DTD (10^9 characters) and an external entity are refused by the parser (expat ≥ 2.4
    limits the amplification; ElementTree resolves no external entity): nothing expanded, nothing written."""
    source = tmp_path / "bombe.osm"
    source.write_text(OSM.format(dtd=dtd, name=name), encoding="utf-8")
    before = tree(projekt)
    assert run("osm", str(source), str(projekt)) == 2
    assert "bombe.osm:1: Keine gültige OSM-XML-Datei" in capsys.readouterr().err and tree(projekt) == before


def test_coordinates_off_the_earth_are_named(projekt: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Before: latitude and longitude swapped past 90° (or UTM metres in a GeoJSON) were reported as "keine
    Zahlenpaare", which they are; the editor could not see what was wrong."""
    geojson = tmp_path / "spielplaetze.geojson"
    geojson.write_text((FIXTURES / "spielplaetze.geojson").read_text(encoding="utf-8")
                       .replace("[7.4701, 51.5201]", "[394000.5, 5710000.25]"), encoding="utf-8")
    before = tree(projekt)
    assert run("osm", str(geojson), str(projekt)) == 2
    err = capsys.readouterr().err
    assert "spielplaetze.geojson, Objekt 3" in err and "[394000.5, 5710000.25] liegt nicht auf der Erde" in err
    assert tree(projekt) == before


def test_bericht_into_a_folder_suggests_a_report_name(projekt: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Before: `bericht -o FOLDER` suggested „pruefliste.md“, another command's file."""
    from wegweiser.cli import main

    assert main(["bericht", str(projekt), "-o", str(tmp_path), "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "ist ein Ordner" in err and "„bericht.pdf“" in err and "pruefliste" not in err
