"""Snake: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    NUM,
    PLAYER,
    STR,
    between,
    game,
    game_kind,
    obj,
    op,
    player_board,
)

BLUEPRINT = game(
    "snake", "snake", "SnakeView",
    op("post", "/api/snake/games", "start_snake_game", "Start a run of snake", creates=True,
       handler="start", request=PLAYER, response=obj(game_id=INT, player=STR, started_at=STR),
       description="The server notes when the run started: a score is checked against the time played."),
    op("post", "/api/snake/scores", "submit_snake_score", "Finish a run with its score",
       handler="finish",
       request=obj(game_id={"type": "integer", "minimum": 1}, score=between(0, 10000)),
       response=obj(game_id=INT, player=STR, score=INT, seconds=NUM, best=INT),
       description="A run is finished once (409 after); a score more than the snake could eat in the time "
                   "played is refused with 422."),
    op("get", "/api/snake/leaderboard", "snake_leaderboard", "Best scores", handler="leaderboard",
       response=player_board(best=INT, runs=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    110,
    r"\bsnake\b|\barcade\s+game\b",
    "Snake",
)  # fmt: skip
