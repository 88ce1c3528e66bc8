"""Parsing the command line: the parser every command uses, the generation's options, the request.

Errors in arguments are input errors: one line and exit 2, like every other bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.errors import InputError, PromptError

if TYPE_CHECKING:
    from pipeline.request import RunOptions, RunRequest
    from pipeline.settings import Settings


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line and exit 2, as for every input error
        raise InputError(message, hint="see --help")


EPILOG = """\
{cmd}examples:
  python -m pipeline "build a todo app"
  python -m pipeline "expense tracker with categories and monthly totals" --out ./expenses
  echo "a library system to track books, members and loans" | python -m pipeline - --json

With no API keys every agent uses the offline templates; that is not an error. Keys are read
from GEMINI_API_KEY, GROQ_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY (and _2 … _N, or _KEYS=a,b,c).
Settings: PIPELINE_* environment variables or .env (see README).
exit codes: 0 success, 1 failure, 2 bad usage or input, 3 a check that cannot run here (no sandbox).
"""


def _epilog() -> str:
    from pipeline.cli.table import COMMANDS

    others = "".join(f"  python -m pipeline {c.usage}\n" for c in COMMANDS.values())
    return EPILOG.format(cmd=f"other commands:\n{others}\n" if others else "")


def generation_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
    run_options(parser)
    return parser


def read_prompt(ns: argparse.Namespace, stdin: TextIO) -> str:
    if ns.prompt_file:
        if ns.prompt:
            raise PromptError("give the request either as an argument or with --prompt-file, not both")
        try:
            with open(ns.prompt_file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise PromptError(f"cannot read --prompt-file {ns.prompt_file}: {exc.strerror}") from exc
        return decode(data)
    if ns.prompt == "-":
        buffer = getattr(stdin, "buffer", None)
        return decode(buffer.read()) if buffer is not None else stdin.read()
    if ns.prompt is None:
        raise PromptError(
            "no request given", hint='say what to build, e.g. python -m pipeline "build a todo app"'
        )
    return str(ns.prompt)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PromptError(
            f"the request is not valid UTF-8 (byte {exc.start})", hint="save it as UTF-8"
        ) from exc


def options_from(ns: argparse.Namespace) -> RunOptions:
    """The options every run takes, as the command line gave them."""
    from pipeline.request import RunOptions

    return RunOptions(
        level=ns.level,
        offline=ns.offline,
        no_cache=ns.no_cache,
        review=ns.review,
        max_fix_rounds=ns.max_fix_rounds,
        max_tokens=ns.max_tokens,
        max_cost_usd=ns.max_cost,
    )


def generation_request(ns: argparse.Namespace, stdin: TextIO) -> tuple[RunRequest, Settings]:
    """``python -m pipeline "..."``'s request, checked here before any progress is drawn, and
    the run's settings."""
    from pipeline.request import RunRequest, run_settings

    prompt = read_prompt(ns, stdin)
    options = options_from(ns)
    settings = run_settings(options)
    request = RunRequest.build(
        prompt,
        max_chars=settings.max_prompt_chars,
        options=options,
        out=ns.out,
        out_root=None if ns.out else settings.out_dir,
        force=ns.force,
    )
    return request, settings


def edit_request(ns: argparse.Namespace, stdin: TextIO) -> tuple[RunRequest, Settings]:
    """``python -m pipeline edit DIR "..."``'s request (checked here) and the run's settings."""
    from pipeline.request import EditBase, RunRequest, run_settings

    options = options_from(ns)
    settings = run_settings(options)
    change = decode(stdin.buffer.read()) if ns.change == "-" else str(ns.change)
    request = RunRequest.build(
        change,
        max_chars=settings.max_prompt_chars,
        options=options,
        base=EditBase(project=Path(ns.project)),
        dry_run=ns.dry_run,
    )
    return request, settings


def run_options(parser: argparse.ArgumentParser) -> None:
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
