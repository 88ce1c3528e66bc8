"""Which of a request's actions an app of a kind does: what any app that keeps records does (add,
list, find, mark…), the verbs of the kind's own operations ("Book a time slot", "Vote for one
option"), its cues when they start at the verb ("lend books" names the library), and the verbs its
folder says it does (``KindDefinition.does``)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.templates.actions import KEEPING, Action, base_forms, gerund
from pipeline.templates.registry import DEFINITIONS


@cache
def _verbs_of(kind: str) -> frozenset[str]:
    """The kind's own verbs: its ``does`` and the first word of each operation that changes something
    (a GET's summary names what it shows, not a verb), with the verbs listed in its brackets."""
    verbs: set[str] = set()
    for definition in DEFINITIONS:
        if definition.key != kind:
            continue
        verbs.update(definition.does)
        if definition.prompt_group == "games":  # a game is played, won and scored
            verbs.update(("play", "win", "score", "beat", "lose"))
        for op in definition.blueprint.operations if definition.blueprint else ():
            if op["method"] == "get":
                continue
            summary = op["summary"].lower()
            listed = re.findall(r"\(([^)]*)\)", summary)
            for word in [
                summary.split()[0],
                *(w for part in listed for w in re.split(r",\s*|\s+or\s+", part)),
            ]:
                verbs.update(base_forms(word.split()[0]) if word.split() else ())
    return frozenset(verbs)


@cache
def _cues_of(kind: str) -> tuple[str, ...]:
    return tuple(cue.pattern for d in DEFINITIONS if d.key == kind for cue in d.cues)


_MEDIA = re.compile(
    r"\b(?:photos?|pictures?|images?|videos?|clips?|audio|sounds?|voice|podcasts?|films?|footage)$"
)
"""What "edit" and "record" work on as content, not as records: "edit photos" is an image editor."""


_LIGHT_VERBS = frozenset(
    {"send", "make", "place", "put", "give", "submit", "leave", "lodge", "raise", "file"}
)
"""Verbs whose object names the act: "send offers" is offering."""


def does(kind: str, action: Action) -> bool:
    """Whether an app of ``kind`` does ``action``."""
    if action.verb in _verbs_of(kind):
        return True
    if action.verb in KEEPING and not (action.verb in ("edit", "record") and _MEDIA.search(action.obj)):
        return True
    # "send offers", "make bids", "place orders": the noun is the verb the kind does
    if action.verb in _LIGHT_VERBS and action.obj and set(base_forms(action.obj)) & _verbs_of(kind):
        return True
    said = (action.phrase, f"{gerund(action.verb)} {action.phrase.partition(' ')[2]}")
    # a cue that starts at the verb names the kind by what it does ("lend books", "book a table")
    return any(m.start() == 0 for cue in _cues_of(kind) for text in said for m in re.finditer(cue, text))
