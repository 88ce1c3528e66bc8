"""The pure parts of previews on the network: how a preview path is read, where an app's
redirect may go, the API's signature, the preview origin's forms, and public events."""

from __future__ import annotations

import time

import pytest

from pipeline.errors import ConfigError
from pipeline.server.jobs import public, public_event
from pipeline.server.preview_auth import sign, verify
from pipeline.server.preview_origin import PreviewOrigin, split_path
from pipeline.server.routes_preview import local_location

A, B = "a" * 32, "b" * 32


@pytest.mark.parametrize(
    "raw",
    [f"/preview/{A}/../{B}/", f"/preview/{A}/%2e%2e/{B}/", f"/preview/{A}/%2E./{B}/", f"/preview/{A}/..%2f{B}/",
     f"/preview/{A}%2f..%2f{B}/", f"/preview/{A}/.%2e/", f"/preview/{A}/a%5c..%5c", f"/preview/{A}/%00",
     f"/preview/{A}/./x", "/elsewhere/"],
)  # fmt: skip
def test_a_path_that_is_not_plain_is_no_preview_path(raw: str) -> None:
    assert split_path(raw, "/preview/") is None


def test_a_plain_path_names_its_job_and_the_apps_path() -> None:
    assert split_path(f"/preview/{A}/api/todos%20x", "/preview/") == (A, "/api/todos%20x")
    assert split_path(f"/preview/{A}", "/preview/") == (A, "")
    assert split_path("/api/todos", "/preview/", job_id=A) == (A, "/api/todos")


def test_an_apps_redirect_stays_within_its_preview() -> None:
    prefix = f"/preview/{A}"
    assert local_location("/inside?x=1", prefix) == f"{prefix}/inside?x=1"
    assert local_location("next", prefix) == "next"
    assert local_location("http://app/inside", prefix) == f"{prefix}/inside"
    for away in (
        "https://evil.example/",
        "//evil.example/x",
        "http://app.evil.example/",
        "javascript:alert(1)",
    ):
        assert local_location(away, prefix) is None, away


def test_a_signature_holds_for_one_request_for_a_short_while() -> None:
    secret = b"s" * 32
    signed = dict(sign(secret, "GET", f"/{A}/x?y=1", A))
    assert verify(secret, "GET", f"/{A}/x?y=1", A, signed)
    assert not verify(secret, "POST", f"/{A}/x?y=1", A, signed)
    assert not verify(secret, "GET", f"/{A}/x?y=2", A, signed)
    assert not verify(secret, "GET", f"/{B}/x?y=1", B, signed)
    assert not verify(b"t" * 32, "GET", f"/{A}/x?y=1", A, signed)
    assert not verify(
        secret, "GET", f"/{A}/x?y=1", A, dict(sign(secret, "GET", f"/{A}/x?y=1", A, time.time() - 60))
    )
    assert not verify(secret, "GET", f"/{A}/x?y=1", A, {})


def test_the_preview_origins_forms() -> None:
    per_job = PreviewOrigin("https://{job}.preview.example.com")
    assert per_job.url(A) == f"https://{A}.preview.example.com/"
    assert per_job.frame_source() == "'self' https://*.preview.example.com"
    assert per_job.match({"headers": [(b"host", f"{A}.preview.example.com".encode())]}) == (True, A)
    assert per_job.match({"headers": [(b"host", b"evil.preview.example.com")]}) == (False, None)
    assert per_job.match({"headers": [(b"host", b"service.example.com")]}) == (False, None)
    shared = PreviewOrigin("https://preview.example.com/")
    assert shared.url(A) == f"https://preview.example.com/preview/{A}/"
    assert shared.match({"headers": [(b"host", b"preview.example.com")]}) == (True, None)
    assert PreviewOrigin().url(A) == f"/preview/{A}/" and PreviewOrigin().frame_source() == "'self'"
    for bad in (
        "preview.example.com",
        "https://x.example.com/path",
        "https://x.{job}.example.com",
        "ftp://x",
    ):
        with pytest.raises(ConfigError):
            PreviewOrigin(bad)


def test_public_records_and_events_name_no_host_path() -> None:
    folder = f"/srv/pipeline/data/jobs/{A}"
    event = {"event": "written", "output_dir": folder, "files": 3}
    assert public_event(event) == {"event": "written", "files": 3}
    record = {"id": A, "owner": "secret:x", "worker": "host:1", "summary": {"output_dir": folder, "files": 3},
              "error": f"OSError: [Errno 28] no space left: '{folder}/backend/app.db'"}  # fmt: skip
    shown = public(record)
    assert shown == {
        "id": A,
        "summary": {"files": 3},
        "error": "OSError: [Errno 28] no space left: '<job folder>'",
    }
