"""The pool's figures in the seed's shape, plus one row per key (by fingerprint). Pure."""

from __future__ import annotations

from typing import Any

from pipeline.keypool.keys import KeySpec
from pipeline.keypool.selection import WINDOW_S, KeyState, blocked_until
from pipeline.keypool.stores.base import Candidate


def key_state(state: KeyState, now: float) -> str:
    until, reason = blocked_until(state, now, 0)
    if until is None:
        return "active" if state.breaker == "closed" else "half_open"
    return {
        "retired": "retired",
        "circuit open": "circuit_open",
        "cooling after a rate limit": "cooling",
    }.get(reason, "exhausted")


def _remaining(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(0, limit - used)


def build_stats(
    specs: list[KeySpec],
    candidates: list[Candidate],
    states: list[KeyState],
    totals: dict[str, tuple[int, int]],
    now: float,
) -> dict[str, Any]:
    keys: list[dict[str, Any]] = []
    capacity: dict[str, int | None] = {}
    for spec, cand, state in zip(specs, candidates, states, strict=True):
        recent = [entry for entry in state.minute_log if entry[0] + WINDOW_S > now]
        minute_requests = sum(n for _, _, n in recent)
        minute_tokens = sum(t for _, t, _ in recent)
        limits = state.limits
        capacity[cand.group] = limits.rpd
        requests, tokens = totals.get(spec.fingerprint, (0, 0))
        keys.append(
            {
                "fingerprint": spec.fingerprint,
                "label": spec.label,
                "group": spec.group or spec.fingerprint,
                "state": key_state(state, now),
                "usage": {
                    "requests_today": state.used_today,
                    "group_requests_today": state.day_requests,
                    "group_tokens_today": state.day_tokens,
                    "group_requests_last_minute": minute_requests,
                    "total_requests": requests,
                    "total_tokens": tokens,
                },
                "limits": {"rpm": limits.rpm, "rpd": limits.rpd, "tpm": limits.tpm, "tpd": limits.tpd},
                "remaining": {
                    "rpm": _remaining(limits.rpm, minute_requests),
                    "rpd": _remaining(limits.rpd, state.day_requests),
                    "tpm": _remaining(limits.tpm, minute_tokens),
                    "tpd": _remaining(limits.tpd, state.day_tokens),
                },
                "resets": {
                    # epoch seconds: the minute window frees its oldest request, the provider's day ends
                    "minute_at": round(min(t for t, _, _ in recent) + WINDOW_S, 3) if recent else None,
                    "day_at": cand.next_reset,
                    "cooling_until": state.cool_until if state.cool_until > now else None,
                },
            }
        )
    per_group = list(capacity.values())
    return {
        "total_keys": len(keys),
        "active_keys": sum(1 for k in keys if k["state"] not in ("retired", "circuit_open")),
        "total_requests": sum(k["usage"]["total_requests"] for k in keys),
        # Capacity is the groups' (a project's quota is shared by its keys), not the keys' sum.
        "total_capacity": None
        if any(c is None for c in per_group)
        else sum(c for c in per_group if c is not None),
        "limit_groups": len(per_group),
        "keys": keys,
    }
