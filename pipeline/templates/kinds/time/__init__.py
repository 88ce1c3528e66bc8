"""Time Tracker: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="time",
    priority=470,
    cues=(
        Cue(r"\btime\s*(track(er|ing)?|sheets?|log)\b|\btimesheets?\b", "Time Tracker", ("time_entry",)),
    ),
    features=("monthly_totals",),
)  # fmt: skip
