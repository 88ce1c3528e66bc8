"""The messages' rules: only a conversation's members read or write in it, nobody messages
themselves, unread counts go up with the others' messages and back to 0 on reading, a group chat
has a name and members added by email, and a message is plain text with a length cap."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.conversations import MAX_LENGTH

CONVERSATIONS = "/api/messages/conversations"
THREAD = "/api/messages/thread"
SEND = "/api/messages/send"
GROUPS = "/api/messages/groups"


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


def test_a_group_has_a_name_its_members_and_an_unread_count_each(client: TestClient) -> None:
    bo, cy = _person(client, "bo@example.com"), _person(client, "cy@example.com")
    made = client.post(GROUPS, json={"name": "Hiking club", "emails": ["BO@example.com", "cy@example.com"]})
    assert made.status_code == 201, made.text
    group = made.json()
    assert (group["group"], group["name"], group["other"]) == (True, "Hiking club", None)
    assert group["members"] == ["ada@example.com", "bo@example.com", "cy@example.com"]
    gid = group["conversation_id"]
    client.post(SEND, json={"conversation_id": gid, "body": "Saturday at 8?"})
    client.post(SEND, headers=bo, json={"conversation_id": gid, "body": "I'm in"})
    # each member's own count: the others' messages after the last they read
    assert [c["unread"] for c in client.get(CONVERSATIONS, headers=cy).json()] == [2]
    assert client.get(CONVERSATIONS).json()[0]["unread"] == 1
    assert client.get(CONVERSATIONS, headers=bo).json()[0]["unread"] == 0
    messages = client.get(THREAD, headers=cy, params={"conversation_id": gid}).json()
    assert [(m["sender"], m["body"]) for m in messages] == [("ada@example.com", "Saturday at 8?"), ("bo@example.com", "I'm in")]
    assert client.get(CONVERSATIONS, headers=cy).json()[0]["unread"] == 0
    assert client.get(CONVERSATIONS).json()[0]["unread"] == 1  # reading is the reader's alone


def test_a_member_adds_people_and_only_members_read_or_send(client: TestClient) -> None:
    bo, cy, di = (_person(client, f"{n}@example.com") for n in ("bo", "cy", "di"))
    gid = client.post(GROUPS, json={"name": "Choir", "emails": ["bo@example.com"]}).json()["conversation_id"]
    client.post(SEND, json={"conversation_id": gid, "body": "before cy"})
    # not a member: as if the group did not exist
    assert client.get(THREAD, headers=cy, params={"conversation_id": gid}).status_code == 404
    assert client.post(SEND, headers=cy, json={"conversation_id": gid, "body": "hi"}).status_code == 404
    add = {"conversation_id": gid, "email": "cy@example.com"}
    assert client.post(f"{GROUPS}/members", headers=di, json=add).status_code == 404
    added = client.post(f"{GROUPS}/members", headers=bo, json=add)
    assert added.status_code == 200 and "cy@example.com" in added.json()["members"]
    assert client.post(f"{GROUPS}/members", json=add).status_code == 409
    assert client.post(f"{GROUPS}/members", json={**add, "email": "nobody@example.com"}).status_code == 404
    # the newcomer reads what was said before, with nothing unread yet
    assert client.get(CONVERSATIONS, headers=cy).json()[0]["unread"] == 0
    assert [m["body"] for m in client.get(THREAD, headers=cy, params={"conversation_id": gid}).json()] == ["before cy"]
    assert client.post(SEND, headers=cy, json={"conversation_id": gid, "body": "hello all"}).status_code == 201
    assert client.get(CONVERSATIONS, headers=di).json() == []


def test_a_group_needs_a_name_someone_else_and_people_who_sign_in(client: TestClient) -> None:
    _person(client, "bo@example.com")
    assert client.post(GROUPS, json={"name": " ", "emails": ["bo@example.com"]}).status_code == 422
    assert client.post(GROUPS, json={"name": "Just me", "emails": ["ada@example.com"]}).status_code == 422
    unknown = client.post(GROUPS, json={"name": "Club", "emails": ["bo@example.com", "nobody@example.com"]})
    assert unknown.status_code == 404 and "nobody@example.com" in unknown.json()["detail"]
    assert client.get(CONVERSATIONS).json() == []  # nothing made
    # a conversation of two stays two
    pair = _start(client, "bo@example.com")
    _person(client, "cy@example.com")
    third = client.post(f"{GROUPS}/members", json={"conversation_id": pair["conversation_id"], "email": "cy@example.com"})
    assert third.status_code == 409 and pair["group"] is False and pair["members"] == ["ada@example.com", "bo@example.com"]
