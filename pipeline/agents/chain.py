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

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import BaseMessage
from pydantic import ValidationError

from pipeline.agents.briefs import prompt_version, text_of
from pipeline.agents.call import LinkCall, ask, call_options, room_for
from pipeline.agents.parsing import ParseError
from pipeline.agents.sizing import estimate, max_tokens_for
from pipeline.agents.spend import Usage, settle, spend_refused
from pipeline.agents.types import AgentResult, CallSpec, Emit, StepContext, T
from pipeline.artifacts import AgentName, AgentReport
from pipeline.cache import CacheStore, agent_key
from pipeline.providers.errors import ModelRetired, ProviderUnavailable


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


async def run_agent(
    agent: AgentName,
    ctx: StepContext,
    *,
    messages: Sequence[BaseMessage],
    parse: Callable[[str], T],
    template: Callable[[], T],
    cache_payload: Any = None,
    call: CallSpec | None = None,
) -> AgentResult[T]:
    settings, models, budget, emit, cache, round_ = (
        ctx.settings, ctx.models, ctx.budget, ctx.emit, ctx.cache, ctx.round
    )  # fmt: skip
    call = call or CallSpec()
    reasons: list[str] = []
    spent = Usage()  # every call of this step, the failed and the fallen-back ones too
    started = time.perf_counter()
    key = None
    if cache is not None and settings.cache:
        chain = ",".join(str(link) for link in settings.chain(agent))
        payload = cache_payload if cache_payload is not None else [text_of(m) for m in messages]
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
        link, skip = await models.usable(link)
        if skip:
            reasons.append(skip)
            emit(
                {"event": "link_skipped", "agent": agent, "round": round_, "link": str(link), "reason": skip}
            )
            continue
        try:
            model = models.chat_model(link)
        except ProviderUnavailable as exc:
            reasons.append(exc.message)
            continue
        prompt_tokens = sum(estimate(text_of(m)) for m in messages)
        max_tokens = max_tokens_for(
            prompt_tokens, room_for(models, link), desired=call.max_output, minimum=call.min_output
        )
        if max_tokens is None:
            reasons.append(
                f"{link}: the prompt does not fit the model's context or the key's tokens per minute"
            )
            continue
        refused, reserved = await spend_refused(
            agent, link, prompt_tokens, max_tokens, budget, models, emit, round_
        )
        if refused:
            reasons.append(refused)
            continue
        cost_before = spent.cost_usd or 0.0
        try:
            asking = LinkCall(
                agent, link, model, settings, budget, emit, round_, call,
                call_options(models, link, call, max_tokens), spent, reasons,
            )  # fmt: skip
            result = await ask(asking, list(messages), parse)
        except ModelRetired as exc:
            await settle(models, link, reserved, (spent.cost_usd or 0.0) - cost_before)
            message = await models.model_gone(link, exc)
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
            await settle(models, link, reserved, (spent.cost_usd or 0.0) - cost_before)
            raise
        await settle(models, link, reserved, (spent.cost_usd or 0.0) - cost_before)
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
        **{**spent.report_fields(), "cost_usd": spent.cost_usd if spent.calls else 0.0},
    )
    return AgentResult(artifact, report)
