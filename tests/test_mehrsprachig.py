"""A site per language (issue 11): every page of a built multi-language site is parsed.

The fixture ``tests/fixtures/sprachen/`` has ``sprachen: [de, leicht, en, ar]``; some objects are translated, some
not, one translation is outdated. Built once per session (a copy, with a Leichte-Sprache welcome text added).
Expected values come from the issue's URL contract (main language at ``/…``, the others at ``/<code>/…`` with the
same slugs), from HTML's and the sitemap protocol's rules, and from the fixture's files.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from conftest import MINI, TODAY, serve_folder

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sprachen"
BASE = "https://familie.example.org/"  # basis_url of the fixture
# code -> (lang, dir, URL prefix), as the issue fixes them
LANGUAGES = {"de": ("de", "ltr", ""), "leicht": ("de-x-ls", "ltr", "leicht/"), "en": ("en", "ltr", "en/"),
             "ar": ("ar", "rtl", "ar/")}
LEICHT_WILLKOMMEN = "Hier finden Familien Hilfe. Das Heft ist kostenlos."
NOTICE = "Nur auf Deutsch verfügbar"  # msgid; each page shows it in its language


def _translated(code: str, msgid: str) -> str:
    from wegweiser.i18n.catalogue import texte
    from wegweiser.i18n.languages import sprache

    return texte(sprache(code)).gettext(msgid)


def _notice(code: str) -> str:
    return _translated(code, NOTICE)
GONE = "en/quartiere/nordviertel/angebote/babyschwimmen/"
SKIPPED_SCHEMES = ("mailto:", "tel:", "geo:", "http://", "https://", "javascript:", "data:")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wegweiser.site.build import build_site

    root = tmp_path_factory.mktemp("sprachen") / "projekt"
    shutil.copytree(FIXTURE, root)
    (root / "content" / "site.leicht.yaml").write_text(f"willkommen: {LEICHT_WILLKOMMEN}\n", encoding="utf-8")
    # published once, in English, and gone since: a page in English that says so
    (root / "content" / "adressen.txt").write_text(f"/{GONE}\n", encoding="utf-8")
    out = root.parent / "site"
    build_site(root, out, TODAY)
    return out


def _language_of(relative: str) -> str:
    first = relative.split("/", 1)[0]
    return first if first in LANGUAGES and first != "de" else "de"


def _neutral(relative_dir: str) -> str:
    code = _language_of(relative_dir)
    return relative_dir[len(LANGUAGES[code][2]):]


@pytest.fixture(scope="session")
def pages(site: Path) -> dict[str, Any]:
    """Every HTML page of the site, parsed: URL path relative to the site root ("" for the home page) -> tree."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("pagefind/", "assets/", "druck/")):
            continue
        key = relative[:-len("index.html")] if relative.endswith("index.html") else relative
        found[key] = lxml.html.fromstring(path.read_bytes())
    return found


def _content_pages(pages: dict[str, Any]) -> dict[str, Any]:
    """The pages with their own URL (not the 404 pages, nor the one for an address that is gone, nor the page the
    service worker shows offline, which is never published)."""
    return {url: tree for url, tree in pages.items() if not url.endswith("404.html") and url != GONE
            and url.split("/")[-2:-1] != ["offline"]}


def test_every_language_has_every_page(pages: dict[str, Any]) -> None:
    content = _content_pages(pages)
    by_language: dict[str, set[str]] = {code: set() for code in LANGUAGES}
    for url in content:
        by_language[_language_of(url)].add(_neutral(url))
    assert by_language["de"], "no pages in the main language"
    for code in LANGUAGES:
        assert by_language[code] == by_language["de"], code
    for code, (_, _, prefix) in LANGUAGES.items():
        assert f"{prefix}404.html" in pages, f"no 404 page for {code}"


def test_html_lang_and_dir_per_language(pages: dict[str, Any]) -> None:
    for url, tree in pages.items():
        lang, direction, _ = LANGUAGES[_language_of(url)]
        assert tree.get("lang") == lang, url
        assert tree.get("dir") == direction, url


