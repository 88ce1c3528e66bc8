"""Polls and voting: one vote per visitor, counted on the server; the page asks and shows."""

from __future__ import annotations

from typing import Any

from pipeline.templates.blueprint import (
    BOOL,
    INT,
    NUM,
    STR,
    Cue,
    KindDefinition,
    View,
    arr,
    blueprint,
    obj,
    op,
    text,
)

_POLL_ID: dict[str, Any] = {"type": "integer", "minimum": 1}
_POLL = obj(
    "voted_for",
    poll_id=INT,
    question=STR,
    closed=BOOL,
    total=INT,
    options=arr(obj(option_id=INT, label=STR, votes=INT, percent=NUM)),
    voted_for=INT,
)

BLUEPRINT = blueprint(
    "poll", "polls", (View("vote", "Vote", "PollsView"),),
    op("post", "/api/voting/polls", "create_poll", "Create a poll with its options", creates=True,
       handler="create_poll",
       request=obj(question=text(200, 1), options=arr(text(80))), response=_POLL,
       description="A question and 2 to 10 different options; a poll is open until it is closed."),
    op("get", "/api/voting/polls", "list_polls", "Every poll with its results",
       handler="polls_seen", response=arr(_POLL),
       description="Newest first; voted_for is this visitor's choice, or null before they vote."),
    op("get", "/api/voting/results", "poll_results", "One poll's results: counts and percentages",
       handler="results_seen", query={"poll_id": _POLL_ID},
       response=_POLL),
    op("post", "/api/voting/votes", "cast_vote", "Vote for one option",
       handler="vote_as_visitor",
       request=obj(poll_id=_POLL_ID, option_id=_POLL_ID), response=_POLL,
       description="One vote per visitor (known by the cookie the app sets) and poll: a second vote is "
                   "refused with 409 and changes nothing, as is a vote in a closed poll."),
    op("post", "/api/voting/close", "close_poll", "Close a poll: no more votes",
       handler="close_as_visitor",
       request=obj(poll_id=_POLL_ID), response=_POLL,
       description="Its results stay; closing a closed poll is refused with 409."),
    uses=("rules",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="poll",
    priority=40,
    cues=(
        Cue(r"\bpoll(?:s|ing)?\b|\b(?:up)?vot(?:e|es|ing)\b|\bballots?\b|\bcast\s+(?:their|your|his|her|my|our|a)\s+votes?\b|\belections?\b", "Polls", ("participant",)),
    ),
    blueprint=BLUEPRINT,
    prompt="poll (one vote per visitor)",
    prompt_group="people",
)  # fmt: skip
