"""How well the app fits the request: ``fit`` (``full``, ``partial``, ``none``) and ``unmet``,
the request's asks that the app does not do, in words a person reads.

An ask is a cue in the request (a verb, a shape of app) that none of the kinds of app it could
become does: voting, messages between users, bids, two-sided boards, games we have no rules for,
payments. With no kind of its own, an app whose request's main ask is one of these does not fit
(``none``): it is the nearest honest app, a plain list of the things the request names, and it
says so. A kind that does the main job but not every ask fits in part.

Beyond those asks, every action of the request (its verbs with their objects, ``actions.py``) that
the kind does not do (``kind_actions.py``) is unmet in the request's own words ("comparing
prices"); a plain list whose request's main action is one of them does not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.artifacts import Entity
from pipeline.templates import naming
from pipeline.templates.actions import Action, request_actions
from pipeline.templates.kind_actions import does
from pipeline.templates.registry import DEFINITIONS
from pipeline.templates.vocabulary import PLACEHOLDER

Fit = Literal["full", "partial", "none"]

_UNIQUE_GAMES = (
    r"sudoku|minesweeper|tetris|battleship|pac-?man|flappy\s+bird|"
    r"rock[\s,-]+paper[\s,-]+scissors|typing\s+(?:speed\s+)?test|words\s+per\s+minute|monopoly(?:-like)?"
)
_CONTEXT_GAMES = (
    r"checkers|draughts|racing|backgammon|reversi|othello|crossword|bingo|roulette|pinball|"
    r"breakout|pong|asteroids|platformer"
)
# card games other than blackjack: a blackjack app plays cards, so it fits them in part (``assess``)
_CARD_GAMES = (
    r"\b(?:solitaire|klondike|baccarat|cribbage|go\s+fish)\b"
    r"|\b(?:poker|uno|rummy|hearts|spades|bridge|texas\s+hold\W?em)\b(?=(?:\s+[\w-]+){0,2}?\s+(?:game|clone|against|vs)\b)"
    r"|\bplay(?:ing)?\s+(?:a\s+(?:game\s+of\s+)?)?(?:poker|uno|rummy|hearts|spades|bridge)\b"
)
_CARD_GAME_SAYS = "the card game itself ({0}): its own rules and play"


GAME_KINDS = tuple(d.key for d in DEFINITIONS if d.prompt_group == "games")

_THE_GAME = "the game itself ({0}): its board, its rules and its moves"
_TWO_SIDES = (
    "two sides: postings by one kind of user that another answers (applications, offers, quotes or "
    "requests), each with a status"
)


@dataclass(frozen=True)
class Ask:
    """Something a request may ask that our kinds of app may not do."""

    pattern: str
    says: str
    """What is not made, in words; ``{0}`` is the request's own word for it."""
    core: bool
    """The app is about this: when no kind does it, the app does not fit at all."""
    done_by: tuple[str, ...] = ()
    """Kinds of app that do it."""
    done_unless: str = ""
    """Words that ask for more than ``done_by``'s kinds do (RSVPs are more than a chat's members)."""
    within: str = ""
    """The ``says`` of a broader ask that, when it is unmet too, already says this one."""
    done_by_features: tuple[str, ...] = ()
    """Features of the app that do it (a list's monthly chart is a chart)."""
    as_noun: bool = False
    """Only its noun asks it: "report potholes" (a verb, ``actions.py``) adds a record; "a report" is a chart."""


