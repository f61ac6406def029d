"""The build cache (``cache.py``): parsed entry files kept across runs, and a built site left alone when nothing it
comes from changed. What a broken cache would get wrong: stale entries after an edit, lost problems, a site not
rebuilt after a change of content, templates or date, or a damaged cache file that breaks the run."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import jinja2
import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.content import loading as content_module
from wegweiser.core.cache import ENTRIES_FILE, cache_folder
from wegweiser.render import page_builder
from wegweiser.site.build import build_site

from conftest import MINI, ROOT, TODAY, read_page

ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WEGWEISER_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entry files parsed (not taken from the cache), by path."""
    parsed: list[str] = []
    original = content_module.ContentLoader.parse_entry

    def counting(self: content_module.ContentLoader, path: Path, *args: Any) -> object:
        parsed.append(path.name)
        return original(self, path, *args)

    monkeypatch.setattr(content_module.ContentLoader, "parse_entry", counting)
    return parsed


def _load(root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    content, problems = load_and_validate(root, TODAY)
    return (sorted((e.source, repr(e)) for e in content.eintraege),
            sorted(f"{p.loc}: {p.severity.value}: {p.message} {p.hint}" for p in problems.items))


def test_second_run_parses_nothing_and_gets_the_same(project: Path, parses: list[str]) -> None:
    (project / "quartiere/testviertel/angebote/kaputt.yaml").write_text("name: Kaputt\nstand: morgen\n", "utf-8")
    first = _load(project)
    assert len(parses) >= 3 and "kaputt.yaml" in parses
    assert any(p.startswith("quartiere/testviertel/angebote/kaputt.yaml:2:8: ") for p in first[1])  # located
    parses.clear()
    assert _load(project) == first  # the same entries (every field) and the same problems, located
    assert parses == []
    assert (cache_folder(project) / ENTRIES_FILE).is_file()


def test_a_changed_file_is_parsed_again_and_only_that_one(project: Path, parses: list[str]) -> None:
    _load(project)
    parses.clear()
    entry = project / ENTRY
    entry.write_text(entry.read_text("utf-8").replace("name: Elterncafé", "name: Neuer Name"),
                     "utf-8")
    content, _ = load_and_validate(project, TODAY)
    assert parses == ["elterncafe.yaml"]
    assert "Neuer Name" in [e.name for e in content.eintraege]
    assert "Elterncafé" not in [e.name for e in content.eintraege]


def test_same_bytes_with_a_new_time_come_from_the_cache(project: Path, parses: list[str]) -> None:
    """A fresh clone (CI) has new file times but the same bytes: the cache still serves them."""
    first = _load(project)
    parses.clear()
    later = (project / ENTRY).stat().st_mtime + 3600
    for path in (project / "quartiere").rglob("*.yaml"):
        os.utime(path, (later, later))
    assert _load(project) == first
    assert parses == []


def test_a_damaged_cache_file_is_ignored_and_replaced(project: Path, parses: list[str]) -> None:
    first = _load(project)
    cached = cache_folder(project) / ENTRIES_FILE
    cached.write_bytes(b"\x80\x05kaputt")
    parses.clear()
    assert _load(project) == first
    assert parses  # parsed again
    parses.clear()
    assert _load(project) == first and parses == []  # and the cache works again


def test_a_cache_folder_that_cannot_be_written_costs_speed_not_the_run(project: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       parses: list[str]) -> None:
    blocker = tmp_path / "eine-datei"
    blocker.write_text("kein Ordner", "utf-8")
    monkeypatch.setenv("WEGWEISER_CACHE", str(blocker / "cache"))  # below a file: mkdir fails
    first = _load(project)
    assert _load(project) == first
    assert parses.count("elterncafe.yaml") == 2  # no cache, no harm
    assert blocker.read_text("utf-8") == "kein Ordner"


def test_aus_switches_the_cache_off(project: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]) -> None:
    monkeypatch.setenv("WEGWEISER_CACHE", "aus")
    _load(project)
    _load(project)
    assert parses.count("elterncafe.yaml") == 2


def test_another_program_version_does_not_use_the_cache(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                        parses: list[str]) -> None:
    _load(project)
    parses.clear()
    monkeypatch.setattr("wegweiser.core.cache.program_fingerprint", lambda: "eine andere Fassung")
    _load(project)
    assert "elterncafe.yaml" in parses


# --- the site: left as it is when nothing changed --------------------------------------------------------------

def _stamp(site: Path) -> int:
    return (site / "index.html").stat().st_mtime_ns


