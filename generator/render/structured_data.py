"""schema.org JSON-LD for entry pages, so search engines and assistants understand what an entry is."""

from __future__ import annotations

import json
import re
from datetime import date

from wegweiser.hours import osm_hours
from wegweiser.i18n.catalogue import Texte, texte
from wegweiser.model.entries import Eintrag, Quelle, Schule, Termin
from wegweiser.model.event_fields import WEEKDAYS
from wegweiser.model.fields import only_free
from wegweiser.model.occurrences import ZONE_NAME, dates, places_left
from wegweiser.render.ages import age_range_code
from wegweiser.render.event_view import end_of, stamp
from wegweiser.render.venue_access import amenity_features

# schema.org types of entries that are no Place: venue access (``amenityFeature``, a Place's) goes on the place they
# are at (a Service's ``availableChannel.serviceLocation``, an Event's ``location``); a ContactPoint has none.
_NO_PLACE = ("ContactPoint", "Service", "Event")
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
    if features := amenity_features(entry.zugang, words):
        if kind == "Service":
            data["availableChannel"] = {"@type": "ServiceChannel", "serviceLocation": {
                "@type": "Place", "name": entry.name, "amenityFeature": features}}
        elif kind not in _NO_PLACE:
            data["amenityFeature"] = features
    if entry.quelle:
        data["mainEntityOfPage"] = based_on(entry.quelle, url)
    if schulnummer := getattr(entry, "schulnummer", None):
        # For administrations only: the page does not show it to families.
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "Schulnummer", "value": str(schulnummer)}
    return script_json(data)


def based_on(quelle: Quelle, url: str) -> dict[str, object]:
    """The page an imported entry is described on, based on its source's data set: schema.org gives licence and
    origin only to creative works (``isBasedOn``, ``license``), not to the places and services entries are."""
    licence: object = quelle.lizenz_url or {"@type": "CreativeWork", "name": quelle.lizenz}
    source = {"@type": "Dataset", "name": quelle.name, "license": licence, "identifier": quelle.id}
    return {"@type": "WebPage", "url": url, "isBasedOn": source}


def script_json(data: dict[str, object]) -> str:
    """``data`` as JSON to stand inside ``<script>``: "<" could end the element or switch the parser's state, so it
    is escaped as JSON allows (and the line separators U+2028/U+2029, which older JavaScript parsers read as line
    breaks)."""
    text = json.dumps(data, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --- Termine: schema.org Event (as OpenActive models sessions: a Schedule with byDay and exceptDate) -----------------

_FREQUENCY = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
_PRICE = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|Euro|EUR)\b", re.IGNORECASE)


def price(kosten: str | None) -> str | None:
    """The price in a ``kosten`` text when it names exactly one amount in euros ("20 Euro pro Person" → "20"),
    "0" for a free one; None when there is none or several (a guess would be worse than none)."""
    if not kosten:
        return None
    if only_free(kosten):
        return "0"
    amounts = _PRICE.findall(kosten)
    return amounts[0].replace(",", ".") if len(set(amounts)) == 1 else None


def _schedule(event: Termin) -> dict[str, object] | None:
    rule = event.wiederholung
    if rule is None or event.beginn.tag is None:
        return None
    schedule: dict[str, object] = {"@type": "Schedule", "repeatFrequency": f"P{rule.interval}{_FREQUENCY[rule.freq]}",
                                   "startDate": f"{event.beginn.tag:%Y-%m-%d}", "scheduleTimezone": ZONE_NAME}
    plain_days = [d for o, d in rule.byday if o is None]
    if plain_days:
        schedule["byDay"] = [f"https://schema.org/{_DAYS[WEEKDAYS.index(d)]}" for d in plain_days]
    if rule.bymonthday:
        schedule["byMonthDay"] = list(rule.bymonthday)
    if rule.bymonth:
        schedule["byMonth"] = list(rule.bymonth)
    if rule.until:
        schedule["endDate"] = f"{rule.until:%Y-%m-%d}"
    if rule.count:
        schedule["repeatCount"] = rule.count
    if event.beginn.uhrzeit:
        schedule["startTime"] = f"{event.beginn.uhrzeit:%H:%M}"
        if event.ende and event.ende.uhrzeit and event.ende.tag in (None, event.beginn.tag):
            schedule["endTime"] = f"{event.ende.uhrzeit:%H:%M}"
    if event.ausnahmen:
        schedule["exceptDate"] = [f"{d:%Y-%m-%d}" for d in sorted(event.ausnahmen)]
    return schedule


def event_json_ld(event: Termin, url: str, words: Texte, today: date, *, booking: str | None = None,
                  offer: tuple[str, str] | None = None) -> str:
    """A Termin as schema.org ``Event``: its next date (startDate/endDate with Germany's offset), a series as
    ``eventSchedule``, the place, the offer (price when ``kosten`` names one), capacity while the count is fresh.
    ``offer``: the name and address of the Angebot it belongs to (``superEvent`` would claim it is an event)."""
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "Event", "name": event.name, "url": url,
                               "inLanguage": words.sprache.lang, "eventStatus": "https://schema.org/EventScheduled",
                               "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode"}
    if event.kurz:
        data["description"] = event.kurz
    coming = dates(event, today)
    if coming:
        first = coming[0]
        data["startDate"] = f"{first.day:%Y-%m-%d}" if first.all_day else stamp(first.start)
        if first.all_day:
            data["endDate"] = f"{first.last_day:%Y-%m-%d}"
        elif first.end is not None:
            data["endDate"] = stamp(end_of(first))
    if schedule := _schedule(event):
        data["eventSchedule"] = schedule
    place: dict[str, object] = {"@type": "Place", "name": event.traeger or event.name}
    if event.adresse:
        place["address"] = {"@type": "PostalAddress", "streetAddress": event.adresse.strasse,
                            "postalCode": event.adresse.plz, "addressLocality": event.adresse.ort,
                            "addressCountry": "DE"}
    if event.geo:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": event.geo.lat, "longitude": event.geo.lon}
    if features := amenity_features(event.zugang, words):
        place["amenityFeature"] = features
    data["location"] = place
    amount = price(event.kosten)
    if amount is not None or booking:
        offer_data: dict[str, object] = {"@type": "Offer"}
        if amount is not None:
            offer_data |= {"price": amount, "priceCurrency": "EUR"}
        if event.kosten:
            offer_data["description"] = event.kosten
        if booking:
            offer_data["url"] = booking
        data["offers"] = offer_data
    if event.kostenlos:
        data["isAccessibleForFree"] = True
    if event.traeger:
        data["organizer"] = {"@type": "Organization", "name": event.traeger}
    if event.plaetze is not None:
        data["maximumAttendeeCapacity"] = event.plaetze
    left = places_left(event, today)
    if left is not None:
        data["remainingAttendeeCapacity"] = left
    if event.alter and (age_range := age_range_code(event.alter)):
        data["typicalAgeRange"] = age_range
    if event.telefon or event.email:
        data["contactPoint"] = {"@type": "ContactPoint", **({"telephone": event.telefon} if event.telefon else {}),
                                **({"email": event.email} if event.email else {})}
    if event.quelle:
        data["mainEntityOfPage"] = based_on(event.quelle, url)
    if offer:
        data["isPartOf"] = {"@type": "WebPage", "name": offer[0], "url": offer[1]}
    return script_json(data)
