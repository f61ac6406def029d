from wegweiser.cli import run

raise SystemExit(run())
