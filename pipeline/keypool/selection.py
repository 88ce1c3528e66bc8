"""Which key to lease, or when to come back. Pure: the stores feed it state and apply its choice.

The Redis store's Lua script follows this function line by line; both are checked by the
same test suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pipeline.keypool.limits import MINUTE, Limits

Strategy = Literal["round_robin", "least_used"]
BreakerState = Literal["closed", "open"]


@dataclass
class KeyState:
    """What a store knows about one key and its limit group at ``now``."""

    fingerprint: str
    group: str
    limits: Limits
    retired: bool = False
    breaker: BreakerState = "closed"
    open_until: float = 0.0
    probe_taken: bool = False
    cool_until: float = 0.0
    minute_log: list[tuple[float, int, int]] = field(default_factory=list)
    """The group's last minute, per second: (second, tokens, requests). A grant counts until
    ``second + WINDOW_S``: at least 60 s, so no 60 s ever holds more than the limit, and a busy
    minute costs at most 61 entries however many grants it holds."""
    day_requests: int = 0
    day_tokens: int = 0
    next_day_reset: float = 0.0
    used_today: int = 0
    """This key's own requests today (for least-used)."""


@dataclass(frozen=True)
class Choice:
    index: int | None
    """Position in the candidates of the key to lease; ``None``: no key has room."""
    retry_at: float | None = None
    """When the earliest blocked key has room again (``None``: never, e.g. all retired)."""
    probe: bool = False
    """The lease is a circuit breaker's half-open probe."""
    reason: str = ""


WINDOW_S = MINUTE + 1.0
"""How long a grant counts in the minute window: its whole second, then 60 s."""


def _frees(log: list[tuple[float, int, int]], needed: int, column: int) -> float:
    """When enough of ``column`` (1: tokens, 2: requests) has left the window to free ``needed``."""
    freed = 0
    for second, tokens, requests in log:
        freed += tokens if column == 1 else requests
        if freed >= needed:
            return second + WINDOW_S
    return log[-1][0] + WINDOW_S if log else 0.0


def blocked_until(state: KeyState, now: float, estimated_tokens: int) -> tuple[float | None, str]:
    """``(None, "")`` when the key can be leased now, else when it can and why not now.

    ``(inf, reason)`` means it will not have room by waiting (retired).
    """
    if state.retired:
        return float("inf"), "retired"
    if state.breaker == "open" and (now < state.open_until or state.probe_taken):
        return max(state.open_until, now + 1.0), "circuit open"
    if state.cool_until > now:
        return state.cool_until, "cooling after a rate limit"
    limits = state.limits
    log = sorted(entry for entry in state.minute_log if entry[0] + WINDOW_S > now)
    if limits.rpm is not None:
        requests = sum(n for _, _, n in log)
        if requests >= limits.rpm:
            if limits.rpm == 0:
                return state.next_day_reset, "rpm is 0"
            return _frees(log, requests - limits.rpm + 1, 2), "requests per minute"
    if limits.tpm is not None:
        used = sum(tokens for _, tokens, _ in log)
        if used + estimated_tokens > limits.tpm:
            if estimated_tokens > limits.tpm:
                return now + MINUTE, "tokens per minute (request larger than the window)"
            return _frees(log, used + estimated_tokens - limits.tpm, 1), "tokens per minute"
    if limits.rpd is not None and state.day_requests >= limits.rpd:
        return state.next_day_reset, "requests per day"
    if limits.tpd is not None and state.day_tokens + estimated_tokens > limits.tpd:
        return state.next_day_reset, "tokens per day"
    return None, ""


def order(count: int, state_of: Callable[[int], KeyState], strategy: Strategy, cursor: int) -> list[int]:
    if strategy == "least_used":
        return sorted(range(count), key=lambda i: (state_of(i).used_today, i))
    start = cursor % count if count else 0
    return [(start + i) % count for i in range(count)]


def choose(
    count: int,
    state_of: Callable[[int], KeyState],
    now: float,
    estimated_tokens: int,
    strategy: Strategy,
    cursor: int,
) -> Choice:
    """Walk the candidates in strategy order and take the first with room.

    ``state_of(i)`` is called only for the candidates looked at (round-robin usually looks
    at one), so a pool of many keys costs no more per lease than a pool of one.
    """
    earliest: float | None = None
    reasons: list[str] = []
    for i in order(count, state_of, strategy, cursor):
        state = state_of(i)
        until, reason = blocked_until(state, now, estimated_tokens)
        if until is None:
            return Choice(index=i, probe=state.breaker == "open")
        reasons.append(f"{state.fingerprint}: {reason}")
        if until != float("inf"):
            earliest = until if earliest is None else min(earliest, until)
    return Choice(index=None, retry_at=earliest, reason="; ".join(reasons) or "no keys")
