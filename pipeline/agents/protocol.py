"""The answer protocol for code: raw file blocks and SEARCH/REPLACE edits in tags.

    <file path="backend/app/routes/rolls.py">
    ...the whole file, raw...
    </file>
    <edit path="backend/app/main.py">
    <<<<<<< SEARCH
    exact lines now in the file
    =======
    their replacement
    >>>>>>> REPLACE
    </edit>
    <delete path="frontend/src/views/Unused.jsx"/>
    <no-changes/>

Text outside the tags is ignored. Code is never escaped (Aider measured code inside JSON
doing worse). An edit's SEARCH text must be in the file exactly (trailing spaces aside); a
block that does not match is never applied loosely: it is sent back with the closest lines
for one retry. This module is pure: parse, join continuations, apply.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from pipeline.agents.parsing import ParseError
from pipeline.errors import UnsafePathError
from pipeline.writer import check_relative_path

_FILE = re.compile(r'<file\s+path\s*=\s*"([^"]+)"\s*>\n?(.*?)</file\s*>', re.DOTALL)
_EDIT = re.compile(r'<edit\s+path\s*=\s*"([^"]+)"\s*>\n?(.*?)</edit\s*>', re.DOTALL)
_DELETE = re.compile(r'<delete\s+path\s*=\s*"([^"]+)"\s*/>')
_NO_CHANGES = re.compile(r"<no-changes\s*/>")
_OPEN = re.compile(r'<(file|edit)\s+path\s*=\s*"([^"]+)"\s*>')
_PAIR = re.compile(
    r"^<{5,9} ?SEARCH[^\n]*\n(.*?)^={5,9}[ \t]*\n(.*?)^>{5,9} ?REPLACE[^\n]*$", re.DOTALL | re.MULTILINE
)
_FENCED = re.compile(r"\A\s*(`{3,}|~{3,})[\w.+-]*[ \t]*\n(.*)\n\1[ \t]*\s*\Z", re.DOTALL)


@dataclass(frozen=True)
class Edit:
    path: str
    search: str
    replace: str


@dataclass
class CodeAnswer:
    """What one answer asks for, in order of appearance within each kind."""

    files: dict[str, str] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    no_changes: bool = False

    @property
    def empty(self) -> bool:
        return not (self.files or self.edits or self.deletes)

    def count(self) -> int:
        return len(self.files) + len({e.path for e in self.edits}) + len(self.deletes)


def _safe(path: str, prefix: str) -> str:
    try:
        rel = check_relative_path(path.strip())
    except UnsafePathError as exc:
        raise ParseError(str(exc)) from exc
    if prefix and not rel.startswith(prefix):
        raise ParseError(f"{rel!r} is outside {prefix!r}, the folder this agent owns")
    return rel


def _unfence(content: str) -> str:
    """Models often fence a file's text inside its tag; the fence is not part of the file."""
    match = _FENCED.match(content)
    return match[2] + "\n" if match else content


def parse_code_answer(text: str, *, prefix: str = "") -> CodeAnswer:
    """All complete blocks of an answer. Raises ParseError when it holds no block at all."""
    answer = CodeAnswer(no_changes=bool(_NO_CHANGES.search(text)))
    for path, content in _FILE.findall(text):
        answer.files[_safe(path, prefix)] = _unfence(content)
    for path, body in _EDIT.findall(text):
        rel = _safe(path, prefix)
        pairs = _PAIR.findall(body)
        if not pairs:
            raise ParseError(f"<edit path={rel!r}> holds no SEARCH/REPLACE block")
        answer.edits.extend(Edit(rel, search, replace) for search, replace in pairs)
    for path in _DELETE.findall(text):
        answer.deletes.append(_safe(path, prefix))
    if answer.empty and not answer.no_changes:
        if not text.strip():
            raise ParseError("the answer was empty")
        raise ParseError(
            "the answer holds no <file>, <edit> or <delete> block (answer <no-changes/> when nothing is needed)"
        )
    return answer


def open_block(text: str) -> str | None:
    """The path of a ``<file>`` or ``<edit>`` the answer opened and did not close (it was cut)."""
    last: tuple[str, str] | None = None
    for match in _OPEN.finditer(text):
        last = (match[1], match[2])
        closing = text.find(f"</{match[1]}", match.end())
        if closing != -1:
            last = None
    return last[1] if last else None


