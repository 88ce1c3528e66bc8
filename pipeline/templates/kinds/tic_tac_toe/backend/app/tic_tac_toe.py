"""Tic-tac-toe, decided on the server: the player is X and moves first, the computer is O and
answers at once. The server checks every move (the game is on, the cell is free), decides the
game, and keeps the games the leaderboard counts; the page only sends a cell."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from app.rules import Invalid, NotFound, Refused

from app.db import Database

LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))
EMPTY = "-" * 9
SCHEMA = """
CREATE TABLE IF NOT EXISTS "tic_tac_toe_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "board" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL
)
"""


def winner(board: str) -> str | None:
    """``X`` or ``O`` when a line is theirs, else None."""
    for a, b, c in LINES:
        if board[a] != "-" and board[a] == board[b] == board[c]:
            return board[a]
    return None


def computer_move(board: str) -> int:
    """O's answer: win if it can, else block X's line, else the centre, a corner, a side."""
    free = [i for i, cell in enumerate(board) if cell == "-"]
    for mark in ("O", "X"):
        for cell in free:
            if winner(board[:cell] + mark + board[cell + 1 :]) == mark:
                return cell
    for preferred in (4, 0, 2, 6, 8, 1, 3, 5, 7):
        if preferred in free:
            return preferred
    raise ValueError("the board is full")


def judged(board: str) -> str:
    won = winner(board)
    if won == "X":
        return "won"
    if won == "O":
        return "lost"
    return "draw" if "-" not in board else "playing"


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


def _state(row: Any) -> dict[str, Any]:
    return {
        "game_id": row["id"],
        "player": row["player"],
        "board": ["" if cell == "-" else cell for cell in row["board"]],
        "status": row["status"],
        "moves": row["moves"],
    }


def new_game(db: Database, player: str) -> dict[str, Any]:
    name = player.strip()
    if not name:
        raise Invalid("a player needs a name")
    with _connect(db) as conn:
        cursor = conn.execute(
            'INSERT INTO "tic_tac_toe_games" (player, board, status, moves, created_at) VALUES (?, ?, ?, 0, ?)',
            (name, EMPTY, "playing", datetime.now().isoformat(timespec="seconds")),
        )
        row = conn.execute('SELECT * FROM "tic_tac_toe_games" WHERE id = ?', (cursor.lastrowid,)).fetchone()
    return _state(row)


def move(db: Database, game_id: int, cell: int) -> dict[str, Any]:
    with _connect(db) as conn:
        row = conn.execute('SELECT * FROM "tic_tac_toe_games" WHERE id = ?', (game_id,)).fetchone()
        if row is None:
            raise NotFound(f"game {game_id} not found")
        if row["status"] != "playing":
            raise Refused(f"the game is over: {row['status']}")
        board = row["board"]
        if not 0 <= cell <= 8:
            raise Invalid("a cell is 0 to 8")
        if board[cell] != "-":
            raise Refused(f"cell {cell} is taken")
        board = board[:cell] + "X" + board[cell + 1 :]
        moves = row["moves"] + 1
        status = judged(board)
        if status == "playing":
            answer = computer_move(board)
            board = board[:answer] + "O" + board[answer + 1 :]
            moves += 1
            status = judged(board)
        conn.execute(
            'UPDATE "tic_tac_toe_games" SET board = ?, status = ?, moves = ? WHERE id = ?',
            (board, status, moves, game_id),
        )
        row = conn.execute('SELECT * FROM "tic_tac_toe_games" WHERE id = ?', (game_id,)).fetchone()
    return _state(row)


def leaderboard(db: Database) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute(
            'SELECT player, COUNT(*) AS played, '
            "SUM(status = 'won') AS wins, SUM(status = 'lost') AS losses, SUM(status = 'draw') AS draws "
            "FROM \"tic_tac_toe_games\" WHERE status != 'playing' "
            "GROUP BY player ORDER BY wins DESC, draws DESC, played ASC, player ASC LIMIT 100"
        ).fetchall()
    return [{k: row[k] for k in ("player", "played", "wins", "losses", "draws")} for row in rows]
