"""The first screen on a phone starts with the family's question (issue 26, item 9).

On a 360 x 740 phone, the home page of every site language shows the search box, the child's age and the "Wo wohnen
Sie?" input on the first screen (the latter two are ``hidden`` until the script runs, so the script runs here); family
pages show no navigation drawer (the documentation-site feel), and on a wide screen no left navigation either. One
served build: the demo (shared with the other browser tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.browser

FOLD = 740  # the phone's screen height


def _language_paths() -> list[str]:
    """The site's languages as its URLs say them: the first (main) language at the root, the others below their code."""
    codes = yaml.safe_load((ROOT / "content" / "site.yaml").read_text("utf-8"))["sprachen"]
    assert len(codes) >= 3, codes  # several languages, Leichte Sprache and Arabic among them
    assert "leicht" in codes and "ar" in codes, codes
    return ["", *(f"{code}/" for code in codes[1:])]


# A page of each family page type (a general page too: phones have no drawer anywhere).
FAMILY_PAGES = ["", "quartiere/", "quartiere/brunnenviertel/", "themen/betreuung/",
                "quartiere/brunnenviertel/kitas/kita-kielstrasse/", "suche/", "merkliste/", "seiten/notfallnummern/"]


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": FOLD})
    yield context.new_page()
    context.close()


def _box(page: Any, selector: str) -> dict[str, float] | None:
    """Where ``selector`` is drawn, relative to the top of the page; None when it is not drawn."""
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect();"
                                 " return r.width && r.height ? {top: r.top + scrollY, bottom: r.bottom + scrollY} : null; }")


@pytest.mark.parametrize("language", _language_paths())
def test_home_asks_search_age_and_where_on_the_first_screen(phone: Any, demo_server: str, language: str) -> None:
    phone.goto(f"{demo_server}/{language}", wait_until="load")
    # the age choice and "Wo wohnen Sie?" appear once the script has run
    phone.wait_for_selector("fieldset.ww-alterwahl:not([hidden])", state="visible")
    phone.wait_for_selector("#ww-wohnen-eingabe", state="visible")
    search = _box(phone, "#ww-kopfsuche-eingabe")
    age = _box(phone, "fieldset.ww-alterwahl")
    where = _box(phone, "#ww-wohnen-eingabe")
    assert search and age and where, (search, age, where)
    assert search["bottom"] <= FOLD, search
    assert age["top"] < FOLD, age
    assert where["bottom"] <= FOLD, f"„Wo wohnen Sie?“ beginnt bei {where['top']:.0f} px, unter dem ersten Bildschirm"
    # before any long text: nothing between the title and the age choice but the choices themselves
    first = phone.eval_on_selector("#inhalt", "e => [...e.querySelectorAll('p, ul, ol, div.ww-einleitung')]"
                                   ".filter(x => !x.closest('fieldset, .ww-wohnen, .ww-leicht-link'))"
                                   ".filter(x => x.getBoundingClientRect().top < "
                                   "document.querySelector('fieldset.ww-alterwahl').getBoundingClientRect().top)"
                                   ".map(x => x.textContent.trim()).filter(t => t.length > 60)")
    assert first == [], first


@pytest.mark.parametrize("language", ["", "ar/", "leicht/"])
def test_no_navigation_drawer_on_a_phone(phone: Any, demo_server: str, language: str) -> None:
    shown = {}
    for path in FAMILY_PAGES:
        phone.goto(f"{demo_server}/{language}{path}", wait_until="load")
        assert phone.locator("h1").first.is_visible(), path  # the page is there
        button = phone.locator('label.md-header__button[for="__drawer"]')
        drawer = phone.locator(".md-sidebar--primary")
        if (button.count() and button.first.is_visible()) or (drawer.count() and drawer.first.is_visible()):
            shown[path] = True
    assert shown == {}, f"Navigationsleiste sichtbar auf {sorted(shown)}"


def test_family_pages_have_no_left_navigation_on_a_wide_screen(browser: Any, demo_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        with_nav = []
        for path in FAMILY_PAGES[:-1]:  # the general page may keep a short navigation to its neighbours
            page.goto(f"{demo_server}/{path}", wait_until="load")
            nav = page.locator(".md-sidebar--primary")
            if nav.count() and nav.first.is_visible():
                with_nav.append(path)
        assert with_nav == []
        # the way home is still there on every page: the logo in the header
        assert page.locator("a.md-header__button.md-logo").is_visible()
    finally:
        context.close()


def test_the_home_page_links_what_the_navigation_listed(phone: Any, demo_server: str) -> None:
    """Phones have no drawer: every general page of the old navigation and the Merkliste are linked on the home page."""
    phone.goto(f"{demo_server}/", wait_until="load")
    hrefs = set(phone.eval_on_selector_all("#inhalt a[href]", "els => els.map(a => new URL(a.href).pathname)"))
    pages = sorted(p.stem for p in (ROOT / "content" / "seiten").glob("*.md") if "." not in p.stem)
    # pages with ``fusszeile: ja`` are linked in every page's footer instead
    wanted = {f"/seiten/{slug}/" for slug in pages if _in_navigation(slug)} | {"/merkliste/"}
    assert wanted - hrefs == set(), sorted(wanted - hrefs)


def _in_navigation(slug: str) -> bool:
    text = (ROOT / "content" / "seiten" / f"{slug}.md").read_text("utf-8")
    front = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
    return not (front or {}).get("fusszeile")
