"""Which key to lease, or when to come back. Pure: the stores feed it state and apply its choice.

The Redis store's Lua script follows this function line by line; both are checked by the
same test suite.
"""

from __future__ import annotations

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
    minute_log: list[tuple[float, int]] = field(default_factory=list)
    """(timestamp, tokens) of the group's grants in the last 60 s."""
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
    log = sorted(entry for entry in state.minute_log if entry[0] > now - MINUTE)
    if limits.rpm is not None and len(log) >= limits.rpm:
        if limits.rpm == 0:
            return state.next_day_reset, "rpm is 0"
        return log[len(log) - limits.rpm][0] + MINUTE, "requests per minute"
    if limits.tpm is not None:
        used = sum(tokens for _, tokens in log)
        if used + estimated_tokens > limits.tpm:
            excess = used + estimated_tokens - limits.tpm
            freed = 0
            for ts, tokens in log:
                freed += tokens
                if freed >= excess:
                    return ts + MINUTE, "tokens per minute"
            return now + MINUTE, "tokens per minute (request larger than the window)"
    if limits.rpd is not None and state.day_requests >= limits.rpd:
        return state.next_day_reset, "requests per day"
    if limits.tpd is not None and state.day_tokens + estimated_tokens > limits.tpd:
        return state.next_day_reset, "tokens per day"
    return None, ""


def order(states: list[KeyState], strategy: Strategy, cursor: int) -> list[int]:
    n = len(states)
    if strategy == "least_used":
        return sorted(range(n), key=lambda i: (states[i].used_today, i))
    start = cursor % n if n else 0
    return [(start + i) % n for i in range(n)]


def choose(
    states: list[KeyState], now: float, estimated_tokens: int, strategy: Strategy, cursor: int
) -> Choice:
    earliest: float | None = None
    reasons: list[str] = []
    for i in order(states, strategy, cursor):
        until, reason = blocked_until(states[i], now, estimated_tokens)
        if until is None:
            probe = states[i].breaker == "open"
            return Choice(index=i, probe=probe)
        reasons.append(f"{states[i].fingerprint}: {reason}")
        if until != float("inf"):
            earliest = until if earliest is None else min(earliest, until)
    return Choice(index=None, retry_at=earliest, reason="; ".join(reasons) or "no keys")
