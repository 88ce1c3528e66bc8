"""Alembic's entry: runs the steps on the connection the project store hands over."""

from __future__ import annotations

from alembic import context

from pipeline.stores.project_tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    version_table="pipeline_store_version",
)
with context.begin_transaction():
    context.run_migrations()
