"""The HTTP service over real sockets: jobs, SSE, archives, stats, limits, and four workers
sharing one Redis."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from pipeline.testing.fake_llm import FakeLLMServer
from tests.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
SECRET = "gsk_service_test_secret_key_0001"


def service_env(tmp: Path, **env: str) -> dict[str, str]:
    """The environment of a service process: none of the caller's keys or settings, only these."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if "_API_KEY" not in k and not k.startswith(("PIPELINE_", "RATE_LIMIT"))
    }
    environ.update(
        {"PIPELINE_DATA_DIR": str(tmp / "data"), "PYTHONPATH": str(ROOT), "GROQ_API_KEYS": SECRET, **env}
    )
    return environ


class Service:
    def __init__(self, tmp: Path, workers: int = 1, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = service_env(tmp, **env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "pipeline.server:app", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers), "--log-level", "warning"],
            cwd=tmp, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        if wait_for(f"{self.url}/healthz", 60):
            return
        self.stop()
        raise AssertionError(
            f"the service did not start: {self.proc.stdout.read() if self.proc.stdout else ''}"
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    svc = Service(tmp_path, RATE_LIMIT_GENERATION="5/minute")
    yield svc
    svc.stop()


def wait_done(
    client: httpx.Client,
    job_id: str,
    timeout: float = 60,
    until: tuple[str, ...] = ("succeeded", "partial", "failed"),
) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in until:
            return dict(job)
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not reach {until}")


def test_a_job_from_request_to_archive(service: Service) -> None:
    seen: list[str] = []
    with httpx.Client(base_url=service.url, timeout=30) as client:
        accepted = client.post(
            "/api/v1/generate",
            json={
                "prompt": "a library system to track books, members and loans",
                "options": {"offline": True},
            },
        )
        assert accepted.status_code == 202
        body = accepted.json()
        seen.append(accepted.text)
        job = wait_done(client, body["job_id"])
        seen.append(json.dumps(job))
        assert job["status"] == "succeeded", job
        assert job["summary"]["app_name"] == "Library"  # type: ignore[index]
        with client.stream("GET", body["events_url"]) as events:
            text = "".join(events.iter_text())
        seen.append(text)
        assert (
            "event: agent_start" in text
            and "event: validation" in text
            and text.rstrip().endswith('{"status": "succeeded"}')
        )
        archive = client.get(body["archive_url"])
        assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
        assert "backend/app/main.py" in names and "frontend/src/App.jsx" in names and "openapi.json" in names
        stats = client.get("/api/v1/ai/stats")
        seen.append(stats.text)
        figures = stats.json()
        assert figures["groq"]["total_keys"] == 1 and {
            "total_keys",
            "active_keys",
            "total_requests",
            "total_capacity",
        } <= set(figures["groq"])
        assert {"cache", "limiter", "jobs"} <= set(figures)
    assert all(SECRET not in text for text in seen)


def test_errors_are_json_problems(service: Service) -> None:
    with httpx.Client(base_url=service.url, timeout=10) as client:
        missing = client.get("/api/v1/jobs/nope")
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
        invalid = client.post("/api/v1/generate", json={"prompt": ""})
        assert invalid.status_code == 422 and invalid.json()["title"] == "the request is not valid"
        huge = client.post(
            "/api/v1/generate",
            content=b'{"prompt": "' + b"x" * 200_000 + b'"}',
            headers={"content-type": "application/json"},
        )
        assert huge.status_code == 413 and "Traceback" not in huge.text
        # the longest prompt the schema allows fits the body cap in any script, however escaped
        hindi = json.dumps({"prompt": "क" * 8000, "options": {"offline": True}}, ensure_ascii=True)
        assert len(hindi) > 48_000
        longest = client.post("/api/v1/generate", content=hindi, headers={"content-type": "application/json"})
        assert longest.status_code == 202, longest.text
        too_long = json.dumps({"prompt": "क" * 8001}, ensure_ascii=True)
        refused = client.post(
            "/api/v1/generate", content=too_long, headers={"content-type": "application/json"}
        )
        assert refused.status_code == 422


def test_the_per_client_limit_answers_429_with_retry_after(service: Service) -> None:
    with httpx.Client(base_url=service.url, timeout=10) as client:
        codes = [
            client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            ).status_code
            for _ in range(5)
        ]
        refused = client.post(
            "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
        )
    assert codes == [202] * 5
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_a_full_queue_answers_503(tmp_path: Path, fake_in_thread: FakeLLMServer) -> None:
    fake = fake_in_thread
    fake.latency = 3.0  # a slow provider keeps the one slot busy
    env = {f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()}
    env.update(
        {
            "DEEPSEEK_API_KEY": "sk-test-slow-000000",
            "PIPELINE_MAX_RUNNING_JOBS": "1",
            "PIPELINE_MAX_QUEUED_JOBS": "0",
            "PIPELINE_CACHE": "false",
        }
    )
    svc = Service(tmp_path, **env)
    try:
        with httpx.Client(base_url=svc.url, timeout=10) as client:
            first = client.post("/api/v1/generate", json={"prompt": "build a todo app"})
            second = client.post("/api/v1/generate", json={"prompt": "build a todo app"})
        assert first.status_code == 202
        assert second.status_code == 503 and second.headers["retry-after"] == "30"
    finally:
        svc.stop()


