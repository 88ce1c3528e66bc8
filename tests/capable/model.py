"""A capable scripted model: answers written from the prompt each call is actually sent.

``ScriptedChat`` pops canned text; a capable answer is a function of the prompt, the way a
strong hosted model (DeepSeek, GPT-OSS) answers: it reads the files, the evidence and the
contract it is shown, copies SEARCH lines from them, and sometimes makes a real mistake. An
answer that needs something the prompt lacks fails the test with ``PromptGap``: that is a
finding about the prompt, not about the answer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage
from langchain_core.messages.ai import UsageMetadata
from pydantic import PrivateAttr

from pipeline.agents.briefs import text_of
from tests.scripted import ScriptedChat, ScriptedModels

Answer = Callable[[str], str]
"""The user message of a call → the answer's text."""


class PromptGap(AssertionError):
    """The prompt lacks what a real model would need to answer it."""


def need(found: bool, what: str) -> None:
    if not found:
        raise PromptGap(what)


@dataclass
class Exchange:
    prompt: str
    answer: str


class CapableChat(ScriptedChat):
    """One agent's model: ``answer`` is asked for every call, and each call is kept."""

    _answer: Answer = PrivateAttr()
    _log: list[Exchange] = PrivateAttr(default_factory=list)

    def __init__(self, answer: Answer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._answer = answer

    @property
    def _llm_type(self) -> str:
        return "capable-scripted"

    @property
    def log(self) -> list[Exchange]:
        return self._log

    def _answer_to(self, messages: list[BaseMessage]) -> str:
        prompt = text_of(messages[-1])
        try:
            answer = self._answer(prompt)
        except PromptGap as gap:  # the finding, with what the model was shown
            if os.environ.get("CAPABLE_PROMPTS"):
                (Path(os.environ["CAPABLE_PROMPTS"]) / "gap.txt").write_text(prompt)
            raise PromptGap(f"{gap}\n--- the prompt ---\n{prompt[:6000]}") from None
        self._log.append(Exchange(prompt, answer))
        if os.environ.get("CAPABLE_PROMPTS"):  # a folder to read every exchange in, when a flow fails
            folder = Path(os.environ["CAPABLE_PROMPTS"])
            folder.mkdir(parents=True, exist_ok=True)
            n = len(list(folder.iterdir()))
            (folder / f"{n:03d}.txt").write_text(f"{prompt}\n\n===== ANSWER =====\n{answer}")
        return answer

    def _usage(self, messages: list[BaseMessage], answer: str) -> UsageMetadata:
        prompt = text_of(messages[-1])
        return {"input_tokens": len(prompt) // 4, "output_tokens": len(answer) // 4,
                "total_tokens": (len(prompt) + len(answer)) // 4}  # fmt: skip


class CapableModels(ScriptedModels):
    """A ModelSource with one capable model per agent; other links are unavailable."""

    def __init__(self, by_agent: dict[str, CapableChat]) -> None:
        super().__init__(**by_agent)
        self.by_agent: dict[str, CapableChat] = by_agent


CHANGE_LINES = ("The user asks to change the app: ", "The change asked for: ", "Change request: ")


def asked(prompt: str) -> str:
    """The change an edit's call asks for, read where each agent's prompt states it (its words
    also appear elsewhere: a schema step's name and docstring carry them), or "" for a new app."""
    for line in prompt.split("\n"):
        for head in CHANGE_LINES:
            if line.startswith(head):
                return line.removeprefix(head)
    return ""


def findings(prompt: str) -> str:
    """A fix round's findings and advice: its text before the project's file list."""
    need("These checks failed" in prompt, "a fix round without its findings")
    return prompt.split("Files in the project:", 1)[0]


def shown_file(prompt: str, path: str) -> str:
    """The whole text of ``path`` as the prompt shows it (``PromptGap`` when it is not shown)."""
    found = re.search(rf'<file path="{re.escape(path)}">\n(.*?)</file>', prompt, re.S)
    need(found is not None, f"{path} is not shown whole")
    assert found is not None
    return found.group(1)


def line_with(text: str, needle: str) -> str:
    """The one line of ``text`` holding ``needle``, copied exactly (a SEARCH a model copies)."""
    lines = [line for line in text.split("\n") if needle in line]
    need(len(lines) >= 1, f"no line holds {needle!r}")
    return lines[0]


def edit(path: str, *pairs: tuple[str, str]) -> str:
    blocks = "".join(f"<<<<<<< SEARCH\n{s}\n=======\n{r}\n>>>>>>> REPLACE\n" for s, r in pairs)
    return f'<edit path="{path}">\n{blocks}</edit>\n'


def whole(path: str, text: str) -> str:
    return f'<file path="{path}">\n{text.strip()}\n</file>\n'
