"""A fake provider server on a real loopback socket, per test."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator

import pytest

from pipeline.keypool import KeyPool, KeySpec
from pipeline.providers.chat import PoolChatModel
from pipeline.providers.fake_server import FakeLLMServer

PREFIX = {"gemini": "AIza", "groq": "gsk_", "deepseek": "sk-", "openrouter": "sk-or-v1-", "local": ""}


@pytest.fixture
async def fake() -> AsyncIterator[FakeLLMServer]:
    server = await FakeLLMServer().start()
    yield server
    await server.stop()


@pytest.fixture
def fake_in_thread() -> Iterator[FakeLLMServer]:
    """The server on its own loop in a thread, for synchronous callers."""
    loop = asyncio.new_event_loop()
    server = FakeLLMServer()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def key(provider: str, tag: str = "good", n: int = 0) -> str:
    return f"{PREFIX[provider]}test-{tag}-{n:02d}-0123456789"


def model_for(
    fake: FakeLLMServer, provider: str, *tags: str, timeout_s: float = 10.0, **pool_options: object
) -> PoolChatModel:
    specs = [KeySpec(provider, key(provider, tag, i)) for i, tag in enumerate(tags or ("good",))]
    pool = KeyPool(specs, "memory", **pool_options)  # type: ignore[arg-type]
    return PoolChatModel(
        provider=provider,
        model_name="test-model",
        base_url=fake.urls[provider],
        pool=None if provider == "local" else pool,
        timeout_s=timeout_s,
        extra_headers={"HTTP-Referer": "https://example.test", "X-Title": "pipeline-tests"}
        if provider == "openrouter"
        else {},
    )
