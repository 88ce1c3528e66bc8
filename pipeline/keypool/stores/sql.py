"""SQLite store: the CLI's default (a file, shared by processes on one machine) and, on
``:memory:``, the in-process store for tests and library use.

Every acquire is one ``BEGIN IMMEDIATE`` transaction: SQLite's write lock makes the
read-choose-write atomic across threads and processes.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.keypool.limits import Limits
from pipeline.keypool.selection import WINDOW_S, Choice, KeyState, Strategy, choose
from pipeline.keypool.stores.base import Candidate, Grant, Transition
from pipeline.stores.connect import sqlite

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS keys (
    fp TEXT PRIMARY KEY, retired INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '',
    breaker TEXT NOT NULL DEFAULT 'closed', open_until REAL NOT NULL DEFAULT 0, probe INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0, day TEXT NOT NULL DEFAULT '', used_today INTEGER NOT NULL DEFAULT 0,
    total_requests INTEGER NOT NULL DEFAULT 0, total_tokens INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS groups (
    grp TEXT PRIMARY KEY, cool_until REAL NOT NULL DEFAULT 0, rpm INTEGER, rpd INTEGER, tpm INTEGER, tpd INTEGER
);
CREATE TABLE IF NOT EXISTS minute (grp TEXT NOT NULL, sec INTEGER NOT NULL, requests INTEGER NOT NULL,
    tokens INTEGER NOT NULL, PRIMARY KEY (grp, sec)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS days (grp TEXT NOT NULL, day TEXT NOT NULL, requests INTEGER NOT NULL DEFAULT 0,
    tokens INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (grp, day));
CREATE TABLE IF NOT EXISTS cursors (provider TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS models (id TEXT PRIMARY KEY, until REAL NOT NULL, reason TEXT NOT NULL);
"""


