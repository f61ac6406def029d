"""The UI catalogues (issue 11): German msgids, one .po per language, compiled at build time.

Fails when ``generator/locale/wegweiser.pot`` is stale (run ``make i18n``), when a translation's placeholders differ
from its msgid's, when a catalogue has the wrong number of plural forms for its language (CLDR, via Babel), or
when the German catalogue is not complete.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from wegweiser.check.validate import load_and_validate
from wegweiser.i18n import catalogue, catalogue_update, formats
from wegweiser.i18n.catalogue import Texte, compile_po
from wegweiser.i18n.languages import DEUTSCH, sprache
from wegweiser.render import legal_pages
from wegweiser.render.page_builder import PageBuilder

from conftest import MINI, TODAY

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
CODES = ["de", "leicht", "en", "tr", "ar", "uk", "ru"]


def _read(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=catalogue_update.BEKANNT[code][1])


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def _key(message: Message) -> str:
    return repr((message.context, message.id))


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def test_pot_is_current() -> None:
    """Every _()/gettext/ngettext/N_ in generator/ and templates/ is in the .pot, and nothing else."""
    current = catalogue_update.pot_text()
    if current != catalogue_update.POT.read_text("utf-8"):
        now = {_key(m) for m in _messages(catalogue_update.extract())}
        stored = {_key(m) for m in _messages(_read(catalogue_update.POT, "de"))}
        pytest.fail("generator/locale/wegweiser.pot ist veraltet: bitte `make i18n` ausführen "
                    f"(neu: {sorted(now - stored)!r}, entfallen: {sorted(stored - now)!r}; sonst Fundstellen)")


def test_pot_holds_the_strings_of_code_and_templates() -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(catalogue_update.extract())}
    # from a template, from Python code, from an N_() table and a plural
    assert {"Öffnungszeiten", "Fehler im Familienwegweiser: %(name)s (%(pfad)s)", "Kontakte und Beratung",
            "%(num)s Eintrag", "Seite nicht gefunden", "an Feiertagen geschlossen"} <= ids


@pytest.mark.parametrize("code", CODES)
def test_catalogue_matches_the_template(code: str) -> None:
    """Each .po has the .pot's strings (else `make i18n` was not run) and the plural rule of its language."""
    catalog = _read(catalogue.po_path(code), code)
    template = _read(catalogue_update.POT, "de")
    assert {m.id if isinstance(m.id, str) else tuple(m.id) for m in _messages(catalog)} == \
           {m.id if isinstance(m.id, str) else tuple(m.id) for m in _messages(template)}
    expected = get_plural(catalogue_update.BEKANNT[code][1])
    assert catalog.num_plurals == expected.num_plurals
    assert catalog.plural_expr == expected.plural_expr
    for message in _messages(catalog):
        if message.pluralizable:
            assert len(message.string) == expected.num_plurals, message.id


@pytest.mark.parametrize("code", CODES)
def test_translations_keep_the_placeholders(code: str) -> None:
    """A translation names the same placeholders as its German msgid (a plural form may leave out the number)."""
    wrong = []
    for message in _messages(_read(catalogue.po_path(code), code)):
        if message.pluralizable:
            allowed = _placeholders(message.id[0]) | _placeholders(message.id[1])
            for form in message.string:
                if form and not _placeholders(form) <= allowed:
                    wrong.append((message.id, form))
        elif message.string and _placeholders(message.string) != _placeholders(message.id):
            wrong.append((message.id, message.string))
    assert not wrong


def test_german_is_complete_and_the_identity() -> None:
    for message in _messages(_read(catalogue.po_path("de"), "de")):
        expected = list(message.id) if message.pluralizable else message.id
        got = list(message.string) if message.pluralizable else message.string
        assert got == expected, message.id


def test_untranslated_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    """Not an error while translators work: listed, and shown in German meanwhile."""
    counts = {}
    for code in CODES:
        messages = _messages(_read(catalogue.po_path(code), code))
        counts[code] = sum(1 for m in messages
                           if not (all(m.string) if m.pluralizable else m.string))
    with capsys.disabled():
        print("\nunübersetzt: " + ", ".join(f"{code} {n}" for code, n in counts.items()))
    assert counts["de"] == 0


RU_PO = r'''
msgid ""
msgstr ""
"Language: ru\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "Öffnungszeiten"
msgstr "Часы работы"

msgid "%(num)s Eintrag"
msgid_plural "%(num)s Einträge"
msgstr[0] "%(num)s запись"
msgstr[1] "%(num)s записи"
msgstr[2] "%(num)s записей"

msgctxt "Alter"
msgid "Alle"
msgstr "Все"

msgid "Karte anzeigen (lädt Kartenkacheln von %(anbieter)s, %(host)s)"
msgstr "Показать карту (%(anbieter)s, %(host)s)"
'''


