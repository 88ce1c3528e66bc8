"""``python -m pipeline``: argument parsing and rich output, nothing else.

Exit codes: 0 success, 1 failure, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table

from pipeline.errors import InputError, PipelineError, PromptError
from pipeline.names import AGENTS

if TYPE_CHECKING:
    from pipeline.artifacts import RunSummary
    from pipeline.settings import Settings
    from pipeline.tracing.session import Session
    from pipeline.tracing.store import RunRecord

SUBCOMMANDS = {
    "serve": "serve [--host H] [--port P] [--workers N]   the HTTP service (the API only with PIPELINE_REDIS_URL)",
    "worker": "worker [--concurrency N]          job workers for the service (needs PIPELINE_REDIS_URL)",
    "runs": "runs [--json]                       list recorded runs",
    "trace": "trace RUN_ID [--json]               what a run did, as a tree",
    "resume": "resume RUN_ID                       continue an interrupted run",
    "replay": "replay RUN_ID [--out DIR]           re-run from the recorded LLM answers",
    "check": "check PATH [--level L] [--json]    run DEBUG's checks on a project folder",
    "edit": 'edit DIR "change" [--dry-run] [--review] [--json]   change a generated app, keeping your edits',
    "keys": "keys [--json]                       key pool stats (keys shown by fingerprint)",
    "models": "models [--check] [--json]          the model catalog; --check marks each chain link live",
    "capacity": "capacity [--json] [--simulate --users N]   what your keys can serve in a day",
    "fake-llm": "fake-llm [--port N] [--latency S]   a loopback server speaking the providers' APIs",
}

EPILOG = """\
{cmd}examples:
  python -m pipeline "build a todo app"
  python -m pipeline "expense tracker with categories and monthly totals" --out ./expenses
  echo "a library system to track books, members and loans" | python -m pipeline - --json

