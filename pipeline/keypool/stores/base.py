"""The interface every key-pool store implements, and the plain data it speaks in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pipeline.keypool.limits import Limits
from pipeline.keypool.selection import Choice, KeyState, Strategy


@dataclass(frozen=True)
class Candidate:
    """A key as the store sees it: never the key itself, only its fingerprint."""

    fingerprint: str
    group: str
    limits: Limits
    day: str
    """The provider's current day id (``limits.day_id``)."""
    next_reset: float


@dataclass(frozen=True)
class Grant:
    fingerprint: str
    group: str
    day: str
    entry: str
    """The store's id of this grant's minute-window entry, for reconciling tokens."""
    estimated_tokens: int
    probe: bool


@dataclass(frozen=True)
class Transition:
    """A key's health changed: a trace event."""

    fingerprint: str
    old: str
    new: str
    reason: str


class Store(Protocol):
    """Shared state of the pool. Every check-and-take is atomic, whatever the concurrency."""

    async def acquire(
        self,
        provider: str,
        candidates: list[Candidate],
        now: float,
        estimated_tokens: int,
        strategy: Strategy,
    ) -> Grant | Choice: ...

    async def reconcile(self, grant: Grant, tokens: int) -> None: ...

    async def release(self, grant: Grant, tokens: int | None) -> Transition | None:
        """A call succeeded: reconcile its tokens (when reported) and close the key's breaker."""
        ...

    async def record_failure(
        self, fingerprint: str, now: float, threshold: int, cooloff: float
    ) -> Transition | None: ...

    async def cool_group(self, group: str, until: float, now: float) -> None: ...

    async def retire(self, fingerprint: str, reason: str) -> Transition | None: ...

    async def learn_limits(self, group: str, limits: Limits) -> None: ...

    async def snapshot(self, candidates: list[Candidate], now: float) -> list[KeyState]: ...

    async def totals(self, fingerprints: list[str]) -> dict[str, tuple[int, int]]:
        """fingerprint → (requests, tokens) over the key's whole life in this store."""
        ...

    async def note_model(self, model_id: str, until: float, reason: str, now: float) -> None:
        """``provider:model`` answered as gone: skip it until ``until``."""
        ...

    async def model_note(self, model_id: str, now: float) -> str | None:
        """The reason ``model_id`` is skipped now, or ``None``."""
        ...

    async def close(self) -> None: ...
