"""One cold build in a fresh process; prints its phase timings and peak memory as JSON (used by bench/run.py).

Peak memory is sampled every 20 ms over the whole process tree (the build, its forked workers and
Pagefind), because they run at the same time; per-process peaks would understate it. It sums PSS,
not RSS: forked workers share most of their pages with the parent, and RSS would count those twice.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from datetime import date
from pathlib import Path

from wegweiser.site.build import build_site


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _stat(pid: int) -> tuple[str, int, int, int] | None:
    """A process's name, parent, RSS (pages) and CPU ticks (user + system); None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
    except OSError:
        return None
    name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
    return name, int(rest[1]), int(rest[21]), int(rest[11]) + int(rest[12])


tree: list[int] = []  # the process tree below the build, as last found


def tree_rss_kb(root: int, floor: int = 0, rescan: bool = True) -> tuple[int, dict[str, int]] | None:
    """The PSS of the process tree below ``root`` and its parts by process name (kB); None when the tree's RSS is
    at most ``floor``, so that its PSS (never more than its RSS) cannot be either.

    The sampler runs in the build's process, and what it costs the build lacks: reading every process's ``stat``
    to find the tree, and every PSS, at every 20 ms, took a fifth of a core during a 10,000-entry build (reading a
    PSS costs 21 µs per MB). So the tree is looked for again only with ``rescan`` (new processes start rarely), and
    the sampler reads PSS only when the RSS could be a new peak (``sample``)."""
    global tree
    stats: dict[int, tuple[str, int, int, int]] = {}
    if rescan:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
                stats[int(entry.name)] = found
                children.setdefault(found[1], []).append(int(entry.name))
        tree, stack = [], [root]
        while stack:
            pid = stack.pop()
            tree.append(pid)
            stack.extend(children.get(pid, []))
    else:
        stats = {pid: found for pid in tree if (found := _stat(pid)) is not None}
        tree = [pid for pid in tree if pid in stats]
    rss = {pid: stats[pid][2] for pid in tree}
    for pid in tree:
        cpu_ticks[pid] = stats[pid][3]  # the last seen of each process
        cpu_part[pid] = "python" if pid == root else ("worker" if stats[pid][0].startswith("python") else
                                                      stats[pid][0])
    if sum(rss.values()) * PAGE_KB <= floor:
        return None
    total, parts = 0, {}
    for pid in tree:
        # Our processes share memory (forked workers): their PSS counts each shared page once. Pagefind is another
        # program that shares only libraries with them, and reading its PSS walks 700 MB of page tables: its RSS,
        # an upper bound, is counted instead.
        pss = _pss_kb(pid) if cpu_part[pid] in ("python", "worker") else rss[pid] * PAGE_KB
        total += pss
        parts[cpu_part[pid]] = parts.get(cpu_part[pid], 0) + pss
    return total, parts


peak = 0
peak_parts: dict[str, int] = {}
cpu_ticks: dict[int, int] = {}  # CPU ticks by process, as last sampled
cpu_part: dict[int, str] = {}  # which part of the tree each process was
done = threading.Event()
# samples taken, those that had to read PSS, and the sampler's own CPU milliseconds (part of the build's)
samples = {"alle": 0, "pss": 0, "cpu_ms": 0}


def sample() -> None:
    """Every 20 ms: the tree's RSS and CPU ticks; its PSS when the RSS could be a new peak, at most every 100 ms and
    at most a tenth of the time (reading the PSS of 100,000 entries' build takes 40 ms)."""
    global peak, peak_parts
    next_pss = 0.0
    while not done.wait(0.02):
        now = time.perf_counter()
        floor = peak if now >= next_pss else 2**62  # a floor no RSS reaches: PSS is not read (but CPU ticks are)
        measured = tree_rss_kb(os.getpid(), floor, rescan=samples["alle"] % 10 == 0)
        samples["alle"] += 1
        samples["cpu_ms"] = round(time.thread_time() * 1000)
        if measured is None:
            continue
        samples["pss"] += 1
        took = time.perf_counter() - now
        next_pss = now + max(0.1, 10 * took)
        total, parts = measured
        if total > peak:
            peak, peak_parts = total, parts


threading.Thread(target=sample, daemon=True).start()
report = build_site(Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3]))
done.set()
print(json.dumps({
    "sekunden": {k: round(v, 3) for k, v in report.seconds.items()},
    "seiten": report.pages,
    # CPU seconds of the build and all its processes (user + system): what the build costs, whatever else runs
    "cpu_s": round(sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                       for f in ("ru_utime", "ru_stime")), 2),
    "rss_gesamt_mb": round(peak / 1024, 1),
    "rss_python_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "rss_kindprozesse_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    # at the moment of the peak: PSS by process (the build, its workers together, Pagefind)
    "messungen": samples,
    "spitze_teile_mb": {name: round(kb / 1024, 1) for name, kb in sorted(peak_parts.items())},
    # CPU seconds by part (the build, its workers together, Pagefind), as last sampled (up to 20 ms short each)
    "cpu_teile_s": {name: round(sum(cpu_ticks.get(pid, 0) for pid, part in cpu_part.items() if part == name)
                                / os.sysconf("SC_CLK_TCK"), 1) for name in sorted(set(cpu_part.values()))},
}))
