"""Synthetic content for benchmarks (same as `wegweiser demo-data`).

usage: python bench/synthetic.py --entries 10000 [--quartiere 50] [--seed 7] -o /tmp/inhalt
"""

from __future__ import annotations

import sys

from wegweiser.cli import main

if __name__ == "__main__":
    sys.exit(main(["demo-data", *sys.argv[1:]]))
