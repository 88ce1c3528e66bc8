"""Nothing is lost quietly: an operation ARCH declared that cannot be built is a ``dropped`` event
and entry, and the run that lacks it is ``partial``."""

from __future__ import annotations

import json
from typing import Any

from pipeline.agents.arch import DesignNotes, parse_design
from pipeline.agents.lost_edits import UNDESIGNED_EDIT
from pipeline.artifacts import Dropped, Plan, RunSummary
from pipeline.graph.nodes.summary import left_out_section
from tests.agents.custom_apps import POMODORO
from tests.scripted import ScriptedChat, run_scripted

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
    final, events = await run_scripted(POMODORO["request"], chats)
    summary = final["summary"]
    assert summary.status == "partial"  # no BACKEND model: the two good operations go back too
    assert summary.dropped[0].cause == "not_built"
    assert summary.dropped[0].text.startswith("operation not built: echo_session")
    dropped = [(e["stage"], e["reason"]) for e in events if e["event"] == "dropped"]
    assert dropped[0] == ("design", summary.dropped[0].text)
    assert [reason for _, reason in dropped] == [d.text for d in summary.dropped]  # each is an event too


def _lost_edit(search: str) -> str:
    return f"""<edit path="frontend/src/App.jsx">
<<<<<<< SEARCH
{search}
=======
{search.replace("<p", '<p className="lead"')}
>>>>>>> REPLACE
</edit>
"""


async def _run_with_lost_edit(search: str, retry: str | None = None) -> tuple[Any, list[dict[str, Any]]]:
    """The UI's model writes the pomodoro's view, plus an edit whose SEARCH text is not in the
    file, and sends it back unchanged when shown the closest lines (or answers ``retry``)."""
    lost = _lost_edit(search)
    chats = {
        "core": ScriptedChat().enqueue(POMODORO["core"]),
        "arch": ScriptedChat().enqueue(POMODORO["arch"]),
        "backend": ScriptedChat().enqueue(POMODORO["backend"]),
        "uix": ScriptedChat().enqueue(POMODORO["uix"] + lost, lost if retry is None else retry),
    }
    final, events = await run_scripted(POMODORO["request"], chats, validate_level="static")
    assert len(chats["uix"].seen) == 2  # the edit was retried once with the closest lines
    return final["summary"], events


async def test_an_edit_of_an_operation_that_never_applies_is_dropped_and_the_run_partial() -> None:
    summary, events = await _run_with_lost_edit("<StatsPanel load={sessionStats} />")
    assert summary.status == "partial" and not [d for d in summary.diagnostics if d.severity == "error"]
    assert len(summary.dropped) == 1
    assert summary.dropped[0].cause == "lost_edit"
    entry = summary.dropped[0].text
    assert entry.startswith("an edit for operation session_stats was not applied: frontend/src/App.jsx: ")
    assert "SEARCH text is not in the file" in entry
    assert [(e["stage"], e["agent"], e["reason"]) for e in events if e["event"] == "dropped"] == [
        ("edit", "uix", entry)
    ]


async def test_a_lost_edit_no_operation_needs_is_listed_but_the_design_still_works() -> None:
    summary, events = await _run_with_lost_edit("<p>Welcome back</p>")
    assert summary.status == "succeeded"
    assert [d.text for d in summary.dropped] == [
        e["reason"] for e in events if e["event"] == "dropped" and e["stage"] == "edit"
    ]
    assert summary.dropped[0].cause == "undesigned_edit"
    assert summary.dropped[0].text.startswith(UNDESIGNED_EDIT + "frontend/src/App.jsx: ")


async def test_a_retry_answered_with_no_change_loses_the_edit_as_surely() -> None:
    summary, events = await _run_with_lost_edit("<StatsPanel load={sessionStats} />", retry="<no-changes/>")
    assert summary.status == "partial"
    assert [e["reason"] for e in events if e["event"] == "dropped"] == [d.text for d in summary.dropped]
    assert len(summary.dropped) == 1 and "session_stats" in summary.dropped[0].text


def test_the_readme_names_a_lost_edit_of_an_operation_and_not_one_the_design_did_not_need() -> None:
    needed = Dropped(
        cause="lost_edit",
        text="an edit for operation session_stats was not applied: frontend/src/App.jsx: its SEARCH text …",
    )
    undesigned = Dropped(cause="undesigned_edit", text=UNDESIGNED_EDIT + "frontend/src/App.jsx: …")
    section = left_out_section([undesigned, needed])
    assert section.count("\n- ") == 1 and "session\\_stats" in section
    assert left_out_section([undesigned]) == ""


