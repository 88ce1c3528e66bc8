"""The game's rules on the server: every move checked, the computer's answer, the result, and
the leaderboard only the server writes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.tic_tac_toe import computer_move, judged, winner

GAMES = "/api/tic-tac-toe/games"
MOVES = "/api/tic-tac-toe/moves"
BOARD = "/api/tic-tac-toe/leaderboard"


def test_lines_win_and_a_full_board_is_a_draw() -> None:
    assert winner("XXX------") == "X"
    assert winner("O---O---O") == "O"
    assert winner("XOXOXOOXO") is None
    assert judged("XOXXOOOXX") == "draw"
    assert judged("XO-XO-X--") == "won"


def test_the_computer_wins_when_it_can_and_blocks_when_it_must() -> None:
    assert computer_move("OO-XX----") == 2  # its own line first
    assert computer_move("XX--O----") == 2  # else the player's
    assert computer_move("X--------") == 4  # else the centre


def test_a_game_from_start_to_a_loss(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    assert game["board"] == [""] * 9 and game["status"] == "playing" and game["moves"] == 0
    # X at 0; O takes the centre. X at 1; O blocks at 2. X at 6; O blocks at 3. X at 5; O wins? (2-4-6 is X's)
    state = client.post(MOVES, json={"game_id": game["game_id"], "cell": 0}).json()
    assert state["board"][0] == "X" and state["board"][4] == "O" and state["moves"] == 2
    state = client.post(MOVES, json={"game_id": game["game_id"], "cell": 1}).json()
    assert state["board"][2] == "O"
    state = client.post(MOVES, json={"game_id": game["game_id"], "cell": 3}).json()
    assert state["status"] == "lost" and state["board"][6] == "O"  # O's diagonal 2-4-6


def test_moves_are_checked_on_the_server(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    client.post(MOVES, json={"game_id": game["game_id"], "cell": 0})
    taken = client.post(MOVES, json={"game_id": game["game_id"], "cell": 4})  # the computer's cell
    assert taken.status_code == 409 and "taken" in taken.text
    assert client.post(MOVES, json={"game_id": game["game_id"], "cell": 9}).status_code == 422
    assert client.post(MOVES, json={"game_id": 424242, "cell": 1}).status_code == 404
    assert client.post(GAMES, json={"player": "   "}).status_code == 422


def test_a_finished_game_takes_no_more_moves(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    for cell in (0, 1, 3):
        state = client.post(MOVES, json={"game_id": game["game_id"], "cell": cell}).json()
    assert state["status"] == "lost"
    late = client.post(MOVES, json={"game_id": game["game_id"], "cell": 8})
    assert late.status_code == 409 and "over" in late.text


def test_the_leaderboard_counts_finished_games_per_player(client: TestClient) -> None:
    for player in ("Ada", "Ada", "Grace"):
        game = client.post(GAMES, json={"player": player}).json()
        for cell in (0, 1, 3):
            client.post(MOVES, json={"game_id": game["game_id"], "cell": cell})
    client.post(GAMES, json={"player": "Unfinished"})
    rows = client.get(BOARD).json()
    assert {r["player"]: (r["played"], r["losses"], r["wins"]) for r in rows} == {"Ada": (2, 2, 0), "Grace": (1, 1, 0)}