def _alternates(tree: Any) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')}


def test_hreflang_complete_reciprocal_with_x_default(pages: dict[str, Any]) -> None:
    content = _content_pages(pages)
    for url, tree in content.items():
        alternates = _alternates(tree)
        neutral = _neutral(url)
        expected = {lang: BASE + prefix + neutral for lang, _, prefix in LANGUAGES.values()}
        expected["x-default"] = BASE + neutral
        assert alternates == expected, url
        for href in alternates.values():  # reciprocal: the other version links back with the same set
            other = href[len(BASE):]
            assert other in content, f"{url}: {href} does not exist"
            assert _alternates(content[other]) == alternates, f"{other} does not link back to {url}"


def _references(tree: Any) -> Iterator[str]:
    for element, attribute, link, _ in tree.iterlinks():
        if (element.tag == "link" and element.get("rel") == "alternate") or element.tag == "form":
            continue
        if attribute in ("href", "src"):
            yield link


def _target(site: Path, page_url: str, link: str) -> Path | None:
    """The file a relative (or site-absolute) link of the page at ``page_url`` leads to, None for other hosts."""
    if link.startswith(BASE):
        link = "/" + link[len(BASE):]
    if link.startswith(SKIPPED_SCHEMES) or link.startswith("#"):
        return None
    page_dir = page_url if page_url.endswith("/") or page_url == "" else page_url.rsplit("/", 1)[0] + "/"
    resolved = urlsplit(urljoin("https://x.invalid/" + page_dir, link)).path
    target = site / unquote(resolved).lstrip("/")
    return target / "index.html" if resolved.endswith("/") else target


def test_every_link_and_asset_resolves(site: Path, pages: dict[str, Any]) -> None:
    missing = []
    for url, tree in _content_pages(pages).items():
        for link in _references(tree):
            target = _target(site, url, link)
            if target is None or target.relative_to(site).as_posix().startswith("druck/"):
                continue  # booklets are written by ``wegweiser print``
            if not target.is_file():
                missing.append(f"{url or '/'} -> {link}")
    assert not missing, "\n".join(missing[:20])


def test_404_pages_link_their_language(site: Path, pages: dict[str, Any]) -> None:
    for code, (_, _, prefix) in LANGUAGES.items():
        tree = pages[f"{prefix}404.html"]
        home = tree.xpath('//a[contains(@class, "ww-knopf")]/@href')
        # the 404 page is served at any depth: its links are site-absolute
        assert home == [f"/{prefix}"], code
        assets = [link for link in tree.xpath("//link[@rel='stylesheet']/@href")]
        assert assets and all(link.startswith("/assets/") for link in assets), code
        assert all((site / link.lstrip("/")).is_file() for link in assets)


def test_gone_address_of_a_language_in_that_language(site: Path, pages: dict[str, Any]) -> None:
    tree = pages[GONE]
    assert tree.get("lang") == "en"
    assert tree.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    assert not _alternates(tree)
    links = {_target(site, GONE, href) for href in tree.xpath('//article[contains(@class, "ww-entfallen")]//a/@href')}
    assert site / "en" / "quartiere" / "nordviertel" / "index.html" in links  # its quarter, in English
    assert site / "en" / "index.html" in links
    assert all(link is not None and link.is_file() for link in links)
    assert GONE not in (site / "sitemap.xml").read_text("utf-8")


def test_each_language_s_404_for_static_hosts(site: Path) -> None:
    rules = (site / "_redirects").read_text("utf-8").splitlines()
    for code, (_, _, prefix) in LANGUAGES.items():
        if prefix:
            assert f"/{prefix}* /{prefix}404.html 404" in rules, code


