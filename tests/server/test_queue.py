"""Jobs on the queue: two API workers, two queue workers, one of them killed mid-job.

Everything is real: uvicorn and ``python -m pipeline worker`` processes, Redis for the queue and
the job records, PostgreSQL for the checkpoints, the fake provider over loopback at 1.5 s a call.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis

from pipeline.names import AGENTS
from pipeline.testing.fake_llm import FakeLLMServer
from tests.server.test_service import Service, service_env

DB = "redis://127.0.0.1:6379/13"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
KEYS = {
    "DEEPSEEK_API_KEYS": "sk-queue-1,sk-queue-2,sk-queue-3",
    "GROQ_API_KEYS": "gsk_queue-1,gsk_queue-2,gsk_queue-3",
    "GEMINI_API_KEYS": "AIza-queue-1,AIza-queue-2,AIza-queue-3",
    "OPENROUTER_API_KEY": "sk-or-v1-queue",
}


class QueueWorker:
    def __init__(self, tmp: Path, env: dict[str, str], concurrency: int = 3) -> None:
        self.log = tmp / f"worker-{uuid.uuid4().hex[:6]}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "worker", "--concurrency", str(concurrency)],
            cwd=tmp, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def read_sse(url: str, into: list[dict[str, Any]]) -> None:
    """One SSE connection, read to its end event."""
    with httpx.Client(timeout=httpx.Timeout(10, read=300)) as client, client.stream("GET", url) as r:
        kind = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                into.append({"kind": kind, **json.loads(line[6:])})
                if kind == "end":
                    return


def statuses(client: httpx.Client, ids: list[str]) -> dict[str, str]:
    return {i: client.get(f"/api/v1/jobs/{i}").json()["status"] for i in ids}


def test_a_killed_worker_loses_no_job(tmp_path: Path, fake_in_thread: FakeLLMServer) -> None:
    fake = fake_in_thread
    fake.latency = 1.5
    redis.Redis.from_url(DB).flushdb()
    env = {
        **{f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()},
        **KEYS,
        "PIPELINE_REDIS_URL": DB,
        "PIPELINE_POSTGRES_URL": PG_URL,
        "PIPELINE_CACHE": "false",
        "RATE_LIMIT_GENERATION": "1000/minute",
        "PIPELINE_JOB_HEARTBEAT_S": "6",
        "PIPELINE_JOB_SWEEP_S": "8",
    }
    api = Service(tmp_path, workers=2, **env)
    workers: list[QueueWorker] = []
    try:
        with httpx.Client(base_url=api.url, timeout=10) as client:
            ids = []
            for n in range(12):
                got = client.post("/api/v1/generate", json={"prompt": f"build a todo app number {n}"})
                assert got.status_code == 202, got.text
                ids.append(got.json()["job_id"])
            assert len({r for r in ids}) == 12

            # no queue worker: the API runs nothing, every job waits
            time.sleep(3)
            assert set(statuses(client, ids).values()) == {"queued"}
            assert fake.calls == []

            worker_env = service_env(tmp_path, **env)
            workers = [QueueWorker(tmp_path, worker_env), QueueWorker(tmp_path, worker_env)]
            pids = {w.proc.pid: w for w in workers}

            # the victim: a job whose worker has finished at least one agent and is still going
            victim: dict[str, Any] = {}
            deadline = time.monotonic() + 120
            while not victim and time.monotonic() < deadline:
                for job_id in ids:
                    job = client.get(f"/api/v1/jobs/{job_id}").json()
                    done = [a for a, p in (job.get("progress") or {}).items() if p.startswith("done")]
                    if job["status"] == "running" and done and len(done) < 3:
                        victim = job
                        break
                time.sleep(0.2)
            assert victim, "no job got going"
            events: list[dict[str, Any]] = []
            reader = threading.Thread(
                target=read_sse, args=(f"{api.url}/api/v1/jobs/{victim['id']}/events", events)
            )
            reader.start()
            time.sleep(0.5)
            victim = client.get(f"/api/v1/admin/jobs/{victim['id']}").json()  # the operator sees the worker
            pid = _worker_pid(victim)
            assert pid in pids
            os.kill(pid, signal.SIGKILL)
            pids[pid].proc.wait(timeout=10)

            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                now = statuses(client, ids)
                if all(s in ("succeeded", "failed", "rejected") for s in now.values()):
                    break
                time.sleep(1)
            failed = {
                i: client.get(f"/api/v1/jobs/{i}").json().get("error") for i in ids if now[i] != "succeeded"
            }
            assert not failed, failed
            reader.join(timeout=30)

            resumed = client.get(f"/api/v1/admin/jobs/{victim['id']}").json()
            assert resumed["attempt"] == 2 and resumed["worker"] != victim["worker"]
            assert "worker" not in client.get(f"/api/v1/jobs/{victim['id']}").json()
            with httpx.Client(base_url=api.url, timeout=10) as c:
                assert c.get(f"/api/v1/jobs/{victim['id']}/archive").status_code == 200
            # ended jobs leave no checkpoints behind (nothing resumes them)
            with psycopg.connect(PG_URL) as pg:
                row = pg.execute(
                    "SELECT count(*) FROM checkpoints WHERE thread_id = ANY(%s)", (ids,)
                ).fetchone()  # type: ignore[arg-type]
                assert row is not None and row[0] == 0

        # the one SSE connection saw the run before the kill, the resumption and the end
        kinds = [e["kind"] for e in events]
        assert "agent_end" in kinds[: kinds.index("resumed")]
        assert events[-1] == {"kind": "end", "status": "succeeded"}
        mark = kinds.index("resumed")
        done_before = set(events[mark]["done"])
        assert done_before and done_before <= set(AGENTS)
        # finished agents are not asked again: none of them starts after the resumption
        restarted = {e.get("agent") for e in events[mark:] if e["kind"] == "agent_start"}
        assert not (restarted & done_before), (restarted, done_before)
        assert restarted, "the rest of the run went on"
    finally:
        for w in workers:
            w.stop()
        api.stop()
        redis.Redis.from_url(DB).flushdb()
        with psycopg.connect(PG_URL, autocommit=True) as pg:
            for table in ("checkpoints", "checkpoint_writes", "checkpoint_blobs"):
                pg.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)", (ids,))  # type: ignore[arg-type]


def _worker_pid(job: dict[str, Any]) -> int:
    return int(str(job.get("worker") or ":0").rsplit(":", 1)[1])


@pytest.fixture
def single_machine(tmp_path: Path, fake_in_thread: FakeLLMServer) -> Iterator[Service]:
    """The service as one command without Redis, its provider at 1 s a call."""
    fake_in_thread.latency = 1.0
    env = {f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake_in_thread.urls.items()}
    svc = Service(tmp_path, **env, **KEYS, PIPELINE_CACHE="false")
    yield svc
    svc.stop()


def test_without_redis_the_job_process_is_restarted_and_the_job_goes_on(single_machine: Service) -> None:
    svc = single_machine
    with httpx.Client(base_url=svc.url, timeout=10) as client:
        got = client.post("/api/v1/generate", json={"prompt": "build a todo app"})
        job_id = got.json()["job_id"]
        api_pid = svc.proc.pid  # one uvicorn process: the API itself
        deadline = time.monotonic() + 60
        job: dict[str, Any] = {}
        while time.monotonic() < deadline:
            job = client.get(f"/api/v1/admin/jobs/{job_id}").json()
            if any(str(p).startswith("done") for p in (job.get("progress") or {}).values()):
                break
            time.sleep(0.1)
        pid = _worker_pid(job)
        # the API's event loop never runs the job: it is another process
        assert job["status"] == "running" and pid not in (0, api_pid)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job = client.get(f"/api/v1/admin/jobs/{job_id}").json()
            if job["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.2)
        assert job["status"] == "succeeded", job.get("error")
        assert job["attempt"] == 2 and _worker_pid(job) != pid
        events = [json.loads(line[6:]) for line in client.get(f"/api/v1/jobs/{job_id}/events").text.splitlines() if line.startswith("data: ")]  # fmt: skip
        # the run's id comes first; the resumed part says which agents it kept
        assert events[0]["event"] == "run_start" and events[0]["run_id"] == job_id
        resumed = next(e for e in events if e.get("event") == "resumed")
        assert "core" in resumed["done"]


def test_a_job_whose_worker_keeps_dying_ends_failed_with_its_reason(single_machine: Service) -> None:
    svc = single_machine
    with httpx.Client(base_url=svc.url, timeout=10) as client:
        job_id = client.post("/api/v1/generate", json={"prompt": "build a todo app"}).json()["job_id"]
        killed: set[int] = set()
        deadline = time.monotonic() + 120
        job: dict[str, Any] = {}
        while time.monotonic() < deadline:
            job = client.get(f"/api/v1/admin/jobs/{job_id}").json()
            if job["status"] in ("succeeded", "failed"):
                break
            pid = _worker_pid(job)
            if job["status"] == "running" and pid and pid not in killed:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            time.sleep(0.1)
        assert len(killed) == 3
        assert job["status"] == "failed"
        assert "stopped 3 times" in job["error"]


def test_when_redis_is_gone_the_api_says_so(tmp_path: Path) -> None:
    from tests.servers import free_port

    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    svc = Service(tmp_path, PIPELINE_REDIS_URL=dead)
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            got = client.post("/api/v1/generate", json={"prompt": "build a todo app"})
            assert got.status_code == 503
            assert got.json()["title"] == "the job store (Redis) cannot be reached"
            assert got.headers["retry-after"] == "10"
    finally:
        svc.stop()
