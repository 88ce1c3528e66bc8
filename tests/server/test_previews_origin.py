"""Previews on an origin of their own, and every request body counted as it streams (the service
in one process, over real sockets): the preview origin reaches only previews, the service's
origin sends previews there, chunked bodies on every method stream to the app and stop at the
cap, the API's memory does not grow by the bodies, and huge headers are refused."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.preview_attacks import children_rss_kib, raw_request
from tests.server.test_service import Service, wait_done
from tests.servers import free_port

pytestmark = pytest.mark.slow
CAP = 4 * 1024 * 1024
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")


class Served:
    def __init__(self, service: Service, job_id: str) -> None:
        self.service, self.job_id = service, job_id
        self.host = f"{job_id}.preview.localhost:{service.port}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    svc = Service(
        tmp_path_factory.mktemp("origin"), port=port,
        PIPELINE_PREVIEW_ORIGIN=f"http://{{job}}.preview.localhost:{port}",
        PIPELINE_PREVIEW_MAX_BODY_BYTES=str(CAP), RATE_LIMIT_GENERATION="100/minute",
    )  # fmt: skip
    try:
        with httpx.Client(base_url=svc.url, timeout=120) as client:
            made = client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            )
            job_id = made.json()["job_id"]
            assert wait_done(client, job_id, timeout=120)["status"] == "succeeded"
        yield Served(svc, job_id)
    finally:
        svc.stop()


def test_previews_live_on_their_own_origin_and_it_reaches_nothing_else(served: Served) -> None:
    port, job_id = served.service.port, served.job_id
    moved = raw_request(port, "GET", f"/preview/{job_id}/api/todos?done=false")
    assert moved.status == 308
    assert moved.headers["location"] == f"http://{served.host}/api/todos?done=false"
    page = raw_request(port, "GET", "/", {"Host": served.host})
    assert page.status == 200 and b"<title>Todo List</title>" in page.body
    assert page.headers["content-security-policy"].startswith("sandbox allow-scripts")  # the second wall
    made = raw_request(port, "POST", "/api/todos", {"Host": served.host, "Content-Type": "application/json"},
                       [b'{"title": "milk"}'])  # fmt: skip
    assert made.status == 201 and made.json()["title"] == "milk"
    preflight = raw_request(port, "OPTIONS", "/api/todos", {"Host": served.host, "Origin": "null"})
    assert preflight.status == 204 and "authorization" in preflight.headers["access-control-allow-headers"]
    # the API is not on the preview origin: its paths are the app's paths there
    assert b"event-names" not in raw_request(port, "GET", "/api/v1/event-names", {"Host": served.host}).body
    assert raw_request(port, "GET", "/api/v1/jobs", {"Host": served.host}).status in (404, 405)
    # another job's address on this job's origin is this app's path, never the other job
    assert raw_request(port, "GET", f"/preview/{'0' * 32}/", {"Host": served.host}).status in (200, 404)
    # the page frames previews from there, and the API says where they are
    page_policy = httpx.get(f"{served.service.url}/").headers["content-security-policy"]
    assert f"frame-src 'self' http://*.preview.localhost:{port}" in page_policy
    # never a redirect to an address the visitor wrote
    assert "evil" not in raw_request(port, "GET", "/preview/evil.example%2f/").headers.get("location", "")


def test_a_plain_preview_origin_serves_previews_under_paths(tmp_path: Path) -> None:
    port = free_port()
    svc = Service(tmp_path, port=port, PIPELINE_PREVIEW_ORIGIN=f"http://preview.localhost:{port}")
    try:
        job = "0123456789abcdef" * 2
        moved = raw_request(port, "GET", f"/preview/{job}/x")
        assert (
            moved.status == 308
            and moved.headers["location"] == f"http://preview.localhost:{port}/preview/{job}/x"
        )
        there = {"Host": f"preview.localhost:{port}"}
        assert raw_request(port, "GET", f"/preview/{job}/", there).status == 404  # no such job; no API
        assert raw_request(port, "GET", "/api/v1/event-names", there).status == 400  # not a preview path
        assert raw_request(port, "GET", "/preview/nope/", there).status == 404
    finally:
        svc.stop()


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        yield b"x" * piece
        sent += piece


@pytest.mark.parametrize("method", METHODS)
def test_chunked_bodies_on_every_method_are_counted(served: Served, method: str) -> None:
    port, host = served.service.port, {"Host": served.host}
    within = raw_request(port, method, "/api/todos", host, _chunks(CAP // 2))
    assert within.status not in (413, 500, 502), (method, within.status, within.body[:200])
    over = raw_request(port, method, "/api/todos", host, _chunks(3 * CAP))
    # a preflight is answered without reading the body: nothing of it is held either
    assert over.status == (204 if method == "OPTIONS" else 413), (method, over.status)
    # the API's own routes count every method's body too, chunked or not
    api = raw_request(port, method, "/api/v1/event-names", None, _chunks(1024 * 1024))
    assert api.status == 413, (method, api.status)


def test_bodies_stream_to_the_app_without_growing_the_api(served: Served) -> None:
    port, host = served.service.port, {"Host": served.host}
    raw_request(port, "GET", "/", host)  # the preview is up: what follows measures only bodies
    before = children_rss_kib(served.service.proc.pid)
    statuses: list[int] = []

    def send() -> None:
        answer = raw_request(port, "POST", "/api/todos", {**host, "Content-Type": "application/json"},
                             _chunks(CAP - 1024, 256 * 1024))  # fmt: skip
        statuses.append(answer.status)

    threads = [threading.Thread(target=send) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    grown = children_rss_kib(served.service.proc.pid) - before
    assert len(statuses) == 16 and all(s == 422 for s in statuses), statuses  # the app read them all
    # 16 bodies of 4 MiB: buffered, the API would hold 64 MiB; streamed, a few chunks each
    assert grown < 24 * 1024, f"the API grew {grown} KiB"


def test_huge_headers_are_refused(served: Served) -> None:
    port = served.service.port
    before = children_rss_kib(served.service.proc.pid)
    big = raw_request(port, "GET", f"/preview/{served.job_id}/", {"X-Junk": "y" * 40_000})
    assert big.status == 431
    many = raw_request(port, "GET", "/healthz", {f"X-Junk-{n}": "y" for n in range(150)})
    assert many.status == 431
    for _ in range(4):  # 16 MiB each: refused by the parser while they arrive, never held
        huge = raw_request(port, "GET", "/healthz", {"X-Junk": "y" * (16 * 1024 * 1024)})
        assert huge.status in (0, 400, 431)
    assert children_rss_kib(served.service.proc.pid) - before < 16 * 1024
    assert httpx.get(f"{served.service.url}/healthz").status_code == 200
