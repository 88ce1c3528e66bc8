"""What the LangGraph machinery costs a run, and whether BACKEND and UIX really run in parallel.

    python bench/graph.py [--runs 30]

Every agent's model answers at once (a zero-latency chat model with canned answers in the
answer protocol), so what is left is the pipeline: rendering, parsing, DEBUG's static checks and
the graph. Side by side: the compiled graph, the graph with the SQLite checkpointer (each step
saved before the next starts), and the same five steps called as plain asyncio functions. Then,
with 200 ms of model latency per call, wall time against the critical path (CORE, ARCH, then
BACKEND and UIX at once: three calls' latency).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import Settings, build_graph
from pipeline.agents import arch, core
from pipeline.agents.backend import BACKEND
from pipeline.agents.debug import review
from pipeline.agents.types import Budget, FixedModels, StepContext
from pipeline.agents.uix import UIX
from pipeline.graph.context import PipelineContext
from pipeline.settings import ChainLink
from pipeline.templates import extract_spec

PROMPT = "a library system to track books, members and loans"


class Instant(BaseChatModel):
    """A model that answers at once (or after ``latency`` seconds) with a canned answer."""

    answer: str
    latency: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "instant"

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:  # fmt: skip
        message = AIMessage(
            content=self.answer,
            usage_metadata={"input_tokens": 100, "output_tokens": 20, "total_tokens": 120},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:  # fmt: skip
        if self.latency:
            await asyncio.sleep(self.latency)
        return self._generate(messages)


class Models(FixedModels):
    def __init__(self, latency: float) -> None:
        plan = extract_spec(PROMPT).model_dump_json()
        self.by_agent = {
            "core": Instant(answer=plan, latency=latency),
            "arch": Instant(answer=json.dumps({"operations": []}), latency=latency),
            "backend": Instant(answer="<no-changes/>", latency=latency),
            "uix": Instant(answer="<no-changes/>", latency=latency),
        }

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        return self.by_agent[link.model]


def settings() -> Settings:
    return Settings(**{f"agent_{a}": f"local:{a}" for a in ("core", "arch", "backend", "uix")}, cache=False)


async def graph_run(latency: float, checkpointer: Any = None) -> float:
    graph = build_graph(checkpointer=checkpointer)
    started = time.perf_counter()
    config = {"configurable": {"thread_id": f"bench-{time.perf_counter_ns()}"}}
    await graph.ainvoke(
        {"prompt": PROMPT},
        config=config,
        context=PipelineContext(settings=settings(), models=Models(latency)),
    )
    return time.perf_counter() - started


async def plain_run(latency: float) -> float:
    """The same five steps, called directly: what the work costs without the graph."""
    s, models, budget = settings(), Models(latency), Budget()
    started = time.perf_counter()

    def emit(event: dict[str, Any]) -> None:
        return None

    ctx = StepContext(settings=s, models=models, budget=budget, emit=emit)
    plan = (await core.plan(PROMPT, ctx)).artifact
    design = (await arch.design(plan, ctx)).artifact
    common: dict[str, Any] = {"current": None, "diagnostics": [], "ctx": ctx}
    backend, uix = await asyncio.gather(
        BACKEND.build(plan, design, **common), UIX.build(plan, design, **common)
    )
    await asyncio.to_thread(
        review, design, backend.artifact, uix.artifact, previous=None, round_=0, max_rounds=2
    )
    return time.perf_counter() - started


async def measure(runs: int) -> list[tuple[str, list[float]]]:
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    rows: list[tuple[str, list[float]]] = []
    await plain_run(0)  # warm the templates and the parsers
    rows.append(("plain asyncio, 0 ms model", [await plain_run(0) for _ in range(runs)]))
    rows.append(("LangGraph, 0 ms model", [await graph_run(0) for _ in range(runs)]))
    with tempfile.TemporaryDirectory() as tmp:
        async with aiosqlite.connect(str(Path(tmp) / "checkpoints.db")) as conn:
            saver = AsyncSqliteSaver(conn)
            await saver.setup()
            rows.append(
                ("LangGraph + SQLite saver, 0 ms model", [await graph_run(0, saver) for _ in range(runs)])
            )
    slow = max(3, runs // 5)
    rows.append(("plain asyncio, 200 ms model", [await plain_run(0.2) for _ in range(slow)]))
    rows.append(("LangGraph, 200 ms model", [await graph_run(0.2) for _ in range(slow)]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    rows = asyncio.run(measure(args.runs))
    base = statistics.mean(rows[0][1])
    table = Table(title=f"one run of {PROMPT!r} (3 entities), ms")
    for column in ("variant", "mean", "p95", "vs plain", "critical path"):
        table.add_column(column, justify="left" if column == "variant" else "right")
    for name, times in rows:
        ms = sorted(t * 1000 for t in times)
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        slow = "200 ms" in name
        plain = statistics.mean(rows[3][1]) if slow else base
        table.add_row(name, f"{statistics.mean(ms):.1f}", f"{p95:.1f}", f"{statistics.mean(times) / plain:.2f}x",
                      f"{600 + base * 1000:.0f} (3 calls + the work)" if slow else "")  # fmt: skip
    Console().print(table)


if __name__ == "__main__":
    main()
