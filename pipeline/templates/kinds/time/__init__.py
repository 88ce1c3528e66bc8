"""Time Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "time", 470,
    Cue(r"\btime\s*(track(er|ing)?|sheets?|log)\b|\btimesheets?\b|\b(?:report|log|record|enter)s?\s+(?:your|my|their|our)\s+(?:working\s+)?hours\b|\bclock(?:s|ing)?\s+(?:in|out)\b|\b(?:report|log|record|enter|track)s?\s+(?:(?:the|your|my|their|our|all|working|volunteer|billable)\s+)+hours\b|\bhours\s+(?:each|every)\s+\w+\s+(?:puts?|works?|worked|spends?|spent)\b|\btoggl\b|\b(?:shift|time|punch)\s+clocks?\b", "Time Tracker", ("time_entry",)),
    features=("monthly_totals",),
)  # fmt: skip
