"""The database's schema, one numbered step at a time.

Each ``NNNN_what.py`` here changes the schema by one step, in its ``upgrade(conn)``. At start-up
``migrate`` applies, in order, every step this database has not had yet, each in a transaction
of its own, and records the last one in the database file itself (``PRAGMA user_version``).

To change the schema, add the next step (say ``0003_add_due_date.py``) and change ``db.py`` and
``models.py`` to match. Never edit a step that a database has already had: add another one.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from pathlib import Path

_STEP = re.compile(r"^(\d{4})_\w+\.py$")


def steps() -> list[tuple[int, str]]:
    """(number, module name) of every step, in order."""
    found = sorted(
        (int(m[1]), path.stem)
        for path in Path(__file__).parent.iterdir()
        if (m := _STEP.match(path.name))
    )
    if [number for number, _ in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(
            f"migration steps are numbered 0001, 0002, ... with no gap or repeat: {found}"
        )
    return found


def version(conn: sqlite3.Connection) -> int:
    """The last step this database has had (0 for a new one)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Applies the steps this database lacks and returns its version."""
    pending = [(number, name) for number, name in steps() if number > version(conn)]
    if not pending:
        return version(conn)
    conn.commit()
    links_checked = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    # a step may make a table again that other tables point to; links are checked after it
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for number, name in pending:
            upgrade = importlib.import_module(f"{__name__}.{name}").upgrade
            conn.execute(
                "BEGIN IMMEDIATE"
            )  # one writer: an app starting beside this one waits
            try:
                if version(conn) < number:  # unless that other app applied it meanwhile
                    upgrade(conn)
                    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(
                            f"step {name} left links to missing rows: {broken[:5]}"
                        )
                    conn.execute(f"PRAGMA user_version = {number}")
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(links_checked)}")
    return version(conn)