def blocks_done(text: str) -> int:
    """Blocks completed so far in a streaming answer, for live progress."""
    return len(re.findall(r"</file\s*>|</edit\s*>", text)) + len(_DELETE.findall(text))


def join_continuation(partial: str, more: str) -> str:
    """The answer so far plus its continuation. A model that repeats the tail it was shown,
    or restarts the block it was cut in, is joined without the repeat."""
    reopened = _OPEN.match(more.lstrip())
    cut_in = open_block(partial)
    if reopened and cut_in == reopened[2]:
        start = max(partial.rfind(f'<file path="{cut_in}"'), partial.rfind(f'<edit path="{cut_in}"'))
        if start != -1:
            return partial[:start] + more.lstrip()
    window = min(len(partial), len(more), 400)
    for size in range(window, 8, -1):
        if partial.endswith(more[:size]):
            return partial + more[size:]
    return partial + more


@dataclass(frozen=True)
class EditFailure:
    edit: Edit
    reason: str
    closest: str
    """The file's lines around the closest fuzzy match, to show the model."""


def _find(content: str, search: str) -> tuple[int, int] | None:
    """Where ``search`` stands in ``content``: exactly, or line by line with only trailing
    white space differing (never looser)."""
    at = content.find(search)
    if at != -1:
        return at, at + len(search)
    want = [line.rstrip() for line in search.strip("\n").split("\n")]
    lines = content.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for i in range(len(lines) - len(want) + 1):
        if [line.rstrip() for line in lines[i : i + len(want)]] == want:
            return offsets[i], min(offsets[i + len(want)], len(content))
    return None


def closest_lines(content: str, search: str, context: int = 3) -> str:
    """The part of ``content`` that looks most like ``search``, with a few lines around it."""
    lines = content.split("\n")
    want = search.strip("\n").split("\n")
    size = max(1, len(want))
    best, best_at = 0.0, 0
    for i in range(max(1, len(lines) - size + 1)):
        ratio = difflib.SequenceMatcher(None, "\n".join(lines[i : i + size]), "\n".join(want)).ratio()
        if ratio > best:
            best, best_at = ratio, i
    lo, hi = max(0, best_at - context), min(len(lines), best_at + size + context)
    return "\n".join(lines[lo:hi])


def apply_answer(files: dict[str, str], answer: CodeAnswer) -> tuple[dict[str, str], list[EditFailure]]:
    """``files`` with the answer applied; edits that do not match are returned, not applied."""
    result = dict(files)
    result.update(answer.files)
    failures: list[EditFailure] = []
    for edit in answer.edits:
        current = result.get(edit.path)
        if current is None:
            if edit.search.strip():
                failures.append(EditFailure(edit, f"{edit.path} does not exist", ""))
            else:
                result[edit.path] = edit.replace
            continue
        if not edit.search.strip():
            failures.append(EditFailure(edit, "an empty SEARCH only creates a new file", current[:1500]))
            continue
        span = _find(current, edit.search)
        if span is None:
            failures.append(
                EditFailure(edit, "the SEARCH text is not in the file", closest_lines(current, edit.search))
            )
            continue
        replacement = edit.replace
        if current[span[0] : span[1]].endswith("\n") and not replacement.endswith("\n"):
            replacement += "\n"
        result[edit.path] = current[: span[0]] + replacement + current[span[1] :]
    for path in answer.deletes:
        result.pop(path, None)
    return result, failures


def retry_request(failures: list[EditFailure]) -> str:
    """Aider's way: each failed block on its own, with the lines that look closest."""
    parts = [
        "These SEARCH/REPLACE blocks did not match the files, so nothing of them was applied. "
        "Answer again with corrected <edit> blocks for these changes only; the SEARCH text must be "
        "copied exactly from the current lines shown."
    ]
    for f in failures:
        parts.append(
            f'<edit path="{f.edit.path}"> failed: {f.reason}.\n'
            f"<<<<<<< SEARCH\n{f.edit.search}=======\n{f.edit.replace}>>>>>>> REPLACE\n"
            + (f"The closest lines now in {f.edit.path}:\n{f.closest}" if f.closest else "")
        )
    return "\n\n".join(parts)
