"""The generated app, started as its owner would run it, asked over HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from pipeline import Settings
from pipeline.agents.types import ModelSource
from pipeline.artifacts import FileSet, RunSummary
from pipeline.preview import start_app
from pipeline.request import EditBase, RunRequest
from pipeline.runner import astream_run
from pipeline.validate.runtime import SANDBOX_CHECK, npm_build


@contextmanager
def running(project: Path) -> Iterator[httpx.Client]:
    """The project's backend in the sandbox on a fresh database, and a client for it."""
    app = start_app(project)
    try:
        transport = httpx.HTTPTransport(uds=str(app.socket))
        with httpx.Client(transport=transport, base_url="http://app", timeout=30) as client:
            yield client
    finally:
        app.stop()


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


def capable_settings(data: Path) -> Settings:
    """Every agent on its capable model (no fallback), and checks that run the app's tests."""
    return Settings(
        agent_core="local:core", agent_arch="local:arch", agent_backend="local:backend",
        agent_uix="local:uix", agent_debug="local:debug", validate_level="run", data_dir=data,
    )  # fmt: skip


async def run(
    prompt: str, out: Path, settings: Settings, models: ModelSource, *, change: bool = False
) -> tuple[RunSummary, list[dict[str, Any]]]:
    """A generation (or, with ``change``, an edit of ``out``) and every event it emitted."""
    if change:
        request = RunRequest.build(prompt, max_chars=settings.max_prompt_chars, base=EditBase(project=out))
    else:
        request = RunRequest.build(prompt, max_chars=settings.max_prompt_chars, out=out)
    events = [e async for e in astream_run(request, settings=settings, models=models)]
    summary = next(e["summary"] for e in events if e.get("event") == "summary")
    assert isinstance(summary, RunSummary)
    return summary, events


def unusable(events: list[dict[str, Any]]) -> list[str]:
    """What of the models' answers the run could not use: dropped edits and refused parts."""
    return [
        f"{e['event']} {e.get('agent')}: {e.get('reason') or e.get('reasons') or e.get('error') or e}"
        for e in events
        if e.get("event")
        in (
            "edit_dropped",
            "parse_error",
            "fallback",
            "dropped",
            "shortened",
            "scaffold_collision",
            "reverted",
        )
    ]


def readme_operations(out: Path) -> tuple[set[str], set[str]]:
    """(the operations the README's API table lists, the operations of the contract)."""
    contract = json.loads((out / "openapi.json").read_text())
    designed = {str(op.get("operationId")) for item in contract["paths"].values() for op in item.values()}
    rows = re.findall(r"^\| \w+ \| `[^`]+` \| ([\w\\]+) \|$", (out / "README.md").read_text(), re.MULTILINE)
    return {r.replace("\\_", "_") for r in rows}, designed  # Markdown escapes the underscores


def build_faults(out: Path) -> list[str]:
    """What stops the project's frontend from building (the sandbox missing counts too)."""
    files = {str(p.relative_to(out)): p.read_text() for p in (out / "frontend").rglob("*") if p.is_file()}
    built = npm_build(FileSet(files=files))
    return [f"{d.file}: {d.message}" for d in built if d.severity == "error" or d.check == SANDBOX_CHECK]