With no API keys every agent uses the offline templates; that is not an error. Keys are read
from GEMINI_API_KEY, GROQ_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY (and _2 … _N, or _KEYS=a,b,c).
Settings: PIPELINE_* environment variables or .env (see README).
exit codes: 0 success, 1 failure, 2 bad usage or input.
"""


def _epilog() -> str:
    others = "".join(f"  python -m pipeline {usage}\n" for usage in SUBCOMMANDS.values())
    return EPILOG.format(cmd=f"other commands:\n{others}\n" if others else "")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line and exit 2, as for every input error
        raise InputError(message, hint="see --help")


def generation_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m pipeline",
        description="Turn a one-line request into a working FastAPI + React project.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "prompt", nargs="?", help='what to build, e.g. "build a todo app"; "-" reads it from standard input'
    )
    parser.add_argument("--prompt-file", metavar="FILE", help="read the request from a file")
    parser.add_argument(
        "--out", metavar="DIR", help="write the project here (default: ./out/<slug>, a fresh folder)"
    )
    parser.add_argument("--force", action="store_true", help="write into --out even if it is not empty")
    _run_options(parser)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    console = Console(file=out, highlight=False, soft_wrap=True)
    err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    try:
        if args and args[0] == "check":
            from pipeline.validate.cli import check_command

            return check_command(args[1:], console, _Parser)
        if args and args[0] == "keys":
            from pipeline.keypool.cli import keys_command

            return keys_command(args[1:], console, _Parser)
        if args and args[0] == "models":
            from pipeline.catalog.cli import models_command

            return models_command(args[1:], console, _Parser)
        if args and args[0] == "capacity":
            from pipeline.capacity.cli import capacity_command

            return capacity_command(args[1:], console, _Parser)
        if args and args[0] == "edit":
            return _edit(args[1:], stdin or sys.stdin, console)
        if args and args[0] == "resume":
            return _resume(args[1:], console)
        if args and args[0] == "replay":
            return _replay(args[1:], console)
        if args and args[0] in ("runs", "trace"):
            from pipeline.tracing.cli import runs_command, trace_command

            return (runs_command if args[0] == "runs" else trace_command)(args[1:], console, _Parser)
        if args and args[0] == "serve":
            return _serve(args[1:])
        if args and args[0] == "worker":
            return _worker(args[1:])
        if args and args[0] == "fake-llm":
            return _fake_llm(args[1:])
        return _generate(args, stdin or sys.stdin, console)
    except PipelineError as exc:
        err.print(f"[red]error:[/] {exc}", markup=True)
        return exc.exit_code
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/] {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for the traceback)"
        )
        return 1


def _serve(argv: list[str]) -> int:
    from pipeline.settings import Settings

    parser = _Parser(
        prog="python -m pipeline serve", description="Run the HTTP service (needs the `server` extra)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes; with more than one, set PIPELINE_REDIS_URL so they share state",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="proxies whose X-Forwarded-For is trusted (uvicorn's; default FORWARDED_ALLOW_IPS or 127.0.0.1)",
    )
    ns = parser.parse_args(argv)
    try:
        import uvicorn
    except ImportError as exc:
        raise InputError("the service needs FastAPI and uvicorn", hint="pip install -e '.[server]'") from exc
    if ns.workers > 1 and not Settings().redis_url:
        raise InputError(
            "several workers need shared state", hint="set PIPELINE_REDIS_URL=redis://127.0.0.1:6379/0"
        )
    uvicorn.run(
        "pipeline.server:app", host=ns.host, port=ns.port, workers=ns.workers, log_level="warning",
        proxy_headers=True, forwarded_allow_ips=ns.forwarded_allow_ips,
    )  # fmt: skip
    return 0


def _worker(argv: list[str]) -> int:
    from pipeline.settings import Settings

    parser = _Parser(
        prog="python -m pipeline worker",
        description="Run generation jobs from the service's queue (on any number of hosts).",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="jobs at once in this process")
    parser.add_argument(
        "--nice", type=int, default=10,
        help="CPU priority to lower by (default 10): on a host shared with the API, the API answers first",
    )  # fmt: skip
    ns = parser.parse_args(argv)
    if ns.concurrency < 1:
        raise InputError("--concurrency must be at least 1")
    settings = Settings()
    if not settings.redis_url:
        raise InputError(
            "workers take their jobs from Redis",
            hint="set PIPELINE_REDIS_URL=redis://127.0.0.1:6379/0 (without it, serve runs the jobs itself)",
        )
    try:
        from pipeline.server.queue import run_worker
    except ImportError as exc:
        raise InputError("workers need the `server` extra", hint="pip install -e '.[server]'") from exc
    import asyncio
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if ns.nice:
        os.nice(ns.nice)  # generation is batch work; people wait on the API
    asyncio.run(run_worker(settings, ns.concurrency))
    return 0


def _fake_llm(argv: list[str]) -> int:
    parser = _Parser(
        prog="python -m pipeline fake-llm",
        description="Serve the Gemini and OpenAI-compatible APIs on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="SECONDS", help="delay before every answer"
    )
    parser.add_argument(
        "--rpm", type=int, default=0, help="per-key requests per minute before 429s (0: no limit)"
    )
    ns = parser.parse_args(argv)
    import asyncio

    from pipeline.providers.fake_server import serve_forever

    asyncio.run(serve_forever(ns.host, ns.port, ns.latency, ns.rpm))
    return 0


def _read_prompt(ns: argparse.Namespace, stdin: TextIO) -> str:
    if ns.prompt_file:
        if ns.prompt:
            raise PromptError("give the request either as an argument or with --prompt-file, not both")
        try:
            with open(ns.prompt_file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise PromptError(f"cannot read --prompt-file {ns.prompt_file}: {exc.strerror}") from exc
        return _decode(data)
    if ns.prompt == "-":
        buffer = getattr(stdin, "buffer", None)
        return _decode(buffer.read()) if buffer is not None else stdin.read()
    if ns.prompt is None:
        raise PromptError(
            "no request given", hint='say what to build, e.g. python -m pipeline "build a todo app"'
        )
    return str(ns.prompt)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PromptError(
            f"the request is not valid UTF-8 (byte {exc.start})", hint="save it as UTF-8"
        ) from exc


def _settings_from(ns: argparse.Namespace) -> tuple[Settings, dict[str, Any]]:
    """The run's settings from the options every run takes; the overrides are recorded."""
    from pipeline.settings import Settings

    overrides: dict[str, Any] = {}
    if ns.max_fix_rounds is not None:
        overrides["max_fix_rounds"] = ns.max_fix_rounds
    if ns.max_tokens is not None:
        overrides["max_tokens"] = ns.max_tokens
    if ns.max_cost is not None:
        overrides["max_cost_usd"] = ns.max_cost
    if ns.level is not None:
        overrides["validate_level"] = ns.level
    if ns.no_cache:
        overrides["cache"] = False
    if ns.offline:
        overrides.update({f"agent_{a}": "template" for a in AGENTS})
    return Settings(**overrides), overrides


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print one JSON event per line; the last is the summary"
    )
    parser.add_argument("--max-fix-rounds", type=int, metavar="N", help="DEBUG's repair rounds (default 2)")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="token budget for LLM calls in this run")
    parser.add_argument(
        "--max-cost",
        type=float,
        metavar="USD",
        help="stop model calls once the run would cost more (PIPELINE_MAX_COST_USD); the templates finish it",
    )
    parser.add_argument(
        "--offline", action="store_true", help="use only the offline templates, even with keys"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="ask the models again even for inputs answered before"
    )
    parser.add_argument(
        "--level",
        choices=("static", "run", "full"),
        help="DEBUG's checks: static (default), run (+ import the app, run its tests), full (+ npm run build)",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="stop after the plan and after the design to approve, edit or reject",
    )


