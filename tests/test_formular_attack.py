"""Issue 27, attacked after the merge: what a careless or hostile client could still do to the form's backend,
the round-trip writer and ``check --reparieren`` (each test failed on the merged code)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_redaktion import _answer, _tree

from conftest import TODAY

FOLDER = "quartiere/testviertel/angebote"
_GUT = ("name: Spielgruppe\nkategorien: [fruehe-hilfen]\noeffnungszeiten: Mo 09:00-11:00\nkontakt: koordination\n"
        "stand: 2026-10-01\n")


def _backend(root: Path) -> Any:
    from wegweiser.editors.form_backend import LocalBackend

    return LocalBackend(root, today=lambda: TODAY)


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _check(root: Path) -> int:
    from wegweiser.check.validate import load_and_validate

    return len(load_and_validate(root, TODAY)[1].errors)


@pytest.mark.parametrize("action", ["persistEntry", "persistMedia"])
@pytest.mark.parametrize("path", ["content/site.yaml", f"{FOLDER}/boese.yaml", "quartiere/testviertel/quartier.yaml"])
def test_files_beside_an_entry_are_written_only_into_the_media_folder(scratch: Any, tmp_path: Path, action: str,
                                                                      path: str) -> None:
    """Decap's "assets" (persistEntry) and persistMedia were written anywhere below content/ and quartiere/ without
    check: an "image" named content/site.yaml broke the build. Files other than entries go to content/medien/ only,
    which the loader does not read."""
    root = scratch("content/medien/.gitkeep", "")
    backend = _backend(root)
    asset = {"path": path, "encoding": "base64", "content": _base64("name: [\n")}
    before = _tree(tmp_path)
    if action == "persistEntry":
        status, answer = _answer(backend, action, dataFiles=[{"path": f"{FOLDER}/neu.yaml", "raw": _GUT}],
                                 assets=[asset], options={})
    else:
        status, answer = _answer(backend, action, asset=asset, options={})
    assert status == 403, answer
    assert "content/medien/" in answer["error"]
    assert _tree(tmp_path) == before
    assert _check(root) == 0
    image = {"path": "content/medien/bild.png", "encoding": "base64", "content": base64.b64encode(b"\x89PNG").decode()}
    status, answer = _answer(backend, "persistEntry", dataFiles=[{"path": f"{FOLDER}/neu.yaml", "raw": _GUT}],
                             assets=[image], options={})
    assert status == 200, answer
    assert (root / "content/medien/bild.png").read_bytes() == b"\x89PNG" and _check(root) == 0


def test_a_rename_never_replaces_another_entry(scratch: Any, tmp_path: Path) -> None:
    """A rename (newPath) onto an existing entry replaced it: the other entry was gone, and check passed."""
    root = scratch(f"{FOLDER}/neu.yaml", _GUT)
    backend = _backend(root)
    before = _tree(tmp_path)
    for action in ("validateEntry", "persistEntry"):
        status, answer = _answer(backend, action, dataFiles=[{"path": f"{FOLDER}/neu.yaml", "raw": _GUT,
                                                              "newPath": f"{FOLDER}/elterncafe.yaml"}],
                                 assets=[], options={})
        assert status == 422, answer
        assert "elterncafe.yaml“ gibt es schon" in answer["error"]
        assert _tree(tmp_path) == before
    status, answer = _answer(backend, "persistEntry", dataFiles=[{"path": f"{FOLDER}/neu.yaml", "raw": _GUT,
                                                                  "newPath": f"{FOLDER}/spielgruppe.yaml"}],
                             assets=[], options={})
    assert status == 200, answer
    assert sorted(p.name for p in (root / FOLDER).iterdir()) == ["elterncafe.yaml", "spielgruppe.yaml"]


_LAUGHS = "\n".join(['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] +
                    [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]) + "\n"
_MERGE = """
import sys
from datetime import date
from wegweiser.editors.roundtrip import MergeRefused, merge
old, new = sys.stdin.read().split("\\0")
try:
    merge(old or None, new, "quartiere/testviertel/angebote/x.yaml", date(2026, 12, 7))
    print("geschrieben")
except MergeRefused as refused:
    print(refused)
