"""Chess on the server: python-chess decides what is legal; an illegal move is refused with its
reason, mate, stalemate and draws end the game, and the computer answers against one player."""

from __future__ import annotations

from typing import Any

import chess
from fastapi.testclient import TestClient

from app.chess_games import computer_move, judged, why_illegal

GAMES = "/api/chess/games"
MOVES = "/api/chess/moves"


def _new(client: TestClient, **body: Any) -> dict[str, Any]:
    made = client.post(GAMES, json={"white": "Ada", "black": "Bo", **body})
    assert made.status_code == 201, made.text
    game: dict[str, Any] = made.json()
    return game


def _play(client: TestClient, game_id: int, *moves: str) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for said in moves:
        answer = client.post(MOVES, json={"game_id": game_id, "move": said})
        assert answer.status_code == 200, answer.text
        state = answer.json()
    return state


def test_the_reasons_a_move_is_illegal() -> None:
    board = chess.Board()
    assert why_illegal(board, chess.Move.from_uci("e3e4")) == "there is no piece on e3"
    assert "black's, and it is white's move" in why_illegal(board, chess.Move.from_uci("e7e5"))
    assert why_illegal(board, chess.Move.from_uci("e2e5")) == "the white pawn on e2 cannot move to e5"
    pin = chess.Board("4k3/4r3/8/8/8/8/4B3/4K3 w - - 0 1")
    assert why_illegal(pin, chess.Move.from_uci("e2d3")) == "e2d3 would leave the white king in check"
    promote = chess.Board("8/4P3/8/8/8/8/k7/4K3 w - - 0 1")
    assert "promoted" in why_illegal(promote, chess.Move.from_uci("e7e8"))


def test_mate_stalemate_and_draws_are_the_libraries() -> None:
    mate = chess.Board()
    for san in ("f3", "e5", "g4", "Qh4"):
        mate.push_san(san)
    assert judged(mate) == ("checkmate", "0-1", "checkmate: black wins")
    stalemate = chess.Board("7k/5Q2/6K1/8/8/8/8/8 b - - 0 1")
    assert judged(stalemate)[0] == "stalemate"
    bare = chess.Board("8/8/4k3/8/8/3K4/8/8 w - - 0 1")
    assert judged(bare) == ("draw", "1/2-1/2", "draw by insufficient material")
    assert judged(chess.Board())[0] == "playing"


def test_the_computer_mates_when_it_can_and_takes_what_is_free() -> None:
    board = chess.Board()
    for san in ("f3", "e5", "g4"):
        board.push_san(san)
    assert computer_move(board).uci() == "d8h4"
    free = chess.Board("4k3/8/8/3q4/8/8/3R4/4K3 w - - 0 1")
    assert computer_move(free).uci() == "d2d5"
    opening = chess.Board("rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1")
    assert computer_move(opening).uci() == "e7e5"  # the centre, where e4 cannot take it


def test_a_game_through_the_api_in_uci_and_san(client: TestClient) -> None:
    game = _new(client)
    assert game["turn"] == "white" and game["status"] == "playing" and len(game["legal"]) == 20
    assert game["board"][chess.E2] == "P" and game["board"][chess.E8] == "k"
    state = _play(client, game["game_id"], "e2e4", "e5", "Nf3")
    assert state["history"] == ["e4", "e5", "Nf3"] and state["turn"] == "black" and state["last"] == "g1f3"
    assert state["board"][chess.F3] == "N" and state["board"][chess.G1] == ""


def test_an_illegal_move_is_refused_with_its_reason_and_changes_nothing(client: TestClient) -> None:
    game = _new(client)
    refused = client.post(MOVES, json={"game_id": game["game_id"], "move": "e2e5"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == "illegal move e2e5: the white pawn on e2 cannot move to e5"
    san = client.post(MOVES, json={"game_id": game["game_id"], "move": "Ke2"})
    assert san.status_code == 409 and "illegal move Ke2" in san.json()["detail"]
    nonsense = client.post(MOVES, json={"game_id": game["game_id"], "move": "hello"})
    assert nonsense.status_code == 422
    assert client.get(GAMES).json()[0]["moves"] == 0


def test_checkmate_ends_the_game(client: TestClient) -> None:
    game = _new(client)
    state = _play(client, game["game_id"], "f2f3", "e7e5", "g2g4", "d8h4")
    assert state["status"] == "checkmate" and state["check"] is True and state["result"] == "0-1"
    assert state["legal"] == [] and state["reason"] == "checkmate: black wins"
    late = client.post(MOVES, json={"game_id": game["game_id"], "move": "a2a3"})
    assert late.status_code == 409 and "the game is over" in late.json()["detail"]
    assert client.get(GAMES).json()[0]["result"] == "0-1"


def test_the_computer_answers_at_once(client: TestClient) -> None:
    game = _new(client, black=None, opponent="computer")
    assert game["black"] == "Computer"
    state = _play(client, game["game_id"], "e4")
    assert len(state["history"]) == 2 and state["turn"] == "white"
    assert client.get("/api/chess/game", params={"game_id": game["game_id"]}).json()["history"] == state["history"]
    assert client.post(GAMES, json={"white": " ", "black": "Bo"}).status_code == 422
