"""Public and school holidays of a Bundesland: what ``PH`` and ``SH`` in opening hours mean on a given day.

Public holidays come from the ``holidays`` library for the subdivision named in ``site.yaml``
(``bundesland: NW``); school holidays from ``data/schulferien.yaml`` (official dates with their source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, TypedDict

from wegweiser.core.resources import data_file
from wegweiser.i18n.catalogue import N_

if TYPE_CHECKING:
    from holidays import HolidayBase

# ISO 3166-2:DE subdivision codes, without the "DE-" prefix.
BUNDESLAENDER = {
    "BW": N_("Baden-Württemberg"), "BY": N_("Bayern"), "BE": N_("Berlin"), "BB": N_("Brandenburg"),
    "HB": N_("Bremen"), "HH": N_("Hamburg"), "HE": N_("Hessen"), "MV": N_("Mecklenburg-Vorpommern"),
    "NI": N_("Niedersachsen"), "NW": N_("Nordrhein-Westfalen"), "RP": N_("Rheinland-Pfalz"), "SL": N_("Saarland"),
    "SN": N_("Sachsen"), "ST": N_("Sachsen-Anhalt"), "SH": N_("Schleswig-Holstein"), "TH": N_("Thüringen"),
}
# The names ``holidays`` gives German public holidays (2024–2030, every Land), marked for the catalogues: a page
# in another language shows them translated (tests/test_katalog.py fails when ``holidays`` names a new one).
FEIERTAGE = (
    N_("Neujahr"), N_("Heilige Drei Könige"), N_("Frauentag"), N_("Karfreitag"), N_("Ostersonntag"),
    N_("Ostermontag"), N_("Erster Mai"), N_("Christi Himmelfahrt"), N_("Pfingstsonntag"), N_("Pfingstmontag"),
    N_("Fronleichnam"), N_("Mariä Himmelfahrt"), N_("Weltkindertag"), N_("Tag der Deutschen Einheit"),
    N_("Reformationstag"), N_("Allerheiligen"), N_("Buß- und Bettag"), N_("Erster Weihnachtstag"),
    N_("Zweiter Weihnachtstag"),
    N_("75. Jahrestag des Aufstandes vom 17. Juni 1953"),
    N_("80. Jahrestag der Befreiung vom Nationalsozialismus und der Beendigung des Zweiten Weltkriegs in Europa"),
)
# The names of school holidays in data/schulferien.yaml.
SCHULFERIEN = (N_("Winterferien"), N_("Osterferien"), N_("Pfingstferien"), N_("Sommerferien"), N_("Herbstferien"),
               N_("Weihnachtsferien"))
SCHULFERIEN_DATEI = data_file("schulferien.yaml")


@dataclass(frozen=True)
class Ferien:
    name: str  # "Sommerferien"
    von: date
    bis: date  # last day of the holidays, inclusive


@dataclass(frozen=True, eq=False)  # compared by identity: one calendar per Bundesland and process
class Kalender:
    land: str | None  # None: only the holidays of all of Germany
    schulferien: tuple[Ferien, ...]
    schulferien_bis: date | None  # None: school holidays of this Land are not known
    _feiertage: HolidayBase  # fills itself year by year

    @property
    def land_name(self) -> str:
        return BUNDESLAENDER[self.land] if self.land else "Deutschland"

    def feiertag(self, day: date) -> str | None:
        """The public holiday's German name on ``day``, or None."""
        name = self._feiertage.get(day)
        return str(name) if name else None

    def ferien(self, day: date) -> Ferien | None:
        return next((f for f in self.schulferien if f.von <= day <= f.bis), None)

    def schulferien_bekannt(self, day: date) -> bool:
        return self.schulferien_bis is not None and day <= self.schulferien_bis


class FerienDaten(TypedDict):
    """One school holiday as the data file writes it."""

    name: str
    von: date
    bis: date


class LandDaten(TypedDict):
    """A Land's school holidays in the data file: complete up to ``bis``."""

    bis: date
    ferien: list[FerienDaten]


def schulferien_daten() -> dict[str, LandDaten]:
    """The data file as written: {land: {"bis": date, "ferien": [{"name", "von", "bis"}]}}."""
    import yaml

    data: dict[str, LandDaten] = yaml.safe_load(SCHULFERIEN_DATEI.read_text(encoding="utf-8"))
    return data


@cache
def kalender(land: str | None) -> Kalender:
    import holidays

    feiertage = holidays.country_holidays("DE", subdiv=land, language="de")
    known = schulferien_daten().get(land or "")
    ferien = tuple(Ferien(f["name"], f["von"], f["bis"]) for f in known["ferien"]) if known else ()
    return Kalender(land, ferien, known["bis"] if known else None, feiertage)
