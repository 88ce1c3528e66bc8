"""App kinds beyond CRUD: each blueprint adds to the CRUD scaffold the operations that make the
app what it is (a game's moves and leaderboard, a shop's checkout), their implementation and
tests on the server, and its own view. Offline the blueprint is the app; with a model it is the
scaffold the model edits.

A blueprint's operations are normal custom operations of the contract, marked ``scaffold``: the
API client, the contract checks and the fall-back policy treat them like any other, and the
stub template renders the blueprint's call instead of a 501. The calls are ours: they are looked
up here by operation id, never read from a plan or a model's answer.
"""

from __future__ import annotations

from pipeline.artifacts import CustomOperation, Design, Plan
from pipeline.templates.blueprints.boards import BOARDS
from pipeline.templates.blueprints.business import BUSINESS, FEATURES, SHARED
from pipeline.templates.blueprints.games import GAMES
from pipeline.templates.blueprints.messages import MESSAGING
from pipeline.templates.blueprints.tools import TOOLS
from pipeline.templates.blueprints.types import Blueprint, View
from pipeline.templates.blueprints.voting import VOTING
from pipeline.templates.operations import normalize_operation, with_operations

__all__ = ["BLUEPRINTS", "Blueprint", "View", "blueprints_of", "call_for", "with_blueprint"]

BLUEPRINTS: dict[str, Blueprint] = {
    b.name: b for b in (*GAMES, *VOTING, *BOARDS, *MESSAGING, *TOOLS, *BUSINESS)
}
"""The kinds with rules of their own, by kind."""


def blueprints_of(plan: Plan) -> list[Blueprint]:
    """The kind's blueprint, then those of the features asked for, each followed by the shared
    ones it uses (once each)."""
    kind = BLUEPRINTS.get(plan.kind)
    asked = [*([kind] if kind else []), *(FEATURES[f] for f in sorted(plan.features) if f in FEATURES)]
    found: dict[str, Blueprint] = {}

    def add(blueprint: Blueprint) -> None:
        if blueprint.name not in found:
            found[blueprint.name] = blueprint
            for name in blueprint.uses:
                add(SHARED[name])

    for blueprint in asked:
        add(blueprint)
    return list(found.values())


def call_for(op: CustomOperation) -> str | None:
    """The route body of a scaffold operation, from the blueprint that declares it."""
    if not op.scaffold:
        return None
    every = (*BLUEPRINTS.values(), *FEATURES.values(), *SHARED.values())
    return next((b.calls[op.operation_id] for b in every if op.operation_id in b.calls), None)


def with_blueprint(plan: Plan, design: Design) -> Design:
    """The design with the kind's own operations (scaffold) in its contract."""
    blueprints = blueprints_of(plan)
    if not blueprints:
        return design
    ops: list[CustomOperation] = []
    for raw in (raw for b in blueprints for raw in b.operations):
        op = normalize_operation(raw, with_operations(design, ops))
        ops.append(op.model_copy(update={"scaffold": True}))
    return with_operations(design.model_copy(update={"custom_operations": ops}), [])
