"""What each entity's own React files are written from (``views/<Model>View.jsx``, ``<Model>Form.jsx``,
``<Model>List.jsx``): every field's JavaScript spelled out, so the owner reads plain JSX and no
schema is interpreted in the browser.

Per field: its empty form value, how a record fills the form, how the form becomes the API's body,
and how a cell shows it. Per entity: the list's columns (the rest under "More"), the completion
toggle, the due-date field for reminders, and the other entities whose records fill a choice.
Fragments are built from checked names only (:class:`Code`); labels and choices stay text, so
the templates print them through ``| jsx`` or ``| js``.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.artifacts import Plan
from pipeline.templates import naming
from pipeline.templates.escaping import Code

COLUMNS_MAX = 6
"""Columns a list shows before the other fields go under "More"."""

_IMAGE = re.compile(r"image|photo|picture")
_DUE = re.compile(r"due|deadline|remind")
_INPUT_TYPES = {
    "integer": "number", "number": "number", "date": "date", "datetime": "datetime-local",
    "email": "email", "url": "url",
}  # fmt: skip
# names the generated views use for their own state: a record variable never takes one of them
_TAKEN = {
    "values", "event", "choices", "sort", "filters", "query", "items", "error", "loading", "editing",
    "save", "remove", "body", "row", "totals", "reminders", "setValues", "set",
}  # fmt: skip


def record_var(name: str) -> str:
    var = naming.camel(name)
    return f"{var}Record" if var in _TAKEN else var


def view_context(
    plan: Plan, entity: dict[str, Any], entities: list[dict[str, Any]], uploads: bool
) -> dict[str, Any]:
    """The keys the per-entity views add to an entity's template context."""
    var = record_var(str(entity["name"]))
    by_name = {str(e["name"]): e for e in entities}
    fields = [_field(f, var, by_name, uploads and "image_upload" in plan.features) for f in entity["fields"]]
    toggle = None
    if "completion_toggle" in plan.features:
        toggle = next((f for f in fields if f["type"] == "boolean"), None)
    listed = [f for f in fields if f is not toggle]
    columns = [f for f in listed if f["type"] != "text"][:COLUMNS_MAX]
    sources: dict[str, dict[str, Code]] = {}
    for f in fields:
        if f["choices_var"] is not None:
            target = by_name[str(f["references"])]
            sources[str(f["choices_var"])] = {
                "var": f["choices_var"],
                "list": target["js_ops"]["list"],
                "title": Code(str(target["title_field"])),
            }
    ops = entity["js_ops"]
    imports = {
        ops["list"],
        ops["create"],
        ops["update"],
        ops["delete"],
        *(s["list"] for s in sources.values()),
    }
    if entity["totals"] is not None and "monthlyTotals" in ops:
        imports.add(ops["monthlyTotals"])
    return {
        "var": Code(var),
        "vars": Code(record_var(str(entity["plural"]))),
        "view_fields": fields,
        "toggle": toggle,
        "columns": columns,
        "more": [f for f in listed if f not in columns],
        "due": next(
            (f for f in fields if f["type"] in ("date", "datetime") and _DUE.search(str(f["name"]))), None
        ),
        "choice_sources": list(sources.values()),
        "api_imports": Code(", ".join(sorted(imports))),
        "cell_helpers": Code(", ".join(sorted({f["cell"].split("(")[0] for f in listed}))),
        "uploads": any(f["upload"] for f in fields),
    }


def _field(f: dict[str, Any], var: str, by_name: dict[str, dict[str, Any]], uploads: bool) -> dict[str, Any]:
    name, kind = str(f["name"]), str(f["type"])
    record, value = f"{var}.{name}", f"values.{name}"
    choices_var = None
    if kind == "reference" and str(f["references"]) in by_name:
        choices_var = Code(record_var(str(f["references"])) + "Choices")
    if kind == "boolean":
        empty, filled, body, cell = "false", f"Boolean({record})", value, f"yesNo({record})"
    elif kind == "tags":
        empty, filled = "''", f"({record} ?? []).join(', ')"
        body, cell = f"{value}.split(',').map((tag) => tag.trim()).filter(Boolean)", f"listed({record})"
    elif kind in ("integer", "number", "reference"):
        empty, filled, body = "''", f"{record} ?? ''", f"{value} === '' ? null : Number({value})"
        cell = f"labelOf({choices_var}, {record})" if choices_var else f"shown({record})"
    elif kind == "datetime":
        empty, filled = "''", f"{record} ? String({record}).slice(0, 16) : ''"
        body, cell = f"{value} === '' ? null : {value}", f"shown({record})"
    else:
        empty, filled, body = "''", f"{record} ?? ''", f"{value} === '' ? null : {value}"
        cell = f"choice({record})" if f["choices"] else f"shown({record})"
    if f["choices"]:
        control = "select"
    elif choices_var is not None:
        control = "reference"
    elif kind == "boolean":
        control = "checkbox"
    elif kind == "text":
        control = "textarea"
    else:
        control = "input"
    return {
        **f,
        "id": Code(f"{naming.kebab(var)}-{naming.kebab(name)}"),
        "empty": Code(empty),
        "filled": Code(filled),
        "body": Code(body),
        "cell": Code(cell),
        "csv": Code(cell if choices_var else record),
        "control": control,
        "html_type": Code(_INPUT_TYPES.get(kind, "text")),
        "step": Code("1" if kind == "integer" else "any") if kind in ("integer", "number") else None,
        "choices_var": choices_var,
        "options": [(c, c.replace("_", " ")) for c in f["choices"]],
        "upload": uploads and kind == "url" and bool(_IMAGE.search(name)),
        "image": kind == "url" and bool(_IMAGE.search(name)),
    }
