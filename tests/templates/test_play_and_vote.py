"""The kinds people ask for most that have rules of their own (issue 28): polls (one vote per
visitor, results), chess (python-chess's legal moves) and 2048. The request picks each, and a
browser votes, plays and is told when the server refuses."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.templates.render import render_backend
from tests.templates.test_kinds import app_page

CUES = {
    "poll": ["a poll app where people vote on options and see the results", "an online ballot for our club",
             "an app where the team can cast their votes on the next offsite"],
    "chess": ["a chess game against the computer", "let two friends play chess on one screen",
              "A chess openings trainer with an inventory of moves for each opening.",
              "A chess tracker that keeps every game I play, move by move, with the result."],
    "game_2048": ["a 2048 game", "a sliding tiles game where equal numbers merge",
                  "build the 2048 puzzle with a best score"],
    "blackjack": ["a blackjack game against the dealer", "a 21 card game", "a card game for two minutes of fun",
                  "a solitaire card game", "an uno card game with my friends"],
}  # fmt: skip


@pytest.mark.parametrize(("kind", "request_text"), [(k, r) for k, rs in CUES.items() for r in rs])
def test_the_cue_picks_the_kind_over_words_in_passing(kind: str, request_text: str) -> None:
    assert extract_spec(request_text).kind == kind


TUNE = [
    row
    for line in (Path(__file__).resolve().parents[2] / "bench" / "corpus" / "outside_tune.jsonl")
    .read_text()
    .splitlines()
    if (row := json.loads(line))["kind"].split("|")[0] in CUES
]


def test_the_tune_half_has_three_requests_or_more_per_new_kind() -> None:
    assert all(sum(r["kind"].startswith(kind) for r in TUNE) >= 3 for kind in CUES)


@pytest.mark.parametrize("row", TUNE, ids=lambda r: r["id"])
def test_each_tune_request_written_for_a_new_kind_gets_it(row: dict[str, str]) -> None:
    assert extract_spec(row["request"]).kind == row["kind"].split("|")[0]


@pytest.mark.parametrize(
    "request_text", ["a sliding tile puzzle", "a chess club website with members and tournament results"]
)
def test_a_neighbouring_request_keeps_its_kind(request_text: str) -> None:
    assert extract_spec(request_text).kind not in CUES


@pytest.mark.parametrize(
    ("request_text", "fit", "unmet"),
    [("a blackjack card game", "full", None), ("a card game", "full", None),
     ("A solitaire card game (Klondike).", "partial", "the card game itself (solitaire): its own rules and play"),
     # poker named as the game is not blackjack: no kind of ours plays it, and it says so
     ("a poker game against the computer", "none", "the card game itself (poker): its own rules and play"),
     ("play poker online", "none", "the card game itself (play poker): its own rules and play")],
)  # fmt: skip
def test_a_card_game_is_blackjack_and_another_card_game_is_named_unmet(
    request_text: str, fit: str, unmet: str | None
) -> None:
    plan = extract_spec(request_text)
    assert (plan.fit, plan.unmet) == (fit, [unmet] if unmet else [])


def test_the_chess_app_pins_the_rules_library_and_calls_it() -> None:
    plan = extract_spec("a chess game against the computer")
    files = render_backend(plan, build_design(plan)).files
    assert "chess==1.10.0" in files["backend/requirements.txt"].splitlines()
    assert "import chess\n" in files["backend/app/chess_games.py"]
    other = extract_spec("a 2048 game")
    assert "chess" not in render_backend(other, build_design(other)).files["backend/requirements.txt"]


def _post(base: str, path: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    """A request with no cookie: another visitor."""
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.slow
def test_a_browser_votes_once_and_sees_the_results(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    request_text = "a poll app where people vote on options and see the results"
    with app_page(tmp_path, request_text, "/api/voting/polls") as (page, base):
        form = page.get_by_role("form", name="New poll")
        form.get_by_label("Question").fill("Where do we eat?")
        form.get_by_label("Option 1").fill("Pizza")
        form.get_by_label("Option 2").fill("Sushi")
        form.get_by_role("button", name="Add option").click()
        form.get_by_label("Option 3").fill("Tacos")
        form.get_by_role("button", name="Create poll").click()
        poll = page.get_by_role("article", name="Where do we eat?")
        expect(poll.get_by_test_id("poll-total")).to_have_text("0 votes.")
        poll.get_by_role("button", name="Vote for Sushi").click()
        expect(page.get_by_role("status")).to_have_text("Your vote for Sushi is counted.")
        expect(poll.get_by_test_id("poll-total")).to_have_text("1 vote. You voted for Sushi.")
        expect(poll.get_by_test_id("result")).to_contain_text(
            ["Pizza: 0 (0%)", "Sushi: 1 (100%)", "Tacos: 0 (0%)"]
        )
        expect(poll.get_by_role("button", name="Vote for Pizza")).to_have_count(0)
        # the same visitor again (this browser's cookie): refused, and nothing changes
        again = page.request.post(base + "/api/voting/votes", data={"poll_id": 1, "option_id": 1})
        assert again.status == 409 and "already voted in this poll (for Sushi)" in again.json()["detail"]
        assert _post(base, "/api/voting/votes", {"poll_id": 1, "option_id": 1})[0] == 200  # someone else
        page.reload()
        expect(poll.get_by_test_id("result")).to_contain_text(
            ["Pizza: 1 (50%)", "Sushi: 1 (50%)", "Tacos: 0 (0%)"]
        )
        poll.get_by_role("button", name="Close poll").click()
        expect(poll.get_by_role("heading")).to_contain_text("Closed")
        expect(poll.get_by_role("button", name="Close poll")).to_have_count(0)
        status, closed = _post(base, "/api/voting/votes", {"poll_id": 1, "option_id": 3})
        assert status == 409 and "closed" in str(closed["detail"])


@pytest.mark.slow
def test_a_browser_plays_chess_and_is_told_why_a_move_is_illegal(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "let two friends play chess on one screen", "/api/chess/games") as (page, _base):
        page.get_by_label("White").fill("Ada")
        page.get_by_label("Black").fill("Bo")
        page.get_by_role("button", name="New game").click()
        status = page.get_by_test_id("game-status")
        expect(status).to_have_text("White to move.")

        page.get_by_role("button", name="f2, white pawn").click()
        page.get_by_role("button", name="f3", exact=True).click()
        expect(status).to_have_text("Black to move.")
        expect(page.get_by_role("button", name="f3, white pawn")).to_be_visible()
        page.get_by_role("button", name="g8, black knight").click()
        page.get_by_role("button", name="g6", exact=True).click()  # not a knight's move
        expect(page.get_by_role("alert")).to_have_text(
            "illegal move g8g6: the black knight on g8 cannot move to g6"
        )
        expect(page.get_by_role("button", name="g8, black knight")).to_be_visible()
        move = page.get_by_role("form", name="Move")
        move.get_by_label("Your move (e2e4 or Nf3)").fill("e5")  # SAN, typed
        move.get_by_role("button", name="Play").click()
        expect(status).to_have_text("White to move.")
        page.get_by_role("button", name="g2, white pawn").click()
        page.get_by_role("button", name="g4", exact=True).click()
        expect(status).to_have_text("Black to move.")  # the server's answer, before black's click
        page.get_by_role("button", name="d8, black queen").click()
        page.get_by_role("button", name="h4", exact=True).click()
        expect(status).to_have_text("Checkmate: black wins.")
        expect(page.get_by_test_id("history").get_by_role("listitem")).to_have_text(["f3 e5", "g4 Qh4#"])
        expect(page.get_by_role("row", name="Ada Bo 4 0-1 (checkmate: black wins)")).to_be_visible()


@pytest.mark.slow
def test_a_browser_plays_2048_with_the_arrow_keys_and_buttons(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    database = tmp_path / "app.db"  # the served app's (see ``served``): boards set up by hand

    def board(values: str, score: int = 0) -> None:
        with sqlite3.connect(database) as conn:
            conn.execute('UPDATE "game_2048_games" SET board = ?, score = ?', (values, score))

    with app_page(tmp_path, "a 2048 game", "/api/game-2048/leaderboard") as (page, _base):
        page.get_by_label("Your name").fill("Ada")
        page.get_by_role("button", name="New game").click()
        tiles = page.get_by_test_id("tile")
        expect(tiles).to_have_count(16)
        expect(page.locator('[data-testid="tile"]:not([aria-label="empty"])')).to_have_count(2)
        board("2,2,4,0," + ",".join(["0"] * 12))
        page.keyboard.press("ArrowLeft")  # 2+2 merge into 4, the 4 slides beside it
        expect(page.get_by_test_id("moves")).to_have_text("Moves: 1")
        expect(page.get_by_test_id("score")).to_have_text("Score: 4")
        expect(tiles.nth(0)).to_have_text("4")
        expect(tiles.nth(1)).to_have_text("4")
        expect(page.locator('[data-testid="tile"]:not([aria-label="empty"])')).to_have_count(
            3
        )  # and a new one
        board("2," + ",".join(["0"] * 15), 4)
        page.get_by_role("button", name="Move left").click()
        expect(page.get_by_role("alert")).to_have_text("nothing moves left: try another way")
        expect(page.get_by_test_id("moves")).to_have_text("Moves: 1")
        board("0,8,16,32,16,32,128,64,8,16,32,256,16,32,64,512", 100)  # one gap, no pair left after it
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_test_id("game-status")).to_have_text(
            "Game over: no tile can move. Final score 100."
        )
        expect(page.get_by_role("button", name="Move up")).to_be_disabled()
        expect(page.get_by_test_id("best")).to_have_text("Best: 100")
        expect(page.get_by_role("row", name="Ada 100 1")).to_be_visible()


@pytest.mark.slow
def test_a_browser_bets_plays_a_hand_of_blackjack_and_sees_the_balance(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    database = tmp_path / "app.db"  # the served app's (see ``served``): the hand laid by hand
    with app_page(tmp_path, "a blackjack card game", "/api/blackjack/leaderboard") as (page, _base):
        page.get_by_label("Your name").fill("Ada")
        page.get_by_label("Bet").fill("100")
        hit = page.get_by_role("button", name="Hit")
        for _ in range(10):  # a natural on either side ends a hand at once: deal again (about 1 in 10)
            with page.expect_response(lambda r: r.url.endswith("/api/blackjack/hands")) as dealt:
                page.get_by_role("button", name="Deal").click()
            if dealt.value.json()["status"] == "playing":
                break
        expect(hit).to_be_enabled()
        expect(page.get_by_label("face-down card")).to_have_count(1)  # the hole card stays on the server
        expect(page.get_by_test_id("dealer-cards").get_by_test_id("card")).to_have_count(1)
        with sqlite3.connect(database) as conn:  # 10+7 against 9 and a hidden 8; the next card is a 4
            conn.execute(
                """UPDATE "blackjack_hands" SET cards = '10S,7D', dealer = '9H,8C', shoe = '4S,KD'"""
            )
            conn.execute("""UPDATE "blackjack_players" SET balance = 900, best = 1000, hands = 0""")
        hit.click()  # 21 stands by itself; the dealer's 17 stands
        expect(page.get_by_test_id("result")).to_have_text("You win. Paid 200.")
        expect(page.get_by_test_id("balance")).to_have_text("Balance: 1100")
        expect(page.get_by_test_id("dealer-cards").get_by_label("8 of clubs")).to_be_visible()
        expect(page.get_by_label("face-down card")).to_have_count(0)
        expect(page.get_by_role("button", name="Stand")).to_be_disabled()
        expect(page.get_by_role("row", name="Ada 1100 1100 1")).to_be_visible()
        page.get_by_label("Bet").fill("5000")
        page.get_by_role("button", name="Deal").click()
        expect(page.get_by_role("alert")).to_have_text("a bet of 5000 is more than your balance of 1100")
