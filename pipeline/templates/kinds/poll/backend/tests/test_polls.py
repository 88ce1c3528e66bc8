"""Polls on the server: options are checked, each visitor votes once (a second vote changes
nothing and says so), results are counts and percentages, and a closed poll takes no votes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.polls import percentages

POLLS = "/api/voting/polls"
VOTES = "/api/voting/votes"


def _poll(client: TestClient, *options: str) -> dict[str, Any]:
    made = client.post(POLLS, json={"question": "Where do we eat?", "options": list(options)})
    assert made.status_code == 201, made.text
    poll: dict[str, Any] = made.json()
    return poll


def _option(poll: dict[str, Any], label: str) -> int:
    return int(next(o["option_id"] for o in poll["options"] if o["label"] == label))


def test_percentages_share_the_total_and_start_at_zero() -> None:
    assert percentages([1, 1, 2]) == [25.0, 25.0, 50.0]
    assert percentages([1, 2]) == [33.3, 66.7]
    assert percentages([0, 0]) == [0.0, 0.0]


def test_a_poll_needs_a_question_and_two_different_options(client: TestClient) -> None:
    assert client.post(POLLS, json={"question": " ", "options": ["a", "b"]}).status_code == 422
    one = client.post(POLLS, json={"question": "Tea?", "options": ["yes", " "]})
    assert one.status_code == 422 and "2 to 10 options" in one.json()["detail"]
    same = client.post(POLLS, json={"question": "Tea?", "options": ["Yes", "yes"]})
    assert same.status_code == 422 and "different" in same.json()["detail"]
    poll = _poll(client, "Pizza", "Sushi", "Tacos")
    assert poll["total"] == 0 and poll["voted_for"] is None and poll["closed"] is False
    assert [o["label"] for o in poll["options"]] == ["Pizza", "Sushi", "Tacos"]


def test_one_vote_per_visitor_and_a_second_changes_nothing(client: TestClient) -> None:
    poll = _poll(client, "Pizza", "Sushi")
    pizza, sushi = _option(poll, "Pizza"), _option(poll, "Sushi")
    voted = client.post(VOTES, json={"poll_id": poll["poll_id"], "option_id": pizza})
    assert voted.status_code == 200 and "voter" in voted.cookies
    assert voted.json()["voted_for"] == pizza and voted.json()["total"] == 1
    again = client.post(VOTES, json={"poll_id": poll["poll_id"], "option_id": sushi})
    assert again.status_code == 409 and "already voted" in again.json()["detail"]
    after = client.get("/api/voting/results", params={"poll_id": poll["poll_id"]}).json()
    assert [(o["label"], o["votes"], o["percent"]) for o in after["options"]] == [
        ("Pizza", 1, 100.0),
        ("Sushi", 0, 0.0),
    ]


def test_each_visitor_has_a_vote_of_their_own(client: TestClient) -> None:
    poll = _poll(client, "Pizza", "Sushi")
    for label in ("Pizza", "Sushi", "Sushi"):
        client.cookies.clear()  # another person: no voter cookie yet
        answer = client.post(VOTES, json={"poll_id": poll["poll_id"], "option_id": _option(poll, label)})
        assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["total"] == 3
    assert [o["percent"] for o in result["options"]] == [33.3, 66.7]
    client.cookies.clear()
    assert client.get("/api/voting/results", params={"poll_id": poll["poll_id"]}).json()["voted_for"] is None


def test_a_vote_must_name_an_option_of_that_poll(client: TestClient) -> None:
    first, second = _poll(client, "a", "b"), _poll(client, "c", "d")
    wrong = client.post(VOTES, json={"poll_id": first["poll_id"], "option_id": _option(second, "c")})
    assert wrong.status_code == 422 and "not one of this poll's options" in wrong.json()["detail"]
    missing = client.post(VOTES, json={"poll_id": 999, "option_id": 1})
    assert missing.status_code == 404


def test_a_closed_poll_takes_no_votes_and_keeps_its_results(client: TestClient) -> None:
    poll = _poll(client, "Yes", "No")
    client.post(VOTES, json={"poll_id": poll["poll_id"], "option_id": _option(poll, "Yes")})
    closed = client.post("/api/voting/close", json={"poll_id": poll["poll_id"]})
    assert closed.status_code == 200 and closed.json()["closed"] is True
    client.cookies.clear()
    late = client.post(VOTES, json={"poll_id": poll["poll_id"], "option_id": _option(poll, "No")})
    assert late.status_code == 409 and "closed" in late.json()["detail"]
    assert client.post("/api/voting/close", json={"poll_id": poll["poll_id"]}).status_code == 409
    listed = client.get(POLLS).json()
    assert listed[0]["poll_id"] == poll["poll_id"] and listed[0]["total"] == 1
