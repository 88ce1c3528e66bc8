"""``python -m pipeline check PATH``: run DEBUG's checks on any project folder."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table

from pipeline.cli.parsing import Parser
from pipeline.validate import LEVELS, validate
from pipeline.validate.app_env import ENV_CHECK
from pipeline.validate.project import load_project


def check_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(
        prog="python -m pipeline check",
        description="Check a project folder (backend/, frontend/, optional openapi.json). Exit 0 with no error, 1 with errors, 3 when --level run/full cannot run code here (no sandbox, or the app's packages cannot be installed).",
    )
    parser.add_argument("path", help="the project folder")
    parser.add_argument(
        "--level",
        choices=LEVELS,
        default="static",
        help="static: read code; run: + import the app and run its tests; full: + npm run build",
    )
    parser.add_argument(
        "--json", action="store_true", help="one JSON Diagnostic per line, then a summary line"
    )
    ns = parser.parse_args(argv)
    if ns.level != "static":
        from pipeline.sandbox import sandbox_status

        status = sandbox_status()
        if not status.can_run:
            console.print(
                f"[red]Not checked:[/] --level {ns.level} runs the project's code, and there is no working "
                f"sandbox here: {status.reason}. Use --level static, or fix the sandbox."
            )
            return 3
        if not status.available:
            console.print(
                "[bold red]Running this project's code WITHOUT a sandbox[/] (PIPELINE_UNSANDBOXED=1): "
                f"{status.reason}"
            )
    design, backend, frontend = load_project(Path(ns.path))
    started = time.perf_counter()
    diagnostics = validate(design, backend, frontend, ns.level)
    elapsed = time.perf_counter() - started
    errors = sum(1 for d in diagnostics if d.severity == "error")
    # the app's code could not run for want of its packages: nothing was proven, as with no sandbox
    cannot_run = any(d.check == ENV_CHECK and d.severity == "error" for d in diagnostics)
    if ns.json:
        for d in diagnostics:
            console.file.write(d.model_dump_json() + "\n")
        console.file.write(
            json.dumps(
                {
                    "event": "summary",
                    "errors": errors,
                    "warnings": len(diagnostics) - errors,
                    "level": ns.level,
                    "seconds": round(elapsed, 2),
                }
            )
            + "\n"
        )
        return 3 if cannot_run else 1 if errors else 0
    if diagnostics:
        table = Table(title=f"{ns.path}: {errors} error(s), {len(diagnostics) - errors} other finding(s)")
        for column in ("severity", "file", "line", "check", "message"):
            table.add_column(column, overflow="fold")
        for d in diagnostics:
            table.add_row(d.severity, d.file, str(d.line or ""), d.check, d.message)
        console.print(table)
    else:
        console.print(f"{ns.path}: no findings at level {ns.level} ({elapsed:.1f}s).")
    if not design.contract:
        console.print("No openapi.json: the contract checks were skipped.")
    if cannot_run:
        console.print(
            "[red]Not proven:[/] the app's packages could not be installed, so its code did not run."
        )
        return 3
    return 1 if errors else 0
