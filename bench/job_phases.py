"""Where a service job's CPU goes, phase by phase: a job as the service runs it (no git history)
beside the same job with the CLI's git history, over N offline jobs in-process.

    python bench/job_phases.py [--jobs 20]

Each phase is timed on the thread that runs it (``time.thread_time``), the git processes by the
kernel's accounting of children; ``checkpoints`` is the wall time of the saver's writes (they
run on aiosqlite's thread). The last rows are the whole job: this process's CPU, its children's,
and wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHASES: dict[str, float] = defaultdict(float)


def _timed(owner: Any, name: str, label: str, *, wall: bool = False) -> None:
    original: Callable[..., Any] = getattr(owner, name)
    if asyncio.iscoroutinefunction(original):

        @functools.wraps(original)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                PHASES[label] += time.perf_counter() - started

        setattr(owner, name, run_async)
        return

    @functools.wraps(original)
    def run(*args: Any, **kwargs: Any) -> Any:
        clock = time.perf_counter if wall else time.thread_time
        started = clock()
        try:
            return original(*args, **kwargs)
        finally:
            PHASES[label] += clock() - started

    setattr(owner, name, run)


def instrument() -> None:
    mod = importlib.import_module
    _timed(mod("pipeline.agents.debug"), "validate", "static checks (DEBUG)")
    _timed(mod("pipeline.graph.nodes.policy"), "render_backend", "render (fall-back)")
    for agent in ("pipeline.agents.backend", "pipeline.agents.uix"):
        spec = mod(agent)
        for value in vars(spec).values():
            if hasattr(value, "render"):
                object.__setattr__(value, "render", _wrap_render(value.render))
    _timed(mod("pipeline.graph.nodes.write"), "write_new", "write the project (+ git when on)")
    _timed(mod("pipeline.projects.write"), "commit_generation", "git history (this process)")
    _timed(mod("pipeline.projects.archive"), "zip_folder", "zip")
    saver = mod("langgraph.checkpoint.sqlite.aio").AsyncSqliteSaver
    _timed(saver, "aput", "checkpoints (wall)")
    _timed(saver, "aput_writes", "checkpoints (wall)")
    sink = mod("pipeline.tracing.sink").EventSink
    _timed(sink, "__call__", "run store events")


def _wrap_render(render: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(render)
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return render(*args, **kwargs)
        finally:
            PHASES["render (templates)"] += time.thread_time() - started

    return run


async def jobs(n: int, history: bool, folder: Path) -> dict[str, float]:
    from pipeline.cache import open_cache
    from pipeline.keypool.factory import pool_from_settings
    from pipeline.server import execute
    from pipeline.server.daily import MemoryDaily
    from pipeline.server.execute import JobWorker
    from pipeline.server.jobs import MemoryJobs, new_job_id, new_record
    from pipeline.server.run_requests import JobOrder
    from pipeline.settings import Settings

    base_settings = execute.job_settings

    def settings_for(settings: Settings, options: dict[str, Any]) -> Settings:
        return base_settings(settings, options).model_copy(update={"project_history": history})

    execute.job_settings = settings_for
    settings = Settings(data_dir=folder / "data", cache=False)
    sink = MemoryJobs()
    worker = JobWorker(
        settings=settings, pool=pool_from_settings(settings), cache=open_cache(settings.cache_store_url()),
        daily=MemoryDaily(), sink=sink, workdir=folder / "jobs",
    )  # fmt: skip
    order = {"offline": True}
    for _ in range(2):  # warm: imports, compiled templates, the graph
        job_id = new_job_id()
        await sink.create(job_id, new_record(job_id, "build a todo app", order))
        await worker.run(JobOrder(job_id=job_id, prompt="build a todo app", options=order))
    PHASES.clear()
    ids = []
    for _ in range(n):
        ids.append(new_job_id())
        await sink.create(ids[-1], new_record(ids[-1], "build a todo app", order))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    for job_id in ids:
        assert (
            await worker.run(JobOrder(job_id=job_id, prompt="build a todo app", options=order)) == "succeeded"
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {k: v / n for k, v in PHASES.items()}
    figures["git processes (children CPU)"] = (
        after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    ) / n
    figures["whole job: this process's CPU"] = (time.process_time() - cpu) / n
    figures["whole job: wall"] = (time.perf_counter() - wall) / n
    await worker.pool.close()
    execute.job_settings = base_settings
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=20)
    args = parser.parse_args()
    instrument()
    with tempfile.TemporaryDirectory(prefix="pipeline-phases-") as tmp:
        service = asyncio.run(jobs(args.jobs, False, Path(tmp) / "service"))
        cli_like = asyncio.run(jobs(args.jobs, True, Path(tmp) / "history"))
    table = Table(title=f"an offline service job by phase, ms per job ({args.jobs} jobs, 'build a todo app')")
    table.add_column("phase")
    table.add_column("service job (no history)", justify="right")
    table.add_column("with git history (as the CLI)", justify="right")
    for phase in sorted(set(service) | set(cli_like), key=lambda p: (p.startswith("whole"), p)):
        table.add_row(phase, f"{service.get(phase, 0) * 1000:.1f}", f"{cli_like.get(phase, 0) * 1000:.1f}")
    core = service["whole job: this process's CPU"] + service.get("git processes (children CPU)", 0)
    console = Console(width=110)
    console.print(table)
    console.print(f"core-seconds per service job: {core:.3f} (CPU of the job process and its children)")


if __name__ == "__main__":
    main()
