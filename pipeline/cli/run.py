"""The commands that run the graph: a generation, an edit, a resume, a replay; each recorded
in the run store and shown live (``render``)."""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.live import Live

from pipeline.cli.parsing import Parser, edit_request, generation_parser, generation_request, run_options
from pipeline.cli.render import Progress, print_summary
from pipeline.events import destinations
from pipeline.validate.app_env import ENV_CHECK

if TYPE_CHECKING:
    from pipeline.artifacts import RunSummary
    from pipeline.request import RunRequest
    from pipeline.settings import Settings
    from pipeline.tracing.session import Session
    from pipeline.tracing.store import RunRecord


def edit_command(args: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(
        prog="python -m pipeline edit",
        description="Change a generated project. Files you changed by hand are merged three ways "
        "(your version, the version generated before, the new generation); lines both changed are "
        "left between conflict markers and listed, and the exit code is then 1.",
    )
    parser.add_argument("project", metavar="DIR", help="the folder of a project pipeline generated")
    parser.add_argument(
        "change", help='what to change, e.g. "add a priority to todos"; "-" reads it from standard input'
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show the diff of what would change; write nothing"
    )
    run_options(parser)
    ns = parser.parse_args(args)
    request, settings = edit_request(ns, stdin)
    return _run(request, settings, ns, stdin, console)


def generate_command(args: list[str], console: Console, stdin: TextIO) -> int:
    ns = generation_parser().parse_args(args)
    request, settings = generation_request(ns, stdin)  # bad input is refused before any progress
    return _run(request, settings, ns, stdin, console)


def _run(
    request: RunRequest, settings: Settings, ns: argparse.Namespace, stdin: TextIO, console: Console
) -> int:
    """A generation or an edit, recorded in the run store and shown live."""
    from pipeline.request import settings_overrides
    from pipeline.runner import astream_run
    from pipeline.tracing.store import RunRecord

    out = str(request.out) if request.out is not None else None
    options: dict[str, Any] = {
        "settings": settings_overrides(request.options),
        "out": out,
        "force": request.force,
    }
    if request.is_edit:
        options.update(edit=True, dry_run=request.dry_run)
    record = RunRecord(run_id=uuid.uuid4().hex[:12], prompt=request.prompt, output_dir=out, options=options)

    def start(session: Session) -> AsyncIterator[dict[str, Any]]:
        return astream_run(
            request,
            settings=settings,
            checkpointer=session.checkpointer,
            run_id=record.run_id,
            reviewer=reviewer,
        )

    reviewer = _reviewer(ns, stdin, console)
    return _recorded(settings, record, console, ns.json, start, reviewer=reviewer)


def _reviewer(ns: argparse.Namespace, stdin: TextIO, console: Console) -> Any:
    if not ns.review:
        return None
    from pipeline.cli.reviewing import JsonReviewer, TerminalReviewer

    return JsonReviewer(stdin) if ns.json else TerminalReviewer(console, stdin)


def resume_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    from pipeline.settings import Settings

    parser = Parser(
        prog="python -m pipeline resume",
        description="Continue a run that was interrupted; finished agents are not asked again.",
    )
    parser.add_argument("run_id")
    parser.add_argument("--json", action="store_true", help="JSON events, one per line")
    ns = parser.parse_args(argv)
    from pipeline.runner import aresume
    from pipeline.tracing.store import RunStore

    base = Settings()
    record = RunStore(base.data_dir).load(ns.run_id)
    settings = Settings(**record.options.get("settings", {}))

    def start(session: Session) -> AsyncIterator[dict[str, Any]]:
        session.sink({"event": "resumed", "ts": round(time.time(), 3)})
        return aresume(record.run_id, checkpointer=session.checkpointer, settings=settings)

    return _recorded(settings, record, console, ns.json, start, new=False)


def replay_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    from pipeline.settings import Settings

    parser = Parser(
        prog="python -m pipeline replay",
        description="Re-run a recorded run from its recorded LLM answers, calling no provider.",
    )
    parser.add_argument("run_id")
    parser.add_argument(
        "--out", metavar="DIR", help="where to write the project (default: ./out/<slug>, a fresh folder)"
    )
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args(argv)
    from pipeline.runner import astream_run
    from pipeline.tracing.replay import ReplayModels
    from pipeline.tracing.store import RunRecord, RunStore

    base = Settings()
    original = RunStore(base.data_dir).load(ns.run_id)
    replay = ReplayModels(RunStore(base.data_dir).events(ns.run_id, stream="exchanges"))
    settings = replay.settings(Settings(**original.options.get("settings", {})))
    record = RunRecord(
        run_id=uuid.uuid4().hex[:12],
        prompt=original.prompt,
        output_dir=ns.out,
        options={"replay_of": original.run_id, "settings": original.options.get("settings", {})},
    )

    def start(session: Session) -> AsyncIterator[dict[str, Any]]:
        return astream_run(
            original.prompt,
            out=ns.out,
            force=ns.force,
            settings=settings,
            models=replay,
            out_root=None if ns.out else settings.out_dir,
            checkpointer=session.checkpointer,
            run_id=record.run_id,
        )

    return _recorded(settings, record, console, ns.json, start, note=f"replay of run {original.run_id}")


def _recorded(
    settings: Settings,
    record: RunRecord,
    console: Console,
    as_json: bool,
    start: Callable[[Session], AsyncIterator[dict[str, Any]]],
    *,
    new: bool = True,
    note: str = "",
    reviewer: Any = None,
) -> int:
    """Run ``start``'s stream as a recorded run (store, sink, checkpoints) and report it."""
    from pipeline._sync import run_sync
    from pipeline.tracing.session import recording

    async def run() -> RunSummary:
        async with recording(settings, record, new=new) as session:
            summary = await _consume(
                start(session), console, as_json=as_json, sink=session.sink, reviewer=reviewer
            )
            session.finish(summary)
            return summary

    summary = run_sync(run())
    if not as_json:
        if note:
            console.print(note)
        print_summary(summary, console)
    if summary.status == "rejected":
        return 0
    if any(d.check == ENV_CHECK and d.severity == "error" for d in summary.diagnostics):
        return 3  # the app's packages could not be installed: its code never ran, nothing was proven
    return 0 if summary.status == "succeeded" and not summary.conflicts else 1


async def _consume(
    stream: Any, console: Console, *, as_json: bool, sink: Any = None, reviewer: Any = None
) -> RunSummary:
    progress = Progress()
    summary: RunSummary | None = None
    live = None if as_json else Live(progress.table(), console=console, refresh_per_second=8, transient=False)
    if live:
        live.start()
    if reviewer is not None and hasattr(reviewer, "live"):
        reviewer.live = live
    try:
        async for event in stream:
            if sink is not None:
                sink(event)  # the sink keeps what the run store and the trace take
            if event.get("event") == "summary":
                summary = event["summary"]
                if as_json:
                    console.file.write(
                        json.dumps({"event": "summary", **summary.model_dump(mode="json")}) + "\n"
                    )
                continue
            if "live" not in destinations(event):
                continue
            if as_json:
                console.file.write(json.dumps(event, default=str) + "\n")
                console.file.flush()
            else:
                progress.apply(event)
                assert live is not None
                live.update(progress.table())
    finally:
        if live:
            live.update(progress.table())
            live.stop()
    assert summary is not None
    return summary
