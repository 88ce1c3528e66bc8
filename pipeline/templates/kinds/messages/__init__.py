"""Messages between users: conversations of two signed-in people and group chats with a name
and members added by email, each with its messages and an unread count per member. Only a
conversation's members read or write in it; nobody starts one with themselves."""

from __future__ import annotations

from typing import Any

from pipeline.templates.blueprint import INT, STR, Cue, KindDefinition, View, arr, blueprint, obj, op, text

_ID: dict[str, Any] = {"type": "integer", "minimum": 1}
_CONVERSATION = obj(
    "other", "name", "last_message", "last_at",
    conversation_id=INT, group={"type": "boolean"}, name=STR, other=STR, members=arr(STR), last_message=STR,
    last_at=STR, unread=INT,
)  # fmt: skip
_MESSAGE = obj(
    message_id=INT, conversation_id=INT, sender=STR, mine={"type": "boolean"}, body=STR, created_at=STR
)

BLUEPRINT = blueprint(
    "messages", "conversations", (View("messages", "Messages", "MessagesView"),),
    op("post", "/api/messages/conversations", "start_conversation", "Start (or reopen) a conversation with someone",
       handler="start",
       request=obj(email=text(254, 3)), response=_CONVERSATION,
       description="Signed in (401 otherwise); the other person by their email: unknown is 404, oneself is 409. "
                   "Two people have one conversation: starting it again returns the same one."),
    op("post", "/api/messages/groups", "create_group", "Start a group chat with a name and its members",
       creates=True, handler="create_group",
       request=obj(name=text(80, 1), emails=arr(text(254, 3))), response=_CONVERSATION,
       description="Signed in (401 otherwise); the other members by email (the maker is one too): anyone unknown is 404 and "
                   "nothing is made; no one else, or more than 50 people, is 422."),
    op("post", "/api/messages/groups/members", "add_group_member", "Add someone to a group chat by their email",
       handler="add_member",
       request=obj(conversation_id=_ID, email=text(254, 3)), response=_CONVERSATION,
       description="Only a member adds (404 for anyone else); unknown email 404; someone already in it, or a "
                   "conversation of two, is 409. The newcomer reads what was said before."),
    op("get", "/api/messages/conversations", "list_conversations", "My conversations, the latest first",
       handler="conversations", response=arr(_CONVERSATION),
       description="Each with the other person (or a group's name and members), its last message and how many "
                   "messages I have not read."),
    op("get", "/api/messages/thread", "read_thread", "A conversation's messages, oldest first; marks it read",
       handler="thread", query={"conversation_id": _ID},
       response=arr(_MESSAGE),
       description="Only its members: anyone else gets 404, as for a conversation that does not exist."),
    op("post", "/api/messages/send", "send_message", "Send a message in a conversation", creates=True,
       handler="send",
       request=obj(conversation_id=_ID, body=text(2000, 1)), response=_MESSAGE,
       description="Plain text up to 2000 characters; only the conversation's members (404 for anyone else)."),
    uses=("rules", "accounts"),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="messages",
    priority=60,
    cues=(
        Cue(r"\bchat(?:s|ting)?\s+(?:between|with|among)\s+(?:\w+\s+)?(?:users|members|people|friends|neighbou?rs|each\s+other)\b|\bgroup\s+(?:chats?|chatting|messag\w*|conversations?)\b|\bchat\s*rooms?\b|\bchat\b[^.;]*?\bchannels?\b|\bchannels?\b[^.;]*?\bchat\b|\bdirect\s+messag\w*|\bprivate\s+messages?\b|\bmessaging\s+(?:app|platform|site|website|service|tool)\b|\bchat\s+app\b|\b(?:send|sends|exchange|exchanges)\s+(?:an?\s+)?(?:private\s+|direct\s+)?messages?\s+(?:to|with)\s+(?:other|each|one\s+another)\b|\bmessage\s+(?:each\s+other|one\s+another|other\s+(?:users|members|people|neighbou?rs))\b", "Messages", ("member",)),
    ),
    features=("accounts",),
    blueprint=BLUEPRINT,
    prompt="messages (direct and group messages between users)",
    prompt_group="people",
    does=("chat", "message", "reply", "talk", "text"),
)  # fmt: skip
