"""Connect Four: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    board_game,
    game_kind,
)

BLUEPRINT = board_game(
    "connect_four",
    "connect-four",
    ["", "R", "Y"],
    "connect four",
    "ConnectFourView",
    "column",
    6,
    "The player (red) drops a disc in a column; the server lets it fall, refuses a full column or a "
    "finished game with 409, decides the game, and drops the computer's yellow disc.",
)

DEFINITION = game_kind(
    BLUEPRINT,
    70,
    r"\bconnect[\s-]*(four|4)\b|\bfour\s+in\s+a\s+row\b",
    "Connect Four",
)  # fmt: skip
