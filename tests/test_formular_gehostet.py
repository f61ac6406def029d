"""Issue 27, deliver 1 with a hosted backend (GitHub/GitLab, no local preview checking each save): the form checks
opening hours in the browser with the OpenStreetMap grammar (npm opening_hours) and refuses what `wegweiser check`
refuses, with check's German message at the field and in the summary."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_formular_pruefung import _field_errors, _form, _new_entry, _summary
from test_redaktion import _choose, _publish

from wegweiser.core.problems import Loc, Problems
from wegweiser.editors import cms
from wegweiser.model.entries import ENTRY_TYPES, content_fields
from wegweiser.model.fields import OpeningHours, read
from wegweiser.model.located_yaml import YScalar

from conftest import ROOT, serve_folder

CHECKER = ROOT / "templates" / "redaktion" / "pruefung_oeffnungszeiten.js"
# Values check refuses: the issue's, Word's dashes and quotes, German words, times without minutes, stray spaces
INVALID = ["Di 9-11 Uhr", "Mo 9-11", "Mo–Fr 09:00–12:00", "24/7 geöffnet", "Mo-Fr 8-12", "Mo-Fr 08.00-12.00",
           "Mo-Fr 08:00-12:00 Uhr", "Montag 08:00-12:00", "So 10:00-12:00", "Mi 10:00-12:00", "geschlossen",
           "nach Vereinbarung", "Mo-Fr 08:00-12:00,", "Mo-Fr 08:00-12:00; Sa 10:00-12:00;", "Mo 10h-12h",
           "Mo 10:00-12:00 und Di 10:00-12:00", "Mo - Fr 08:00 - 12:00", "Mo-Fr  08:00-12:00", "Mo ,We 08:00-12:00",
           "Mo-Fr\t08:00-12:00", "Jan - Mar Mo 10:00-12:00", "PH  off", "Mo-Fr 08:00-12:00  \"a\"",
           "Mo 10:00-12:00 \"\"", "Mo 0°-12:00", "Mo 10:00-12:00 ok", "Sa 10:00-12:00 +1", "Mo-Fr 08 :00-12:00",
           "Mo–Fr 09:00-12:00; PH off", "„Mo-Fr 09:00-12:00“", "Mo-Fr\u00a009:00-12:00", "Tu 14:00-16:00; \u2212"]
# Values check accepts that the library warns about or that need its spacing rules
VALID = ["Mo 10:00-12:00; Tu", "2020 Mo 10:00-12:00", "24/7; Mo off", "Mo-Fr 22:00-02:00; Sa 10:00-12:00",
         "Mo-Fr 08:00 - 12:00", "Mo, We 08:00-12:00", "Mo,We 08:00-12:00 , 14:00-16:00", "Mo-Fr 08:00-12:00 ;PH off",
         "Mo-Fr 08:00-12:00 ||  Sa 10:00-12:00", "Mo 10:00-12:00/15", "sunrise-sunset", "PH Mo 10:00-12:00",
         "Tu 09:00-11:00; PH +1 day off", "Mo-Fr 08:00-12:00 \"nach Vereinbarung\"", "\"nach Vereinbarung\"",
         "mo-fr 08:00-12:00", "Mo-Fr 9:00-12:00", "Mo[1] 10:00-12:00", "week 1-53/2 Mo 10:00-12:00", "off",
         " Mo-Fr 08:00-12:00 ", "Mo-Fr 08:00-12:00; PH off; SH off", "Jan-Mar Mo 10:00-12:00"]


def _demo_values() -> list[str]:
    """Every opening-hours value of the demo content (.yaml entries and .md front matter, translations too)."""
    names = {name for cls in ENTRY_TYPES.values() for name, spec in content_fields(cls)
             if isinstance(spec.type, OpeningHours)}
    found: set[str] = set()
    for folder in (ROOT / "quartiere", ROOT / "content"):
        for path in [*folder.rglob("*.yaml"), *folder.rglob("*.md")]:
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                text = text.split("---")[1] if text.startswith("---") else ""
            data = yaml.safe_load(text)
            if isinstance(data, dict):
                found |= {str(data[name]) for name in names if data.get(name)}
    return sorted(found)


def _check_messages(value: str) -> list[str]:
    """What `wegweiser check` says about ``value`` in an opening-hours field, without file and line."""
    problems = Problems()
    read(OpeningHours(), YScalar(value, Loc("x.yaml", 1, 18), '"', 0, "oeffnungszeiten"), problems)
    return [p.message + (f" – {p.hint}" if p.hint else "") for p in problems.errors]


def _browser_messages(values: list[str]) -> list[list[str]]:
    script = (f"const m = require({json.dumps(str(CHECKER))});"
              "const values = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(values.map(v => m.meldungen(v, 'oeffnungszeiten'))));")
    done = subprocess.run(["node", "-e", script], input=json.dumps(values), capture_output=True, text=True,
                          check=True, env={"NODE_PATH": str(ROOT / "node_modules"), "PATH": "/usr/bin:/bin"})
    result: list[list[str]] = json.loads(done.stdout)
    return result


def _without_position(messages: list[str]) -> list[str]:
    return [re.sub(r"\(ab „.*?“\)", "(ab …)", text) for text in messages]


def test_the_browser_accepts_exactly_what_check_accepts() -> None:
    """Every opening-hours value of the demo passes both; every invalid value is refused by both, with check's
    message (the place "ab …" may differ: the two parsers stop at different characters)."""
    demo = _demo_values()
    assert len(demo) >= 30  # the demo has 34 distinct values
    values = demo + VALID + INVALID
    browser = _browser_messages(values)
    exact = 0
    for value, shown in zip(values, browser, strict=True):
        expected = _check_messages(value)
        assert bool(shown) == bool(expected), (value, expected, shown)
        assert _without_position(shown) == _without_position(expected), value
        exact += shown == expected
    assert not any(_check_messages(v) for v in demo + VALID)
    assert all(_check_messages(v) for v in INVALID)
    assert exact >= len(values) - 10  # most places agree too


@pytest.fixture
def hosted(scratch: Any, tmp_path: Path) -> Iterator[str]:
    """The mini project's form as a website would have it: no local backend, Decap's in-memory test-repo."""
    root = scratch("redaktion.yml", "backend:\n  name: test-repo\n")
    site = tmp_path / "site"
    cms.write_cms(root, site / "redaktion")
    yield from serve_folder(site)


def _saved(page: Any, name: str) -> str | None:
    """The file the in-memory test-repo backend holds under ``name``."""
    text = page.evaluate("""name => {
        const walk = (node) => { for (const [key, value] of Object.entries(node || {})) {
            if (key === name && value && typeof value.content === 'string') return value.content;
            if (value && typeof value === 'object') { const found = walk(value); if (found) return found; } }
            return null; };
        return walk(window.repoFiles); }""", name)
    return str(text) if text is not None else None


def test_the_hosted_form_refuses_invalid_opening_hours(form_tab: Any, hosted: str) -> None:
    """Without the preview's backend "Di 9-11 Uhr" was saved; now check's message stands at the field and in the
    German summary, nothing is saved; a valid value saves."""
    page = _form(form_tab, hosted)
    _new_entry(page, "Spielgruppe")
    _choose(page, "kategorien", "Frühe Hilfen")
    hours = page.locator("[id^='oeffnungszeiten-field-']")
    hours.fill("Di 9-11 Uhr")
    _publish(page)
    expected = _check_messages("Di 9-11 Uhr")[0]
    shown = _field_errors(page, "oeffnungszeiten")
    assert shown == expected
    summary = _summary(page)
    assert "Nicht gespeichert" in summary and "„Öffnungszeiten“" in summary and expected in summary, summary
    assert "Oops" not in page.content()
    time.sleep(0.5)
    assert _saved(page, "spielgruppe.yaml") is None
    page.screenshot(path="/work/notes/shots/27-gehostet-1280.png")
    hours.fill("")
    hours.fill("Mo–Fr 09:00–12:00")
    _publish(page)
    page.wait_for_function("() => (document.querySelector(\"label[for^='oeffnungszeiten-field-'] + ul\") || {})"
                           ".textContent && document.querySelector(\"label[for^='oeffnungszeiten-field-'] + ul\")"
                           ".textContent.includes('Gedankenstrich')")
    assert _field_errors(page, "oeffnungszeiten") == " ".join(_check_messages("Mo–Fr 09:00–12:00"))
    hours.fill("")
    hours.fill("Tu 09:00-11:00; PH off")
    _publish(page)
    page.wait_for_function("() => !!document.querySelector('[class*=ToastContent], .Toastify__toast--success')"
                           " || location.hash.includes('/entries/')")
    deadline = time.monotonic() + 15
    while _saved(page, "spielgruppe.yaml") is None and time.monotonic() < deadline:
        time.sleep(0.1)
    saved = yaml.safe_load(_saved(page, "spielgruppe.yaml") or "")
    assert saved["oeffnungszeiten"] == "Tu 09:00-11:00; PH off"
    assert page.locator("#ww-pruefung").count() == 0
