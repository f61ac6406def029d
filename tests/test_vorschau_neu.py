"""A new or deleted entry reaches the running preview without a full build, and afterwards every file of the
preview's output is the file a fresh build of the same content writes (issue 27, deliver 6).

The project has two quarters, two languages (an untranslated entry shows on the English pages too), a record of
published addresses (``content/adressen.txt``: a removed entry's address gets the build's "gibt es nicht mehr" page,
a moved one a redirect) and big topics split per quarter (the limit lowered, so that one entry more or less makes a
topic's quarter pages come or go). After each step the whole output is compared with a fresh build, byte for byte;
only the search index and the search page's word list are left out: the preview refreshes them in the background.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_preview import make_project

from wegweiser.editors.preview import Preview

from conftest import TODAY

# Refreshed by the preview in a background process after the pages (``preview._reindex``).
BACKGROUND = ("pagefind/", ".pagefind-alt/")
WORD_LIST = "suche/woerter.txt"
MARKER = ".wegweiser-site"  # names the build that made the folder (an id of its own each time)

NEW_IN_QUARTER = ("quartiere/testviertel/angebote/krabbelgruppe.yaml",
                  "name: Krabbelgruppe Regenbogen\nkategorien: [fruehe-hilfen, sprache]\nkontakt: koordination\n"
                  "stand: 2026-10-01\n")
NEW_REGION_WIDE = ("content/angebote/familienpass.yaml",
                   "name: Familienpass Teststadt\nkategorien: [sprache]\nkontakt: familienbuero\nquartiere: alle\n"
                   "stand: 2026-10-01\n")
RECORDED = "quartiere/testviertel/angebote/babytreff.yaml"
MOVED = "quartiere/nordviertel/angebote/babytreff.yaml"
MOVED_URL = "quartiere/nordviertel/angebote/babytreff/"


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, without what the preview refreshes in the background."""
    found = {}
    for path in site.rglob("*"):
        shown = path.relative_to(site).as_posix()
        if path.is_file() and not shown.startswith(BACKGROUND) and not shown.endswith(WORD_LIST) \
                and shown != MARKER:
            found[shown] = path.read_bytes()
    return found


@pytest.fixture
def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Preview, list[str]]]:
    from wegweiser.site.build import build_site
    from wegweiser.site.old_urls import update_record

    monkeypatch.setattr("wegweiser.render.page_builder.TOPIC_PAGE_LIMIT", 1)
    root = make_project(tmp_path / "projekt")
    site = root / "content/site.yaml"
    site.write_text(site.read_text("utf-8") + "sprachen: [de, en]\n", encoding="utf-8")
    (root / "content/site.en.yaml").write_text("titel: Family guide Teststadt\n", encoding="utf-8")
    (root / "quartiere/testviertel/angebote/elterncafe.en.yaml").write_text(
        "name: Parents' café\nkurz: Breakfast for parents with babies.\n", encoding="utf-8")
    # the addresses a published build recorded, as `wegweiser build` leaves them
    report = build_site(root, tmp_path / "veroeffentlicht", TODAY, reuse=False)
    assert update_record(root, report.urls) is not None
    said: list[str] = []
    preview = Preview(root, tmp_path / "vorschau", TODAY, said.append)
    assert preview.full()
    yield preview, said


def _same_as_a_fresh_build(preview: Preview, tmp_path: Path, step: str) -> None:
    from wegweiser.site.build import build_site

    preview.wait_for_open_data()  # written in the background (issue 31)
    built = tmp_path / f"frisch-{step}"
    build_site(preview.root, built, TODAY, reuse=False)
    expected, shown = _files(built), _files(preview.out)
    assert sorted(shown.keys() - expected.keys()) == [], f"{step}: in the preview only"
    assert sorted(expected.keys() - shown.keys()) == [], f"{step}: missing in the preview"
    assert [path for path in expected if shown[path] != expected[path]] == [], f"{step}: differ"


