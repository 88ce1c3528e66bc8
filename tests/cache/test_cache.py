"""Agent-level caching: precise keys, shared downstream work, every store."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from pipeline import PipelineContext, Settings, build_graph
from pipeline.cache import agent_key, normalize_request
from pipeline.cache.stores import MemoryCache, RedisCache, SqliteCache
from pipeline.testing.fake_llm import FakeLLMServer
from tests.providers.conftest import key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Please build me a TODO app!", "todo app"),
        ("make a simple to-do application", "build a todo app"),
        ("  Expense   tracker, with categories. ", "expense tracker with categories"),
    ],
)
def test_requests_that_say_the_same_thing_normalize_the_same(a: str, b: str) -> None:
    assert normalize_request(a) == normalize_request(b)


def test_requests_that_differ_in_an_entity_or_feature_do_not() -> None:
    assert normalize_request("expense tracker with categories") != normalize_request(
        "expense tracker with tags"
    )
    assert normalize_request("a library to track books and members") != normalize_request(
        "a library to track books"
    )


def test_keys_change_with_chain_prompt_version_and_payload() -> None:
    base = agent_key("arch", "deepseek:deepseek-chat", "v1", {"a": 1})
    assert base == agent_key("arch", "deepseek:deepseek-chat", "v1", {"a": 1})
    assert base != agent_key("arch", "groq:llama", "v1", {"a": 1})
    assert base != agent_key("arch", "deepseek:deepseek-chat", "v2", {"a": 1})
    assert base != agent_key("arch", "deepseek:deepseek-chat", "v1", {"a": 2})


@pytest.mark.parametrize("kind", ["memory", "sqlite", "redis"])
async def test_stores_get_set_and_expire(kind: str, tmp_path: Path) -> None:
    store = {
        "memory": lambda: MemoryCache(),
        "sqlite": lambda: SqliteCache(tmp_path / "c.db"),
        "redis": lambda: RedisCache("redis://127.0.0.1:6379/15", namespace=f"test:cache:{uuid.uuid4().hex}"),
    }[kind]()
    assert await store.get("k") is None
    await store.set("k", "v", 60)
    assert await store.get("k") == "v"
    await store.set("gone", "v", -1 if kind != "redis" else 1)
    if kind == "redis":
        import asyncio

        await asyncio.sleep(1.2)
    assert await store.get("gone") is None
    assert (store.hits, store.misses) == (1, 2)
    await store.close()


def http_settings(fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for provider in ("gemini", "groq", "deepseek", "openrouter"):
        monkeypatch.setenv(f"{provider.upper()}_API_KEYS", key(provider))
    return Settings(**{f"{p}_base_url": url for p, url in fake.urls.items()}, key_store="memory")  # type: ignore[arg-type]


async def run(prompt: str, settings: Settings, cache: MemoryCache) -> list[tuple[str, bool]]:
    result = await build_graph().ainvoke(
        {"prompt": prompt}, context=PipelineContext(settings=settings, cache=cache)
    )
    return [(r.agent, r.cache_hit) for r in result["summary"].agents if r.agent != "debug"]


async def test_same_app_shares_all_downstream_work_different_app_shares_nothing(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = http_settings(fake, monkeypatch)
    cache = MemoryCache()
    first = await run("build a todo app", settings, cache)
    assert all(not hit for _, hit in first)
    calls = len(fake.calls)
    second = await run("Please build me a TODO app!", settings, cache)
    assert all(hit for _, hit in second) and len(second) == 4
    assert len(fake.calls) == calls  # no provider was asked
    third = await run("expense tracker with categories and monthly totals", settings, cache)
    assert all(not hit for _, hit in third)
    assert len(fake.calls) == calls + 4


async def test_no_cache_asks_again(fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = http_settings(fake, monkeypatch)
    cache = MemoryCache()
    await run("build a todo app", settings, cache)
    calls = len(fake.calls)
    again = await run("build a todo app", settings.model_copy(update={"cache": False}), cache)
    assert all(not hit for _, hit in again)
    assert len(fake.calls) == calls + 4


async def test_template_answers_are_not_cached(tmp_path: Path) -> None:
    cache = MemoryCache()
    settings = Settings(data_dir=tmp_path)
    await run("build a todo app", settings, cache)
    assert cache._data == {}
