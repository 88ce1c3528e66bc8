"""What every game on the server keeps the same way, so each game's module holds only its rules:
a table of its own (made when the app first connects), a game started for a named player, a game
loaded by id (404 when there is none), a move on a finished game refused (409), and a
leaderboard ranked per player from the server's records."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.db import Database
from app.rules import Invalid, NotFound, Refused

PLAYING = "playing"
"""The status of a game that still takes moves; any other status is how it ended."""
FINISHED = f"status != '{PLAYING}'"
"""The games a leaderboard counts when only an ended game counts (``where=FINISHED``)."""
RECORD = {"played": "COUNT(*)", "wins": "SUM(status = 'won')", "losses": "SUM(status = 'lost')",
          "draws": "SUM(status = 'draw')"}  # fmt: skip
"""A player's games against the computer: played, won, lost and drawn (``ranked=RECORD``)."""


def player_name(player: str) -> str:
    """The name a game is kept under (trimmed); ``Invalid`` when nothing is left of it."""
    name = player.strip()
    if not name:
        raise Invalid("a player needs a name")
    return name


@dataclass(frozen=True)
class GameTable:
    """One game's table, with an ``id`` per game (and a ``status`` where ``over`` is used)."""

    name: str
    schema: str | tuple[str, ...]
    """Its ``CREATE TABLE IF NOT EXISTS`` (one, or several for the tables a game keeps beside it)."""
    noun: str = "game"
    """What a row is called in a 404's detail ("hand 7 not found")."""
    over: str = "the game is over: {status}"
    """The 409's detail for a move on an ended game, formatted with the row's columns."""
    stamped: bool = True
    """Whether a new row gets ``created_at`` (now, to the second)."""

    def connect(self, db: Database) -> sqlite3.Connection:
        """A connection with the table made if it was not there yet."""
        conn = db.connect()
        for statement in (self.schema,) if isinstance(self.schema, str) else self.schema:
            conn.execute(statement)
        return conn

    def create(self, conn: sqlite3.Connection, **values: Any) -> Any:
        """Adds a game of ``values`` (column → value) and answers its row as stored."""
        if self.stamped:
            values["created_at"] = datetime.now().isoformat(timespec="seconds")
        columns = ", ".join(f'"{column}"' for column in values)
        marks = ", ".join("?" for _ in values)
        cursor = conn.execute(f'INSERT INTO "{self.name}" ({columns}) VALUES ({marks})', tuple(values.values()))
        return self.load(conn, int(cursor.lastrowid or 0))

    def load(self, conn: sqlite3.Connection, game_id: int) -> Any:
        """The game's row; ``NotFound`` when there is none."""
        row = conn.execute(f'SELECT * FROM "{self.name}" WHERE id = ?', (game_id,)).fetchone()
        if row is None:
            raise NotFound(f"{self.noun} {game_id} not found")
        return row

    def playing(self, conn: sqlite3.Connection, game_id: int) -> Any:
        """The game's row while it takes moves; ``Refused`` (``over``) once it has ended."""
        row = self.load(conn, game_id)
        if row["status"] != PLAYING:
            raise Refused(self.over.format(**dict(row)))
        return row

    def save(self, conn: sqlite3.Connection, game_id: int, **values: Any) -> Any:
        """Writes ``values`` (a move's board, the status that ends it) and answers the row as stored."""
        columns = ", ".join(f'"{column}" = ?' for column in values)
        conn.execute(f'UPDATE "{self.name}" SET {columns} WHERE id = ?', (*values.values(), game_id))
        return self.load(conn, game_id)

    def leaderboard(self, db: Database, ranked: dict[str, str], order: str, where: str = "") -> list[dict[str, Any]]:
        """The best 100 players by ``order`` (ties by name), each with ``ranked``'s columns: answer
        key → SQL aggregate over that player's games (``where`` picks the games that count)."""
        columns = ", ".join(f'{aggregate} AS "{key}"' for key, aggregate in ranked.items())
        picked = f"WHERE {where} " if where else ""
        with self.connect(db) as conn:
            rows = conn.execute(
                f'SELECT player, {columns} FROM "{self.name}" {picked}'
                f"GROUP BY player ORDER BY {order}, player ASC LIMIT 100"
            ).fetchall()
        return [{"player": row["player"], **{key: row[key] for key in ranked}} for row in rows]
