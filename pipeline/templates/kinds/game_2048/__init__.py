"""2048: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    ID,
    INT,
    PLAYER,
    STR,
    arr,
    game,
    game_kind,
    obj,
    op,
    player_board,
)

_2048 = obj(game_id=INT, player=STR, board=arr(INT), score=INT, moves=INT, won={"type": "boolean"}, best=INT,
            status={"type": "string", "enum": ["playing", "over"]})  # fmt: skip
BLUEPRINT = game(
    "game_2048", "game_2048", "Game2048View",
    op("post", "/api/game-2048/games", "new_2048_game", "Start a game of 2048", creates=True,
       handler="new_game", request=PLAYER, response=_2048,
       description="A 4 by 4 board with two tiles placed by the server."),
    op("post", "/api/game-2048/moves", "play_2048_move", "Slide every tile one way",
       handler="move",
       request=obj(game_id=ID, direction={"type": "string", "enum": ["left", "right", "up", "down"]}),
       response=_2048,
       description="Tiles slide and merge once per move on the server, which adds the points and a new tile; "
                   "a move that moves nothing, or one after the game is over, is refused with 409."),
    op("get", "/api/game-2048/leaderboard", "game_2048_leaderboard", "Best scores",
       handler="leaderboard", response=player_board(best=INT, games=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    20,
    r"\b2048\b|\b(?:slid(?:e|es|ing)|swip(?:e|es|ing))\s+(?:number(?:ed)?\s+)?tiles?\b[^.]*\b(?:merg|combin|join|add)\w*|\bmerg(?:e|es|ing)\s+(?:number(?:ed)?\s+)?tiles\b|\bnumber\s+tiles?\s+(?:that\s+)?merg",
    "2048",
)  # fmt: skip
