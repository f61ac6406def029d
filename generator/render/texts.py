"""UI strings chosen at run time by a key (an entry type, an age group): German msgids, marked with ``N_`` for
extraction and translated where they are shown (``texte.gettext(TYP_EINZAHL[typ])``, ``_(typ_einzahl[typ])``).

Every other UI string is written where it is used, in German, as ``_("…")`` / ``texte.gettext("…")``; the
catalogues are ``locale/<code>/LC_MESSAGES/wegweiser.po`` (see ``katalog.py``).
"""

from __future__ import annotations

from wegweiser.i18n.catalogue import N_

# Headings of the lists of one type (quarter pages, booklet sections).
TYP_MEHRZAHL: dict[str, str] = {
    "angebote": N_("Angebote"),
    "kontakte": N_("Kontakte und Beratung"),
    "spielplaetze": N_("Spielplätze"),
    "kitas": N_("Kitas"),
    "schulen": N_("Schulen"),
}

# What one entry is ("Art" in the search).
TYP_EINZAHL: dict[str, str] = {
    "angebote": N_("Angebot"),
    "kontakte": N_("Beratung und Kontakt"),
    "spielplaetze": N_("Spielplatz"),
    "kitas": N_("Kita"),
    "schulen": N_("Schule"),
}
# What a general page is in the search's "Art" filter.
TYP_SEITE = N_("Information")

# The heading of the page left at a removed entry's address, per type ("seite" for anything else).
ENTFALLEN: dict[str, str] = {
    "angebote": N_("Dieses Angebot gibt es nicht mehr"),
    "kontakte": N_("Diesen Kontakt gibt es nicht mehr"),
    "spielplaetze": N_("Diesen Spielplatz gibt es nicht mehr"),
    "kitas": N_("Diese Kita gibt es nicht mehr im Wegweiser"),
    "schulen": N_("Diese Schule gibt es nicht mehr im Wegweiser"),
}
ENTFALLEN_SEITE = N_("Diese Seite gibt es nicht mehr")

