"""Connect four, decided on the server: the player drops red discs, the computer yellow. The
server lets each disc fall, refuses a full column or a finished game, decides the game, and keeps
the games the leaderboard counts; the page only sends a column."""

from __future__ import annotations

from typing import Any

from app.db import Database
from app.games import FINISHED, PLAYING, RECORD, GameTable, player_name
from app.rules import Invalid, Refused

ROWS, COLUMNS = 6, 7
EMPTY = "-" * (ROWS * COLUMNS)
PREFERRED = (3, 2, 4, 1, 5, 0, 6)  # the centre columns take part in more lines
SCHEMA = """
CREATE TABLE IF NOT EXISTS "connect_four_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "board" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL
)
"""
GAMES = GameTable("connect_four_games", SCHEMA)


def drop(board: str, column: int, mark: str) -> str | None:
    """The board with ``mark`` fallen to the lowest free row of ``column``; None when it is full.
    Row 0 is the top: index = row * COLUMNS + column."""
    for row in range(ROWS - 1, -1, -1):
        index = row * COLUMNS + column
        if board[index] == "-":
            return board[:index] + mark + board[index + 1 :]
    return None


def winner(board: str) -> str | None:
    """``R`` or ``Y`` when four of theirs are in a row, column or diagonal, else None."""
    for row in range(ROWS):
        for col in range(COLUMNS):
            mark = board[row * COLUMNS + col]
            if mark == "-":
                continue
            for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                end_r, end_c = row + 3 * dr, col + 3 * dc
                if 0 <= end_r < ROWS and 0 <= end_c < COLUMNS and all(
                    board[(row + k * dr) * COLUMNS + col + k * dc] == mark for k in range(4)
                ):
                    return mark
    return None


def judged(board: str) -> str:
    won = winner(board)
    if won == "R":
        return "won"
    if won == "Y":
        return "lost"
    return "draw" if "-" not in board else "playing"


def computer_move(board: str) -> int:
    """Yellow's column: win if it can, else block red's four, else the most central free column."""
    free = [c for c in PREFERRED if drop(board, c, "Y") is not None]
    for mark in ("Y", "R"):
        for column in free:
            if winner(drop(board, column, mark) or board) == mark:
                return column
    if not free:
        raise ValueError("the board is full")
    return free[0]


def _state(row: Any) -> dict[str, Any]:
    return {
        "game_id": row["id"], "player": row["player"], "status": row["status"], "moves": row["moves"],
        "board": ["" if cell == "-" else cell for cell in row["board"]],
    }  # fmt: skip


def new_game(db: Database, player: str) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        return _state(GAMES.create(conn, player=player_name(player), board=EMPTY, status=PLAYING, moves=0))


def move(db: Database, game_id: int, column: int) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        if not 0 <= column < COLUMNS:
            raise Invalid("a column is 0 to 6")
        board = drop(row["board"], column, "R")
        if board is None:
            raise Refused(f"column {column + 1} is full")
        moves = row["moves"] + 1
        status = judged(board)
        if status == PLAYING:
            board = drop(board, computer_move(board), "Y") or board
            moves += 1
            status = judged(board)
        return _state(GAMES.save(conn, game_id, board=board, status=status, moves=moves))


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return GAMES.leaderboard(db, RECORD, order="wins DESC, draws DESC, played ASC", where=FINISHED)
