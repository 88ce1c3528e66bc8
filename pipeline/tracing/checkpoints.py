"""LangGraph checkpointers for the CLI: SQLite under the data folder, PostgreSQL when
``PIPELINE_POSTGRES_URL`` is set (so any worker can resume any run)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from pipeline.errors import ConfigError
from pipeline.settings import Settings

# The artifact models the state holds; LangGraph restores only types it is told about.
ARTIFACTS = (
    "Plan",
    "Design",
    "FileSet",
    "Diagnostic",
    "AgentReport",
    "RunSummary",
    "Dropped",
    "Entity",
    "EntityField",
    "Resource",
)
SERDE = JsonPlusSerializer(allowed_msgpack_modules=[("pipeline.artifacts", name) for name in ARTIFACTS])


_READY: set[str] = set()
_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
SETUP_LOCK = 0x7069706C  # any fixed number; the same for every process that sets the tables up


async def _setup_once(saver: Any, url: str) -> None:
    """Creates or migrates the checkpoint tables once per process. Workers starting jobs at the
    same moment on an empty database would otherwise race on CREATE TABLE and fail their jobs:
    a PostgreSQL advisory lock lets one set up while the others wait."""
    async with _LOCKS.setdefault(asyncio.get_running_loop(), asyncio.Lock()):
        if url in _READY:
            return
        # try-lock and sleep, not a blocking lock: the setup's CREATE INDEX CONCURRENTLY waits for
        # every open transaction, and a session blocked on the lock would be one (a deadlock)
        while not await _try_lock(saver):
            await asyncio.sleep(0.2)
        try:
            await saver.setup()
        finally:
            await saver.conn.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK,))
        _READY.add(url)


async def _try_lock(saver: Any) -> bool:
    cursor = await saver.conn.execute("SELECT pg_try_advisory_lock(%s) AS got", (SETUP_LOCK,))
    row = await cursor.fetchone()
    return bool(row["got"] if isinstance(row, dict) else row[0])


@asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[Any]:
    if settings.postgres_url:
        try:
            from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        except ImportError as exc:
            raise ConfigError(
                "PIPELINE_POSTGRES_URL is set but the PostgreSQL checkpointer is not installed",
                hint="pip install -e '.[postgres]'",
            ) from exc
        async with AsyncPostgresSaver.from_conn_string(settings.postgres_url, serde=SERDE) as saver:
            await _setup_once(saver, settings.postgres_url)
            yield saver
        return
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(str(settings.data_dir / "checkpoints.db")) as conn:
        sqlite_saver = AsyncSqliteSaver(conn, serde=SERDE)
        await sqlite_saver.setup()
        yield sqlite_saver
