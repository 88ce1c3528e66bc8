"""Running one service job in-process, with a real SQLite checkpointer: resuming what can be
resumed, starting again what cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.artifacts import AgentReport
from pipeline.cache import open_cache
from pipeline.graph.build import build_graph
from pipeline.keypool.factory import pool_from_settings
from pipeline.server.daily import MemoryDaily
from pipeline.server.execute import JobWorker
from pipeline.server.jobs import MemoryJobs, new_job_id, new_record
from pipeline.server.run_requests import JobOrder
from pipeline.settings import Settings
from pipeline.tracing.checkpoints import open_checkpointer


async def test_a_checkpoint_that_cannot_be_resumed_starts_the_job_again(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", cache=False)
    job_id = new_job_id()  # a real id: the run store keeps service jobs under it
    # a checkpoint with values and nothing left to run, yet no summary
    async with open_checkpointer(settings) as saver:
        graph = build_graph(checkpointer=saver)
        config: Any = {"configurable": {"thread_id": job_id}}
        await graph.aupdate_state(
            config,
            {"prompt": "build a todo app", "reports": [AgentReport(agent="core", provider="template")]},
            as_node="write",
        )
        saved = await graph.aget_state(config)
        assert saved.values and not saved.next and "summary" not in saved.values

    jobs = MemoryJobs()
    await jobs.create(job_id, new_record(job_id, "build a todo app", {"offline": True}))
    worker = JobWorker(
        settings=settings, pool=pool_from_settings(settings), cache=open_cache(settings.cache_store_url()),
        daily=MemoryDaily(), sink=jobs, workdir=tmp_path / "jobs",
    )  # fmt: skip
    try:
        order = JobOrder(job_id=job_id, prompt="build a todo app", options={"offline": True})
        assert await worker.run(order, attempt=2) == "succeeded"
    finally:
        await worker.pool.close()
        await worker.cache.close()
    events = [e["event"] for e in await jobs.events(job_id)]
    assert events[0] == "restarted" and "resumed" not in events
    assert events[1] == "run_start" and "written" in events
    assert (await jobs.get(job_id) or {})["status"] == "succeeded"
    assert await jobs.archive(job_id)
    # the ended job left no checkpoint behind
    async with open_checkpointer(settings) as saver:
        assert not (await build_graph(checkpointer=saver).aget_state(config)).values
