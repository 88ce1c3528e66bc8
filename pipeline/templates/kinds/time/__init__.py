"""Time Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "time", 470,
    Cue(r"\btime\s*(track(er|ing)?|sheets?|log)\b|\btimesheets?\b|\b(?:report|log|record|enter)s?\s+(?:your|my|their|our)\s+(?:working\s+)?hours\b", "Time Tracker", ("time_entry",)),
    features=("monthly_totals",),
)  # fmt: skip
