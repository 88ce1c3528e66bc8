"""Issue Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "bug_tracker", 220,
    Cue(r"\b(bug|issue)s?\s*(tracker|tracking|system|board)?\b|(?<!sell )(?<!buy )(?<!concert )(?<!event )(?<!movie )(?<!train )(?<!flight )(?<!lottery )\b(support\s+)?tickets?\b|\bhelp\s*desk\b", "Issue Tracker", ("project", "issue")),
    does=("fix", "resolve", "reopen"),
)  # fmt: skip
