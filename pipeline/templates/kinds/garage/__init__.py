"""Vehicle Log, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "garage", 490,
    Cue(r"\b(cars?|vehicles?|garage)\b|\bmotor\s*(?:bikes?|cycles?)\b|\bmot\s+(?:test|due|date)s?\b|\bservice\s+(?:history|records?)\b|\bvans\b|\bfuel\s+(?:log|economy|consumption|usage)\b", "Vehicle Log", ("vehicle", "service_record")),
)  # fmt: skip
