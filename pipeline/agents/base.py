"""How every agent works: ask its provider chain, parse the answer, fall back to templates.

An agent is a prompt plus a parser. ``run_agent`` walks the agent's chain
(``Settings.chain``): a link that is retired or not configured is skipped without a call;
each other link is asked through its chat model with ``max_tokens`` sized to the model; an
answer cut at the output limit (or ending inside an open block) is continued from where it
stopped, at most ``settings.continuations`` times, never asked again from scratch; an
answer that does not parse is asked again with the parse error (bounded); a provider error
moves on to the next link; the offline template path is the last link and always answers.
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
from pipeline.agents.sizing import Room, estimate, max_tokens_for
from pipeline.artifacts import AgentName, AgentReport
from pipeline.cache import CacheStore, agent_key
from pipeline.catalog.pricing import price
from pipeline.providers.errors import ModelRetired, ProviderError, ProviderUnavailable
from pipeline.settings import ChainLink, Settings

T = TypeVar("T")
Emit = Callable[[dict[str, Any]], None]


class ModelSource(Protocol):
    """Gives the chat model for a chain link, or raises ``ProviderUnavailable``.

    A source may also offer (``providers.registry.ProviderModels`` does):
    ``info(link) -> ModelInfo`` (the catalog's sizes), ``async usable(link) -> (link, skip
    reason)`` and ``async model_gone(link, exc) -> message``. Without them every link is
    tried and sized by ``CallSpec``'s defaults.
    """

    def chat_model(self, link: ChainLink) -> BaseChatModel: ...


@dataclass(frozen=True)
class CallSpec:
    """How an agent's calls are shaped."""

    max_output: int = 2_000
    """The answer size the agent wants; the model's limits may lower it."""
    min_output: int = 256
    """Below this the answer cannot be useful: the link is skipped as too small."""
    json_mode: bool = False
    """Ask for the provider's JSON mode where the catalog says the model has one."""
    incomplete: Callable[[str], bool] | None = None
    """Whether an answer that finished normally is still cut (ends inside an open block)."""
    join: Callable[[str, str], str] | None = None
    """How a continuation is joined to the answer so far (plain concatenation without it)."""
    progress: Callable[[str], dict[str, Any]] | None = None
    """Extra fields for the live ``streaming`` event (files done so far)."""


CONTINUE = (
    "Your answer was cut off at the output limit. Continue exactly where it stopped: do not repeat "
    "anything, do not start over, no preamble."
)


@dataclass
class Budget:
    """What a run may still spend on LLM calls: tokens and dollars (``None``: no limit)."""

    limit: int | None = None
    used: int = 0
    cost_limit: float | None = None
    cost_used: float = 0.0

    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    def over_cost(self, worst_case: float | None) -> bool:
        """A call that could cost ``worst_case`` USD would take the run over its cost budget
        (a call whose price is unknown counts as over: it cannot be bounded)."""
        if self.cost_limit is None:
            return False
        return worst_case is None or self.cost_used + worst_case > self.cost_limit


@dataclass
class AgentResult(Generic[T]):
    artifact: T
    report: AgentReport
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    """Parts of the request the agent left out (the offline path says which)."""


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
    call: CallSpec | None = None,
) -> AgentResult[T]:
    call = call or CallSpec()
    reasons: list[str] = []
    spent = _Usage()  # every call of this step, the failed and the fallen-back ones too
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
        usable = getattr(models, "usable", None)
        if usable is not None:
            link, skip = await usable(link)
            if skip:
                reasons.append(skip)
                emit(
                    {
                        "event": "link_skipped",
                        "agent": agent,
                        "round": round_,
                        "link": str(link),
                        "reason": skip,
                    }
                )
                continue
        try:
            model = models.chat_model(link)
        except ProviderUnavailable as exc:
            reasons.append(exc.message)
            continue
        prompt_tokens = sum(estimate(_text(m)) for m in messages)
        max_tokens = max_tokens_for(
            prompt_tokens, _room(models, link), desired=call.max_output, minimum=call.min_output
        )
        if max_tokens is None:
            reasons.append(
                f"{link}: the prompt does not fit the model's context or the key's tokens per minute"
            )
            continue
        refused, reserved = await _spend_refused(
            agent, link, prompt_tokens, max_tokens, budget, models, emit, round_
        )
        if refused:
            reasons.append(refused)
            continue
        cost_before = spent.cost_usd or 0.0
        try:
            result = await _ask(
                agent, link, model, list(messages), parse, settings, budget, emit, reasons, round_,
                call, _call_options(models, link, call, max_tokens), spent,
            )  # fmt: skip
        except ModelRetired as exc:
            await _settle(models, link, reserved, (spent.cost_usd or 0.0) - cost_before)
            gone = getattr(models, "model_gone", None)
            message = await gone(link, exc) if gone is not None else exc.message
            reasons.append(message)
            emit(
                {
                    "event": "model_retired",
                    "agent": agent,
                    "round": round_,
                    "link": str(link),
                    "message": message,
                }
            )
            continue
        except BaseException:
            await _settle(models, link, reserved, (spent.cost_usd or 0.0) - cost_before)
            raise
        await _settle(models, link, reserved, (spent.cost_usd or 0.0) - cost_before)
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
        tokens_in=spent.tokens_in,
        tokens_out=spent.tokens_out,
        tokens_estimated=spent.estimated,
        calls=spent.calls,
        continuations=spent.continuations,
        cost_usd=spent.cost_usd if spent.calls else 0.0,
    )
    return AgentResult(artifact, report)


