"""What a kind's folder defines (``kinds/<key>/__init__.py``) and what a shared piece's folder
defines (``features/<name>/__init__.py``), and a compact way to write the JSON schemas of their
operations. The registry (``registry.py``) finds them all by scanning those folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class View:
    key: str
    label: str
    component: str
    """The file under ``<folder>/frontend/src/views/`` (without ``.jsx``)."""


@dataclass(frozen=True)
class Blueprint:
    name: str
    """Its folder's name under ``templates/kinds/`` or ``templates/features/``."""
    operations: tuple[dict[str, Any], ...]
    handlers: dict[str, str]
    """operation id → the function of ``app/<module>.py`` its route calls (``binding.py`` reads its
    parameters)."""
    module: str | None
    """The backend module with the rules, imported by the operations router (None: no rules of its own)."""
    views: tuple[View, ...] = field(default=())
    needs: tuple[str, ...] = ()
    """Entities (``NOUNS`` keys) its rules read, with at least their required fields."""
    uses: tuple[str, ...] = ()
    """Shared blueprints (``business.SHARED``) that come with it: their operations, files and views."""
    pins: tuple[tuple[str, str], ...] = ()
    """Packages its backend module imports, pinned (name, version) in the app's requirements."""
    folder: str = ""
    """Where its files are, under ``templates/`` (``kinds/chess``); set by the registry."""


@dataclass(frozen=True)
class Cue:
    """Words that name a kind, and what the app is called and keeps when they do."""

    pattern: str
    app_name: str
    entities: tuple[str, ...]


@dataclass(frozen=True)
class KindDefinition:
    """What a kind's folder holds: ``DEFINITION`` in ``kinds/<key>/__init__.py``."""

    key: str
    priority: int
    """Its place in the kinds' order (lower first): a tie between two kinds' cues goes to the first."""
    cues: tuple[Cue, ...]
    """Tried in this order; none for a kind chosen otherwise (the dashboard, by ``DASHBOARD``)."""
    features: tuple[str, ...] = ()
    blueprint: Blueprint | None = None
    """Its rules, operations and views (None: a plain CRUD kind)."""
    prompt: str = ""
    """Its entry in CORE's list of kinds (``prompt_group`` says where); empty: not listed by name."""
    prompt_group: str = ""
    does: tuple[str, ...] = ()
    """Verbs it does beyond keeping records, its operations and its cues ("lend" for a library):
    a request's action that none of them names is unmet (``fit.py``)."""


@dataclass(frozen=True)
class FeatureDefinition:
    """What a shared piece's folder holds: ``DEFINITION`` in ``features/<name>/__init__.py``."""

    blueprint: Blueprint
    asked_as: str = ""
    """The plan feature that brings it to any kind ("image_upload"); empty: only kinds' ``uses``."""


def blueprint(
    name: str,
    module: str | None,
    views: tuple[View, ...],
    *ops: tuple[dict[str, Any], str],
    needs: tuple[str, ...] = (),
    uses: tuple[str, ...] = (),
    pins: tuple[tuple[str, str], ...] = (),
) -> Blueprint:
    return Blueprint(
        name=name,
        module=module,
        views=views,
        needs=needs,
        uses=uses,
        pins=pins,
        operations=tuple(raw for raw, _ in ops),
        handlers={raw["operation_id"]: handler for raw, handler in ops},
    )


def game(
    name: str,
    module: str,
    view: str,
    *ops: tuple[dict[str, Any], str],
    pins: tuple[tuple[str, str], ...] = (),
) -> Blueprint:
    """A game: one Play view, its rules' errors (``rules``) and the plumbing every game shares
    (``games``: its table, a new game for a named player, the leaderboard)."""
    return blueprint(name, module, (View("play", "Play", view),), *ops, uses=("rules", "games"), pins=pins)


