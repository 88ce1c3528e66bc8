"""The schema dialect ARCH writes, both ways: ``operations.normalize_operation`` reads it into the
contract's normalised form; ``arch_dialect`` writes an operation back in it, so what ARCH is
shown in an edit it can send back unchanged (no ``anyOf`` with null: a property left out of
``required`` may be null)."""

from __future__ import annotations

from typing import Any

from pipeline.artifacts import CustomOperation


def _public(schema: Any) -> Any:
    """A normalised schema in ARCH's own dialect: optional values unwrapped (a property left
    out of ``required`` may be null), so what ARCH is shown it can send back unchanged."""
    if isinstance(schema, dict):
        if "anyOf" in schema and "type" not in schema:
            real = [o for o in schema["anyOf"] if not (isinstance(o, dict) and o.get("type") == "null")]
            return _public(real[0]) if real else {}
        return {k: _public(v) for k, v in schema.items() if k != "additionalProperties"}
    if isinstance(schema, list):
        return [_public(v) for v in schema]
    return schema


def arch_dialect(op: CustomOperation) -> dict[str, Any]:
    """An operation as ARCH writes it: what ``normalize_operation`` reads back to the same."""
    out: dict[str, Any] = {"method": op.method, "path": op.path, "operation_id": op.operation_id}
    if op.summary:
        out["summary"] = op.summary
    if op.description:
        out["description"] = op.description
    if op.entity:
        out["entity"] = op.entity
    if op.query:
        out["query"] = [
            {"name": q.name, "schema": _public(q.schema_), "required": q.required} for q in op.query
        ]
    if op.request is not None:
        out["request"] = _public(op.request)
    out["response"] = _public(op.response)
    out["status"] = op.status
    return out
