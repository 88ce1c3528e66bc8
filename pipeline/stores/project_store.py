"""Projects and their versions, kept in SQL: SQLite in the data folder by default, PostgreSQL
when ``PIPELINE_POSTGRES_URL`` names one. The schema is Alembic's (``sql_migrations``), brought
up to date when the store opens. Redis may lose everything it holds; what is here stays until
its owner deletes it.

Synchronous (SQLAlchemy Core); the service calls it from a thread.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from pipeline.stores.project_tables import projects, users, versions

MIGRATIONS = Path(__file__).parent / "sql_migrations"
MIGRATION_LOCK = 0x7069_7065_6C69_6E65  # "pipeline"
VERSION_TABLE = "pipeline_store_version"
"""Alembic's record of the schema step, named so as not to meet another tool's in a shared database."""


@dataclass(frozen=True)
class Version:
    number: int
    job_id: str
    request: str
    made: str
    """generate, edit or restore."""
    status: str
    created_at: float
    summary: dict[str, Any] | None = None
    made_by: str | None = None
    files_key: str | None = None
    """Where the version's files are in the file store (None until it finished)."""
    files_bytes: int = 0
    options: dict[str, Any] | None = None
    """The job's options (an edit's ``edit_of`` names the version it changed)."""


@dataclass(frozen=True)
class Project:
    id: str
    owner: str
    name: str
    created_at: float
    updated_at: float
    versions: tuple[Version, ...] = ()


def sql_url(postgres_url: str | None, data_dir: Path) -> str:
    """PostgreSQL (through psycopg) when configured, else SQLite in the data folder."""
    if postgres_url:
        scheme, _, rest = postgres_url.partition("://")
        return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else postgres_url
    return f"sqlite:///{data_dir / 'projects.db'}"


