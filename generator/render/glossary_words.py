"""Which glossary words an entry is found by (``model.glossary``), in each language, and the words of a language's
site that the search page offers as spelling help.

An entry gets the words of every glossary term that its German name, short text, keywords, type, topics or facts
contain (a term of four letters or more anywhere in a word, as German compounds have it: "Hebamme" in
"Familienhebammen"; a shorter one only as a whole word). Its description does not count: an entry that mentions a
playground is no playground, and would otherwise rank with the playgrounds for "playground".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from wegweiser.model.glossary import Begriff

# The shortest term found inside longer words; shorter ones ("U3", "OGS") only as words of their own.
INSIDE_FROM = 4
# Words the spelling help knows: at least this long (a short word is one edit away from too many others).
VOCABULARY_MIN = 3
_WORDS = re.compile(r"[^\W\d_][^\W_]*")


class GlossaryWords:
    """A site's glossary (the shipped one with the network's own, by language code), ready to match entries."""

    def __init__(self, glossar: dict[str, list[Begriff]]) -> None:
        # term (casefolded) -> language code -> words, in the files' order
        self.words: dict[str, dict[str, list[str]]] = {}
        self.terms: dict[str, str] = {}  # casefolded -> as first written
        for code, terms in glossar.items():
            for begriff in terms:
                self.terms.setdefault(begriff.term.casefold(), begriff.term)
                found = self.words.setdefault(begriff.term.casefold(), {}).setdefault(code, [])
                found.extend(w for w in begriff.words if w not in found)
        self._short = {term: re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
                       for term in self.words if len(term) < INSIDE_FROM}

    def matched(self, texts: Iterable[str]) -> list[str]:
        """The terms (casefolded) found in ``texts`` (an entry's German name, short text, keywords …)."""
        text = "\n".join(texts).casefold()
        return [term for term in self.words
                if (term in text if term not in self._short else self._short[term].search(text))]

    def words_for(self, terms: Iterable[str], code: str) -> list[str]:
        """The words that find an entry with ``terms`` on the site in language ``code``: the German glossary's
        everywhere (entries that exist only in German are listed on every site) and the language's own."""
        codes = ["de", code] if code != "de" else ["de"]
        result: list[str] = []
        seen: set[str] = set()
        for term in terms:
            for each in codes:
                for word in self.words.get(term, {}).get(each, []):
                    if word.casefold() not in seen:
                        seen.add(word.casefold())
                        result.append(word)
        return result


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The words in ``texts`` the spelling help offers, most frequent first (the search page prefers the first of
    equally close words); each once, as it is first written (casing aside)."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        for word in _WORDS.findall(text):
            if len(word) >= VOCABULARY_MIN:
                key = word.casefold()
                counts[key] += 1
                shown.setdefault(key, word)
    return [shown[key] for key, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
