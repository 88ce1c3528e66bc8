"""What a migration step does when plain SQL takes more than one statement."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection


def drop_column(
    conn: sqlite3.Connection, table: str, column: str, *, keep_in: str
) -> None:
    """Removes ``column`` from ``table``, after copying its values (with each row's ``id``) into
    the new table ``keep_in``: nothing is lost. Put them back by hand, or drop ``keep_in``."""
    conn.execute(f'CREATE TABLE "{keep_in}" AS SELECT "id", "{column}" FROM "{table}"')
    rebuild(conn, table, drop={column})


def allow_null(conn: sqlite3.Connection, table: str, column: str) -> None:
    """Lets ``column`` be empty (SQLite cannot drop NOT NULL in place)."""
    rebuild(conn, table, nullable={column})


def rebuild(
    conn: sqlite3.Connection,
    table: str,
    *,
    drop: Collection[str] = (),
    nullable: Collection[str] = (),
) -> None:
    """Makes ``table`` again without the ``drop`` columns and with the ``nullable`` ones allowed
    to be empty, keeping its rows, ids, links and indexes: SQLite's own recipe
    (https://www.sqlite.org/lang_altertable.html#otheralter). Run inside a step, links unchecked."""
    created = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    links = {row[3]: row for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
    columns: list[str] = []
    definitions: list[str] = []
    for _, name, sql_type, not_null, default, primary in conn.execute(
        f'PRAGMA table_info("{table}")'
    ):
        if name in drop:
            continue
        parts = [f'"{name}"', sql_type]
        if primary:
            parts.append(
                "PRIMARY KEY AUTOINCREMENT"
                if "AUTOINCREMENT" in created[0].upper()
                else "PRIMARY KEY"
            )
        if not_null and not primary and name not in nullable:
            parts.append("NOT NULL")
        if default is not None:
            parts.append(f"DEFAULT {default}")
        if name in links:
            _, _, target, _, to, _, on_delete, _ = links[name]
            parts.append(f'REFERENCES "{target}"("{to or "id"}") ON DELETE {on_delete}')
        columns.append(f'"{name}"')
        definitions.append(" ".join(parts))
    indexes = [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
        if not any(f'"{name}"' in sql for name in drop)
    ]
    kept = ", ".join(columns)
    conn.execute(f'CREATE TABLE "{table}__rebuilt" ({", ".join(definitions)})')
    conn.execute(
        f'INSERT INTO "{table}__rebuilt" ({kept}) SELECT {kept} FROM "{table}"'
    )
    conn.execute(f'DROP TABLE "{table}"')
    conn.execute(f'ALTER TABLE "{table}__rebuilt" RENAME TO "{table}"')
    for sql in indexes:
        conn.execute(sql)
