"""Per-user quotas set by the operator: a project past the count, or a version past the bytes,
is refused with a clear problem, and nothing of it is made."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.server import create_app
from pipeline.server.jobs import MemoryJobs, new_record, owner_of
from pipeline.server.store_kept import KeptJobs, QuotaExceeded, Quotas, open_kept


def test_the_count_and_the_bytes_are_held_per_user(tmp_path: Path) -> None:
    async def run() -> None:
        projects, files = open_kept(None, tmp_path)
        jobs = KeptJobs(MemoryJobs(), projects, files, Quotas(projects=1, bytes=2**20))
        ada, bob = owner_of("ada", ""), owner_of("bob", "")
        await jobs.create("a" * 32, new_record("a" * 32, "build a todo app", {}, ada))
        with pytest.raises(QuotaExceeded, match="1 projects already"):
            await jobs.create("b" * 32, new_record("b" * 32, "build a blog", {}, ada))
        assert await jobs.get("b" * 32) is None  # nothing of it was made
        await jobs.create("c" * 32, new_record("c" * 32, "build a blog", {}, bob))  # bob has his own
        await jobs.set_archive("a" * 32, b"x" * 2**20)
        edit = new_record("d" * 32, "add a rating", {}, ada, project="a" * 32, version=2, made="edit")
        with pytest.raises(QuotaExceeded, match="1 MiB already"):
            await jobs.create("d" * 32, edit)
        await jobs.close()

    asyncio.run(run())


def test_the_service_answers_a_quota_with_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PIPELINE_API_TOKENS", "ada-token")
    monkeypatch.setenv("PIPELINE_QUOTA_PROJECTS", "1")
    body = {"prompt": "build a todo app", "options": {"offline": True}}
    with TestClient(create_app(), headers={"Authorization": "Bearer ada-token"}) as client:
        assert client.post("/api/v1/generate", json=body).status_code == 202
        refused = client.post("/api/v1/generate", json=body)
        assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["title"] == "quota exceeded" and "delete one first" in refused.json()["detail"]
        assert len(client.get("/api/v1/projects").json()["projects"]) == 1