def _save(preview: Preview, relpath: str, text: str | None) -> None:
    """Write (or with None delete) a file and hand it to the preview, as the server's watcher does."""
    path = preview.root / relpath
    if text is None:
        path.unlink()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    preview.changed({path})
    assert preview.status.ok, preview.status


def test_new_and_deleted_entries_leave_the_preview_as_a_fresh_build(running: tuple[Preview, list[str]],
                                                                    tmp_path: Path) -> None:
    preview, said = running
    root = preview.root
    recorded_url = "quartiere/testviertel/angebote/babytreff/"
    assert f"/{recorded_url}" in (root / "content/adressen.txt").read_text("utf-8")
    babytreff = (root / RECORDED).read_text("utf-8")

    _save(preview, *NEW_IN_QUARTER)  # a topic's quarter page comes (two entries of "sprache" in testviertel)
    assert (preview.out / "quartiere/testviertel/angebote/krabbelgruppe/index.html").is_file()
    assert (preview.out / "en/quartiere/testviertel/angebote/krabbelgruppe/index.html").is_file()
    _same_as_a_fresh_build(preview, tmp_path, "neu im Quartier")

    _save(preview, *NEW_REGION_WIDE)  # listed in every quarter, through a region-wide contact
    _same_as_a_fresh_build(preview, tmp_path, "neu für alle Quartiere")

    _save(preview, RECORDED, None)  # a recorded address goes: the build's "gibt es nicht mehr" page
    assert 'name="robots" content="noindex"' in (preview.out / recorded_url / "index.html").read_text("utf-8")
    _same_as_a_fresh_build(preview, tmp_path, "gelöscht, Adresse veröffentlicht")

    _save(preview, NEW_IN_QUARTER[0], None)  # never published: its address is gone
    assert not (preview.out / "quartiere/testviertel/angebote/krabbelgruppe").exists()
    _same_as_a_fresh_build(preview, tmp_path, "gelöscht, nie veröffentlicht")

    # back in another quarter (with the region's contact: the quarter has none of its own): its old address redirects
    _save(preview, MOVED, babytreff.replace("kontakt: koordination", "kontakt: familienbuero"))
    assert f"/{recorded_url} /{MOVED_URL} 301" in (preview.out / "_redirects").read_text("utf-8")
    _same_as_a_fresh_build(preview, tmp_path, "in anderes Quartier verschoben")
    moved = (root / MOVED).read_text("utf-8")
    _save(preview, MOVED, moved.replace("name: Babytreff", "name: Babytreff Nord"))  # the redirect page names it
    _same_as_a_fresh_build(preview, tmp_path, "verschoben und umbenannt")

    _save(preview, MOVED, None)
    _save(preview, RECORDED, babytreff)  # back at its old address
    _same_as_a_fresh_build(preview, tmp_path, "zurück")
    assert sum("Website gebaut" in line for line in said) == 1, said  # the first build only


def test_the_open_data_follow_in_the_background_and_a_failure_is_reported(
        running: tuple[Preview, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 31: the preview writes the open data (``daten/hsds/``) in a process of its own after the pages, so
    that the editor's next save does not wait for them; once written they show the saved entry. A failure there
    (a full disk) is reported in German with the path, as the build reports it."""
    import errno
    import os

    preview, said = running
    services = preview.out / "daten/hsds/services.csv"
    _save(preview, *NEW_IN_QUARTER)
    assert preview._open_data is not None  # still running, or done and not yet collected by poll
    preview.wait_for_open_data()
    assert "Krabbelgruppe" in services.read_text("utf-8")

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(services))

    monkeypatch.setattr("wegweiser.site.open_data.replace_file", disk_full)
    _save(preview, *NEW_REGION_WIDE)  # the pages are written; the export fails in its process
    monkeypatch.undo()
    preview.wait_for_open_data()
    assert any("Der Datenträger ist voll" in line and f"„{services}“" in line for line in said), said
    assert not any("Traceback" in line for line in said), said