def test_a_side_back_at_its_last_passing_version_is_partial_only_when_the_design_needed_its_code() -> None:
    from pipeline.agents.arch import parse_design
    from pipeline.artifacts import Plan
    from pipeline.graph.nodes.summary import outcome
    from pipeline.templates import extract_spec
    from pipeline.templates.contract import build_design

    reverted = [
        Dropped(
            cause="back_to_passing",
            text="frontend changes after its last passing version (frontend/src/App.jsx: parse error)",
        )
    ]
    crud_only = build_design(extract_spec("build a todo app"))
    assert all(op.scaffold for op in crud_only.custom_operations)
    # the scaffold serves every operation of a plain CRUD design: nothing designed was lost
    assert outcome({"design": crud_only, "dropped": reverted}) == "succeeded"  # type: ignore[typeddict-item]
    plan = Plan.model_validate_json(POMODORO["core"])
    custom = parse_design(POMODORO["arch"], plan)
    assert any(not op.scaffold for op in custom.custom_operations)
    # a design with operations the models wrote: their views may be what went back
    assert outcome({"design": custom, "dropped": reverted}) == "partial"  # type: ignore[typeddict-item]
    gone = Dropped(cause="left_out", text="custom operation GET /x (x): gone")
    assert outcome({"design": crud_only, "dropped": [gone]}) == "partial"  # type: ignore[typeddict-item]
    # the cause decides, not the words: the same words with another cause decide otherwise
    worded_as_revert = Dropped(cause="left_out", text=reverted[0].text)
    assert outcome({"design": crud_only, "dropped": [worded_as_revert]}) == "partial"  # type: ignore[typeddict-item]


def test_a_summary_or_checkpoint_written_before_causes_were_kept_still_loads() -> None:
    from pipeline.graph.nodes.summary import outcome
    from pipeline.templates import extract_spec
    from pipeline.templates.contract import build_design
    from pipeline.tracing.checkpoints import SERDE

    older = [
        UNDESIGNED_EDIT + "frontend/src/App.jsx: its SEARCH text …",
        "frontend changes after its last passing version (frontend/src/App.jsx: parse error)",
        "not understood offline: 'a chess board'",
        "operation not built: echo_session: no such method",
        "an edit for operation session_stats was not applied: frontend/src/App.jsx: …",
        "custom operation GET /x (x): gone",
    ]
    loaded = RunSummary.model_validate_json(json.dumps({"run_id": "r1", "prompt": "p", "dropped": older}))
    assert [(d.cause, d.text) for d in loaded.dropped] == list(
        zip(
            ["undesigned_edit", "back_to_passing", "not_understood", "not_built", "lost_edit", "left_out"],
            older,
            strict=True,
        )
    )
    # written now, each keeps its cause; read back, the same
    again = RunSummary.model_validate_json(loaded.model_dump_json())
    assert again.dropped == loaded.dropped and json.loads(loaded.model_dump_json())["dropped"][0] == {
        "cause": "undesigned_edit",
        "text": older[0],
    }
    # the graph's state through a checkpoint, and a checkpoint's plain words from before
    assert SERDE.loads_typed(SERDE.dumps_typed(loaded.dropped)) == loaded.dropped
    crud_only = build_design(extract_spec("build a todo app"))
    assert outcome({"design": crud_only, "dropped": older[:2]}) == "succeeded"  # type: ignore[typeddict-item]


def test_the_readme_lists_a_left_out_operation_by_the_name_its_entry_carries() -> None:
    from pipeline.tracing.checkpoints import SERDE

    named = Dropped(
        cause="left_out",
        text="custom operation GET /api/dice/roll (roll_dice): backend/app/routes/operations.py: boom",
        route="GET /api/dice/roll",
        operation_id="roll_dice",
    )
    assert "- `GET /api/dice/roll` (roll_dice): it kept failing its checks" in left_out_section([named])
    # the fields decide, not the words: words that name another route do not change the line
    reworded = named.model_copy(update={"text": "custom operation POST /elsewhere (other): boom"})
    assert "`GET /api/dice/roll` (roll_dice)" in left_out_section([reworded])
    # written with its name, read back with it; an entry that names nothing is written as before
    assert Dropped.model_validate_json(named.model_dump_json()) == named
    assert SERDE.loads_typed(SERDE.dumps_typed([named])) == [named]  # through a checkpoint too
    assert json.loads(Dropped(cause="left_out", text="backend changes: x").model_dump_json()) == {
        "cause": "left_out",
        "text": "backend changes: x",
    }


def test_an_entry_written_before_entries_named_their_operation_still_lists_it() -> None:
    older_words = "custom operation GET /api/dice/roll (roll_dice): boom"
    older_prefix = "custom operation left out of the design: DELETE /api/dice/{id} (clear_roll): boom"
    for entry in (older_words, {"cause": "left_out", "text": older_words}):
        section = left_out_section([Dropped.model_validate(entry)])
        assert "- `GET /api/dice/roll` (roll_dice): it kept failing its checks" in section
    assert "`DELETE /api/dice/{id}` (clear_roll)" in left_out_section([Dropped.model_validate(older_prefix)])
    # other entries stay in words, Markdown-escaped
    crud = Dropped(cause="left_out", text="roll changes: back to the scaffold CRUD")
    assert "- roll changes: back to the scaffold CRUD" in left_out_section([crud])