def test_switcher_links_the_same_page_in_each_language(site: Path, pages: dict[str, Any]) -> None:
    for url, tree in _content_pages(pages).items():
        links = tree.xpath('//nav[contains(@class, "ww-sprachwahl")]//a')
        assert [a.get("hreflang") for a in links] == [lang for lang, _, _ in LANGUAGES.values()], url
        names = [a.text_content().strip() for a in links]
        assert names == ["Deutsch", "Leichte Sprache", "English", "العربية"], url  # each named in itself
        for a, (lang, direction, prefix) in zip(links, LANGUAGES.values(), strict=True):
            assert a.get("lang") == lang and a.get("dir") == direction
            assert _target(site, url, a.get("href")) == site / (prefix + _neutral(url)) / "index.html", url
        current = [a.get("hreflang") for a in links if a.get("aria-current")]
        assert current == [LANGUAGES[_language_of(url)][0]], url


def _entry_links(tree: Any, page_url: str) -> set[str]:
    found = set()
    for href in tree.xpath('//a[contains(@class, "ww-karte__titel")]/@href'):
        resolved = urlsplit(urljoin("https://x.invalid/" + page_url, href)).path.lstrip("/")
        found.add(resolved)
    return found


def test_every_entry_in_every_language_s_lists(pages: dict[str, Any]) -> None:
    content = _content_pages(pages)
    entry = re.compile(r"(quartiere/[^/]+|region)/(angebote|kontakte|spielplaetze|kitas|schulen)/[^/]+/")
    entries = {url for url in content if _language_of(url) == "de" and entry.fullmatch(url)}
    assert len(entries) >= 6
    for code, (_, _, prefix) in LANGUAGES.items():
        listed = set()
        for url, tree in content.items():
            if _language_of(url) == code and re.fullmatch(r"(quartiere|themen)/[^/]+/", _neutral(url)):
                listed |= _entry_links(tree, url)
        assert listed == {prefix + url for url in entries}, code


def _fixture_status(art: str, key: str, code: str) -> str:
    """What the fixture's files say (via the translation loader of issue 11, tested in its own module)."""
    from wegweiser.check.validate import load_and_validate
    from wegweiser.content.language_versions import status

    content, _ = load_and_validate(FIXTURE, TODAY)
    return status(content, art, key, code)


def test_untranslated_entry_in_main_language_with_notice(pages: dict[str, Any]) -> None:
    # wasserspielplatz has no translation file at all
    assert not list(FIXTURE.glob("quartiere/nordviertel/spielplaetze/wasserspielplatz.*.*"))
    for code in ("en", "ar", "leicht"):
        tree = pages[f"{code}/quartiere/nordviertel/spielplaetze/wasserspielplatz/"]
        heading = tree.xpath("//article//h1")[0]
        assert heading.get("lang") == "de" and heading.get("dir") == "ltr", code
        assert heading.text_content() == "Wasserspielplatz am Stadtgarten"
        notice = tree.xpath('//*[contains(@class, "ww-sprachhinweis--fehlt")]')
        assert len(notice) == 1 and _notice(code) in notice[0].text_content(), code
        link = notice[0].xpath(".//a")[0]
        assert link.get("hreflang") == "de" and link.get("href").endswith(
            "quartiere/nordviertel/spielplaetze/wasserspielplatz/")
        # and in its quarter's list: the card's name is marked German, with the notice
        card = next(li for li in pages[f"{code}/quartiere/nordviertel/"].xpath('//li[contains(@class, "ww-karte")]')
                    if "wasserspielplatz" in li.xpath('.//a[contains(@class, "ww-karte__titel")]/@href')[0])
        assert card.xpath('.//a[contains(@class, "ww-karte__titel")]')[0].get("lang") == "de"
        assert _notice(code) in card.text_content()
    assert _notice("en") == "Only available in German"  # the wording


def test_translated_entry_in_its_language_without_notice(pages: dict[str, Any]) -> None:
    assert _fixture_status("eintrag", "nordviertel/angebote/elterncafe", "en") == "uebersetzt"
    tree = pages["en/quartiere/nordviertel/angebote/elterncafe/"]
    heading = tree.xpath("//article//h1")[0]
    assert heading.get("lang") is None  # the page's own language
    assert heading.text_content() != pages["quartiere/nordviertel/angebote/elterncafe/"].xpath("//article//h1")[0] \
        .text_content()
    assert not tree.xpath('//*[contains(@class, "ww-sprachhinweis")]')