async def _spend_refused(
    agent: AgentName, link: ChainLink, prompt_tokens: int, max_tokens: int, budget: Budget,
    models: ModelSource, emit: Emit, round_: int,
) -> tuple[str | None, float]:  # fmt: skip
    """Why a paid call may not be made (the run's cost cap, the service's daily budget), and what
    was reserved against the daily budget. Both use the call's worst case: the whole prompt and
    the whole answer limit."""
    worst = price(link.provider, link.model, prompt_tokens, max_tokens).usd
    if budget.over_cost(worst):
        emit({"event": "cost_budget", "agent": agent, "round": round_, "link": str(link),
              "spent_usd": round(budget.cost_used, 6), "limit_usd": budget.cost_limit})  # fmt: skip
        return f"{link}: the run's cost budget of ${budget.cost_limit:g} would be exceeded", 0.0
    allow = getattr(models, "allow_spend", None)
    if allow is None or not worst:
        return None, 0.0
    refused: str | None = await allow(link, worst)
    return refused, (0.0 if refused else worst)


async def _settle(models: ModelSource, link: ChainLink, reserved: float, actual_usd: float) -> None:
    """Replace a daily-budget reservation with what the link's calls really cost."""
    settle = getattr(models, "settle_spend", None)
    if settle is not None and reserved:
        await settle(link, reserved, actual_usd)


def _room(models: ModelSource, link: ChainLink) -> Room:
    info_of = getattr(models, "info", None)
    if info_of is None:
        return Room(context=128_000, max_output=8_192)
    info = info_of(link)
    return Room(context=info.context, max_output=info.max_output, tpm=info.tpm)


def _call_options(models: ModelSource, link: ChainLink, call: CallSpec, max_tokens: int) -> dict[str, Any]:
    options: dict[str, Any] = {"max_tokens": max_tokens}
    info_of = getattr(models, "info", None)
    if info_of is not None:  # our provider clients: JSON mode only where the catalog says it works
        options["json_mode"] = call.json_mode and info_of(link).json_mode
    return options


@dataclass
class _Usage:
    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0
    continuations: int = 0
    estimated: bool = False
    cost_usd: float | None = 0.0
    """None once a call's price is unknown."""

    def priced(self, link: ChainLink, tokens_in: int, tokens_out: int, cached_in: int = 0) -> float | None:
        cost = price(link.provider, link.model, tokens_in, tokens_out, cached_in).usd
        self.cost_usd = None if cost is None or self.cost_usd is None else round(self.cost_usd + cost, 8)
        return cost


async def _complete(
    agent: AgentName,
    link: ChainLink,
    model: BaseChatModel,
    messages: list[BaseMessage],
    settings: Settings,
    budget: Budget,
    emit: Emit,
    round_: int,
    attempt: int,
    call: CallSpec,
    options: dict[str, Any],
    usage: _Usage,
) -> tuple[str, str]:
    """One answer, continued while it was cut: (the joined text, the last key fingerprint)."""
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
                "prompt_tokens": sum(estimate(_text(m)) for m in asked),
            }
        )
        so_far = text

        def progress(received: str, so_far: str = so_far) -> None:
            extra = call.progress(so_far + received) if call.progress else {}
            emit({"event": "streaming", "agent": agent, "provider": link.provider,
                  "chars": len(so_far) + len(received), **extra})  # fmt: skip

        try:
            answer = await _streamed(model, asked, progress, options)
        except ProviderError as exc:
            emit(_call_end(agent, link, attempt, started, round=round_, error=exc.kind, message=exc.message))
            if text and exc.kind != "model_retired":
                break  # keep what was received; the parser decides whether it is usable
            raise
        used = getattr(answer, "usage_metadata", None) or {}
        estimated = bool(answer.response_metadata.get("usage_estimated", False)) or not used
        tokens_in = int(used.get("input_tokens", 0)) or sum(estimate(_text(m)) for m in asked)
        tokens_out = int(used.get("output_tokens", 0)) or estimate(_text(answer))
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
        more = _text(answer)
        text = (call.join or (lambda a, b: a + b))(text, more) if text else more
        cut = finish == "length" or (call.incomplete is not None and call.incomplete(text))
        if not cut or not more.strip() or piece == settings.continuations or budget.spent():
            break
        usage.continuations += 1
        emit({"event": "continuation", "agent": agent, "round": round_, "provider": link.provider,
              "chars": len(text), "reason": finish or "open block"})  # fmt: skip
        asked = [*messages, AIMessage(content=text), HumanMessage(content=CONTINUE)]
    return text, fingerprint


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
    call: CallSpec,
    options: dict[str, Any],
    usage: _Usage,
) -> AgentResult[T] | None:
    exchanges: list[dict[str, Any]] = []
    started = time.perf_counter()
    for attempt in range(1, settings.parse_retries + 2):
        try:
            text, fingerprint = await _complete(
                agent, link, model, messages, settings, budget, emit, round_, attempt, call, options, usage
            )
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
                    content=f"That answer could not be used: {problem}. Answer again, in the format asked for."
                ),
            ]
            continue
        report = AgentReport(
            agent=agent,
            provider=link.provider,
            model=link.model,
            key_fingerprint=fingerprint,
            tokens_in=usage.tokens_in,
            tokens_out=usage.tokens_out,
            tokens_estimated=usage.estimated,
            calls=usage.calls,
            continuations=usage.continuations,
            cost_usd=usage.cost_usd,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
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
