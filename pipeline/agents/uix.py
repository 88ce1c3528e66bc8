"""UIX: the Design → a React + Vite project under ``frontend/``, as edits to the scaffold."""

from __future__ import annotations

import re
from typing import Any

from pipeline.agents.coding import CodeAgent
from pipeline.artifacts import Design
from pipeline.templates import render_frontend
from pipeline.templates.naming import camel

API_SHAPES = (
    "api.js functions return a Promise of the JSON answer (a list: an array of records {id,"
    " created_at, ...fields}; 204: null) and throw ApiError {status, detail, message} on failure."
)


def uix_needs(design: Design, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """The app shell (whole), where new UI is placed; the API client (outline) when there is
    custom work to call."""
    return ["frontend/src/App.jsx"], (["frontend/src/api.js"] if design.custom_operations else [])


def shape(schema: dict[str, Any]) -> str:
    """A schema as a short type: ``{id: integer, faces: integer[], note?: string}``."""
    if "anyOf" in schema:
        return shape(schema["anyOf"][0]) + " | null"
    kind = schema.get("type", "object")
    if kind == "array":
        return shape(schema.get("items", {})) + "[]"
    if kind == "object":
        required = set(schema.get("required", []))
        props = schema.get("properties", {})
        return (
            "{" + ", ".join(f"{k}{'' if k in required else '?'}: {shape(v)}" for k, v in props.items()) + "}"
        )
    if schema.get("enum"):
        return " | ".join(repr(v) for v in schema["enum"])
    return str(schema.get("format") or kind)


def uix_brief(design: Design, files: dict[str, str]) -> str:
    """What UIX builds against: each custom operation's function with its argument and answer
    shapes, api.js's return and error shapes, and the CSS classes and theme variables there are."""
    api = files.get("frontend/src/api.js", "")
    lines = []
    for op in design.custom_operations:
        name = camel(op.operation_id)
        found = re.search(rf"export function {name}\(([^)]*)\)", api)
        arg = ""
        if op.query:
            arg = (
                "{"
                + ", ".join(f"{q.name}{'' if q.required else '?'}: {shape(q.schema_)}" for q in op.query)
                + "}"
            )
        elif op.request:
            arg = shape(op.request)
        lines.append(
            f"- {name}({found.group(1) if found else ''}) → {op.method.upper()} {op.path}"
            + (f"; argument {arg}" if arg else "")
            + f"; resolves to {shape(op.response)}"
        )
    parts = [API_SHAPES]
    if lines:
        parts.append("Custom operations in api.js:\n" + "\n".join(lines))
    css = files.get("frontend/src/styles.css", "")
    classes = sorted(set(re.findall(r"(?m)^\s*\.([a-zA-Z][\w-]*)", css)))
    variables = sorted(set(re.findall(r"(--[\w-]+)\s*:", files.get("frontend/src/theme.css", ""))))
    if classes:
        parts.append("CSS classes (src/styles.css): " + " ".join(classes))
    if variables:
        parts.append("Theme variables (src/theme.css): " + " ".join(variables))
    return "\n".join(parts)


UIX = CodeAgent(name="uix", prefix="frontend/", render=render_frontend, needs=uix_needs, brief=uix_brief)
