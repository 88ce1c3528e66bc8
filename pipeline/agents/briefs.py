"""What an agent is told: its prompt (a text file under ``prompts/``), its version for the cache,
and the first messages of a call."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from pipeline.artifacts import AgentName
from pipeline.templates.registry import core_kind_lines

CONTINUE = (
    "Your answer was cut off at the output limit. Continue exactly where it stopped: do not repeat "
    "anything, do not start over, no preamble."
)


KINDS_MARK = "{{kinds}}"
"""Where a prompt lists the kinds of app we build: a line per group, from the kinds' folders."""


@cache
def load_prompt(agent: str) -> str:
    text = (resources.files("pipeline.agents") / "prompts" / f"{agent}.txt").read_text(encoding="utf-8")
    if KINDS_MARK in text:
        text = text.replace(KINDS_MARK, core_kind_lines())
    return text


@cache
def prompt_version(agent: str) -> str:
    return hashlib.sha256(load_prompt(agent).encode()).hexdigest()[:12]


def messages_for(agent: AgentName, user: str) -> list[BaseMessage]:
    return [SystemMessage(content=load_prompt(agent)), HumanMessage(content=user)]


def text_of(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
