"""Asking one chain link: the answer streamed, continued while it was cut at the output limit,
parsed, and asked again with the parse error (bounded). Every call is sized to the model and
reported as trace events."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from pydantic import ValidationError

from pipeline.agents.briefs import CONTINUE, text_of
from pipeline.agents.parsing import ParseError
from pipeline.agents.sizing import Room, estimate
from pipeline.agents.spend import Usage
from pipeline.agents.types import AgentResult, Budget, CallSpec, Emit, ModelSource, T
from pipeline.artifacts import AgentName, AgentReport
from pipeline.events import Exchange, ProviderEnd, Streaming
from pipeline.providers.errors import ModelRetired, ProviderError
from pipeline.settings import ChainLink, Settings


@dataclass
class LinkCall:
    """Everything one agent step's calls to one link share."""

    agent: AgentName
    link: ChainLink
    model: BaseChatModel
    settings: Settings
    budget: Budget
    emit: Emit
    round: int
    spec: CallSpec
    options: dict[str, Any]
    """Per-call options: ``max_tokens``, ``json_mode``."""
    usage: Usage
    reasons: list[str]
    """Why links were left: this call appends its own reason when it gives up."""


def room_for(models: ModelSource, link: ChainLink) -> Room:
    info = models.info(link)
    if info is None:
        return Room(context=128_000, max_output=8_192)
    return Room(context=info.context, max_output=info.max_output, tpm=info.tpm)


def call_options(models: ModelSource, link: ChainLink, call: CallSpec, max_tokens: int) -> dict[str, Any]:
    options: dict[str, Any] = {"max_tokens": max_tokens}
    info = models.info(link)
    if info is not None:  # our provider clients: JSON mode only where the catalog says it works
        options["json_mode"] = call.json_mode and info.json_mode
    return options


async def complete(c: LinkCall, messages: list[BaseMessage], attempt: int) -> tuple[str, str]:
    """One answer, continued while it was cut: (the joined text, the last key fingerprint)."""
    agent, link, settings, budget, emit, round_ = c.agent, c.link, c.settings, c.budget, c.emit, c.round
    call, options, usage, model = c.spec, c.options, c.usage, c.model
    text = ""
    fingerprint = ""
    asked = list(messages)
    for piece in range(settings.continuations + 1):
        started = time.perf_counter()
        emit(
            {
                "event": "provider_call",
                "agent": agent,
                "provider": link.provider,
                "model": link.model,
                "attempt": attempt,
                "continuation": piece,
                "max_tokens": options.get("max_tokens"),
                "prompt_tokens": sum(estimate(text_of(m)) for m in asked),
            }
        )
        so_far = text

        def progress(received: str, so_far: str = so_far) -> None:
            extra = call.progress(so_far + received) if call.progress else {}
            emit(cast(Streaming, {"event": "streaming", "agent": agent, "provider": link.provider,
                  "chars": len(so_far) + len(received), **extra}))  # fmt: skip

        try:
            answer = await _streamed(model, asked, progress, options)
        except ProviderError as exc:
            emit(_call_end(agent, link, attempt, started, round=round_, error=exc.kind, message=exc.message))
            if text and exc.kind != "model_retired":
                break  # keep what was received; the parser decides whether it is usable
            raise
        used = getattr(answer, "usage_metadata", None) or {}
        estimated = bool(answer.response_metadata.get("usage_estimated", False)) or not used
        tokens_in = int(used.get("input_tokens", 0)) or sum(estimate(text_of(m)) for m in asked)
        tokens_out = int(used.get("output_tokens", 0)) or estimate(text_of(answer))
        usage.tokens_in += tokens_in
        usage.tokens_out += tokens_out
        usage.calls += 1
        cached = int((used.get("input_token_details") or {}).get("cache_read", 0) or 0)
        cost = usage.priced(link, tokens_in, tokens_out, cached)
        budget.cost_used += cost or 0.0
        usage.estimated = usage.estimated or estimated
        budget.used += tokens_in + tokens_out
        fingerprint = str(answer.response_metadata.get("key_fingerprint", "")) or fingerprint
        finish = str(answer.response_metadata.get("finish_reason", "") or "")
        emit(
            _call_end(
                agent, link, attempt, started, round=round_, key=fingerprint,
                keys_tried=int(answer.response_metadata.get("attempts", 1)),
                input_tokens=tokens_in, output_tokens=tokens_out, usage_estimated=estimated,
                finish_reason=finish, continuation=piece, cost_usd=cost,
            )
        )  # fmt: skip
        more = text_of(answer)
        text = (call.join or (lambda a, b: a + b))(text, more) if text else more
        cut = finish == "length" or (call.incomplete is not None and call.incomplete(text))
        if not cut or not more.strip() or piece == settings.continuations or budget.spent():
            break
        usage.continuations += 1
        emit({"event": "continuation", "agent": agent, "round": round_, "provider": link.provider,
              "chars": len(text), "reason": finish or "open block"})  # fmt: skip
        asked = [*messages, AIMessage(content=text), HumanMessage(content=CONTINUE)]
    return text, fingerprint


