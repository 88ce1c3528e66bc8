"""LangGraph checkpointers for the CLI: SQLite under the data folder, PostgreSQL when
``PIPELINE_POSTGRES_URL`` is set (so any worker can resume any run)."""

from __future__ import annotations

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
    "Entity",
    "EntityField",
    "Resource",
)
SERDE = JsonPlusSerializer(allowed_msgpack_modules=[("pipeline.artifacts", name) for name in ARTIFACTS])


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
            await saver.setup()
            yield saver
        return
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(str(settings.data_dir / "checkpoints.db")) as conn:
        sqlite_saver = AsyncSqliteSaver(conn, serde=SERDE)
        await sqlite_saver.setup()
        yield sqlite_saver
