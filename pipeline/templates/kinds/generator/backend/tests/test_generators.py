"""The generators: lengths and classes of passwords, their entropy, numbers in range."""

from __future__ import annotations

import string

from fastapi.testclient import TestClient

from app.generators import SYMBOLS, entropy_bits


def test_entropy_is_length_times_log2_of_the_pool() -> None:
    assert entropy_bits(16, 62) == 95.3
    assert entropy_bits(8, 26 * 2) == 45.6
    assert entropy_bits(12, 76) == 75.0


def test_passwords_have_the_length_and_every_class_asked_for(client: TestClient) -> None:
    got = client.get("/api/generate/passwords", params={"length": 12, "count": 10, "digits": True, "symbols": True})
    rows = got.json()
    assert got.status_code == 200 and len(rows) == 10 and len({r["password"] for r in rows}) == 10
    for row in rows:
        p = row["password"]
        assert len(p) == 12 and row["entropy_bits"] == 75.0
        for cls in (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS):
            assert any(c in cls for c in p)


def test_letters_only_when_asked(client: TestClient) -> None:
    rows = client.get("/api/generate/passwords", params={"length": 20, "count": 5, "digits": False, "symbols": False}).json()
    assert all(r["password"].isalpha() for r in rows)


def test_bad_lengths_and_ranges_are_refused(client: TestClient) -> None:
    short = client.get("/api/generate/passwords", params={"length": 4, "count": 1, "digits": True, "symbols": True})
    assert short.status_code == 422
    narrow = client.get("/api/generate/numbers", params={"low": 1, "high": 3, "count": 5, "unique": True})
    assert narrow.status_code == 422 and "only 3" in narrow.json()["detail"]


def test_numbers_fall_in_the_range_and_unique_means_unique(client: TestClient) -> None:
    got = client.get("/api/generate/numbers", params={"low": 1, "high": 10, "count": 10, "unique": True}).json()
    assert sorted(got["numbers"]) == list(range(1, 11))
    many = client.get("/api/generate/numbers", params={"low": -5, "high": 5, "count": 100, "unique": False}).json()
    assert all(-5 <= n <= 5 for n in many["numbers"]) and len(many["numbers"]) == 100
