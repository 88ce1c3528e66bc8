"""The service as an attacker meets it: jobs only their creator can change, one review answer
wins, bodies capped as they stream, bad ids and headers refused cleanly, everything kept expires,
and public records that name no host or process."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline.server.daily import MemoryDaily, RedisDaily
from pipeline.server.jobs import MemoryJobs, RedisJobs, new_job_id, new_record
from pipeline.stores.ratelimit import MemoryLimiter, Rate
from tests.server.test_service import Service, wait_done
from tests.server.test_service import service as service  # the fixture

REDIS_URL = "redis://127.0.0.1:6379/13"


def start_review_job(client: httpx.Client, **headers: str) -> dict[str, str]:
    accepted = client.post(
        "/api/v1/generate",
        json={"prompt": "build a todo app", "options": {"offline": True, "review": True}},
        headers=headers,
    )
    assert accepted.status_code == 202, accepted.text
    body: dict[str, str] = accepted.json()
    assert (
        wait_done(client, body["job_id"], until=("awaiting_review", "failed"))["status"] == "awaiting_review"
    )
    return body


@pytest.fixture
def token_service(tmp_path: Path) -> Iterator[Service]:
    svc = Service(tmp_path, PIPELINE_API_TOKENS="token-of-alice,token-of-bob", PIPELINE_REVIEW_TTL_S="600")
    yield svc
    svc.stop()


def test_only_the_token_that_made_a_job_can_review_it(token_service: Service) -> None:
    with httpx.Client(base_url=token_service.url, timeout=30) as client:
        job = start_review_job(client, Authorization="Bearer token-of-alice")
        assert job["job_secret"] is None
        review = f"/api/v1/jobs/{job['job_id']}/review"
        anonymous = client.post(review, json={"action": "reject"})
        assert (
            anonymous.status_code == 403 and anonymous.headers["content-type"] == "application/problem+json"
        )
        other = client.post(
            review, json={"action": "reject"}, headers={"Authorization": "Bearer token-of-bob"}
        )
        assert other.status_code == 403
        assert client.get(f"/api/v1/jobs/{job['job_id']}").json()["status"] == "awaiting_review"
        mine = client.post(
            review, json={"action": "reject"}, headers={"Authorization": "Bearer token-of-alice"}
        )
        assert mine.status_code == 202
        assert wait_done(client, job["job_id"], until=("rejected",))["status"] == "rejected"


def test_a_plan_edit_carrying_code_in_a_name_is_refused_with_422(service: Service) -> None:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        job = start_review_job(client)
        plan = client.get(f"/api/v1/jobs/{job['job_id']}").json()["review"]["plan"]
        plan["entities"][0]["name"] = 'todo"); import os; os.system("id'
        owner = {"X-Job-Secret": job["job_secret"]}
        refused = client.post(
            f"/api/v1/jobs/{job['job_id']}/review", json={"action": "edit", "plan": plan}, headers=owner
        )
        assert refused.status_code == 422 and "is not a name" in refused.json()["detail"]
        assert client.get(f"/api/v1/jobs/{job['job_id']}").json()["status"] == "awaiting_review"
        plan["entities"][0]["name"] = "todo"
        plan["entities"][0]["label"] = (
            'Todo" + str(__import__("os").getpid()) + "'  # text: kept, only ever a string
        )
        answered = client.post(
            f"/api/v1/jobs/{job['job_id']}/review", json={"action": "edit", "plan": plan}, headers=owner
        )
        assert answered.status_code == 202


def test_without_tokens_the_job_secret_is_the_owner_and_one_answer_wins(service: Service) -> None:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        job = start_review_job(client)
        assert re.fullmatch(r"[0-9a-f]{32}", job["job_id"])
        review = f"/api/v1/jobs/{job['job_id']}/review"
        assert client.post(review, json={"action": "approve"}).status_code == 403
        wrong = client.post(review, json={"action": "approve"}, headers={"X-Job-Secret": "guess"})
        assert wrong.status_code == 403
        record = client.get(f"/api/v1/jobs/{job['job_id']}").json()
        assert not {"owner", "worker"} & set(record)
        assert job["job_secret"] not in client.get(f"/api/v1/jobs/{job['job_id']}").text

    async def race() -> list[int]:
        async with httpx.AsyncClient(base_url=service.url, timeout=30) as aclient:
            answers = await asyncio.gather(
                *(
                    # from six clients: an answer counts against its client's limit, as any work does
                    aclient.post(
                        review,
                        json={"action": "approve"},
                        headers={"X-Job-Secret": job["job_secret"], "X-Forwarded-For": f"10.5.0.{n}"},
                    )
                    for n in range(6)
                )
            )
        return sorted(a.status_code for a in answers)

    assert asyncio.run(race()) == [202, 409, 409, 409, 409, 409]


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_review_claims_are_atomic(store: str) -> None:
    jobs = MemoryJobs() if store == "memory" else RedisJobs(REDIS_URL)
    job_id = new_job_id()
    await jobs.create(job_id, new_record(job_id, "x", {}))
    await jobs.update(job_id, status="awaiting_review")
    claims = await asyncio.gather(*(jobs.claim_review(job_id) for _ in range(20)))
    assert sorted(claims) == ["claimed"] + ["queued"] * 19
    await jobs.close()


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_a_review_nobody_answers_expires(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.server.jobs.REVIEW_TTL_S", 0.2)
    jobs = MemoryJobs() if store == "memory" else RedisJobs(REDIS_URL)
    job_id = new_job_id()
    await jobs.create(job_id, new_record(job_id, "x", {}))
    await jobs.update(job_id, status="awaiting_review")
    assert (await jobs.get(job_id) or {})["status"] == "awaiting_review"
    await asyncio.sleep(0.3)
    assert (await jobs.get(job_id) or {})["status"] == "expired"
    assert await jobs.claim_review(job_id) == "expired"
    await jobs.close()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_60_mb_chunked_body_is_refused_as_it_streams(service: Service) -> None:
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        chunk = b'{"prompt": "' + b"x" * (1024 * 1024 - 12)
        yield chunk
        sent += len(chunk)
        for _ in range(59):
            yield b"x" * (1024 * 1024)
            sent += 1024 * 1024

    before = _rss_kib(service.proc.pid)
    with httpx.Client(base_url=service.url, timeout=60) as client:
        try:
            answer = client.post(
                "/api/v1/generate", content=body(), headers={"content-type": "application/json"}
            )
            status = answer.status_code
        except httpx.HTTPError:  # the server may close the connection once it has answered
            status = 413
        grown = _rss_kib(service.proc.pid) - before
        assert status == 413
        assert grown < 16 * 1024, f"the API grew {grown} KiB"
        assert client.get("/healthz").status_code == 200
    assert sent < 60 * 1024 * 1024 or status == 413


def test_bad_job_ids_and_event_ids_are_404_and_400(service: Service) -> None:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        for bad in ("nope", "0" * 31, "z" * 32, "0" * 33, "%00", "..%2f..%2fetc", "a" * 5000, "' OR 1=1"):
            for suffix in ("", "/events", "/archive", "/files"):
                answer = client.get(f"/api/v1/jobs/{bad}{suffix}")
                assert answer.status_code == 404, (bad, suffix, answer.text)
            assert client.post(f"/api/v1/jobs/{bad}/review", json={"action": "approve"}).status_code == 404
        job_id = client.post(
            "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
        ).json()["job_id"]
        events = f"/api/v1/jobs/{job_id}/events"
        for last in ("abc", "-1", "1e3", "99999999999999999999", "\u0663".encode()):
            assert client.get(events, headers={"Last-Event-ID": last}).status_code == 400, last
        wait_done(client, job_id)
        assert client.get(events, headers={"Last-Event-ID": "2"}).status_code == 200


def test_the_memory_limiter_forgets_idle_clients() -> None:
    now = [0.0]
    limiter = MemoryLimiter(Rate(5, 60), clock=lambda: now[0])

    async def hits() -> None:
        for i in range(1000):
            await limiter.hit(f"client-{i}")
        now[0] += 61
        await limiter.hit("late")

    asyncio.run(hits())
    assert len(limiter) == 1


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_spend_is_never_negative(store: str) -> None:
    daily = (
        MemoryDaily() if store == "memory" else RedisDaily(REDIS_URL, namespace=f"test:daily:{new_job_id()}")
    )
    await daily.settle("groq", -0.5)  # a settlement with no reservation behind it
    assert (await daily.figures())["spend_usd"] == 0
    assert await daily.reserve("groq", 0.25, 1e15)
    await daily.settle("groq", -0.1)
    figures = await daily.figures()
    assert figures["spend_usd"] == pytest.approx(0.15) and figures["spend_by_provider"][
        "groq"
    ] == pytest.approx(0.15)
    await daily.close()
