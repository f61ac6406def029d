"""Ages for families: "0–6 Jahre", "ab 6 Jahren", "bis 6 Monate" in the page's language, schema.org's
``typicalAgeRange``, and the age groups of the search filter and the "Wie alt ist Ihr Kind?" choice (keyed by
stable slugs such as ``0-3``, labelled per language)."""

from __future__ import annotations

from dataclasses import dataclass

from wegweiser.i18n.catalogue import N_, Texte, texte
from wegweiser.model.entries import Alter, Eintrag


@dataclass(frozen=True)
class Altersgruppe:
    slug: str  # in filter values and URLs: alter=0-3
    name: str  # German msgid of the label
    von: float
    bis: float


# An entry falls into every group its range overlaps.
ALTERSGRUPPEN: tuple[Altersgruppe, ...] = (
    Altersgruppe("0-3", N_("0–3 Jahre"), 0, 3),
    Altersgruppe("3-6", N_("3–6 Jahre"), 3, 6),
    Altersgruppe("6-10", N_("6–10 Jahre"), 6, 10),
    Altersgruppe("10-18", N_("10–18 Jahre"), 10, 18),
    Altersgruppe("18-27", N_("18–27 Jahre"), 18, 27),
)
# Offers for pregnant women and expecting parents: a choice of its own ("Wir erwarten ein Kind").
SCHWANGER = "schwanger"
SCHWANGER_NAME = N_("Schwangerschaft")


def age_text(alter: Alter | None, sprache: Texte | None = None) -> str:
    """0–6 Jahre, ab 6 Jahren, bis 3 Jahre; under one year in months ("6–12 Monate", "bis 6 Monate")."""
    if alter is None:
        return ""
    words = sprache or texte()
    von, bis = alter.von, alter.bis
    if von is not None and bis is not None:
        if bis < 1:
            months = round(bis * 12)
            return words.ngettext("%(von)s–%(bis)s Monate", "%(von)s–%(bis)s Monate", months,
                                  von=words.zahl(round(von * 12)), bis=words.zahl(months))
        return words.ngettext("%(von)s–%(bis)s Jahre", "%(von)s–%(bis)s Jahre", _plural_n(bis),
                              von=words.zahl(von), bis=words.zahl(bis))
    if von is not None:
        return _open_age(words, von, upper=False)
    if bis is not None:
        return _open_age(words, bis, upper=True)
    return ""


def _plural_n(value: float) -> int:
    # Plural forms choose by whole numbers; 1,5 reads like 2 in the languages of the site ("1,5 Jahre").
    return int(value) if float(value).is_integer() else 2


def _open_age(words: Texte, years: float, upper: bool) -> str:
    """"ab 6 Jahren", "ab 1 Jahr", "bis 6 Monate": one bound, in months below one year."""
    if 0 < years < 1:
        months = round(years * 12)
        if upper:
            return words.ngettext("bis %(zahl)s Monat", "bis %(zahl)s Monate", months, zahl=words.zahl(months))
        return words.ngettext("ab %(zahl)s Monat", "ab %(zahl)s Monaten", months, zahl=words.zahl(months))
    if upper:
        return words.ngettext("bis %(zahl)s Jahr", "bis %(zahl)s Jahre", _plural_n(years), zahl=words.zahl(years))
    return words.ngettext("ab %(zahl)s Jahr", "ab %(zahl)s Jahren", _plural_n(years), zahl=words.zahl(years))


def age_range_code(alter: Alter | None) -> str:
    """schema.org ``typicalAgeRange``: "0-6", "6-" (ab 6), "-3" (bis 3); empty without an age."""
    if alter is None or (alter.von is None and alter.bis is None):
        return ""
    return "-".join("" if value is None else f"{value:g}" for value in (alter.von, alter.bis))


def age_group_slugs(entry: Eintrag) -> list[str]:
    """The age groups an entry falls into (slugs): every group its range overlaps ("ab 6" has no upper end,
    "bis 3" starts at 0); one without an age is for every age (as in the lists); plus ``schwanger``."""
    if entry.alter is None or (entry.alter.von is None and entry.alter.bis is None):
        groups = [g.slug for g in ALTERSGRUPPEN]
    else:
        low_end, high_end = entry.alter.lowest, entry.alter.highest
        groups = [g.slug for g in ALTERSGRUPPEN if (low_end < g.bis and high_end > g.von)
                  or (low_end == high_end and g.von <= low_end < g.bis)]
    if entry.schwangerschaft:
        groups.append(SCHWANGER)
    return groups


def age_group_labels(sprache: Texte) -> dict[str, str]:
    """Slug → label in the page's language, in the order the choice and the filter show them."""
    labels = {g.slug: sprache.gettext(g.name) for g in ALTERSGRUPPEN}
    labels[SCHWANGER] = sprache.gettext(SCHWANGER_NAME)
    return labels
