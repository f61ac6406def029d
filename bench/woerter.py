"""Write ``generator/data/demo_woerter.json``: per language, the words of the demo's translations, most frequent first.

usage: python bench/woerter.py

``wegweiser demo-data --sprachen`` writes synthetic translations with these words: the German vocabulary's word of
rank r becomes the language's word of rank r (``demo_data.translate``). So a synthetic Turkish index holds real
Turkish words, which Pagefind's Turkish stemmer treats as it treats real texts, in the frequencies of the German
texts. Words that also occur in the German originals (names, terms kept in German such as "Elterncafé") are left out,
and so are words that YAML would read as something other than text ("yes", "no", "on", ...).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import yaml

from wegweiser.i18n.languages import VORLAGE

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "generator" / "data" / "demo_woerter.json"
LANGUAGES = ("en", "tr", "ar", "uk", "ru")
WORD = re.compile(r"[^\W\d_]{2,}")
NOT_TEXT_IN_YAML = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
NOT_TEXT_FIELDS = {VORLAGE}  # the fingerprint of the original a translation was made from


def texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in texts(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() if str(key) not in NOT_TEXT_FIELDS for text in texts(item)]
    return []


def file_texts(path: Path) -> list[str]:
    source = path.read_text("utf-8")
    if path.suffix == ".md":
        _, front, body = source.split("---\n", 2) if source.startswith("---\n") else ("", "", source)
        return [*texts(yaml.safe_load(front) or {}), body]
    return texts(yaml.safe_load(source) or {})


def words(paths: list[Path]) -> Counter[str]:
    found: Counter[str] = Counter()
    for path in paths:
        for text in file_texts(path):
            found.update(word.lower() for word in WORD.findall(re.sub(r"\([^)]*\)", " ", text)))
    return found


def main() -> None:
    files = [*ROOT.glob("content/**/*.*"), *ROOT.glob("quartiere/**/*.*")]
    files = [path for path in files if path.suffix in {".md", ".yaml"}]
    german = words([path for path in files if len(path.suffixes) == 1])
    result = {}
    for code in LANGUAGES:
        counted = words([path for path in files if path.suffixes[-2:-1] == [f".{code}"]])
        ranked = sorted((word for word in counted if word not in german and word not in NOT_TEXT_IN_YAML),
                        key=lambda word: (-counted[word], word))
        result[code] = ranked
        print(f"{code}: {len(ranked)} words, most frequent: {' '.join(ranked[:8])}")
    TARGET.write_text(json.dumps(result, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"→ {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
