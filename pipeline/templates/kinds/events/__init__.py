"""Events, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "events", 350,
    Cue(r"\b(events?|calendar|meetings?|part(y|ies)|rsvps?)\b", "Events", ("event",)),
    does=("plan", "schedule", "attend", "host", "organise", "organize", "sign up", "register"),
)  # fmt: skip