def _edit(args: list[str], stdin: TextIO, console: Console) -> int:
    parser = _Parser(
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
    _run_options(parser)
    ns = parser.parse_args(args)
    settings, overrides = _settings_from(ns)
    from pipeline.request import check_prompt
    from pipeline.runner import astream_run, edit_inputs
    from pipeline.tracing.store import RunRecord

    change = check_prompt(
        _decode(stdin.buffer.read()) if ns.change == "-" else ns.change, max_chars=settings.max_prompt_chars
    )
    extra = {**edit_inputs(ns.project, dry_run=ns.dry_run), "review": ns.review}
    record = RunRecord(
        run_id=uuid.uuid4().hex[:12],
        prompt=change,
        output_dir=ns.project,
        options={
            "settings": overrides,
            "out": ns.project,
            "force": True,
            "edit": True,
            "dry_run": ns.dry_run,
        },
    )

    def start(session: Session) -> AsyncIterator[dict[str, Any]]:
        return astream_run(
            change, out=ns.project, force=True, settings=settings, checkpointer=session.checkpointer,
            run_id=record.run_id, extra=extra, reviewer=reviewer,
        )  # fmt: skip

    reviewer = _reviewer(ns, stdin, console)
    code = _recorded(settings, record, console, ns.json, start, reviewer=reviewer)
    return code


def _generate(args: list[str], stdin: TextIO, console: Console) -> int:
    ns = generation_parser().parse_args(args)
    prompt = _read_prompt(ns, stdin)
    settings, overrides = _settings_from(ns)
    from pipeline.request import check_prompt
    from pipeline.runner import astream_run
    from pipeline.tracing.store import RunRecord
    from pipeline.writer import ensure_writable_dir

    # Refuse bad input before any progress is drawn.
    prompt = check_prompt(prompt, max_chars=settings.max_prompt_chars)
    if ns.out:
        ensure_writable_dir(Path(ns.out), force=ns.force)
    record = RunRecord(
        run_id=uuid.uuid4().hex[:12],
        prompt=prompt,
        output_dir=ns.out,
        options={"settings": overrides, "out": ns.out, "force": ns.force},
    )

    def start(session: Session) -> AsyncIterator[dict[str, Any]]:
        return astream_run(
            prompt,
            out=ns.out,
            force=ns.force,
            settings=settings,
            out_root=None if ns.out else settings.out_dir,
            checkpointer=session.checkpointer,
            run_id=record.run_id,
            extra={"review": ns.review},
            reviewer=reviewer,
        )

    reviewer = _reviewer(ns, stdin, console)
    return _recorded(settings, record, console, ns.json, start, reviewer=reviewer)


def _reviewer(ns: argparse.Namespace, stdin: TextIO, console: Console) -> Any:
    if not ns.review:
        return None
    from pipeline.reviewing import JsonReviewer, TerminalReviewer

    return JsonReviewer(stdin) if ns.json else TerminalReviewer(console, stdin)


def _resume(argv: list[str], console: Console) -> int:
    from pipeline.settings import Settings

    parser = _Parser(
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


def _replay(argv: list[str], console: Console) -> int:
    from pipeline.settings import Settings

    parser = _Parser(
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
            if sink is not None and event.get("event") != "summary":
                sink(event)
            if event.get("event") == "exchange":
                continue  # prompts and answers go to the run store only
            if event.get("event") == "summary":
                summary = event["summary"]
                if as_json:
                    console.file.write(
                        json.dumps({"event": "summary", **summary.model_dump(mode="json")}) + "\n"
                    )
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


class Progress:
    """Per-agent state folded from the run's events; pure, so it is easy to test."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {
            a: {"state": "waiting", "provider": "", "time": "", "tokens": ""} for a in AGENTS
        }
        self.started: dict[str, float] = {}

    def apply(self, event: dict[str, Any]) -> None:
        agent = event.get("agent")
        kind = event.get("event")
        if agent not in self.rows:
            return
        row = self.rows[agent]
        if kind == "agent_start":
            self.started[agent] = time.monotonic()
            row["state"] = "running" if not event.get("round") else f"fixing (round {event['round']})"
        elif kind == "provider_call":
            row["provider"] = f"{event['provider']}:{event['model']}"
        elif kind == "streaming":
            files = f", {event['files']} file(s)" if event.get("files") else ""
            row["state"] = f"receiving ({event['chars'] // 1000} kB{files})"
        elif kind == "continuation":
            row["state"] = "continuing a cut answer"
        elif kind == "agent_end":
            row["state"] = "done"
            row["provider"] = (
                event["provider"]
                if event["provider"] in ("template", "rules")
                else f"{event['provider']}:{event['model']}"
            )
            row["time"] = f"{event['latency_ms'] / 1000:.2f}s"
            row["tokens"] = str(event.get("tokens", 0))

    def table(self) -> Table:
        table = Table(title="pipeline", show_lines=False)
        for column in ("agent", "state", "provider", "time", "tokens"):
            table.add_column(column)
        for agent, row in self.rows.items():
            table.add_row(agent.upper(), row["state"], row["provider"], row["time"], row["tokens"])
        return table


def _note(provider: str, reason: str) -> str:
    """Short words for why an agent answered as it did."""
    parts = [p.strip() for p in reason.split(";") if p.strip()]
    no_keys = [p.split(":")[0] for p in parts if p.endswith("no keys configured")]
    others = [p for p in parts if not p.endswith("no keys configured")]
    words = ([f"no keys for {', '.join(no_keys)}"] if no_keys else []) + others
    if provider == "template":
        return "offline template" + (f": {'; '.join(words)}" if words else "")
    return ("fell back: " + "; ".join(words)) if words else ""


def print_summary(summary: RunSummary, console: Console) -> None:
    if summary.status == "rejected":
        console.print(f"Rejected: {'; '.join(summary.notes)}.", markup=False)
        return
    table = Table(title=f"{summary.app_name} — run {summary.run_id}")
    for column in ("agent", "provider", "model", "key", "tokens", "latency"):
        table.add_column(column)
    notes: list[str] = []
    for r in summary.agents:
        label = r.agent.upper() + (f" #{r.round}" if r.round else "")
        table.add_row(
            label,
            r.provider,
            r.model,
            r.key_fingerprint or "-",
            str(r.tokens_in + r.tokens_out),
            f"{r.latency_ms:.0f} ms",
        )
        if note := _note(r.provider, r.fallback_reason):
            notes.append(f"{label}: {note}")
    console.print(table)
    for note in notes:
        console.print(f"  {note}", markup=False)
    for event in summary.key_events:
        until = (
            f" until {time.strftime('%H:%M:%S', time.localtime(event['until']))}" if "until" in event else ""
        )
        console.print(
            f"  key {event['key']} ({event['provider']}): {event['to']}{until}: {event['reason']}",
            markup=False,
        )
    for item in summary.dropped:
        console.print(f"  [yellow]left out:[/] {item}", markup=True, highlight=False)
    for note in summary.notes:
        console.print(f"  {note}", markup=False)
    for path in summary.conflicts:
        console.print(
            f"  [red]conflict:[/] {path} (both changed the same lines: resolve the markers)",
            markup=True,
            highlight=False,
        )
    if summary.diff:
        console.print("Dry run: nothing was written. The change would be:")
        console.file.write(summary.diff)
    errors = [d for d in summary.diagnostics if d.severity == "error"]
    estimated = " (some estimated)" if any(r.tokens_estimated for r in summary.agents) else ""
    console.print(
        f"{summary.tokens:,} tokens in {sum(r.calls for r in summary.agents)} model call(s){estimated}."
    )
    console.print(
        f"{len(summary.files_written)} files written to [bold]{summary.output_dir}[/] in {summary.duration_s:.1f}s; "
        f"{summary.fix_rounds} fix round(s); {len(errors)} error(s) left; {summary.cache_hits} cache hit(s)."
    )
    console.print("Run it:")
    for command in summary.run_commands:
        console.print(f"  {command}", markup=False)
