"""Round trip: a guide built with ``wegweiser build`` publishes its HSDS export (daten/hsds/); ``wegweiser import
hsds`` of that export into an empty project with the same quarters and topics gives the same entries, field by
field, as the source project's own files; a second import changes nothing; the new project passes check.

Not carried, by design (see the module docs of opendata.hsds and imports.hsds): ``quelle`` of an entry that was
not imported (the import records where it came from), a Kontakt's ``anrede`` (not published), the loader's
internal ``locs`` and ``source``; translations are not exported."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from wegweiser.cli import main
from wegweiser.content.loading import load_content
from wegweiser.core.problems import Problems
from wegweiser.model.entries import Eintrag

from conftest import MINI

TODAY = "2026-11-21"
NOT_CARRIED = {"quelle", "anrede", "locs", "source"}

NORDSTADT = "name: Nordstadt\nort: Teststadt\nstand: 2026-10-01\n"
ENTRIES = {
    # region-wide, with quartiere, a contact reference, hostile text, Markdown with "<", every common field
    "content/angebote/beratung-region.yaml": """\
name: 'Beratung "Überall" <script>alert(1)</script>'
kurz: Für alle Familien der Stadt, auch mit <Kindern> & 'Jugendlichen'.
beschreibung: |
  ## Was es gibt

  Beratung für **Familien** mit Kindern < 3 Jahren und "Jugendlichen" (<b>kostenlos</b>).

  - Ärger in der Schule
  - Geld & Wohnen
quartiere: [testviertel, nordstadt]
kategorien: [fruehe-hilfen, sprache]
schwangerschaft: ja
alter: {von: 0.5, bis: 27}
zeiten: nach Vereinbarung, auch „abends“
kosten: kostenlos, Spenden willkommen
anmeldung: Bitte vorher anrufen.
sprachen: [de, tr, ar]
telefon: 030 23125-200
email: beratung@example.org
web: https://www.example.org/beratung?a=1&b=2
traeger: Diakonie "Teststadt" e. V.
stichworte: [Erziehungsberatung, Ärger]
gueltig_bis: 2027-12-31
kontakt: frau-region
stand: 2026-09-15
""",
    "content/kontakte/frau-region.yaml": """\
name: Frau Özdemir
funktion: Beratung
organisation: Jugendamt Teststadt
sprechzeiten: Di und Do 9–12 Uhr
anrede: Frau Özdemir
telefon: 030 23125-300
email: oezdemir@example.org
quartiere: alle
stand: 2026-09-01
""",
    "quartiere/nordstadt/kontakte/stadtteilbuero.yaml": """\
name: Stadtteilbüro Nordstadt
kurz: Anlaufstelle im Quartier.
organisation: Quartiersmanagement
adresse: {plz: "59998", ort: Teststadt}  # no street: more than HSDS's address can hold
telefon: 030 555-1
stand: 2026-10-01
""",
    # opening hours HSDS expresses as weekly rows, a price, a quarter contact
    "quartiere/nordstadt/angebote/krabbelgruppe.yaml": """\
name: Krabbelgruppe Nord
kurz: Spielen und Austausch für Eltern mit Babys.
kategorien: [fruehe-hilfen]
alter: "0-1"
oeffnungszeiten: Mo,We 09:00-11:00; Th 15:00-17:00
zeiten: nicht in den Ferien
kosten: 2 € pro Treffen
kontakt: stadtteilbuero
adresse: {strasse: Nordring 5, plz: "59998", ort: Teststadt}
stand: 2026-10-04
""",
    "quartiere/testviertel/kitas/kita-sonnenblume.yaml": """\
name: Kita Sonnenblume
kurz: Städtische Kita mit U3-Gruppe.
plaetze: 75
u3: ja
familienzentrum: nein
betreuungszeiten: [25, 35, 45]
kategorien: [fruehe-hilfen]
alter: {bis: 6}
adresse: {strasse: Blumenweg 3, plz: "59999", ort: Teststadt}
geo: {lat: 51.5, lon: 7.25}
oeffnungszeiten: Mo-Fr 07:00-16:30; PH off
zugang: {rollstuhl: teilweise, kinderwagen: ja, wickeltisch: ja, wc_stufenlos: nein}
barrierefrei: Eingang mit Rampe
traeger: Stadt Teststadt
kontakt: koordination
stand: 2026-10-01
""",
    # opening hours HSDS cannot express (months), barrierefrei nein
    "quartiere/testviertel/schulen/grundschule-am-park.yaml": """\
