"""Every progress event a run sends, in one place: its name, its fields, and where it goes.

A run's events flow from the agents and nodes (``emit``) through the runner to four readers:
the CLI (live table or ``--json`` lines), a service job (its record and SSE stream, which the
page follows), the run store (``events.jsonl`` and ``exchanges.jsonl``) and OpenTelemetry.
``destinations`` is the one place that says which reader gets which event, so no reader filters
on its own. Each event is a TypedDict named after it; ``EventName`` lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict, get_args

EventName = Literal[
    "run_start", "agent_start", "agent_end", "cache_hit", "cache_miss", "provider_call",
    "provider_end", "streaming", "continuation", "parse_error", "exchange", "link_skipped",
    "model_retired", "cost_budget", "fallback", "plan", "plan_change", "design", "validation",
    "reverted", "dropped", "edit_dropped", "shortened", "scaffold_collision", "key_state", "review",
    "awaiting_review", "written", "resumed",
    "restarted", "summary",
]  # fmt: skip
EVENT_NAMES: tuple[EventName, ...] = get_args(EventName)

Destination = Literal["live", "job", "trace", "exchanges"]
"""``live``: the CLI and the page (through a job's SSE stream); ``job``: a service job's event
list; ``trace``: the run store's ``events.jsonl`` and OpenTelemetry; ``exchanges``: the run
store's prompts and answers, kept apart because they are big and only replay reads them."""


class _Event(TypedDict, total=False):
    ts: float
    """Unix time, added by the node's writer."""
    agent: str
    round: int


class RunStart(_Event):
    event: Literal["run_start"]
    run_id: str
    resumed: bool


class AgentStart(_Event):
    event: Literal["agent_start"]


class AgentEnd(_Event):
    event: Literal["agent_end"]
    provider: str
    model: str
    key: str
    """The key's fingerprint, never the key."""
    tokens: int
    cost_usd: float | None
    latency_ms: float
    fallback_reason: str


class CacheHit(_Event):
    event: Literal["cache_hit"]
    provider: str
    model: str


class CacheMiss(_Event):
    event: Literal["cache_miss"]


class ProviderCall(_Event):
    event: Literal["provider_call"]
    provider: str
    model: str
    attempt: int
    continuation: int
    max_tokens: int | None
    prompt_tokens: int


class ProviderEnd(_Event):
    event: Literal["provider_end"]
    provider: str
    model: str
    attempt: int
    latency_ms: float
    key: str
    keys_tried: int
    input_tokens: int
    output_tokens: int
    usage_estimated: bool
    finish_reason: str
    continuation: int
    cost_usd: float | None
    error: str
    """The error class when the call failed (``rate_limited``, ``provider_down`` …)."""
    message: str


class Streaming(_Event):
    event: Literal["streaming"]
    provider: str
    chars: int
    files: int


class Continuation(_Event):
    event: Literal["continuation"]
    provider: str
    chars: int
    reason: str


class ParseErrorEvent(_Event):
    event: Literal["parse_error"]
    provider: str
    attempt: int
    error: str


class Exchange(_Event):
    event: Literal["exchange"]
    provider: str
    model: str
    attempt: int
    messages: list[dict[str, str]]
    answer: str


class LinkSkipped(_Event):
    event: Literal["link_skipped"]
    link: str
    reason: str


class ModelRetiredEvent(_Event):
    event: Literal["model_retired"]
    link: str
    message: str


class CostBudget(_Event):
    event: Literal["cost_budget"]
    link: str
    spent_usd: float
    limit_usd: float | None


class Fallback(_Event):
    event: Literal["fallback"]
    to: str
    reasons: list[str]


class PlanEvent(_Event):
    event: Literal["plan"]
    plan: dict[str, Any]


class PlanChange(_Event):
    event: Literal["plan_change"]
    done: list[str]
    not_understood: list[str]


class DesignEvent(_Event):
    event: Literal["design"]
    operations: list[dict[str, Any]]


class Validation(_Event):
    event: Literal["validation"]
    diagnostics: list[dict[str, Any]]
    error: int
    warning: int
    fixed: list[str]
    next: list[str]
    reason: str


class Reverted(_Event):
    event: Literal["reverted"]
    dropped: list[str]


class Dropped(_Event):
    """Something the design or the request asked for that the run leaves out (also a ``dropped``
    entry of the summary)."""

    event: Literal["dropped"]
    stage: Literal["plan", "design", "merge", "edit", "revert"]
    """Where: CORE left part of the request out, ARCH's operation could not be built, an edit's
    merge lost a model's change, a model's SEARCH/REPLACE edit never applied, or a side that kept
    failing reverted."""
    reason: str


class EditDropped(_Event):
    event: Literal["edit_dropped"]
    reason: str


class Shortened(_Event):
    """Text that did not fit its limit and was cut (a description in the contract)."""

    event: Literal["shortened"]
    what: str


class ScaffoldCollision(_Event):
    """An edit's new scaffold met a model's earlier code in these files: the model's code was
    kept, and the agent was shown the scaffold's lines to apply."""

    event: Literal["scaffold_collision"]
    files: list[str]


class KeyState(_Event):
    event: Literal["key_state"]
    provider: str
    key: str
    state: str
    reason: str
    until: float


class Review(_Event):
    event: Literal["review"]
    stage: str
    plan: dict[str, Any]
    design: dict[str, Any]
    error: str


class AwaitingReview(_Event):
    event: Literal["awaiting_review"]
    stage: str


class Written(_Event):
    event: Literal["written"]
    output_dir: str
    files: int
    removed: list[str]
    conflicts: list[str]
    dry_run: bool


class Resumed(_Event):
    event: Literal["resumed"]
    attempt: int
    done: list[str]


class Restarted(_Event):
    event: Literal["restarted"]
    attempt: int


class Summary(_Event):
    event: Literal["summary"]
    summary: Any
    """The RunSummary (a model in the stream; its JSON in files and lines)."""


Event = (
    RunStart | AgentStart | AgentEnd | CacheHit | CacheMiss | ProviderCall | ProviderEnd | Streaming
    | Continuation | ParseErrorEvent | Exchange | LinkSkipped | ModelRetiredEvent | CostBudget | Fallback
    | PlanEvent | PlanChange | DesignEvent | Validation | Reverted | Dropped | EditDropped | Shortened
    | ScaffoldCollision | KeyState | Review
    | AwaitingReview | Written | Resumed | Restarted | Summary
)  # fmt: skip


def kind(event: Mapping[str, Any]) -> str:
    return str(event.get("event", ""))


def destinations(event: Mapping[str, Any]) -> frozenset[Destination]:
    """Which readers get this event: the one filter every reader uses."""
    name = kind(event)
    if name == "exchange":  # prompts and answers: big; replay reads them, nothing else shows them
        return frozenset({"exchanges"})
    if name == "summary":  # each reader renders the summary its own way, at the end
        return frozenset()
    if name == "awaiting_review":  # the stream's end marker for a paused run; the review says it
        return frozenset({"live"})
    return frozenset({"live", "job", "trace"})
