"""Nothing is lost quietly: an operation ARCH declared that cannot be built is a ``dropped`` event
and entry, and the run that lacks it is ``partial``."""

from __future__ import annotations

import json
from typing import Any

from pipeline import PipelineContext, Settings, build_graph
from pipeline.agents.arch import DesignNotes, parse_design
from pipeline.artifacts import Plan
from tests.agents.custom_apps import POMODORO
from tests.scripted import ScriptedChat, ScriptedModels

BROKEN = {"method": "trace", "path": "/api/pomodoro/echo", "operation_id": "echo_session", "summary": "Echo"}
WITH_BROKEN = json.dumps({"operations": [*json.loads(POMODORO["arch"])["operations"], BROKEN]})


def test_arch_says_which_operation_it_could_not_build_and_why() -> None:
    notes = DesignNotes()
    design = parse_design(WITH_BROKEN, Plan.model_validate_json(POMODORO["core"]), notes=notes)
    assert [op.operation_id for op in design.custom_operations] == ["start_session", "session_stats"]
    assert len(notes.refused) == 1 and "echo_session" in notes.refused[0]


async def test_an_operation_left_out_of_the_design_is_an_event_a_dropped_entry_and_a_partial_run() -> None:
    chats = {
        "core": ScriptedChat().enqueue(POMODORO["core"]),
        "arch": ScriptedChat().enqueue(WITH_BROKEN),
    }
    settings = Settings(**{f"agent_{a}": f"local:{a}" for a in chats})
    events: list[dict[str, Any]] = []
    final: dict[str, Any] = {}
    async for mode, chunk in build_graph().astream(
        {"prompt": POMODORO["request"]},
        context=PipelineContext(settings=settings, models=ScriptedModels(**chats)),
        stream_mode=["custom", "values"],
    ):
        if mode == "custom":
            events.append(chunk)
        else:
            final = chunk
    summary = final["summary"]
    assert summary.status == "partial"  # no BACKEND model: the two good operations go back too
    assert summary.dropped[0].startswith("operation not built: echo_session")
    dropped = [(e["stage"], e["reason"]) for e in events if e["event"] == "dropped"]
    assert dropped[0] == ("design", summary.dropped[0])
    assert [reason for _, reason in dropped] == summary.dropped  # every entry is an event too
