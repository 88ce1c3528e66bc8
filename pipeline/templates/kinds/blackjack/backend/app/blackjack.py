"""Blackjack on the server: the shoe, the dealer's hole card and the chips are the server's, so
the page sees the dealer's second card and the deck only when the hand ends, and a balance on the
leaderboard was played. One 52-card shoe per hand, shuffled with ``secrets``; the dealer draws to
17 and stands on soft 17; a blackjack pays 3:2 (rounded down to whole chips); each player starts
with 1000 chips and bets 1 to their balance (a player who has lost every chip starts again)."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from app.db import Database
from app.games import PLAYING, GameTable, player_name
from app.rules import Invalid, Refused

START = 1000
RANKS = ("A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K")
SUITS = ("S", "H", "D", "C")
ACTIONS = ("hit", "stand", "double")
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS "blackjack_players" (
    "player" TEXT PRIMARY KEY, "balance" INTEGER NOT NULL, "best" INTEGER NOT NULL,
    "hands" INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS "blackjack_hands" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT, "player" TEXT NOT NULL, "bet" INTEGER NOT NULL,
    "shoe" TEXT NOT NULL, "cards" TEXT NOT NULL, "dealer" TEXT NOT NULL, "status" TEXT NOT NULL,
    "payout" INTEGER NOT NULL DEFAULT 0, "created_at" TEXT NOT NULL)""",
)
HANDS = GameTable("blackjack_hands", SCHEMA, noun="hand", over="the hand is over ({status}): deal a new hand")
PLAYERS = GameTable("blackjack_players", SCHEMA)

_stacked: list[list[str]] = []
"""Shoes a test lays (``stack_shoe``), taken before a shuffled one: never set by the app itself."""


def stack_shoe(cards: list[str]) -> None:
    """For tests only: the next hand is dealt from ``cards`` (top first) instead of a shuffle."""
    _stacked.append(list(cards))


def new_shoe() -> list[str]:
    if _stacked:
        return _stacked.pop(0)
    shoe = [rank + suit for suit in SUITS for rank in RANKS]
    secrets.SystemRandom().shuffle(shoe)
    return shoe


def value(cards: list[str]) -> tuple[int, bool]:
    """The best total of ``cards`` and whether it is soft (an ace counted as 11)."""
    total = sum(1 if c[:-1] == "A" else 10 if c[:-1] in ("J", "Q", "K") else int(c[:-1]) for c in cards)
    if any(c[:-1] == "A" for c in cards) and total + 10 <= 21:
        return total + 10, True
    return total, False


def is_blackjack(cards: list[str]) -> bool:
    return len(cards) == 2 and value(cards)[0] == 21


def dealer_plays(dealer: list[str], shoe: list[str]) -> list[str]:
    """The dealer draws while under 17 and stands on every 17, soft or hard."""
    hand = list(dealer)
    while value(hand)[0] < 17:
        hand.append(shoe.pop(0))
    return hand


def settle(cards: list[str], dealer: list[str], bet: int) -> tuple[str, int]:
    """The outcome and the chips paid back (the bet included) for a finished hand."""
    mine, theirs = value(cards)[0], value(dealer)[0]
    if is_blackjack(cards) and not is_blackjack(dealer):
        return "blackjack", bet + bet * 3 // 2
    if mine > 21:
        return "bust", 0
    if is_blackjack(dealer) and not is_blackjack(cards):
        return "lost", 0
    if theirs > 21 or mine > theirs:
        return "won", bet * 2
    return ("push", bet) if mine == theirs else ("lost", 0)


def _balance(conn: sqlite3.Connection, player: str) -> tuple[int, int]:
    row = conn.execute('SELECT balance, best FROM "blackjack_players" WHERE player = ?', (player,)).fetchone()
    if row is None:
        conn.execute('INSERT INTO "blackjack_players" (player, balance, best) VALUES (?, ?, ?)', (player, START, START))
        return START, START
    return int(row["balance"]), int(row["best"])


