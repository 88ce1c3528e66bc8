"""Job Applications, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "jobs", 380,
    Cue(r"\bjob\s*(applications?|hunt|search|tracker|board|listings?|postings?|portal)\b", "Job Applications", ("application",)),
    does=("apply", "interview"),
)  # fmt: skip
