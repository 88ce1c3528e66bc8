"""Edits a model sent that could not be applied: which were left unanswered by a retry, and how
each is named in ``dropped`` (with the designed operations it was for, if any)."""

from __future__ import annotations

import re

from pipeline.agents.protocol import CodeAnswer, EditFailure
from pipeline.artifacts import UNDESIGNED_EDIT, Design, Dropped
from pipeline.templates.naming import camel


def unanswered(failures: list[EditFailure], retry: CodeAnswer, still: list[EditFailure]) -> list[EditFailure]:
    """The failed edits the retry's answer left alone (no applied edit, file or delete for their
    file): a model that gives up, or answers <no-changes/>, loses them as surely as a bad SEARCH."""
    answered = {e.path for e in retry.edits} | set(retry.files) | set(retry.deletes)
    return [f for f in failures if f.edit.path not in answered]  # a retried one that failed is in ``still``


def lost_edit(failure: EditFailure, design: Design) -> Dropped:
    """A SEARCH/REPLACE edit that did not apply after its retry, as a ``dropped`` entry: the
    file, why, and the designed operations it was for (found by name or path in its text)."""
    where = f"{failure.edit.path}: its SEARCH text still did not match after a retry ({failure.reason})"
    ops = edit_operations(failure.edit.search + "\n" + failure.edit.replace, design)
    if not ops:  # listed, but the run still did all the design asked (``summary.outcome``)
        return Dropped(cause="undesigned_edit", text=UNDESIGNED_EDIT + where)
    return Dropped(cause="lost_edit", text=f"an edit for operation {', '.join(ops)} was not applied: {where}")


def edit_operations(text: str, design: Design) -> list[str]:
    """The model-built operations (never the scaffold's) whose id, client function or path the
    text names."""
    found = []
    for op in design.custom_operations:
        if op.scaffold:
            continue
        names = (op.operation_id, camel(op.operation_id))
        if any(re.search(rf"(?<![\w$]){re.escape(n)}(?![\w$])", text) for n in names) or re.search(
            rf"{re.escape(op.path)}(?![\w/{{])", text
        ):
            found.append(op.operation_id)
    return found
