"""Start-up time of the commands people run most, as whole processes.

    python bench/startup.py [--runs 10]

Each command is started ``--runs`` times; the table shows the best and the median wall time, and
whether the process imported LangGraph or provider code (the light commands must not).
Beside them: a bare ``python -c pass``, the floor every Python command pays.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

from rich.console import Console
from rich.table import Table

COMMANDS = [["-c", "pass"], ["-m", "pipeline", "--help"], ["-m", "pipeline", "keys"], ["-m", "pipeline", "runs"],
            ["-m", "pipeline", "models"], ["-m", "pipeline", "capacity"]]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    table = Table(title=f"process start-up, {args.runs} runs each")
    for column in ("command", "best s", "median s", "imports langgraph", "imports providers"):
        table.add_column(column, justify="left" if column == "command" else "right")
    with tempfile.TemporaryDirectory() as cwd:  # no .env, a fresh data folder
        for command in COMMANDS:
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, check=False)
                times.append(time.perf_counter() - started)
            modules = subprocess.run(
                [sys.executable, "-X", "importtime", *command], cwd=cwd, capture_output=True, text=True
            ).stderr
            table.add_row(
                "python " + " ".join(command), f"{min(times):.3f}", f"{statistics.median(times):.3f}",
                "yes" if "langgraph" in modules else "no", "yes" if "pipeline.providers" in modules else "no",
            )  # fmt: skip
    Console().print(table)


if __name__ == "__main__":
    main()
