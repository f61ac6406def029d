"""The translated UI strings (issue 11, Deliver 2 and 8): every language's catalogue is complete and in its language.

Fails when a catalogue leaves a string of the .pot empty or fuzzy (the site would show German there), when a
plural form sits in the wrong slot of its language's plural rule, when a translation is in the wrong script (the
Russian copied into the Ukrainian file, Latin letters in the Arabic one), when Arabic uses Latin punctuation, and
when a Leichte-Sprache string breaks the rules (sentences over 15 words, abbreviations, subjunctive, long unsplit
compounds, numbers as words above twelve).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from wegweiser.content.records import Content
from wegweiser.i18n import catalogue, catalogue_update
from wegweiser.i18n.catalogue import texte
from wegweiser.i18n.languages import sprache

from conftest import MINI, TODAY

CODES = ["leicht", "en", "tr", "ar", "uk", "ru"]


def _read(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=catalogue_update.BEKANNT[code][1])


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message) -> list[str]:
    string = message.string
    if isinstance(string, (list, tuple)):
        return [str(form) for form in string]
    return [string or ""]


def gaps(template: Catalog, catalog: Catalog) -> list[str]:
    """The template's msgids the catalogue does not translate: absent, empty (in any plural form) or fuzzy."""
    present = {_key(m): m for m in _messages(catalog)}
    missing = []
    for message in _messages(template):
        found = present.get(_key(message))
        if found is None or not all(_forms(found)) or found.fuzzy:
            missing.append(_key(message)[1])
    return missing


@pytest.mark.parametrize("code", CODES)
def test_catalogue_is_complete(code: str) -> None:
    """Every msgid of the .pot has a translation that is neither empty nor fuzzy (merge katalog, `make i18n`,
    then translate what is new)."""
    template = _read(catalogue_update.POT, "de")
    assert _messages(template), "the .pot holds no strings"
    missing = gaps(template, _read(catalogue.po_path(code), code))
    assert not missing, f"{code}: {len(missing)} Texte ohne Übersetzung: {missing[:10]}"


PO_HEAD = '''msgid ""
msgstr ""
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

'''


def _parse(text: str) -> Catalog:
    import io

    return read_po(io.BytesIO(text.encode("utf-8")), locale="en")


def test_completeness_check_finds_empty_fuzzy_missing_and_half_plurals() -> None:
    template = _parse(PO_HEAD + 'msgid "A"\nmsgstr ""\n\nmsgid "B"\nmsgstr ""\n\nmsgid "C"\nmsgstr ""\n\n'
                      'msgid "D"\nmsgstr ""\n\nmsgid "%(num)s E"\nmsgid_plural "%(num)s Es"\nmsgstr[0] ""\n'
                      'msgstr[1] ""\n')
    catalog = _parse(PO_HEAD + 'msgid "A"\nmsgstr "a"\n\nmsgid "B"\nmsgstr ""\n\n#, fuzzy\nmsgid "C"\nmsgstr "c"\n\n'
                     'msgid "%(num)s E"\nmsgid_plural "%(num)s Es"\nmsgstr[0] "%(num)s e"\nmsgstr[1] ""\n')
    assert gaps(template, catalog) == ["B", "C", "D", "%(num)s E"]


def test_babel_format_checks_pass() -> None:
    """Babel's own checks (python-format placeholders, number of plural forms) report nothing."""
    for code in CODES:
        problems = [(m.id, [str(e) for e in errors]) for m, errors in _read(catalogue.po_path(code), code).check()]
        assert not problems, f"{code}: {problems[:5]}"


# --- plural forms land where the language's grammar wants them ----------------------------------------------
# Expected words from each language's grammar (CLDR rules): Russian and Ukrainian one/few/many, Arabic
# zero/one/two/few(3–10)/many(11–99)/other(100–102).
PLURALS = {
    "ru": {1: "1 запись", 3: "3 записи", 5: "5 записей", 21: "21 запись", 22: "22 записи", 11: "11 записей"},
    "uk": {1: "1 запис", 2: "2 записи", 7: "7 записів", 21: "21 запис", 12: "12 записів"},
    "ar": {3: "3 بنود", 10: "10 بنود", 11: "11 بندًا", 99: "99 بندًا", 100: "100 بند", 2: "2 بندان"},
    "en": {1: "1 entry", 2: "2 entries", 0: "0 entries"},
    "tr": {1: "1 kayıt", 5: "5 kayıt"},
    "leicht": {1: "1 Eintrag", 4: "4 Einträge"},
}


@pytest.mark.parametrize("code", sorted(PLURALS))
def test_plural_forms_follow_the_grammar(code: str) -> None:
    words = texte(sprache(code))
    for n, expected in PLURALS[code].items():
        # the count and its noun never part at a line's end: a no-break space between them (issue 26)
        assert words.ngettext("%(num)s Eintrag", "%(num)s Einträge", n) == expected.replace(" ", "\u00a0"), (code, n)


