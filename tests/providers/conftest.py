"""Helpers for provider tests: keys in each provider's shape, a client for the fake server.
The fake server fixtures themselves are in the root conftest."""

from __future__ import annotations

from pipeline.keypool import KeyPool, KeySpec
from pipeline.providers.chat import PoolChatModel
from pipeline.providers.fake_server import FakeLLMServer

PREFIX = {"gemini": "AIza", "groq": "gsk_", "deepseek": "sk-", "openrouter": "sk-or-v1-", "local": ""}


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
