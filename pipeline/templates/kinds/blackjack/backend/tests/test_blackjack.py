"""Blackjack's rules on the server, dealt from shoes the tests lay: soft hands, the dealer's
draw to 17 (standing on soft 17), 3:2 for a blackjack, bust, push, doubling, the hidden hole
card, and the refusals with their reasons."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.blackjack import _stacked, dealer_plays, new_shoe, settle, stack_shoe, value

HANDS = "/api/blackjack/hands"
ACTIONS = "/api/blackjack/actions"


def _deal(client: TestClient, shoe: list[str], bet: int = 100, player: str = "Ada") -> dict:
    _stacked.clear()  # a shoe a failed test left unused
    stack_shoe(shoe)  # dealt in order: player, dealer, player, dealer (the hole card), then draws
    answer = client.post(HANDS, json={"player": player, "bet": bet})
    assert answer.status_code == 201, answer.text
    return answer.json()


def _act(client: TestClient, hand: dict, action: str) -> dict:
    answer = client.post(ACTIONS, json={"hand_id": hand["hand_id"], "action": action})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_an_ace_counts_eleven_until_that_would_bust() -> None:
    assert value(["AS", "6H"]) == (17, True)
    assert value(["AS", "6H", "9C"]) == (16, False)
    assert value(["AS", "AD", "9C"]) == (21, True)
    assert value(["KS", "QH", "2C"]) == (22, False)


def test_the_dealer_draws_to_17_and_stands_on_soft_17() -> None:
    assert dealer_plays(["AS", "6H"], ["5C"]) == ["AS", "6H"]
    assert dealer_plays(["10S", "6H"], ["AC", "9D"]) == ["10S", "6H", "AC"]
    assert dealer_plays(["2S", "3H"], ["4C", "AD", "5S"]) == ["2S", "3H", "4C", "AD"]  # soft 20
    assert dealer_plays(["6S", "5H"], ["AC", "5D", "9H"]) == ["6S", "5H", "AC", "5D"]  # soft 22 is hard 12


def test_payouts_count_the_bet_back() -> None:
    assert settle(["AS", "KH"], ["10S", "9H"], 10) == ("blackjack", 25)
    assert settle(["AS", "KH"], ["QS", "AH"], 10) == ("push", 10)
    assert settle(["10S", "9H"], ["10D", "8C"], 10) == ("won", 20)
    assert settle(["10S", "8H"], ["10D", "8C"], 10) == ("push", 10)
    assert settle(["10S", "5H", "9D"], ["10D", "6C", "9C"], 10) == ("bust", 0)
    assert settle(["10S", "9H", "2C"], ["AD", "KC"], 10) == ("lost", 0)


def test_the_hole_card_and_the_shoe_stay_hidden_until_the_hand_ends(client: TestClient) -> None:
    hand = _deal(client, ["10S", "9H", "7D", "8C", "4S", "KD"])
    assert hand["status"] == "playing" and hand["cards"] == ["10S", "7D"] and hand["total"] == 17
    assert hand["dealer"] == ["9H"] and hand["hidden"] == 1 and "8C" not in str(hand) and "shoe" not in hand
    assert hand["balance"] == 900 and hand["actions"] == ["hit", "stand", "double"]
    done = _act(client, hand, "stand")  # dealer 17 stands: 17 against 17 is a push
    assert done["dealer"] == ["9H", "8C"] and done["hidden"] == 0
    assert done["status"] == "push" and done["payout"] == 100 and done["balance"] == 1000 and done["actions"] == []


def test_a_blackjack_pays_three_to_two_at_once(client: TestClient) -> None:
    hand = _deal(client, ["AS", "9H", "KD", "8C"], bet=10, player="Bo")
    assert hand["status"] == "blackjack" and hand["payout"] == 25 and hand["balance"] == 1015
    assert hand["dealer"] == ["9H", "8C"]


def test_a_soft_hand_hits_past_21_without_busting_and_the_dealer_busts(client: TestClient) -> None:
    hand = _deal(client, ["AS", "10H", "6D", "6C", "9S", "KD"])
    assert hand["total"] == 17 and hand["soft"]
    hit = _act(client, hand, "hit")  # the ace drops to 1: 16, hard
    assert hit["cards"] == ["AS", "6D", "9S"] and hit["total"] == 16 and not hit["soft"]
    done = _act(client, hit, "stand")  # the dealer's 16 draws the king: bust
    assert done["dealer"] == ["10H", "6C", "KD"] and done["status"] == "won" and done["balance"] == 1100


def test_a_hit_over_21_busts_and_the_dealer_does_not_play(client: TestClient) -> None:
    hand = _deal(client, ["10S", "9H", "6D", "8C", "KS"])
    done = _act(client, hand, "hit")
    assert done["status"] == "bust" and done["total"] == 26 and done["dealer"] == ["9H", "8C"]
    assert done["balance"] == 900


def test_doubling_down_doubles_the_bet_and_takes_one_card(client: TestClient) -> None:
    hand = _deal(client, ["6S", "10H", "5D", "7C", "KS", "2H"])
    done = _act(client, hand, "double")  # 21 against the dealer's 17
    assert done["cards"] == ["6S", "5D", "KS"] and done["bet"] == 200
    assert done["status"] == "won" and done["payout"] == 400 and done["balance"] == 1200


def test_refusals_say_why(client: TestClient) -> None:
    over = client.post(HANDS, json={"player": "Cy", "bet": 1001})
    assert over.status_code == 409 and over.json()["detail"] == "a bet of 1001 is more than your balance of 1000"
    assert client.post(HANDS, json={"player": "Cy", "bet": 0}).status_code == 422
    hand = _deal(client, ["10S", "9H", "2D", "8C", "3S", "KD"], player="Cy")
    hit = _act(client, hand, "hit")
    late = client.post(ACTIONS, json={"hand_id": hand["hand_id"], "action": "double"})
    assert late.status_code == 409 and "first two cards" in late.json()["detail"]
    done = _act(client, hit, "stand")
    assert done["status"] == "lost"
    again = client.post(ACTIONS, json={"hand_id": hand["hand_id"], "action": "hit"})
    assert again.status_code == 409 and again.json()["detail"] == "the hand is over (lost): deal a new hand"
    assert client.post(ACTIONS, json={"hand_id": 999, "action": "hit"}).status_code == 404
    assert client.post(ACTIONS, json={"hand_id": hand["hand_id"], "action": "split"}).status_code == 422


def test_the_leaderboard_keeps_each_players_best_balance(client: TestClient) -> None:
    _deal(client, ["AS", "9H", "KD", "8C"], bet=100, player="Di")  # 1150
    lost = _deal(client, ["10S", "9H", "6D", "8C", "KS"], bet=500, player="Di")
    assert _act(client, lost, "hit")["balance"] == 650
    board = {row["player"]: row for row in client.get("/api/blackjack/leaderboard").json()}
    assert board["Di"] == {"player": "Di", "best": 1150, "balance": 650, "hands": 2}


def test_a_shuffled_shoe_holds_each_card_once() -> None:
    shoe = new_shoe()
    assert len(shoe) == 52 and len(set(shoe)) == 52 and {c[-1] for c in shoe} == {"S", "H", "D", "C"}
