"""The LLM path as a real model behaves: cut answers, chatter, fences, stale edits, retired models,
slow and stalled streams, missing usage, prompts too big for the model. All over loopback sockets
against the fake server speaking each provider's wire format."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline import agenerate
from pipeline.agents.briefs import CONTINUE
from pipeline.catalog import load_catalog
from pipeline.cli import main
from pipeline.cli import models as models_cli
from pipeline.providers import errors as e
from pipeline.testing.fake_llm import FakeLLMServer
from pipeline.testing.fake_llm.answers import fake_answer
from tests.providers.conftest import model_for
from tests.providers.test_runs import settings_for, use_keys

PROVIDERS_OF = {"core": "deepseek", "arch": "deepseek", "backend": "groq", "uix": "gemini"}


def calls_of(fake: FakeLLMServer, agent: str) -> list[dict[str, Any]]:
    return [c for c in fake.calls if c["agent"] == agent]


def last_user_text(request: dict[str, Any]) -> str:
    if "contents" in request:
        return "".join(p["text"] for p in request["contents"][-1]["parts"])
    return str(request["messages"][-1]["content"])


async def test_cut_answers_are_continued_from_where_they_stopped_never_asked_again(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for provider in ("gemini", "groq", "deepseek"):
        use_keys(monkeypatch, provider, "cut")
    summary = await agenerate("build a todo app", settings=settings_for(fake), out=tmp_path / "todo")
    reports = {r.agent: r for r in summary.agents}
    assert {a: reports[a].provider for a in PROVIDERS_OF} == PROVIDERS_OF
    assert all(reports[a].fallback_reason == "" for a in PROVIDERS_OF)
    for agent in ("core", "backend", "uix"):  # ARCH's answer is too short to be cut
        calls = calls_of(fake, agent)
        assert [c["finish"] for c in calls] == ["length", "stop"], agent
        assert reports[agent].continuations == 1 and reports[agent].calls == 2
        second = calls[1]["request"]
        assert last_user_text(second) == CONTINUE  # asked to go on, with its partial answer before it
    # the pieces were joined into the whole answer: the files BACKEND and UIX wrote are complete
    test_file = (tmp_path / "todo" / "backend" / "tests" / "test_empty_lists.py").read_text()
    compile(test_file, "test_empty_lists.py", "exec")
    assert "def test_todos_list_starts_empty" in test_file
    assert "Made with pipeline" in (tmp_path / "todo" / "frontend" / "src" / "App.jsx").read_text()
    assert summary.app_name == "Todo List"


async def test_chatter_and_fenced_json_are_still_served_by_each_agents_provider(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for provider in ("gemini", "groq", "deepseek"):
        use_keys(monkeypatch, provider, "chatter-fence")
    summary = await agenerate(
        "a library system to track books, members and loans",
        settings=settings_for(fake),
        out=tmp_path / "lib",
    )
    reports = {r.agent: r for r in summary.agents}
    assert {a: reports[a].provider for a in PROVIDERS_OF} == PROVIDERS_OF
    assert all(reports[a].fallback_reason == "" and reports[a].calls == 1 for a in PROVIDERS_OF)
    assert [p.name for p in (tmp_path / "lib" / "backend" / "tests").glob("test_empty_lists.py")]
    assert summary.app_name == "Library"


async def test_a_stale_search_block_is_sent_back_once_with_the_closest_lines(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for provider in ("gemini", "groq", "deepseek"):
        use_keys(monkeypatch, provider, "stale" if provider == "gemini" else "good")
    summary = await agenerate("build a todo app", settings=settings_for(fake), out=tmp_path / "todo")
    uix_calls = calls_of(fake, "uix")
    assert len(uix_calls) == 2
    retry = last_user_text(uix_calls[1]["request"])
    assert "did not match the files" in retry
    assert '<main className="content">' in retry  # the failed block itself
    assert "The closest lines now in frontend/src/App.jsx:" in retry and "<View key={active} />" in retry
    app = (tmp_path / "todo" / "frontend" / "src" / "App.jsx").read_text()
    assert app.count("<footer") == 1 and 'className="content"' not in app  # applied once, never loosely
    assert {r.agent: r.calls for r in summary.agents}["uix"] == 2


async def test_a_retired_model_is_asked_at_most_once_per_run_and_skipped_for_a_day(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = await FakeLLMServer(retired={"groq:old-model"}).start()
    try:
        use_keys(monkeypatch, "groq", "good")
        use_keys(monkeypatch, "deepseek", "good")
        # the catalog's own retired model comes first: it is never asked at all
        chain = "groq:llama-3.3-70b-versatile,groq:old-model,deepseek:deepseek-v4-flash"
        chains = {f"agent_{a}": chain for a in ("core", "arch", "backend", "uix", "debug")}
        settings = settings_for(fake, **chains)
        summary = await agenerate("build a notes app", settings=settings)
        asked = [c["model"] for c in fake.calls]
        assert asked.count("old-model") == 1 and "llama-3.3-70b-versatile" not in asked
        for report in summary.agents:
            if report.agent in PROVIDERS_OF:
                assert report.provider == "deepseek"
                assert "model retired" in report.fallback_reason
                assert (
                    "use groq:openai/gpt-oss-120b instead" in report.fallback_reason
                )  # the catalog's replacement
        first = next(r for r in summary.agents if r.agent == "core")
        assert "answered as gone" in first.fallback_reason
        # the next run (another process could be it: the note is in the usage store) skips it outright
        await agenerate("build a notes app", settings=settings.model_copy(update={"cache": False}))
        assert [c["model"] for c in fake.calls].count("old-model") == 1
    finally:
        await fake.stop()


async def test_openrouter_free_resolves_to_a_free_code_model_from_the_live_list(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keys(monkeypatch, "openrouter", "good")
    chains = {f"agent_{a}": "openrouter:free" for a in ("core", "arch", "backend", "uix", "debug")}
    summary = await agenerate("build a todo app", settings=settings_for(fake, **chains))
    models = {c["model"] for c in fake.calls}
    assert models == {"qwen/qwen3-coder:free"}
    assert {r.model for r in summary.agents if r.agent in PROVIDERS_OF} == {"qwen/qwen3-coder:free"}


def test_models_check_marks_each_link_available_missing_or_retired(
    fake_in_thread: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    class CatalogDay(date):  # judged on the catalog's own day, never the calendar's
        @classmethod
        def today(cls) -> CatalogDay:
            day = max(date.fromisoformat(row.checked) for row in load_catalog().rows())
            return cls(day.year, day.month, day.day)

    monkeypatch.setattr(models_cli, "date", CatalogDay)
    for provider, url in fake_in_thread.urls.items():
        monkeypatch.setenv(f"PIPELINE_{provider.upper()}_BASE_URL", url)
    for provider in ("gemini", "groq", "deepseek", "openrouter"):
        use_keys(monkeypatch, provider, "good")
    out = io.StringIO()
    assert main(["models", "--check", "--json"], stdout=out) == 0
    result = json.loads(out.getvalue())
    statuses = {row["link"]: row["status"] for rows in result["chains"].values() for row in rows}
    assert set(statuses.values()) == {"available"}
    assert result["live"]["groq"] >= 2 and any(m["model"] == "gemini-2.5-flash" for m in result["catalog"])
    monkeypatch.setenv(
        "PIPELINE_AGENT_BACKEND", "groq:made-up-model,groq:llama-3.3-70b-versatile,openrouter:free"
    )
    out = io.StringIO()
    assert main(["models", "--check", "--json"], stdout=out) == 1  # something to act on
    rows = {row["link"]: row for row in json.loads(out.getvalue())["chains"]["backend"]}
    assert rows["groq:made-up-model"]["status"] == "missing"
    assert rows["groq:llama-3.3-70b-versatile"]["status"] == "retired"
    assert "use groq:openai/gpt-oss-120b" in rows["groq:llama-3.3-70b-versatile"]["detail"]
    assert rows["openrouter:free"]["detail"] == "resolves to qwen/qwen3-coder:free"
    out = io.StringIO()
    assert main(["models"], stdout=out) == 1
    assert "gpt-oss-120b" in out.getvalue() and "retired" in out.getvalue()


PROMPT = [("system", "You are CORE, the planner."), ("human", "Request: build a todo app")]


async def test_a_slow_first_token_is_waited_for_and_never_taken_for_an_empty_answer(
    fake: FakeLLMServer,
) -> None:
    fake.latency = 0.6
    model = model_for(fake, "local")
    model.first_token_timeout_s = 5.0
    chunks = [c async for c in model.astream(PROMPT)]
    text = "".join(str(c.content) for c in chunks)
    assert json.loads(text)["slug"] == "todo-list"


async def test_no_first_token_in_time_is_a_provider_error(fake: FakeLLMServer) -> None:
    fake.latency = 2.0
    model = model_for(fake, "local")
    model.first_token_timeout_s = 0.3
    with pytest.raises(e.StreamStalled, match="no first token within"):
        _ = [c async for c in model.astream(PROMPT)]


@pytest.mark.parametrize("provider", ["groq", "gemini"])
async def test_a_stream_that_goes_quiet_or_drops_is_a_provider_error(
    fake: FakeLLMServer, provider: str
) -> None:
    quiet = model_for(fake, provider, "stall")
    quiet.idle_timeout_s = 0.3
    with pytest.raises(e.StreamStalled, match="went quiet"):
        _ = [c async for c in quiet.astream(PROMPT)]
    dropped = model_for(fake, provider, "drop")
    with pytest.raises(e.ProviderDown, match="ended before the answer did"):
        _ = [c async for c in dropped.astream(PROMPT)]


@pytest.mark.parametrize("stream", [True, False])
async def test_usage_a_server_does_not_report_is_estimated_and_marked(stream: bool) -> None:
    fake = await FakeLLMServer(report_usage=False).start()
    try:
        model = model_for(fake, "local")
        if stream:
            chunks = [c async for c in model.astream(PROMPT)]
            merged = chunks[0]
            for chunk in chunks[1:]:
                merged += chunk
            usage, meta = merged.usage_metadata, merged.response_metadata
        else:
            answer = await model.ainvoke(PROMPT)
            usage, meta = answer.usage_metadata, answer.response_metadata
        assert usage is not None and usage["input_tokens"] > 5 and usage["output_tokens"] > 100
        assert meta["usage_estimated"] is True
    finally:
        await fake.stop()


async def test_a_prompt_that_does_not_fit_the_model_is_not_sent(fake: FakeLLMServer) -> None:
    settings = settings_for(fake, agent_core="local:tiny", local_context=500)
    summary = await agenerate("build a todo app", settings=settings)
    core = next(r for r in summary.agents if r.agent == "core")
    assert core.provider == "template"
    assert "does not fit the model's context" in core.fallback_reason
    assert calls_of(fake, "core") == []


def test_the_fake_answers_in_the_protocol_the_agents_parse() -> None:
    from pipeline.agents.protocol import parse_code_answer

    user = "Entities:\n- todo (table todos): title (string, required)\n\nRoutes it already has (CRUD):\nGET /api/todos (list_todos)"
    answer = parse_code_answer(fake_answer("You are BACKEND.", user), prefix="backend/")
    assert list(answer.files) == ["backend/tests/test_empty_lists.py"]


async def test_cut_answers_chatter_and_a_retired_model_in_one_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The issue's check: first answers cut at the limit and wrapped in chatter, and a model the
    provider answers as gone at the head of every chain."""
    fake = await FakeLLMServer(retired={"groq:gone-model"}).start()
    try:
        for provider in ("gemini", "groq", "deepseek"):
            use_keys(monkeypatch, provider, "cut-chatter")
        own = {"core": "deepseek:deepseek-v4-flash", "arch": "deepseek:deepseek-v4-flash",
               "backend": "groq:openai/gpt-oss-120b", "uix": "gemini:gemini-3.5-flash", "debug": "groq:openai/gpt-oss-120b"}  # fmt: skip
        chains = {f"agent_{agent}": f"groq:gone-model,{link}" for agent, link in own.items()}
        summary = await agenerate(
            "build a todo app", settings=settings_for(fake, **chains), out=tmp_path / "t"
        )
        reports = {r.agent: r for r in summary.agents}
        assert {a: reports[a].provider for a in PROVIDERS_OF} == PROVIDERS_OF
        assert [c["model"] for c in fake.calls].count("gone-model") == 1
        for agent in ("core", "backend", "uix"):
            served = [c for c in calls_of(fake, agent) if c["model"] != "gone-model"]
            assert [c["finish"] for c in served] == ["length", "stop"], agent  # continued, not asked again
        assert "Made with pipeline" in (tmp_path / "t" / "frontend" / "src" / "App.jsx").read_text()
        assert [d for d in summary.diagnostics if d.severity == "error"] == []
    finally:
        await fake.stop()
