"""Blackjack: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    ID,
    INT,
    STR,
    arr,
    between,
    game,
    game_kind,
    obj,
    op,
    player_board,
    text,
)

_HAND = obj(hand_id=INT, player=STR, bet=INT, cards=arr(STR), total=INT, soft={"type": "boolean"},
            dealer=arr(STR), dealer_total=INT, hidden=INT, payout=INT, balance=INT, best=INT, actions=arr(STR),
            status={"type": "string", "enum": ["playing", "won", "lost", "bust", "push", "blackjack"]})  # fmt: skip
BLUEPRINT = game(
    "blackjack", "blackjack", "BlackjackView",
    op("post", "/api/blackjack/hands", "deal_blackjack_hand", "Bet and deal a hand of blackjack", creates=True,
       handler="deal",
       request=obj(player=text(40, 1), bet=between(1, 1000000)), response=_HAND,
       description="Two cards each from a shoe shuffled on the server; the dealer's hole card and the shoe stay "
                   "there until the hand ends. A bet over the balance is refused with 409."),
    op("post", "/api/blackjack/actions", "play_blackjack_action", "Hit, stand or double down",
       handler="act",
       request=obj(hand_id=ID, action={"type": "string", "enum": ["hit", "stand", "double"]}),
       response=_HAND,
       description="The dealer draws to 17 and stands on soft 17; blackjack pays 3:2. Acting on a finished "
                   "hand, or doubling after the first two cards, is refused with 409 and its reason."),
    op("get", "/api/blackjack/leaderboard", "blackjack_leaderboard", "Best balances",
       handler="leaderboard", response=player_board(best=INT, balance=INT, hands=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    30,
    r"\bblack\s*jack\b|\b21\s+card\s+games?\b|\btwenty[\s-]*one\s+card\s+games?\b|(?<!memory\s)(?<!matching\s)(?<!flip\s)(?<!flipping\s)(?<!trading\s)(?<!collectible\s)\bcard\s+games?\b",
    "Blackjack", "blackjack (any card game)",
)  # fmt: skip
