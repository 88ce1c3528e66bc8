"""Provider clients against the fake provider's faithful wire formats: through httpx's
MockTransport (``wire``), and over a real socket where only a socket shows the behaviour (a
provider that never answers, the synchronous entry point)."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from pipeline.keypool import fingerprint
from pipeline.providers import errors as e
from pipeline.testing.fake_llm import FakeLLM, FakeLLMServer
from tests.providers.conftest import key, model_for

PROVIDERS = ["gemini", "groq", "deepseek", "openrouter", "local"]
KEYED = ["gemini", "groq", "deepseek", "openrouter"]
PROMPT = [
    SystemMessage(content="You are CORE, the planner."),
    HumanMessage(content="Request: build a todo app"),
]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_success_returns_the_answer_usage_and_key_fingerprint(wire: FakeLLM, provider: str) -> None:
    model = model_for(wire, provider)
    answer = await model.ainvoke(PROMPT, json_mode=True, max_tokens=900)
    plan = json.loads(str(answer.content))
    assert plan["app_name"] == "Todo List"
    assert answer.usage_metadata is not None and answer.usage_metadata["output_tokens"] > 100
    expected_fp = "" if provider == "local" else fingerprint(key(provider))
    assert answer.response_metadata["key_fingerprint"] == expected_fp
    call = wire.calls[-1]
    assert call["provider"] == provider and call["agent"] == "core"
    request = call["request"]
    if provider == "gemini":
        assert request["systemInstruction"]["parts"][0]["text"].startswith("You are CORE")
        assert request["contents"] == [{"role": "user", "parts": [{"text": "Request: build a todo app"}]}]
        assert request["generationConfig"]["responseMimeType"] == "application/json"
        assert request["generationConfig"]["maxOutputTokens"] == 900
    else:
        assert request["max_tokens"] == 900
        assert request["model"] == "test-model"
        assert [m["role"] for m in request["messages"]] == ["system", "user"]
        assert request["response_format"] == {"type": "json_object"}
    if provider == "openrouter":
        assert call["headers"] == {"http-referer": "https://example.test", "x-title": "pipeline-tests"}


@pytest.mark.parametrize("provider", ["gemini", "groq", "openrouter"])
async def test_streaming_yields_the_same_text_and_usage(wire: FakeLLM, provider: str) -> None:
    model = model_for(wire, provider)
    chunks = [chunk async for chunk in model.astream(PROMPT)]
    text = "".join(str(c.content) for c in chunks)
    assert json.loads(text)["slug"] == "todo-list"
    assert len(chunks) > 3
    usage = [c.usage_metadata for c in chunks if c.usage_metadata]
    assert usage and usage[-1]["output_tokens"] > 100
    assert wire.calls[-1]["stream"] is True


@pytest.mark.parametrize("provider", ["gemini", "groq"])
async def test_streaming_swaps_a_failing_key_before_the_first_chunk(wire: FakeLLM, provider: str) -> None:
    events: list[dict[str, object]] = []
    model = model_for(wire, provider, "invalid", "good", on_event=events.append)
    text = "".join([str(c.content) async for c in model.astream(PROMPT)])
    assert json.loads(text)["app_name"] == "Todo List"
    assert [ev["to"] for ev in events] == ["retired"]
    stats = await model.pool.stats()  # type: ignore[union-attr]
    assert stats[provider]["keys"][1]["usage"]["total_tokens"] > 100  # the streamed usage was reported


@pytest.mark.parametrize("provider", KEYED)
async def test_a_429_cools_that_key_and_the_next_key_answers(wire: FakeLLM, provider: str) -> None:
    events: list[dict[str, object]] = []
    model = model_for(wire, provider, "limited", "good", on_event=events.append)
    answer = await model.ainvoke(PROMPT)
    assert answer.response_metadata["key_fingerprint"] == fingerprint(key(provider, "good", 1))
    assert answer.response_metadata["attempts"] == 2
    cooling = [ev for ev in events if ev["to"] == "cooling"]
    assert cooling and cooling[0]["key"] == fingerprint(key(provider, "limited", 0))
    # the provider asked for 30 s (Retry-After, Groq's headers, Gemini's RetryInfo): never sooner
    assert float(cooling[0]["until"]) - wire.calls[0]["ts"] == pytest.approx(30, abs=2)


@pytest.mark.parametrize("provider", KEYED)
async def test_all_keys_rate_limited_means_provider_unavailable_with_a_retry_time(
    wire: FakeLLM, provider: str
) -> None:
    model = model_for(wire, provider, "limited", "limited")
    model.wait_for_capacity_s = 0.5
    with pytest.raises(e.ProviderUnavailable) as caught:
        await model.ainvoke(PROMPT)
    assert caught.value.retry_after == pytest.approx(30, abs=2)
    assert len(wire.calls) == 2  # each key once; nothing retried before the provider's time


@pytest.mark.parametrize("provider", ["gemini", "groq", "openrouter"])  # DeepSeek sets no daily quota
async def test_daily_quota_is_told_apart_from_a_minute_limit(wire: FakeLLM, provider: str) -> None:
    events: list[dict[str, object]] = []
    model = model_for(wire, provider, "daily", "good", on_event=events.append)
    await model.ainvoke(PROMPT)
    assert any(ev["reason"] == "daily quota exhausted" for ev in events), events


@pytest.mark.parametrize(
    ("provider", "tag", "error"),
    [(p, "invalid", "retired") for p in KEYED]
    + [("openrouter", "broke", "retired"), ("deepseek", "broke", "retired")],
)
async def test_rejected_or_unpaid_keys_are_retired_and_never_leak(
    wire: FakeLLM, provider: str, tag: str, error: str
) -> None:
    events: list[dict[str, object]] = []
    model = model_for(wire, provider, tag, "good", on_event=events.append)
    answer = await model.ainvoke(PROMPT)
    assert answer.response_metadata["key_fingerprint"] == fingerprint(key(provider, "good", 1))
    retired = [ev for ev in events if ev["to"] == error]
    assert [ev["key"] for ev in retired] == [fingerprint(key(provider, tag, 0))]
    stats = await model.pool.stats()  # type: ignore[union-attr]
    assert stats[provider]["active_keys"] == 1
    assert key(provider, tag, 0) not in json.dumps(stats) + json.dumps(events)


@pytest.mark.parametrize("provider", KEYED)
async def test_a_single_bad_key_raises_the_typed_error_then_unavailable(wire: FakeLLM, provider: str) -> None:
    model = model_for(wire, provider, "invalid")
    with pytest.raises(e.ProviderUnavailable, match="no key will have room"):
        await model.ainvoke(PROMPT)
    model = model_for(wire, provider, "invalid")
    model.max_attempts = 1
    with pytest.raises(e.KeyInvalid) as caught:
        await model.ainvoke(PROMPT)
    assert key(provider, "invalid") not in str(caught.value)
    assert "****" not in str(caught.value)  # DeepSeek echoes a masked key: redacted too


@pytest.mark.parametrize(
    ("tag", "error"),
    [
        ("trunc", e.MalformedResponse),
        ("html", e.MalformedResponse),
        ("down", e.ProviderDown),
        ("inbody", e.ProviderDown),
    ],
)
async def test_broken_answers_are_typed(wire: FakeLLM, tag: str, error: type[Exception]) -> None:
    provider = "openrouter"
    model = model_for(wire, provider, tag)
    model.max_attempts = 1
    with pytest.raises(error):
        await model.ainvoke(PROMPT)


async def test_deepseek_keep_alive_blank_lines_before_the_body_are_fine(wire: FakeLLM) -> None:
    model = model_for(wire, "deepseek", "keepalive")
    answer = await model.ainvoke(PROMPT)
    assert json.loads(str(answer.content))["app_name"] == "Todo List"


async def test_a_provider_that_never_answers_times_out(fake: FakeLLMServer) -> None:
    model = model_for(fake, "groq", "slow", timeout_s=0.5)
    model.max_attempts = 1
    with pytest.raises(e.ProviderDown, match="no answer within"):
        await model.ainvoke(PROMPT)


async def test_repeated_5xx_opens_the_breaker(wire: FakeLLM) -> None:
    events: list[dict[str, object]] = []
    model = model_for(wire, "gemini", "down", on_event=events.append, failure_threshold=3, cooloff_s=60)
    model.max_attempts = 5
    with pytest.raises(e.ProviderUnavailable, match="circuit open"):
        await model.ainvoke(PROMPT)
    assert len(wire.calls) == 3
    assert [(ev["from"], ev["to"]) for ev in events] == [("closed", "open")]


def test_sync_invoke_works_too(fake_in_thread: FakeLLMServer) -> None:
    model = model_for(fake_in_thread, "groq")
    answer = model.invoke(PROMPT)
    assert json.loads(str(answer.content))["kind"] == "todo"