@pytest.fixture
def russisch(tmp_path: Path) -> Texte:
    path = tmp_path / "wegweiser.po"
    path.write_text(RU_PO, encoding="utf-8")
    return Texte(sprache("ru"), compile_po(path))


def test_texte_translate_and_fall_back_to_german(russisch: Texte) -> None:
    assert russisch.gettext("Öffnungszeiten") == "Часы работы"
    assert russisch.gettext("Karte") == "Karte"  # not translated: German
    assert [russisch.ngettext("%(num)s Eintrag", "%(num)s Einträge", n) for n in (1, 3, 5, 21)] == \
           ["1\u00a0запись", "3\u00a0записи", "5\u00a0записей", "21\u00a0запись"]  # count bound to its noun
    assert russisch.pgettext("Alter", "Alle") == "Все"
    assert russisch.sprache.code == "ru"


def test_templates_get_the_language_from_the_context(russisch: Texte) -> None:
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    template = env.from_string('{{ _("Karte anzeigen (lädt Kartenkacheln von %(anbieter)s, %(host)s)", '
                               'anbieter=a, host="x") }}|{{ ngettext("%(num)s Eintrag", "%(num)s Einträge", 2) }}|'
                               '{% trans %}Öffnungszeiten{% endtrans %}|{{ sprache.lang }}')
    html = template.render(**russisch.jinja(), a="<b>OSM</b>")
    assert html == "Показать карту (&lt;b&gt;OSM&lt;/b&gt;, x)|2\u00a0записи|Часы работы|ru"
    german = template.render(**catalogue.texte(DEUTSCH).jinja(), a="OSM")
    assert german == "Karte anzeigen (lädt Kartenkacheln von OSM, x)|2\u00a0Einträge|Öffnungszeiten|de"


def test_cldr_words_come_from_babel() -> None:
    """Weekday and month names, dates and numbers per language (CLDR), German as before."""
    assert [formats.wochentag(i, "de") for i in range(7)] == ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    assert formats.wochentag(0, "tr") == "Pzt"
    assert formats.wochentag(6, "ru") == "вс"
    assert formats.monat(3, "de") == "März"
    assert formats.datum(date(2026, 3, 5), "de", "medium") == "05.03.2026"
    assert formats.datum(date(2026, 3, 5), "de", "tag_monat") == "05.03."
    assert formats.datum(date(2026, 3, 5), "en", "long") == "March 5, 2026"
    assert formats.zahl(1.5, "de") == "1,5"
    assert formats.zahl(1.5, "en") == "1.5"
    assert formats.zahl(6.0, "de") == "6"
    words = catalogue.texte(sprache("tr"))
    assert words.wochentag(0) == "Pzt"
    assert words.datum(date(2026, 3, 5), "long") == "5 Mart 2026"


TR_PO = r'''
msgid ""
msgstr ""
"Language: tr\n"
"Plural-Forms: nplurals=1; plural=0;\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "Öffnungszeiten"
msgstr "Çalışma saatleri"

msgid "%(von)s–%(bis)s Jahre"
msgid_plural "%(von)s–%(bis)s Jahre"
msgstr[0] "%(von)s–%(bis)s yaş"

msgid "%(zeiten)s Uhr"
msgstr "%(zeiten)s"

msgid "Alter"
msgstr "Yaş"

msgid "0–3 Jahre"
msgstr "0–3 yaş"

msgid "Seite nicht gefunden"
msgstr "Sayfa <bulunamadı>"
'''


@pytest.fixture
def turkish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Turkish catalogue with a few strings, in place of the repository's for one test."""
    path = tmp_path / "tr.po"
    path.write_text(TR_PO, encoding="utf-8")
    real = catalogue._catalogue
    monkeypatch.setattr(catalogue, "_catalogue", lambda code: compile_po(path) if code == "tr" else real(code))
    catalogue.texte.cache_clear()
    yield
    catalogue.texte.cache_clear()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.filters: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "bdi":  # an isolate (numbers kept left to right) belongs to the cell around it
            self._tag = tag
        found = dict(attrs).get("data-pagefind-filter")
        if found:
            self.filters.append(found)

    def handle_data(self, data: str) -> None:
        if self._tag == "script":
            self.scripts.append(data)
        elif data.strip():
            self.text.append(data.strip())
            self.cells.append((self._tag, data.strip()))


