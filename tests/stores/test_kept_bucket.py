"""Queue mode with the files in a bucket of a real S3-compatible server: the API and a worker
make and edit a project (the worker loads the edit's base version from the bucket by its id),
then Redis is flushed and every process restarted, and every version, archive and diff is still
answered, from SQL and the bucket. Nothing is written to the data folder's ``files``."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis

from pipeline.stores.file_store import version_key
from tests.s3server import Bucket, bucket, s3_endpoint  # noqa: F401  (the bucket's fixtures)
from tests.server.test_queue import QueueWorker
from tests.server.test_service import Service, service_env, wait_done
from tests.stores.test_kept_jobs import check_kept, make_and_edit

pytestmark = pytest.mark.slow
DB = "redis://127.0.0.1:6379/10"  # this module's own: it is flushed


def test_flushing_redis_and_restarting_every_process_loses_nothing_kept_in_a_bucket(
    tmp_path: Path,
    bucket: Bucket,  # noqa: F811
) -> None:
    live = redis.Redis.from_url(DB)
    live.flushdb()
    env = {"PIPELINE_REDIS_URL": DB, **bucket.env}
    svc, worker = Service(tmp_path, **env), QueueWorker(tmp_path, service_env(tmp_path, **env))
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            v1, v2, owner = make_and_edit(client)
    finally:
        svc.stop()
        worker.stop()
    assert bucket.keys() == sorted([version_key(v1), version_key(v2)])
    live.flushdb()
    svc, worker = Service(tmp_path, **env), QueueWorker(tmp_path, service_env(tmp_path, **env))
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            check_kept(client, v1, v2, owner)  # it edits v2 again: the worker reads v2 from the bucket
            v3 = client.get(f"/api/v1/jobs/{v2}/versions").json()["versions"][2]["job_id"]
            assert wait_done(client, v3, timeout=120)["status"] == "succeeded"
    finally:
        svc.stop()
        worker.stop()
        live.flushdb()
    assert bucket.keys() == sorted(version_key(v) for v in (v1, v2, v3))
    assert not (tmp_path / "data" / "files").exists()
