"""Review at a terminal: the plan shown as a table, then approve, reject, or edit the JSON in
``$EDITOR`` (here a real editor command that rewrites the file)."""

from __future__ import annotations

import asyncio
import io
import sys
from pathlib import Path

import pytest
from rich.console import Console

from pipeline.cli.reviewing import TerminalReviewer
from pipeline.templates import extract_spec

PAUSE = {"event": "review", "stage": "plan", "plan": extract_spec("build a todo app").model_dump(mode="json")}


def ask(answers: str) -> tuple[dict[str, object], str]:
    shown = io.StringIO()
    reviewer = TerminalReviewer(Console(file=shown, width=100), io.StringIO(answers))
    return asyncio.run(reviewer(PAUSE)), shown.getvalue()


def test_the_plan_is_shown_and_approve_or_reject_is_asked() -> None:
    answer, shown = ask("a\n")
    assert answer == {"action": "approve"}
    assert "Plan: Todo List" in shown and "title: string*" in shown and "approve" in shown
    assert ask("r\n")[0] == {"action": "reject"}
    assert ask("")[0] == {"action": "reject"}  # end of input: nothing is written


def test_edit_opens_the_editor_on_the_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import json, sys\n"
        "plan = json.load(open(sys.argv[1]))\n"
        "plan['app_name'] = 'My Todos'\n"
        "json.dump(plan, open(sys.argv[1], 'w'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    answer, _ = ask("e\n")
    assert answer["action"] == "edit"
    assert answer["plan"]["app_name"] == "My Todos"  # type: ignore[index]
    broken = tmp_path / "broken.py"
    broken.write_text("import sys\nopen(sys.argv[1], 'w').write('{not json')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {broken}")
    answer, shown = ask("e\nr\n")  # a broken edit is said so, and asked again
    assert answer == {"action": "reject"} and "not valid JSON" in shown
