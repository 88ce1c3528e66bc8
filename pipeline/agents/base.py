"""How every agent works: ask its provider chain, parse the answer, fall back to templates.

An agent is a prompt plus a parser. ``run_agent`` walks the agent's chain
(``Settings.chain``): each link is asked through its chat model; an answer that does not
parse is asked again with the parse error (bounded); a provider error moves on to the
next link; the offline template path is the last link and always answers.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Generic, Protocol, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from pydantic import ValidationError

from pipeline.agents.parsing import ParseError
from pipeline.artifacts import AgentName, AgentReport
from pipeline.cache import CacheStore, agent_key
from pipeline.providers.errors import ProviderError, ProviderUnavailable
from pipeline.settings import ChainLink, Settings

T = TypeVar("T")
Emit = Callable[[dict[str, Any]], None]


class ModelSource(Protocol):
    """Gives the chat model for a chain link, or raises ``ProviderUnavailable``."""

    def chat_model(self, link: ChainLink) -> BaseChatModel: ...


@dataclass
class Budget:
    """Tokens a run may still spend on LLM calls (``None``: no limit)."""

    limit: int | None = None
    used: int = 0

    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit


@dataclass
class AgentResult(Generic[T]):
    artifact: T
    report: AgentReport
    exchanges: list[dict[str, Any]] = field(default_factory=list)


@cache
def load_prompt(agent: str) -> str:
    return (resources.files("pipeline.agents") / "prompts" / f"{agent}.txt").read_text(encoding="utf-8")


@cache
def prompt_version(agent: str) -> str:
    return hashlib.sha256(load_prompt(agent).encode()).hexdigest()[:12]


async def _from_cache(
    store: CacheStore, key: str, agent: AgentName, parse: Callable[[str], T], round_: int, emit: Emit
) -> AgentResult[T] | None:
    raw = await store.get(key)
    if raw is None:
        emit({"event": "cache_miss", "agent": agent})
        return None
    try:
        record = json.loads(raw)
        artifact = parse(str(record["answer"]))
    except (ParseError, ValidationError, ValueError, KeyError, TypeError):
        return None  # an entry the current parser refuses is as good as none
    emit({"event": "cache_hit", "agent": agent, "provider": record["provider"], "model": record["model"]})
    report = AgentReport(
        agent=agent,
        provider=str(record["provider"]),
        model=str(record["model"]),
        cache_hit=True,
        round=round_,
    )
    return AgentResult(artifact, report)


def messages_for(agent: AgentName, user: str) -> list[BaseMessage]:
    return [SystemMessage(content=load_prompt(agent)), HumanMessage(content=user)]


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


async def run_agent(
    agent: AgentName,
    *,
    messages: Sequence[BaseMessage],
    parse: Callable[[str], T],
    template: Callable[[], T],
    settings: Settings,
    models: ModelSource,
    budget: Budget,
    emit: Emit,
    round_: int = 0,
    cache: CacheStore | None = None,
    cache_payload: Any = None,
) -> AgentResult[T]:
    reasons: list[str] = []
    started = time.perf_counter()
    key = None
    if cache is not None and settings.cache:
        chain = ",".join(str(link) for link in settings.chain(agent))
        payload = cache_payload if cache_payload is not None else [_text(m) for m in messages]
        key = agent_key(agent, chain, prompt_version(agent), payload)
        cached = await _from_cache(cache, key, agent, parse, round_, emit)
        if cached is not None:
            return cached
    for link in settings.chain(agent):
        if link.provider == "template":
            break
        if budget.spent():
            reasons.append(f"{link}: token budget of {budget.limit} spent")
            continue
        try:
            model = models.chat_model(link)
        except ProviderUnavailable as exc:
            reasons.append(exc.message)
            continue
        result = await _ask(
            agent, link, model, list(messages), parse, settings, budget, emit, reasons, round_
        )
        if result is not None:
            result.report.fallback_reason = "; ".join(reasons)
            if cache is not None and key is not None and result.exchanges:
                record = {
                    "answer": result.exchanges[-1]["answer"],
                    "provider": link.provider,
                    "model": link.model,
                }
                await cache.set(key, json.dumps(record), settings.cache_ttl_s)
            return result
    emit({"event": "fallback", "agent": agent, "round": round_, "to": "template", "reasons": reasons})
    artifact = template()
    report = AgentReport(
        agent=agent,
        provider="template",
        model="offline",
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        fallback_reason="; ".join(reasons) or "template path chosen",
        round=round_,
    )
    return AgentResult(artifact, report)


async def _ask(
    agent: AgentName,
    link: ChainLink,
    model: BaseChatModel,
    messages: list[BaseMessage],
    parse: Callable[[str], T],
    settings: Settings,
    budget: Budget,
    emit: Emit,
    reasons: list[str],
    round_: int,
) -> AgentResult[T] | None:
    tokens_in = tokens_out = 0
    exchanges: list[dict[str, Any]] = []
    for attempt in range(1, settings.parse_retries + 2):
        started = time.perf_counter()
        emit(
            {
                "event": "provider_call",
                "agent": agent,
                "provider": link.provider,
                "model": link.model,
                "attempt": attempt,
            }
        )
        try:
            answer = await _streamed(
                model,
                messages,
                lambda received: emit(
                    {"event": "streaming", "agent": agent, "provider": link.provider, "chars": received}
                ),
            )
        except ProviderError as exc:
            reasons.append(f"{exc.message} [{exc.kind}]")
            emit(_call_end(agent, link, attempt, started, round=round_, error=exc.kind, message=exc.message))
            return None
        latency = (time.perf_counter() - started) * 1000
        usage = getattr(answer, "usage_metadata", None) or {}
        tokens_in += int(usage.get("input_tokens", 0))
        tokens_out += int(usage.get("output_tokens", 0))
        budget.used += int(usage.get("input_tokens", 0)) + int(usage.get("output_tokens", 0))
        text = _text(answer)
        fingerprint = str(answer.response_metadata.get("key_fingerprint", ""))
        emit(
            _call_end(
                agent,
                link,
                attempt,
                started,
                round=round_,
                key=fingerprint,
                keys_tried=int(answer.response_metadata.get("attempts", 1)),
                input_tokens=int(usage.get("input_tokens", 0)),
                output_tokens=int(usage.get("output_tokens", 0)),
            )
        )
        exchange = {
            "agent": agent,
            "provider": link.provider,
            "model": link.model,
            "round": round_,
            "attempt": attempt,
            "messages": [{"role": m.type, "content": _text(m)} for m in messages],
            "answer": text,
        }
        exchanges.append(exchange)
        emit({"event": "exchange", **exchange})
        try:
            artifact = parse(text)
        except (ParseError, ValidationError, ValueError) as exc:
            problem = _short(exc)
            emit(
                {
                    "event": "parse_error",
                    "agent": agent,
                    "round": round_,
                    "provider": link.provider,
                    "attempt": attempt,
                    "error": problem,
                }
            )
            messages = [
                *messages,
                AIMessage(content=text),
                HumanMessage(
                    content=f"That answer could not be used: {problem}. Answer again with only the JSON object."
                ),
            ]
            continue
        report = AgentReport(
            agent=agent,
            provider=link.provider,
            model=link.model,
            key_fingerprint=fingerprint,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            latency_ms=round(latency, 1),
            cache_hit=bool(answer.response_metadata.get("cache_hit", False)),
            round=round_,
        )
        return AgentResult(artifact, report, exchanges)
    reasons.append(f"{link.provider}: answer could not be parsed after {settings.parse_retries + 1} tries")
    return None


def _call_end(agent: str, link: ChainLink, attempt: int, started: float, **details: Any) -> dict[str, Any]:
    """The trace event of one provider call: who, which try, how long, and what came of it."""
    return {
        "event": "provider_end",
        "agent": agent,
        "provider": link.provider,
        "model": link.model,
        "attempt": attempt,
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        **details,
    }


STREAM_EVENT_EVERY = 2000
"""Characters between two ``streaming`` progress events."""


async def _streamed(
    model: BaseChatModel, messages: list[BaseMessage], progress: Callable[[int], None]
) -> BaseMessage:
    """The whole answer, streamed where the provider streams, reporting progress as it arrives."""
    merged: AIMessageChunk | None = None
    received = reported = 0
    async for chunk in model.astream(messages):
        merged = chunk if merged is None else merged + chunk
        received += len(chunk.content) if isinstance(chunk.content, str) else 0
        if received - reported >= STREAM_EVENT_EVERY:
            reported = received
            progress(received)
    if merged is None:
        return AIMessage(content="")
    return merged


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{exc.error_count()} validation error(s), first at {where or 'top level'}: {first.get('msg')}"
    return str(exc)[:300]