def _state(conn: sqlite3.Connection, row: Any) -> dict[str, Any]:
    cards, dealer = row["cards"].split(","), row["dealer"].split(",")
    over = row["status"] != PLAYING
    shown = dealer if over else dealer[:1]  # the hole card stays on the server until the hand ends
    balance, best = _balance(conn, row["player"])
    return {
        "hand_id": row["id"], "player": row["player"], "bet": row["bet"], "cards": cards,
        "total": value(cards)[0], "soft": value(cards)[1], "dealer": shown, "dealer_total": value(shown)[0],
        "hidden": 0 if over else len(dealer) - 1, "status": row["status"], "payout": row["payout"],
        "balance": balance, "best": best,
        "actions": [] if over else [a for a in ACTIONS if a != "double" or (len(cards) == 2 and balance >= row["bet"])],
    }  # fmt: skip


def _finish(conn: sqlite3.Connection, hand_id: int, player: str, bet: int, cards: list[str],
            dealer: list[str], shoe: list[str]) -> None:  # fmt: skip
    """Plays the dealer's hand (unless the player is bust), pays out and keeps the best balance."""
    if value(cards)[0] <= 21 and not is_blackjack(cards):
        dealer = dealer_plays(dealer, shoe)
    status, payout = settle(cards, dealer, bet)
    HANDS.save(conn, hand_id, cards=",".join(cards), dealer=",".join(dealer), shoe=",".join(shoe), status=status,
               payout=payout, bet=bet)  # fmt: skip
    conn.execute(
        'UPDATE "blackjack_players" SET balance = balance + ?, best = MAX(best, balance + ?), hands = hands + 1 '
        "WHERE player = ?",
        (payout, payout, player),
    )


def deal(db: Database, player: str, bet: int) -> dict[str, Any]:
    """Takes the bet and deals two cards each; a blackjack on either side ends the hand at once."""
    name = player_name(player)
    if bet < 1:
        raise Invalid("a bet is at least 1 chip")
    with HANDS.connect(db) as conn:
        balance, _best = _balance(conn, name)
        if balance < 1:  # out of chips: a fresh stack rather than a locked-out player
            conn.execute('UPDATE "blackjack_players" SET balance = ? WHERE player = ?', (START, name))
            balance = START
        if bet > balance:
            raise Refused(f"a bet of {bet} is more than your balance of {balance}")
        shoe = new_shoe()
        cards, dealer = [shoe[0], shoe[2]], [shoe[1], shoe[3]]
        shoe = shoe[4:]
        conn.execute('UPDATE "blackjack_players" SET balance = balance - ? WHERE player = ?', (bet, name))
        hand = HANDS.create(conn, player=name, bet=bet, shoe=",".join(shoe), cards=",".join(cards),
                            dealer=",".join(dealer), status=PLAYING)  # fmt: skip
        hand_id = int(hand["id"])
        if is_blackjack(cards) or is_blackjack(dealer):
            _finish(conn, hand_id, name, bet, cards, dealer, shoe)
        return _state(conn, HANDS.load(conn, hand_id))


def act(db: Database, hand_id: int, action: str) -> dict[str, Any]:
    """Hit (one card; over 21 is bust), stand (the dealer plays) or double (the bet doubled, one
    card, then the dealer plays). A finished hand takes no action."""
    if action not in ACTIONS:
        raise Invalid(f"an action is one of {', '.join(ACTIONS)}")
    with HANDS.connect(db) as conn:
        row = HANDS.playing(conn, hand_id)
        player, bet = row["player"], int(row["bet"])
        cards, dealer, shoe = row["cards"].split(","), row["dealer"].split(","), row["shoe"].split(",")
        if action == "double":
            if len(cards) != 2:
                raise Refused("you can double down only on your first two cards")
            balance, _best = _balance(conn, player)
            if balance < bet:
                raise Refused(f"doubling needs {bet} more chips and your balance is {balance}")
            conn.execute('UPDATE "blackjack_players" SET balance = balance - ? WHERE player = ?', (bet, player))
            bet *= 2
        if action in ("hit", "double"):
            cards.append(shoe.pop(0))
        if action == "hit" and value(cards)[0] < 21:
            HANDS.save(conn, hand_id, cards=",".join(cards), shoe=",".join(shoe))
        else:
            _finish(conn, hand_id, player, bet, cards, dealer, shoe)
        return _state(conn, HANDS.load(conn, hand_id))


def leaderboard(db: Database) -> list[dict[str, Any]]:
    """Players ranked by the best balance they reached, from the server's records (a row each)."""
    ranked = {"best": "MAX(best)", "balance": "MAX(balance)", "hands": "MAX(hands)"}
    return PLAYERS.leaderboard(db, ranked, order="best DESC")