def test_outdated_translation_published_with_notice(pages: dict[str, Any]) -> None:
    assert _fixture_status("eintrag", "nordviertel/angebote/sprachkurs", "en") == "veraltet"
    tree = pages["en/quartiere/nordviertel/angebote/sprachkurs/"]
    notice = tree.xpath('//*[contains(@class, "ww-sprachhinweis--veraltet")]')
    newer = _translated("en", "Es gibt eine neuere Fassung auf Deutsch.")
    assert len(notice) == 1 and newer in notice[0].text_content() and "German" in newer
    assert tree.xpath("//article//h1")[0].get("lang") is None  # still the translation


def test_sitemap_lists_every_page_of_every_language(site: Path, pages: dict[str, Any]) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = lxml.etree.parse(str(site / "sitemap.xml"))
    listed = {loc[len(BASE):] for loc in tree.xpath("//s:url/s:loc/text()", namespaces=ns)}
    assert listed == set(_content_pages(pages))
    for url in tree.xpath("//s:url", namespaces=ns):
        loc = url.xpath("s:loc/text()", namespaces=ns)[0]
        langs = url.xpath("x:link/@hreflang", namespaces=ns)
        assert sorted(langs) == sorted([*(lang for lang, _, _ in LANGUAGES.values()), "x-default"]), loc
        assert loc in url.xpath("x:link/@href", namespaces=ns)


def test_leichte_sprache_link_on_the_german_home_page(site: Path, pages: dict[str, Any]) -> None:
    home = pages[""]
    article = home.xpath('//div[@id="inhalt"]')[0]
    first = article.xpath(".//a")[0]  # at the top: before anything else of the page's content
    assert first.text_content().strip() == "Leichte Sprache"
    assert _target(site, "", first.get("href")) == site / "leicht" / "index.html"
    assert not pages["en/"].xpath('//div[@id="inhalt"]//a[normalize-space()="Leichte Sprache"]')


def test_leichte_sprache_home_explains_the_site(site: Path, pages: dict[str, Any]) -> None:
    home = pages["leicht/"]
    text = home.xpath('//div[@id="inhalt"]')[0].text_content()
    assert LEICHT_WILLKOMMEN in text
    headings = [h.text_content() for h in home.xpath("//h2")]
    assert len([h for h in headings if h]) >= 4
    # what the site contains: every quarter and topic with its number of entries, linked in Leichte Sprache
    for slug in ("nordviertel", "suedviertel"):
        assert home.xpath(f'//a[@href="../leicht/quartiere/{slug}/" or @href="quartiere/{slug}/"]'), slug
    # how to use it: search, quarters, Merkliste; the accessibility statement linked
    for target in ("suche/", "quartiere/", "merkliste/", "seiten/barrierefreiheit/"):
        assert any(_target(site, "leicht/", href) == site / "leicht" / target / "index.html"
                   for href in home.xpath("//section//a/@href")), target
    assert home.xpath('//a[starts-with(@href, "mailto:redaktion@example.org")]')


def test_a_site_without_languages_has_no_language_markup(tmp_path: Path) -> None:
    """A site without ``sprachen`` stays as before: no switcher, no hreflang, no language folders."""
    from wegweiser.site.build import build_site

    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    build_site(root, tmp_path / "site", TODAY)
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<html lang="de" class="no-js">' in html
    assert "hreflang" not in html and "ww-sprachwahl" not in html and "sprachen.js" not in html
    assert not (tmp_path / "site" / "en").exists()
    assert "xhtml:link" not in (tmp_path / "site" / "sitemap.xml").read_text("utf-8")


# --- in the browser ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    yield from serve_folder(site)


def _focused(page: Any) -> str:
    return str(page.evaluate("() => { const e = document.activeElement; return e.tagName + ' ' + "
                             "(e.getAttribute('hreflang') || e.textContent.trim()); }"))


