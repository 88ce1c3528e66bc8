"""The generated backend's schema steps (``backend/app/migrations/NNNN_*.py``) across edits.

A new project gets ``0001_initial.py`` from its scaffold. An edit keeps the steps the project
already has and adds one that takes a database of the plan before to the plan after: a field
added is a column added (rows made before get a value the app accepts), a field renamed is a
column renamed, a field removed is a column dropped after its values are copied to a table of
their own, an entity renamed is a table renamed, and an entity removed leaves its table as it is.

Pure but for ``steps_on_disk``: plans and texts in, texts out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.artifacts import Entity, EntityField, Plan
from pipeline.templates import naming
from pipeline.templates.changes import apply_change
from pipeline.templates.escaping import py
from pipeline.templates.field_code import sql_column
from pipeline.writer import read_text_files

FOLDER = "backend/app/migrations/"
STEP = re.compile(r"^backend/app/migrations/(\d{4})_\w+\.py$")

_PLACEHOLDER = {
    "string": "'(not set)'",
    "text": "'(not set)'",
    "integer": "0",
    "number": "0",
    "email": "'unknown@example.com'",
    "url": "'https://example.com'",
    "date": "'1970-01-01'",
    "datetime": "'1970-01-01T00:00:00'",
}
"""What a required field holds in rows made before it existed (the app's models accept it)."""
_FROM_CREATED = {"date": 'substr("created_at", 1, 10)', "datetime": '"created_at"'}
"""A required date added later: the day the row was made is a better guess than 1970."""


def is_step(path: str) -> bool:
    return STEP.match(path) is not None


def steps_on_disk(root: Path) -> dict[str, str]:
    """The project's steps as they are on disk, the ones its owner added by hand included."""
    folder = root / FOLDER
    if folder.is_symlink() or not folder.is_dir():
        return {}
    return read_text_files(root, [FOLDER + p.name for p in folder.iterdir() if is_step(FOLDER + p.name)])


@dataclass
class Renames:
    """What the change renamed rather than removed and added again."""

    entities: dict[str, str] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per entity (by its name after the change): field name before → after."""


def find_renames(before: Plan, after: Plan, request: str) -> Renames:
    """Renames the request asks for (read as the offline edit reads it) that the new plan shows;
    and, when the request says "rename" and a model answered, one entity gone and one come, or
    one field gone and one of the same type come."""
    read = apply_change(before, request)
    asked = re.search(r"\brenam", request, re.IGNORECASE) is not None
    gone_tables = {e.name for e in before.entities} - {e.name for e in after.entities}
    come_tables = {e.name for e in after.entities} - {e.name for e in before.entities}
    renames = Renames(
        entities={o: n for o, n in read.renamed_entities.items() if o in gone_tables and n in come_tables}
    )
    if not renames.entities and asked and len(gone_tables) == len(come_tables) == 1:
        renames.entities = {gone_tables.pop(): come_tables.pop()}
    back = {n: o for o, n in renames.entities.items()}
    for entity in after.entities:
        old = before.entity(back.get(entity.name, entity.name))
        if old is None:
            continue
        gone = {f.name: f for f in old.fields if entity.field(f.name) is None}
        come = {f.name: f for f in entity.fields if old.field(f.name) is None}
        pairs = {o: n for o, n in read.renamed_fields.get(entity.name, {}).items() if o in gone and n in come}
        if not pairs and asked and len(gone) == len(come) == 1:
            (o, gone_field), (n, come_field) = next(iter(gone.items())), next(iter(come.items()))
            if gone_field.type == come_field.type:
                pairs = {o: n}
        if pairs:
            renames.fields[entity.name] = pairs
    return renames


def _create_table(plan: Plan, entity: Entity) -> list[str]:
    columns = ['"id" INTEGER PRIMARY KEY AUTOINCREMENT']
    columns += [_column_sql(plan, f) for f in entity.fields]
    if "accounts" in plan.features:
        columns.append('"owner_id" INTEGER')
    columns.append('"created_at" TEXT NOT NULL')
    body = "".join(f"\n        {c}," for c in columns).rstrip(",")
    return [
        f'    conn.execute("""\n    CREATE TABLE IF NOT EXISTS "{entity.plural}" ({body}\n    )\n    """)'
    ]


def _column_sql(plan: Plan, f: EntityField) -> str:
    target = plan.entity(f.references) if f.references else None
    return sql_column(f, target.plural if target else None)


def _call(function: str, *args: str) -> str:
    """A call in the body of ``upgrade``, laid out as ``ruff format`` (88 columns) leaves it."""
    line = f"    {function}({', '.join(args)})"
    if len(line) <= 88:
        return line
    return f"    {function}(\n" + "".join(f"        {a},\n" for a in args) + "    )"


def _execute(sql: str) -> str:
    # repr: SQL quotes names in double quotes, so the literal reads best in single ones
    return _call("conn.execute", repr(sql))


def _add_column(plan: Plan, table: str, f: EntityField) -> list[str]:
    sql = _column_sql(plan, f)
    lines: list[str] = []
    if f.required and f.type == "reference":
        # no row to point the old rows at: the column stays optional in the database
        lines.append(f"    # {f.name} links to another record; rows made before it have none")
        sql = sql.replace(" NOT NULL", "")
    elif f.required and f.type not in ("boolean", "tags"):
        sql += f" DEFAULT {_placeholder(f)}"
        lines.append(f"    # rows made before {f.name} existed get {_placeholder(f)!a}")
    lines.append(_execute(f'ALTER TABLE "{table}" ADD COLUMN {sql}'))
    if f.required and f.type in _FROM_CREATED and not f.choices:
        lines.append(_execute(f'UPDATE "{table}" SET "{f.name}" = {_FROM_CREATED[f.type]}'))
    return lines


def _placeholder(f: EntityField) -> str:
    if f.choices:
        return "'" + f.choices[0].replace("'", "''") + "'"
    return _PLACEHOLDER.get(f.type, "NULL")


def _not_null_in_db(f: EntityField) -> bool:
    return f.required or f.type in ("boolean", "tags")


def _entity_steps(
    before: Plan, after: Plan, old: Entity, new: Entity, renamed: Mapping[str, str], number: int
) -> list[str]:
    table = new.plural
    lines: list[str] = []
    for o, n in renamed.items():
        lines.append(_execute(f'ALTER TABLE "{table}" RENAME COLUMN "{o}" TO "{n}"'))
    names_before = {renamed.get(f.name, f.name): f for f in old.fields}
    for f in old.fields:
        if f.name not in renamed and new.field(f.name) is None:
            keep_in = f"{table}_{f.name}_removed_{number:04d}"
            lines.append(f"    # {f.name} was removed; its values stay in {keep_in} (id, {f.name})")
            lines.append(_call("drop_column", "conn", py(table), py(f.name), f"keep_in={py(keep_in)}"))
    for f in new.fields:
        was = names_before.get(f.name)
        if was is None:
            lines += _add_column(after, table, f)
            continue
        if _not_null_in_db(was) and not _not_null_in_db(f):
            lines.append(_call("allow_null", "conn", py(table), py(f.name)))
        if f.required and not was.required and f.type not in ("boolean", "tags"):
            lines.append(f"    # {f.name} is required now: rows without one get {_placeholder(f)!a}")
            lines.append(
                _execute(f'UPDATE "{table}" SET "{f.name}" = {_placeholder(f)} WHERE "{f.name}" IS NULL')
            )
        if was.type != f.type or was.choices != f.choices:
            lines.append(
                f"    # {f.name} was {_kind(was)} and is {_kind(f)} now: values stored before keep their old form"
            )
    if "accounts" in after.features and "accounts" not in before.features:
        lines.append(_execute(f'ALTER TABLE "{table}" ADD COLUMN "owner_id" INTEGER'))
    return lines


def _kind(f: EntityField) -> str:
    # !a (ascii): a value from the plan, printed in a comment, stays one line of plain text
    return f"one of {f.choices!a}" if f.choices else f"a {f.type}"


def upgrade_body(before: Plan, after: Plan, renames: Renames, number: int) -> list[str]:
    """The lines of ``upgrade(conn)`` that take a database of ``before`` to ``after``."""
    lines: list[str] = []
    back = {n: o for o, n in renames.entities.items()}
    matched: list[tuple[Entity, Entity]] = []
    for new in after.entities:
        old = before.entity(back.get(new.name, new.name))
        if old is None:
            continue
        matched.append((old, new))
        if old.plural != new.plural:
            lines.append(_execute(f'ALTER TABLE "{old.plural}" RENAME TO "{new.plural}"'))
    for old, new in matched:
        lines += _entity_steps(before, after, old, new, renames.fields.get(new.name, {}), number)
    for new in after.entities:
        if before.entity(back.get(new.name, new.name)) is None:
            lines += _create_table(after, new)
    kept = {o.name for o, _ in matched}
    for old in before.entities:
        if old.name not in kept:
            lines.append(f"    # {old.plural} is no longer used by the app; its table and rows are kept")
    return lines


def change_step(before: Plan, after: Plan, request: str, number: int) -> tuple[str, str] | None:
    """(path, text) of step ``number``, or None when the change leaves the tables as they are."""
    body = upgrade_body(before, after, find_renames(before, after, request), number)
    if not any(not line.lstrip().startswith("#") for line in body):
        return None
    used = sorted({h for h in ("drop_column", "allow_null") if any(f"    {h}(" in line for line in body)})
    slug = naming.identifier(request.lower(), fallback="change")[:40].strip("_") or "change"
    header = [
        py(f"{number:04d}: {request.strip()[:200]}"),
        "",
        "from __future__ import annotations",
        "",
        "import sqlite3",
        "",
        *([f"from app.migrations.helpers import {', '.join(used)}", ""] if used else []),
        "",
        "def upgrade(conn: sqlite3.Connection) -> None:",
    ]
    return f"{FOLDER}{number:04d}_{slug}.py", "\n".join([*header, *body]) + "\n"


def with_steps(
    files: Mapping[str, str], had: Mapping[str, str], before: Plan, after: Plan, request: str
) -> dict[str, str]:
    """``files`` (a scaffold for ``after``) with the project's own schema steps in place of the
    scaffold's: the ``had`` ones (the project before the edit), and one more for this change.
    A side with no steps (the frontend) comes back as it was."""
    if not any(is_step(p) for p in files):
        return dict(files)
    steps = {p: t for p, t in had.items() if is_step(p)}
    out = {p: t for p, t in files.items() if not is_step(p)} | steps
    numbers = [int(m[1]) for p in steps if (m := STEP.match(p))]
    step = change_step(before, after, request, max(numbers, default=0) + 1)
    if step is not None:
        out[step[0]] = step[1]
    return out
