"""Chess, decided on the server by python-chess (a kept rules library: its move generator knows
castling, en passant, promotion, check, mate and the draw rules), never by rules written here.
A game is its list of moves from the starting position, replayed on each request so repetition
counts; a move comes as UCI (``e2e4``, ``e7e8q``) or SAN (``e4``, ``Nf3``, ``O-O``), and an
illegal one is refused with the reason. Two people share one screen, or one plays the computer,
which answers at once with a one-move look-ahead."""

from __future__ import annotations

import re
from typing import Any

import chess

from app.db import Database
from app.games import PLAYING, GameTable
from app.rules import Invalid, Refused

SCHEMA = """
CREATE TABLE IF NOT EXISTS "chess_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "white" TEXT NOT NULL,
    "black" TEXT NOT NULL,
    "opponent" TEXT NOT NULL,
    "moves" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "result" TEXT NOT NULL DEFAULT '*',
    "reason" TEXT NOT NULL DEFAULT '',
    "created_at" TEXT NOT NULL
)
"""
GAMES = GameTable("chess_games", SCHEMA, over="the game is over: {reason}")
UCI = re.compile(r"^[a-h][1-8][a-h][1-8][qrbn]?$")
COLOURS = {chess.WHITE: "white", chess.BLACK: "black"}
VALUES = {chess.PAWN: 1, chess.KNIGHT: 3, chess.BISHOP: 3, chess.ROOK: 5, chess.QUEEN: 9, chess.KING: 0}
DRAWS = {
    chess.Termination.INSUFFICIENT_MATERIAL: "insufficient material",
    chess.Termination.SEVENTYFIVE_MOVES: "seventy-five moves without a capture or a pawn move",
    chess.Termination.FIVEFOLD_REPETITION: "fivefold repetition",
    chess.Termination.FIFTY_MOVES: "fifty moves without a capture or a pawn move",
    chess.Termination.THREEFOLD_REPETITION: "threefold repetition",
}


def replay(moves: str) -> chess.Board:
    """The board after ``moves`` (UCI, space-separated) from the starting position."""
    board = chess.Board()
    for uci in moves.split():
        board.push(chess.Move.from_uci(uci))
    return board


def judged(board: chess.Board) -> tuple[str, str, str]:
    """``(status, result, reason)``: playing, checkmate, stalemate or draw (a draw that can be
    claimed, by repetition or the fifty-move rule, is taken)."""
    outcome = board.outcome(claim_draw=True)
    if outcome is None:
        return PLAYING, "*", ""
    if outcome.termination == chess.Termination.CHECKMATE:
        winner = COLOURS[bool(outcome.winner)]
        return "checkmate", outcome.result(), f"checkmate: {winner} wins"
    if outcome.termination == chess.Termination.STALEMATE:
        return "stalemate", outcome.result(), f"stalemate: {COLOURS[board.turn]} has no legal move"
    return "draw", outcome.result(), f"draw by {DRAWS.get(outcome.termination, 'the rules')}"


def _name(piece: chess.Piece) -> str:
    return f"{COLOURS[piece.color]} {chess.piece_name(piece.piece_type)}"


def why_illegal(board: chess.Board, move: chess.Move) -> str:
    """Why ``move`` (well formed) cannot be played here, in words."""
    start, end = chess.square_name(move.from_square), chess.square_name(move.to_square)
    piece = board.piece_at(move.from_square)
    if piece is None:
        return f"there is no piece on {start}"
    if piece.color != board.turn:
        return f"the piece on {start} is {COLOURS[piece.color]}'s, and it is {COLOURS[board.turn]}'s move"
    promoting = chess.Move(move.from_square, move.to_square, chess.QUEEN)
    if piece.piece_type == chess.PAWN and move.promotion is None and board.is_legal(promoting):
        return "a pawn on the last rank is promoted: add q, r, b or n (e.g. e7e8q)"
    if board.is_pseudo_legal(move):
        if board.is_check():
            return f"{COLOURS[board.turn]} is in check, and {start}{end} does not get the king out of it"
        return f"{start}{end} would leave the {COLOURS[board.turn]} king in check"
    return f"the {_name(piece)} on {start} cannot move to {end}"