def test_four_workers_share_limits_and_jobs_through_redis(tmp_path: Path) -> None:
    db = "redis://127.0.0.1:6379/14"
    redis.Redis.from_url(db).flushdb()
    svc = Service(tmp_path, workers=4, PIPELINE_REDIS_URL=db, RATE_LIMIT_GENERATION="10/minute")
    try:
        answers = []
        for _ in range(11):
            with httpx.Client(
                base_url=svc.url, timeout=10
            ) as client:  # a new connection each time: any worker may answer
                answers.append(
                    client.post(
                        "/api/v1/generate",
                        json={
                            "prompt": f"build a todo app {uuid.uuid4().hex[:4]}",
                            "options": {"offline": True},
                        },
                    )
                )
        assert [a.status_code for a in answers] == [202] * 10 + [429]
        first = answers[0]
        origin = first.headers["x-worker"]
        readers: set[str] = set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (readers - {origin}):
            with httpx.Client(base_url=svc.url, timeout=10) as client:
                got = client.get(first.json()["status_url"])
            assert got.status_code == 200 and got.json()["id"] == first.json()["job_id"]
            readers.add(got.headers["x-worker"])
        assert readers - {origin}, "no other worker answered"
        workers = {a.headers["x-worker"] for a in answers}
        assert len(workers) >= 2
    finally:
        svc.stop()
        redis.Redis.from_url(db).flushdb()


def test_schemathesis_finds_nothing_and_no_key_leaks(service: Service, tmp_path: Path) -> None:
    import shutil

    st = shutil.which("st") or shutil.which("schemathesis")
    assert st, "schemathesis is part of the dev extra"
    report = subprocess.run(
        [st, "run", f"{service.url}/openapi.json", "--max-examples", "10", "--checks", "all", "--phases", "coverage,fuzzing"],
        capture_output=True, text=True, timeout=400, cwd=tmp_path,
    )  # fmt: skip
    assert report.returncode == 0, report.stdout[-3000:]
    service.stop()
    logs = service.proc.stdout.read() if service.proc.stdout else ""
    assert "Traceback" not in logs and SECRET not in logs
    stored = (
        [p.read_text(errors="ignore") for p in (tmp_path / "data").rglob("*") if p.is_file()]
        if (tmp_path / "data").exists()
        else []
    )
    assert all(SECRET not in text for text in stored)


def test_service_jobs_are_in_the_run_store(service: Service, tmp_path: Path) -> None:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        job_id = client.post(
            "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
        ).json()["job_id"]
        assert wait_done(client, job_id)["status"] == "succeeded"
    env = {**os.environ, "PIPELINE_DATA_DIR": str(tmp_path / "data")}
    runs = subprocess.run(
        [sys.executable, "-m", "pipeline", "runs", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    listed = [json.loads(line) for line in runs.stdout.splitlines() if line.strip()]
    mine = [r for r in listed if r["run_id"] == job_id]
    assert mine and mine[0]["status"] == "succeeded" and mine[0]["options"]["source"] == "service"
    trace = subprocess.run(
        [sys.executable, "-m", "pipeline", "trace", job_id],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert trace.returncode == 0 and "CORE" in trace.stdout and "UIX" in trace.stdout
