"""Helpers for provider tests: keys in each provider's shape, and a client for the fake provider,
either through httpx's MockTransport (``wire``: wire-format tests, no socket) or over a loopback
socket (the root conftest's ``fake`` server: what only a socket shows)."""

from __future__ import annotations

import pytest

from pipeline.keypool import KeyPool, KeySpec
from pipeline.providers.chat import PoolChatModel
from pipeline.testing.fake_llm import FakeLLM, FakeLLMServer, base_urls, mock_transport

PREFIX = {"gemini": "AIza", "groq": "gsk_", "deepseek": "sk-", "openrouter": "sk-or-v1-", "local": ""}


def key(provider: str, tag: str = "good", n: int = 0) -> str:
    return f"{PREFIX[provider]}test-{tag}-{n:02d}-0123456789"


@pytest.fixture
def wire() -> FakeLLM:
    """The fake provider behind a MockTransport: requests never touch a socket."""
    return FakeLLM()


def model_for(
    fake: FakeLLM, provider: str, *tags: str, timeout_s: float = 10.0, **pool_options: object
) -> PoolChatModel:
    specs = [KeySpec(provider, key(provider, tag, i)) for i, tag in enumerate(tags or ("good",))]
    pool = KeyPool(specs, "memory", **pool_options)  # type: ignore[arg-type]
    return PoolChatModel(
        provider=provider,
        model_name="test-model",
        base_url=fake.urls[provider]
        if isinstance(fake, FakeLLMServer)
        else base_urls(443, "fake.test")[provider],
        transport=None if isinstance(fake, FakeLLMServer) else mock_transport(fake),
        pool=None if provider == "local" else pool,
        timeout_s=timeout_s,
        extra_headers={"HTTP-Referer": "https://example.test", "X-Title": "pipeline-tests"}
        if provider == "openrouter"
        else {},
    )
