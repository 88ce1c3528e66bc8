"""``python -m pipeline``: argument parsing and rich output, nothing else.

The command table (``table.py``) names every sub-command; each lives in its own module here.
Exit codes: 0 success, 1 failure, 2 bad usage or input, 3 a check that cannot run here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console

from pipeline.cli.table import COMMANDS, GENERATE
from pipeline.errors import PipelineError

__all__ = ["main"]


def main(
    argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    console = Console(file=out, highlight=False, soft_wrap=True)
    err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    try:
        command = COMMANDS.get(args[0]) if args else None
        if command is not None:
            return command.load()(args[1:], console, stdin or sys.stdin)
        return GENERATE.load()(args, console, stdin or sys.stdin)
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
