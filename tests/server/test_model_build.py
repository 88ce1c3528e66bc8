"""A model build later: an app the templates made in part is built again by a model once the key
pool has room. Everything is real: the service (with SAQ and a queue worker, or its local job
process), a key pool in Redis that a real 429 from the fake provider over loopback has cooled,
and the model build's calls reaching that provider only after the pool had room again."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from pathlib import Path

import httpx
import pytest
import redis

from pipeline.keypool import KeyPool, KeySpec
from pipeline.providers.chat import PoolChatModel
from pipeline.server.model_build import Room
from pipeline.testing.fake_llm import FakeLLMServer
from tests.server.test_queue import QueueWorker
from tests.server.test_service import SECRET, Service, service_env, wait_done

DB = "redis://127.0.0.1:6379/6"
PARTLY = "a todo app that sends email reminders"  # a todo list, but nothing is ever sent: partial


def test_the_words_say_roughly_when_and_why() -> None:
    now = 1_000_000.0
    assert Room(now + 3 * 3600 + 200, "requests per day", now).words() == (
        "in about 3 hours, when the daily quota resets"
    )
    assert Room(now + 20, "cooling after a rate limit", now).words() == (
        "in under a minute, when a provider's rate limit ends"
    )
    assert Room(now + 600, "requests per minute", now).words().startswith("in about 10 minutes")
    assert not Room(now, "", now).waits
    assert Room(None, "no keys configured", now).words().startswith("never")


def _cool_the_pool(fake: FakeLLMServer) -> None:
    """Two calls on the service's one key through a pool on the same Redis: the fake provider
    allows one a minute, so the second is a real 429 that cools the key's group."""

    async def calls() -> None:
        pool = KeyPool([KeySpec("groq", SECRET)], DB)
        model = PoolChatModel(
            provider="groq", model_name="openai/gpt-oss-120b", base_url=fake.urls["groq"], pool=pool,
            max_attempts=1, wait_for_capacity_s=0, timeout_s=10,
        )  # fmt: skip
        await model.ainvoke("hello")
        with pytest.raises(Exception):  # noqa: B017  (the provider error, whichever class it is)
            await model.ainvoke("hello again")
        at, why = await pool.room_at()
        assert at is not None and at > time.time() and why == "cooling after a rate limit"
        await pool.close()

    fake.rpm = 1
    # on a thread of its own: a sync Playwright in this thread already runs an event loop
    with concurrent.futures.ThreadPoolExecutor(1) as one:
        one.submit(asyncio.run, calls()).result(60)
    fake.rpm = 0  # once the cool-off ends the provider answers again
    fake.calls.clear()


def _cool_again(until: float) -> float:
    """The key's group cooled until ``until``, as a provider's later 429 would (in the pool's store)."""

    async def cool() -> None:
        pool = KeyPool([KeySpec("groq", SECRET)], DB)
        await pool.store.cool_group(pool.specs[0].limit_group, until, time.time())
        await pool.close()

    asyncio.run(cool())
    return until