def game_kind(
    rules: Blueprint, priority: int, pattern: str, app_name: str, prompt: str = "", does: tuple[str, ...] = ()
) -> KindDefinition:
    """A game's folder definition: one cue, its players kept as ``profile``, listed among CORE's games."""
    return KindDefinition(
        key=rules.name,
        priority=priority,
        cues=(Cue(pattern, app_name, ("profile",)),),
        blueprint=rules,
        prompt=prompt or rules.name,
        prompt_group="games",
        does=does,
    )


def record_kind(
    key: str, priority: int, *cues: Cue, features: tuple[str, ...] = (), **extra: Any
) -> KindDefinition:
    """A plain record-keeping kind's folder definition: the words that name it and the features
    its entities get, lists of them and nothing more (no rules, not named in CORE's prompt).
    ``extra``: any other field of ``KindDefinition``, passed on as it is."""
    return KindDefinition(key=key, priority=priority, cues=cues, features=features, **extra)


def op(
    method: str,
    path: str,
    operation_id: str,
    summary: str,
    *,
    handler: str,
    response: dict[str, Any],
    request: dict[str, Any] | None = None,
    query: dict[str, dict[str, Any]] | None = None,
    description: str = "",
    creates: bool = False,
    status: int | None = None,
) -> tuple[dict[str, Any], str]:
    """One operation of a kind, and the function of the kind's module its route calls."""
    raw: dict[str, Any] = {
        "method": method, "path": path, "operation_id": operation_id, "summary": summary,
        "description": description, "response": response,
    }  # fmt: skip
    if creates:
        raw.update(status=201, creates=True)
    if status is not None:
        raw["status"] = status
    if request is not None:
        raw["request"] = request
    if query:
        # a schema with a default is optional ("measure": the first when not asked)
        raw["query"] = [
            {"name": name, "schema": schema, "required": "default" not in schema}
            for name, schema in query.items()
        ]
    return raw, handler


STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
NUM: dict[str, Any] = {"type": "number"}
BOOL: dict[str, Any] = {"type": "boolean"}


def obj(*optional: str, **props: dict[str, Any]) -> dict[str, Any]:
    """An object schema; every property is required but those named in ``optional``."""
    return {"type": "object", "properties": props, "required": [p for p in props if p not in optional]}


def arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def text(max_length: int, min_length: int = 0) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "maxLength": max_length} if min_length else {
        "type": "string", "maxLength": max_length}  # fmt: skip


def between(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


def player_board(**extra: dict[str, Any]) -> dict[str, Any]:
    """A leaderboard's rows: a player and their numbers."""
    return arr(obj(player=STR, **extra))


ID: dict[str, Any] = {"type": "integer", "minimum": 1}
PLAYER = obj(player=text(40, 1))
"""A game's start: the player's name."""


def board_game(
    name: str, slug: str, marks: list[str], label: str, view: str, move_field: str, move_max: int, rule: str
) -> Blueprint:
    """A board game against the computer: start, move (the server answers), leaderboard."""
    state = obj(game_id=INT, player=STR, board=arr({"type": "string", "enum": marks}),
                status={"type": "string", "enum": ["playing", "won", "lost", "draw"]}, moves=INT)  # fmt: skip
    return game(
        name, name, view,
        op("post", f"/api/{slug}/games", f"new_{name}_game", f"Start a game of {label} against the computer",
           handler="new_game", request=PLAYER, response=state, creates=True,
           description="A new game: an empty board, the player moves first."),
        op("post", f"/api/{slug}/moves", f"play_{name}_move", "Play a move; the computer answers",
           handler="move", request=obj(game_id=ID, **{move_field: between(0, move_max)}),
           response=state, description=rule),
        op("get", f"/api/{slug}/leaderboard", f"{name}_leaderboard", "Players ranked by wins",
           handler="leaderboard", response=player_board(played=INT, wins=INT, losses=INT, draws=INT),
           description="Finished games counted per player, from the server's records."),
    )  # fmt: skip
