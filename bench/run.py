"""`make bench`: how fast Familienwegweiser is at 1,000 and 10,000 entries (and 100,000 on request).

Writes bench/ergebnisse/bench.json and bench/ergebnisse/bench.md. Every measurement runs in its own process.
usage: python bench/run.py [--groessen 1000,10000] [--peer] [--nur-druck]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from wegweiser.content.demo_data import translate

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "ergebnisse"
TODAY = "2026-11-21"
PY = sys.executable


def generate(entries: int, folder: Path, quarters: int = 0, sprachen: str = "") -> None:
    args = [PY, "-m", "wegweiser", "demo-data", "--entries", str(entries), "-o", str(folder)]
    if quarters:
        args += ["--quartiere", str(quarters)]
    if sprachen:
        args += ["--sprachen", sprachen]
    subprocess.run(args, check=True, capture_output=True)


def cold_build(folder: Path, out: Path, runs: int = 2) -> dict:
    """The cold build of ``folder`` into ``out``, best of ``runs`` as the peer measures itself (``peer.py``: best of
    2), each with an empty build cache and no site in ``out``: the faster run's figures, with the peak memory of the
    run that needed the most (memory does not get better by chance, and the target is for every run)."""
    results = []
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        os.sync()  # earlier steps' dirty pages must not be flushed during the timed build
        env = {**os.environ, "WEGWEISER_CACHE": str(out.parent / f"cache-kalt-{out.name}-{run}")}
        completed = subprocess.run([PY, str(HERE / "build_once.py"), str(folder), str(out), TODAY],
                                   capture_output=True, text=True, check=True, env=env)
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
        if run == runs - 1 and os.environ.get("WEGWEISER_CACHE"):
            # what the build left for the next one (its entries, the site's state) goes on in this run's cache, as a
            # CI job keeps its cache: the rebuilds after this build use it
            shutil.copytree(env["WEGWEISER_CACHE"], os.environ["WEGWEISER_CACHE"], dirs_exist_ok=True)
        shutil.rmtree(env["WEGWEISER_CACHE"], ignore_errors=True)
    best = min(results, key=lambda r: r["sekunden"]["gesamt"])
    most = max(results, key=lambda r: r["rss_gesamt_mb"])
    return {**best, "laeufe_s": [r["sekunden"]["gesamt"] for r in results], "rss_gesamt_mb": most["rss_gesamt_mb"],
            "spitze_teile_mb": most["spitze_teile_mb"]}


def largest_page(site: Path) -> dict:
    """The largest page of a built site (what a phone loads for it, before compression): its size and address."""
    page = max(site.rglob("index.html"), key=lambda path: path.stat().st_size)
    return {"bytes": page.stat().st_size, "url": page.parent.relative_to(site).as_posix() + "/"}


def dir_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def time_check(folder: Path) -> dict:
    """``wegweiser check`` as an editor runs it (the whole command): without the build cache, and with it (best of
    two runs after the one that filled it)."""
    def once(env: dict[str, str] | None = None) -> float:
        started = time.perf_counter()
        subprocess.run([PY, "-m", "wegweiser", "check", str(folder), "--stichtag", TODAY], capture_output=True,
                       env=env)
        return time.perf_counter() - started

    cold = once({**os.environ, "WEGWEISER_CACHE": "aus"})
    once()  # fills the cache (the build may have already)
    return {"ohne_cache_s": round(cold, 2), "mit_cache_s": round(min(once(), once()), 2)}


def time_rebuild(folder: Path, out: Path) -> dict:
    """``wegweiser build`` again over a built site (the whole command): with nothing changed, with one entry
    changed (its name: on its page, its quarter's and topics' pages and in the search index), and with one entry
    added (a copy of it under another name)."""
    def once() -> float:
        started = time.perf_counter()
        subprocess.run([PY, "-m", "wegweiser", "build", str(folder), "-o", str(out), "--stichtag", TODAY],
                       capture_output=True, check=True)
        return time.perf_counter() - started

    unchanged = min(once(), once())
    entry = sorted((folder / "quartiere").glob("*/angebote/*.yaml"))[1]
    text = entry.read_text("utf-8")
    entry.write_text(re.sub(r"^name: .*$", "name: Geaendert fuer den Benchmark", text, count=1, flags=re.M), "utf-8")
    one_changed = once()
    entry.with_name("neu-fuer-den-benchmark.yaml").write_text(
        re.sub(r"^name: .*$", "name: Neu fuer den Benchmark", text, count=1, flags=re.M), "utf-8")
    one_added = once()
    return {"nichts_geaendert_s": round(unchanged, 2), "ein_eintrag_geaendert_s": round(one_changed, 2),
            "ein_eintrag_neu_s": round(one_added, 2)}


def time_edit(folder: Path, out: Path) -> list[float]:
    """Seconds from saving a changed entry file to its rebuilt page on disk, while `wegweiser serve` runs (three
    edits, a second apart)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "WEGWEISER_STICHTAG": TODAY}
    process = subprocess.Popen([PY, "-m", "wegweiser", "serve", str(folder), "-p", "0", "-o", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout
        for line in process.stdout:
            if "Vorschau:" in line:
                break
        entry = sorted((folder / "quartiere").glob("*/angebote/*.yaml"))[0]
        page = out / "quartiere" / entry.parent.parent.name / "angebote" / entry.stem / "index.html"
        results = []
        for attempt in range(3):
            token = f"Geaendert{attempt}x{int(time.time())}"
            text = entry.read_text("utf-8")
            text = re.sub(r"^name: .*$", f"name: {token}", text, count=1, flags=re.M)
            time.sleep(1.0)  # let the watcher settle between edits
            started = time.perf_counter()
            entry.write_text(text, "utf-8")
            deadline = started + 120
            while time.perf_counter() < deadline:
                try:
                    if token in page.read_text("utf-8"):
                        break
                except OSError:
                    pass
                time.sleep(0.005)
            results.append(round(time.perf_counter() - started, 3))
        return results
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    """The preview's answer for ``url``: status and body (404 and other errors included)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def _wait(url: str, token: str, shown: bool, started: float, limit: float = 180) -> float:
    """Seconds from ``started`` until the page at ``url`` shows ``token`` (or, not ``shown``, no longer shows it),
    polled every 5 ms; the limit if that never happens."""
    while time.perf_counter() - started < limit:
        if (token in _get(url)[1]) == shown:
            break
        time.sleep(0.005)
    return round(time.perf_counter() - started, 3)


def time_new_entry(folder: Path, out: Path, runs: int = 3) -> dict:
    """Seconds from writing a new entry file (a copy of an entry under another name) to its page being served by
    `wegweiser serve`, and to its quarter's page listing it; then the same for deleting it again (its address no
    longer serves it, the quarter's page no longer lists it). ``runs`` times, a second apart."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "WEGWEISER_STICHTAG": TODAY}
    process = subprocess.Popen([PY, "-m", "wegweiser", "serve", str(folder), "-p", "0", "-o", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout
        origin = ""
        for line in process.stdout:
            if "Vorschau:" in line:
                origin = re.search(r"http://[0-9.:]+", line).group(0)  # type: ignore[union-attr]
                break
        threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()  # type: ignore[union-attr]
        model = sorted((folder / "quartiere").glob("*/angebote/*.yaml"))[0]
        quarter = f"{origin}/quartiere/{model.parent.parent.name}/"
        text = model.read_text("utf-8")
        result: dict[str, list[float]] = {"neu_seite_s": [], "neu_liste_s": [], "geloescht_seite_s": [],
                                          "geloescht_liste_s": []}
        for attempt in range(runs):
            token = f"Neuzugang{attempt}x{int(time.time())}"
            slug = token.lower()
            entry = model.with_name(f"{slug}.yaml")
            page = f"{quarter}angebote/{slug}/"
            time.sleep(1.0)  # let the watcher settle
            started = time.perf_counter()
            entry.write_text(re.sub(r"^name: .*$", f"name: {token}", text, count=1, flags=re.M), "utf-8")
            result["neu_seite_s"].append(_wait(page, token, True, started))
            result["neu_liste_s"].append(_wait(quarter, token, True, started))
            time.sleep(1.0)
            started = time.perf_counter()
            entry.unlink()
            result["geloescht_seite_s"].append(_wait(page, token, False, started))
            result["geloescht_liste_s"].append(_wait(quarter, token, False, started))
        return result
    finally:
        process.terminate()
        process.wait(timeout=30)


def precache_bytes(site: Path) -> dict:
    """What the service worker keeps before any page asks (the list in the site's ``sw.js``), in bytes as served: per
    language the files every language shares plus that language's pages, the total of all files listed, and the
    largest items."""
    text = (site / "sw.js").read_text("utf-8")
    data = json.loads(re.search(r"^const DATEN = (.*);$", text, re.M).group(1))  # type: ignore[union-attr]

    def size(address: str) -> int:
        return (site / (f"{address}index.html" if address == "" or address.endswith("/") else address)).stat().st_size

    shared = sum(size(path) for path in data["dateien"])
    own = {folder.rstrip("/") or "de": sum(size(url) for url in entry["seiten"])
           for folder, entry in data["sprachen"].items()}
    every = {*data["dateien"], *(url for entry in data["sprachen"].values() for url in entry["seiten"])}
    largest = sorted(((path or "index.html", size(path)) for path in every), key=lambda item: -item[1])[:4]
    return {"je_sprache": {code: shared + pages for code, pages in own.items()}, "gemeinsam": shared,
            "gesamt": shared + sum(own.values()), "groesste": largest}


def time_precache(folder: Path, out: Path) -> dict:
    """The demo built in a process of its own; its precache's size (``precache_bytes``)."""
    subprocess.run([PY, "-m", "wegweiser", "build", str(folder), "-o", str(out), "--stichtag", TODAY],
                   capture_output=True, text=True, check=True)
    return precache_bytes(out)


def demo_copy(work: Path) -> Path:
    """The project's own demo content (content/, quartiere/), copied: the preview's figures at the demo's size."""
    folder = work / "demo"
    for name in ("content", "quartiere"):
        shutil.copytree(HERE.parent / name, folder / name)
    return folder


def time_print(folder: Path, out: Path) -> dict:
    """`wegweiser print` as a whole process: seconds, the first booklet's A5 pages, booklets made and kept."""
    started = time.perf_counter()
    result = subprocess.run([PY, "-m", "wegweiser", "print", str(folder), "-o", str(out), "--stichtag", TODAY],
                            capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    pages = re.search(r"(\d+) Seiten A5", result.stdout)
    lines = re.findall(r"^.*Seiten A5.*$", result.stdout, re.M)
    kept = sum("unverändert, behalten" in line for line in lines)
    return {"sekunden": round(seconds, 2), "seiten_a5": int(pages.group(1)) if pages else None,
            "hefte": len(lines), "behalten": kept}


def time_prints(folder: Path, out: Path) -> dict:
    """`print` cold (no print folder: every booklet laid out) and warm (again, nothing changed: every one kept)."""
    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    return {"kalt": time_print(folder, out), "warm": time_print(folder, out)}


def time_make_site(demo: Path, work: Path) -> dict:
    """What ``make site`` runs after ``make install`` (``wegweiser build .``, then ``wegweiser print .``) on a copy of
    the demo, as whole processes: cold (no site, an empty build cache) and warm (again, nothing changed)."""
    out = work / "make-site"
    env = {**os.environ, "WEGWEISER_CACHE": str(work / "cache-make-site")}

    def once() -> float:
        started = time.perf_counter()
        for command in (["build", str(demo), "-o", str(out)], ["print", str(demo), "-o", str(out / "druck")]):
            subprocess.run([PY, "-m", "wegweiser", *command, "--stichtag", TODAY], capture_output=True, check=True,
                           env=env)
        return round(time.perf_counter() - started, 2)

    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    return {"kalt_s": once(), "warm_s": once()}


def print_rows(work: Path) -> dict:
    """``make site`` on the demo, and the print times of the demo (all its quarters and languages) and of one
    quarter with 300 entries."""
    demo = work / "demo" if (work / "demo").is_dir() else demo_copy(work)
    print("== make site (Demo-Inhalt: build + print), kalt und warm", flush=True)
    rows: dict = {"make_site": time_make_site(demo, work)}
    print(json.dumps(rows["make_site"]), flush=True)
    print("== Druck: Demo-Inhalt, kalt und warm", flush=True)
    rows["demo"] = time_prints(demo, work / "druck-demo")
    print(json.dumps(rows["demo"]), flush=True)
    print("== Druck: ein Quartier mit 300 Einträgen, kalt und warm", flush=True)
    folder = work / "heft-300"
    generate(300, folder, quarters=1)
    rows["heft_300"] = time_prints(folder, work / "druck")
    print(json.dumps(rows["heft_300"]), flush=True)
    return rows


def print_table(rows: dict) -> list[str]:
    """The print times as a table of their own (they do not grow with the columns' entry counts)."""
    def cell(run: dict) -> str:
        return f"{run['sekunden']:.2f} s ({run['hefte']} {'Heft' if run['hefte'] == 1 else 'Hefte'}, " \
               f"{run['behalten']} behalten)"

    names = {"demo": "Demo-Inhalt (alle Quartiere und Sprachen)", "heft_300": "Ein Quartier mit 300 Einträgen"}
    site = rows.get("make_site")
    return ["", "| ganzer Prozess | kalt | warm, nichts geändert |", "|---|---|---|",
            *([f"| `make site` (Demo: build + print; Ziel < 40 s / < 5 s) | {site['kalt_s']:.2f} s | "
               f"{site['warm_s']:.2f} s |"] if site else []),
            *(f"| `wegweiser print`: {names[key]} | {cell(run['kalt'])} | {cell(run['warm'])} |"
              for key, run in rows.items() if key in names),
            "", f"Heft für ein Quartier mit 300 Einträgen: {rows['heft_300']['kalt']['seiten_a5']} Seiten A5 "
                "(Druck-PDF, Druckbogen und Druckansicht)."] if rows else []


# The first query per language in the multi-language benchmark: a common word of the synthetic texts, in the form the
# synthetic translations give it (wegweiser.content.demo_data.translate: "Kita" is in entries' names, which are
# written in the language's alphabet).
QUERIES = {"": "Kita", "en/": translate("en", "Kita"), "tr/": translate("tr", "Kita")}


def search_bytes(site: Path, prefix: str = "", query: str = "Kita", ready: str | None = None,
                 timeout: int = 60000) -> dict:
    """Bytes the browser transfers for the first search query (Pagefind files), in headless Chromium.

    The query is done when a result is shown, or, with ``ready`` (a JavaScript expression), when that is true.
    Besides the bytes and requests: the results shown, the status line and the bytes per Pagefind file.
    """
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    sizes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()

        def record(response: object) -> None:
            url = response.url  # type: ignore[attr-defined]
            if "/pagefind/" in url:
                body = response.body()  # type: ignore[attr-defined]
                # Pagefind's index files are gzip already; text files as a web server would compress them.
                sizes[url.split("/pagefind/", 1)[1].split("?")[0]] = min(len(body), len(gzip.compress(body, 6)))

        page.on("response", record)
        page.goto(f"{origin}/{prefix}suche/?q={query}")
        if ready is None:
            page.wait_for_selector(".ww-suche__treffer li", timeout=timeout)
        else:
            page.wait_for_function(ready, timeout=timeout)
        page.wait_for_load_state("networkidle")
        results = page.locator(".ww-suche__treffer li").count()
        status = page.locator(".ww-suche__status").inner_text()
        browser.close()
    server.shutdown()
    return {"bytes": sum(sizes.values()), "anfragen": len(sizes), "treffer_gezeigt": results, "status": status,
            "dateien": dict(sorted(sizes.items(), key=lambda kv: -kv[1]))}


def transfer(result: dict) -> dict:
    """What bench.json keeps of a ``search_bytes`` result."""
    return {"bytes": result["bytes"], "anfragen": result["anfragen"]}


def peer(entries: int, languages: int = 1) -> float | None:
    script = HERE.parent.parent / "shared" / "bench" / "peer.py"
    if not shutil.which("hugo") or not script.exists():
        return None
    out = subprocess.run([PY, str(script), str(entries), "--languages", str(languages)], capture_output=True,
                         text=True)
    match = re.search(r"([\d.]+) s", out.stdout)
    return float(match.group(1)) if match else None


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as info:
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} Kerne ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groessen", default="1000,10000")
    parser.add_argument("--peer", action="store_true", help="also run ../shared/bench/peer.py (needs hugo)")
    parser.add_argument("--tabelle", action="store_true", help="only rewrite bench.md from bench.json")
    parser.add_argument("--ohne-sprachen", action="store_true", help="skip the three-language build")
    parser.add_argument("--nur-druck", action="store_true", help="only the print times (demo and 300 entries)")
    args = parser.parse_args()
    if args.nur_druck:  # only the print rows, shown and not saved (bench.json keeps the whole run's figures)
        with tempfile.TemporaryDirectory(prefix="ww-bench-") as tmp:
            os.environ["WEGWEISER_CACHE"] = str(Path(tmp) / "cache")
            print("\n".join(print_table(print_rows(Path(tmp)))))
        return
    if args.tabelle:
        table = markdown_table(json.loads((RESULTS / "bench.json").read_text("utf-8")))
        (RESULTS / "bench.md").write_text(table, "utf-8")
        print(table)
        return
    sizes = [int(s) for s in args.groessen.split(",")]
    RESULTS.mkdir(exist_ok=True)
    results: dict = {"maschine": machine(), "datum": time.strftime("%Y-%m-%d %H:%M"), "groessen": {}}
    with tempfile.TemporaryDirectory(prefix="ww-bench-") as tmp:
        work = Path(tmp)
        os.environ["WEGWEISER_CACHE"] = str(work / "cache")  # a build cache of this run only: cold builds are cold
        for n in sizes:
            print(f"== {n} Einträge", flush=True)
            folder = work / f"inhalt-{n}"
            generate(n, folder)
            out = work / f"site-{n}"
            build = cold_build(folder, out, 1 if n > 20000 else 2)
            entry_page = next(out.glob("quartiere/*/angebote/*/index.html"))
            if n > 20000:  # the scale row: the cold build, its memory and size only
                row = {"build": build, "eintragsseite_bytes": entry_page.stat().st_size,
                       "site_mb": round(dir_size(out) / 2**20, 1)}
                results["groessen"][str(n)] = row
                print(json.dumps(row), flush=True)
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(folder, ignore_errors=True)
                continue
            row = {"build": build, "eintragsseite_bytes": entry_page.stat().st_size,
                   "groesste_seite": largest_page(out), "site_mb": round(dir_size(out) / 2**20, 1),
                   "check": time_check(folder)}
            row["neubau"] = time_rebuild(folder, out)
            row["bearbeiten_laeufe_s"] = time_edit(folder, out)
            row["bearbeiten_bis_seite_s"] = min(row["bearbeiten_laeufe_s"])
            row["vorschau_neu"] = time_new_entry(folder, out)  # the rebuilds above recorded the addresses
            if n >= 10000:
                row["suche"] = transfer(search_bytes(out))
            if args.peer and n >= 10000:
                row["peer_hugo_pagefind_s"] = peer(n)
            results["groessen"][str(n)] = row
            print(json.dumps(row), flush=True)
            shutil.rmtree(out, ignore_errors=True)
            if n == 10000 and not args.ohne_sprachen:
                results["sprachen"] = multilingual(work, n, row, args.peer)
        print("== Demo-Inhalt: Vorschau", flush=True)
        demo = demo_copy(work)
        results["demo_vorschau"] = time_new_entry(demo, work / "site-demo")
        print(json.dumps(results["demo_vorschau"]), flush=True)
        print("== Demo-Inhalt: Offline-Vorrat (Service Worker)", flush=True)
        results["offline_vorrat"] = time_precache(demo, work / "site-demo-offline")
        print(json.dumps(results["offline_vorrat"]), flush=True)
        results["druck"] = print_rows(work)
    (RESULTS / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    table = markdown_table(results)
    (RESULTS / "bench.md").write_text(table, "utf-8")
    print(table)


def multilingual(work: Path, n: int, german: dict, with_peer: bool = False) -> dict:
    """The same n entries, each translated into two more languages (3n entry pages), built in this run (best of two,
    as the German build and the peer)."""
    print(f"== {n} Einträge in drei Sprachen (de, en, tr)", flush=True)
    folder = work / f"inhalt-{n}-sprachen"
    generate(n, folder, sprachen="en,tr")
    out = work / f"site-{n}-sprachen"
    build = cold_build(folder, out)
    row = {"eintraege": n, "build": build,
           "faktor_zu_deutsch": round(build["sekunden"]["gesamt"] / german["build"]["sekunden"]["gesamt"], 2),
           "peer_30000_s": peer(3 * n, languages=3) if with_peer else None,
           "site_mb": round(dir_size(out) / 2**20, 1),
           "suche": {prefix or "de": transfer(search_bytes(out, prefix, query)) for prefix, query in QUERIES.items()}}
    print(json.dumps(row), flush=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return row


def _preview_times(times: dict, what: str) -> str:
    """"0.41 / 0.45 s": the best run's seconds until the page and until the quarter's list show the change."""
    return f"{min(times[what + '_seite_s']):.2f} / {min(times[what + '_liste_s']):.2f} s"


def markdown_table(results: dict) -> str:
    sizes = list(results["groessen"])
    head = "| | " + " | ".join(f"{int(n):,} Einträge".replace(",", ".") for n in sizes) + " |"
    lines = [f"Gemessen auf: {results['maschine']}, {results['datum']}", "", head, "|---|" + "---|" * len(sizes)]

    def row(label: str, get: object) -> None:
        values = []
        for n in sizes:
            try:
                values.append(str(get(results["groessen"][n])))  # type: ignore[operator]
            except (KeyError, TypeError):
                values.append("–")
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    s = lambda key: (lambda r: f"{r['build']['sekunden'][key]:.2f} s")  # noqa: E731
    row("Kalter Build gesamt (bester Lauf)", s("gesamt"))
    row("… die Läufe", lambda r: " / ".join(f"{t:.2f}" for t in r["build"]["laeufe_s"]) + " s")
    row("… laden + prüfen", s("laden_pruefen"))
    row("… Seiten erzeugen", s("seiten"))
    row("… MkDocs", s("mkdocs"))
    row("… Pagefind", s("pagefind"))
    row("Spitzenspeicher aller Prozesse (PSS; Pagefind: RSS)", lambda r: f"{r['build']['rss_gesamt_mb']:.0f} MB")
    row("… davon zur Spitze: Build, Arbeitsprozesse, Pagefind", lambda r: " / ".join(
        f"{r['build']['spitze_teile_mb'].get(k, 0):.0f}" for k in ("python", "worker", "pagefind")) + " MB")
    row("Eintragsseite", lambda r: f"{r['eintragsseite_bytes']:,} B".replace(",", "."))
    row("Größte Seite", lambda r: f"{r['groesste_seite']['bytes']:,} B".replace(",", ".")
        + f" ({r['groesste_seite']['url']})")
    row("site/", lambda r: f"{r['site_mb']} MB")
    row("Bearbeiten → Seite neu (serve)", lambda r: f"{r['bearbeiten_bis_seite_s']:.2f} s")
    row("Vorschau: neuer Eintrag → Seite / Quartiersliste (serve)",
        lambda r: _preview_times(r["vorschau_neu"], "neu"))
    row("Vorschau: gelöschter Eintrag → Seite / Quartiersliste (serve)",
        lambda r: _preview_times(r["vorschau_neu"], "geloescht"))
    row("Neubau, nichts geändert (Befehl)", lambda r: f"{r['neubau']['nichts_geaendert_s']:.2f} s")
    row("Neubau, ein Eintrag geändert (Befehl)", lambda r: f"{r['neubau']['ein_eintrag_geaendert_s']:.2f} s")
    row("Neubau, ein Eintrag neu (Befehl)", lambda r: f"{r['neubau'].get('ein_eintrag_neu_s', 0):.2f} s")
    row("wegweiser check ohne / mit Cache (Befehl)",
        lambda r: f"{r['check']['ohne_cache_s']:.2f} s / {r['check']['mit_cache_s']:.2f} s")
    row("Erste Suchanfrage (übertragen)",
        lambda r: f"{r['suche']['bytes'] / 1024:.0f} KB in {r['suche']['anfragen']} Anfragen")
    row("Peer: Hugo + Pagefind",
        lambda r: f"{r['peer_hugo_pagefind_s']:.2f} s" if r.get("peer_hugo_pagefind_s") else "–")
    row("Kalter Build ÷ Peer",
        lambda r: f"{r['build']['sekunden']['gesamt'] / r['peer_hugo_pagefind_s']:.2f}×")
    row("CPU-Sekunden aller Prozesse", lambda r: f"{r['build']['cpu_s']:.0f} s")
    row("… davon der Speichermesser (im Build)", lambda r: f"{r['build']['messungen']['cpu_ms'] / 1000:.1f} s")
    multi = results.get("sprachen")
    if multi:
        b = multi["build"]
        searches = ", ".join(f"{code.rstrip('/')}: {v['bytes'] / 1024:.0f} KB" for code, v in multi["suche"].items())
        count = f"{multi['eintraege']:,}".replace(",", ".")
        pages = f"{3 * multi['eintraege']:,}".replace(",", ".")
        peer_text = ""
        if multi.get("peer_30000_s"):
            peer_text = (f"; Peer mit {pages} Seiten {multi['peer_30000_s']:.2f} s "
                         f"(= {b['sekunden']['gesamt'] / multi['peer_30000_s']:.2f}×)")
        lines += ["", f"{count} Einträge in drei Sprachen (de, en, tr; {pages} Eintragsseiten):",
                  f"kalter Build {b['sekunden']['gesamt']:.2f} s (bester von "
                  f"{' / '.join(f'{t:.2f}' for t in b['laeufe_s'])} s) = {multi['faktor_zu_deutsch']}× der deutschen "
                  f"Fassung derselben Einträge{peer_text}; Spitzenspeicher {b['rss_gesamt_mb']:.0f} MB; site/ "
                  f"{multi['site_mb']} MB; erste Suchanfrage je Sprache: {searches}."]
    demo = results.get("demo_vorschau")
    if demo:
        lines += ["", f"Vorschau des Demo-Inhalts (serve): neuer Eintrag {_preview_times(demo, 'neu')}, gelöschter "
                      f"Eintrag {_preview_times(demo, 'geloescht')} (Seite / Quartiersliste, bester Lauf)."]
    offline = results.get("offline_vorrat")
    if offline:
        kb = lambda size: f"{size / 1024:.0f} KB"  # noqa: E731
        lines += ["", "Offline-Vorrat des Demo-Inhalts (was der Service Worker vorab speichert, ungepackt): je Sprache "
                      + ", ".join(f"{code}: {kb(size)}" for code, size in offline["je_sprache"].items())
                      + f" (davon gemeinsam {kb(offline['gemeinsam'])}); alle Sprachen zusammen "
                      + f"{kb(offline['gesamt'])}; am größten: "
                      + ", ".join(f"{path} {kb(size)}" for path, size in offline["groesste"]) + "."]
    lines += print_table(results.get("druck", {}))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
