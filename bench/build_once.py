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
from datetime import date
from pathlib import Path

from wegweiser.build import build_site


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> tuple[int, dict[str, int]]:
    """The PSS of the process tree below ``root`` and its parts by process name (kB). PSS is read only for the
    tree's processes: reading it walks a process's page tables."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        pid = int(entry.name)
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        children.setdefault(int(rest[1]), []).append(pid)
        names[pid] = name
        cpu_ticks[pid] = int(rest[11]) + int(rest[12])  # utime + stime, the last seen of each process
    total, stack, parts = 0, [root], {}
    while stack:
        pid = stack.pop()
        pss = _pss_kb(pid)
        total += pss
        own = names.get(pid, "?")
        name = "python" if pid == root else ("worker" if own.startswith("python") else own)
        parts[name] = parts.get(name, 0) + pss
        cpu_part[pid] = name
        stack.extend(children.get(pid, []))
    return total, parts


peak = 0
peak_parts: dict[str, int] = {}
cpu_ticks: dict[int, int] = {}  # CPU ticks by process, as last sampled
cpu_part: dict[int, str] = {}  # which part of the tree each process was
done = threading.Event()


def sample() -> None:
    global peak, peak_parts
    while not done.wait(0.02):
        total, parts = tree_rss_kb(os.getpid())
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
    "spitze_teile_mb": {name: round(kb / 1024, 1) for name, kb in sorted(peak_parts.items())},
    # CPU seconds by part (the build, its workers together, Pagefind), as last sampled (up to 20 ms short each)
    "cpu_teile_s": {name: round(sum(cpu_ticks.get(pid, 0) for pid, part in cpu_part.items() if part == name)
                                / os.sysconf("SC_CLK_TCK"), 1) for name in sorted(set(cpu_part.values()))},
}))
