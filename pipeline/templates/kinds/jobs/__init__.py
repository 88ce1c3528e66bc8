"""Job Applications, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="jobs",
    priority=380,
    cues=(
        Cue(r"\bjob\s*(applications?|hunt|search|tracker|board|listings?|postings?|portal)\b", "Job Applications", ("application",)),
    ),
    does=("apply", "interview"),
)  # fmt: skip