def test_unchanged_site_is_left_alone_and_every_change_builds_again(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    first = build_site(project, site, TODAY)
    assert not first.unchanged and first.pages > 10
    built = _stamp(site)

    again = build_site(project, site, TODAY)
    assert again.unchanged and again.pages == first.pages
    assert _stamp(site) == built  # not written

    entry = project / ENTRY
    entry.write_text(entry.read_text("utf-8").replace("name: Elterncafé", "name: Neuer Name"),
                     "utf-8")
    changed = build_site(project, site, TODAY)
    assert not changed.unchanged
    assert "Neuer Name" in read_page(site, "quartiere/testviertel/angebote/elterncafe/")

    assert build_site(project, site, TODAY).unchanged
    assert not build_site(project, site, TODAY + timedelta(days=1)).unchanged  # opening hours, expiry dates

    later = TODAY + timedelta(days=1)
    page = project / "content" / "seiten" / "neu.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("---\ntitel: Neue Seite\n---\nText.\n", "utf-8")  # a new file
    assert not build_site(project, site, later).unchanged
    assert (site / "seiten" / "neu" / "index.html").is_file()

    page.unlink()  # a file removed
    assert not build_site(project, site, later).unchanged
    assert not (site / "seiten" / "neu").exists()

    assert build_site(project, site, later).unchanged
    # the program, its templates or catalogues changed (program_fingerprint hashes them)
    monkeypatch.setattr("wegweiser.core.cache.program_fingerprint", lambda: "eine andere Fassung")
    assert not build_site(project, site, later).unchanged


def test_a_site_someone_emptied_is_built_again(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(project, site, TODAY)
    shutil.rmtree(site / "pagefind")
    assert not build_site(project, site, TODAY).unchanged
    assert (site / "pagefind" / "pagefind-entry.json").is_file()


def test_the_command_says_the_site_is_unchanged(project: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    site = tmp_path / "site"
    command = [sys.executable, "-m", "wegweiser", "build", str(project), "-o", str(site), "--stichtag",
               TODAY.isoformat()]
    assert "Website gebaut" in subprocess.run(command, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "Website unverändert: seit dem letzten Bau hat sich nichts geändert" in second


def _render_all(root: Path) -> dict[str, str]:
    page_builder._ENVIRONMENTS.clear()  # as a new run: templates come from the bytecode cache or are compiled
    content, _problems = load_and_validate(root, TODAY)
    return {page.url: page.html for page in page_builder.PageBuilder(content, TODAY).pages()}


@pytest.mark.parametrize("own_templates", [False, True])
def test_compiled_templates_are_kept_and_a_changed_template_is_compiled_again(
        project: Path, monkeypatch: pytest.MonkeyPatch, own_templates: bool) -> None:
    if own_templates:  # a content folder's own template: sandboxed, and kept apart
        (project / "templates" / "site").mkdir(parents=True)
        (project / "templates" / "site" / "seite.html").write_text(
            (ROOT / "templates" / "site" / "seite.html").read_text("utf-8"), "utf-8")
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first = _render_all(project)
    assert "eintrag.html" in compiled and "kategorie.html" in compiled
    compiled.clear()
    assert _render_all(project) == first
    assert compiled == []  # every template from the cache
    folder = "vorlagen-sandbox" if own_templates else "vorlagen"
    assert list((project.parent / "cache" / folder).iterdir())
    # an edited template is compiled again, and its change shows
    template = project / "templates" / "site" / "seite.html" if own_templates else None
    if template is not None:
        template.write_text("<p>Eigene Vorlage</p>" + template.read_text("utf-8"), "utf-8")
        pages = _render_all(project)
        assert compiled == ["seite.html"]
        assert any("Eigene Vorlage" in html for html in pages.values())


def test_a_template_cache_that_cannot_be_written_costs_speed_not_the_build(project: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "eine-datei"
    blocker.write_text("kein Ordner", "utf-8")
    monkeypatch.setenv("WEGWEISER_CACHE", str(blocker / "cache"))  # below a file: mkdir fails
    first = _render_all(project)
    assert _render_all(project) == first and len(first) > 5
    (tmp_path / "voll").mkdir()
    monkeypatch.setenv("WEGWEISER_CACHE", str(tmp_path / "voll"))
    _render_all(project)
    for cached in (tmp_path / "voll" / "vorlagen").iterdir():  # damaged compiled templates are compiled again
        cached.write_bytes(b"kaputt")
    assert _render_all(project) == first
    # damaged behind an intact header (Jinja's magic and the source's checksum): something else than code
    for cached in (tmp_path / "voll" / "vorlagen").iterdir():
        cached.write_bytes(_header_of_a_compiled_template(cached) + marshal.dumps(42))
    assert _render_all(project) == first


def _header_of_a_compiled_template(path: Path) -> bytes:
    """What Jinja writes before the code: its magic, then the pickled checksum of the template's source."""
    data, magic = path.read_bytes(), jinja2.bccache.bc_magic
    assert data.startswith(magic)  # written again by the run before
    checksum = pickle.loads(data[len(magic):])  # the first pickle only
    return magic + pickle.dumps(checksum, 2)