class SqlStore:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # ":memory:" has no WAL: a plain connection; a file gets the shared opener's WAL mode
        self._conn = (
            sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            if self.path == ":memory:"
            else sqlite(self.path, timeout_s=60)
        )
        self._lock = threading.Lock()
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def transaction() -> T:
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(self._conn)
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
                return result

        if self.path == ":memory:":
            return transaction()  # microseconds, and no other process can hold the lock
        return await asyncio.to_thread(transaction)

    # --- reading state -------------------------------------------------------------

    @staticmethod
    def _states(conn: sqlite3.Connection, candidates: list[Candidate], now: float) -> list[KeyState]:
        """Every candidate's state in four queries, whatever the number of keys."""
        fps = [c.fingerprint for c in candidates]
        groups = sorted({c.group for c in candidates})
        fp_marks = ",".join("?" * len(fps))
        grp_marks = ",".join("?" * len(groups))
        keys = {
            row[0]: row[1:]
            for row in conn.execute(
                f"SELECT fp, retired, breaker, open_until, probe, day, used_today FROM keys WHERE fp IN ({fp_marks})",
                fps,
            )
        }
        group_rows = {
            row[0]: row[1:]
            for row in conn.execute(
                f"SELECT grp, cool_until, rpm, rpd, tpm, tpd FROM groups WHERE grp IN ({grp_marks})", groups
            )
        }
        logs: dict[str, list[tuple[float, int, int]]] = {}
        for grp, sec, tokens, requests in conn.execute(
            f"SELECT grp, sec, tokens, requests FROM minute WHERE grp IN ({grp_marks}) AND sec > ?",
            [*groups, now - WINDOW_S],
        ):
            logs.setdefault(grp, []).append((float(sec), tokens, requests))
        days = {
            (row[0], row[1]): (row[2], row[3])
            for row in conn.execute(
                f"SELECT grp, day, requests, tokens FROM days WHERE grp IN ({grp_marks})", groups
            )
        }
        states: list[KeyState] = []
        for c in candidates:
            key = keys.get(c.fingerprint, (0, "closed", 0.0, 0, "", 0))
            group = group_rows.get(c.group)
            day = days.get((c.group, c.day), (0, 0))
            states.append(
                KeyState(
                    fingerprint=c.fingerprint,
                    group=c.group,
                    limits=c.limits.tightened(Limits(*group[1:])) if group else c.limits,
                    retired=bool(key[0]),
                    breaker="open" if key[1] == "open" else "closed",
                    open_until=key[2],
                    probe_taken=bool(key[3]),
                    cool_until=group[0] if group else 0.0,
                    minute_log=logs.get(c.group, []),
                    day_requests=day[0],
                    day_tokens=day[1],
                    next_day_reset=c.next_reset,
                    used_today=key[5] if key[4] == c.day else 0,
                )
            )
        return states

    # --- the store interface ---------------------------------------------------------

    async def acquire(
        self,
        provider: str,
        candidates: list[Candidate],
        now: float,
        estimated_tokens: int,
        strategy: Strategy,
    ) -> Grant | Choice:
        def work(conn: sqlite3.Connection) -> Grant | Choice:
            conn.execute("DELETE FROM minute WHERE sec <= ?", (now - WINDOW_S,))
            loaded: dict[int, KeyState] = {}

            def state_of(i: int) -> KeyState:
                if i not in loaded:
                    loaded[i] = self._states(conn, [candidates[i]], now)[0]
                return loaded[i]

            cursor = 0
            if strategy == "round_robin":
                row = conn.execute(
                    "INSERT INTO cursors (provider, n) VALUES (?, 1) ON CONFLICT(provider) DO UPDATE SET n = n + 1 RETURNING n",
                    (provider,),
                ).fetchone()
                cursor = row[0] - 1
            choice = choose(len(candidates), state_of, now, estimated_tokens, strategy, cursor)
            if choice.index is None:
                return choice
            c = candidates[choice.index]
            entry = int(now)
            conn.execute(
                "INSERT INTO minute (grp, sec, requests, tokens) VALUES (?, ?, 1, ?) ON CONFLICT(grp, sec) "
                "DO UPDATE SET requests = requests + 1, tokens = tokens + excluded.tokens",
                (c.group, entry, estimated_tokens),
            )
            conn.execute(
                "INSERT INTO days (grp, day, requests, tokens) VALUES (?, ?, 1, ?) "
                "ON CONFLICT(grp, day) DO UPDATE SET requests = requests + 1, tokens = tokens + excluded.tokens",
                (c.group, c.day, estimated_tokens),
            )
            conn.execute(
                "INSERT INTO keys (fp, day, used_today, total_requests, total_tokens, probe) VALUES (?, ?, 1, 1, ?, ?) "
                "ON CONFLICT(fp) DO UPDATE SET used_today = CASE WHEN day = excluded.day THEN used_today + 1 ELSE 1 END, "
                "day = excluded.day, total_requests = total_requests + 1, total_tokens = total_tokens + excluded.total_tokens, "
                "probe = CASE WHEN excluded.probe = 1 THEN 1 ELSE probe END",
                (c.fingerprint, c.day, estimated_tokens, int(choice.probe)),
            )
            return Grant(c.fingerprint, c.group, c.day, str(entry), estimated_tokens, choice.probe)

        return await self._run(work)

    async def reconcile(self, grant: Grant, tokens: int) -> None:
        delta = tokens - grant.estimated_tokens

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE minute SET tokens = tokens + ? WHERE grp = ? AND sec = ?",
                (delta, grant.group, int(grant.entry)),
            )
            conn.execute(
                "UPDATE days SET tokens = tokens + ? WHERE grp = ? AND day = ?",
                (delta, grant.group, grant.day),
            )
            conn.execute(
                "UPDATE keys SET total_tokens = total_tokens + ? WHERE fp = ?", (delta, grant.fingerprint)
            )

        if delta:
            await self._run(work)

    async def release(self, grant: Grant, tokens: int | None) -> Transition | None:
        """A successful call: reconcile its tokens and close the breaker, in one transaction."""
        delta = 0 if tokens is None else tokens - grant.estimated_tokens

        def work(conn: sqlite3.Connection) -> Transition | None:
            if delta:
                conn.execute(
                    "UPDATE minute SET tokens = tokens + ? WHERE grp = ? AND sec = ?",
                    (delta, grant.group, int(grant.entry)),
                )
                conn.execute(
                    "UPDATE days SET tokens = tokens + ? WHERE grp = ? AND day = ?",
                    (delta, grant.group, grant.day),
                )
                conn.execute(
                    "UPDATE keys SET total_tokens = total_tokens + ? WHERE fp = ?", (delta, grant.fingerprint)
                )
            row = conn.execute(
                "SELECT breaker, failures FROM keys WHERE fp = ?", (grant.fingerprint,)
            ).fetchone()
            if row is None or (row[0] == "closed" and row[1] == 0):
                return None
            conn.execute(
                "UPDATE keys SET breaker = 'closed', failures = 0, probe = 0, open_until = 0 WHERE fp = ?",
                (grant.fingerprint,),
            )
            return (
                Transition(grant.fingerprint, "half_open", "closed", "probe succeeded")
                if row[0] == "open"
                else None
            )

        return await self._run(work)

    async def record_failure(
        self, fingerprint: str, now: float, threshold: int, cooloff: float
    ) -> Transition | None:
        def work(conn: sqlite3.Connection) -> Transition | None:
            conn.execute("INSERT OR IGNORE INTO keys (fp) VALUES (?)", (fingerprint,))
            breaker, failures, probe = conn.execute(
                "SELECT breaker, failures, probe FROM keys WHERE fp = ?", (fingerprint,)
            ).fetchone()
            failures += 1
            if breaker == "open" and probe:
                conn.execute(
                    "UPDATE keys SET failures = ?, open_until = ?, probe = 0 WHERE fp = ?",
                    (failures, now + cooloff, fingerprint),
                )
                return Transition(fingerprint, "half_open", "open", "probe failed")
            if breaker == "closed" and failures >= threshold:
                conn.execute(
                    "UPDATE keys SET failures = ?, breaker = 'open', open_until = ?, probe = 0 WHERE fp = ?",
                    (failures, now + cooloff, fingerprint),
                )
                return Transition(fingerprint, "closed", "open", f"{failures} consecutive failures")
            conn.execute("UPDATE keys SET failures = ? WHERE fp = ?", (failures, fingerprint))
            return None

        return await self._run(work)

    async def cool_group(self, group: str, until: float, now: float) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO groups (grp, cool_until) VALUES (?, ?) "
                "ON CONFLICT(grp) DO UPDATE SET cool_until = MAX(cool_until, excluded.cool_until)",
                (group, until),
            )

        await self._run(work)

    async def retire(self, fingerprint: str, reason: str) -> Transition | None:
        def work(conn: sqlite3.Connection) -> Transition | None:
            conn.execute("INSERT OR IGNORE INTO keys (fp) VALUES (?)", (fingerprint,))
            if conn.execute("SELECT retired FROM keys WHERE fp = ?", (fingerprint,)).fetchone()[0]:
                return None
            conn.execute("UPDATE keys SET retired = 1, reason = ? WHERE fp = ?", (reason, fingerprint))
            return Transition(fingerprint, "active", "retired", reason)

        return await self._run(work)

    async def learn_limits(self, group: str, limits: Limits) -> None:
        def work(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT rpm, rpd, tpm, tpd FROM groups WHERE grp = ?", (group,)).fetchone()
            merged = Limits(*row).tightened(limits) if row else limits
            conn.execute(
                "INSERT INTO groups (grp, rpm, rpd, tpm, tpd) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(grp) DO UPDATE SET rpm = excluded.rpm, rpd = excluded.rpd, tpm = excluded.tpm, tpd = excluded.tpd",
                (group, merged.rpm, merged.rpd, merged.tpm, merged.tpd),
            )

        await self._run(work)

    async def snapshot(self, candidates: list[Candidate], now: float) -> list[KeyState]:
        return await self._run(lambda conn: self._states(conn, candidates, now))

    async def totals(self, fingerprints: list[str]) -> dict[str, tuple[int, int]]:
        def work(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
            marks = ",".join("?" for _ in fingerprints)
            rows = conn.execute(
                f"SELECT fp, total_requests, total_tokens FROM keys WHERE fp IN ({marks})", fingerprints
            )
            return {fp: (req, tok) for fp, req, tok in rows}

        return await self._run(work) if fingerprints else {}

    async def note_model(self, model_id: str, until: float, reason: str, now: float) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO models (id, until, reason) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET until = excluded.until, reason = excluded.reason",
                (model_id, until, reason),
            )

        await self._run(work)

    async def model_note(self, model_id: str, now: float) -> str | None:
        def work(conn: sqlite3.Connection) -> str | None:
            row = conn.execute("SELECT until, reason FROM models WHERE id = ?", (model_id,)).fetchone()
            return str(row[1]) if row and row[0] > now else None

        return await self._run(work)

    async def close(self) -> None:
        with self._lock:
            self._conn.close()
