"""The UI strings of every language: gettext catalogues with German msgids, compiled in memory at build time.

The German text is the source: code and templates write ``texte.gettext("Öffnungszeiten")`` and
``{{ _("Öffnungszeiten") }}``. ``make i18n`` extracts every such string (Babel, ``locale/babel.cfg``) into
``locale/wegweiser.pot`` and updates ``locale/<code>/LC_MESSAGES/wegweiser.po``; a string a language has not
translated yet is shown in German. Placeholders are Python's named ``%(name)s`` (as Jinja's i18n extension
formats them), a literal percent sign is ``%%``; plurals go through ``ngettext`` with ``%(num)s``.

Nothing here is global state: every page asks ``texte(sprache)`` for its language's ``Texte`` and passes it on.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path

import markupsafe
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.runtime import Context

from wegweiser.core.resources import locale_dir
from wegweiser.i18n import formats
from wegweiser.i18n.languages import DEUTSCH, Sprache

LOCALE_DIR = locale_dir()
DOMAIN = "wegweiser"


def N_(message: str) -> str:
    """Marks a German string for extraction where it is defined; it is translated where it is shown."""
    return message


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(path: Path) -> gettext_module.NullTranslations:
    """A catalogue compiled in memory (no .mo file is written); German msgids are the fallback."""
    if not path.is_file():
        return gettext_module.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def _fill(text: str, werte: Mapping[str, object]) -> str:
    # As Jinja's newstyle gettext: named placeholders, filled after translating.
    return text % werte if werte else text


# The count of a plural ("18 Einträge", "18 بندًا") and its noun are one unit: a line never breaks between them.
_COUNT = re.compile(r" ?%\(num\)s ?")


def _bound(pattern: str) -> str:
    """A plural's translation with no-break spaces (U+00A0) on either side of its count."""
    return _COUNT.sub(lambda m: m.group(0).replace(" ", "\u00a0"), pattern)


class Texte:
    """One language's words: translated UI strings and CLDR formats (dates, numbers, weekday names)."""

    def __init__(self, sprache: Sprache, translations: gettext_module.NullTranslations) -> None:
        self.sprache = sprache
        self._translations = translations
        self.locale = sprache.locale
        self._jinja = _jinja_callables(self)

    # --- gettext -------------------------------------------------------------------------------------
    def gettext(self, message: str, **werte: object) -> str:
        return _fill(self._translations.gettext(message), werte)

    def ngettext(self, singular: str, plural: str, n: int, **werte: object) -> str:
        return _fill(_bound(self._translations.ngettext(singular, plural, n)), {"num": n, **werte})

    def pgettext(self, context: str, message: str, **werte: object) -> str:
        return _fill(self._translations.pgettext(context, message), werte)

    def npgettext(self, context: str, singular: str, plural: str, n: int, **werte: object) -> str:
        return _fill(_bound(self._translations.npgettext(context, singular, plural, n)), {"num": n, **werte})

    def hat(self, message: str, context: str | None = None) -> bool:
        """Whether this language's catalogue translates ``message`` (a plural by its singular; German, the msgids'
        language, always does): otherwise ``gettext`` shows it in German."""
        if self.sprache.code == DEUTSCH.code:
            return True
        catalog: dict[object, str] = getattr(self._translations, "_catalog", {})
        key = message if context is None else f"{context}\x04{message}"  # as GNU gettext keys a msgctxt
        return bool(catalog.get(key) or catalog.get((key, 0)))

    def zitat(self, text: str) -> str:
        """``text`` in this language's quotation marks: „…“ in German, “…” in English, «…» in Arabic."""
        start, end = formats.anfuehrungszeichen(self.locale)
        return f"{start}{text}{end}"

    # --- CLDR (Babel) ----------------------------------------------------------------------------------
    def datum(self, value: date | datetime | None, format: str = "long") -> str:
        if self.sprache.code == "leicht" and format in ("short", "medium"):
            format = "long"  # Leichte Sprache writes the month out: "1. Oktober 2026", not "01.10.2026"
        return formats.datum(value, self.locale, format)

    def zahl(self, value: float) -> str:
        return formats.zahl(value, self.locale)

    def wochentag(self, index: int, breite: formats.Breite = "abbreviated") -> str:
        if self.sprache.code == "leicht":
            breite = "wide"  # no abbreviations in Leichte Sprache: "Dienstag", not "Di"
        return formats.wochentag(index, self.locale, breite)

    def monat(self, index: int, breite: formats.Monatsbreite = "wide") -> str:
        return formats.monat(index, self.locale, breite)

    # --- templates ---------------------------------------------------------------------------------------
    def jinja(self) -> dict[str, object]:
        """What a page's render context needs for Jinja's i18n extension (``_``, ``{% trans %}``): newstyle
        callables of this language, escaping the values they put in when the template autoescapes."""
        return self._jinja


def _jinja_callables(texte: Texte) -> dict[str, object]:
    translations = texte._translations
    # Most calls have no values: their translation is made markup once (a page makes dozens of such calls).
    plain: dict[str, markupsafe.Markup] = {}

    def finish(context: Context, text: str, werte: Mapping[str, object]) -> str:
        if context.eval_ctx.autoescape:
            return markupsafe.Markup(text) % werte
        return text % werte

    @pass_context
    def gettext(context: Context, message: str, **werte: object) -> str:
        if not werte and context.eval_ctx.autoescape:
            found = plain.get(message)
            if found is None:
                found = plain[message] = markupsafe.Markup(translations.gettext(message)) % {}
            return found
        return finish(context, translations.gettext(message), werte)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int, **werte: object) -> str:
        return finish(context, _bound(translations.ngettext(singular, plural, n)), {"num": n, **werte})

    @pass_context
    def pgettext(context: Context, ctx: str, message: str, **werte: object) -> str:
        return finish(context, translations.pgettext(ctx, message), werte)

    @pass_context
    def npgettext(context: Context, ctx: str, singular: str, plural: str, n: int, **werte: object) -> str:
        return finish(context, _bound(translations.npgettext(ctx, singular, plural, n)), {"num": n, **werte})

    functions: dict[str, Callable[..., str]] = {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
                                                "npgettext": npgettext}
    # ``_`` too: Jinja's own alias for it would look ``gettext`` up in the context on every call.
    return {**functions, "_": gettext, "sprache": texte.sprache, "texte": texte}


@cache
def _catalogue(code: str) -> gettext_module.NullTranslations:
    return compile_po(po_path(code))


@cache
def texte(sprache: Sprache = DEUTSCH) -> Texte:
    """The words of a language (its catalogue compiled once per process and code)."""
    return Texte(sprache, _catalogue(sprache.code))
