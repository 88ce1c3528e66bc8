"""2048's rules on the server: slides close gaps, a tile merges once per move, the score is the
merged values, a move that moves nothing is refused, a full board with no merge is game over,
and the best score is kept."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.game_2048 import can_move, slide, slide_row, with_new_tile

GAMES = "/api/game-2048/games"
MOVES = "/api/game-2048/moves"


def test_a_row_slides_and_each_tile_merges_once() -> None:
    assert slide_row([2, 2, 2, 2]) == ([4, 4, 0, 0], 8)
    assert slide_row([2, 2, 2, 0]) == ([4, 2, 0, 0], 4)
    assert slide_row([4, 4, 8, 0]) == ([8, 8, 0, 0], 8)
    assert slide_row([0, 2, 0, 2]) == ([4, 0, 0, 0], 4)
    assert slide_row([2, 4, 8, 16]) == ([2, 4, 8, 16], 0)


def test_a_board_slides_each_way() -> None:
    board = [2, 0, 0, 2, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0]
    assert slide(board, "left") == ([4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0], 4)
    assert slide(board, "right")[0][:4] == [0, 0, 0, 4]
    up, points = slide(board, "up")
    assert up[:4] == [2, 8, 0, 2] and points == 8
    assert slide(board, "down")[0][12:] == [2, 8, 0, 2]


def test_game_over_is_a_full_board_with_no_merge() -> None:
    stuck = [2, 4, 2, 4, 4, 2, 4, 2, 2, 4, 2, 4, 4, 2, 4, 2]
    assert not can_move(stuck)
    assert can_move([2, 2, 4, 8, *stuck[4:]])
    assert with_new_tile(stuck) == stuck
    added = with_new_tile([0] * 16)
    assert sorted(added)[:-1] == [0] * 15 and added.count(0) == 15 and max(added) in (2, 4)


def test_a_game_through_the_api(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    assert game["status"] == "playing" and len(game["board"]) == 16 and game["board"].count(0) == 14
    state, moved = game, 0
    for direction in ("left", "up", "right", "down"):
        answer = client.post(MOVES, json={"game_id": game["game_id"], "direction": direction})
        if answer.status_code == 200:
            state, moved = answer.json(), moved + 1
        else:
            assert answer.status_code == 409 and "nothing moves" in answer.json()["detail"]
    assert moved >= 1 and state["moves"] == moved and state["board"].count(0) <= 14
    assert client.post(MOVES, json={"game_id": 999, "direction": "left"}).status_code == 404
    assert client.post(MOVES, json={"game_id": game["game_id"], "direction": "sideways"}).status_code == 422


def test_the_last_move_ends_the_game_and_the_best_score_stays(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Bo"}).json()
    # one gap and no pair: after the slide left and the new tile (a 2 or a 4), nothing can move
    nearly = "0,8,16,32,16,32,128,64,8,16,32,256,16,32,64,512"
    with client.app.state.db.connect() as conn:
        conn.execute('UPDATE "game_2048_games" SET board = ?, score = 100 WHERE id = ?', (nearly, game["game_id"]))
    state = client.post(MOVES, json={"game_id": game["game_id"], "direction": "left"}).json()
    assert state["status"] == "over" and state["score"] == 100 and state["board"][:3] == [8, 16, 32]
    later = client.post(GAMES, json={"player": "Bo"}).json()
    assert later["best"] == 100 and later["score"] == 0
    board = {row["player"]: row for row in client.get("/api/game-2048/leaderboard").json()}
    assert board["Bo"] == {"player": "Bo", "best": 100, "games": 2}
    stuck = "2,4,2,4,4,2,4,2,2,4,2,4,4,2,4,2"
    with client.app.state.db.connect() as conn:
        conn.execute('UPDATE "game_2048_games" SET status = ?, board = ? WHERE id = ?', ("over", stuck, later["game_id"]))
    over = client.post(MOVES, json={"game_id": later["game_id"], "direction": "left"})
    assert over.status_code == 409 and "game is over" in over.json()["detail"]
