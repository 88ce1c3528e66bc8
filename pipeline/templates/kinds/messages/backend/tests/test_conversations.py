"""The messages' rules: only a conversation's two people read or write in it, nobody messages
themselves, unread counts go up with the other's messages and back to 0 on reading, and a
message is plain text with a length cap."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.conversations import MAX_LENGTH

CONVERSATIONS = "/api/messages/conversations"
THREAD = "/api/messages/thread"
SEND = "/api/messages/send"


def _person(client: TestClient, email: str) -> dict[str, str]:
    who = {"email": email, "password": "correct horse battery"}
    client.post("/api/auth/register", json=who)
    return {"Authorization": f"Bearer {client.post('/api/auth/login', json=who).json()['token']}"}


def _start(client: TestClient, email: str, who: dict[str, str] | None = None) -> dict[str, Any]:
    made = client.post(CONVERSATIONS, headers=who or {}, json={"email": email})
    assert made.status_code in (200, 201), made.text
    conversation: dict[str, Any] = made.json()
    return conversation


def test_nobody_signed_out_reads_or_sends(client: TestClient) -> None:
    anonymous = {"Authorization": ""}
    assert client.get(CONVERSATIONS, headers=anonymous).status_code == 401
    assert client.post(SEND, headers=anonymous, json={"conversation_id": 1, "body": "hi"}).status_code == 401


def test_no_conversation_with_oneself_or_nobody(client: TestClient) -> None:
    own = client.post(CONVERSATIONS, json={"email": "ada@example.com"})
    assert own.status_code == 409 and "yourself" in own.json()["detail"]
    assert client.post(CONVERSATIONS, json={"email": "nobody@example.com"}).status_code == 404


def test_two_people_share_one_conversation(client: TestClient) -> None:
    bo = _person(client, "bo@example.com")
    first = _start(client, "bo@example.com")
    again = _start(client, "ada@example.com", bo)
    assert first["conversation_id"] == again["conversation_id"]
    assert first["other"] == "bo@example.com" and again["other"] == "ada@example.com"


def test_unread_counts_rise_and_reading_clears_them(client: TestClient) -> None:
    bo = _person(client, "bo@example.com")
    conversation = _start(client, "bo@example.com")
    cid = conversation["conversation_id"]
    for text in ("hello", "are you there?"):
        assert client.post(SEND, json={"conversation_id": cid, "body": text}).status_code == 201
    listed = client.get(CONVERSATIONS, headers=bo).json()
    assert [(c["unread"], c["last_message"]) for c in listed] == [(2, "are you there?")]
    # the sender has read their own messages
    assert client.get(CONVERSATIONS).json()[0]["unread"] == 0
    messages = client.get(THREAD, headers=bo, params={"conversation_id": cid}).json()
    assert [(m["body"], m["mine"]) for m in messages] == [("hello", False), ("are you there?", False)]
    assert client.get(CONVERSATIONS, headers=bo).json()[0]["unread"] == 0
    client.post(SEND, headers=bo, json={"conversation_id": cid, "body": "yes"})
    assert client.get(CONVERSATIONS).json()[0]["unread"] == 1


def test_only_its_two_people_read_or_write_in_a_conversation(client: TestClient) -> None:
    _person(client, "bo@example.com")
    cy = _person(client, "cy@example.com")
    cid = _start(client, "bo@example.com")["conversation_id"]
    client.post(SEND, json={"conversation_id": cid, "body": "just for bo"})
    assert client.get(THREAD, headers=cy, params={"conversation_id": cid}).status_code == 404
    assert client.post(SEND, headers=cy, json={"conversation_id": cid, "body": "me too"}).status_code == 404
    assert client.get(CONVERSATIONS, headers=cy).json() == []
    assert client.get(THREAD, params={"conversation_id": 999}).status_code == 404
    assert [m["body"] for m in client.get(THREAD, params={"conversation_id": cid}).json()] == ["just for bo"]


def test_a_message_is_plain_text_with_a_cap(client: TestClient) -> None:
    _person(client, "bo@example.com")
    cid = _start(client, "bo@example.com")["conversation_id"]
    assert client.post(SEND, json={"conversation_id": cid, "body": "   "}).status_code == 422
    too_long = client.post(SEND, json={"conversation_id": cid, "body": "x" * (MAX_LENGTH + 1)})
    assert too_long.status_code == 422
    markup = "<b>bold</b> & <script>x</script>"
    assert client.post(SEND, json={"conversation_id": cid, "body": markup}).json()["body"] == markup
