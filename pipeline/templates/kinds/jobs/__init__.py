"""Job Applications: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="jobs",
    priority=380,
    cues=(
        Cue(r"\bjob\s*(applications?|hunt|search|tracker|board|listings?|postings?|portal)\b", "Job Applications", ("application",)),
    ),
)  # fmt: skip
