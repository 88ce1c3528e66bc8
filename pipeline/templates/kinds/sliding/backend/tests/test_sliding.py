"""The sliding puzzle on the server: only tiles beside the gap move, shuffles stay solvable, a
solved board ends the game with the server's move count on the leaderboard."""

from __future__ import annotations

import json
import random

from fastapi.testclient import TestClient

from app.sliding import SOLVED, neighbours, shuffled, slide

GAMES, MOVES = "/api/sliding/games", "/api/sliding/moves"


def _solvable(board: list[int]) -> bool:
    """The parity rule of the 15 puzzle (4 columns): inversions + the gap's row from the bottom is odd."""
    tiles = [t for t in board if t]
    inversions = sum(1 for i, a in enumerate(tiles) for b in tiles[i + 1 :] if a > b)
    return (inversions + (4 - board.index(0) // 4)) % 2 == 1


def test_only_a_tile_beside_the_gap_slides() -> None:
    assert sorted(neighbours(0)) == [1, 4] and sorted(neighbours(5)) == [1, 4, 6, 9]
    assert slide(SOLVED, 15) == [*range(1, 15), 0, 15]
    assert slide(SOLVED, 12) == [*range(1, 12), 0, 13, 14, 15, 12]
    assert slide(SOLVED, 1) is None and slide(SOLVED, 0) is None and slide(SOLVED, 99) is None


def test_shuffles_are_solvable_and_not_solved() -> None:
    for seed in range(20):
        board = shuffled(rng=random.Random(seed))
        assert sorted(board) == list(range(16)) and board != SOLVED and _solvable(board)
    assert _solvable(SOLVED) and not _solvable([*range(1, 13), 14, 13, 15, 0])


def test_a_game_is_solved_through_the_api(client: TestClient, monkeypatch: object) -> None:
    import app.sliding as sliding

    def two_moves_from_solved(*_args: object, **_kwargs: object) -> list[int]:
        return slide(slide(SOLVED, 15) or SOLVED, 11) or SOLVED

    monkeypatch.setattr(sliding, "shuffled", two_moves_from_solved)  # type: ignore[attr-defined]
    game = client.post(GAMES, json={"player": "Ada"}).json()
    assert game["status"] == "playing" and game["board"] != SOLVED
    refused = client.post(MOVES, json={"game_id": game["game_id"], "tile": 1})
    assert refused.status_code == 409 and "not beside the gap" in refused.json()["detail"]
    step = client.post(MOVES, json={"game_id": game["game_id"], "tile": 11}).json()
    done = client.post(MOVES, json={"game_id": game["game_id"], "tile": 15}).json()
    assert step["moves"] == 1 and done["board"] == SOLVED and done["status"] == "solved" and done["moves"] == 2
    assert client.post(MOVES, json={"game_id": game["game_id"], "tile": 12}).status_code == 409
    assert client.get("/api/sliding/leaderboard").json() == [{"player": "Ada", "best_moves": 2, "solved": 1}]
    assert json.dumps(done["board"])  # plain data
