"""Which Kontakt a ``kontakt:`` reference means, for pages and booklets: the same quarter's ``kontakte/`` first,
then the region's ``content/kontakte/``. ``check`` reports references that lead nowhere (``validate.py``)."""

from __future__ import annotations

from wegweiser.content.records import Content
from wegweiser.model.entries import Angebot, Eintrag, Kontakt, Termin

ContactIndex = dict[tuple[str | None, str], Eintrag]


def resolve_contact(slug: str, quarter: str | None, contacts: ContactIndex) -> Eintrag | None:
    """A Kontakt slug: the same quarter's kontakte/ first, then the region's content/kontakte/."""
    return contacts.get((quarter, slug)) or contacts.get((None, slug))


def contact_index(content: Content) -> ContactIndex:
    """Kontakte by (quarter or None for region-wide, slug): what ``resolve_contact`` looks up."""
    return {(e.quartier, e.slug): e for e in content.eintraege if isinstance(e, Kontakt)}


def offer_index(content: Content) -> ContactIndex:
    """Angebote by (quarter or None, slug): what a Termin's ``angebot:`` resolves through, like a ``kontakt:``."""
    return {(e.quartier, e.slug): e for e in content.eintraege if isinstance(e, Angebot)}


def resolve_offer(event: Termin, offers: ContactIndex) -> Eintrag | None:
    """The Angebot a Termin belongs to: the same quarter's angebote/ first, then the region's content/angebote/."""
    return resolve_contact(event.angebot, event.quartier, offers) if event.angebot else None
