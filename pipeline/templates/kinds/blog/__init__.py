"""Forum, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "blog", 290,
    Cue(r"\bforums?\b|\brepl(y|ies)\b|\bthreads?\b|\bdiscussion\s*(boards?|forums?|groups?)?\b|\bmessage\s*boards?\b", "Forum", ("post", "comment", "reply")),
    Cue(r"\bblog(s|ging)?\b|\b(publish(es|ing)?|write|writing|share|sharing)\s+(blog\s+)?(posts?|articles?)\b|\bnews\s*(site|feed|portal)\b|\bposts?\s+(and|with)\s+comments\b", "Blog", ("post", "comment")),
    features=("tags",),
    does=("comment", "reply", "discuss", "publish", "share", "answer"),
)  # fmt: skip
