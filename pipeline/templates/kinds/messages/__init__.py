"""Direct messages between users: conversations of two signed-in people, each with its
messages and an unread count per person. Only the two people in a conversation read or write
in it; nobody starts one with themselves."""

from __future__ import annotations

from typing import Any

from pipeline.templates.blueprints.types import INT, STR, View, arr, blueprint, obj, op, text

_ID: dict[str, Any] = {"type": "integer", "minimum": 1}
_CONVERSATION = obj(
    "last_message", "last_at",
    conversation_id=INT, other=STR, last_message=STR, last_at=STR, unread=INT,
)  # fmt: skip
_MESSAGE = obj(
    message_id=INT, conversation_id=INT, sender=STR, mine={"type": "boolean"}, body=STR, created_at=STR
)
_ME = "conversations.signed_in(db, http_request)"

MESSAGES = blueprint(
    "messages", "conversations", (View("messages", "Messages", "MessagesView"),),
    op("post", "/api/messages/conversations", "start_conversation", "Start (or reopen) a conversation with someone",
       call=f"conversations.start(db, {_ME}, body.email)",
       request=obj(email=text(254, 3)), response=_CONVERSATION,
       description="Signed in (401 otherwise); the other person by their email: unknown is 404, oneself is 409. "
                   "Two people have one conversation: starting it again returns the same one."),
    op("get", "/api/messages/conversations", "list_conversations", "My conversations, the latest first",
       call=f"conversations.conversations(db, {_ME})", response=arr(_CONVERSATION),
       description="Each with the other person, its last message and how many messages I have not read."),
    op("get", "/api/messages/thread", "read_thread", "A conversation's messages, oldest first; marks it read",
       call=f"conversations.thread(db, {_ME}, conversation_id)", query={"conversation_id": _ID},
       response=arr(_MESSAGE),
       description="Only its two people: anyone else gets 404, as for a conversation that does not exist."),
    op("post", "/api/messages/send", "send_message", "Send a message in a conversation", creates=True,
       call=f"conversations.send(db, {_ME}, body.conversation_id, body.body)",
       request=obj(conversation_id=_ID, body=text(2000, 1)), response=_MESSAGE,
       description="Plain text up to 2000 characters; only the conversation's two people (404 for anyone else)."),
    uses=("rules", "accounts"),
)  # fmt: skip

MESSAGING = (MESSAGES,)
