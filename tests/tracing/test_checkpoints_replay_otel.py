"""Checkpoints on SQLite and PostgreSQL, failures that leave a run resumable, record and
replay, OpenTelemetry spans, and the same progress events for library users."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel

from pipeline import PipelineContext, Settings, build_graph
from pipeline.agents.types import FixedModels
from pipeline.graph.build import is_transient
from pipeline.providers.errors import ProviderUnavailable
from pipeline.runner import aresume, astream_run
from pipeline.settings import ChainLink
from pipeline.templates import build_design, extract_spec
from pipeline.tracing.checkpoints import open_checkpointer
from pipeline.tracing.otel import OtelExporter
from pipeline.tracing.replay import ReplayModels
from tests.conftest import project_tree
from tests.scripted import ScriptedChat

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


class CountingModels(FixedModels):
    """core/arch answer from scripts; backend raises a non-transient bug until fixed."""

    def __init__(self, prompt: str) -> None:
        plan = extract_spec(prompt)
        self.core = ScriptedChat().enqueue(plan.model_dump_json())
        self.arch = ScriptedChat().enqueue(build_design(plan).model_dump_json())
        self.broken = True

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        if link.model == "core":
            return self.core
        if link.model == "arch":
            return self.arch
        if link.model == "backend" and self.broken:
            raise RuntimeError("a bug in a custom model source")
        raise ProviderUnavailable("not scripted", provider=link.provider)


def llm_settings(**extra: Any) -> Settings:
    return Settings(
        agent_core="local:core",
        agent_arch="local:arch",
        agent_backend="local:backend",
        agent_uix="template",
        agent_debug="template",
        **extra,
    )


async def collect(stream: Any) -> list[dict[str, Any]]:
    return [event async for event in stream]


@pytest.mark.parametrize("backend_store", ["sqlite", "postgres"])
async def test_a_non_transient_failure_leaves_a_resumable_run(backend_store: str, tmp_path: Path) -> None:
    settings = llm_settings(
        data_dir=tmp_path / "data", postgres_url=PG_URL if backend_store == "postgres" else None
    )
    prompt = "a library system to track books, members and loans"
    models = CountingModels(prompt)
    run_id = uuid.uuid4().hex[:12]
    async with open_checkpointer(settings) as saver:
        with pytest.raises(RuntimeError, match="a bug in a custom model source"):
            await collect(
                astream_run(prompt, settings=settings, models=models, checkpointer=saver, run_id=run_id)
            )
        state = await build_graph(checkpointer=saver).aget_state({"configurable": {"thread_id": run_id}})
        assert state.values["plan"].app_name == "Library"
        assert set(state.next) >= {"backend"}
        models.broken = False  # the bug is fixed; backend now falls back to its template
        events = await collect(aresume(run_id, checkpointer=saver, settings=settings, models=models))
    summary = events[-1]["summary"]
    assert summary.status == "succeeded"
    assert len(models.core.seen) == 1 and len(models.arch.seen) == 1  # not asked again
    assert {r.agent for r in summary.agents} >= {"core", "arch", "backend", "uix", "debug"}


def test_transient_errors_are_the_ones_retried() -> None:
    assert is_transient(OSError("disk hiccup")) and is_transient(TimeoutError())
    assert not is_transient(RuntimeError("bug")) and not is_transient(ProviderUnavailable("x"))


async def test_replay_reproduces_the_project_from_recorded_answers(tmp_path: Path) -> None:
    prompt = "expense tracker with categories and monthly totals"
    models = CountingModels(prompt)
    models.broken = False
    settings = llm_settings(data_dir=tmp_path / "d")
    events = await collect(astream_run(prompt, settings=settings, models=models, out=tmp_path / "first"))
    exchanges = [e for e in events if e["event"] == "exchange"]
    assert [e["agent"] for e in exchanges] == ["core", "arch"]
    assert exchanges[0]["messages"][0]["content"].startswith("You are CORE")
    replay = ReplayModels(exchanges)
    replayed = await collect(
        astream_run(prompt, settings=replay.settings(settings), models=replay, out=tmp_path / "second")
    )
    assert project_tree(tmp_path / "first") == project_tree(tmp_path / "second")
    assert {r.agent: r.provider for r in replayed[-1]["summary"].agents}["core"] == "local"
    assert all(not m._answers for m in replay.models.values())  # every recorded answer was used


async def test_otel_spans_carry_the_genai_attributes() -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    prompt = "build a todo app"
    models = CountingModels(prompt)
    models.broken = False
    otel = OtelExporter(provider.get_tracer("test"), run_id="r1", prompt=prompt)
    async for event in astream_run(prompt, settings=llm_settings(), models=models):
        if event["event"] != "summary":
            otel(event)
    otel.close()
    spans = {s.name: s for s in exporter.get_finished_spans()}
    assert {"pipeline run", "agent core", "agent arch", "agent backend", "agent uix", "agent debug"} <= set(
        spans
    )
    chat = next(s for s in exporter.get_finished_spans() if s.name.startswith("chat "))
    assert chat.attributes["gen_ai.system"] == "local"
    assert chat.attributes["gen_ai.request.model"] == "core"
    assert chat.attributes["gen_ai.usage.input_tokens"] == 100
    assert chat.attributes["gen_ai.usage.output_tokens"] == 50
    assert chat.parent is not None and chat.parent.span_id == spans["agent core"].context.span_id
    assert spans["agent backend"].attributes["pipeline.provider"] == "template"


async def test_library_users_stream_the_same_progress_events_the_cli_shows() -> None:
    graph = build_graph()
    kinds: list[str] = []
    updates: list[str] = []
    async for mode, chunk in graph.astream(
        {"prompt": "build a todo app"}, context=PipelineContext(), stream_mode=["updates", "custom"]
    ):
        if mode == "custom":
            kinds.append(chunk["event"])
        else:
            updates.extend(chunk)
    assert kinds.count("agent_start") == 5 and kinds.count("agent_end") == 5
    assert "fallback" in kinds and "validation" in kinds
    assert updates[:5] == ["start", "core", "review_plan", "arch", "review_design"] and updates[-1] == "write"


RACE = """
import asyncio, sys
from pipeline.settings import Settings
from pipeline.tracing.checkpoints import open_checkpointer

async def one():
    async with open_checkpointer(Settings(postgres_url=sys.argv[1])):
        return "ok"

async def main():
    outcomes = await asyncio.gather(*(one() for _ in range(4)), return_exceptions=True)
    print([o if o == "ok" else type(o).__name__ for o in outcomes])

asyncio.run(main())
"""


def test_workers_starting_together_on_an_empty_database_all_get_a_checkpointer() -> None:
    import subprocess
    import sys

    import psycopg

    name = f"pipeline_race_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
        procs = [
            subprocess.Popen([sys.executable, "-c", RACE, url], stdout=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
        # without the setup lock, most of these fail on CREATE TABLE / CREATE TYPE races
        assert outputs == ["['ok', 'ok', 'ok', 'ok']"] * 3
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
