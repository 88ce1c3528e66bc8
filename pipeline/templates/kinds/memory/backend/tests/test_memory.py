"""Memory on the server: a fair deck, faces hidden until turned, pairs kept, moves counted by the
server, a cleared board on the leaderboard."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient

from app.memory import FACES, deal

GAMES, TURNS = "/api/memory/games", "/api/memory/turns"


def test_a_deck_holds_each_face_twice_and_is_shuffled() -> None:
    decks = [deal() for _ in range(5)]
    assert all(Counter(deck) == {face: 2 for face in FACES} for deck in decks)
    assert len({tuple(deck) for deck in decks}) > 1


def test_the_page_sees_no_face_until_it_is_turned(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    assert game["cards"] == [""] * 16 and game["matched"] == [] and game["status"] == "playing"


def _faces(client: TestClient, game_id: int) -> list[str]:
    """Learns the whole deck by turning (0, i): a player with a perfect memory."""
    faces = [""] * 16
    for i in range(1, 16):
        got = client.post(TURNS, json={"game_id": game_id, "first": 0, "second": i}).json()
        faces[0], faces[i] = got["first"], got["second"]
        if got["pair"]:
            break
    return faces


def test_a_pair_stays_up_and_every_turn_is_a_move(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    faces = _faces(client, game["game_id"])
    partner = faces.index(faces[0], 1)
    state = client.get("/api/memory/leaderboard").json()
    assert state == []
    again = client.post(TURNS, json={"game_id": game["game_id"], "first": 0, "second": partner})
    assert again.status_code == 409  # matched already: a pair is not scored twice
    assert client.post(TURNS, json={"game_id": game["game_id"], "first": 3, "second": 3}).status_code == 409


def test_clearing_the_board_wins_with_the_servers_move_count(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Bo"}).json()
    gid = game["game_id"]
    seen: dict[int, str] = {}
    moves = 0
    for i in range(0, 16, 2):  # look at everything once
        got = client.post(TURNS, json={"game_id": gid, "first": i, "second": i + 1}).json()
        seen[i], seen[i + 1] = got["first"], got["second"]
        moves += 1
    state = got
    for face in FACES:
        a, b = [i for i, f in seen.items() if f == face]
        if a in state["matched"]:
            continue
        state = client.post(TURNS, json={"game_id": gid, "first": a, "second": b}).json()
        moves += 1
    assert state["status"] == "won" and state["moves"] == moves and len(state["matched"]) == 16
    assert client.post(TURNS, json={"game_id": gid, "first": 0, "second": 1}).status_code == 409
    assert client.get("/api/memory/leaderboard").json() == [{"player": "Bo", "best_moves": moves, "games": 1}]
