"""2048 on the server: the board, the slides and merges, the new tile and the score are the
server's, so a score on the leaderboard was played. A tile merges once per move, the pair
nearest the wall it slides to first; a move that moves nothing is refused; the game is over when
no move is left, and reaching 2048 wins (playing on is allowed)."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from app.db import Database
from app.games import PLAYING, GameTable, player_name
from app.rules import Invalid, Refused

SIZE = 4
GOAL = 2048
DIRECTIONS = ("left", "right", "up", "down")
SCHEMA = """
CREATE TABLE IF NOT EXISTS "game_2048_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "board" TEXT NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
)
"""
GAMES = GameTable("game_2048_games", SCHEMA, over="the game is over: no tile can move")


def slide_row(row: list[int]) -> tuple[list[int], int]:
    """``row`` slid towards its start: tiles close the gaps, two equal neighbours merge once
    (those nearest the start first), and the points are the merged tiles' values."""
    tiles = [t for t in row if t]
    out: list[int] = []
    points, index = 0, 0
    while index < len(tiles):
        if index + 1 < len(tiles) and tiles[index] == tiles[index + 1]:
            out.append(tiles[index] * 2)
            points += tiles[index] * 2
            index += 2
        else:
            out.append(tiles[index])
            index += 1
    return out + [0] * (len(row) - len(out)), points


def _lines(direction: str) -> list[list[int]]:
    """The board's indices in lines read from the wall the tiles slide to."""
    rows = [[r * SIZE + c for c in range(SIZE)] for r in range(SIZE)]
    columns = [[r * SIZE + c for r in range(SIZE)] for c in range(SIZE)]
    return {
        "left": rows,
        "right": [line[::-1] for line in rows],
        "up": columns,
        "down": [line[::-1] for line in columns],
    }[direction]


def slide(board: list[int], direction: str) -> tuple[list[int], int]:
    """The board after a move in ``direction`` (before the new tile), and the points it made."""
    if direction not in DIRECTIONS:
        raise Invalid(f"a move is one of {', '.join(DIRECTIONS)}")
    after, points = list(board), 0
    for line in _lines(direction):
        values, made = slide_row([board[i] for i in line])
        points += made
        for index, value in zip(line, values, strict=True):
            after[index] = value
    return after, points


def can_move(board: list[int]) -> bool:
    return any(slide(board, direction)[0] != board for direction in DIRECTIONS)


def with_new_tile(board: list[int]) -> list[int]:
    """A 2 (nine times in ten) or a 4 on a random empty cell, from the server's randomness."""
    empty = [i for i, value in enumerate(board) if value == 0]
    if not empty:
        return board
    after = list(board)
    after[secrets.choice(empty)] = 4 if secrets.randbelow(10) == 0 else 2
    return after


def _best(conn: sqlite3.Connection, player: str) -> int:
    row = conn.execute('SELECT MAX(score) AS best FROM "game_2048_games" WHERE player = ?', (player,)).fetchone()
    return int(row["best"] or 0)


def _state(conn: sqlite3.Connection, row: Any) -> dict[str, Any]:
    board = [int(v) for v in row["board"].split(",")]
    return {
        "game_id": row["id"], "player": row["player"], "board": board, "score": row["score"],
        "moves": row["moves"], "status": row["status"], "won": max(board) >= GOAL,
        "best": _best(conn, row["player"]),
    }  # fmt: skip


def new_game(db: Database, player: str) -> dict[str, Any]:
    name = player_name(player)
    board = with_new_tile(with_new_tile([0] * SIZE * SIZE))
    with GAMES.connect(db) as conn:
        return _state(conn, GAMES.create(conn, player=name, board=",".join(map(str, board)), status=PLAYING))


def move(db: Database, game_id: int, direction: str) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        board = [int(v) for v in row["board"].split(",")]
        after, points = slide(board, direction)
        if after == board:
            raise Refused(f"nothing moves {direction}: try another way")
        after = with_new_tile(after)
        status = PLAYING if can_move(after) else "over"
        saved = GAMES.save(conn, game_id, board=",".join(map(str, after)), score=row["score"] + points,
                           moves=row["moves"] + 1, status=status)  # fmt: skip
        return _state(conn, saved)


def leaderboard(db: Database) -> list[dict[str, Any]]:
    """Each player's best score, best tile and games, from the server's records."""
    return GAMES.leaderboard(db, {"best": "MAX(score)", "games": "COUNT(*)"}, order="best DESC")
