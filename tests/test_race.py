"""Nothing saved while a build runs is lost, and no edit hides behind a time stamp (issue 24, defect 1 and the
change detection of defect 6).

An editor saves while ``wegweiser build`` runs: the next build publishes what was saved. A file edited without its
size changing and with its old time stamps (an editor or tool that keeps them, or a clock that did not tick between
two saves: FAT keeps times to 2 s) is built again too, and the entry cache does not answer with the old parse.
The builds run on the minimal project; what a page shows is read from its HTML.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.cli import main
from wegweiser.content.loading import load_cached
from wegweiser.site import build

from conftest import MINI, ROOT, TODAY

ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"
ENTRY_URL = "quartiere/testviertel/angebote/elterncafe/"
QUARTER = "quartiere/testviertel/quartier.yaml"
QUARTER_URL = "quartiere/testviertel/"
ADDED = "quartiere/testviertel/angebote/spielkreis.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    return root


def _heading(site: Path, url: str) -> str:
    """The page's main heading, as a reader sees it."""
    page = lxml.html.fromstring((site / url / "index.html").read_bytes())
    return " ".join(page.xpath("string(//main//h1)").split())


def _sitemap(site: Path) -> set[str]:
    tree = lxml.etree.fromstring((site / "sitemap.xml").read_bytes())
    return {node.text for node in tree.iter("{*}loc")}