@pytest.mark.parametrize("mode", ["queue", "local"])
def test_a_model_build_waits_for_the_pool_and_then_runs(
    tmp_path: Path, fake_in_thread: FakeLLMServer, mode: str
) -> None:
    fake = fake_in_thread
    redis.Redis.from_url(DB).flushdb()
    env = {
        **{f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()},
        "PIPELINE_KEY_STORE": DB, "PIPELINE_CACHE": "false", "RATE_LIMIT_GENERATION": "1000/minute",
        **({"PIPELINE_REDIS_URL": DB} if mode == "queue" else {}),
    }  # fmt: skip
    api = Service(tmp_path, **env)
    worker = QueueWorker(tmp_path, service_env(tmp_path, **env), concurrency=2) if mode == "queue" else None
    try:
        with httpx.Client(base_url=api.url, timeout=30) as client:
            made = client.post("/api/v1/generate", json={"prompt": PARTLY, "options": {"offline": True}})
            first, secret = made.json()["job_id"], made.json()["job_secret"]
            job = wait_done(client, first)
            assert job["status"] == "succeeded" and job["summary"]["fit"] == "partial", job  # type: ignore[index]
            assert fake.calls == []  # offline: the templates made it
            owner = {"X-Job-Secret": secret}
            assert client.post(f"/api/v1/jobs/{first}/model-build").status_code == 403  # only its owner

            _cool_the_pool(fake)
            room = client.get("/api/v1/model-room").json()
            assert room["model_keys"] and room["at"] > time.time()
            assert room["words"] == "in under a minute, when a provider's rate limit ends"

            asked = client.post(f"/api/v1/jobs/{first}/model-build", headers=owner)
            assert asked.status_code == 202, asked.text
            build = asked.json()
            assert build["version"] == 2 and build["status"] == "queued"
            assert build["starts"]["words"].endswith("when a provider's rate limit ends")
            twice = client.post(f"/api/v1/jobs/{first}/model-build", headers=owner)
            assert twice.status_code == 409 and twice.json()["detail"] == "v2 is queued"  # one is enough
            waiting = client.get(f"/api/v1/jobs/{build['job_id']}").json()
            assert waiting["status"] == "queued" and waiting["waiting"]["at"] == build["starts"]["at"]
            assert waiting["prompt"] == PARTLY and waiting["options"]["model_build"] is True
            assert not waiting["options"]["offline"]

            # the provider cools the key again before the job's time comes: when it comes the job
            # finds no room, and waits again on the queue until the new time
            again_at = _cool_again(build["starts"]["at"] + 8)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                job = client.get(f"/api/v1/jobs/{build['job_id']}").json()
                if job["status"] != "queued" or job["waiting"]["at"] != build["starts"]["at"]:
                    break
                time.sleep(0.5)
            assert job["status"] == "queued" and job["waiting"]["at"] == round(again_at, 3), job

            done = wait_done(client, build["job_id"], timeout=180)
            assert done["status"] in ("succeeded", "partial"), done
            # it started only once the pool had room, and a model (the fake groq) built it
            assert float(done["started_at"]) >= again_at  # type: ignore[arg-type]
            assert done.get("waiting") is None
            assert any(c["provider"] == "groq" for c in fake.calls), fake.calls
            agents = {a["agent"]: a["provider"] for a in done["summary"]["agents"]}  # type: ignore[index]
            assert agents["backend"] == "groq", agents
            versions = client.get(f"/api/v1/jobs/{first}/versions").json()["versions"]
            assert [(v["version"], v["made"], v["request"]) for v in versions] == [
                (1, "generate", PARTLY), (2, "generate", PARTLY),
            ]  # fmt: skip

            # an app the templates made in full is not built again
            full = client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            )
            wait_done(client, full.json()["job_id"])
            again = client.post(
                f"/api/v1/jobs/{full.json()['job_id']}/model-build",
                headers={"X-Job-Secret": full.json()["job_secret"]},
            )
            assert again.status_code == 409 and again.json()["title"] == "the templates made this app in full"
    finally:
        if worker is not None:
            worker.stop()
        api.stop()
        redis.Redis.from_url(DB).flushdb()


def test_without_model_keys_a_model_build_is_refused_plainly(tmp_path: Path) -> None:
    api = Service(tmp_path, GROQ_API_KEYS="")
    try:
        with httpx.Client(base_url=api.url, timeout=30) as client:
            assert client.get("/api/v1/model-room").json()["model_keys"] is False
            made = client.post("/api/v1/generate", json={"prompt": PARTLY, "options": {"offline": True}})
            first = made.json()["job_id"]
            assert wait_done(client, first)["status"] == "succeeded"
            refused = client.post(
                f"/api/v1/jobs/{first}/model-build", headers={"X-Job-Secret": made.json()["job_secret"]}
            )
            assert refused.status_code == 409
            body = refused.json()
            assert body["title"] == "this service has no model key it can use"
            assert body["detail"].startswith("no keys configured: a model build cannot be queued")
            versions = client.get(f"/api/v1/jobs/{first}/versions").json()["versions"]
            assert len(versions) == 1  # nothing was queued
    finally:
        api.stop()
