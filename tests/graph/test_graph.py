"""The graph end to end: offline runs, sync and async, embedded, and the DEBUG fix loop."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

import pytest
from langgraph.graph import END, START, StateGraph

from pipeline import PipelineContext, RunSummary, Settings, build_graph, generate
from pipeline.agents.parsing import ParseError
from pipeline.graph.build import route_after_debug
from pipeline.templates import build_design, extract_spec, render_backend
from tests.conftest import project_tree
from tests.scripted import ScriptedChat, ScriptedModels

AGENT_ORDER = ["core", "arch", "backend", "uix", "debug"]


def test_invoke_offline_runs_every_agent_on_templates() -> None:
    result = build_graph().invoke({"prompt": "build a todo app"})
    summary: RunSummary = result["summary"]
    assert summary.app_name == "Todo List"
    assert sorted(r.agent for r in summary.agents) == sorted(AGENT_ORDER)
    for report in summary.agents:
        assert report.provider == ("rules" if report.agent == "debug" else "template")
        if report.agent != "debug":
            assert "no keys configured" in report.fallback_reason
    assert summary.output_dir is None  # nothing written without an output folder
    assert "backend/app/main.py" in result["backend_files"].files
    assert "frontend/src/App.jsx" in result["frontend_files"].files
    assert [d for d in summary.diagnostics if d.severity == "error"] == []


async def test_ainvoke_gives_the_same_project() -> None:
    sync = build_graph().invoke({"prompt": "a library system to track books, members and loans"})
    result = await build_graph().ainvoke({"prompt": "a library system to track books, members and loans"})
    assert result["backend_files"].files == sync["backend_files"].files
    assert result["frontend_files"].files == sync["frontend_files"].files
    assert [e.name for e in result["plan"].entities] == ["book", "member", "loan"]


def test_embedded_as_a_subgraph_node_of_a_parent_graph() -> None:
    class Parent(TypedDict, total=False):
        prompt: str
        summary: RunSummary
        announced: str

    def announce(state: Parent) -> dict[str, Any]:
        return {"announced": f"{state['summary'].app_name}: {len(state['summary'].files_written)} files"}

    parent = StateGraph(Parent)
    parent.add_node("pipeline", build_graph())
    parent.add_node("announce", announce)
    parent.add_edge(START, "pipeline")
    parent.add_edge("pipeline", "announce")
    parent.add_edge("announce", END)
    out = parent.compile().invoke({"prompt": "expense tracker with categories and monthly totals"})
    assert out["summary"].app_name == "Expense Tracker"
    assert out["announced"].startswith("Expense Tracker: ")
    assert int(out["announced"].split(": ")[1].split()[0]) > 20


def test_generate_writes_the_project(tmp_path: Path) -> None:
    summary = generate("build a todo app", out=tmp_path / "todo")
    assert summary.output_dir == str(tmp_path / "todo")
    assert (tmp_path / "todo" / "backend" / "app" / "main.py").is_file()
    assert (tmp_path / "todo" / "frontend" / "package.json").is_file()
    assert (tmp_path / "todo" / "README.md").read_text().startswith("# Todo List")
    assert set(summary.files_written) == set(project_tree(tmp_path / "todo"))


def test_route_after_debug() -> None:
    assert route_after_debug({"fix_targets": []}) == ["write"]
    assert route_after_debug({"fix_targets": ["uix"]}) == ["uix"]
    assert route_after_debug({"fix_targets": ["backend", "uix"]}) == ["backend", "uix"]


def _llm_settings() -> Settings:
    chains = {f"agent_{a}": f"local:{a}" for a in AGENT_ORDER}
    return Settings(**chains)


BREAK_ROUTE = """I will switch the update route to PUT.
<edit path="backend/app/routes/todos.py">
<<<<<<< SEARCH
@router.patch(
=======
@router.put(
>>>>>>> REPLACE
</edit>
"""
FIX_ROUTE = (
    BREAK_ROUTE.replace("@router.patch(", "@@")
    .replace("@router.put(", "@router.patch(")
    .replace("@@", "@router.put(")
)
NO_OPERATIONS = '{"operations": []}'


async def test_debug_sends_a_fix_round_to_backend_only_and_the_loop_ends() -> None:
    prompt = "build a todo app"
    plan = extract_spec(prompt)
    core = ScriptedChat().enqueue("Here is the plan:\n```json\n" + plan.model_dump_json() + "\n```")
    arch = ScriptedChat().enqueue(NO_OPERATIONS)
    scaffold_route = render_backend(plan, build_design(plan)).files["backend/app/routes/todos.py"]
    backend = ScriptedChat().enqueue(BREAK_ROUTE, FIX_ROUTE)
    uix = ScriptedChat().enqueue("not a block at all", '{"files": "nope"}')  # UIX never answers usably
    models = ScriptedModels(core=core, arch=arch, backend=backend, uix=uix)
    events: list[dict[str, Any]] = []
    final: dict[str, Any] = {}
    graph = build_graph()
    context = PipelineContext(settings=_llm_settings(), models=models)
    async for mode, chunk in graph.astream(
        {"prompt": prompt}, context=context, stream_mode=["custom", "values"]
    ):
        if mode == "custom":
            events.append(chunk)
        else:
            final = chunk
    summary: RunSummary = final["summary"]
    by_agent = [(r.agent, r.provider, r.round) for r in summary.agents]
    assert ("core", "local", 0) in by_agent and ("arch", "local", 0) in by_agent
    assert ("uix", "template", 0) in by_agent  # two unusable answers → template
    assert ("backend", "local", 1) in by_agent  # the fix round went to BACKEND only
    assert not any(agent == "uix" and round_ == 1 for agent, _, round_ in by_agent)
    assert summary.fix_rounds == 1
    assert [d for d in summary.diagnostics if d.severity == "error"] == []
    rounds = [e for e in events if e["event"] == "validation"]
    assert [r["next"] for r in rounds] == [["backend"], []]
    assert len(backend.seen) == 2
    fix_prompt = backend.seen[1][-1].content
    assert "PATCH /api/todos/{}" in str(fix_prompt) and "backend/app/routes/todos.py" in str(fix_prompt)
    assert '<file path="backend/app/routes/todos.py">' in str(fix_prompt)  # the failing file, shown whole
    assert final["backend_files"].files["backend/app/routes/todos.py"] == scaffold_route
    assert len(uix.seen) == 2 and "could not be used" in str(uix.seen[1][-1].content)


async def test_a_loop_that_makes_no_progress_stops_and_ships_the_last_passing_version() -> None:
    prompt = "build a todo app"
    plan = extract_spec(prompt)
    backend = ScriptedChat().enqueue(
        BREAK_ROUTE, '<file path="backend/README.txt">\nunchanged\n</file>', BREAK_ROUTE
    )
    models = ScriptedModels(
        core=ScriptedChat().enqueue(plan.model_dump_json()),
        arch=ScriptedChat().enqueue(NO_OPERATIONS),
        backend=backend,
    )
    settings = _llm_settings().model_copy(update={"max_fix_rounds": 5})
    events: list[dict[str, Any]] = []
    final: dict[str, Any] = {}
    async for mode, chunk in build_graph().astream(
        {"prompt": prompt}, context=PipelineContext(settings=settings, models=models),
        stream_mode=["custom", "values"],
    ):  # fmt: skip
        if mode == "custom":
            events.append(chunk)
        else:
            final = chunk
    summary: RunSummary = final["summary"]
    assert summary.fix_rounds == 1  # round 1 changed nothing → stop, though 5 were allowed
    assert len(backend.seen) == 2
    # never ship broken: BACKEND never passed, so it went back to the scaffold, and the summary says so
    scaffold = render_backend(plan, build_design(plan)).files
    assert (
        final["backend_files"].files["backend/app/routes/todos.py"] == scaffold["backend/app/routes/todos.py"]
    )
    assert summary.dropped and "not implemented" in summary.dropped[0].text
    assert [d for d in summary.diagnostics if d.severity == "error"] == []
    # the trace keeps the errors
    found = [d["check"] for e in events if e["event"] == "validation" for d in e["diagnostics"]]
    assert "contract.missing-route" in found


def test_parse_error_messages_are_fed_back() -> None:
    from pipeline.agents.parsing import extract_json

    assert extract_json('Sure! ```json\n{"a": 1}\n```') == {"a": 1}
    assert extract_json('```json\n{"a": {"b": 2}}') == {"a": {"b": 2}}  # no closing fence
    assert extract_json('prose {"a": 1} more prose {"b": 2}') == {"a": 1}
    with pytest.raises(ParseError, match="cut off"):
        extract_json('{"files": {"a.py": "print(1)"')
    with pytest.raises(ParseError, match="empty"):
        extract_json("   ")
    with pytest.raises(ParseError, match="no JSON object"):
        extract_json("I cannot help with that.")


async def test_a_spent_token_budget_stops_further_llm_calls_with_a_clear_reason() -> None:
    prompt = "build a todo app"
    plan = extract_spec(prompt)
    core = ScriptedChat().enqueue(plan.model_dump_json())
    arch = ScriptedChat().enqueue(NO_OPERATIONS)
    settings = _llm_settings().model_copy(update={"max_tokens": 100})
    result = await build_graph().ainvoke(
        {"prompt": prompt},
        context=PipelineContext(settings=settings, models=ScriptedModels(core=core, arch=arch)),
    )
    reports = {r.agent: r for r in result["summary"].agents}
    assert (
        reports["core"].provider == "local" and reports["core"].tokens_in + reports["core"].tokens_out == 150
    )
    assert reports["arch"].provider == "template"
    assert "token budget of 100 spent" in reports["arch"].fallback_reason
    assert arch.seen == []  # never asked