def test_a_page_takes_its_words_from_its_language(turkish: None) -> None:
    """PageBuilder(content, today, sprache): translated strings from the catalogue, German where the catalogue has
    none, weekday names and dates from CLDR, inLanguage in the JSON-LD, filters by the same slugs."""
    content, _problems = load_and_validate(MINI, TODAY)
    entry = next(e for e in content.eintraege if e.slug == "elterncafe")
    page = _Page()
    builder = PageBuilder(content, TODAY, sprache("tr"))
    assert builder.texte.sprache.code == "tr"
    page.feed(builder.entry_page(entry).html)
    assert ("caption", "Çalışma saatleri") in page.cells
    assert ("th", "Sal") in page.cells and ("td", "09:30–11:30") in page.cells  # Tuesday, without "Uhr"
    assert "0–3 yaş" in page.text
    assert "Weitere Angaben" in page.text  # not in the catalogue: German
    assert any(text.endswith("1 Eki 2026") for text in page.text)  # Stand, CLDR's medium date in Turkish
    data = json.loads(next(s for s in page.scripts if '"@context"' in s))
    assert data["inLanguage"] == "tr"
    assert {"quartier:testviertel", "alter:0-3", "typ:angebote"} <= set(page.filters)

    german = _Page()
    german.feed(PageBuilder(content, TODAY).entry_page(entry).html)
    assert ("th", "Di") in german.cells and ("td", "09:30–11:30 Uhr") in german.cells
    assert json.loads(next(s for s in german.scripts if '"@context"' in s))["inLanguage"] == "de"
    assert sorted(german.filters) == sorted(page.filters)

    filters = {f["name"]: f for f in builder.filter_values()}
    assert filters["alter"]["label"] == "Yaş" and ["0-3", "0–3 yaş"] in filters["alter"]["werte"]


def test_the_theme_words_come_from_the_catalogue_escaped(turkish: None) -> None:
    from wegweiser.site.mkdocs_adapter import theme_texts

    words = theme_texts(sprache("tr"))
    assert words["nicht_gefunden"] == "Sayfa &lt;bulunamadı&gt;"  # MkDocs renders without autoescape
    assert words["zur_startseite"] == "Zur Startseite"
    assert json.loads(html.unescape(words["wochentage"]))[:2] == ["Paz", "Pzt"]  # Sunday first, as in JavaScript
    assert json.loads(html.unescape(theme_texts(DEUTSCH)["wochentage"])) == ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"]


def test_generated_legal_pages_in_the_page_language(turkish: None, scratch: Any) -> None:
    root = scratch("content/seiten/impressum.md", "---\ntitel: Impressum\nfusszeile: ja\n---\nText\n")
    for name in ("datenschutz", "barrierefreiheit"):
        (root / "content" / "seiten" / f"{name}.md").unlink()
    content, _problems = load_and_validate(root, TODAY)
    german = {p.slug: p for p in legal_pages.fehlende_seiten(content)}
    assert german["datenschutz"].titel == "Datenschutz"
    assert "## Ihre Rechte" in german["datenschutz"].text
    assert "**[Bitte ergänzen: Datum]**" in german["barrierefreiheit"].text


def test_every_holiday_name_can_be_translated() -> None:
    """Notes such as "an Feiertagen geschlossen (nächster: Ostermontag am …)" name holidays: every name
    ``holidays`` gives (every Land, 2024–2030) and every school holiday of the data file is a msgid."""
    import holidays

    from wegweiser.hours import holiday_calendar

    names: set[str] = set()
    for land in [None, *holiday_calendar.BUNDESLAENDER]:
        found = holidays.country_holidays("DE", subdiv=land, language="de", years=range(2024, 2031))
        names.update(part for name in found.values() for part in str(name).split("; "))
    assert names <= set(holiday_calendar.FEIERTAGE), sorted(names - set(holiday_calendar.FEIERTAGE))
    data = holiday_calendar.schulferien_daten()
    assert {f["name"] for land in data.values() for f in land["ferien"]} <= set(holiday_calendar.SCHULFERIEN)


def test_no_words_in_the_scripts() -> None:
    """Issue 11: the scripts show only words the page gives them (data-text-*, #ww-texte, data-filter)."""
    folder = Path(__file__).resolve().parent.parent / "templates" / "assets"
    for path in folder.glob("*.js"):
        code = re.sub(r"//[^\n]*|/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
        literals = [a or b or c for a, b, c in re.findall(r'"([^"\n]*)"|\'([^\'\n]*)\'|`([^`]*)`', code)]
        german = [text for text in literals if re.search(r"[äöüÄÖÜß]", text)
                  or text in {"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa", "Thema", "Art", "Alter", "Quartier", "Kosten",
                              "Sprache", "Kategorie", "Typ", "de-DE"}]
        assert german == [], (path.name, german)
