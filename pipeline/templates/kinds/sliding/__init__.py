"""Sliding Puzzle: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    PLAYER,
    STR,
    arr,
    between,
    game,
    game_kind,
    obj,
    op,
    player_board,
)

_TILES = obj(
    game_id=INT,
    player=STR,
    board=arr(INT),
    moves=INT,
    status={"type": "string", "enum": ["playing", "solved"]},
)
BLUEPRINT = game(
    "sliding", "sliding", "SlidingView",
    op("post", "/api/sliding/games", "new_sliding_game", "Shuffle a new 15 puzzle", creates=True,
       handler="new_game", request=PLAYER, response=_TILES,
       description="Shuffled by legal moves from the solved board, so it can always be solved."),
    op("post", "/api/sliding/moves", "play_sliding_move", "Slide a tile into the gap",
       handler="move",
       request=obj(game_id={"type": "integer", "minimum": 1}, tile=between(1, 15)), response=_TILES,
       description="Only a tile beside the gap slides (409 otherwise); the move count is the server's."),
    op("get", "/api/sliding/leaderboard", "sliding_leaderboard", "Fewest moves to solve",
       handler="leaderboard", response=player_board(best_moves=INT, solved=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    90,
    r"\bslid(ing|e)\s*(tiles?|puzzles?|blocks?)\b|\b(15|fifteen|8|eight)[\s-]*puzzle\b|\btile\s+puzzle\b",
    "Sliding Puzzle", "sliding (15 puzzle)",
)  # fmt: skip
