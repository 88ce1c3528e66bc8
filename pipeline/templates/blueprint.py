"""What a blueprint is, and a compact way to write the JSON schemas of its operations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class View:
    key: str
    label: str
    component: str
    """The file under ``files/blueprints/<name>/frontend/src/views/`` (without ``.jsx``)."""


@dataclass(frozen=True)
class Blueprint:
    name: str
    """Its folder under ``templates/files/blueprints/``."""
    operations: tuple[dict[str, Any], ...]
    calls: dict[str, str]
    """operation id → the Python expression its route returns (``app/<module>.py`` holds the rules)."""
    module: str | None
    """The backend module with the rules, imported by the operations router (None: no rules of its own)."""
    views: tuple[View, ...] = field(default=())
    needs: tuple[str, ...] = ()
    """Entities (``NOUNS`` keys) its rules read, with at least their required fields."""
    uses: tuple[str, ...] = ()
    """Shared blueprints (``business.SHARED``) that come with it: their operations, files and views."""
    pins: tuple[tuple[str, str], ...] = ()
    """Packages its backend module imports, pinned (name, version) in the app's requirements."""


def blueprint(
    name: str,
    module: str | None,
    views: tuple[View, ...],
    *ops: tuple[dict[str, Any], str],
    needs: tuple[str, ...] = (),
    uses: tuple[str, ...] = (),
) -> Blueprint:
    return Blueprint(
        name=name,
        module=module,
        views=views,
        needs=needs,
        uses=uses,
        operations=tuple(raw for raw, _ in ops),
        calls={raw["operation_id"]: call for raw, call in ops},
    )


def op(
    method: str,
    path: str,
    operation_id: str,
    summary: str,
    *,
    call: str,
    response: dict[str, Any],
    request: dict[str, Any] | None = None,
    query: dict[str, dict[str, Any]] | None = None,
    description: str = "",
    creates: bool = False,
    status: int | None = None,
) -> tuple[dict[str, Any], str]:
    """One operation of a kind, and the call its route makes."""
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
    return raw, call


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