"""


@pytest.mark.parametrize(("old", "new", "said"), [
    ("", _GUT + _LAUGHS, "geschrieben"),  # the form's text: written as sent, check_save refuses the aliases
    (_GUT + _LAUGHS, _GUT, "Anker und Verweise"),  # the file on disk: refused, the form never saw it whole
])
def test_a_billion_laughs_does_not_hang_the_save(old: str, new: str, said: str) -> None:
    """Ten nested aliases of nine: 70 lines of text, a billion values for the round-trip writer, which walked
    them all (the backend's thread hung, CPU at 100 %). Now the tree's expanded size is counted first."""
    done = subprocess.run([sys.executable, "-c", _MERGE], input=old + "\0" + new, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    assert said in done.stdout


def test_reparieren_never_fixes_a_character_on_another_line(scratch: Any) -> None:
    """A U+2028 (line separator, Word's Shift+Enter) is a line break for YAML, not for editors or the repair: every
    fix after it landed one line further down. With the same character at the same column there, --reparieren
    changed ordinary text („Teil1“ became "Teil1") and left the broken postcode. Now it changes nothing and says
    why."""
    from wegweiser.check.validate import load_and_validate
    from wegweiser.editors.word_repair import NotRepaired, repair

    text = ("name: Elterncafé\nkurz: \"Frühstück\u2028für Eltern\"\nkategorien: [fruehe-hilfen]\nkontakt: koordination\n"
            "adresse:\n  strasse: Teststraße 1\n  plz: „59999“\n  ort: „Teil1“\nstand: 2026-10-01\n")
    root = scratch(f"{FOLDER}/elterncafe.yaml", text)
    problems = load_and_validate(root, TODAY)[1]
    assert any(problem.fixes for problem in problems.items)  # the postcode's quotes are named
    with pytest.raises(NotRepaired) as refused:
        repair(root, problems)
    assert "Zeile 2 enthält U+2028" in str(refused.value)
    assert (root / FOLDER / "elterncafe.yaml").read_text(encoding="utf-8") == text


def test_the_previous_german_text_of_a_long_unit_is_valid_po(
        scratch: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Babel wrote "#| msgid" as a comment wrapped at 76 columns, splitting the quoted text in the middle: for any
    changed German text with a line longer than that, msgfmt stopped with "end-of-line within string" (Poedit and
    Weblate read PO as gettext does). The previous text must come back whole."""
    from test_uebersetzen import ENTRY, ENTRY_TEXT, _fill_po, _run

    old = ("Jeden Dienstag frühstücken Eltern mit ihren Babys gemeinsam. Eine Familienhebamme ist dabei und "
           "beantwortet Fragen zu Schlafen, Stillen und Beikost.")
    root = scratch(ENTRY, ENTRY_TEXT.replace("kurz: Frühstück für Eltern mit Babys.", f"kurz: {old}"))
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "sprachen: [de, tr]\n", encoding="utf-8")
    po = tmp_path / "erst.po"
    assert _run(capsys, "uebersetzen", "export", str(root), "--sprache", "tr", "-o", str(po))[0] == 0
    _fill_po(po)
    assert _run(capsys, "uebersetzen", "import", str(root), str(po))[0] == 0
    (root / ENTRY).write_text((root / ENTRY).read_text(encoding="utf-8").replace("Jeden Dienstag", "Jeden Mittwoch"),
                              encoding="utf-8")
    po = tmp_path / "tr.po"
    assert _run(capsys, "uebersetzen", "export", str(root), "--sprache", "tr", "-o", str(po))[0] == 0
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-wrap", str(po)], capture_output=True, text=True,
                           check=True).stdout
    assert [line for line in fuzzy.splitlines() if line.startswith("#|")] == [f'#| msgid "{old}"'], fuzzy


def test_two_saves_at_once_cannot_together_make_what_check_refuses(scratch: Any, monkeypatch: Any) -> None:
    """The preview answers in threads and each save was checked against the files as they were: two new entries
    with one slug, sent at once (two tabs, or any client), both passed and both were written; check then refused
    the project. Now the second is checked after the first is written, and refused."""
    import threading
    import time

    from wegweiser.editors import form_backend

    root = scratch.root
    backend = _backend(root)
    checked = form_backend.check_save

    def slow(*args: Any, **kwargs: Any) -> None:
        checked(*args, **kwargs)
        time.sleep(0.5)  # the window between a save's check and its writing, made wide

    monkeypatch.setattr(form_backend, "check_save", slow)
    answers: list[int] = []
    files = {f"{FOLDER}/spielgruppe.yaml": _GUT, f"{FOLDER}/spielgruppe.md": f"---\n{_GUT}---\nText.\n"}
    threads = [threading.Thread(target=lambda path=path, raw=raw: answers.append(_answer(
        backend, "persistEntry", dataFiles=[{"path": path, "raw": raw}], assets=[], options={})[0]))
        for path, raw in files.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 422]
    assert _check(root) == 0
