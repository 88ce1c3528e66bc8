"""Answering a review pause on the command line: a JSON line on standard input, or a person at a
terminal who approves, edits the JSON in ``$EDITOR``, or rejects."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import tempfile
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


class JsonReviewer:
    """With ``--json``: the ``review`` event is printed as a line; the answer is the next line of
    standard input. End of input rejects (nothing is written)."""

    def __init__(self, stdin: TextIO) -> None:
        self.stdin = stdin

    async def __call__(self, paused: dict[str, Any]) -> dict[str, Any]:
        line = await asyncio.to_thread(self.stdin.readline)
        if not line.strip():
            return {"action": "reject"}
        try:
            answer = json.loads(line)
        except json.JSONDecodeError as exc:
            return {"action": "invalid", "error": f"not JSON: {exc.msg}"}  # asked again, with the reason
        return answer if isinstance(answer, dict) else {"action": "invalid"}


class TerminalReviewer:
    """At a terminal: show the plan (entities, fields, features) or the design (operations), ask."""

    def __init__(self, console: Console, stdin: TextIO) -> None:
        self.console = console
        self.stdin = stdin
        self.live: Any = None
        """The progress display, paused while the person answers."""

    async def __call__(self, paused: dict[str, Any]) -> dict[str, Any]:
        if self.live is not None:
            self.live.stop()
        try:
            return await asyncio.to_thread(self._ask, paused)
        finally:
            if self.live is not None:
                self.live.start()

    def _ask(self, paused: dict[str, Any]) -> dict[str, Any]:
        stage = str(paused.get("stage"))
        self.console.print(show(paused))
        if paused.get("error"):
            self.console.print(f"[yellow]{paused['error']}[/]")
        while True:
            self.console.print(
                f"Review the {stage}: [bold]a[/]pprove, [bold]e[/]dit, [bold]r[/]eject? ", end=""
            )
            choice = self.stdin.readline().strip().lower()[:1]
            if choice in ("", "r"):
                return {"action": "reject"}
            if choice == "a":
                return {"action": "approve"}
            if choice == "e":
                edited = edit_in_editor(paused[stage])
                if edited is not None:
                    return {"action": "edit", stage: edited}
                self.console.print("[yellow]the edit was not valid JSON; try again[/]")


def edit_in_editor(value: Any) -> dict[str, Any] | None:
    """``value`` as JSON in ``$EDITOR`` (``vi`` without one); the edited JSON, or None."""
    with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(value, handle, indent=2, ensure_ascii=False)
        path = handle.name
    try:
        editor = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
        subprocess.run([*editor, path], check=False)
        with open(path, encoding="utf-8") as handle:
            edited = json.load(handle)
        return edited if isinstance(edited, dict) else None
    except (json.JSONDecodeError, OSError):
        return None
    finally:
        os.unlink(path)


def show(paused: dict[str, Any]) -> Table:
    """The plan's entities and fields, or the design's operations, as a table."""
    if paused.get("stage") == "plan":
        plan = paused["plan"]
        table = Table(
            title=f"Plan: {plan['app_name']} ({', '.join(plan.get('features', [])) or 'no extra features'})"
        )
        for column in ("entity", "fields"):
            table.add_column(column)
        for entity in plan["entities"]:
            fields = ", ".join(
                f"{f['name']}: {f['type']}{'*' if f.get('required') else ''}"
                + (f" → {f['references']}" if f.get("references") else "")
                + (f" ({'|'.join(f['choices'])})" if f.get("choices") else "")
                for f in entity["fields"]
            )
            table.add_row(entity["name"], fields)
        return table
    table = Table(title="Design: the API operations")
    for column in ("method", "path", "operation"):
        table.add_column(column)
    custom = {op["operation_id"] for op in paused["design"].get("custom_operations", [])}
    for op in paused["design"]["operations"]:
        table.add_row(
            op["method"],
            op["path"],
            op["operation_id"] + ("  (custom)" if op["operation_id"] in custom else ""),
        )
    return table
