"""The family glossary: words families search for, mapped to the German terms the entries use.

A glossary file (``generator/data/glossar/<code>.yaml`` ships with the program, ``content/glossar.yaml`` and
``content/glossar.<code>.yaml`` extend it per network) is a map from a German term to the words that should find it::

    Kita: [Krippe, Krippenplatz, U3]        # glossar.yaml: German everyday words
    Hebamme: [midwife, midwives]            # glossar.en.yaml: the family's own language

An entry whose name, short text, keywords, type or topics contain the term is found by those words too (see
``render.glossary_words``); the words are indexed with the entry, so the search ranks them as real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegweiser.core.problems import Loc, Problems
from wegweiser.model.fields import ListOf, Text
from wegweiser.model.located_yaml import YList, YMap, YScalar

# A term or word at most this long: a glossary holds words, not sentences.
MAX_LENGTH = 60
_WORD = Text(max_length=MAX_LENGTH)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Begriff:
    """One line of a glossary: the German ``term`` and the ``words`` that find entries containing it."""

    term: str
    words: tuple[str, ...]
    loc: Loc


def read_glossary(data: YMap, problems: Problems) -> list[Begriff]:
    """The terms of a loaded glossary file; every mistake is reported at its place and its line is left out."""
    terms: list[Begriff] = []
    for key, (key_loc, node) in data.entries.items():
        term = _WORD.convert(YScalar(key, key_loc, "", 0, ""), problems)
        if not isinstance(term, str):
            continue
        if not _LETTER.search(term):
            problems.error(key_loc, f"„{term}“ ist kein Suchbegriff: es fehlen Buchstaben.",
                           "Links steht das Wort, wie es in den Einträgen steht, z. B. „Kita: [Krippe, U3]“.")
            continue
        if isinstance(node, YScalar) and node.is_null:
            problems.error(key_loc, f"Zu „{term}“ fehlen die Suchwörter.",
                           f"Schreiben Sie sie in eckigen Klammern dahinter, z. B. „{term}: [Wort, anderes Wort]“.")
            continue
        if isinstance(node, YMap):
            problems.error(node.loc, f"Zu „{term}“ stehen Unterfelder; erwartet wird eine Liste von Suchwörtern.",
                           f"Schreiben Sie z. B. „{term}: [Wort, anderes Wort]“.")
            continue
        kept: list[str] = []
        for item in node.items if isinstance(node, YList) else ListOf.split(node, problems):
            word = _WORD.convert(item, problems)
            if not isinstance(word, str):
                continue  # reported
            if not _LETTER.search(word):
                problems.error(item.loc, f"„{word}“ ist kein Suchwort: es fehlen Buchstaben.",
                               "Suchwörter sind Wörter, wie Familien sie eintippen.")
            elif word.casefold() not in (w.casefold() for w in kept):
                kept.append(word)
        if kept:
            terms.append(Begriff(term, tuple(kept), key_loc))
    return terms
