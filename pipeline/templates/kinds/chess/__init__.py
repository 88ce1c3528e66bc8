"""Chess: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    ID,
    INT,
    STR,
    arr,
    game,
    game_kind,
    obj,
    op,
    text,
)

_CHESS = obj(
    game_id=INT, white=STR, black=STR, opponent=STR, fen=STR, turn=STR, check={"type": "boolean"},
    status={"type": "string", "enum": ["playing", "checkmate", "stalemate", "draw"]}, result=STR, reason=STR,
    board=arr(STR), history=arr(STR), last=STR, legal=arr(STR),
)  # fmt: skip
BLUEPRINT = game(
    "chess", "chess_games", "ChessView",
    op("post", "/api/chess/games", "new_chess_game", "Start a game of chess", creates=True,
       handler="new_game",
       request=obj("black", "opponent", white=text(40, 1), black=text(40),
                   opponent={"type": "string", "enum": ["friend", "computer"]}),
       response=_CHESS,
       description="White moves first; the opponent is a friend on the same screen or the computer."),
    op("post", "/api/chess/moves", "play_chess_move", "Play a move in UCI (e2e4) or SAN (Nf3)",
       handler="move",
       request=obj(game_id=ID, move=text(12, 2)), response=_CHESS,
       description="Legal moves are python-chess's: an illegal move is refused with 409 and its reason; "
                   "check, mate, stalemate and draws are decided on the server."),
    op("get", "/api/chess/game", "get_chess_game", "One game as it stands",
       handler="game", query={"game_id": ID}, response=_CHESS),
    op("get", "/api/chess/games", "list_chess_games", "The latest games and how they ended",
       handler="recent",
       response=arr(obj(game_id=INT, white=STR, black=STR, status=STR, result=STR, reason=STR, moves=INT))),
    pins=(("chess", "1.10.0"),),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    10,
    r"\bchess\b(?!\s+(?:clubs?|tournaments?|leagues?|federations?|coach(?:es|ing)?|lessons?|classes|schools?|camps?|clocks?|timers?|players?\s+(?:directory|list)))",
    "Chess",
)  # fmt: skip