def parse_move(board: chess.Board, said: str) -> chess.Move:
    """The legal move ``said`` names (UCI or SAN); ``Refused`` with the reason when it is illegal,
    ``Invalid`` when it is no move at all."""
    text = said.strip()
    if UCI.match(text.lower()):
        move = chess.Move.from_uci(text.lower())
        if board.is_legal(move):
            return move
        raise Refused(f"illegal move {text}: {why_illegal(board, move)}")
    try:
        return board.parse_san(text)
    except ValueError as error:
        if "ambiguous" in str(error):
            raise Refused(f"{text} is ambiguous here: say which piece moves (e.g. Nbd2, or UCI like b1d2)") from error
        if "invalid" in str(error) or not text:
            raise Invalid(f"{text!r} is not a move: write it as UCI (e2e4) or SAN (e4, Nf3, O-O)") from error
        raise Refused(f"illegal move {text}: no {COLOURS[board.turn]} piece can play it here") from error


def centrality(board: chess.Board, move: chess.Move) -> int:
    """A little for a piece brought towards the centre (0 to 3), less than any material; a king
    walking out (not castling) loses a point."""
    if board.piece_type_at(move.from_square) == chess.KING and not board.is_castling(move):
        return -1
    file, rank = chess.square_file(move.to_square), chess.square_rank(move.to_square)
    return 3 - int(max(abs(file - 3.5), abs(rank - 3.5)))


def computer_move(board: chess.Board) -> chess.Move:
    """The computer's answer, looking one move ahead: mate if it can, else win the most material
    without leaving the piece where it can be taken, else give check or take the centre; ties go
    to the first in UCI order, so the same position always gets the same answer."""

    def score(move: chess.Move) -> int:
        taken = board.piece_at(move.to_square)
        gain = 10 * VALUES[taken.piece_type] if taken else (10 if board.is_en_passant(move) else 0)
        moving = board.piece_at(move.from_square)
        centre = centrality(board, move)
        board.push(move)
        try:
            if board.is_checkmate():
                return 10_000
            loss = 10 * VALUES[moving.piece_type] if moving and board.is_attacked_by(board.turn, move.to_square) else 0
            return gain - loss + (1 if board.is_check() else 0) + centre
        finally:
            board.pop()

    return max(sorted(board.legal_moves, key=lambda m: m.uci()), key=score)


def _state(row: Any) -> dict[str, Any]:
    board = replay(row["moves"])
    history, replayed = [], chess.Board()
    for move in board.move_stack:
        history.append(replayed.san(move))
        replayed.push(move)
    return {
        "game_id": row["id"], "white": row["white"], "black": row["black"], "opponent": row["opponent"],
        "fen": board.fen(), "turn": COLOURS[board.turn], "check": board.is_check(),
        "status": row["status"], "result": row["result"], "reason": row["reason"],
        "board": [(p.symbol() if (p := board.piece_at(square)) else "") for square in chess.SQUARES],
        "history": history, "last": board.move_stack[-1].uci() if board.move_stack else "",
        "legal": sorted(m.uci() for m in board.legal_moves) if row["status"] == PLAYING else [],
    }  # fmt: skip


def new_game(db: Database, white: str, black: str | None, opponent: str | None) -> dict[str, Any]:
    against = opponent or "friend"
    if against not in ("friend", "computer"):
        raise Invalid("the opponent is a friend on this screen or the computer")
    first = white.strip()
    second = "Computer" if against == "computer" else (black or "").strip()
    if not first or not second:
        raise Invalid("each side needs a name")
    with GAMES.connect(db) as conn:
        return _state(GAMES.create(conn, white=first, black=second, opponent=against, status=PLAYING))


def move(db: Database, game_id: int, move: str) -> dict[str, Any]:
    """Plays ``move`` for the side to move; against the computer, its answer follows."""
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        board = replay(row["moves"])
        board.push(parse_move(board, move))
        status, result, reason = judged(board)
        if status == PLAYING and row["opponent"] == "computer":
            board.push(computer_move(board))
            status, result, reason = judged(board)
        moves = " ".join(m.uci() for m in board.move_stack)
        return _state(GAMES.save(conn, game_id, moves=moves, status=status, result=result, reason=reason))


def game(db: Database, game_id: int) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        return _state(GAMES.load(conn, game_id))


def recent(db: Database) -> list[dict[str, Any]]:
    """The latest games, newest first, with how each ended."""
    with GAMES.connect(db) as conn:
        rows = conn.execute('SELECT * FROM "chess_games" ORDER BY id DESC LIMIT 50').fetchall()
    return [
        {"game_id": r["id"], "white": r["white"], "black": r["black"], "status": r["status"],
         "result": r["result"], "reason": r["reason"], "moves": len(r["moves"].split())}
        for r in rows
    ]  # fmt: skip
