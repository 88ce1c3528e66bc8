"""Claiming: a person who signs in takes over the projects they made before, anonymously.

A project made without signing in belongs to the user its job secret is (kind ``secret``, the
secret's SHA-256 as subject). Whoever holds the secret made the project; signing in and showing
the secret moves it to the signed-in user. A secret whose project already belongs to someone
signed in (or to an API token) claims nothing: only ``secret`` users' projects ever move.
"""

from __future__ import annotations

import hashlib
import time

from sqlalchemy import select, update

from pipeline.stores.project_store import ProjectStore
from pipeline.stores.project_tables import projects, users

MAX_SECRETS = 200
"""Secrets one claim may show (a browser keeps its 40 newest jobs)."""


def secret_user_id(secret: str) -> str:
    """The id the project store gives the anonymous user of ``secret`` (as ``ProjectStore.user``
    does, without making the row)."""
    subject = hashlib.sha256(secret.encode()).hexdigest()
    return hashlib.sha256(f"secret\0{subject}".encode()).hexdigest()[:32]


def claim(store: ProjectStore, secrets: list[str], account: str) -> list[str]:
    """Moves every project the anonymous users of ``secrets`` own to ``account``, in one
    transaction; the ids of the projects moved."""
    anonymous = sorted({secret_user_id(s) for s in secrets[:MAX_SECRETS] if s})
    if not anonymous:
        return []
    anonymous_users = select(users.c.id).where(users.c.id.in_(anonymous), users.c.kind == "secret")
    with store.engine.begin() as conn:  # one statement: two claims at once never both move one project
        moved = conn.execute(
            update(projects).where(projects.c.owner.in_(anonymous_users))
            .values(owner=account, updated_at=time.time()).returning(projects.c.id)
        ).scalars()  # fmt: skip
        return sorted(str(p) for p in moved)