name: Grundschule am Park
schulform: Grundschule
ogs: ja
schulnummer: "123456"
adresse: {strasse: Parkstraße 1, plz: "59999", ort: Teststadt}
oeffnungszeiten: Apr-Oct Mo-Fr 08:00-13:00; PH off
barrierefrei: nein
stand: 2026-10-02
""",
    # imported itself once (OpenStreetMap): that source and its licence go on
    "quartiere/testviertel/spielplaetze/spielplatz-am-weiss-teich.yaml": """\
name: Spielplatz am Weiß-Teich
ausstattung: [Sandkasten, Schaukel, "Rutsche (groß)"]
eingezaeunt: ja
alter: {von: 2, bis: 12}
geo: {lat: 51.51, lon: 7.26}
barrierefrei: ja
zugang: {rollstuhl: ja}
stand: 2026-10-03
quelle:
  art: osm
  id: way/456
  name: © OpenStreetMap-Mitwirkende
  lizenz: ODbL 1.0
  lizenz_url: https://opendatacommons.org/licenses/odbl/1-0/
  abgerufen: 2026-09-30
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The source project (the mini project and the entries above) and its export as the build publishes it;
    built once for the tests here, which only read it."""
    root = tmp_path_factory.mktemp("rundreise") / "quelle"
    shutil.copytree(MINI, root)
    for relpath, text in {"quartiere/nordstadt/quartier.yaml": NORDSTADT, **ENTRIES}.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    with (root / "content" / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write("datenlizenz: CC BY 4.0\n")
    site = root.parent / "site"
    assert main(["build", str(root), "-o", str(site), "--stichtag", TODAY]) == 0
    return root, site / "daten" / "hsds"


def empty_copy(source: Path, target: Path) -> Path:
    """A project with the source's site.yaml, topics and quarters, and no entries."""
    (target / "content").mkdir(parents=True)
    for name in ("site.yaml", "kategorien.yaml"):
        shutil.copy(source / "content" / name, target / "content" / name)
    shutil.copytree(source / "content" / "seiten", target / "content" / "seiten")
    for quarter in (source / "quartiere").iterdir():
        (target / "quartiere" / quarter.name).mkdir(parents=True)
        shutil.copy(quarter / "quartier.yaml", target / "quartiere" / quarter.name / "quartier.yaml")
    return target


def entries(root: Path) -> dict[str, Eintrag]:
    problems = Problems()
    content = load_content(root, problems)
    assert not problems.errors, [p.message for p in problems.errors]
    return {entry.key: entry for entry in content.eintraege}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_export_then_import_gives_the_same_entries(built: tuple[Path, Path], tmp_path: Path) -> None:
    source, export = built
    target = empty_copy(source, tmp_path / "neu")
    assert main(["import", "hsds", str(export), str(target), "--stichtag", TODAY]) == 0
    before, after = entries(source), entries(target)
    assert set(after) == set(before)  # same types, quarters (region-wide stays region-wide) and file names
    assert len(before) == len(ENTRIES) + 2  # the mini project's Elterncafé and Koordination too
    for key, original in before.items():
        imported = after[key]
        assert type(imported) is type(original)
        for item in dataclasses.fields(original):
            if item.name in NOT_CARRIED:
                continue
            assert getattr(imported, item.name) == getattr(original, item.name), (key, item.name)
    # quelle: the source of an entry the source guide had imported itself stays; the others name the export
    assert after["testviertel/spielplaetze/spielplatz-am-weiss-teich"].quelle == \
        before["testviertel/spielplaetze/spielplatz-am-weiss-teich"].quelle
    cafe = after["region/angebote/beratung-region"].quelle
    assert cafe is not None and (cafe.art, cafe.name, cafe.lizenz) == ("hsds", "Familienbüro Teststadt", "CC BY 4.0")
    assert main(["check", str(target), "--stichtag", TODAY]) == 0
    first = snapshot(target)
    assert main(["import", "hsds", str(export), str(target), "--stichtag", "2026-11-28"]) == 0
    assert snapshot(target) == first  # a second run (a week later) changes nothing, byte for byte


