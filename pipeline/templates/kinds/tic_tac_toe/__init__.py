"""Tic-Tac-Toe: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    board_game,
    game_kind,
)

BLUEPRINT = board_game(
    "tic_tac_toe",
    "tic-tac-toe",
    ["", "X", "O"],
    "tic-tac-toe",
    "TicTacToeView",
    "cell",
    8,
    "The server checks the move (the game is on, the cell is free), decides the game, and plays the "
    "computer's answer. A taken cell or a finished game is refused with 409.",
)

DEFINITION = game_kind(
    BLUEPRINT,
    150,
    r"\btic[\s-]*tac[\s-]*toe\b|\bnoughts\s+and\s+crosses\b|\bx\s*(and|&)\s*o\b",
    "Tic-Tac-Toe",
)  # fmt: skip