ASKS: tuple[Ask, ...] = (
    Ask(r"\b(?:vot(?:e|es|ing)|polls?|ballots?)\b", "voting: a poll with options, one vote per person, and its results", True, ("poll",)),
    Ask(
        r"\bchat(?:s|ting)?\b|\bmessaging\b|\bmessag(?:e|es)\s+(?:each\s+other|other\s+(?:users|members|people)|between)"
        r"|\b(?:send|exchange)\s+(?:an?\s+)?(?:private\s+|direct\s+)?messages?\s+to\s+(?:other|each)|\bdirect\s+messages?\b"
        r"|\binbox\b|\bunread\b",
        "messages between users: conversations and group chats, replies and unread counts, with accounts",
        True,
        ("messages",),
    ),
    Ask(r"\b(?:bid|bids|bidding|auctions?)\b", "bidding: offers on a listing until it closes, the highest winning", True,
        ("board",)),
    Ask(
        r"\bmarketplace\b|\bmany\s+(?:sellers|makers|vendors|shops)\b",
        "many sellers, each with their own listings and sales",
        False,
        ("board",),
    ),
    # goods sold for their owners: a shop keeps its own stock, not whose it is and what it owes them
    Ask(r"\bconsign(?:ment|ments|ors?|ees?|ed)\b|\bon\s+commission\b|\bsale[\s-]+or[\s-]+return\b",
        "selling for others ({0}): who brought in each item, what of theirs sold, and what they are owed", False),
    Ask(
        r"\bmatchmaking\b|\bjob\s*board\b|\brecruit\w*|\bconnect(?:s|ing)?\s+\w+(?:\s+\w+)?\s+with\b"
        r"|\b(?:post|posts|list|lists|offer|offers|publish|upload|uploads|open)\b[^.;]*?\b(?:and|while|then|,)\b[^.;]*?"
        r"\b(?:apply|applies|bid|bids|accept|accepts|request|requests|quotes?|make\s+offers|respond|answer|shortlist|pick)\b"
        r"|\bapply\b[^.;]*\b(?:accept|decline|shortlist)\b",
        _TWO_SIDES,
        True,
        ("board",),
    ),
    # applying to someone who decides (a permit, an adoption): two sides, unless it is one's own tracker
    Ask(r"\bapply(?:ing)?\s+(?:for|to)\b", "applying: an application the other side reviews and accepts or declines, "
        "with its status", True, ("board", "jobs"), within=_TWO_SIDES),
    Ask(
        rf"\b(?:{_UNIQUE_GAMES})\b|\b(?:{_CONTEXT_GAMES})\b(?:\s+[\w-]+){{0,2}}?\s+(?:game|clone|against|vs)\b"
        rf"|\bplay(?:ing)?\s+(?:a\s+)?(?:{_CONTEXT_GAMES})\b|\b(?:race|races|steer)\b[^.]*\b(?:track|cars?)\b",
        _THE_GAME,
        True,
    ),
    Ask(_CARD_GAMES, _CARD_GAME_SAYS, True),
    # games of their own kind: done by that kind, the game itself for any other
    Ask(r"\bchess\b(?=(?:\s+[\w-]+){0,2}?\s+(?:game|clone|against|vs|board|app|website|site|trainer|puzzles?)\b)"
        r"|\bplay(?:ing)?\s+(?:a\s+(?:game\s+of\s+)?)?chess\b",
        _THE_GAME, True, ("chess",)),
    Ask(r"\bchess\s+openings?\b|\bopenings?\s+(?:trainer|training|repertoire|book)\b",
        "training named openings: their lines, move by move", False),
    Ask(r"\b2048\b", _THE_GAME, True, ("game_2048",)),
    Ask(r"\bblack\s*jack\b|\b(?:21|twenty[\s-]*one)\s+card\s+games?\b", "the game itself ({0}): its deal, its rules and its bets",
        True, ("blackjack",)),
    # a game named by its play, not its name: only a kind of game does it ("a two-player turn-based game")
    Ask(r"\b(?:turn[\s-]*based|two[\s-]*players?|multi[\s-]*player|single[\s-]*player)\s+(?:[\w-]+\s+){0,2}?games?\b",
        _THE_GAME, True, GAME_KINDS),
    # a game whose rules are the user's own is not the kind's game, whichever kind plays cards or dice
    Ask(r"\b(?:of\s+(?:my|our|his|her|their)\s+own\s+(?:invention|design|making)|(?:my|our)\s+own\s+(?:rules|game)"
        r"|(?:custom|house|made[\s-]up|homemade|home[\s-]?brew(?:ed)?)\s+rules|(?:i|we)\s+(?:invented|made\s+up|came\s+up\s+with)"
        r"|invented\s+(?:card\s+|board\s+|dice\s+)?games?)\b",
        "a game with rules of its own ({0}): the templates play only the rules of games they know", True),
    Ask(r"\bplanning\s+poker\b", "estimating together ({0}): everyone picks a card in secret, then all are shown at once", True),
    Ask(r"\brotas?\b|\brotat(?:e|es|ing|ion)\s+(?:of\s+)?(?:who|whose|duties|chores|shifts|tasks)\b|\btak(?:e|es|ing)\s+turns\b",
        "taking turns ({0}): whose turn it is, passed on in order", False, GAME_KINDS, within=_THE_GAME),
    Ask(r"\bsplit(?:s|ting)?\s+(?:the\s+)?(?:bill|costs?|expenses?)\b|\bwho\s+owes\b", "splitting a bill: who owes whom", True),
    # the verbs ("compare prices", "recommends books") are the request's actions (``actions.py``)
    Ask(r"\b(?:price\s+)?comparisons?\b", "comparing side by side", False),
    Ask(r"\brecommendations?\b", "recommendations", False),
    # inviting people to a group chat is adding them by email, which the messages kind does
    Ask(r"\brsvps?\b|\binvit(?:e|es|ations?)\b", "sending invitations and collecting the replies (RSVPs)", False,
        ("messages",), done_unless=r"\brsvps?\b"),
    Ask(
        r"\btickets?\s+(?:for|to)\s+(?:their\s+|the\s+|an?\s+)?(?:concerts?|events?|shows?|games?|festivals?)\b"
        r"|\b(?:concert|event|festival)\s+tickets?\b",
        "tickets per event, with seats and sales",
        False,
    ),
    Ask(
        r"\balerts?\b|\bnotif(?:y|ies|ied|ications?)\b|\b(?:remind|nudge)(?:s)?\s+(?:you|me|users|them)\b|\b(?:get|gets|be|are|is)\s+(?:reminded|nudged)\b"
        r"|\b(?:send|email)s?\s+(?:an?\s+)?(?:emails?|sms|texts?|reminders?)\b|\bemails?\s+(?:it|them|the\s+\w+|a\s+\w+)\s+to\b",
        "alerts sent to you (the app shows what is due; it sends nothing)",
        False,
    ),
    # pushed to every open page as it happens; the messages kind asks again every few seconds
    Ask(r"\breal[\s-]*time\b|\blive\s+(?:scores?|updates?|results?|feeds?|tracking|standings|chat)\b",
        "live updates pushed as they happen (the page shows the latest when it is opened or refreshed)", False,
        ("messages",)),
    Ask(r"\be-?signatures?\b|\bsignature\s+(?:fields?|boxes|lines?)\b|\bsign(?:s|ing)?\s+(?:documents?|contracts?|pdfs?|agreements?)\b"
        r"|\bdocument\s+signing\b|\bsigners?\b",
        "signing documents: signature fields, signers and a signed copy", True),
    Ask(r"\b(?:pay|pays|paying|payments?|donat(?:e|es|ions?)|checkout\s+with\s+(?:a\s+)?card)\b", "payments", False),
    Ask(r"\bdownload(?:s|ing)?\b|\bupload(?:s|ing)?\s+(?:cvs?|documents?|files?|resumes?)\b", "uploading and downloading files", False),
    Ask(r"\bnear\s+(?:me|you)\b|\bmaps?\b|\bgps\b", "maps and places near you", False),
    Ask(r"\b(?:reports?|charts?|graphs?)\b", "reports and charts", False, ("dashboard",),
        done_by_features=("monthly_totals",), as_noun=True),
    # a total is worked out from the records: more than a list of them, unless the app totals by month
    Ask(r"\btotals\b|\b(?:the|a|daily|weekly|monthly|yearly|running)\s+total\b(?!\s+(?:price|cost|amount))",
        "totals worked out from the records ({0})", False, ("dashboard", "dice"), done_by_features=("monthly_totals",)),
    Ask(r"\bcsv\b|\bspreadsheets?\b|\bexcel\b", "importing and exporting CSV files", False, ("dashboard",)),
    # limits on what each person may do: the kinds enforce only their own (one vote per person, no double booking)
    Ask(r"\b(?:two|three|four|five|six|ten|\d+)\s+votes?\s+(?:each|per\s+\w+|apiece)\b"
        r"|\b(?:gets?|has|have|with)\s+(?:two|three|four|five|six|ten|\d+)\s+votes\b",
        "more than one vote per person ({0}): a poll counts one vote per person", False),
    Ask(r"\b(?:no\s+more\s+than|at\s+most|up\s+to|a\s+maximum\s+of|max(?:imum)?|limit(?:ed)?\s+(?:of|to))\s+"
        r"(?:one|two|three|four|five|six|ten|\d+|an?)\s+(?:[\w-]+\s+){0,2}?(?:a|an|per|each|every)\s+"
        r"(?:day|week|month|year|hour|night|person|member|user|player|customer|student|household|family)\b",
        "a limit on how many each may have ({0}): the app does not enforce it", False),
    Ask(r"\bonly\s+(?:the\s+)?(?:owners?|admins?|administrators?|authors?|creators?|organi[sz]ers?|managers?|"
        r"(?:person|one|user)\s+who\s+\w+\s+(?:it|them))\s+(?:may|can|is\s+allowed\s+to|are\s+allowed\s+to)\s+\w+(?:\s+(?:it|them|\w+s))?",
        "who may do what ({0}): anyone who can open the app can do it", False),
    Ask(r"\bjudges?\b|\bscor(?:e|es)\s+(?:the\s+)?(?:projects|entries|submissions)\b", "judging and scoring entries", False),
)  # fmt: skip


