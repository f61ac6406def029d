"""Issue 9, part 1: a command never deletes what is not ours.

Refused output paths (exit 2, a German message naming the path, every file still there), the swap that
never leaves the target without a site, leftovers of killed builds, and a full, read-only or mounted target.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from wegweiser.core.output_guard import OutputRefused, environment_message
from wegweiser.site.build import build_site

from conftest import MINI, TODAY

WEGWEISER = [sys.executable, "-m", "wegweiser"]
ENV = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat(), "PYTHONUNBUFFERED": "1"}
SHM = Path("/dev/shm")


def run(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WEGWEISER, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=ENV)


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder below ``folder``, with the files' bytes."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A real project as an editor has it: content, a git folder, own notes, and a documents folder next to it."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "notizen.txt").write_text("Termine der Redaktion\n", encoding="utf-8")
    (root / "fremd").mkdir()
    (root / "fremd" / "brief.odt").write_bytes(b"PK\x03\x04 kein Teil der Website")
    (tmp_path / "Dokumente").mkdir()
    (tmp_path / "Dokumente" / "steuer-2025.pdf").write_bytes(b"%PDF-1.7 privat")
    return root


# (argument to -o, run in the project folder) -> (the path the message names, words the message contains)
REFUSED = {
    ".": ("projekt", "Projektordner selbst"),
    "..": ("", "enthält den Projektordner"),
    "quartiere": ("projekt/quartiere", "quartiere/"),
    "content/x": ("projekt/content/x", "liegt im Ordner"),
    "templates": ("projekt/templates", "templates/"),
    "quartiere/testviertel/neu": ("projekt/quartiere/testviertel/neu", "liegt im Ordner"),
    "notizen.txt": ("projekt/notizen.txt", "ist eine Datei"),
    "fremd": ("projekt/fremd", "nicht leer"),
    "../Dokumente": ("Dokumente", "nicht leer"),
}


def _assert_refused(result: subprocess.CompletedProcess[str], named: Path, words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "wegweiser: Fehler: " in result.stderr
    assert f"„{named}“" in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "interner Fehler" not in result.stderr


@pytest.mark.parametrize("target", list(REFUSED))
def test_build_refuses_paths_that_are_not_its_own(project: Path, target: str) -> None:
    before = listing(project.parent)
    result = run("build", "-o", target, cwd=project)
    named, words = REFUSED[target]
    _assert_refused(result, project.parent / named if named else project.parent, words)
    assert listing(project.parent) == before


@pytest.mark.parametrize("command", ["serve", "print", "demo-data"])
@pytest.mark.parametrize("target", [".", "quartiere", "content/x", "notizen.txt", "../Dokumente"])
def test_every_writing_command_refuses_them_too(project: Path, command: str, target: str) -> None:
    before = listing(project.parent)
    extra = {"serve": ["-p", "0"], "print": [], "demo-data": ["--entries", "5"]}[command]
    result = run(command, *extra, "-o", target, cwd=project, timeout=60)
    named, words = REFUSED[target]
    if command == "demo-data" and target == ".":
        words = "enthält Inhalte"  # demo-data has no project argument: the folder is recognised as one
    _assert_refused(result, project.parent / named, words)
    assert listing(project.parent) == before


def test_default_output_inside_the_project_works(project: Path) -> None:
    before = listing(project)
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "index.html").is_file() and (project / "site" / ".wegweiser-site").is_file()
    result = run("build", "-o", "site", cwd=project)  # its own site is replaced
    assert result.returncode == 0, result.stdout + result.stderr
    after = {name: data for name, data in listing(project).items() if not name.startswith("site")}
    # The build adds what it published to its own record of addresses (issue 12); nothing else changes.
    record = after.pop("content/adressen.txt")
    # the home page's line, with the day it was first published (issue 28)
    assert record.startswith(b"# Alle Adressen") and re.search(rb"\n/ \d{4}-\d{2}-\d{2}\n", record)
    assert after == before


def test_site_of_an_earlier_version_is_recognised(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "alt"
    build_site(project, out, TODAY)
    (out / ".wegweiser-site").unlink()  # as built before sites were marked
    build_site(project, out, TODAY)
    assert (out / ".wegweiser-site").is_file() and (out / "index.html").is_file()

    (out / ".wegweiser-site").unlink()
    (out / "eigene-seite.html").write_text("<p>von Hand</p>", encoding="utf-8")
    before = listing(out)
    with pytest.raises(OutputRefused, match="nicht leer"):  # one name a build never writes: not ours
        build_site(project, out, TODAY)
    assert listing(out) == before


def test_a_folder_that_only_looks_like_a_site_is_refused(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "aehnlich"
    out.mkdir()
    (out / "index.html").write_text("<html>Meine Startseite</html>", encoding="utf-8")
    (out / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    with pytest.raises(OutputRefused, match="nicht leer"):
        build_site(project, out, TODAY)
    assert (out / "index.html").read_text(encoding="utf-8") == "<html>Meine Startseite</html>"


def test_demo_data_replaces_only_its_own_output(tmp_path: Path) -> None:
    out = tmp_path / "beispiel"
    assert run("demo-data", "--entries", "20", "-o", str(out), cwd=tmp_path).returncode == 0
    assert (out / ".wegweiser-demo").is_file()
    first = sorted(p.name for p in (out / "quartiere").iterdir())
    (out / ".wegweiser-demo").unlink()  # written by an earlier version: recognised by its exact shape
    result = run("demo-data", "--entries", "20", "--quartiere", "2", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert first == ["quartier-001"] and sorted(p.name for p in (out / "quartiere").iterdir()) == [
        "quartier-001", "quartier-002"]
    (out / "content" / "eigene-seite.md").write_text("---\ntitel: Von Hand\n---\n", encoding="utf-8")
    (out / ".wegweiser-demo").unlink()
    before = listing(out)
    result = run("demo-data", "--entries", "5", "-o", str(out), cwd=tmp_path)
    _assert_refused(result, out, "enthält Inhalte")
    assert listing(out) == before


def test_print_refuses_a_built_site_as_its_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "seite"
    build_site(project, out, TODAY)
    before = listing(out)
    result = run("print", str(project), "-o", str(out), cwd=tmp_path)
    _assert_refused(result, out, "enthält die gebaute Website")
    assert listing(out) == before


# --- the swap -----------------------------------------------------------------------------------------------

def test_swap_never_moves_the_live_site_away(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed between "old site aside" and "new site in", the target was missing: the exchange has no such gap."""
    out = tmp_path / "site"
    build_site(project, out, TODAY)
    moved_away: list[Path] = []
    rename = Path.rename

    def watched(self: Path, target: str | Path) -> Path:
        if self == out:
            moved_away.append(Path(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", watched)
    (project / "quartiere/testviertel/angebote/neu.yaml").write_text("name: Neues Angebot\nstand: 2026-10-01\n",
                                                                      encoding="utf-8")
    build_site(project, out, TODAY)
    assert moved_away == []
    assert (out / "quartiere/testviertel/angebote/neu/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site-bau-")) == []


@pytest.mark.parametrize("kernel_exchanges", [True, False])
def test_replace_folder_with_and_without_the_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      kernel_exchanges: bool) -> None:
    from wegweiser.core import folder_swap

    if not kernel_exchanges:  # an old kernel or a file system without RENAME_EXCHANGE: two renames
        monkeypatch.setattr(folder_swap, "_exchange", lambda a, b: False)
    work = tmp_path / ".ziel-bau-1-1-abc"
    (work / "site").mkdir(parents=True)
    (work / "site" / "index.html").write_text("neu", encoding="utf-8")
    target = tmp_path / "ziel"
    target.mkdir()
    (target / "index.html").write_text("alt", encoding="utf-8")
    (target / "entfernt.html").write_text("alt", encoding="utf-8")
    folder_swap.replace_folder(work / "site", target, work)
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert (target / "index.html").read_text(encoding="utf-8") == "neu"


