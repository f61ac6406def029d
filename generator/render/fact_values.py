"""Facts in the page's language: a fact of the original that is written as a plain word ("kosten: kostenlos") is
shown as the catalogue's word for it ("مجاني", "free"), not as German text on a translated page or booklet."""

from __future__ import annotations

from dataclasses import dataclass

from wegweiser.i18n.catalogue import Texte
from wegweiser.i18n.languages import Sprache
from wegweiser.model.entries import Eintrag
from wegweiser.model.fields import only_free


@dataclass(frozen=True)
class Wert:
    text: str
    lang: Sprache | None  # the language of ``text`` when it is not the page's (None: the page's)


def kosten(entry: Eintrag, herkunft: Sprache, texte: Texte) -> Wert | None:
    """What an entry costs as a page in ``texte``'s language shows it; ``herkunft`` is the language ``kosten`` is in
    (``Fassung.herkunft``). A translated value stays as the translator wrote it; an untranslated "kostenlos",
    "gratis" or "0 €" becomes the catalogue's "kostenlos" when the language has it; anything else stays German,
    marked as such."""
    if not entry.kosten:
        return None
    if herkunft.lang == texte.sprache.lang:
        return Wert(entry.kosten, None)
    if only_free(entry.kosten) and texte.hat("kostenlos"):
        return Wert(texte.gettext("kostenlos"), None)
    return Wert(entry.kosten, herkunft)