def test_terms_families_meet_are_kept_and_explained() -> None:
    """Kita stays a word the family can ask for, with what it is in their language."""
    for code, explanation in {"en": "daycare", "tr": "kreş", "ar": "حضانة", "uk": "садок", "ru": "сад",
                              "leicht": "Kinder·garten"}.items():
        shown = texte(sprache(code)).gettext("Kita")
        assert "Kita" in shown and explanation in shown, (code, shown)


# --- script and punctuation of each language --------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Words that stay Latin inside another script: names, file formats, German terms the families will meet (U3: places
# for under-threes, as offices and Kitas say).
_LATIN_OK = re.compile(r"\b(Kitas?|Quartier|Hebamme|Familienbüro|Familienzentrum|Impressum|Datenschutz|Offener|"
                       r"Ganztag|OGS|U3|Schlichtungsstelle|PDF|A[45]|QR|JavaScript|localStorage|cookie|WCAG|AA|MStV|Kielstraße|A|Z|"
                       # issue 28: the German names a family meets on forms and at offices, beside their translation
                       r"Elterngeld|Elterngeldstelle|Kindergeld|Familienkasse|Jugendamt|Standesamt|Bürgergeld|Wohngeld|"
                       r"Kinderzuschlag|Bildung|und|Teilhabe|BuT|Kinder-Richtlinie|BGB|ics|"
                       # issue 30: the open data's standard and file formats, by their names
                       r"Open|Referral|HSDS|JSON|CSV|Data|Package)\b")


def _letters(text: str) -> str:
    return "".join(c for c in _LATIN_OK.sub("", _PLACEHOLDER.sub("", text)) if c.isalpha())


def _strings(code: str) -> list[str]:
    return [form for m in _messages(_read(catalogue.po_path(code), code)) for form in _forms(m) if form]


@pytest.mark.parametrize(("code", "script"), [("ar", r"[\u0600-\u06FF]"), ("uk", r"[\u0400-\u04FF]"),
                                              ("ru", r"[\u0400-\u04FF]")])
def test_non_latin_languages_are_written_in_their_script(code: str, script: str) -> None:
    wrong = [s for s in _strings(code) if _letters(s) and not re.fullmatch(f"(?:{script})+", _letters(s))]
    assert not wrong, f"{code}: {wrong[:5]}"


def test_ukrainian_and_russian_are_distinct_languages() -> None:
    """Ukrainian has і ї є ґ and no ы э ъ ё; Russian the other way round: a copied file fails."""
    uk, ru = " ".join(_strings("uk")), " ".join(_strings("ru"))
    assert not set("ыэъё") & set(uk.lower())
    assert not set("іїєґ") & set(ru.lower())
    assert uk.lower().count("і") > 50 and sum(ru.lower().count(c) for c in "ыэё") > 20
    same = [s for s in _strings("uk") if s in set(_strings("ru")) and _letters(s)]
    # A few words are the same in both (Школа, Телефон, Контакт): far from a copied file.
    assert len(same) <= len(_strings("uk")) // 10, same


def test_turkish_has_its_letters() -> None:
    text = " ".join(_strings("tr"))
    assert all(c in text for c in "çğıİöşü"), "Turkish without its diacritics"
    assert not re.search(r"\b(icin|degil|cocuk|sehir|oyun parki|Yas)\b", text), "Turkish written without diacritics"


def test_arabic_uses_arabic_punctuation() -> None:
    wrong = [s for s in _strings("ar") if "?" in s or re.search(r"[\u0600-\u06FF]\s*[,;]", s)]
    assert not wrong, wrong[:5]
    assert any("؟" in s for s in _strings("ar")) and any("،" in s for s in _strings("ar"))


# --- Leichte Sprache ---------------------------------------------------------------------------------------
_ABBREVIATIONS = re.compile(r"\b(z\. ?B\.|bzw\.|usw\.|ggf\.|ca\.|evtl\.|d\. ?h\.|u\. ?a\.|inkl\.|Nr\.)")
_SUBJUNCTIVE = re.compile(r"\b(würden?|würdest|könnten?|hätten?|wären?|sollten?|müssten?|dürften?|möchten?)\b",
                          re.IGNORECASE)
_NUMBER_WORDS = re.compile(r"\b(dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig|"
                           r"dreißig|vierzig|fünfzig|hundert|tausend)\w*", re.IGNORECASE)
# Names and terms that are one word in German and would be harder to recognise split.
_LONG_OK = {"Kielstraße", "localStorage", "Untersuchungen"}  # Untersuchungen: no compound, no place to split


def leichte_sprache_fehler(text: str) -> list[str]:
    """What breaks the Leichte-Sprache rules in one UI string."""
    found = []
    plain = _PLACEHOLDER.sub("X", text)
    for sentence in re.split(r"(?<=[.!?:])\s+", plain):
        words = [w for w in re.split(r"\s+", sentence) if re.search(r"\w", w)]
        if len(words) > 15:
            found.append(f"Satz mit {len(words)} Wörtern: {sentence}")
    if _ABBREVIATIONS.search(plain):
        found.append("Abkürzung")
    if _SUBJUNCTIVE.search(plain):
        found.append("Konjunktiv")
    if _NUMBER_WORDS.search(plain):
        found.append("Zahl als Wort über zwölf")
    for word in re.findall(r"[\wäöüÄÖÜß]+", plain):
        if len(word) > 13 and word not in _LONG_OK:
            found.append(f"langes Wort ohne Trennung: {word}")
    return found


