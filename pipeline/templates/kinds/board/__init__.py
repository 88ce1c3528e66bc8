"""Two-sided boards: postings by one person that others answer (applications, bids, offers),
each answer moved through a status flow by the poster alone. With accounts: every action is a
signed-in person's. The words (jobs and applications, projects and bids) come from the request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.templates.blueprint import (
    BOOL,
    INT,
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

_ID: dict[str, Any] = {"type": "integer", "minimum": 1}
_POSTING = obj(
    "my_status", "answers",
    posting_id=INT, title=STR, details=STR, poster=STR, open=BOOL, mine=BOOL, my_status=STR, answers=INT,
    created_at=STR,
)  # fmt: skip
_ANSWER = obj(
    answer_id=INT,
    posting_id=INT,
    title=STR,
    answerer=STR,
    message=STR,
    status=STR,
    moves=arr(STR),
    withdrawable=BOOL,
    created_at=STR,
)

BLUEPRINT = blueprint(
    "board", "boards", (View("board", "Board", "BoardView"),),
    op("post", "/api/board/postings", "create_posting", "Post something for others to answer", creates=True,
       handler="create_posting",
       request=obj(title=text(120, 1), details=text(4000)), response=_POSTING,
       description="Signed in (401 otherwise); a posting is open until its poster closes it or accepts an answer."),
    op("get", "/api/board/postings", "list_postings", "Every posting, open ones first",
       handler="list_postings", response=arr(_POSTING),
       description="my_status is this user's own answer's status (null before they answer); answers counts "
                   "the answers for the poster alone."),
    op("post", "/api/board/answers", "answer_posting", "Answer a posting (apply, bid, make an offer)", creates=True,
       handler="answer",
       request=obj(posting_id=_ID, message=text(4000, 1)), response=_ANSWER,
       description="One answer per person and posting, never to one's own posting, only while it is open: "
                   "409 otherwise, and nothing changes."),
    op("get", "/api/board/answers/received", "answers_received", "The answers to my postings",
       handler="answers_to_mine", response=arr(_ANSWER)),
    op("get", "/api/board/answers/mine", "my_answers", "My own answers and their status",
       handler="my_answers", response=arr(_ANSWER)),
    op("post", "/api/board/answers/status", "move_answer", "Move an answer along its status flow",
       handler="move",
       request=obj(answer_id=_ID, status=text(20, 1)), response=_ANSWER,
       description="Only the poster: submitted → shortlisted → accepted or declined (submitted may go straight "
                   "to either); accepted, declined and withdrawn are final, other moves are 409. Accepting closes the posting. "
                   "Someone else's answer is 404."),
    op("post", "/api/board/answers/withdraw", "withdraw_answer", "Withdraw my own answer",
       handler="withdraw", request=obj(answer_id=_ID), response=_ANSWER,
       description="Only its answerer (404 for anyone else), while it is submitted or shortlisted: once accepted, "
                   "declined or withdrawn it is 409. A withdrawn answer leaves the poster's list and takes no moves."),
    op("post", "/api/board/postings/close", "close_posting", "Close a posting: no more answers",
       handler="close", request=obj(posting_id=_ID), response=_POSTING,
       description="Only its poster (409 for anyone else); closing a closed posting is 409."),
    uses=("rules", "accounts"),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="board",
    priority=50,
    cues=(
        Cue(r"\bjob\s*boards?\b|\b(?:recruit(?:ment|ing)?|hiring)\s+(?:platform|site|website|portal|app|board|agency)\b|\bfreelanc\w*\s+(?:marketplace|platform|site|board)\b|\b(?:post|posts|list|lists|publish|publishes)\s+(?:\w+\s+){0,3}?(?:jobs?|openings?|vacanc\w+|internships?|placements?|shifts?|projects?|gigs?|lessons?|listings?|roles?|positions?)\b(?=[^.;]*?\b(?:and|while)\b[^.;]*?\b(?:apply|applies|bid|bids|make\s+offers|send\s+offers)\b)|\b(?:candidates|applicants|students|freelancers|job\s*seekers)\s+(?:can\s+|to\s+)?(?:apply|bid)\b|\bmarketplace\b(?=[^.;]*\b(?:make|makes|send|sends)\s+offers\b)|\bbuyers\s+(?:can\s+)?(?:make|send)\s+(?:an\s+)?offers?\b|\btutor(?:ing|s)?\b(?=[^.;]*\bappl(?:y|ies|ications?)\b)", "Job Board", ("member",)),
    ),
    features=("accounts",),
    blueprint=BLUEPRINT,
    prompt="board (postings others answer with applications, bids or offers: job boards, freelance, tutoring)",
    prompt_group="people",
    does=("shortlist", "accept", "decline", "reject", "approve", "respond", "pick", "choose", "hire", "request",
          "offer", "ask", "bid"),
)  # fmt: skip


@dataclass(frozen=True)
class BoardWords:
    """What the request calls the postings, the answers and the two sides."""

    posting: str
    postings: str
    answer: str
    answers: str
    poster: str
    answerer: str
    verb: str
    """What an answerer does, on the button: "Apply", "Bid", "Make an offer"."""


_WORDS: tuple[tuple[str, BoardWords], ...] = (
    (r"\btutor|\blessons?\b|\bteach", BoardWords("lesson", "lessons", "application", "applications", "tutor", "student", "Apply")),
    (r"\bbid(?:s|ding)?\b|\bfreelanc|\bgigs?\b", BoardWords("project", "projects", "bid", "bids", "client", "freelancer", "Bid")),
    (r"\boffers?\b|\bmarketplace\b|\blistings?\b", BoardWords("listing", "listings", "offer", "offers", "seller", "buyer", "Make an offer")),
)  # fmt: skip
_JOBS = BoardWords("job", "jobs", "application", "applications", "employer", "candidate", "Apply")


def board_words(text: str) -> BoardWords:
    """The request's words for the board (jobs and applications when it says nothing else)."""
    lowered = text.lower()
    if re.search(r"\bjobs?\b|\brecruit|\bhir(?:e|es|ing)\b|\bvacanc|\bopenings?\b|\bcandidates?\b", lowered):
        return _JOBS
    return next((words for pattern, words in _WORDS if re.search(pattern, lowered)), _JOBS)
