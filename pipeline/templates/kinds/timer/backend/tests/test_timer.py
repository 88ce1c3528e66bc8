"""The timer's arithmetic (lengths, sums per day and mode) and its sessions through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.timer import elapsed_seconds, totals

SESSIONS, STOP = "/api/timer/sessions", "/api/timer/stop"


def test_a_length_is_the_seconds_between_start_and_stop() -> None:
    assert elapsed_seconds("2026-03-01T09:00:00", "2026-03-01T09:25:00") == 1500
    assert elapsed_seconds("2026-03-01T23:59:30", "2026-03-02T00:00:15") == 45
    assert elapsed_seconds("2026-03-01T10:00:00", "2026-03-01T09:00:00") == 0


def test_minutes_are_summed_per_day_and_mode() -> None:
    rows = [("2026-03-01T09:00:00", "focus", 1500), ("2026-03-01T10:00:00", "focus", 1500),
            ("2026-03-01T09:30:00", "break", 300), ("2026-03-02T09:00:00", "focus", 90)]  # fmt: skip
    assert totals(rows) == [
        {"day": "2026-03-02", "mode": "focus", "sessions": 1, "minutes": 1.5},
        {"day": "2026-03-01", "mode": "focus", "sessions": 2, "minutes": 50.0},
        {"day": "2026-03-01", "mode": "break", "sessions": 1, "minutes": 5.0},
    ]


def test_a_session_starts_stops_once_and_is_summed(client: TestClient) -> None:
    focus = client.post(SESSIONS, json={"label": "Write report", "mode": "focus"}).json()
    assert focus["planned_minutes"] == 25 and focus["ended_at"] is None
    stopped = client.post(STOP, json={"session_id": focus["session_id"]}).json()
    assert stopped["ended_at"] is not None and stopped["seconds"] >= 0
    assert client.post(STOP, json={"session_id": focus["session_id"]}).status_code == 409
    summary = client.get("/api/timer/summary").json()
    assert summary[0]["mode"] == "focus" and summary[0]["sessions"] == 1


def test_starting_a_session_stops_the_one_running(client: TestClient) -> None:
    first = client.post(SESSIONS, json={"mode": "stopwatch"}).json()
    client.post(SESSIONS, json={"mode": "break", "planned_minutes": 10})
    assert client.post(STOP, json={"session_id": first["session_id"]}).status_code == 409
    assert {row["mode"] for row in client.get("/api/timer/summary").json()} == {"stopwatch"}