def test_leftovers_of_dead_builds_are_removed_and_live_ones_kept(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    dead = subprocess.Popen(["true"])
    dead.wait()
    start = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]
    folders = {
        "tot": tmp_path / f".site-bau-{dead.pid}-1-abcd1234",
        "lebt": tmp_path / f".site-bau-{os.getpid()}-{start}-abcd1234",
        "alt_ohne_besitzer": tmp_path / ".site-bau-q1w2e3r4",
        "neu_ohne_besitzer": tmp_path / ".site-bau-z9x8c7v6",
        "fremd": tmp_path / ".andere-bau-1-1-x",
    }
    for folder in folders.values():
        (folder / "site").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 86400
    os.utime(folders["alt_ohne_besitzer"], (two_days_ago, two_days_ago))
    scratch_dead = SHM / f"wegweiser-suche-{dead.pid}-1-test{os.getpid()}"
    scratch_dead_index = SHM / f"wegweiser-suche-{dead.pid}-1-test{os.getpid()}-index"
    for folder in (scratch_dead, scratch_dead_index):
        folder.mkdir()
    try:
        build_site(project, out, TODAY)
        assert {name: folder.exists() for name, folder in folders.items()} == {
            "tot": False, "lebt": True, "alt_ohne_besitzer": False, "neu_ohne_besitzer": True, "fremd": True}
        assert not scratch_dead.exists() and not scratch_dead_index.exists()
    finally:
        shutil.rmtree(scratch_dead, ignore_errors=True)
        shutil.rmtree(scratch_dead_index, ignore_errors=True)


