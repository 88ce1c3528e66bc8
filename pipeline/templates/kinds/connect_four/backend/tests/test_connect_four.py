"""Connect four's rules on the server: discs fall, fours win, full columns refuse, the computer
blocks, and the leaderboard is the server's."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.connect_four import EMPTY, computer_move, drop, judged, winner

GAMES = "/api/connect-four/games"
MOVES = "/api/connect-four/moves"


def _play(board: str, *moves: tuple[int, str]) -> str:
    for column, mark in moves:
        board = drop(board, column, mark) or board
    return board


def test_a_disc_falls_to_the_lowest_free_row() -> None:
    board = drop(EMPTY, 3, "R")
    assert board is not None and board[5 * 7 + 3] == "R" and board.count("R") == 1
    board = drop(board, 3, "Y")
    assert board is not None and board[4 * 7 + 3] == "Y"


def test_a_full_column_takes_no_more() -> None:
    board = _play(EMPTY, *[(0, "RY"[i % 2]) for i in range(6)])
    assert drop(board, 0, "R") is None


def test_four_in_a_row_column_and_diagonal_win() -> None:
    assert winner(_play(EMPTY, (0, "R"), (1, "R"), (2, "R"), (3, "R"))) == "R"
    assert winner(_play(EMPTY, (6, "Y"), (6, "Y"), (6, "Y"), (6, "Y"))) == "Y"
    diagonal = _play(EMPTY, (0, "R"), (1, "Y"), (1, "R"), (2, "Y"), (2, "Y"), (2, "R"),
                     (3, "Y"), (3, "Y"), (3, "Y"), (3, "R"))  # fmt: skip
    assert winner(diagonal) == "R" and judged(diagonal) == "won"
    assert winner(_play(EMPTY, (0, "R"), (1, "R"), (2, "R"))) is None


def test_the_computer_wins_else_blocks_else_takes_the_centre() -> None:
    assert computer_move(_play(EMPTY, (0, "Y"), (1, "Y"), (2, "Y"), (0, "R"), (1, "R"), (2, "R"))) == 3
    assert computer_move(_play(EMPTY, (4, "R"), (5, "R"), (6, "R"))) == 3
    assert computer_move(EMPTY) == 3


def test_a_game_through_the_api(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    assert game["status"] == "playing" and game["board"] == [""] * 42
    state = client.post(MOVES, json={"game_id": game["game_id"], "column": 0}).json()
    assert state["board"][35] == "R" and state["board"].count("Y") == 1 and state["moves"] == 2
    for _ in range(2):  # fill column 0 up to the top (the computer plays elsewhere)
        state = client.post(MOVES, json={"game_id": game["game_id"], "column": 0}).json()
    while state["status"] == "playing" and state["board"][0] == "":
        state = client.post(MOVES, json={"game_id": game["game_id"], "column": 0}).json()
    if state["status"] == "playing":
        refused = client.post(MOVES, json={"game_id": game["game_id"], "column": 0})
        assert refused.status_code == 409 and "full" in refused.json()["detail"]


def test_a_game_ends_and_the_leaderboard_counts_it(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Bo"}).json()
    state, tries = game, 0
    while state["status"] == "playing" and tries < 100:  # at most 21 discs are the player's
        answer = client.post(MOVES, json={"game_id": game["game_id"], "column": tries % 7})
        tries += 1
        if answer.status_code == 200:
            state = answer.json()
    assert state["status"] in ("won", "lost", "draw")
    assert client.post(MOVES, json={"game_id": game["game_id"], "column": 3}).status_code == 409
    board = {row["player"]: row for row in client.get("/api/connect-four/leaderboard").json()}
    assert board["Bo"]["played"] == 1
    assert board["Bo"]["wins"] + board["Bo"]["losses"] + board["Bo"]["draws"] == 1