def open_project_store(url: str, **engine_options: Any) -> ProjectStore:
    """The store at ``url``, its schema migrated to the newest step first."""
    engine = create_engine(url, **engine_options)
    if engine.dialect.name == "sqlite":
        Path(engine.url.database or "projects.db").parent.mkdir(parents=True, exist_ok=True)
        event.listen(engine, "connect", _sqlite_pragmas)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _one_migrator(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # held to the end of the transaction
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return ProjectStore(engine)


@contextlib.contextmanager
def _one_migrator(engine: Engine) -> Iterator[None]:
    """Processes starting together (the API's workers) migrate one after another: PostgreSQL
    through an advisory lock in the migration's transaction, SQLite through a lock file."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        yield
        return
    with open(f"{engine.url.database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _sqlite_pragmas(conn: Any, _record: Any) -> None:
    cursor = conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")  # a project's versions go with it
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


class ProjectStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def user(self, kind: str, subject: str) -> str:
        """The id of the user ``subject`` of ``kind`` (token, secret, oidc), made on first sight."""
        user_id = hashlib.sha256(f"{kind}\0{subject}".encode()).hexdigest()[:32]
        # a signed-in person's every request asks for their id: a read finds the row, and only the
        # first sight writes one. Nothing is remembered here, so an account deleted by another
        # process is made again at once, never left to a foreign key failing on a stale memory.
        with self.engine.connect() as conn:
            if conn.execute(select(users.c.id).where(users.c.id == user_id)).first() is not None:
                return user_id
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(users).values(id=user_id, kind=kind, subject=subject, created_at=time.time())
                )
        except IntegrityError:
            pass  # made at this moment by another process: the same id
        return user_id

    def create_project(
        self, project_id: str, *, owner: str, name: str, request: str, made_by: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> Project:  # fmt: skip
        """A new project with its first version (``project_id`` is that version's job id)."""
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(
                insert(projects).values(
                    id=project_id, owner=owner, name=name[:200], created_at=now, updated_at=now
                )
            )
            conn.execute(
                insert(versions).values(
                    _version_row(project_id, 1, project_id, request, "generate", made_by, now, options)
                )
            )
        found = self.project(project_id, owner)
        assert found is not None
        return found

    def add_version(
        self, project_id: str, *, job_id: str, request: str, made: str, made_by: str | None,
        options: dict[str, Any] | None = None,
    ) -> int:  # fmt: skip
        """The next version of the project, listed with ``job_id``; its number.

        One transaction that first writes the project's row (PostgreSQL locks that row, SQLite
        the database), so two versions added at once get two numbers, never one twice."""
        now = time.time()
        with self.engine.begin() as conn:
            touched = conn.execute(update(projects).where(projects.c.id == project_id).values(updated_at=now))
            if touched.rowcount != 1:
                raise LookupError(f"no project {project_id}")
            last = conn.execute(
                select(func.max(versions.c.number)).where(versions.c.project == project_id)
            ).scalar()
            number = int(last or 0) + 1
            conn.execute(
                insert(versions).values(
                    _version_row(project_id, number, job_id, request, made, made_by, now, options)
                )
            )
        return number

    def finish_version(
        self, job_id: str, *, status: str, summary: dict[str, Any] | None = None,
        files_key: str | None = None, files_bytes: int = 0,
    ) -> None:  # fmt: skip
        values: dict[str, Any] = {"status": status, "summary": summary}
        if files_key is not None:
            values |= {"files_key": files_key, "files_bytes": files_bytes}
        with self.engine.begin() as conn:
            conn.execute(update(versions).where(versions.c.job_id == job_id).values(**values))

    def set_files(self, job_id: str, files_key: str, files_bytes: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(versions).where(versions.c.job_id == job_id)
                .values(files_key=files_key, files_bytes=files_bytes)
            )  # fmt: skip

    def name_project(self, project_id: str, name: str) -> None:
        """Names the project (after its first version, which knows the app's name)."""
        with self.engine.begin() as conn:
            conn.execute(update(projects).where(projects.c.id == project_id).values(name=name[:200]))

    def subject(self, user_id: str) -> tuple[str, str] | None:
        """(kind, subject) of a user."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users.c.kind, users.c.subject).where(users.c.id == user_id)).first()
        return (str(row.kind), str(row.subject)) if row is not None else None

    def projects(self, owner: str, *, limit: int = 20, offset: int = 0) -> list[Project]:
        """The owner's projects, the most recently changed first (without their versions)."""
        query = (
            select(projects).where(projects.c.owner == owner)
            .order_by(projects.c.updated_at.desc(), projects.c.id).limit(limit).offset(offset)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [Project(**row._mapping) for row in conn.execute(query)]

    def newest(self, project_ids: list[str]) -> dict[str, tuple[int, str]]:
        """Each project's number of versions and its newest version's job id, in one query."""
        if not project_ids:
            return {}
        last = (
            select(versions.c.project, func.max(versions.c.number).label("number"))
            .where(versions.c.project.in_(project_ids)).group_by(versions.c.project).subquery()
        )  # fmt: skip
        query = select(versions.c.project, versions.c.number, versions.c.job_id).join(
            last, (versions.c.project == last.c.project) & (versions.c.number == last.c.number)
        )
        with self.engine.connect() as conn:
            return {str(r.project): (int(r.number), str(r.job_id)) for r in conn.execute(query)}

    def project(self, project_id: str, owner: str | None = None) -> Project | None:
        """The project with its versions, oldest first; None when it is not there or, with
        ``owner``, not theirs."""
        with self.engine.connect() as conn:
            row = conn.execute(select(projects).where(projects.c.id == project_id)).first()
            if row is None or (owner is not None and row.owner != owner):
                return None
            rows = conn.execute(
                select(versions).where(versions.c.project == project_id).order_by(versions.c.number)
            ).all()
        listed = tuple(_version(r._mapping) for r in rows)
        return Project(**row._mapping, versions=listed)

    def version(self, job_id: str) -> tuple[str, Version] | None:
        """(project id, version) of the version made by ``job_id``."""
        with self.engine.connect() as conn:
            row = conn.execute(select(versions).where(versions.c.job_id == job_id)).first()
        return (str(row.project), _version(row._mapping)) if row is not None else None

    def rename(self, project_id: str, owner: str, name: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(projects).where(projects.c.id == project_id, projects.c.owner == owner)
                .values(name=name[:200], updated_at=time.time())
            )  # fmt: skip
        return done.rowcount == 1

    def delete(self, project_id: str, owner: str) -> list[str] | None:
        """Removes the project and its versions; the file keys they held (for the file store to
        remove), or None when it is not the owner's."""
        with self.engine.begin() as conn:
            found = conn.execute(
                select(projects.c.id).where(projects.c.id == project_id, projects.c.owner == owner)
            ).first()
            if found is None:
                return None
            keys = conn.execute(
                select(versions.c.files_key).where(
                    versions.c.project == project_id, versions.c.files_key.is_not(None)
                )
            ).scalars()
            kept = sorted({str(k) for k in keys})
            conn.execute(delete(versions).where(versions.c.project == project_id))
            conn.execute(delete(projects).where(projects.c.id == project_id))
        return kept

    def stale(self, kinds: tuple[str, ...], changed_before: float) -> list[tuple[str, str, int]]:
        """(project id, owner, bytes held) of every project of users of ``kinds`` that nobody
        changed since ``changed_before``: what retention says has expired."""
        held = func.coalesce(func.sum(versions.c.files_bytes), 0)
        query = (
            select(projects.c.id, projects.c.owner, held)
            .select_from(projects.join(users, projects.c.owner == users.c.id).outerjoin(versions, versions.c.project == projects.c.id))
            .where(users.c.kind.in_(kinds), projects.c.updated_at < changed_before)
            .group_by(projects.c.id, projects.c.owner)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [(str(i), str(o), int(b)) for i, o, b in conn.execute(query)]

    def count(self, owner: str) -> int:
        """How many projects the owner has."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).where(projects.c.owner == owner)).scalar() or 0)

    def bytes_of(self, owner: str) -> int:
        """What the owner's versions hold in the file store."""
        query = (
            select(func.coalesce(func.sum(versions.c.files_bytes), 0))
            .select_from(versions.join(projects, versions.c.project == projects.c.id))
            .where(projects.c.owner == owner)
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def owned(self, owner: str) -> list[Project]:
        """Every project of the owner with its versions, the oldest first: what an export holds
        and an account's deletion removes."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(projects)
                .where(projects.c.owner == owner)
                .order_by(projects.c.created_at, projects.c.id)
            ).all()
            listed = conn.execute(
                select(versions).join(projects, versions.c.project == projects.c.id)
                .where(projects.c.owner == owner).order_by(versions.c.number)
            ).all()  # fmt: skip
        by_project: dict[str, list[Version]] = {}
        for row in listed:
            by_project.setdefault(str(row.project), []).append(_version(row._mapping))
        return [Project(**r._mapping, versions=tuple(by_project.get(str(r.id), ()))) for r in rows]

    def delete_user(self, user_id: str) -> list[str]:
        """Removes the user with their projects and versions, in one transaction; the file keys
        those held (for the file store to remove)."""
        theirs = select(projects.c.id).where(projects.c.owner == user_id).scalar_subquery()
        with self.engine.begin() as conn:
            keys = conn.execute(
                select(versions.c.files_key).where(versions.c.project.in_(theirs), versions.c.files_key.is_not(None))
            ).scalars()  # fmt: skip
            kept = sorted({str(k) for k in keys})
            conn.execute(delete(versions).where(versions.c.project.in_(theirs)))
            conn.execute(delete(projects).where(projects.c.owner == user_id))
            # a version they made in someone else's project stays that project's, made by nobody now
            conn.execute(update(versions).where(versions.c.made_by == user_id).values(made_by=None))
            conn.execute(delete(users).where(users.c.id == user_id))
        return kept

    def usage(self, limit: int = 100) -> dict[str, Any]:
        """The operator's view: users with their projects, versions and bytes (the most bytes
        first, at most ``limit``), and the totals over everyone."""
        per_user = (
            select(
                users.c.id, users.c.kind, users.c.subject, users.c.created_at,
                func.count(projects.c.id.distinct()).label("projects"), func.count(versions.c.id).label("versions"),
                func.coalesce(func.sum(versions.c.files_bytes), 0).label("bytes"),
                func.max(projects.c.updated_at).label("last_change"),
            )
            .select_from(users.outerjoin(projects, projects.c.owner == users.c.id).outerjoin(versions, versions.c.project == projects.c.id))
            .group_by(users.c.id, users.c.kind, users.c.subject, users.c.created_at)
        )  # fmt: skip
        ordered = per_user.order_by(text("bytes DESC"), text("projects DESC"), users.c.id).limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(ordered).all()
            totals = conn.execute(
                select(
                    select(func.count()).select_from(users).scalar_subquery(),
                    select(func.count()).select_from(projects).scalar_subquery(),
                    select(func.count()).select_from(versions).scalar_subquery(),
                    select(func.coalesce(func.sum(versions.c.files_bytes), 0)).scalar_subquery(),
                )
            ).one()  # fmt: skip
        shown = [
            {"user": str(r.id), "kind": str(r.kind), "subject": str(r.subject)[:64], "since": float(r.created_at),
             "projects": int(r.projects), "versions": int(r.versions), "bytes": int(r.bytes),
             "last_change": float(r.last_change) if r.last_change is not None else None}
            for r in rows
        ]  # fmt: skip
        names = ("users", "projects", "versions", "bytes")
        return {"users": shown, "totals": {n: int(v or 0) for n, v in zip(names, totals, strict=True)}}


def _version_row(
    project_id: str, number: int, job_id: str, request: str, made: str, made_by: str | None, now: float,
    options: dict[str, Any] | None,
) -> dict[str, Any]:  # fmt: skip
    return {"project": project_id, "number": number, "job_id": job_id, "request": request, "made": made,
            "status": "queued", "made_by": made_by, "created_at": now, "files_bytes": 0, "options": options}  # fmt: skip


def _version(row: Any) -> Version:
    return Version(
        number=int(row["number"]), job_id=str(row["job_id"]), request=str(row["request"]), made=str(row["made"]),
        status=str(row["status"]), created_at=float(row["created_at"]), summary=row["summary"],
        made_by=row["made_by"], files_key=row["files_key"], files_bytes=int(row["files_bytes"] or 0),
        options=row["options"],
    )  # fmt: skip
