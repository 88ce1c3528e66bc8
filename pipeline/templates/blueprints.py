"""App kinds beyond CRUD: each blueprint adds to the CRUD scaffold the operations that make the
app what it is (a game's moves and leaderboard), their implementation and tests on the server, and
its own view. Offline the blueprint is the app; with a model it is the scaffold the model edits.

A blueprint's operations are normal custom operations of the contract, marked ``scaffold``: the
API client, the contract checks and the fall-back policy treat them like any other, and the
stub template renders the blueprint's call instead of a 501. The calls are ours: they are looked
up here by operation id, never read from a plan or a model's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.artifacts import CustomOperation, Design, Plan
from pipeline.templates.operations import normalize_operation, with_operations


@dataclass(frozen=True)
class View:
    key: str
    label: str
    component: str
    """The file under ``files/blueprints/<name>/frontend/src/views/`` (without ``.jsx``)."""


@dataclass(frozen=True)
class Blueprint:
    name: str
    """The kind it builds, and its folder under ``templates/files/blueprints/``."""
    operations: tuple[dict[str, Any], ...]
    calls: dict[str, str]
    """operation id → the Python expression its route returns (``app/<module>.py`` holds the rules)."""
    module: str
    """The backend module with the rules, imported by the operations router."""
    views: tuple[View, ...] = field(default=())


_GAME_STATE = {
    "type": "object",
    "properties": {
        "game_id": {"type": "integer"},
        "player": {"type": "string"},
        "board": {"type": "array", "items": {"type": "string", "enum": ["", "X", "O"]}},
        "status": {"type": "string", "enum": ["playing", "won", "lost", "draw"]},
        "moves": {"type": "integer"},
    },
    "required": ["game_id", "player", "board", "status", "moves"],
}

TIC_TAC_TOE = Blueprint(
    name="tic_tac_toe",
    module="tic_tac_toe",
    operations=(
        {
            "method": "post", "path": "/api/tic-tac-toe/games", "operation_id": "new_tic_tac_toe_game",
            "summary": "Start a game against the computer", "status": 201, "creates": True,
            "description": "A new game: an empty board, the player (X) moves first.",
            "request": {"type": "object", "properties": {"player": {"type": "string", "minLength": 1, "maxLength": 40}},
                        "required": ["player"]},
            "response": _GAME_STATE,
        },
        {
            "method": "post", "path": "/api/tic-tac-toe/moves", "operation_id": "play_tic_tac_toe_move",
            "summary": "Play a move; the computer answers",
            "description": "The server checks the move (the game is on, the cell is free), decides the game, and "
                           "plays the computer's answer. A taken cell or a finished game is refused with 409.",
            "request": {"type": "object", "properties": {"game_id": {"type": "integer", "minimum": 1},
                                                         "cell": {"type": "integer", "minimum": 0, "maximum": 8}},
                        "required": ["game_id", "cell"]},
            "response": _GAME_STATE,
        },
        {
            "method": "get", "path": "/api/tic-tac-toe/leaderboard", "operation_id": "tic_tac_toe_leaderboard",
            "summary": "Players ranked by wins", "description": "Finished games counted per player, from the server's records.",
            "response": {"type": "array", "items": {
                "type": "object",
                "properties": {"player": {"type": "string"}, "played": {"type": "integer"}, "wins": {"type": "integer"},
                               "losses": {"type": "integer"}, "draws": {"type": "integer"}},
                "required": ["player", "played", "wins", "losses", "draws"]}},
        },
    ),
    calls={
        "new_tic_tac_toe_game": "tic_tac_toe.new_game(db, body.player)",
        "play_tic_tac_toe_move": "tic_tac_toe.move(db, body.game_id, body.cell)",
        "tic_tac_toe_leaderboard": "tic_tac_toe.leaderboard(db)",
    },
    views=(View("play", "Play", "TicTacToeView"),),
)  # fmt: skip

UNIT_CONVERTER = Blueprint(
    name="unit_converter",
    module="units",
    operations=(
        {
            "method": "get", "path": "/api/convert", "operation_id": "convert_units",
            "summary": "Convert a value between two units of one quantity",
            "description": "Length, mass, volume and temperature; units of different quantities are refused with 422.",
            "query": [{"name": "value", "schema": {"type": "number"}}, {"name": "from_unit", "schema": {"type": "string"}},
                      {"name": "to_unit", "schema": {"type": "string"}}],
            "response": {"type": "object", "properties": {"value": {"type": "number"}, "from_unit": {"type": "string"},
                                                          "to_unit": {"type": "string"}, "result": {"type": "number"}},
                         "required": ["value", "from_unit", "to_unit", "result"]},
        },
        {
            "method": "get", "path": "/api/units", "operation_id": "list_units", "summary": "The units it knows",
            "response": {"type": "array", "items": {"type": "object", "properties": {"unit": {"type": "string"},
                                                                                     "quantity": {"type": "string"}},
                                                    "required": ["unit", "quantity"]}},
        },
    ),
    calls={"convert_units": "units.convert(db, value, from_unit, to_unit)", "list_units": "units.units(db)"},
    views=(View("convert", "Convert", "ConverterView"),),
)  # fmt: skip

_ROLL = {
    "type": "object",
    "properties": {"roll_id": {"type": "integer"}, "player": {"type": "string"}, "count": {"type": "integer"},
                   "sides": {"type": "integer"}, "faces": {"type": "array", "items": {"type": "integer"}},
                   "total": {"type": "integer"}},
    "required": ["roll_id", "player", "count", "sides", "faces", "total"],
}  # fmt: skip

DICE = Blueprint(
    name="dice",
    module="dice",
    operations=(
        {
            "method": "post", "path": "/api/dice/rolls", "operation_id": "roll_dice", "status": 201, "creates": True,
            "summary": "Roll dice on the server",
            "description": "1 to 20 dice of 4, 6, 8, 10, 12, 20 or 100 sides, rolled with the server's randomness and kept.",
            "request": {"type": "object", "properties": {"player": {"type": "string", "maxLength": 40},
                                                         "count": {"type": "integer", "minimum": 1, "maximum": 20},
                                                         "sides": {"type": "integer", "minimum": 2, "maximum": 100}},
                        "required": ["count", "sides"]},
            "response": _ROLL,
        },
        {"method": "get", "path": "/api/dice/history", "operation_id": "dice_history", "summary": "The latest rolls",
         "response": {"type": "array", "items": _ROLL}},
        {"method": "get", "path": "/api/dice/stats", "operation_id": "dice_stats", "summary": "Rolls, best and average total per player",
         "response": {"type": "array", "items": {"type": "object", "properties": {
             "player": {"type": "string"}, "rolls": {"type": "integer"}, "best": {"type": "integer"},
             "average": {"type": "number"}}, "required": ["player", "rolls", "best", "average"]}}},
    ),
    calls={
        "roll_dice": "dice.roll(db, body.player or '', body.count, body.sides)",
        "dice_history": "dice.history(db)",
        "dice_stats": "dice.stats(db)",
    },
    views=(View("roll", "Roll", "DiceView"),),
)  # fmt: skip

BLUEPRINTS: dict[str, Blueprint] = {b.name: b for b in (TIC_TAC_TOE, UNIT_CONVERTER, DICE)}


def blueprint_of(plan: Plan) -> Blueprint | None:
    return BLUEPRINTS.get(plan.kind)


def call_for(op: CustomOperation) -> str | None:
    """The route body of a scaffold operation, from the blueprint that declares it."""
    if not op.scaffold:
        return None
    return next((b.calls[op.operation_id] for b in BLUEPRINTS.values() if op.operation_id in b.calls), None)


def with_blueprint(plan: Plan, design: Design) -> Design:
    """The design with the kind's own operations (scaffold) in its contract."""
    blueprint = blueprint_of(plan)
    if blueprint is None:
        return design
    ops: list[CustomOperation] = []
    for raw in blueprint.operations:
        op = normalize_operation(raw, with_operations(design, ops))
        ops.append(op.model_copy(update={"scaffold": True}))
    return with_operations(design.model_copy(update={"custom_operations": ops}), [])
