"""Word Game: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    PLAYER,
    STR,
    arr,
    game,
    game_kind,
    obj,
    op,
    player_board,
    text,
)

_WORD_GAME = obj(game_id=INT, player=STR, status=STR, tries_left=INT, answer=STR,
                 guesses=arr(obj(word=STR, marks=STR)))  # fmt: skip
BLUEPRINT = game(
    "word_game", "word_game", "WordGameView",
    op("post", "/api/word-game/games", "new_word_game", "Pick a hidden five-letter word", creates=True,
       handler="new_game", request=PLAYER, response=_WORD_GAME,
       description="The word stays on the server until the game ends."),
    op("post", "/api/word-game/guesses", "guess_word", "Guess the word",
       handler="guess",
       request=obj(game_id={"type": "integer", "minimum": 1}, word=text(5, 5)), response=_WORD_GAME,
       description="Scored on the server, letter by letter (g: right place, y: elsewhere, -: not in it); six tries."),
    op("get", "/api/word-game/leaderboard", "word_game_leaderboard", "Wins per player",
       handler="leaderboard", response=player_board(wins=INT, played=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    100,
    r"\bwordle\b|\bword\s*(guess(ing)?|puzzle)?\s*games?\b|\bguess\s+the\s+word\b|\bhangman\b|\bword\s+guess",
    "Word Game", "word_game (guess the word)",
)  # fmt: skip
