"""Jump links at the top of long lists (quarter and topic pages): one per section of cards, with its count
("Kitas (4) · Spielplätze (3) · Schulen (2)"), so that a family on a phone reaches the Kitas without scrolling
twelve screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wegweiser.i18n.catalogue import Texte

# A no-break space: a count stays with its noun ("Kitas (4)" never breaks between "Kitas" and "(4)").
_NBSP = "\u00a0"


@dataclass(frozen=True)
class Sprungmarke:
    ziel: str  # the id of the section it leads to
    text: str  # noun and count in the page's language, without a breakable space
    anzahl: int  # the cards in the section


def type_id(typ: str) -> str:
    """The id of a type's section of cards (``#ww-typ-kitas``)."""
    return f"ww-typ-{typ}"


def _type_counts(words: Texte) -> dict[str, Callable[[int], str]]:
    # One literal pair per type, so that the catalogue extracts them (plural forms differ between languages).
    return {
        "angebote": lambda n: words.ngettext("Angebot (%(num)s)", "Angebote (%(num)s)", n),
        "kontakte": lambda n: words.ngettext("Kontakt (%(num)s)", "Kontakte (%(num)s)", n),
        "spielplaetze": lambda n: words.ngettext("Spielplatz (%(num)s)", "Spielplätze (%(num)s)", n),
        "kitas": lambda n: words.ngettext("Kita (%(num)s)", "Kitas (%(num)s)", n),
        "schulen": lambda n: words.ngettext("Schule (%(num)s)", "Schulen (%(num)s)", n),
        "termine": lambda n: words.ngettext("Termin (%(num)s)", "Termine (%(num)s)", n),
    }


def _unbreakable(text: str) -> str:
    return _NBSP.join(text.split())


def type_links(counts: list[tuple[str, int]], words: Texte) -> list[Sprungmarke]:
    """Jump links to the type sections ``(typ, number of cards)``, in the order given."""
    labels = _type_counts(words)
    return [Sprungmarke(type_id(typ), _unbreakable(labels[typ](n)), n) for typ, n in counts]


def named_links(sections: list[tuple[str, str, int]], words: Texte) -> list[Sprungmarke]:
    """Jump links to sections with a name of their own ``(id, name, number of cards)``: a topic's quarters."""
    return [Sprungmarke(ziel, _unbreakable(words.ngettext("%(name)s (%(num)s)", "%(name)s (%(num)s)", n,
                                                          name=name)), n)
            for ziel, name, n in sections]
