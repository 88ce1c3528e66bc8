"""DEBUG's detection rate per fault kind, false alarms on clean projects, and time per level.

    python bench/debug.py [--levels static,run,full]

Uses the fault corpus of the test suite (tests/validate/faults.py): template projects of
several app kinds, one fault injected each. A fault counts as detected when its check
reports an error at the level given (kinds that need running code are not expected to be
found by ``static``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.validate import LEVELS, errors, validate
from tests.validate.faults import APPS, FAULTS, clean, faulty


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="static,run", help="levels for the detection table: static, run")
    parser.add_argument(
        "--full",
        action="store_true",
        help="also time the full level (npm install + build) on the clean projects",
    )
    args = parser.parse_args()
    levels = [level for level in args.levels.split(",") if level in ("static", "run")]
    console = Console()

    detection = Table(title="detection per fault kind")
    detection.add_column("fault kind")
    detection.add_column("check")
    for level in levels:
        detection.add_column(f"{level}", justify="right")
    totals = {level: [0, 0] for level in levels}
    for fault in FAULTS:
        row = [fault.kind, fault.check]
        for level in levels:
            hits = 0
            for app in APPS:
                project = faulty(app, fault)
                found = errors(validate(project.design, project.backend, project.frontend, level))  # type: ignore[arg-type]
                hits += fault.check in {d.check for d in found}
            needs_run = LEVELS.index(level) < LEVELS.index(fault.level)  # type: ignore[arg-type]
            row.append(f"{hits}/{len(APPS)}" + (" (needs run)" if needs_run else ""))
            if not needs_run:
                totals[level][0] += hits
                totals[level][1] += len(APPS)
        detection.add_row(*row)
    detection.add_row(
        "all (where the level applies)", "", *(f"{h / n:.0%} ({h}/{n})" for h, n in totals.values())
    )
    console.print(detection)

    timing = Table(title="clean projects: false alarms and time per level")
    for column in ("level", "projects", "false alarms (errors)", "mean s", "max s"):
        timing.add_column(column, justify="right" if column != "level" else "left")
    for level in [*levels, *(["full"] if args.full else [])]:
        seconds: list[float] = []
        alarms = 0
        for app in APPS:
            project = clean(app)
            started = time.perf_counter()
            alarms += len(errors(validate(project.design, project.backend, project.frontend, level)))  # type: ignore[arg-type]
            seconds.append(time.perf_counter() - started)
        timing.add_row(
            level, str(len(APPS)), str(alarms), f"{statistics.mean(seconds):.2f}", f"{max(seconds):.2f}"
        )
    console.print(timing)


if __name__ == "__main__":
    main()
