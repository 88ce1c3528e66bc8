"""Image uploads, kept on disk: the type is read from the file's first bytes (never from its name
or the browser's word), the size is bounded, the name is the server's own."""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import HTTPException

MAX_BYTES = 2 * 1024 * 1024
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png", "image/png"), (b"\xff\xd8\xff", "jpg", "image/jpeg"),
              (b"GIF87a", "gif", "image/gif"), (b"GIF89a", "gif", "image/gif"))  # fmt: skip


def upload_dir() -> Path:
    folder = Path(os.environ.get("UPLOAD_DIR", Path(__file__).resolve().parents[1] / "uploads"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def image_type(data: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a PNG, JPEG, GIF or WebP by its magic bytes, else None."""
    for magic, extension, content_type in SIGNATURES:
        if data.startswith(magic):
            return extension, content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "image/webp"
    return None


def save_image(filename: str, content_base64: str) -> dict[str, Any]:
    try:
        data = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise HTTPException(status_code=422, detail="the file is not base64") from None
    if not data:
        raise HTTPException(status_code=422, detail="the file is empty")
    if len(data) > MAX_BYTES:
        raise HTTPException(status_code=413, detail=f"images are at most {MAX_BYTES // 1024 // 1024} MB")
    kind = image_type(data)
    if kind is None:
        raise HTTPException(status_code=415, detail="only PNG, JPEG, GIF and WebP images are taken")
    name = f"{secrets.token_hex(12)}.{kind[0]}"
    (upload_dir() / name).write_bytes(data)
    return {"url": f"uploads/{name}", "size": len(data), "content_type": kind[1], "original_name": filename[:200]}
