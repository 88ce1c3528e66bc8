"""The command table: every sub-command once, with its usage line and where it lives.

A command is imported only when it runs, so ``--help`` and the light commands stay fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console

CommandFunction = Callable[[list[str], Console, TextIO], int]


@dataclass(frozen=True)
class Command:
    usage: str
    """The line ``--help`` shows."""
    module: str
    function: str

    def load(self) -> CommandFunction:
        found: CommandFunction = getattr(importlib.import_module(self.module), self.function)
        return found


COMMANDS: dict[str, Command] = {
    "serve": Command("serve [--host H] [--port P] [--workers N]   the HTTP service (the API only with PIPELINE_REDIS_URL)", "pipeline.cli.service", "serve_command"),
    "worker": Command("worker [--concurrency N]          job workers for the service (needs PIPELINE_REDIS_URL)", "pipeline.cli.service", "worker_command"),
    "run": Command("run DIR [--port N]                  serve a generated app (frontend built, API sandboxed) on one port", "pipeline.cli.run_app", "run_app_command"),
    "runs": Command("runs [--json]                       list recorded runs", "pipeline.cli.trace", "runs_command"),
    "trace": Command("trace RUN_ID [--json]               what a run did, as a tree", "pipeline.cli.trace", "trace_command"),
    "resume": Command("resume RUN_ID                       continue an interrupted run", "pipeline.cli.run", "resume_command"),
    "replay": Command("replay RUN_ID [--out DIR]           re-run from the recorded LLM answers", "pipeline.cli.run", "replay_command"),
    "check": Command("check PATH [--level L] [--json]    run DEBUG's checks on a project folder", "pipeline.cli.check", "check_command"),
    "edit": Command('edit DIR "change" [--dry-run] [--review] [--json]   change a generated app, keeping your edits', "pipeline.cli.run", "edit_command"),
    "keys": Command("keys [--json]                       key pool stats (keys shown by fingerprint)", "pipeline.cli.keys", "keys_command"),
    "models": Command("models [--check] [--json]          the model catalog; --check marks each chain link live", "pipeline.cli.models", "models_command"),
    "capacity": Command("capacity [--json] [--simulate --users N]   what your keys can serve in a day", "pipeline.cli.capacity", "capacity_command"),
    "prune": Command("prune [--dry-run] [--json]          remove expired anonymous projects; says what it freed", "pipeline.cli.prune", "prune_command"),
    "fake-llm": Command("fake-llm [--port N] [--latency S]   a loopback server speaking the providers' APIs", "pipeline.cli.service", "fake_llm_command"),
}  # fmt: skip
GENERATE = Command(
    '"REQUEST" [--out DIR] [--json] …   build an app (the default)', "pipeline.cli.run", "generate_command"
)