def unmet_asks(
    lowered: str,
    kind: str,
    features: set[str] | frozenset[str] = frozenset(),
    actions: list[Action] | None = None,
    kept: frozenset[str] = frozenset(),
) -> list[tuple[Ask, str]]:
    """The asks of the request that an app of ``kind`` does not do, each with its words;
    ``actions`` are the request's own when the caller has read them already. A side ask whose
    word names a thing the app keeps (``kept``) is kept as records: "every payment has an amount"."""
    found: list[tuple[Ask, str]] = []
    verbs = {action.at for action in (request_actions(lowered) if actions is None else actions)}
    for ask in ASKS:
        match = next(
            (m for m in re.finditer(ask.pattern, lowered) if not (ask.as_noun and m.start() in verbs)), None
        )
        if match is None:
            continue
        if kind in ask.done_by and not (ask.done_unless and re.search(ask.done_unless, lowered)):
            continue
        if set(ask.done_by_features) & set(features):
            continue
        if not ask.core and any(
            naming.singularize(m.group().strip()) in kept for m in re.finditer(ask.pattern, lowered)
        ):
            continue
        found.append((ask, match.group().strip()))
    said = {ask.says for ask, _ in found}
    return [(ask, word) for ask, word in found if ask.within not in said]


def core_ask_in(lowered: str, start: int, end: int) -> bool:
    """Whether the request's subject itself is an ask no kind does ("a *sudoku puzzle game* with a
    timer"): then a kind named only in passing does not make the app."""
    return any(
        ask.core and any(m.start() < end and m.end() > start for m in re.finditer(ask.pattern, lowered))
        for ask in ASKS
    )


