"""Tic-tac-toe, decided on the server: the player is X and moves first, the computer is O and
answers at once. The server checks every move (the game is on, the cell is free), decides the
game, and keeps the games the leaderboard counts; the page only sends a cell."""

from __future__ import annotations

from typing import Any

from app.db import Database
from app.games import FINISHED, PLAYING, RECORD, GameTable, player_name
from app.rules import Invalid, Refused

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
GAMES = GameTable("tic_tac_toe_games", SCHEMA)


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


def _state(row: Any) -> dict[str, Any]:
    return {
        "game_id": row["id"],
        "player": row["player"],
        "board": ["" if cell == "-" else cell for cell in row["board"]],
        "status": row["status"],
        "moves": row["moves"],
    }


def new_game(db: Database, player: str) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        return _state(GAMES.create(conn, player=player_name(player), board=EMPTY, status=PLAYING, moves=0))


def move(db: Database, game_id: int, cell: int) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        board = row["board"]
        if not 0 <= cell <= 8:
            raise Invalid("a cell is 0 to 8")
        if board[cell] != "-":
            raise Refused(f"cell {cell} is taken")
        board = board[:cell] + "X" + board[cell + 1 :]
        moves = row["moves"] + 1
        status = judged(board)
        if status == PLAYING:
            answer = computer_move(board)
            board = board[:answer] + "O" + board[answer + 1 :]
            moves += 1
            status = judged(board)
        return _state(GAMES.save(conn, game_id, board=board, status=status, moves=moves))


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return GAMES.leaderboard(db, RECORD, order="wins DESC, draws DESC, played ASC", where=FINISHED)
