"""Attacks on ``wegweiser init`` (issue 29): odd answers, odd target folders, kills, odd version pins.

Each test was seen failing on the code before its fix. They run the program in this process (``cli.main``) or
the checkout's ``wegweiser`` where a signal or a terminal is needed; no build, ``check`` suffices.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import lxml.html
import pytest
import yaml
from feindlich.test_ausgabe import tmpfs  # noqa: F401  (a small tmpfs; CI runs as root)

from wegweiser.check.validate import load_and_validate
from wegweiser.cli import main
from wegweiser.render.markdown_text import markdown_html

TODAY = date(2026, 12, 7)


def _init(target: Path, *flags: str) -> int:
    return main(["init", str(target), "--ohne-fragen", "--stichtag", TODAY.isoformat(), *flags])


@pytest.mark.parametrize("region", ["</script><script>alert(1)</script>", "<b>fett</b> **x** [l](https://e.example)"])
def test_the_region_shows_literally_in_the_welcome_text(tmp_path: Path, region: str) -> None:
    # The region goes into site.yaml's "willkommen", which is Markdown: it must stay text, not become markup.
    assert _init(tmp_path / "p", "--region", region) == 0
    _, problems = load_and_validate(tmp_path / "p", TODAY)
    assert not problems.errors, [p.message for p in problems.errors]
    site = yaml.safe_load((tmp_path / "p" / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["region"] == region
    page = lxml.html.fragment_fromstring(markdown_html(site["willkommen"]), create_parent="div")
    assert region in page.text_content()
    assert not page.xpath("//script|//b|//strong|//a")


# Characters a content file may not hold (check refuses the file), NEL (YAML reads it as a line break, so the value
# would change), and a byte of a non-UTF-8 terminal (Python passes it on as a lone surrogate).
@pytest.mark.parametrize("flag", ["--titel", "--region", "--herausgeber", "--anschrift", "--quartier"])
@pytest.mark.parametrize("odd", ["\x1b", "\x0c", "\x7f", "\x80", "\x85", "\ufffe", "\udcff"])
def test_an_invisible_control_character_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   flag: str, odd: str) -> None:
    code = _init(tmp_path / "p", flag, f"Nord{odd}stadt")
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Steuerzeichen" in err or "UTF-8" in err
    assert "interner Fehler" not in err and not list(tmp_path.iterdir())


def test_a_repository_name_that_makes_no_pages_address_is_refused(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # "a_b.github.io" is no host name: the project would fail check at once. Refused, with the way out.
    assert _init(tmp_path / "p", "--repo", "familien_netz/wegweiser") == 2
    err = capsys.readouterr().err
    assert "--basis-url" in err and "interner Fehler" not in err and not list(tmp_path.iterdir())
    assert _init(tmp_path / "q", "--repo", "familien_netz/wegweiser", "--basis-url", "https://familie.example/") == 0
    _, problems = load_and_validate(tmp_path / "q", TODAY)
    assert not problems.errors, [p.message for p in problems.errors]


def test_a_region_without_letters_gives_a_valid_address_for_an_own_server(tmp_path: Path) -> None:
    assert _init(tmp_path / "p", "--hosting", "server", "--region", "!!!") == 0
    _, problems = load_and_validate(tmp_path / "p", TODAY)
    assert not problems.errors, [p.message for p in problems.errors]


def test_the_address_in_liesmich_is_a_link_whatever_it_holds(tmp_path: Path) -> None:
    # "*" and "_" are allowed in a web address and are emphasis in Markdown: GitHub would show the address broken.
    from markdown_it import MarkdownIt

    address = "https://familie.example/*neu*/_a_/"
    assert _init(tmp_path / "p", "--basis-url", address, "--repo", "netz_x/a_b_") == 0
    text = (tmp_path / "p" / "LIESMICH.md").read_text(encoding="utf-8")
    page = lxml.html.fromstring(MarkdownIt("commonmark").render(text))
    assert address in page.xpath("//a/@href") and "https://github.com/netz_x/a_b_" in page.xpath("//a/@href")
    items = [li.text_content() for li in page.xpath("//li")]
    assert f"Adresse der Website: {address}" in items and "Repository bei GitHub: https://github.com/netz_x/a_b_" in items



def test_the_program_line_must_name_the_program_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # requirements.txt is what the publishing files install: another package, an option or a second line there
    # would publish without the program (or with another index).
    for line in ("foo==1.0", "-r andere.txt", "familienwegweiser==0.1.0\n--index-url=https://evil.example/", " "):
        assert _init(tmp_path / "p", "--programm", line) == 2, line
        err = capsys.readouterr().err
        assert "--programm" in err and "familienwegweiser" in err and "interner" not in err
        assert not list(tmp_path.iterdir())
    for line in ("familienwegweiser==0.1.0", "familienwegweiser @ git+https://example.org/x.git@v0.1.0"):
        target = tmp_path / f"ok{len(line)}"
        assert _init(target, "--programm", line) == 0
        assert line in (target / "requirements.txt").read_text(encoding="utf-8").splitlines()


# requirements.txt as editors or tools leave it: each line the pin is on, and the warning that must follow with
# the program at 0.1.0 (pip reads all of these; None: no warning, the versions agree).
PINS = {
    "bom": ("\ufefffamilienwegweiser==0.0.9\n", "0.0.9"),  # Windows editors write a BOM; pip skips it
    "latin-1 comment": ("# Grüße\nfamilienwegweiser==0.0.9\n".encode("latin-1"), "0.0.9"),
    "egg": ("git+https://example.org/fw.git@v0.0.9#egg=familienwegweiser\n", "0.0.9"),
    "same, shorter": ("familienwegweiser==0.1\n", None),  # PEP 440: 0.1 == 0.1.0
    "same, v": ("familienwegweiser==v0.1.0\n", None),  # PEP 440 allows the "v"
    "included": ("-r programm.txt\n", "0.0.9"),
}


@pytest.mark.parametrize("name", list(PINS))
def test_the_version_pin_is_found_as_pip_reads_it(tmp_path: Path, name: str) -> None:
    from wegweiser.project.version_pin import version_warning

    text, pinned = PINS[name]
    (tmp_path / "requirements.txt").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (tmp_path / "programm.txt").write_text("familienwegweiser==0.0.9\n", encoding="utf-8")
    warning = version_warning(tmp_path, running="0.1.0")
    if pinned is None:
        assert warning is None
    else:
        assert warning is not None and pinned in warning and "0.1.0" in warning


@pytest.mark.parametrize("text", ["familienwegweiser-extra==0.0.9\n", "", "-r fehlt.txt\n", "-r requirements.txt\n",
                                  None])
def test_a_pin_file_without_the_program_says_so(tmp_path: Path, text: str | None) -> None:
    # Another package of a similar name, an empty file, a missing or circular include, a folder in its place:
    # the publishing files would not install the program, and the warning says that none is pinned.
    from wegweiser.project.version_pin import version_warning

    if text is None:
        (tmp_path / "requirements.txt").mkdir()
    else:
        (tmp_path / "requirements.txt").write_text(text, encoding="utf-8")
    warning = version_warning(tmp_path, running="0.1.0")
    assert warning is not None and "keine feste Programmversion" in warning and "0.0.9" not in warning


def test_a_pin_file_that_is_a_device_is_not_read(tmp_path: Path) -> None:
    # A pull request can make requirements.txt a link to /dev/zero: check on it must not read forever.
    from wegweiser.project.version_pin import version_warning

    (tmp_path / "requirements.txt").symlink_to("/dev/zero")
    warning = version_warning(tmp_path, running="0.1.0")
    assert warning is not None and "keine feste Programmversion" in warning


def test_a_full_mount_point_stays_empty(tmp_path: Path, tmpfs: Callable[[Path, str], Path],  # noqa: F811
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # An empty mount point is a target init may fill; the disk filling up half way must leave it empty.
    disk = tmpfs(tmp_path / "stick", "64k")
    assert _init(disk) == 2
    assert "Datenträger ist voll" in capsys.readouterr().err
    assert list(disk.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["stick"]


def test_a_home_folder_of_nobody_is_a_german_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init(Path("~niemand-hier-xyz/wegweiser")) == 2
    err = capsys.readouterr().err
    assert "~niemand-hier-xyz" in err and "interner Fehler" not in err


def test_a_folder_the_system_will_not_make_is_a_german_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc takes no new folders (ENOENT, a cause the environment messages do not list)
    assert _init(Path("/proc/wegweiser-neu")) == 2
    err = capsys.readouterr().err
    assert "/proc/wegweiser-neu" in err and "interner Fehler" not in err and "nichts angelegt" in err


@pytest.fixture
def server_script(tmp_path: Path) -> Path:
    """The server script in a project whose .venv builds a one-page site without the program (only the script's
    own decisions are under test here; tests/test_veroeffentlichen.py runs it with the real program)."""
    from wegweiser.project.hosting import SOURCE

    project = tmp_path / "projekt"
    (project / ".venv" / "bin").mkdir(parents=True)
    script = project / "veroeffentlichen.sh"
    script.write_text((SOURCE / "server" / "veroeffentlichen.sh").read_text(encoding="utf-8"), encoding="utf-8")
    (project / ".venv" / "bin" / "python").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (project / ".venv" / "bin" / "wegweiser").write_text(
        '#!/bin/sh\nif [ "$1" = build ]; then mkdir -p site && echo hallo > site/index.html; fi\n', encoding="utf-8")
    for path in (script, project / ".venv" / "bin" / "python", project / ".venv" / "bin" / "wegweiser"):
        path.chmod(0o755)
    return script


def _publish(script: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(script)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "WEGWEISER_ZIEL": target})


def test_the_server_script_stops_when_the_target_cannot_be_listed(server_script: Path) -> None:
    # Without the listing the script cannot see whose files are there; rsync --delete-after could remove them
    # once the server answers again. A folder that does not exist yet is fine (rsync makes it).
    unreachable = _publish(server_script, "gibt-es-nicht.invalid:/var/www/familie/")
    assert unreachable.returncode == 2 and "gibt-es-nicht.invalid:/var/www/familie/" in unreachable.stderr
    assert not (server_script.parent / "site").exists()  # stopped before building
    new = server_script.parent.parent / "neu"
    assert _publish(server_script, f"{new}/").returncode == 0
    assert (new / "index.html").read_text(encoding="utf-8") == "hallo\n"


def test_a_slash_inside_an_address_line_stays(tmp_path: Path) -> None:
    # The question separates lines with " / "; "c/o" and "1/2" are part of a line, not line breaks.
    from wegweiser.project.questions import Given, ask_all

    typed = "c/o Familienbüro / Hauptstraße 1/2 / 12345 Musterstadt"
    answers = ask_all(Given(), lambda prompt: typed if prompt.startswith("Anschrift") else "", lambda _: None)
    assert answers.anschrift == "c/o Familienbüro\nHauptstraße 1/2\n12345 Musterstadt"


def test_a_machine_error_in_init_names_the_folder_without_an_option_init_has_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    import wegweiser.project.init as init_module
    from wegweiser.cli import main

    def refused(*args: object, **kwargs: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "neu"))

    monkeypatch.setattr(init_module, "create_project", refused)
    assert main(["init", str(tmp_path / "neu"), "--ohne-fragen"]) == 2
    said = capsys.readouterr().err
    assert f"Keine Berechtigung: „{tmp_path / 'neu'}“" in said and "mit -o" not in said  # init has no -o


def test_a_github_repository_has_no_subgroups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "neu"), "--repo", "netz/gruppe/wegweiser", "--ohne-fragen"]) == 2
    said = capsys.readouterr().err
    assert "„netz/gruppe/wegweiser“" in said and "Konto/Name" in said and not (tmp_path / "neu").exists()
    # on GitLab a subgroup is a project path, and its Pages address keeps it
    assert main(["init", str(tmp_path / "gl"), "--hosting", "gitlab", "--repo", "netz/gruppe/wegweiser",
                 "--ohne-fragen", "--sprachen", "de"]) == 0
    site = yaml.safe_load((tmp_path / "gl" / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["basis_url"] == "https://netz.gitlab.io/gruppe/wegweiser/"
