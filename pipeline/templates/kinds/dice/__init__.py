"""Dice Roller: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    NUM,
    STR,
    View,
    arr,
    between,
    blueprint,
    game_kind,
    obj,
    op,
    player_board,
    text,
)

_ROLL = obj(roll_id=INT, player=STR, count=INT, sides=INT, faces=arr(INT), total=INT)
BLUEPRINT = blueprint(
    "dice", "dice", (View("roll", "Roll", "DiceView"),),
    op("post", "/api/dice/rolls", "roll_dice", "Roll dice on the server", creates=True,
       handler="roll",
       description="1 to 20 dice of 4, 6, 8, 10, 12, 20 or 100 sides, rolled with the server's randomness and kept.",
       request=obj("player", player=text(40), count=between(1, 20), sides=between(2, 100)), response=_ROLL),
    op("get", "/api/dice/history", "dice_history", "The latest rolls", handler="history", response=arr(_ROLL)),
    op("get", "/api/dice/stats", "dice_stats", "Rolls, best and average total per player", handler="stats",
       response=player_board(rolls=INT, best=INT, average=NUM)),
    uses=("rules", "games"),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    130,
    r"\bdice\b|\bdie\s+roll(er|ing)?\b|\bd(4|6|8|10|12|20|100)s?\b",
    "Dice Roller",
)  # fmt: skip
