"""The session secret and cookies without a server: one secret however many processes start at
once, the operator's when given, and a cookie signed with another secret is nobody's."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.server.sessions import Sessions, session_secret


def test_processes_starting_together_share_one_whole_secret(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        seen = set(pool.map(lambda _: session_secret(tmp_path), range(32)))
    assert len(seen) == 1 and len(seen.pop()) >= 48
    assert (tmp_path / "session-secret").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["session-secret"]  # no draft left behind


def test_the_operators_secret_wins_and_another_secret_signs_nobody_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_SESSION_SECRET", "the-operators-secret")
    assert session_secret(tmp_path) == "the-operators-secret"
    assert not (tmp_path / "session-secret").exists()
    ours, theirs = Sessions("the-operators-secret"), Sessions("another-secret")
    value = ours._session.dumps({"s": "https://id.example|42", "n": "Ada", "c": "token"})
    found = ours.read_cookie(value)
    assert found is not None and (found.subject, found.name, found.csrf) == (
        "https://id.example|42",
        "Ada",
        "token",
    )
    assert theirs.read_cookie(value) is None
    assert ours.read_cookie(value[:-2] + "xx") is None and ours.read_cookie("") is None
