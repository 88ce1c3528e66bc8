"""Image uploads: real images are kept and served back; other files, empty or too large ones are
refused, whatever their name says; each client has a count and a space it cannot go past."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import uploads

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLOAD_DIR", str(tmp_path / "uploads"))


def _send(client: TestClient, data: bytes, name: str = "cat.png") -> Any:
    return client.post("/api/uploads", json={"filename": name, "content_base64": base64.b64encode(data).decode()})


def test_the_type_is_read_from_the_bytes() -> None:
    assert uploads.image_type(PNG) == ("png", "image/png")
    assert uploads.image_type(b"\xff\xd8\xff\xe0rest") == ("jpg", "image/jpeg")
    assert uploads.image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == ("webp", "image/webp")
    assert uploads.image_type(b"<svg onload=alert(1)>") is None


def test_an_image_is_kept_under_the_servers_name_and_served(client: TestClient, tmp_path: Path) -> None:
    got = _send(client, PNG, "../../etc/passwd.png")
    assert got.status_code == 201, got.text
    body = got.json()
    assert body["content_type"] == "image/png" and body["size"] == len(PNG) and body["url"].startswith("uploads/")
    assert (tmp_path / "uploads" / body["url"].split("/")[1]).read_bytes() == PNG
    assert client.get("/" + body["url"]).content == PNG


def test_other_files_and_sizes_are_refused(client: TestClient) -> None:
    assert _send(client, b"<html><script>alert(1)</script>", "cat.png").status_code == 415
    assert _send(client, b"").status_code == 422
    assert _send(client, PNG + b"\0" * uploads.MAX_BYTES).status_code == 413
    bad = client.post("/api/uploads", json={"filename": "x.png", "content_base64": "not base64!"})
    assert bad.status_code == 422


def test_each_client_has_a_count_and_a_space(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLOADS_PER_CLIENT", "3")
    assert [_send(client, PNG).status_code for _ in range(4)] == [201, 201, 201, 429]
    refused = _send(client, PNG)
    assert "the most one person keeps" in refused.json()["detail"]
    monkeypatch.setenv("UPLOADS_PER_CLIENT", "100")
    monkeypatch.setenv("UPLOAD_MB_PER_CLIENT", "1")
    big = PNG + b"\0" * (600 * 1024)
    assert _send(client, big).status_code == 201
    full = _send(client, big)
    assert full.status_code == 413 and "1 MB each person has" in full.json()["detail"]
    assert len(list(uploads.upload_dir().iterdir())) == 4  # nothing written past the limits


def test_the_app_has_a_space_in_all(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLOAD_MB_TOTAL", "0")
    full = _send(client, PNG)
    assert full.status_code == 413 and "no room" in full.json()["detail"]
