"""The key pool: lease a key with room, report what the call cost and how it ended.

    pool = KeyPool.from_env(store="redis://127.0.0.1:6379/0")
    async with pool.lease("groq", model="openai/gpt-oss-120b", estimated_tokens=2000) as lease:
        answer = await call(lease.key)
        lease.report(tokens=answer.total_tokens)

An exception raised inside the block feeds the pool through its ``key_fault`` (see
``keypool.faults``): a 429 cools the key's limit group until the provider's retry time, a daily quota
cools it until the provider's reset, 401/403/402 retire the key, repeated 5xx open its
circuit breaker. The exception still propagates: the caller decides what to do next.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, PipelineError
from pipeline.keypool.faults import KeyFault
from pipeline.keypool.keys import KeyProblem, KeySpec, keys_from_env, keys_from_file
from pipeline.keypool.limits import Limits, day_id, next_reset, quota_for
from pipeline.keypool.selection import Choice, Strategy, blocked_until
from pipeline.keypool.stores.base import Candidate, Grant, Store, Transition

Event = dict[str, Any]
DEFAULT_COOL_S = 60.0


# Key-pool changes caused by the calls of one task (an agent step), however many run at once.
_COLLECTED: ContextVar[list[Event] | None] = ContextVar("pipeline_key_events", default=None)


@contextmanager
def collect_key_events() -> Iterator[list[Event]]:
    """The key-pool state changes that calls made inside the block cause, and only those
    (context variables follow each asyncio task, so parallel agents never mix theirs)."""
    collected: list[Event] = []
    token = _COLLECTED.set(collected)
    try:
        yield collected
    finally:
        _COLLECTED.reset(token)


def configured_limits(spec: KeySpec) -> Limits:
    """A key's limits: its provider's defaults from the catalog, overridden by the keys file."""
    return quota_for(spec.provider).limits.overridden(spec.rpm, spec.rpd, spec.tpm, spec.tpd)


class NoCapacity(PipelineError):
    """No key of the provider has room now (and none did within the timeout)."""

    def __init__(self, provider: str, retry_at: float | None, reason: str, now: float) -> None:
        if retry_at is None:
            when = "no key will have room by waiting (all retired or none configured)"
        else:
            stamp = datetime.fromtimestamp(retry_at, UTC).strftime("%H:%M:%S UTC")
            when = f"capacity returns at {stamp} (in {max(0.0, retry_at - now):.0f} s)"
        super().__init__(f"no {provider} key has room: {when}", hint=reason[:300] if reason else None)
        self.provider = provider
        self.retry_at = retry_at
        self.retry_after = None if retry_at is None else max(0.0, retry_at - now)


@dataclass
class Lease:
    """One granted request on one key. ``key`` is the secret; everything else is safe to show."""

    provider: str
    model: str
    fingerprint: str
    group: str
    probe: bool
    _key: str
    _grant: Grant
    tokens: int | None = None
    learned: Limits | None = None

    @property
    def key(self) -> str:
        return self._key

    def report(self, tokens: int, *, limits: Limits | None = None) -> None:
        """Real usage (replaces the estimate), and limits the provider told us (tightens ours)."""
        self.tokens = max(0, int(tokens))
        if limits is not None:
            self.learned = limits

    def __repr__(self) -> str:  # never the key
        return f"Lease({self.provider}, {self.fingerprint}, group={self.group})"


def open_store(spec: str | Store) -> Store:
    if not isinstance(spec, str):
        return spec
    if spec in ("", "memory"):
        from pipeline.keypool.stores.sql import SqlStore

        return SqlStore(":memory:")
    if spec.startswith("sqlite:///"):
        from pipeline.keypool.stores.sql import SqlStore

        return SqlStore(spec.removeprefix("sqlite:///"))
    if spec.startswith(("redis://", "rediss://", "unix://")):
        from pipeline.keypool.stores.redis_store import RedisStore

        return RedisStore(spec)
    raise ConfigError(
        f"unknown key store {spec!r}", hint="use memory, sqlite:///path or redis://host:port/db"
    )


class KeyPool:
    def __init__(
        self,
        specs: list[KeySpec],
        store: str | Store = "memory",
        *,
        strategy: Strategy = "round_robin",
        failure_threshold: int = 3,
        cooloff_s: float = 30.0,
        on_event: Callable[[Event], None] | None = None,
        clock: Callable[[], float] = time.time,
        problems: list[KeyProblem] | None = None,
    ) -> None:
        self.specs = list(specs)
        self.store = open_store(store)
        self.strategy: Strategy = strategy
        self.failure_threshold = failure_threshold
        self.cooloff_s = cooloff_s
        self.on_event = on_event
        self.clock = clock
        self.problems = problems or []
        self._by_fp = {s.fingerprint: s for s in self.specs}
        self._by_provider: dict[str, list[KeySpec]] = {}
        for spec in self.specs:
            self._by_provider.setdefault(spec.provider, []).append(spec)
        self._candidate_cache: dict[str, tuple[float, float, list[Candidate]]] = {}
        self._limits = {s.fingerprint: configured_limits(s) for s in self.specs}

    # --- construction ------------------------------------------------------------------

    @classmethod
    def from_env(
        cls, store: str | Store = "memory", *, environ: Mapping[str, str] | None = None, **options: Any
    ) -> KeyPool:
        specs, problems = keys_from_env(environ)
        return cls(specs, store, problems=problems, **options)

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        store: str | Store = "memory",
        *,
        environ: Mapping[str, str] | None = None,
        **options: Any,
    ) -> KeyPool:
        specs, problems = keys_from_file(Path(path), environ)
        return cls(specs, store, problems=problems, **options)

    # --- queries -----------------------------------------------------------------------

    def providers(self) -> list[str]:
        return sorted({s.provider for s in self.specs})

    def has_keys(self, provider: str) -> bool:
        return provider in self._by_provider

    def limits_of(self, fingerprint: str) -> Limits:
        """A key's configured limits (the catalog's defaults, the keys file's overrides)."""
        return self._limits[fingerprint]

    def listing_key(self, provider: str) -> tuple[str, str] | None:
        """(key, fingerprint) of one of the provider's keys, for calls that use no quota
        (the live model list); ``None`` without keys."""
        specs = self._by_provider.get(provider)
        return (specs[0].key, specs[0].fingerprint) if specs else None

    def _candidates(self, provider: str, now: float) -> list[Candidate]:
        """The provider's keys as the store sees them; rebuilt only when the provider's day changes."""
        quota = quota_for(provider)
        cached = self._candidate_cache.get(provider)
        if cached is not None and cached[0] > now >= cached[1]:
            return cached[2]
        day, reset = day_id(now, quota.reset_zone), next_reset(now, quota.reset_zone)
        built = [
            Candidate(
                fingerprint=s.fingerprint,
                group=s.limit_group,
                limits=self._limits[s.fingerprint],
                day=day,
                next_reset=reset,
            )
            for s in self._by_provider.get(provider, ())
        ]
        self._candidate_cache[provider] = (reset, now, built)
        return built

    # --- leasing -------------------------------------------------------------------------

    @asynccontextmanager
    async def lease(
        self, provider: str, *, model: str = "", estimated_tokens: int = 0, timeout: float | None = None
    ) -> AsyncIterator[Lease]:
        grant = await self._acquire(provider, estimated_tokens, timeout)
        spec = self._by_fp[grant.fingerprint]
        lease = Lease(provider, model, grant.fingerprint, grant.group, grant.probe, spec.key, grant)
        try:
            yield lease
        except BaseException as exc:
            await self._failed(lease, exc)
            raise
        await self._succeeded(lease)

    async def _acquire(self, provider: str, estimated_tokens: int, timeout: float | None) -> Grant:
        deadline = None if timeout is None else self.clock() + timeout
        while True:
            now = self.clock()
            candidates = self._candidates(provider, now)
            if not candidates:
                raise NoCapacity(provider, None, f"no {provider} keys configured", now)
            result = await self.store.acquire(provider, candidates, now, estimated_tokens, self.strategy)
            if isinstance(result, Grant):
                if result.probe:
                    self._emit(
                        {
                            "event": "key_state",
                            "provider": provider,
                            "key": result.fingerprint,
                            "from": "open",
                            "to": "half_open",
                            "reason": "cool-off over; probing",
                        }
                    )
                return result
            choice: Choice = result
            if deadline is None or choice.retry_at is None or choice.retry_at > deadline:
                raise NoCapacity(provider, choice.retry_at, choice.reason, now)
            # Never earlier than the window allows; a little jitter keeps waiters from stampeding.
            await asyncio.sleep(max(0.0, choice.retry_at - now) + random.uniform(0.0, 0.05))

    async def _succeeded(self, lease: Lease) -> None:
        if lease.learned is not None:
            await self.store.learn_limits(lease.group, lease.learned)
        self._transition(lease.provider, await self.store.release(lease._grant, lease.tokens))

    async def _failed(self, lease: Lease, exc: BaseException) -> None:
        now = self.clock()
        if lease.tokens is not None:
            await self.store.reconcile(lease._grant, lease.tokens)
        fault: KeyFault | None = getattr(exc, "key_fault", None)
        retry_after: float | None = getattr(exc, "retry_after", None)
        if fault == "quota_exhausted":
            zone = quota_for(lease.provider).reset_zone
            until = now + retry_after if retry_after else next_reset(now, zone)
            await self._cool(lease, until, "daily quota exhausted")
            # The provider says the day is spent at this count: that is the group's real rpd.
            candidate = next(
                c for c in self._candidates(lease.provider, now) if c.fingerprint == lease.fingerprint
            )
            (state,) = await self.store.snapshot([candidate], now)
            await self.store.learn_limits(lease.group, Limits(rpd=max(1, state.day_requests)))
        elif fault == "rate_limited":
            await self._cool(
                lease, now + (retry_after if retry_after is not None else DEFAULT_COOL_S), "rate limited"
            )
        elif fault in ("key_invalid", "payment_required"):
            reason = (
                "payment required (402)" if fault == "payment_required" else "rejected as invalid (401/403)"
            )
            self._transition(lease.provider, await self.store.retire(lease.fingerprint, reason))
        elif fault == "failure":
            self._transition(
                lease.provider,
                await self.store.record_failure(
                    lease.fingerprint, now, self.failure_threshold, self.cooloff_s
                ),
            )

    async def _cool(self, lease: Lease, until: float, reason: str) -> None:
        await self.store.cool_group(lease.group, until, self.clock())
        self._emit(
            {
                "event": "key_state",
                "provider": lease.provider,
                "key": lease.fingerprint,
                "group": lease.group.split(":", 1)[1] if ":" in lease.group else lease.group,
                "from": "active",
                "to": "cooling",
                "until": round(until, 3),
                "reason": reason,
            }
        )

    def _transition(self, provider: str, change: Transition | None) -> None:
        if change is not None:
            self._emit(
                {
                    "event": "key_state",
                    "provider": provider,
                    "key": change.fingerprint,
                    "from": change.old,
                    "to": change.new,
                    "reason": change.reason,
                }
            )

    def _emit(self, event: Event) -> None:
        collected = _COLLECTED.get()
        if collected is not None:
            collected.append(event)
        if self.on_event is not None:
            self.on_event(event)

    async def room_at(self) -> tuple[float | None, str]:
        """When some key of the pool can next be leased, and why not before: ``(now, "")`` when
        one can now, ``(None, why)`` when none will by waiting (none configured, all retired)."""
        now = self.clock()
        soonest: tuple[float | None, str] = (
            None,
            "every key is retired" if self.specs else "no keys configured",
        )
        for provider in self.providers():
            for state in await self.store.snapshot(self._candidates(provider, now), now):
                until, why = blocked_until(state, now, 0)
                if until is None:
                    return now, ""
                if until != float("inf") and (soonest[0] is None or until < soonest[0]):
                    soonest = (until, why)
        return soonest

    # --- stats -----------------------------------------------------------------------------

    # --- models the provider said are gone ---------------------------------------------

    async def note_retired_model(
        self, provider: str, model: str, reason: str, for_s: float = 86_400.0
    ) -> None:
        """Remember that ``provider:model`` is gone, for every agent and process, for ``for_s``."""
        now = self.clock()
        await self.store.note_model(f"{provider}:{model}", now + for_s, reason, now)

    async def retired_model(self, provider: str, model: str) -> str | None:
        """Why ``provider:model`` is being skipped, or ``None`` when it may be asked."""
        return await self.store.model_note(f"{provider}:{model}", self.clock())

    async def stats(self) -> dict[str, Any]:
        """Per provider: total_keys, active_keys, total_requests, total_capacity, and per key (by fingerprint)."""
        from pipeline.keypool.stats import build_stats

        now = self.clock()
        out: dict[str, Any] = {}
        for provider in self.providers():
            candidates = self._candidates(provider, now)
            states = await self.store.snapshot(candidates, now)
            totals = await self.store.totals([c.fingerprint for c in candidates])
            specs = [self._by_fp[c.fingerprint] for c in candidates]
            out[provider] = build_stats(specs, candidates, states, totals, now)
        return out

    async def close(self) -> None:
        await self.store.close()