def _edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _build(root: Path, site: Path) -> str:
    """``wegweiser build`` as an editor runs it (records the published addresses); its output."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", str(root), "-o", str(site), "--stichtag", TODAY.isoformat()])
    assert code == 0, out.getvalue()
    return out.getvalue()


@pytest.fixture
def meanwhile(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, Callable[[], None]], None]]:
    """``meanwhile(moment, save)``: the next build runs ``save`` at ``moment``: "erfasst" (the build has taken the
    files' states, nothing is read yet), "geladen" (the content is loaded and checked, nothing rendered yet) or
    "gebaut" (the site is built, the command is about to record its addresses)."""

    from wegweiser.site import old_urls

    def arrange(moment: str, save: Callable[[], None]) -> None:
        module, name = {"erfasst": (build, "content_files"), "geladen": (build, "load_and_validate"),
                        "gebaut": (old_urls, "update_record")}[moment]
        real = getattr(module, name)

        def then_save(*args: Any, **kwargs: Any) -> Any:
            monkeypatch.setattr(module, name, real)  # once
            if moment == "gebaut":
                save()
                return real(*args, **kwargs)
            result = real(*args, **kwargs)
            save()
            return result

        monkeypatch.setattr(module, name, then_save)

    yield arrange


# --- defect 1: a file saved while a build runs ------------------------------------------------------------------

def test_an_entry_saved_while_the_build_runs_is_published_by_the_next(
        project: Path, tmp_path: Path, meanwhile: Callable[[str, Callable[[], None]], None]) -> None:
    site = tmp_path / "site"
    _build(project, site)
    meanwhile("geladen", lambda: _edit(project, ENTRY, "name: Elterncafé", "name: Elternfrühstück"))
    _build(project, site)
    assert _heading(site, ENTRY_URL) == "Elterncafé"  # the build read the file before it was saved
    assert "Website unverändert" not in _build(project, site)
    assert _heading(site, ENTRY_URL) == "Elternfrühstück"


def test_an_entry_saved_before_an_update_read_it_is_published_everywhere_by_the_next(
        project: Path, tmp_path: Path, meanwhile: Callable[[str, Callable[[], None]], None]) -> None:
    """An update for a new entry renders the lists that show it, with the saved entry as it read it, but not the saved
    entry's own page (its state was taken before the save): the next build makes every page that shows it."""
    site = tmp_path / "site"
    _build(project, site)
    (project / ADDED).write_text("name: Spielkreis\nkategorien: [fruehe-hilfen]\nkontakt: koordination\n"
                                 "stand: 2026-10-01\n", "utf-8")
    meanwhile("erfasst", lambda: _edit(project, ENTRY, "name: Elterncafé", "name: Elternfrühstück"))
    assert "Website aktualisiert" in _build(project, site)
    assert "Website unverändert" not in _build(project, site)
    assert _heading(site, ENTRY_URL) == "Elternfrühstück"
    quarter = lxml.html.fromstring((site / QUARTER_URL / "index.html").read_bytes())
    links = " ".join(link.text_content() for link in quarter.xpath('//a[contains(@href, "/elterncafe/")]'))
    assert "Elternfrühstück" in links and "Elterncafé" not in links  # the quarter's list


def _new_entry_and_category(root: Path) -> None:
    """The issue's case: a new entry (its address is recorded after the build) and a changed category (the whole
    site is built)."""
    _edit(root, "content/kategorien.yaml", "name: Frühe Hilfen", "name: Frühe Hilfen und Geburt")
    (root / ADDED).write_text("name: Spielkreis\nkategorien: [fruehe-hilfen]\nkontakt: koordination\n"
                              "stand: 2026-10-01\n", "utf-8")


SAVES: dict[str, tuple[str, str, str, str]] = {  # file, old text, new text, page that shows it
    "eintrag": (ENTRY, "name: Elterncafé", "name: Elternfrühstück", ENTRY_URL),
    "quartier": (QUARTER, "name: Testviertel", "name: Prüfviertel", QUARTER_URL),
}


@pytest.mark.parametrize("moment", ["erfasst", "geladen", "gebaut"])
@pytest.mark.parametrize("saved", sorted(SAVES))
def test_a_file_saved_while_a_build_records_new_addresses_is_published_by_the_next(
        project: Path, tmp_path: Path, meanwhile: Callable[[str, Callable[[], None]], None], saved: str,
        moment: str) -> None:
    """The command adds the new entry's address to content/adressen.txt after the build; that must not count the
    file saved meanwhile as built."""
    path, old, new, url = SAVES[saved]
    before, after = old.split(": ", 1)[1], new.split(": ", 1)[1]
    site = tmp_path / "site"
    _build(project, site)
    _new_entry_and_category(project)
    meanwhile(moment, lambda: _edit(project, path, old, new))
    assert "Veröffentlichte Adressen ergänzt" in _build(project, site)
    assert _heading(site, url) == (after if moment == "erfasst" else before)  # as the build read it
    assert "Website unverändert" not in _build(project, site)
    assert _heading(site, url) == after
    assert "Website unverändert" in _build(project, site)  # and now it is


def test_a_template_saved_after_the_build_read_it_is_published_by_the_next(
        project: Path, tmp_path: Path, meanwhile: Callable[[str, Callable[[], None]], None]) -> None:
    template = project / "templates" / "site" / "seite.html"
    template.parent.mkdir(parents=True)
    original = (ROOT / "templates" / "site" / "seite.html").read_text("utf-8")
    template.write_text(original, "utf-8")
    site = tmp_path / "site"
    _build(project, site)
    _new_entry_and_category(project)
    marked = '<p id="eigene-vorlage">Eigene Vorlage</p>'
    meanwhile("gebaut", lambda: template.write_text(original.replace("</main>", marked + "</main>", 1)
                                                    if "</main>" in original else marked + original, "utf-8"))
    _build(project, site)
    page = site / "seiten" / "impressum" / "index.html"
    assert not lxml.html.fromstring(page.read_bytes()).xpath('//*[@id="eigene-vorlage"]')
    assert "Website unverändert" not in _build(project, site)
    assert lxml.html.fromstring(page.read_bytes()).xpath('//*[@id="eigene-vorlage"]')


def test_an_entry_deleted_while_the_build_runs_goes_with_the_next(
        project: Path, tmp_path: Path, meanwhile: Callable[[str, Callable[[], None]], None]) -> None:
    site = tmp_path / "site"
    _build(project, site)
    _new_entry_and_category(project)
    meanwhile("gebaut", lambda: (project / ADDED).unlink())
    _build(project, site)
    address = f"/{ADDED.removesuffix('.yaml')}/"
    assert any(loc.endswith(address) for loc in _sitemap(site))
    assert "Website unverändert" not in _build(project, site)
    assert not any(loc.endswith(address) for loc in _sitemap(site))


# --- defect 6: an edit the time stamps do not show ----------------------------------------------------------------

def _same_size_edit_keeping_times(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (as many bytes) and give the file its time stamps back, to the nanosecond."""
    before = path.stat()
    text = path.read_text("utf-8")
    assert len(old.encode()) == len(new.encode()) and old in text
    path.write_text(text.replace(old, new), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def _entry_name(root: Path) -> str:
    content, problems = load_and_validate(root, TODAY, load_cached)  # ``wegweiser check``'s way, with the cache
    assert not problems.errors
    return next(e.name for e in content.eintraege if e.source == ENTRY)


def test_a_same_size_edit_with_its_old_time_stamp_is_built(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(project, site)
    assert _entry_name(project) == "Elterncafé"
    _same_size_edit_keeping_times(project / ENTRY, "name: Elterncafé", "name: Elternkafé")
    assert _entry_name(project) == "Elternkafé"  # the entry cache does not answer by the time stamp
    assert "Website unverändert" not in _build(project, site)
    assert _heading(site, ENTRY_URL) == "Elternkafé"


def test_a_parse_is_kept_under_the_bytes_it_was_made_from(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache looks an entry file up by its bytes before it is parsed; saved in between, the file must not be
    parsed in its new form and kept under the old bytes' key: bringing the old text back (undo, ``git checkout``)
    would then show the other one."""
    from wegweiser.content.loading import ContentLoader

    entry = project / ENTRY
    original = entry.read_text("utf-8")
    real = ContentLoader.parse_job

    def saving_first(self: ContentLoader, number: int) -> Any:
        monkeypatch.setattr(ContentLoader, "parse_job", real)
        entry.write_text(original.replace("name: Elterncafé", "name: Zwischenstand"), "utf-8")
        return real(self, number)

    monkeypatch.setattr(ContentLoader, "parse_job", saving_first)
    _entry_name(project)  # either text: the file changed while it was read
    entry.write_text(original, "utf-8")
    assert _entry_name(project) == "Elterncafé"


@pytest.fixture
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """``stop(path)``: from now on the file system gives ``path`` the time stamps it has now, whatever is written
    to it: two saves within one tick of a coarse clock (FAT keeps times to 2 s, some network mounts to 1 s). The
    clock the loader and the build take their moment from stops too: everything that follows happens within that
    tick, however long a loaded machine takes for it (with the clock running, a build of more than 2 s took the
    file's state as settled, where a real coarse clock would have given the second save a new time stamp)."""
    import time
    import types

    from wegweiser.content import loading
    from wegweiser.core import file_states

    real = os.stat
    stopped: dict[str, os.stat_result] = {}

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        status = real(path, *args, **kwargs)
        frozen = stopped.get(os.path.abspath(os.fspath(path))) if isinstance(path, (str, os.PathLike)) else None
        if frozen is None:
            return status
        return os.stat_result(tuple(status)[:7] + tuple(frozen)[7:10],
                              {"st_atime_ns": frozen.st_atime_ns, "st_mtime_ns": frozen.st_mtime_ns,
                               "st_ctime_ns": frozen.st_ctime_ns})

    def stop(path: Path) -> None:
        stopped[os.path.abspath(path)] = real(path)
        now = time.time_ns()
        clock = types.SimpleNamespace(**{name: getattr(time, name) for name in dir(time) if not name.startswith("_")})
        clock.time_ns = lambda: now
        for module in (loading, file_states):
            monkeypatch.setattr(module, "time", clock)

    monkeypatch.setattr(os, "stat", stat)
    return stop


def test_a_same_size_edit_within_one_tick_of_the_clock_is_built(project: Path, tmp_path: Path,
                                                                 stopped_clock: Callable[[Path], None]) -> None:
    """Saved, built at once (the file's time is that of the build's start, within the clock's tick), then saved again
    in the same tick: size, times and inode are as the build found them."""
    site = tmp_path / "site"
    entry = project / ENTRY
    entry.write_text(entry.read_text("utf-8"), "utf-8")
    stopped_clock(entry)
    _build(project, site)
    assert _entry_name(project) == "Elterncafé"
    status = os.stat(entry)
    entry.write_text(entry.read_text("utf-8").replace("name: Elterncafé", "name: Elternkafé"), "utf-8")
    assert os.stat(entry) == status  # the stopped clock: nothing to see in the time stamps
    assert _entry_name(project) == "Elternkafé"
    assert "Website unverändert" not in _build(project, site)
    assert _heading(site, ENTRY_URL) == "Elternkafé"


def test_a_template_saved_twice_within_one_tick_is_read_again(project: Path,
                                                               stopped_clock: Callable[[Path], None]) -> None:
    """The preview renders in one process again and again, with the templates it loaded before."""
    from wegweiser.render.content_templates import BUILTIN, template_environment

    template = project / "templates" / "site" / "probe.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p>eins</p>", "utf-8")
    stopped_clock(template)
    environment = template_environment(project, BUILTIN / "site")
    assert environment.get_template("probe.html").render() == "<p>eins</p>"
    template.write_text("<p>zwei</p>", "utf-8")
    assert environment.get_template("probe.html").render() == "<p>zwei</p>"


def test_files_recorded_by_their_bytes_are_recorded_by_their_state_once_older(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved just before a build is compared by its bytes by the next build; once it is older than the clock's
    granularity, by its state again: later builds do not read it."""
    from wegweiser.core import file_states
    from wegweiser.core.output_guard import Kind, marked_details
    from wegweiser.site.incremental import BY_CONTENT

    site = tmp_path / "site"
    _edit(project, ENTRY, "name: Elterncafé", "name: Elternfrühstück")
    _build(project, site)
    assert ENTRY in marked_details(site, Kind.SITE)[BY_CONTENT]
    monkeypatch.setattr(file_states, "RACY_NS", -10**18)  # as if years had passed: nothing is racy
    assert "Website unverändert" in _build(project, site)
    assert marked_details(site, Kind.SITE)[BY_CONTENT] == "[]"
    assert "Website unverändert" in _build(project, site)
    _edit(project, ENTRY, "name: Elternfrühstück", "name: Elterncafé")
    assert "Website aktualisiert" in _build(project, site)  # the state the update needs went along
    assert _heading(site, ENTRY_URL) == "Elterncafé"
