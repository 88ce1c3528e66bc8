"""``runs`` and ``trace``: the run store, read back."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console

from pipeline.cli.parsing import Parser
from pipeline.settings import Settings
from pipeline.tracing.render import render_trace, runs_table
from pipeline.tracing.store import RunStore, live_status


def runs_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(prog="python -m pipeline runs", description="List recorded runs, newest first.")
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args(argv)
    records = RunStore(Settings().data_dir).list()
    if ns.json:
        for r in records:
            console.file.write(
                json.dumps({**r.__dict__, "status": live_status(r), "duration_s": r.duration_s}, default=str)
                + "\n"
            )
        return 0
    if not records:
        console.print('No runs yet. Start one with python -m pipeline "build a todo app".')
        return 0
    console.print(runs_table(records))
    return 0


def trace_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(
        prog="python -m pipeline trace",
        description="Show what a run did: agents, calls, retries, fallbacks, fix rounds.",
    )
    parser.add_argument("run_id")
    parser.add_argument(
        "--json", action="store_true", help="the run record, then every event, one JSON object per line"
    )
    ns = parser.parse_args(argv)
    store = RunStore(Settings().data_dir)
    record = store.load(ns.run_id)
    events = store.events(ns.run_id)
    if ns.json:
        console.file.write(
            json.dumps({"event": "run", **record.__dict__, "status": live_status(record)}, default=str) + "\n"
        )
        for event in events:
            console.file.write(json.dumps(event, default=str) + "\n")
        return 0
    console.print(render_trace(record, events))
    return 0
