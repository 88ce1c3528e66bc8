"""Memory (pairs), dealt on the server: the deck stays here, a turn shows two faces, pairs stay
up, and the moves that cleared the board are the server's count, so the page cannot peek or
claim a score it did not play."""

from __future__ import annotations

import json
import random
from typing import Any

from app.db import Database
from app.games import PLAYING, GameTable, player_name
from app.rules import Invalid, Refused

FACES = ("apple", "bell", "cherry", "diamond", "flower", "heart", "moon", "star")
SCHEMA = """
CREATE TABLE IF NOT EXISTS "memory_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "deck" TEXT NOT NULL,
    "matched" TEXT NOT NULL,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
)
"""
GAMES = GameTable("memory_games", SCHEMA, over="the board is already cleared")
_shuffle = random.SystemRandom().shuffle


def deal() -> list[str]:
    deck = [*FACES, *FACES]
    _shuffle(deck)
    return deck


def _state(row: Any) -> dict[str, Any]:
    deck, matched = json.loads(row["deck"]), json.loads(row["matched"])
    return {
        "game_id": row["id"], "player": row["player"], "moves": row["moves"], "status": row["status"],
        "matched": matched, "cards": [deck[i] if i in matched else "" for i in range(len(deck))],
    }  # fmt: skip


def new_game(db: Database, player: str, deck: list[str] | None = None) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        return _state(GAMES.create(conn, player=player_name(player), deck=json.dumps(deck or deal()), matched="[]",
                                   moves=0, status=PLAYING))  # fmt: skip


def turn(db: Database, game_id: int, first: int, second: int) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        deck, matched = json.loads(row["deck"]), json.loads(row["matched"])
        if first == second:
            raise Refused("turn two different cards")
        if not (0 <= first < len(deck) and 0 <= second < len(deck)):
            raise Invalid(f"cards are 0 to {len(deck) - 1}")
        if first in matched or second in matched:
            raise Refused("that card is already matched")
        pair = deck[first] == deck[second]
        if pair:
            matched = sorted([*matched, first, second])
        status = "won" if len(matched) == len(deck) else PLAYING
        moves = row["moves"] + 1
        GAMES.save(conn, game_id, matched=json.dumps(matched), moves=moves, status=status)
    return {
        "game_id": game_id, "first": deck[first], "second": deck[second], "pair": int(pair), "moves": moves,
        "status": status, "matched": matched,
    }  # fmt: skip


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return GAMES.leaderboard(db, {"best_moves": "MIN(moves)", "games": "COUNT(*)"}, order="best_moves ASC",
                             where="status = 'won'")  # fmt: skip
