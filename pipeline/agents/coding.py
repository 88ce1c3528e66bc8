"""What BACKEND and UIX share: a FileSet answer, and fix requests built from Diagnostics."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.agents.base import AgentResult, Budget, Emit, ModelSource, messages_for, run_agent
from pipeline.agents.parsing import ParseError, extract_json
from pipeline.artifacts import AgentName, Design, Diagnostic, FileSet, Plan
from pipeline.cache import CacheStore
from pipeline.errors import UnsafePathError
from pipeline.settings import Settings
from pipeline.writer import check_relative_path


def parse_files(text: str, *, prefix: str, agent: str) -> FileSet:
    data = extract_json(text)
    files = data.get("files")
    if not isinstance(files, dict) or not files:
        raise ParseError('the answer has no "files" object of path → contents')
    clean: dict[str, str] = {}
    for path, content in files.items():
        if not isinstance(content, str):
            raise ParseError(f"the contents of {path!r} must be a string")
        try:
            rel = check_relative_path(str(path))
        except UnsafePathError as exc:
            raise ParseError(str(exc)) from exc
        if not rel.startswith(prefix):
            rel = prefix + rel
        clean[rel] = content
    return FileSet(files=clean, agent=agent)


def fix_request(diagnostics: list[Diagnostic], files: FileSet, advice: dict[str, str] | None = None) -> str:
    """The failing files, what is wrong with them and DEBUG's advice, for the owning agent."""
    by_file: dict[str, list[str]] = {}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(
            f"line {d.line}: [{d.check}] {d.message}" if d.line else f"[{d.check}] {d.message}"
        )
    parts = ["These checks failed. Fix them and answer with only the files you change.\n"]
    for path, problems in by_file.items():
        parts.append(f"## {path}\n" + "\n".join(f"- {p}" for p in problems))
        if advice and advice.get(path):
            parts.append(f"Advice: {advice[path]}")
        if path in files.files:
            parts.append("Current contents:\n```\n" + files.files[path] + "\n```")
    return "\n".join(parts)


@dataclass(frozen=True)
class CodeAgent:
    """BACKEND or UIX: which folder it owns and which template tree answers offline."""

    name: AgentName
    prefix: str
    render: Callable[[Plan, Design], FileSet]

    async def build(
        self,
        plan: Plan,
        design: Design,
        *,
        current: FileSet | None,
        diagnostics: list[Diagnostic],
        advice: dict[str, str] | None = None,
        settings: Settings,
        models: ModelSource,
        budget: Budget,
        emit: Emit,
        round_: int,
        cache: CacheStore | None = None,
    ) -> AgentResult[FileSet]:
        user = "Plan:\n" + plan.model_dump_json() + "\n\nAPI contract:\n" + json.dumps(design.contract)
        if diagnostics and current is not None:
            user += "\n\n" + fix_request(diagnostics, current, advice)
        result = await run_agent(
            self.name,
            messages=messages_for(self.name, user),
            parse=lambda text: parse_files(text, prefix=self.prefix, agent=self.name),
            template=lambda: self.render(plan, design),
            settings=settings,
            models=models,
            budget=budget,
            emit=emit,
            round_=round_,
            cache=cache,
        )
        result.artifact.agent = self.name
        result.artifact.provider = result.report.provider
        return result
