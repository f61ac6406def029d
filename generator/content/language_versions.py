"""A language version of the content: which translation each page shows, how current it is (translated,
outdated, missing), and the language the site itself is written in."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from wegweiser.content.records import Content, Status, Uebersetzbar, Uebersetzung
from wegweiser.content.translation_files import aktuelle_vorlage, originale
from wegweiser.i18n.languages import Sprache, sprachen
from wegweiser.i18n.quotes import localize_quotes
from wegweiser.model.entries import Eintrag

Objekt = TypeVar("Objekt", bound=Uebersetzbar)


def status(content: Content, art: str, key: str, code: str, original: Uebersetzbar | None = None) -> Status:
    """Whether an object is translated into ``code``, outdated (the original's text changed since), or missing."""
    uebersetzung = content.uebersetzungen.get((art, key, code))
    if uebersetzung is None:
        return "fehlt"
    if uebersetzung.vorlage is None:
        return "uebersetzt"
    if original is None:
        original = originale(content).get((art, key))
    if original is not None and uebersetzung.vorlage != aktuelle_vorlage(art, original):
        return "veraltet"
    return "uebersetzt"


def abhaengigkeit(art: str, key: str, code: str) -> str:
    """The key a page records in ``Page.deps`` for "this object's translation into ``code``" (present or not)."""
    return f"uebersetzung:{code}:{art}:{key}"


class Fassung:
    """The content as one language shows it: translated text where a translation exists, the main language's
    elsewhere (same keys, slugs and order as the original); facts always from the original."""

    def __init__(self, content: Content, sprache: Sprache, haupt: Sprache, original: Content) -> None:
        self.content = content
        self.sprache = sprache
        self.haupt = haupt
        self._original = original
        self._status: dict[tuple[str, str], Status] = {}
        self._originale: dict[tuple[str, str], Uebersetzbar] | None = None

    def status(self, art: str, key: str) -> Status:
        if self.sprache.code == self.haupt.code:
            return "uebersetzt"
        if (art, key) not in self._status:
            if self._originale is None:
                self._originale = originale(self._original)
            self._status[art, key] = status(self._original, art, key, self.sprache.code,
                                            self._originale.get((art, key)))
        return self._status[art, key]

    def uebersetzung(self, art: str, key: str) -> Uebersetzung | None:
        if self.sprache.code == self.haupt.code:
            return None
        return self._original.uebersetzungen.get((art, key, self.sprache.code))

    def herkunft(self, art: str, key: str, feld: str) -> Sprache:
        """The language the displayed value of ``feld`` is in (facts and untranslated text: the main language)."""
        if self.sprache.code == self.haupt.code:
            return self.haupt
        uebersetzung = self.uebersetzung(art, key)
        return self.sprache if uebersetzung is not None and feld in uebersetzung.texte else self.haupt

    def datei(self, art: str, key: str) -> str | None:
        """The display path of the translation file the object's text comes from, if any."""
        uebersetzung = self.uebersetzung(art, key)
        return uebersetzung.source if uebersetzung else None

    def deps(self, art: str, key: str) -> set[str]:
        """What a page of this language records for the object's translation (``Page.deps``): the translation's
        key (it changes when a translation file comes, goes or changes) and its file."""
        if self.sprache.code == self.haupt.code:
            return set()
        found = self.datei(art, key)
        return {abhaengigkeit(art, key, self.sprache.code), *([found] if found else [])}


def hauptsprache(content: Content) -> Sprache:
    return sprachen(content.site.sprachen if content.site else ["de"])[0]


def fassung(content: Content, sprache: Sprache) -> Fassung:
    """The content as ``sprache`` shows it. For the main language: the content itself, every status "uebersetzt"."""
    haupt = hauptsprache(content)
    if sprache.code == haupt.code:
        return Fassung(content, sprache, haupt, content)
    code = sprache.code
    own = {(art, key): u for (art, key, c), u in content.uebersetzungen.items() if c == code}
    if not own:
        return Fassung(content, sprache, haupt, content)

    def translated(art: str, key: str, obj: Objekt) -> Objekt:
        uebersetzung = own.get((art, key))
        if uebersetzung is None or not uebersetzung.texte:
            return obj
        # Untyped values: replace() checks each field against its own type, and a dict of several fields' values
        # has no one type; the values were checked with the original's field types when the translation was read.
        # A translator who keeps the original's „…“ gets the language's marks («…» in Arabic, where „…“ would
        # read reversed): every text of a translation is in the translation's language.
        values: dict[str, Any] = {feld: localize_quotes(text, sprache.locale)[0] if isinstance(text, str) else text
                                  for feld, text in uebersetzung.texte.items()}
        if art == "seite" and "beschreibung" in values:
            values["text"] = values.pop("beschreibung")
        if art == "eintrag" and "kosten" in values and isinstance(obj, Eintrag):
            values["kostenlos_original"] = obj.kostenlos
        return replace(obj, **values)

    site = translated("site", "site", content.site) if content.site is not None else None
    shown = replace(
        content,
        site=site,
        kategorien={slug: translated("kategorie", slug, k) for slug, k in content.kategorien.items()},
        seiten=[translated("seite", p.slug, p) for p in content.seiten],
        quartiere={slug: translated("quartier", slug, q) for slug, q in content.quartiere.items()},
        eintraege=[translated("eintrag", e.key, e) for e in content.eintraege],
    )
    return Fassung(shown, sprache, haupt, content)
