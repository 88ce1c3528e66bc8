"""A deleted project leaves nothing on a worker host either: the host that ran its job (and may
hold its preview and trace in a data folder of its own) reads the forgotten list in Redis and
removes what it holds. Real Redis."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import redis

from pipeline.server.preview_host import PreviewHost
from pipeline.server.preview_keys import FORGOTTEN
from pipeline.tracing.store import RunStore

DB = "redis://127.0.0.1:6379/9"


async def test_a_worker_host_removes_a_deleted_projects_trace_and_preview_data(tmp_path: Path) -> None:
    gone, kept = secrets.token_hex(16), secrets.token_hex(16)
    runs = RunStore(tmp_path / "host-data")
    host = PreviewHost(DB, jobs=None, root=tmp_path / "host-data" / "previews", runs=runs)
    for job_id in (gone, kept):
        runs.folder(job_id).mkdir(parents=True)
        (runs.folder(job_id) / "events.jsonl").write_text("{}\n")
        host.manager.kept_data(job_id).mkdir(parents=True)
        (host.manager.kept_data(job_id) / "app.db").write_bytes(b"rows")
    plain = redis.Redis.from_url(DB)
    try:
        plain.delete(FORGOTTEN)
        plain.zadd(FORGOTTEN, {gone: time.time()})  # what the API's DELETE writes
        await host._forget_deleted()
        assert not runs.folder(gone).exists() and not host.manager.kept_data(gone).exists()
        assert (runs.folder(kept) / "events.jsonl").exists()  # another project's are untouched
        assert (host.manager.kept_data(kept) / "app.db").read_bytes() == b"rows"
        # a name that is not a job id never reaches a path
        plain.zadd(FORGOTTEN, {"../host-data": time.time()})
        await host._forget_deleted()
        assert (tmp_path / "host-data").is_dir()
    finally:
        plain.delete(FORGOTTEN)
        plain.close()
        await host.redis.aclose()
