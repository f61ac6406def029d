"""schema.org JSON-LD for entry pages, so search engines and assistants understand what an entry is."""

from __future__ import annotations

import json

from wegweiser.hours import osm_hours
from wegweiser.i18n.catalogue import Texte, texte
from wegweiser.model.entries import Eintrag, Schule
from wegweiser.render.ages import age_range_code

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def schema_type(entry: Eintrag) -> str:
    """The entry type's schema.org type; a school is an ElementarySchool when its ``schulform`` says Grundschule."""
    if isinstance(entry, Schule) and (entry.schulform or "").lower().startswith("grundschule"):
        return "ElementarySchool"
    return entry.kind.schema_type


def opening_specification(week: dict[int, list[tuple[str, str]]]) -> list[dict[str, str]]:
    """An ordinary week's open intervals (``WhenOpen.week``) as schema.org's OpeningHoursSpecification."""
    specs = []
    for day, intervals in week.items():
        for opens, closes in intervals:
            specs.append({"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{_DAYS[day]}",
                          "opens": opens, "closes": "23:59" if closes == "24:00" else closes})
    return specs


def entry_json_ld(entry: Eintrag, url: str, sprache: Texte | None = None,
                  week: dict[int, list[tuple[str, str]]] | None = None) -> str:
    """The entry as schema.org data, in the page's language (``inLanguage``: the page's BCP 47 ``lang``); ``week``
    is its ``WhenOpen.week`` (the open intervals of an ordinary week)."""
    words = sprache or texte()
    kind = schema_type(entry)
    data: dict[str, object] = {"@context": "https://schema.org", "@type": kind, "name": entry.name, "url": url,
                            "inLanguage": words.sprache.lang}
    if entry.kurz:
        data["description"] = entry.kurz
    if entry.telefon:
        data["telephone"] = entry.telefon
    if entry.email:
        data["email"] = entry.email
    if kind == "ContactPoint":
        data["contactType"] = getattr(entry, "funktion", None) or words.gettext("Beratung")
        if entry.sprachen:
            data["availableLanguage"] = entry.sprachen
    if entry.adresse and kind != "ContactPoint":
        data["address"] = {"@type": "PostalAddress", "streetAddress": entry.adresse.strasse,
                           "postalCode": entry.adresse.plz, "addressLocality": entry.adresse.ort,
                           "addressCountry": "DE"}
    if entry.geo and kind != "ContactPoint":
        data["geo"] = {"@type": "GeoCoordinates", "latitude": entry.geo.lat, "longitude": entry.geo.lon}
    if entry.oeffnungszeiten:
        key = "hoursAvailable" if kind in ("ContactPoint", "Service") else "openingHoursSpecification"
        data[key] = opening_specification(week if week is not None else osm_hours.woche(osm_hours.parse(
            entry.oeffnungszeiten)))
    if entry.traeger and kind == "Service":
        data["provider"] = {"@type": "Organization", "name": entry.traeger}
    if entry.alter and kind != "ContactPoint" and (age_range := age_range_code(entry.alter)):
        data["typicalAgeRange"] = age_range
    if entry.kostenlos and kind not in ("ContactPoint",):
        data["isAccessibleForFree"] = True
    if schulnummer := getattr(entry, "schulnummer", None):
        # For administrations only: the page does not show it to families.
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "Schulnummer", "value": str(schulnummer)}
    # Inside <script>, "<" could end the element or switch the parser's state: escape it as JSON allows
    # (and the line separators U+2028/U+2029, which older JavaScript parsers read as line breaks).
    text = json.dumps(data, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
