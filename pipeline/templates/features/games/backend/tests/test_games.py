"""What every game keeps the same way, tested once: its table made on connect, a named player,
a game loaded or 404, a move on an ended game refused with 409, and the leaderboard's ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db import Database
from app.games import FINISHED, PLAYING, RECORD, GameTable, player_name
from app.rules import Invalid, NotFound, Refused

TABLE = GameTable(
    "test_games",
    'CREATE TABLE IF NOT EXISTS "test_games" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "player" TEXT NOT NULL, '
    '"status" TEXT NOT NULL, "moves" INTEGER NOT NULL DEFAULT 0, "created_at" TEXT NOT NULL)',
    noun="round",
    over="the round is over: {status} after {moves} moves",
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(tmp_path / "games.db")


def test_a_player_needs_a_name_and_keeps_it_trimmed() -> None:
    assert player_name("  Ada ") == "Ada"
    with pytest.raises(Invalid, match="a player needs a name") as refused:
        player_name("   ")
    assert refused.value.status == 422


def test_a_game_is_created_loaded_and_refused_once_it_has_ended(db: Database) -> None:
    with TABLE.connect(db) as conn:  # the table is made on the first connection
        game = TABLE.create(conn, player="Ada", status=PLAYING)
        assert (game["player"], game["moves"], len(game["created_at"])) == ("Ada", 0, 19)
        assert TABLE.playing(conn, game["id"])["id"] == game["id"]
        ended = TABLE.save(conn, game["id"], status="won", moves=3)
        assert (ended["status"], ended["moves"]) == ("won", 3)
        with pytest.raises(Refused, match=r"^the round is over: won after 3 moves$") as late:
            TABLE.playing(conn, game["id"])
        assert late.value.status == 409
        with pytest.raises(NotFound, match=r"^round 999 not found$") as missing:
            TABLE.load(conn, 999)
        assert missing.value.status == 404


def test_the_default_refusal_names_how_the_game_ended(db: Database) -> None:
    plain = GameTable("test_games", TABLE.schema)
    with plain.connect(db) as conn:
        game = plain.create(conn, player="Ada", status="draw")
        with pytest.raises(Refused, match=r"^the game is over: draw$"):
            plain.playing(conn, game["id"])


def test_the_leaderboard_ranks_players_by_their_games_that_count(db: Database) -> None:
    with TABLE.connect(db) as conn:
        for player, status in [("Bo", "won"), ("Ada", "won"), ("Ada", "lost"), ("Cy", "draw"), ("Cy", PLAYING)]:
            TABLE.create(conn, player=player, status=status)
    rows = TABLE.leaderboard(db, RECORD, order="wins DESC, draws DESC, played ASC", where=FINISHED)
    assert rows == [  # Bo before Ada: as many wins in fewer games; Cy's unfinished game does not count
        {"player": "Bo", "played": 1, "wins": 1, "losses": 0, "draws": 0},
        {"player": "Ada", "played": 2, "wins": 1, "losses": 1, "draws": 0},
        {"player": "Cy", "played": 1, "wins": 0, "losses": 0, "draws": 1},
    ]
    tied = TABLE.leaderboard(db, {"games": "COUNT(*)"}, order="games DESC")
    assert [row["player"] for row in tied] == ["Ada", "Cy", "Bo"]  # a tie goes by name