async def ask(c: LinkCall, messages: list[BaseMessage], parse: Callable[[str], T]) -> AgentResult[T] | None:
    """The link's parsed answer, asked again with the parse error while retries last; None when
    the link gave no usable answer (its reason is in ``c.reasons``)."""
    agent, link, settings, emit, round_, reasons, usage = (
        c.agent,
        c.link,
        c.settings,
        c.emit,
        c.round,
        c.reasons,
        c.usage,
    )
    exchanges: list[dict[str, Any]] = []
    started = time.perf_counter()
    for attempt in range(1, settings.parse_retries + 2):
        try:
            text, fingerprint = await complete(c, messages, attempt)
        except ModelRetired:
            raise  # the chain decides: the link is skipped for every agent
        except ProviderError as exc:
            reasons.append(f"{exc.message} [{exc.kind}]")
            return None
        exchange = {
            "agent": agent,
            "provider": link.provider,
            "model": link.model,
            "round": round_,
            "attempt": attempt,
            "messages": [{"role": m.type, "content": text_of(m)} for m in messages],
            "answer": text,
        }
        exchanges.append(exchange)
        emit(cast(Exchange, {"event": "exchange", **exchange}))
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
                    content=f"That answer could not be used: {problem}. Answer again, in the format asked for."
                ),
            ]
            continue
        report = AgentReport(
            agent=agent,
            provider=link.provider,
            model=link.model,
            key_fingerprint=fingerprint,
            **usage.report_fields(),
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            round=round_,
        )
        return AgentResult(artifact, report, exchanges)
    reasons.append(f"{link.provider}: answer could not be parsed after {settings.parse_retries + 1} tries")
    return None


def _call_end(agent: str, link: ChainLink, attempt: int, started: float, **details: Any) -> ProviderEnd:
    """The trace event of one provider call: who, which try, how long, and what came of it
    (``details``: fields of :class:`ProviderEnd`)."""
    event = {
        "event": "provider_end",
        "agent": agent,
        "provider": link.provider,
        "model": link.model,
        "attempt": attempt,
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        **details,
    }
    return cast(ProviderEnd, event)


STREAM_EVENT_EVERY = 2000
"""Characters between two ``streaming`` progress events."""


async def _streamed(
    model: BaseChatModel,
    messages: list[BaseMessage],
    progress: Callable[[str], None],
    options: dict[str, Any],
) -> BaseMessage:
    """The whole answer, streamed where the provider streams, reporting progress as it arrives."""
    merged: AIMessageChunk | None = None
    parts: list[str] = []
    received = reported = 0
    async for chunk in model.astream(messages, **options):
        merged = chunk if merged is None else merged + chunk
        if isinstance(chunk.content, str):
            parts.append(chunk.content)
            received += len(chunk.content)
        if received - reported >= STREAM_EVENT_EVERY:
            reported = received
            progress("".join(parts))
    if merged is None:
        return AIMessage(content="")
    return merged


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{exc.error_count()} validation error(s), first at {where or 'top level'}: {first.get('msg')}"
    return str(exc)[:300]