def test_topics_quarters_and_contacts_the_target_lacks(built: tuple[Path, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    source, export = built
    target = empty_copy(source, tmp_path / "neu")
    (target / "content" / "kategorien.yaml").write_text("fruehe-hilfen:\n  name: Frühe Hilfen\n", encoding="utf-8")
    shutil.rmtree(target / "quartiere" / "nordstadt")
    partial = tmp_path / "export"
    shutil.copytree(export, partial)
    # without the region's Kontakt „frau-region“
    listing = json.loads((partial / "services" / "index.json").read_text(encoding="utf-8"))
    gone = next(s["id"] for s in listing["contents"] if s["name"] == "Frau Özdemir")
    listing["contents"] = [s for s in listing["contents"] if s["id"] != gone]
    (partial / "services" / "index.json").write_text(json.dumps(listing), encoding="utf-8")
    (partial / "services" / f"{gone}.json").unlink()
    capsys.readouterr()
    assert main(["import", "hsds", str(partial), str(target), "--quartier", "testviertel", "--stichtag", TODAY]) == 0
    out = capsys.readouterr().out
    assert "die Themen sprache gibt es hier nicht" in out
    assert "die Quartiere nordstadt gibt es hier nicht" in out
    assert "den Kontakt „frau-region“ gibt es hier nicht" in out
    after = entries(target)
    region = after["region/angebote/beratung-region"]
    assert region.kategorien == ["fruehe-hilfen"] and region.quartiere == ["testviertel"] and region.kontakt is None
    # the quarter the target lacks: --quartier; its Kontakt came along to the same quarter
    assert after["testviertel/angebote/krabbelgruppe"].kontakt == "stadtteilbuero"
    assert "testviertel/kontakte/stadtteilbuero" in after
    assert main(["check", str(target), "--stichtag", TODAY]) == 0


def write_pages(folder: Path, count: int) -> list[str]:
    """An export of ``count`` services paged by the exporter's own ``pages`` (index.json, page-2.json …), with the
    services only in the pages (no services/<id>.json): the reader has to walk every page."""
    from wegweiser.opendata.publish import PAGE_SIZE, pages

    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1, count + 1)]
    contents: list[dict[str, object]] = [{"id": i, "name": f"Angebot {n}", "status": "active"}
                                         for n, i in enumerate(ids, 1)]
    for name, page in pages("services", contents, PAGE_SIZE).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(page), encoding="utf-8")
    (folder / "index.json").write_text('{"license": {"name": "CC0 1.0"}}', encoding="utf-8")
    return ids


def test_a_250_service_export_reads_all_three_pages(tmp_path: Path) -> None:
    from wegweiser.imports import hsds

    ids = write_pages(tmp_path, 250)
    assert sorted(p.name for p in (tmp_path / "services").iterdir()) == ["index.json", "page-2.json", "page-3.json"]
    found = hsds.read(tmp_path, None, None)
    assert [record.id for record in found.datensaetze] == ids


def test_a_missing_page_is_named(tmp_path: Path) -> None:
    from wegweiser.imports import hsds
    from wegweiser.imports.records import ImportFehler

    write_pages(tmp_path, 250)
    (tmp_path / "services" / "page-3.json").unlink()
    with pytest.raises(ImportFehler, match=r"Seite 3 von 3 fehlt \(services/page-3\.json"):
        hsds.read(tmp_path, None, None)


def test_html_our_model_refuses_stays_visible_text(tmp_path: Path) -> None:
    """A description from a (forged or older) Familienwegweiser export with a script: the model refuses it as
    Markdown, so it comes in as text (every "<" escaped), not dropped; allowed Markdown stays as written."""
    from wegweiser.imports import hsds

    def service(number: int, description: str) -> dict[str, object]:
        felder = {"eintragsart": "angebote", "kuerzel": f"a{number}", "kurz": "Kurz."}
        return {"id": f"s{number}", "name": f"A{number}", "description": description, "attributes": [
            {"value": value, "taxonomy_term": {"code": code, "taxonomy": "Familienwegweiser-Felder"}}
            for code, value in felder.items()]}

    export = tmp_path / "export.json"
    export.write_text(json.dumps({"contents": [service(1, "Kurz.\n\nA <script>alert(1)</script> b"),
                                               service(2, "Kurz.\n\nKinder < 3 und <b>fett</b>")]}),
                      encoding="utf-8")
    (tmp_path / "index.json").write_text('{"license": "CC0 1.0"}', encoding="utf-8")
    first, second = hsds.read(export, None, None).datensaetze
    assert first.felder["kurz"] == "Kurz." and first.felder["beschreibung"] == "A &lt;script>alert(1)&lt;/script> b"
    assert second.felder["beschreibung"] == "Kinder < 3 und <b>fett</b>"
