"""Dice rolled on the server: faces in range, the total their sum, every roll kept, stats per player."""

from __future__ import annotations

from fastapi.testclient import TestClient

ROLLS = "/api/dice/rolls"


def test_a_roll_has_faces_in_range_and_their_sum(client: TestClient) -> None:
    for _ in range(30):
        got = client.post(ROLLS, json={"player": "Ada", "count": 3, "sides": 6}).json()
        assert len(got["faces"]) == 3 and all(1 <= f <= 6 for f in got["faces"])
        assert got["total"] == sum(got["faces"])


def test_every_face_comes_up(client: TestClient) -> None:
    seen = set()
    for _ in range(40):
        seen.update(client.post(ROLLS, json={"player": "Ada", "count": 5, "sides": 4}).json()["faces"])
    assert seen == {1, 2, 3, 4}


def test_only_real_dice_and_sane_counts(client: TestClient) -> None:
    assert client.post(ROLLS, json={"player": "Ada", "count": 2, "sides": 7}).status_code == 422
    assert client.post(ROLLS, json={"player": "Ada", "count": 0, "sides": 6}).status_code == 422
    assert client.post(ROLLS, json={"player": "Ada", "count": 21, "sides": 6}).status_code == 422


def test_history_and_stats_are_the_servers(client: TestClient) -> None:
    totals = [client.post(ROLLS, json={"player": p, "count": 2, "sides": 20}).json()["total"] for p in ("Ada", "Ada", "Bo")]
    history = client.get("/api/dice/history").json()
    assert [r["total"] for r in history] == totals[::-1]
    stats = {s["player"]: s for s in client.get("/api/dice/stats").json()}
    assert stats["Ada"]["rolls"] == 2 and stats["Ada"]["best"] == max(totals[:2])
    assert stats["Bo"]["average"] == totals[2]
