"""One entity field as the generated code writes it: its Python type, default and SQL column,
and the sample, updated and invalid values its tests use."""

from __future__ import annotations

from typing import Any

from pipeline.artifacts import EntityField
from pipeline.templates.contract import TITLE_MAX


def py_base(field: EntityField) -> str:
    if field.choices:
        return "Literal[" + ", ".join(repr(c) for c in field.choices) + "]"
    return {
        "string": "ShortText" if field.required else "OptionalShortText",
        "text": "LongText" if field.required else "str",
        "integer": "int",
        "reference": "int",
        "number": "float",
        "boolean": "bool",
        # aliases no snake_case field can shadow (a field named `date` is common)
        "date": "Date",
        "datetime": "DateTime",
        "email": "Email",
        "url": "Url",
        "tags": "list[str]",
    }[field.type]


def py_type(field: EntityField, *, optional: bool = False) -> str:
    base = py_base(field)
    if optional or not (field.required or field.type in ("boolean", "tags")):
        return f"{base} | None"
    return base


def py_default(field: EntityField) -> str | None:
    if field.required:
        return None
    if field.type == "boolean":
        return "False"
    if field.type == "tags":
        return "Field(default_factory=list)"
    return "None"


def sql_column(field: EntityField, ref_table: str | None) -> str:
    sql_type = {
        "integer": "INTEGER", "reference": "INTEGER", "number": "REAL", "boolean": "INTEGER",
    }.get(field.type, "TEXT")  # fmt: skip
    parts = [f'"{field.name}"', sql_type]
    if field.type == "boolean":
        parts.append("NOT NULL DEFAULT 0")
    elif field.type == "tags":
        parts.append("NOT NULL DEFAULT '[]'")
    elif field.required:
        parts.append("NOT NULL")
    if ref_table:
        on_delete = "RESTRICT" if field.required else "SET NULL"
        parts.append(f'REFERENCES "{ref_table}"(id) ON DELETE {on_delete}')
    return " ".join(parts)


def sample(field: EntityField, *, updated: bool) -> Any:
    if field.choices:
        return field.choices[-1] if updated else field.choices[0]
    return {
        "string": f"{'Updated' if updated else 'Sample'} {field.label or field.name}",
        "text": "Changed text" if updated else "Some longer text\nover two lines",
        "integer": 7 if updated else 3,
        "number": 99.5 if updated else 12.5,
        "boolean": not updated,
        "date": "2026-04-20" if updated else "2026-03-15",
        "datetime": "2026-04-20T09:00:00" if updated else "2026-03-15T10:30:00",
        "email": "grace@example.org" if updated else "ada@example.com",
        "url": "https://example.org/changed" if updated else "https://example.com/page",
        "tags": ["work"] if updated else ["home", "urgent"],
        "reference": None,
    }[field.type]


def search_probe(fields: list[dict[str, Any]]) -> tuple[str, str] | None:
    """A value for the first searchable field that contains the word ``needle``."""
    for f in fields:
        if f["type"] in ("string", "text") and not f["choices"]:
            return (f["name"], f"needle {f['sample']}")
        if f["type"] == "email":
            return (f["name"], "needle@example.com")
        if f["type"] == "url":
            return (f["name"], "https://example.com/needle")
    return None


def invalid(field: EntityField) -> Any:
    if field.choices:
        return "not-a-choice"
    return {
        "string": "x" * (TITLE_MAX + 1),
        "text": {"not": "text"},
        "integer": "many",
        "reference": "not-an-id",
        "number": "a lot",
        "boolean": "perhaps",
        "date": "31/31/2026",
        "datetime": "yesterday-ish",
        "email": "not-an-email",
        "url": "ftp:/nowhere",
        "tags": "not-a-list",
    }[field.type]
