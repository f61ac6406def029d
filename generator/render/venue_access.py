"""Venue access (``Eintrag.zugang``) as families read it: each known fact in the page's language with its icon, for
entry pages, cards, the booklet, the search filter and JSON-LD. An unknown fact is left out; "nein" is said as
plainly as "ja" (a family with a wheelchair needs the "no" most)."""

from __future__ import annotations

from dataclasses import dataclass

from wegweiser.i18n.catalogue import N_, Texte
from wegweiser.model.entries import Zugang

# The fields in the order they are shown, each with its icon (Material's set, inlined by ``icons.svg``).
ICONS = {"rollstuhl": "material/wheelchair-accessibility", "kinderwagen": "material/baby-carriage",
         "wickeltisch": "material/human-baby-changing-table", "wc_stufenlos": "material/toilet"}
# What a family reads for each field and value.
TEXTS = {
    ("rollstuhl", "ja"): N_("Mit dem Rollstuhl erreichbar"),
    ("rollstuhl", "teilweise"): N_("Mit dem Rollstuhl nur teilweise erreichbar"),
    ("rollstuhl", "nein"): N_("Nicht mit dem Rollstuhl erreichbar"),
    ("kinderwagen", "ja"): N_("Mit dem Kinderwagen ohne Stufen erreichbar"),
    ("kinderwagen", "nein"): N_("Mit dem Kinderwagen nur über Stufen erreichbar"),
    ("wickeltisch", "ja"): N_("Wickeltisch vorhanden"),
    ("wickeltisch", "nein"): N_("Kein Wickeltisch"),
    ("wc_stufenlos", "ja"): N_("Toilette ohne Stufen"),
    ("wc_stufenlos", "nein"): N_("Keine Toilette ohne Stufen"),
}
# The feature each field names in JSON-LD (``amenityFeature``), its value says yes, no or "teilweise".
FEATURES = {"rollstuhl": N_("Mit dem Rollstuhl erreichbar"),
            "kinderwagen": N_("Mit dem Kinderwagen ohne Stufen erreichbar"), "wickeltisch": N_("Wickeltisch"),
            "wc_stufenlos": N_("Toilette ohne Stufen")}
PARTLY = N_("teilweise")
# The booklet's compact form, as its other facts ("Alter: 0–3 Jahre · Kosten: kostenlos"): "Rollstuhl: teilweise".
SHORT = {"rollstuhl": N_("Rollstuhl"), "kinderwagen": N_("Kinderwagen"), "wickeltisch": N_("Wickeltisch"),
         "wc_stufenlos": N_("WC ohne Stufen")}
ANSWERS = {"ja": N_("ja"), "teilweise": PARTLY, "nein": N_("nein")}

# The search filter "Zugang": only what a family looks for, never a "no". "rollstuhl" is full access only
# (``rollstuhl: ja``); "teilweise" may mean a step at the door, so it is a value of its own that also takes the
# venues with full access ("ja oder teilweise"). Values are combined with "all" (suche.js): a family that needs a
# wheelchair and a changing table wants both at once.
FILTER = "zugang"
FILTER_NAME = N_("Zugang")
FILTER_LABELS = {"rollstuhl": N_("Rollstuhl: ja"), "rollstuhl-teilweise": N_("Rollstuhl: ja oder teilweise"),
                 "kinderwagen": N_("Kinderwagen: ohne Stufen"), "wickeltisch": N_("Wickeltisch"),
                 "wc-stufenlos": N_("Toilette ohne Stufen")}


@dataclass(frozen=True)
class Fakt:
    """One known access fact of a venue."""

    feld: str  # rollstuhl, kinderwagen, wickeltisch, wc_stufenlos
    wert: str  # ja, teilweise, nein
    text: str  # in the page's language: "Nicht mit dem Rollstuhl erreichbar"
    icon: str  # the field's icon (``icons.svg`` name)
    kurz: str  # the field in a word or two ("Rollstuhl"), for the booklet
    antwort: str  # ja, teilweise or nein in the page's language, for the booklet


def known_values(zugang: Zugang | None) -> list[tuple[str, str]]:
    """(field, ja|teilweise|nein) for each known fact, in ``ICONS``' order; also for exports and reports that
    need the facts without words."""
    if zugang is None:
        return []
    found = []
    for feld in ICONS:
        value: str | bool | None = getattr(zugang, feld)
        if value is not None:
            found.append((feld, value if isinstance(value, str) else "ja" if value else "nein"))
    return found


def facts(zugang: Zugang | None, words: Texte) -> list[Fakt]:
    """The known facts in ``words``' language."""
    return [Fakt(feld, wert, words.gettext(TEXTS[feld, wert]), ICONS[feld], words.gettext(SHORT[feld]),
                 words.gettext(ANSWERS[wert])) for feld, wert in known_values(zugang)]


def filter_slugs(zugang: Zugang | None) -> list[str]:
    """The values of the search filter ``zugang`` a venue has (``FILTER_LABELS``)."""
    known = dict(known_values(zugang))
    slugs = []
    if known.get("rollstuhl") == "ja":
        slugs.append("rollstuhl")
    if known.get("rollstuhl") in ("ja", "teilweise"):
        slugs.append("rollstuhl-teilweise")
    slugs += [feld.replace("_", "-") for feld in ("kinderwagen", "wickeltisch", "wc_stufenlos")
              if known.get(feld) == "ja"]
    return slugs


def amenity_features(zugang: Zugang | None, words: Texte) -> list[dict[str, object]]:
    """schema.org ``LocationFeatureSpecification`` items: the feature's name in the page's language, the value
    true or false, "teilweise" (in the page's language) for partial wheelchair access."""
    return [{"@type": "LocationFeatureSpecification", "name": words.gettext(FEATURES[feld]),
             "value": words.gettext(PARTLY) if wert == "teilweise" else wert == "ja"}
            for feld, wert in known_values(zugang)]
