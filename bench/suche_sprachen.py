"""Bytes the first search query transfers per language, at 10,000 entries (issue 11: at most 150 KB each).

usage: python bench/suche_sprachen.py [--eintraege 10000] [--sprachen de,leicht,en,tr,ar,uk,ru] [--json DATEI]

Pagefind keeps one index per page ``lang`` and the browser loads only the index of its search page's ``<html lang>``,
so each language is measured on its own: the synthetic German entries (``wegweiser demo-data``) are built once, and
their search documents are indexed once per language, with that language's ``lang`` (``search.index_pages``, the same
documents the build hands to Pagefind). The texts of the other languages are the German texts translated word for
word by ``demo_data.translate``, as ``wegweiser demo-data --sprachen`` translates them: the German word of rank r
becomes the r-th most frequent word of the demo's own translations in that language, so the number of words and
their frequencies stay those of the German texts with real words of the language for its stemmer; names and the
rarest words are written letter for letter in the language's alphabet. Leichte Sprache keeps the German words (its own
index, German stemming). The search page
gets the language's ``lang`` (and Material's ``dir``); headless Chromium then searches for the language's form of each
of ``QUERIES`` (a new page each: a first query), and every Pagefind file it receives is counted (index files are gzip
already; text files as a web server would compress them).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import search_bytes  # bench/ is this script's directory, so on sys.path

from wegweiser.content.demo_data import translate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
TODAY = "2026-11-21"
PY = sys.executable
# First queries: common words of the synthetic texts. What a query costs depends on its word: Pagefind splits the word
# index into chunks of about 20,000 word positions, and loads the chunk that holds the word; a chunk that also holds a
# very frequent word is large. So several words are measured per language.
QUERIES = ["Kita", "Eltern", "Spielplatz", "Beratung"]
# A query of another alphabet may find nothing: it is done when the search says what it found.
STATUS_SHOWN = "document.querySelector('.ww-suche__status').textContent !== ''"

def translate_document(code: str, html: str) -> str:
    """Relabel the text between tags (not tag names, attributes or URLs)."""
    return re.sub(r">([^<]+)<", lambda m: ">" + translate(code, m.group(1)) + "<", html)


def main() -> None:
    from wegweiser.i18n.languages import sprache
    from wegweiser.search.index import index_pages, searchable_part

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eintraege", type=int, default=10000)
    parser.add_argument("--sprachen", default="de,leicht,en,tr,ar,uk,ru")
    parser.add_argument("--json", type=Path, default=HERE / "ergebnisse" / "suche_sprachen.json")
    parser.add_argument("--ordner", type=Path, help="keep content and site here (a second run reuses them)")
    args = parser.parse_args()
    results: dict = {"eintraege": args.eintraege, "datum": time.strftime("%Y-%m-%d %H:%M"), "sprachen": {}}
    with tempfile.TemporaryDirectory(prefix="ww-suche-bench-") as tmp:
        work = args.ordner or Path(tmp)
        site = work / "site"
        if not (site / "suche" / "index.html").is_file():
            subprocess.run([PY, "-m", "wegweiser", "demo-data", "--entries", str(args.eintraege), "-o",
                            str(work / "inhalt")], check=True, capture_output=True)
            subprocess.run([PY, "-m", "wegweiser", "build", str(work / "inhalt"), "-o", str(site), "--stichtag",
                            TODAY], check=True, capture_output=True)
        else:  # a kept site: with the current search script
            shutil.copy(HERE.parent / "templates" / "assets" / "suche.js", site / "assets" / "wegweiser" / "suche.js")
        documents = []
        for path in site.rglob("index.html"):
            html = path.read_text("utf-8")
            if "data-pagefind-body" in html:
                documents.append((path.parent.relative_to(site).as_posix() + "/", searchable_part(html)))
        search_page = (site / "suche" / "index.html").read_text("utf-8")
        for code in args.sprachen.split(","):
            language = sprache(code)
            shutil.rmtree(site / "pagefind", ignore_errors=True)
            started = time.perf_counter()
            index_pages(((url, translate_document(code, part), language.lang) for url, part in documents), site)
            seconds = time.perf_counter() - started
            # The search page as this language's site serves it: its <html lang> chooses the index.
            page = re.sub(r'<html lang="[^"]*"', f'<html lang="{language.lang}"', search_page, count=1)
            page = re.sub(r'<body dir="[^"]*"', f'<body dir="{language.richtung}"', page, count=1)
            (site / "suche" / "index.html").write_text(page, "utf-8")
            entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
            queries = {query: search_bytes(site, query=translate(code, query), ready=STATUS_SHOWN, timeout=120000)
                       for query in QUERIES}
            sizes = sorted(q["bytes"] for q in queries.values())
            results["sprachen"][code] = {"anfragen": queries, "index_sprachen": sorted(entry["languages"]),
                                         "pagefind_s": round(seconds, 1), "median_bytes": sizes[len(sizes) // 2],
                                         "max_bytes": sizes[-1]}
            said = ", ".join(f"{q} {r['bytes'] / 1024:.0f} KB ({r['status']})" for q, r in queries.items())
            print(f"{code:7} {said}", flush=True)
    args.json.parent.mkdir(exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"→ {args.json}")


if __name__ == "__main__":
    main()
