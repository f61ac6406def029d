"""One cold build in a fresh process; prints its phase timings and peak memory as JSON (used by bench/run.py)."""

from __future__ import annotations

import json
import resource
import sys
from datetime import date
from pathlib import Path

from wegweiser.build import build_site

report = build_site(Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3]))
print(json.dumps({
    "sekunden": {k: round(v, 3) for k, v in report.seconds.items()},
    "seiten": report.pages,
    "rss_python_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "rss_kindprozesse_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
}))