def assess(
    lowered: str,
    kind: str,
    features: set[str] | frozenset[str],
    subject: tuple[int, int],
    kept: frozenset[str] = frozenset(),
) -> tuple[Fit, list[str]]:
    """``fit`` and ``unmet`` for an app of ``kind`` made from this request: its asks (``ASKS``)
    and its actions (``actions.py``) that the kind does not do; ``kept``: the things it keeps."""
    # reading the actions walks the whole request: read them once and hand them down
    read = request_actions(lowered)
    asks = unmet_asks(lowered, kind, features, read, kept)
    unmet = [ask.says.format(word) for ask, word in asks]
    actions = undone_actions(lowered, kind, read)
    unmet += [said for said in dict.fromkeys(a.said() for a in actions) if said not in unmet]
    if not unmet:
        return "full", []
    # another card game asked of the blackjack app: cards are dealt and played, not that game's rules
    core = [ask for ask, _ in asks if ask.core and not (kind == "blackjack" and ask.says == _CARD_GAME_SAYS)]
    if core and (kind == "generic" or core_ask_in(lowered, *subject)):
        return "none", unmet
    # a list whose request's main action it does not do: "an app that generates workout plans"
    main = [a for a in read if a.main]
    if kind == "generic" and main and all(a in actions for a in main):
        return "none", unmet
    return "partial", unmet


def undone_actions(lowered: str, kind: str, actions: list[Action] | None = None) -> list[Action]:
    """The request's actions an app of ``kind`` does not do, but those an ask already says;
    ``actions`` are the request's own when the caller has read them already."""
    asked = [m.span() for ask in ASKS for m in re.finditer(ask.pattern, lowered) if not ask.as_noun]
    return [
        action
        for action in (request_actions(lowered) if actions is None else actions)
        if not does(kind, action)
        # "send invitations": the ask for invitations says it
        and not any(start < action.end and action.at < end for start, end in asked)
    ]


def fit_sentence(fit: str, app: str) -> str:
    """The fit in one sentence, for the README and the CLI; the unmet asks follow it as a list."""
    if fit == "full":
        return f"{app} does what the request asks, as far as the offline templates read it."
    if fit == "none":
        return (
            "No kind of app the templates know does the main job of this request: this is the nearest "
            f"honest app, {app}, a list of the things the request names. It does not do:"
        )
    return f"{app} does part of what was asked. It does not do:"


PLACEHOLDER_FIELDS = tuple(spec.split(":")[0] for spec in PLACEHOLDER)


_FEATURE_FIELDS = {"tags", "due_date", "image_url", "done"}
"""Fields a feature adds to any list ("with tags"): they describe no thing of the request's own."""


def _placeholder(entity: Entity) -> bool:
    names = [f.name for f in entity.fields]
    return tuple(names[:4]) == PLACEHOLDER_FIELDS and set(names[4:]) <= _FEATURE_FIELDS


def placeholder_gap(entities: list[Entity], gist: str) -> str:
    """What a plain list leaves out when it keeps things only by a placeholder's fields: the
    request's own job, in its words, which no kind does and whose details the templates could not
    read (the app is then no full fit); "" when every thing has fields of its own."""
    kept = [e.plural_label.lower() for e in entities if _placeholder(e)]
    if not kept:
        return ""
    asked = f"the job the request asks for (“{gist.rstrip('.')}”)" if gist else "the job the request asks for"
    return (
        f"{asked}: no kind of app the templates know does it, so this is a plain list of "
        f"{' and '.join(kept)}, each kept only by a name, a description, a category and an active flag"
    )
