"""The tables of the project store, as SQLAlchemy Core sees them. The schema itself is made and
changed by the Alembic steps in ``sql_migrations/versions``; these must match them.

```
users     id, kind (token | anonymous | oidc), subject, created_at
projects  id, owner → users, name, created_at, updated_at
versions  project → projects (cascade), number (unique per project), job_id (unique), request,
          options (JSON), made (generate | edit | restore), status, summary (JSON), made_by → users,
          files_key, files_bytes, created_at
```
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("kind", "subject", name="uq_users_kind_subject"),
)

projects = Table(
    "projects",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(64), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False, index=True),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project", String(64), ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("job_id", String(64), nullable=False, unique=True),
    Column("request", Text, nullable=False),
    Column("options", JSON, nullable=True),
    Column("made", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("summary", JSON, nullable=True),
    Column("made_by", String(64), ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("files_key", String(255), nullable=True),
    Column("files_bytes", BigInteger, nullable=False, default=0),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("project", "number", name="uq_versions_project_number"),
)
