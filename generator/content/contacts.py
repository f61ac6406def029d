"""Which Kontakt a ``kontakt:`` reference means, for pages and booklets: the same quarter's ``kontakte/`` first,
then the region's ``content/kontakte/``. ``check`` reports references that lead nowhere (``validate.py``)."""

from __future__ import annotations

from wegweiser.content.records import Content
from wegweiser.model.entries import Eintrag, Kontakt

ContactIndex = dict[tuple[str | None, str], Eintrag]


def resolve_contact(slug: str, quarter: str | None, contacts: ContactIndex) -> Eintrag | None:
    """A Kontakt slug: the same quarter's kontakte/ first, then the region's content/kontakte/."""
    return contacts.get((quarter, slug)) or contacts.get((None, slug))


def contact_index(content: Content) -> ContactIndex:
    """Kontakte by (quarter or None for region-wide, slug): what ``resolve_contact`` looks up."""
    return {(e.quartier, e.slug): e for e in content.eintraege if isinstance(e, Kontakt)}
