"""Memory: a game whose rules and scores are kept on the server; the page draws and asks."""

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

_MEMORY = obj(game_id=INT, player=STR, cards=arr(STR), matched=arr(INT), moves=INT,
              status={"type": "string", "enum": ["playing", "won"]})  # fmt: skip
BLUEPRINT = game(
    "memory", "memory", "MemoryView",
    op("post", "/api/memory/games", "new_memory_game", "Deal a shuffled deck of pairs", creates=True,
       handler="new_game", request=PLAYER, response=_MEMORY,
       description="Sixteen cards face down; the deck stays on the server, so the page cannot peek."),
    op("post", "/api/memory/turns", "turn_memory_cards", "Turn two cards over",
       handler="turn",
       request=obj(game_id={"type": "integer", "minimum": 1}, first=between(0, 15), second=between(0, 15)),
       response=obj(game_id=INT, first=STR, second=STR, pair=INT, moves=INT, status=STR, matched=arr(INT)),
       description="Shows the two faces; a pair stays face up. Each turn counts as a move; a turned card "
                   "already matched, or the same card twice, is refused with 409."),
    op("get", "/api/memory/leaderboard", "memory_leaderboard", "Fewest moves to clear the board",
       handler="leaderboard", response=player_board(best_moves=INT, games=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    80,
    r"\bmemory\s*(game|match(ing)?|cards?|puzzle)\b|\bmatch(ing)?\s+(the\s+)?(pairs|cards|tiles)\b|\bconcentration\s+game\b|\bpairs\s+game\b|\bcard[\s-]*(flip|flipping|matching)\b",
    "Memory",
)  # fmt: skip
