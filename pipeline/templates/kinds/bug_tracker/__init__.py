"""Issue Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "bug_tracker", 220,
    Cue(r"\b(bug|issue)s?\s*(tracker|tracking|system|board)?\b|(?<!sell )(?<!buy )(?<!concert )(?<!event )(?<!movie )(?<!train )(?<!flight )(?<!lottery )(?<!raffle )(?<!festival )(?<!gig )(?<!match )(?<!theatre )(?<!theater )(?<!cinema )(?<!show )(?<!bus )(?<!plane )(?<!parking )\b(support\s+)?tickets?\b|\bhelp\s*desk\b|\b(?:report|log|file|raise|flag)(?:s|ed|ing)?\s+(?:(?:a|an|the|any|broken|new)\s+)?(?:\w+\s+){0,2}?(?:faults?|defects?|breakdowns?|problems?|potholes?|outages?|breakages?)\b|\b(?:repair|maintenance|fix)\s+requests?\b|\bfault\s+reports?\b|\bmarks?\s+(?:\w+\s+){0,3}?as\s+(?:fixed|resolved|repaired)\b|\bjira\b|\bmaintenance\s+(?:requests?|logs?|tickets?|jobs?|issues?)\b|\bmarks?\s+(?:\w+\s+){0,3}?(?:fixed|resolved|repaired)\b", "Issue Tracker", ("project", "issue")),
    does=("fix", "resolve", "reopen"),
)  # fmt: skip
