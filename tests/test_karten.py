"""Cards that show what decides, long pages that lead, the right pages in the right places (issue 26, items 3-5).

Expected values come from the content files (which entries are for pregnancy, which Kitas take under-threes, the
emergency page's title in each language), from the catalogues (the words a language uses) and from counting the
cards in the built pages; never from the code under test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import yaml

from wegweiser.check.validate import load_and_validate
from wegweiser.content.loading import load_content
from wegweiser.content.records import Content
from wegweiser.core.problems import Problems, Severity
from wegweiser.i18n.catalogue import texte
from wegweiser.i18n.languages import Sprache
from wegweiser.model.entries import ENTRY_TYPES, Kita
from wegweiser.render import urls
from wegweiser.render.page_builder import language_builders, site_sprachen

from conftest import ROOT, TODAY, element_text

SPRACHEN = Path(__file__).resolve().parent / "fixtures" / "sprachen"
CARD = "//li[contains(concat(' ', @class, ' '), ' ww-karte ')]"
BADGE = ".//*[contains(concat(' ', @class, ' '), ' ww-abzeichen ')]"


@cache
def _demo() -> Content:
    problems = Problems()
    return load_content(ROOT, problems)


def _languages() -> list[Sprache]:
    return site_sprachen(_demo())


def _front_matter(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def cards(demo_site: Path) -> dict[str, list[tuple[str, list[str], str]]]:
    """Every card of every page of the demo build, by language code: (entry address, its badges, its text)."""
    found: dict[str, list[tuple[str, list[str], str]]] = {s.code: [] for s in _languages()}
    others = [s for s in _languages() if s.pfad]
    for path in demo_site.rglob("index.html"):
        relative = path.relative_to(demo_site).as_posix()
        code = next((s.code for s in others if relative.startswith(s.pfad)), _languages()[0].code)
        page = lxml.html.fromstring(path.read_bytes())
        for card in page.xpath(CARD):
            found[code].append((str(card.get("data-merk")), [element_text(b) for b in card.xpath(BADGE)], element_text(card)))
    return found


# --- cards --------------------------------------------------------------------------------------------------


def test_every_card_of_a_pregnancy_entry_without_age_says_pregnancy(
        cards: dict[str, list[tuple[str, list[str], str]]]) -> None:
    pregnancy = {urls.entry_url(e) for e in _demo().eintraege if e.schwangerschaft and e.alter is None}
    assert len(pregnancy) >= 2  # Geburtsvorbereitung, Schwangerschaftsberatung
    for sprache in _languages():
        words = texte(sprache)
        said, for_all = words.gettext("Schwangerschaft"), words.gettext("für alle Altersgruppen")
        seen = [(badges, text) for address, badges, text in cards[sprache.code]
                if address.removeprefix(sprache.pfad) in pregnancy]
        assert seen, sprache.code
        for badges, text in seen:
            assert said in badges, (sprache.code, text)
            assert for_all not in badges, (sprache.code, text)


def test_every_kita_card_with_places_for_under_threes_says_so(
        cards: dict[str, list[tuple[str, list[str], str]]]) -> None:
    kitas = [e for e in _demo().eintraege if isinstance(e, Kita)]
    under_three = {urls.entry_url(e) for e in kitas if e.u3 is True}
    others = {urls.entry_url(e) for e in kitas if e.u3 is not True}
    assert under_three
    for sprache in _languages():
        said = texte(sprache).gettext("Plätze unter 3 Jahren (U3)")
        assert "U3" in said  # the word families and offices use, in every language
        seen = 0
        for address, badges, text in cards[sprache.code]:
            neutral = address.removeprefix(sprache.pfad)
            if neutral in under_three:
                assert said in badges, (sprache.code, text)
                seen += 1
            elif neutral in others:
                assert said not in badges, (sprache.code, text)
        assert seen >= len(under_three), sprache.code  # each on its quarter page at least


def test_cards_name_the_languages_spoken_in_the_page_language(demo_site: Path) -> None:
    entry = next(e for e in _demo().eintraege if e.slug == "stadtteilmuetter-brunnen")
    assert "tr" in entry.sprachen and "ar" in entry.sprachen
    expected = {"": ("Türkisch", "Arabisch"), "en/": ("Turkish", "Arabic")}
    for prefix, names in expected.items():
        page = lxml.html.fromstring((demo_site / prefix / urls.quarter_url("brunnenviertel") / "index.html")
                                    .read_bytes())
        [card] = [c for c in page.xpath(CARD) if str(c.get("data-merk")).endswith(urls.entry_url(entry))]
        spoken = element_text(card.xpath(".//*[contains(@class, 'ww-karte__sprachen')]")[0])
        assert all(name in spoken for name in names), spoken


def test_languages_on_arabic_cards_are_listed_the_arabic_way(demo_site: Path) -> None:
    # CLDR's list pattern for Arabic joins with "و", never a Latin comma in an Arabic line.
    entry = next(e for e in _demo().eintraege if e.slug == "stadtteilmuetter-brunnen")
    page = lxml.html.fromstring((demo_site / "ar" / urls.quarter_url("brunnenviertel") / "index.html").read_bytes())
    [card] = [c for c in page.xpath(CARD) if str(c.get("data-merk")).endswith(urls.entry_url(entry))]
    spoken = element_text(card.xpath(".//*[contains(@class, 'ww-karte__sprachen')]")[0])
    assert "," not in spoken and " و" in spoken, spoken


def test_a_kita_page_says_how_to_apply_in_its_language(demo_site: Path) -> None:
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text("utf-8"))
    kitas = [e for e in _demo().eintraege if isinstance(e, Kita)]
    other = next(e for e in _demo().eintraege if not isinstance(e, Kita))
    assert kitas
    for sprache in _languages():
        translation = ROOT / "content" / f"site.{sprache.code}.yaml"
        text = site["kita_anmeldung"]
        if sprache.pfad and translation.is_file():
            text = yaml.safe_load(translation.read_text("utf-8")).get("kita_anmeldung", text)
        for entry in kitas:
            page = lxml.html.fromstring((demo_site / sprache.pfad / urls.entry_url(entry) / "index.html").read_bytes())
            [box] = page.xpath("//section[contains(@class, 'ww-kita-anmeldung')]")
            assert text in element_text(box), (sprache.code, entry.slug)
            assert [a.get("href") for a in box.xpath(".//a")] == [site["kita_anmeldung_web"]]
        page = lxml.html.fromstring((demo_site / sprache.pfad / urls.entry_url(other) / "index.html").read_bytes())
        assert not page.xpath("//section[contains(@class, 'ww-kita-anmeldung')]")


def test_a_kita_application_link_is_checked_like_any_web_address(scratch: Any) -> None:
    site = (scratch.root / "content" / "site.yaml").read_text("utf-8")
    good = "kita_anmeldung: Plätze vergibt die Stadt.\nkita_anmeldung_web: https://kita.example.org/anmelden\n"
    assert _errors(scratch("content/site.yaml", site + good)) == []
    root = scratch("content/site.yaml", site + 'kita_anmeldung_web: "javascript:alert(1)"\n')
    [(path, line, message, _hint)] = _errors(root)
    assert (path, line) == ("content/site.yaml", site.count("\n") + 1)
    assert "javascript" in message


# --- jump links ---------------------------------------------------------------------------------------------


def _list_pages() -> Iterator[tuple[Sprache, str]]:
    content = _demo()
    for sprache in _languages():
        for slug in content.quartiere:
            yield sprache, urls.quarter_url(slug)
        for slug in content.kategorien:
            yield sprache, urls.category_url(slug)


def test_quarter_and_topic_pages_start_with_jump_links_that_count_their_sections(demo_site: Path) -> None:
    checked = 0
    for sprache, url in _list_pages():
        page = lxml.html.fromstring((demo_site / sprache.pfad / url / "index.html").read_bytes())
        sections = page.xpath("//article//section[.//li[contains(@class, 'ww-karte')]]")
        if not sections:
            continue  # a topic without entries
        navs = page.xpath("//article//nav[contains(@class, 'ww-sprung')]")
        assert len(navs) == 1, (sprache.code, url)
        links = navs[0].xpath(".//a")
        # one link per section of cards, in page order, and the links before the first card
        assert len(links) == len(sections), (sprache.code, url)
        order = {element: number for number, element in enumerate(page.iter())}
        assert order[navs[0]] < order[page.xpath(CARD)[0]], (sprache.code, url)
        for link, section in zip(links, sections, strict=True):
            target = link.get("href")
            assert target.startswith("#")
            [heading] = page.xpath(f"//*[@id='{target[1:]}']")
            assert heading.tag == "h2", (sprache.code, url, target)  # stronger than a card title
            assert heading.getparent() is section
            count = len(section.xpath(".//li[contains(concat(' ', @class, ' '), ' ww-karte ')]"))
            label = link.text_content()
            assert f"({count})" in label, (sprache.code, url, label, count)
            assert " " not in label.strip(), label  # the count never breaks away from its noun
            checked += 1
    assert checked > 50


def test_every_type_has_a_counted_jump_label_in_every_language() -> None:
    from wegweiser.render.jump_links import type_links

    for sprache in _languages():
        words = texte(sprache)
        for typ in ENTRY_TYPES:
            for n in (1, 2, 5, 11):
                [link] = type_links([(typ, n)], words)
                assert str(n) in link.text and link.anzahl == n
        # a word of the page's language, not the German msgid, where the catalogue translates the type
        if sprache.code == "en":
            assert type_links([("spielplaetze", 3)], words)[0].text == "Playgrounds\u00a0(3)"


# --- the emergency numbers --------------------------------------------------------------------------------------


def _emergency_links(root: Path, slug: str) -> None:
    problems = Problems()
    content = load_content(root, problems)
    assert not problems.errors, problems.errors
    folder = root / "content" / "seiten"
    for builder in language_builders(content, TODAY):
        sprache = builder.sprache
        translation = folder / f"{slug}.{sprache.code}.md"
        title = _front_matter(translation if sprache.pfad and translation.is_file() else folder / f"{slug}.md")["titel"]
        home = lxml.html.fromstring(builder.home().html)
        wanted = f"https://x/{sprache.pfad}{urls.page_url(slug)}"
        links = [a for a in home.xpath("//a") if urljoin(f"https://x/{sprache.pfad}", a.get("href", "")) == wanted]
        assert [element_text(a) for a in links] == [title], sprache.code
        # the printed page that sorts first may be linked ("Gut zu wissen"), but only under its own title
        other = [element_text(a) for a in home.xpath("//a")
                 if urlsplit(urljoin(f"https://x/{sprache.pfad}", a.get("href", ""))).path
                 == f"/{sprache.pfad}{urls.page_url('aaa')}"]
        assert all(text == "Geld für Familien" for text in other), (sprache.code, other)


def test_home_links_the_emergency_page_whatever_the_file_order(tmp_path: Path) -> None:
    root = tmp_path / "projekt"
    shutil.copytree(SPRACHEN, root)
    # a printed page whose name sorts first: the old code linked it as "Wichtige Telefonnummern"
    (root / "content" / "seiten" / "aaa.md").write_text(
        "---\ntitel: Geld für Familien\ndruck: ja\nreihenfolge: 1\n---\nKindergeld.\n", encoding="utf-8")
    _emergency_links(root, "notfallnummern")


def test_home_links_the_page_that_declares_the_role(tmp_path: Path) -> None:
    root = tmp_path / "projekt"
    shutil.copytree(SPRACHEN, root)
    seiten = root / "content" / "seiten"
    (seiten / "aaa.md").write_text("---\ntitel: Geld für Familien\ndruck: ja\n---\nKindergeld.\n", encoding="utf-8")
    for path in seiten.glob("notfallnummern*.md"):
        text = path.read_text("utf-8")
        if path.name == "notfallnummern.md":
            text = text.replace("---\n", "---\nrolle: notfallnummern\n", 1)
        path.rename(seiten / path.name.replace("notfallnummern", "telefon"))
        (seiten / path.name.replace("notfallnummern", "telefon")).write_text(text, encoding="utf-8")
    # a page named like the role that does not declare it is not the one
    (seiten / "notfallnummern.md").write_text("---\ntitel: Alte Nummern\n---\nVeraltet.\n", encoding="utf-8")
    _emergency_links(root, "telefon")


def test_demo_home_pages_link_the_emergency_page_by_its_title(demo_site: Path) -> None:
    for sprache in _languages():
        home = lxml.html.fromstring((demo_site / sprache.pfad / "index.html").read_bytes())
        wanted = f"https://x/{sprache.pfad}{urls.page_url('notfallnummern')}"
        [link] = [a for a in home.xpath("//article//a")
                  if urljoin(f"https://x/{sprache.pfad}", a.get("href", "")) == wanted]
        target = lxml.html.fromstring((demo_site / sprache.pfad / urls.page_url("notfallnummern") / "index.html")
                                      .read_bytes())
        assert element_text(link) == element_text(target.xpath("//article//h1")[0]), sprache.code


def _errors(root: Path) -> list[tuple[str, int, str, str]]:
    _, problems = load_and_validate(root, TODAY)
    return [(p.loc.path, p.loc.line, p.message, p.hint) for p in problems.items if p.severity is Severity.ERROR]


def test_two_pages_with_one_role_are_a_located_error(scratch: Any) -> None:
    scratch("content/seiten/notfallnummern.md", "---\ntitel: Notruf\nrolle: notfallnummern\n---\n112\n")
    root = scratch("content/seiten/telefon.md", "---\ntitel: Telefon\nreihenfolge: 5\nrolle: notfallnummern\n---\n110\n")
    [(path, line, message, hint)] = _errors(root)
    assert (path, line) == ("content/seiten/telefon.md", 4)
    assert "content/seiten/notfallnummern.md" in message and "rolle" in hint


def test_an_unknown_role_is_a_located_error_naming_the_known_ones(scratch: Any) -> None:
    root = scratch("content/seiten/notfall.md", "---\ntitel: Notruf\nrolle: notruf\n---\n112\n")
    [(path, line, message, hint)] = _errors(root)
    assert (path, line) == ("content/seiten/notfall.md", 3)
    assert "notruf" in message and "notfallnummern" in hint


def test_the_booklet_prints_the_emergency_page_even_without_druck(scratch: Any) -> None:
    from wegweiser.printing.booklet import BookletBuilder

    scratch("content/seiten/aaa.md", "---\ntitel: Geld für Familien\ndruck: ja\n---\nKindergeld.\n")
    root = scratch("content/seiten/telefon.md", "---\ntitel: Telefon\nrolle: notfallnummern\n---\n[112](tel:112)\n")
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors
    [booklet] = BookletBuilder(content, TODAY).booklets()
    page = lxml.html.fromstring(booklet.html)
    titles = [element_text(h) for h in page.xpath("//section[contains(@class, 'seite')]/h2")]
    inside_cover = [element_text(h) for h in page.xpath("//section[contains(@class, 'notfall')]/h1")]
    assert inside_cover == ["Telefon"] and "Geld für Familien" in titles, (inside_cover, titles)
