"""The sliding puzzle (15 puzzle), kept on the server: the board is shuffled by legal moves (so it
can always be solved), each move is checked (only a tile beside the gap slides), and a solved
board's move count is the server's, so the leaderboard cannot be written by the page."""

from __future__ import annotations

import json
import random
from typing import Any

from app.db import Database
from app.games import PLAYING, GameTable, player_name
from app.rules import Refused

SIZE = 4
SOLVED = [*range(1, SIZE * SIZE), 0]
SCHEMA = """
CREATE TABLE IF NOT EXISTS "sliding_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "board" TEXT NOT NULL,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
)
"""
GAMES = GameTable("sliding_games", SCHEMA, over="the puzzle is already solved")


def neighbours(index: int) -> list[int]:
    row, col = divmod(index, SIZE)
    steps = ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1))
    return [r * SIZE + c for r, c in steps if 0 <= r < SIZE and 0 <= c < SIZE]


def slide(board: list[int], tile: int) -> list[int] | None:
    """The board with ``tile`` slid into the gap; None when it is not beside the gap."""
    if tile not in board or tile == 0:
        return None
    at, gap = board.index(tile), board.index(0)
    if at not in neighbours(gap):
        return None
    moved = list(board)
    moved[gap], moved[at] = tile, 0
    return moved


def shuffled(steps: int = 200, rng: random.Random | None = None) -> list[int]:
    """A board reached from the solved one by ``steps`` legal moves: always solvable."""
    rng = rng or random.SystemRandom()
    board, previous = list(SOLVED), -1
    for _ in range(steps):
        gap = board.index(0)
        options = [i for i in neighbours(gap) if i != previous]
        pick = rng.choice(options)
        previous = gap
        board = slide(board, board[pick]) or board
    return board if board != SOLVED else shuffled(steps, rng)


def _state(row: Any) -> dict[str, Any]:
    return {"game_id": row["id"], "player": row["player"], "board": json.loads(row["board"]), "moves": row["moves"],
            "status": row["status"]}  # fmt: skip


def new_game(db: Database, player: str) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        return _state(GAMES.create(conn, player=player_name(player), board=json.dumps(shuffled()), moves=0, status=PLAYING))


def move(db: Database, game_id: int, tile: int) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        board = slide(json.loads(row["board"]), tile)
        if board is None:
            raise Refused(f"tile {tile} is not beside the gap")
        status = "solved" if board == SOLVED else PLAYING
        return _state(GAMES.save(conn, game_id, board=json.dumps(board), moves=row["moves"] + 1, status=status))


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return GAMES.leaderboard(db, {"best_moves": "MIN(moves)", "solved": "COUNT(*)"}, order="best_moves ASC",
                             where="status = 'solved'")  # fmt: skip
