"""Keeping the catalogues in step with the code (``make i18n``): extract every UI string into
``locale/wegweiser.pot`` and update each language's ``.po`` from it.

German is the source: its catalogue is the identity (every msgstr is its msgid) and always complete. The other
languages start empty (as ``msginit`` makes them, with CLDR's plural rule) and are filled by translators;
what they leave empty is shown in German. Run ``python -m wegweiser.i18n.catalogue_update`` from a checkout.
"""

from __future__ import annotations

import copy
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from wegweiser.i18n.catalogue import DOMAIN, LOCALE_DIR, po_path
from wegweiser.i18n.languages import BEKANNT
from wegweiser.i18n.rules_texts import rules_texts

ROOT = LOCALE_DIR.parent.parent.resolve()  # the checkout: generator/ and templates/
POT = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = LOCALE_DIR / "babel.cfg"
SOURCES = ("generator", "templates")
# The languages with a catalogue in the repository (the list of issue 11); ``de`` is the source.
SPRACHEN = ("de", "leicht", "en", "tr", "ar", "uk", "ru")
# Comments in the code that start with this reach the translators (``# Übersetzung: …``, ``{# Übersetzung: … #}``).
COMMENT_TAGS = ("Übersetzung:",)
PROJECT = "Familienwegweiser"
# Fixed dates keep the files free of churn: what changes is the strings, not the time they were extracted.
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def extract() -> Catalog:
    """Every UI string of the code and the templates, with its files (no line numbers: fewer merge conflicts)."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    catalog = Catalog(project=PROJECT, version="1", domain=DOMAIN, charset="utf-8", fuzzy=False,
                      creation_date=_EPOCH, revision_date=_EPOCH,
                      msgid_bugs_address="", copyright_holder="")

    def only_sources(path: str) -> bool:
        parts = Path(path).resolve().relative_to(ROOT).parts
        return bool(parts) and parts[0] in SOURCES and "__pycache__" not in parts

    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True, directory_filter=only_sources):
        catalog.add(message, None, [(Path(filename).as_posix(), lineno)], auto_comments=comments, context=context)
    for lineno, message in rules_texts():  # "Mein Kind": the rules file's texts families read
        catalog.add(message, None, [("generator/data/fristen.yaml", lineno)])
    return catalog


def _text(catalog: Catalog) -> str:
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    return out.getvalue().decode("utf-8")


def pot_text() -> str:
    return _text(extract())


def _cldr(code: str) -> str:
    return BEKANNT[code][1]


def updated(code: str, template: Catalog) -> Catalog:
    """A language's catalogue brought up to ``template``: new strings added empty, gone ones dropped, German
    as the identity."""
    path = po_path(code)
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=_cldr(code), domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    else:
        catalog = Catalog(locale=_cldr(code), domain=DOMAIN, project=PROJECT, version="1", charset="utf-8",
                          fuzzy=False, creation_date=_EPOCH, revision_date=_EPOCH, msgid_bugs_address="",
                          copyright_holder="")
        catalog.update(template, no_fuzzy_matching=True)
        if code == "leicht":
            catalog.header_comment = ("# Leichte Sprache (lang=\"de-x-ls\"): the UI strings of the Familienwegweiser "
                                      "in easy German.\n#")
        else:
            catalog.header_comment = f"# {BEKANNT[code][3]}: the UI strings of the Familienwegweiser.\n#"
    catalog.obsolete.clear()
    if code == "de":
        for message in catalog:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    return catalog


def messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def main() -> int:
    template = extract()
    POT.write_text(_text(template), encoding="utf-8")
    print(f"{POT.relative_to(ROOT)}: {len(list(messages(template)))} Texte")
    for code in SPRACHEN:
        catalog = updated(code, copy.deepcopy(template))
        path = po_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_text(catalog), encoding="utf-8")
        missing = sum(1 for m in messages(catalog) if not _translated(m))
        print(f"{path.relative_to(ROOT)}: {missing} unübersetzt")
    return 0


def _translated(message: Message) -> bool:
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


if __name__ == "__main__":
    sys.exit(main())
