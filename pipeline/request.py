"""The user's request: what makes one usable, said plainly when it is not."""

from __future__ import annotations

from pipeline.errors import PromptError


def check_prompt(text: str, *, max_chars: int = 8000) -> str:
    """Return the request with outer whitespace removed, or raise :class:`PromptError`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PromptError(
            "the request is not valid UTF-8 text",
            hint="check the terminal's encoding, or pass the request with --prompt-file",
        ) from exc
    cleaned = text.strip()
    if not cleaned:
        raise PromptError(
            "the request is empty", hint='say what to build, e.g. python -m pipeline "build a todo app"'
        )
    if "\x00" in cleaned:
        raise PromptError("the request contains a NUL byte")
    if len(cleaned) > max_chars:
        raise PromptError(
            f"the request is {len(cleaned):,} characters; the limit is {max_chars:,}",
            hint="describe the app in a few sentences, or raise PIPELINE_MAX_PROMPT_CHARS",
        )
    return cleaned
