"""``python -m pipeline prune`` removes the anonymous projects nobody changed for the retention
period, with their files (in the folder store or a bucket), keeps signed-in users' projects and
recent ones, and says what it freed."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from pipeline.cli import main
from pipeline.stores.file_store import version_key
from pipeline.stores.project_store import open_project_store, sql_url
from pipeline.stores.project_tables import projects
from tests.s3server import Bucket, bucket, file_store, s3_endpoint  # noqa: F401  (the bucket's fixtures)


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_prune_frees_expired_anonymous_projects_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, kind: str
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(data))
    monkeypatch.setenv("PIPELINE_ANONYMOUS_RETENTION_DAYS", "7")
    if kind == "s3":  # prune finds the bucket as the service does: in its environment
        found: Bucket = request.getfixturevalue("bucket")
        for name, value in found.env.items():
            monkeypatch.setenv(name, value)
    store, files = open_project_store(sql_url(None, data)), file_store(kind, data, request)
    anonymous, signed_in = store.user("secret", "s1"), store.user("token", "t1")
    for project_id, owner in (("a" * 32, anonymous), ("b" * 32, signed_in), ("c" * 32, anonymous)):
        store.create_project(project_id, owner=owner, name="p", request="r")
        files.put(version_key(project_id), b"x" * 1000)
        store.set_files(project_id, version_key(project_id), 1000)
    with store.engine.begin() as conn:  # two of them untouched for eight days
        conn.execute(
            update(projects)
            .where(projects.c.id.in_(["a" * 32, "b" * 32]))
            .values(updated_at=time.time() - 8 * 86_400)
        )

    out = io.StringIO()
    assert main(["prune", "--dry-run", "--json"], stdout=out) == 0
    assert json.loads(out.getvalue()) == {
        "projects": 1,
        "versions": 1,
        "bytes": 1000,
        "retention_days": 7.0,
        "dry_run": True,
    }
    assert files.get(version_key("a" * 32)) is not None

    out = io.StringIO()
    assert main(["prune", "--json"], stdout=out) == 0
    assert json.loads(out.getvalue())["bytes"] == 1000
    assert store.project("a" * 32) is None and files.get(version_key("a" * 32)) is None
    assert store.project("b" * 32) is not None and store.project("c" * 32) is not None  # signed in; recent
    assert files.keys("versions") == [version_key("b" * 32), version_key("c" * 32)]
    store.close()