def test_leichte_sprache_rules_catch_breaches() -> None:
    assert leichte_sprache_fehler("Sie können z. B. im Familienwegweiser suchen, wenn Sie möchten.")
    assert leichte_sprache_fehler("Das Heft hat zwanzig Seiten.")
    assert leichte_sprache_fehler(" ".join(["Wort"] * 16) + ".")
    assert not leichte_sprache_fehler("Das Heft hat 20 Seiten. Sie können im Familien-Weg·weiser suchen.")


def test_leichte_sprache_ui_strings_follow_the_rules() -> None:
    wrong = {s: leichte_sprache_fehler(s) for s in _strings("leicht") if leichte_sprache_fehler(s)}
    assert not wrong, wrong


# --- generated legal pages ------------------------------------------------------------------------------------
def _legal_msgids() -> set[str]:
    template = _read(catalogue_update.POT, "de")
    return {m.id for m in _messages(template) if isinstance(m.id, str)
            and any(path == "generator/render/legal_pages.py" for path, _ in m.locations)}


@pytest.fixture(scope="module")
def mini_content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    from wegweiser.check.validate import load_and_validate

    root = tmp_path_factory.mktemp("texte") / "projekt"
    shutil.copytree(MINI, root)
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        (root / "content" / "seiten" / f"{slug}.md").unlink()
    content, _ = load_and_validate(root, TODAY)
    return content


def _sentences(markdown: str) -> set[str]:
    """The text lines of a generated page (headings, list items, sentences), without the site's contact data and
    the placeholders for the editors ("Bitte ergänzen: …" may stay German: `check` looks for it)."""
    lines = (line.replace("\\", "").removeprefix("## ").removeprefix("- ").strip() for line in markdown.splitlines())
    return {line for line in lines if len(line) > 12 and "@" not in line and "Familienbüro" not in line
            and "Rathausplatz" not in line and not line.startswith("**[")}


@pytest.mark.parametrize("code", CODES)
def test_generated_legal_pages_are_in_the_language(code: str, mini_content: Content) -> None:
    """Impressum, Datenschutz and Barrierefreiheit generated in the page's language: no German sentence of the
    German pages left in them (Leichte Sprache may keep a few simple ones), the site's contact data kept."""
    from wegweiser.render import legal_pages

    assert len(_legal_msgids()) >= 25  # titles, headings and sentences go through the catalogue
    german = legal_pages.fehlende_seiten(mini_content)
    words = texte(sprache(code))
    pages = legal_pages.fehlende_seiten(mini_content, words)
    assert [p.slug for p in pages] == ["impressum", "datenschutz", "barrierefreiheit"]
    for original, page in zip(german, pages, strict=True):
        assert page.titel == words.gettext(original.titel) != original.titel or code == "leicht", page.titel
        left = _sentences(original.text) & _sentences(page.text)
        assert len(left) <= (2 if code == "leicht" else 0), (code, page.slug, left)
        assert "redaktion@example.org" in page.text
        if code in ("ar", "uk", "ru"):
            assert _letters(page.titel) and _letters(page.kurz)


def test_german_legal_pages_unchanged_by_the_catalogue(mini_content: Content) -> None:
    from wegweiser.render import legal_pages

    pages = legal_pages.fehlende_seiten(mini_content)
    assert [p.titel for p in pages] == ["Impressum", "Datenschutz", "Erklärung zur Barrierefreiheit"]
    text = pages[2].text.replace("\\", "")
    assert "Diese Website ist mit den Anforderungen der WCAG 2.1 auf Stufe AA **[Bitte ergänzen: vollständig / " \
           "teilweise]** vereinbar." in text


@pytest.mark.parametrize(("code", "foreign"), [("en", "„"), ("tr", "„"), ("ar", "„“"), ("uk", "„“"), ("ru", "„“")])
def test_quotation_marks_of_the_language(code: str, foreign: str) -> None:
    """German „…“ only in German: English and Turkish quote “…”, Arabic, Ukrainian and Russian «…»."""
    wrong = [s for s in _strings(code) if any(mark in s for mark in foreign)]
    assert not wrong, wrong[:5]


def test_leichte_sprache_writes_weekdays_and_dates_out() -> None:
    """No abbreviations in Leichte Sprache: "Dienstag" and "1. Oktober 2026" (standard German keeps "Di", 01.10.)."""
    from datetime import date

    leicht, deutsch = texte(sprache("leicht")), texte(sprache("de"))
    assert leicht.wochentag(1) == "Dienstag" and deutsch.wochentag(1) == "Di"
    assert leicht.datum(date(2026, 10, 1), "medium") == "1. Oktober 2026"
    assert deutsch.datum(date(2026, 10, 1), "medium") == "01.10.2026"