def test_switcher_by_keyboard_and_the_choice_is_remembered(browser: Any, server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/quartiere/nordviertel/")
    for _ in range(15):  # Tab from the top of the page to the switcher
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('.ww-sprachwahl') !== null"):
            break
    assert _focused(page).startswith("SUMMARY"), _focused(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('.ww-sprachwahl details').open")
    for _ in range(3):  # Deutsch, Leichte Sprache, English
        page.keyboard.press("Tab")
    assert _focused(page) == "A en"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == server + "/en/quartiere/nordviertel/"  # the same page in English
    assert page.evaluate("() => localStorage.getItem('ww-sprache')") == "en"
    assert page.evaluate("() => document.cookie") == ""

    # Coming back later to the main language's home page (typed address): the chosen language's home
    later = context.new_page()
    later.goto(server + "/")
    later.wait_for_url(server + "/en/")
    assert later.evaluate("() => document.documentElement.lang") == "en"
    # Any other page stays as linked
    later.goto(server + "/quartiere/nordviertel/")
    later.wait_for_timeout(300)
    assert later.url == server + "/quartiere/nordviertel/"
    # Choosing Deutsch ends it
    later.goto(server + "/en/")
    later.click(".ww-sprachwahl summary")
    with later.expect_navigation():
        later.click('.ww-sprachwahl a[hreflang="de"]')
    assert later.evaluate("() => localStorage.getItem('ww-sprache')") == "de"
    later.goto(server + "/")
    later.wait_for_timeout(300)
    assert later.url == server + "/"
    context.close()


# --- the preview --------------------------------------------------------------------------------------------------

def _heading(site: Path, url: str) -> Any:
    return lxml.html.fromstring((site / url / "index.html").read_bytes()).xpath("//article//h1")[0]


def test_preview_re_renders_every_language(tmp_path: Path) -> None:
    from wegweiser.editors.preview import Preview

    root = tmp_path / "projekt"
    shutil.copytree(FIXTURE, root)
    out = tmp_path / "site"
    preview = Preview(root, out, TODAY, lambda line: None)
    assert preview.full()
    entry = "quartiere/nordviertel/angebote/elterncafe/"
    playground = "quartiere/nordviertel/spielplaetze/wasserspielplatz/"

    # a translation changes: its language's entry page and lists show it, the others stay
    translation = root / "quartiere/nordviertel/angebote/elterncafe.en.md"
    translation.write_text(translation.read_text("utf-8").replace("Sunshine parents' café", "Sunshine café"),
                           encoding="utf-8")
    preview.changed({translation})
    assert _heading(out, "en/" + entry).text_content() == "Sunshine café"
    assert "Sunshine café" in (out / "en/quartiere/nordviertel/index.html").read_text("utf-8")
    assert _heading(out, entry).text_content() != "Sunshine café"

    # the original of an untranslated entry changes: every language shows the new name, marked German
    original = root / "quartiere/nordviertel/spielplaetze/wasserspielplatz.yaml"
    original.write_text(original.read_text("utf-8").replace("am Stadtgarten", "im Stadtgarten"), encoding="utf-8")
    preview.changed({original})
    for prefix in ("", "leicht/", "en/", "ar/"):
        heading = _heading(out, prefix + playground)
        assert heading.text_content() == "Wasserspielplatz im Stadtgarten", prefix
        assert heading.get("lang") == (None if prefix == "" else "de"), prefix

    # a new translation: the Arabic page is Arabic now, without the notice
    (root / "quartiere/nordviertel/spielplaetze/wasserspielplatz.ar.yaml").write_text(
        "name: ملعب مائي في حديقة المدينة\n", encoding="utf-8")
    preview.changed({root / "quartiere/nordviertel/spielplaetze/wasserspielplatz.ar.yaml",
                     root / "quartiere/nordviertel/spielplaetze"})
    heading = _heading(out, "ar/" + playground)
    assert heading.text_content() == "ملعب مائي في حديقة المدينة" and heading.get("lang") is None
    assert "ww-sprachhinweis" not in (out / "ar" / playground / "index.html").read_text("utf-8")
    assert preview.status.ok