# --- killed builds ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mid_size(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(600 entries: enough for the forked workers, a small project, a site built from the small one).

    The builds that get killed read the 600 entries; the builds that must clean up after them read the small
    project: the leftovers are found by name, whatever the content."""
    from wegweiser.content.demo_data import generate

    base = tmp_path_factory.mktemp("abbruch")
    generate(base / "inhalt", 600, 3)
    shutil.copytree(MINI, base / "klein")
    build_site(base / "klein", base / "site", TODAY)
    return base / "inhalt", base / "klein", base / "site"


def _own_folders(parent: Path, prefix: str, pid: int) -> list[Path]:
    return sorted(p for p in parent.glob(f"{prefix}{pid}-*"))


MOMENTS: dict[str, Callable[[Path, int], bool]] = {
    # the temporary build folder exists (pages not yet written)
    "bauordner": lambda site, pid: bool(_own_folders(site.parent, ".site-bau-", pid)),
    # the forked workers write pages and hand them to Pagefind
    "seiten": lambda site, pid: any(
        (f / "site" / "quartiere").is_dir() and any((f / "site" / "quartiere").rglob("eintrag-*"))
        for f in _own_folders(site.parent, ".site-bau-", pid)),
    # Pagefind writes its index into RAM
    "suchindex": lambda site, pid: bool(_own_folders(SHM, "wegweiser-suche-", pid)),
}


def _start_and_wait_for(moment: str, project: Path, site: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([*WEGWEISER, "build", str(project), "-o", str(site)], env=ENV, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while not MOMENTS[moment](site, process.pid):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the build ended before the moment „{moment}“ (exit {process.returncode})")
        time.sleep(0.002)
    return process


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_sigkill_leaves_the_site_and_the_next_build_clears_the_debris(mid_size: tuple[Path, Path, Path],
                                                                      moment: str) -> None:
    project, small, site = mid_size
    process = _start_and_wait_for(moment, project, site)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    pid = process.pid
    debris = _own_folders(site.parent, ".site-bau-", pid) + _own_folders(SHM, "wegweiser-suche-", pid)
    assert debris, "SIGKILL should have left the temporary folders (else the test proves nothing)"
    assert (site / "index.html").is_file() and (site / ".wegweiser-site").is_file()  # never without a site
    time.sleep(0.3)  # an orphaned worker or Pagefind would write on now (they die with the build)
    build_site(small, site, TODAY)
    assert [p for p in debris if p.exists()] == []
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site-bau-")] == []
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file()


def test_sigterm_removes_its_own_temporary_folders(mid_size: tuple[Path, Path, Path]) -> None:
    project, _, site = mid_size
    process = _start_and_wait_for("seiten", project, site)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143 and "Abgebrochen" in stderr and "Traceback" not in stderr
    pid = process.pid
    assert _own_folders(site.parent, ".site-bau-", pid) + _own_folders(SHM, "wegweiser-suche-", pid) == []
    assert (site / "index.html").is_file()


# --- full, read-only and mounted targets ----------------------------------------------------------------------

@pytest.fixture
def tmpfs() -> Iterator[Callable[[Path, str], Path]]:
    """``tmpfs(folder, "6m")`` mounts a small tmpfs at ``folder``; everything is unmounted afterwards."""
    if os.geteuid() != 0:
        message = "mounting a tmpfs needs root (CI runs as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    mounted: list[Path] = []

    def mount(folder: Path, size: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_gives_a_german_message_and_keeps_the_site(project: Path, tmp_path: Path,
                                                             tmpfs: Callable[[Path, str], Path]) -> None:
    disk = tmpfs(tmp_path / "klein", "6m")
    site = disk / "site"
    build_site(project, site, TODAY)  # about 3.5 MB
    before = listing(site)
    from wegweiser.content.demo_data import generate

    generate(tmp_path / "gross", 300, 2)  # needs more than the 2.5 MB left
    result = run("build", str(tmp_path / "gross"), "-o", str(site), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"wegweiser: Fehler: Der Datenträger ist voll: „{site}“." in result.stderr
    assert "Die bisherige Website bleibt unverändert." in result.stderr
    assert "interner Fehler" not in result.stderr and "Traceback" not in result.stderr
    assert listing(site) == before
    assert sorted(p.name for p in disk.iterdir()) == ["site"]  # no temporary folder left on the full disk


def test_read_only_target_gives_a_german_message_for_every_command(project: Path, tmp_path: Path,
                                                                   tmpfs: Callable[[Path, str], Path]) -> None:
    disk = tmpfs(tmp_path / "nurlesen", "20m")
    site = disk / "site"
    build_site(project, site, TODAY)
    # changed since that build: the site must be written again (an unchanged one is left as it is)
    (project / "quartiere/testviertel/angebote/neu.yaml").write_text("name: Neu\nstand: 2026-10-01\n", "utf-8")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    before = listing(disk)
    for args in (["build", str(project), "-o", str(site)], ["build", str(project), "-o", str(disk / "neu")],
                 ["print", str(project), "-o", str(disk / "druck")], ["demo-data", "-o", str(disk / "demo")],
                 ["schema", "-o", str(disk / "schema")]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout + result.stderr)
        assert "wegweiser: Fehler: Das Dateisystem ist schreibgeschützt: „" in result.stderr, result.stderr
        assert str(disk) in result.stderr and "Wählen Sie mit -o einen beschreibbaren Ordner." in result.stderr
        assert "interner Fehler" not in result.stderr and "Traceback" not in result.stderr
    assert listing(disk) == before


def test_a_mount_point_as_target(project: Path, tmp_path: Path, tmpfs: Callable[[Path, str], Path]) -> None:
    target = tmpfs(tmp_path / "ziel", "30m")
    build_site(project, target, TODAY)
    entry = project / "quartiere/testviertel/angebote/neu.yaml"
    entry.write_text("name: Neues Angebot\nstand: 2026-10-01\n", encoding="utf-8")
    build_site(project, target, TODAY)
    assert os.path.ismount(target)
    assert (target / "quartiere/testviertel/angebote/neu/index.html").is_file()
    entry.unlink()
    build_site(project, target, TODAY)
    assert not (target / "quartiere/testviertel/angebote/neu").exists()  # the old site's pages do not linger
    assert (target / "index.html").is_file() and (target / ".wegweiser-site").is_file()
    assert [p.name for p in target.iterdir() if "-bau-" in p.name] == []

    foreign = tmpfs(tmp_path / "fremd", "1m")
    (foreign / "eigenes.txt").write_text("nicht löschen", encoding="utf-8")
    with pytest.raises(OutputRefused, match="nicht leer"):
        build_site(project, foreign, TODAY)
    assert (foreign / "eigenes.txt").read_text(encoding="utf-8") == "nicht löschen"


@pytest.mark.parametrize(("number", "cause"), [
    (errno.EACCES, "Keine Berechtigung"), (errno.EPERM, "Nicht erlaubt"), (errno.ENOSPC, "Der Datenträger ist voll"),
    (errno.EROFS, "Das Dateisystem ist schreibgeschützt"),
])
def test_environment_errors_name_path_and_cause(number: int, cause: str) -> None:
    message = environment_message(OSError(number, os.strerror(number), "/srv/wegweiser/site/index.html"))
    assert message is not None and message.startswith(f"{cause}: „/srv/wegweiser/site/index.html“.")
    assert environment_message(OSError(number, "x"), Path("/srv/ziel")) == message.replace(
        "/srv/wegweiser/site/index.html", "/srv/ziel")
    assert environment_message(OSError(errno.ECONNREFUSED, "x")) is None  # not the machine's file system: a bug
