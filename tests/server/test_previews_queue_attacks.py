"""Queue mode against a hostile app and a hostile visitor: two API processes, two queue workers,
a Redis of the test's own (so it can be killed and started again), everything over real sockets.

The job's project is swapped in Redis for a hostile one (its backend answers with every header
that acts on an origin, and echoes what it was told): what a model steered by a prompt could
write. Then: many first requests at once start one app; its headers never reach the visitor and
the visitor's never reach it; chunked bodies on every method stream through both hops and stop at
the cap; paths are read after normalisation; the workers' preview host answers only the API;
restores are numbered atomically, stored by reference and limited; public events name no host
path; and after a Redis outage previews start again.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from pipeline.server.preview_auth import sign
from tests.mounts import detach_under, mounted_under
from tests.server.preview_attacks import ORIGIN_HEADERS, hostile_project, raw_request, wait_until
from tests.server.test_queue import QueueWorker
from tests.server.test_service import Service, service_env, wait_done
from tests.servers import free_port

pytestmark = pytest.mark.slow
SECRET = "preview-secret-of-the-test-0001"
CAP = 4 * 1024 * 1024
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")


class OwnRedis:
    """A redis-server on a free port, its data kept on disk (an append-only file written at
    every change), so it can be killed and come back with everything."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_until(lambda: self._pings(), 20), "redis-server did not start"

    def _pings(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


class Cluster:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.redis = OwnRedis(tmp)
        self.host_ports = [free_port(), free_port()]
        env = {"PIPELINE_REDIS_URL": self.redis.url, "PIPELINE_CACHE": "false", "PIPELINE_PREVIEW_SECRET": SECRET,
               "RATE_LIMIT_GENERATION": "8/minute", "PIPELINE_PREVIEW_MAX_BODY_BYTES": str(CAP),
               "PIPELINE_PREVIEW_IDLE_S": "300"}  # fmt: skip
        self.api = Service(tmp, workers=2, **env)
        self.workers = [
            QueueWorker(
                tmp, service_env(tmp, **env, PIPELINE_PREVIEW_BIND=f"127.0.0.1:{port}"), concurrency=1
            )
            for port in self.host_ports
        ]
        self.client = httpx.Client(base_url=self.api.url, timeout=180)
        self.store = redis.Redis(port=self.redis.port, decode_responses=True)
        made = self.client.post(
            "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
        )
        self.job_id, self.owner = made.json()["job_id"], {"X-Job-Secret": made.json()["job_secret"]}
        assert wait_done(self.client, self.job_id, timeout=180)["status"] == "succeeded"
        archive = f"pipeline:jobs:{self.job_id}:archive"
        raw = redis.Redis(port=self.redis.port)
        raw.set(archive, hostile_project(raw.get(archive) or b""), keepttl=True)

    def restore(self, job_id: str, client: str) -> httpx.Response:
        headers = {**self.owner, "X-Forwarded-For": client}
        return self.client.post(f"/api/v1/jobs/{job_id}/restore", headers=headers)

    def stop(self) -> None:
        self.client.close()
        for worker in self.workers:
            worker.stop()
        self.api.stop()
        self.redis.kill()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    made = Cluster(tmp_path_factory.mktemp("queue-attacks"))
    yield made
    made.stop()
    # every host is gone: nothing of theirs may stay mounted (detached all the same, so pytest
    # can remove the folder)
    assert detach_under(made.tmp) == []


def _hosts_previews(cluster: Cluster) -> int:
    hosts = cluster.client.get("/healthz").json().get("preview_hosts", [])
    return sum(int(h["previews"]) for h in hosts)


def test_simultaneous_first_requests_start_one_app(cluster: Cluster) -> None:
    statuses: list[int] = []

    def first() -> None:
        # a path the app answers without a thread: the app's thread pool is not what is tested
        with httpx.Client(base_url=cluster.api.url, timeout=180) as fresh:  # both API processes
            statuses.append(fresh.get(f"/preview/{cluster.job_id}/hostile/echo").status_code)

    threads = [threading.Thread(target=first) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(200)
    assert statuses == [200] * 12
    assert wait_until(lambda: len(cluster.client.get("/healthz").json()["preview_hosts"]) == 2, 10)
    # one app, on one worker, whichever asked (hosts report every second)
    assert wait_until(lambda: _hosts_previews(cluster) == 1, 10), cluster.client.get("/healthz").json()
    assert cluster.store.get(f"pipeline:previews:{cluster.job_id}:lock")


def test_the_apps_origin_headers_never_reach_the_visitor(cluster: Cluster) -> None:
    base = f"/preview/{cluster.job_id}/hostile"
    sent = {"Cookie": "session=of-the-service", "X-Job-Secret": "owner-secret", "Authorization": "Bearer app-token",
            "Forwarded": "for=1.2.3.4", "X-Forwarded-For": "6.6.6.6", "X-Junk": "j"}  # fmt: skip
    echo = cluster.client.get(f"{base}/echo", headers=sent)
    assert echo.status_code == 200
    assert not ORIGIN_HEADERS & set(echo.headers), ORIGIN_HEADERS & set(echo.headers)
    assert echo.headers["content-security-policy"].startswith("sandbox allow-scripts")  # ours, not the app's
    assert echo.headers["access-control-allow-origin"] == "*"
    assert echo.headers["location"] == f"/preview/{cluster.job_id}/inside"  # kept within the preview
    told = echo.json()["headers"]
    assert told["authorization"] == "Bearer app-token"  # what the app needs
    assert not {"cookie", "x-job-secret", "forwarded", "x-junk"} & set(told), told
    # one address, the one the service believes (its own proxy settings decide): the visitor's
    # header is replaced, never passed on as a chain the app would have to pick from
    assert "," not in told["x-forwarded-for"], told
    assert not [name for name in told if name.startswith("x-pipeline")], told  # the API's signature stays
    away = cluster.client.get(f"{base}/away", follow_redirects=False)
    assert away.status_code == 302 and "location" not in away.headers  # never to another origin
    itself = cluster.client.get(f"{base}/app", follow_redirects=False)
    assert itself.headers["location"] == f"/preview/{cluster.job_id}/inside"


@pytest.mark.parametrize("method", METHODS)
def test_chunked_bodies_on_every_method_stream_through_both_hops(cluster: Cluster, method: str) -> None:
    port, target = cluster.api.port, f"/preview/{cluster.job_id}/hostile/echo"
    within = raw_request(port, method, target, None, [b"x" * 65536] * 16)
    if method == "OPTIONS":
        assert within.status == 204  # the preflight is the service's
    else:
        assert within.status == 200, (method, within.status, within.body[:200])
        if method != "HEAD":
            assert within.json()["size"] == 16 * 65536 and within.json()["method"] == method
    over = raw_request(port, method, target, None, [b"x" * 65536] * (3 * CAP // 65536))
    assert over.status == (204 if method == "OPTIONS" else 413), (method, over.status)


def test_paths_are_normalised_before_the_job_is_read(cluster: Cluster) -> None:
    other = cluster.restore(cluster.job_id, "10.0.0.1").json()["job_id"]
    port, mine = cluster.api.port, cluster.job_id
    for target in (f"/preview/{mine}/../{other}/hostile/echo", f"/preview/{mine}/%2e%2e/{other}/hostile/echo",
                   f"/preview/{mine}/..%2f{other}/hostile/echo", f"/preview/{mine}%2f..%2f{other}/",
                   f"/preview/{mine}/.%2E/{other}/", f"/preview/{mine}/..%5c{other}/"):  # fmt: skip
        assert raw_request(port, "GET", target).status in (400, 404), target
    junk = "f" * 32
    assert raw_request(port, "GET", f"/preview/{junk}/").status == 404
    assert raw_request(port, "GET", "/preview/..%2f..%2fetc/").status in (400, 404)
    assert not cluster.store.keys(f"pipeline:previews:{junk}:*")  # no lock, no state


def _host_of_the_preview(cluster: Cluster) -> str:
    address = cluster.store.get(f"pipeline:previews:{cluster.job_id}:at")
    assert address
    return str(address)


def test_the_preview_host_answers_only_the_api(cluster: Cluster) -> None:
    host, job_id = _host_of_the_preview(cluster), cluster.job_id
    path = f"/{job_id}/hostile/echo"
    with httpx.Client(base_url=host, timeout=30) as direct:
        assert direct.get(path).status_code == 403  # unsigned
        assert direct.get(path, headers=dict(sign(b"not-the-secret", "GET", path, job_id))).status_code == 403
        stale = dict(sign(SECRET.encode(), "GET", path, job_id, now=time.time() - 120))
        assert direct.get(path, headers=stale).status_code == 403
        other_path = dict(sign(SECRET.encode(), "GET", f"/{job_id}/", job_id))
        assert direct.get(path, headers=other_path).status_code == 403  # a signature is for one request
        assert direct.get(path, headers=dict(sign(SECRET.encode(), "GET", path, job_id))).status_code == 200
        junk = "e" * 32
        signed_junk = dict(sign(SECRET.encode(), "GET", f"/{junk}/", junk))
        assert direct.get(f"/{junk}/", headers=signed_junk).status_code == 409  # no such job: nothing starts
        assert not cluster.store.keys(f"pipeline:previews:{junk}:*")
        bad = "../../etc"
        assert direct.get(f"/{bad}/", headers=dict(sign(SECRET.encode(), "GET", f"/{bad}/", bad))).status_code in (
            403, 404)  # fmt: skip
        health = direct.get("/healthz").json()
        assert health["loops"] == {"wanted": "ok", "fresh": "ok", "forget": "ok"}


def test_restores_are_numbered_atomically_stored_by_reference_and_limited(cluster: Cluster) -> None:
    answers: list[httpx.Response] = []

    def restore(n: int) -> None:
        answers.append(cluster.restore(cluster.job_id, f"10.1.0.{n}"))

    threads = [threading.Thread(target=restore, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [a.status_code for a in answers] == [201] * 10
    numbers = [a.json()["version"] for a in answers]
    assert len(set(numbers)) == 10  # no number given twice
    listed = cluster.client.get(f"/api/v1/jobs/{cluster.job_id}/versions").json()["versions"]
    assert {a.json()["job_id"] for a in answers} <= {v["job_id"] for v in listed}  # every one listed
    assert sorted(v["version"] for v in listed) == list(range(1, len(listed) + 1))
    for answer in answers:  # a reference to the version's zip, never another copy
        new_id = answer.json()["job_id"]
        assert not cluster.store.exists(f"pipeline:jobs:{new_id}:archive")
        assert cluster.store.get(f"pipeline:jobs:{new_id}:archive_of") == cluster.job_id
    flood = [cluster.restore(cluster.job_id, "10.2.0.1").status_code for _ in range(12)]
    assert flood[:8] == [201] * 8 and flood[8:] == [429] * 4
    edit = cluster.client.post(f"/api/v1/jobs/{cluster.job_id}/edits", json={"request": "add a note"},
                               headers={**cluster.owner, "X-Forwarded-For": "10.2.0.1"})  # fmt: skip
    assert edit.status_code in (409, 429)  # the same limit (or the newest version is not the one asked)


def test_public_events_and_records_name_no_host_path(cluster: Cluster, tmp_path_factory: Any) -> None:
    events = cluster.client.get(f"/api/v1/jobs/{cluster.job_id}/events").text
    record = json.dumps(cluster.client.get(f"/api/v1/jobs/{cluster.job_id}").json())
    assert "event: written" in events
    root = str(tmp_path_factory.getbasetemp())
    for text in (events, record):
        assert root not in text and "/jobs/" + cluster.job_id not in text
        assert '"output_dir"' not in text


def test_previews_start_again_after_a_redis_outage(cluster: Cluster) -> None:
    other = cluster.restore(cluster.job_id, "10.3.0.1").json()["job_id"]
    cluster.redis.kill()
    hosts = [f"http://127.0.0.1:{port}/healthz" for port in cluster.host_ports]

    def all_down() -> bool:
        return all("redis" in httpx.get(h).json()["loops"]["wanted"] for h in hosts)

    assert wait_until(all_down, 15)  # each worker's loops say so
    assert "unreachable" in cluster.client.get("/healthz").json()["redis"]
    time.sleep(8)
    cluster.redis.start()

    def all_up() -> bool:
        return all(
            httpx.get(h).json()["loops"] == {"wanted": "ok", "fresh": "ok", "forget": "ok"} for h in hosts
        )

    assert wait_until(all_up, 30)
    assert all(worker.proc.poll() is None for worker in cluster.workers)
    held = cluster.store.get(f"pipeline:previews:{cluster.job_id}:lock")
    assert wait_until(lambda: cluster.store.get(f"pipeline:previews:{cluster.job_id}:lock"), 5)  # taken back
    assert held is None or held == cluster.store.get(f"pipeline:previews:{cluster.job_id}:lock")
    page = cluster.client.get(f"/preview/{other}/")  # a preview that was not running: started now
    assert page.status_code == 200 and "<title>Todo List</title>" in page.text
    assert cluster.client.get("/healthz").json()["redis"] == "ok"
    logs = "".join(w.log.read_text() for w in cluster.workers)
    assert "Redis unreachable" in logs and "Redis is back" in logs
    assert os.environ.get("PIPELINE_REDIS_URL") != cluster.redis.url


def test_a_dead_holders_preview_starts_on_another_worker(cluster: Cluster) -> None:
    address = _host_of_the_preview(cluster)
    holder = next(
        w for w, port in zip(cluster.workers, cluster.host_ports, strict=True) if address.endswith(f":{port}")
    )
    holder.proc.send_signal(signal.SIGKILL)
    holder.proc.wait(10)
    assert cluster.store.get(f"pipeline:previews:{cluster.job_id}:lock")  # held by the dead, for now
    echo = cluster.client.get(f"/preview/{cluster.job_id}/hostile/echo")  # after the lock lapses
    assert echo.status_code == 200, echo.text
    assert _host_of_the_preview(cluster) != address
    # the host that took it over swept the dead one's stage: only its own is mounted
    survivor = next(w for w in cluster.workers if w is not holder)
    stages = mounted_under(cluster.tmp / "data")
    assert stages and all(p.name.endswith(f".{survivor.proc.pid}") for p in stages), stages


async def test_one_host_wins_a_preview_lock_and_it_lapses_with_its_holder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.server import preview_host
    from pipeline.server.jobs import new_job_id

    monkeypatch.setattr(preview_host, "LOCK_TTL_MS", 600)
    own = OwnRedis(tmp_path)
    hosts = [preview_host.PreviewHost(own.url, None, tmp_path / f"host{n}") for n in range(2)]
    try:
        job_id = new_job_id()
        claims = await asyncio.gather(*(host._claim(job_id) for _ in range(10) for host in hosts))
        by_host = [claims[n::2] for n in range(2)]
        assert sorted(by_host) == [[False] * 10, [True] * 10]  # one holder, and it may ask again
        loser = hosts[by_host.index([False] * 10)]
        await asyncio.sleep(0.8)  # the holder stopped refreshing (it died): the lock lapses
        assert await loser._claim(job_id)
    finally:
        for host in hosts:
            await host.redis.aclose()
        own.kill()
