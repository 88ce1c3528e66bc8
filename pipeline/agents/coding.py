"""What BACKEND and UIX share: scaffold, then edit.

The templates render a working scaffold from the plan and design. The model sees the file
list, the request and only the files it needs (whole where it may edit them, as an outline
where it only calls them), and answers with changes in the file-block protocol
(``agents.protocol``). Work that does not fit one call (the model's context, the key's tokens
per minute) is split by file. An edit whose SEARCH text is not in the file is sent back once
with the closest lines; one that still fails is dropped and reported. Offline, the answer is
the scaffold itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.agents.arch import plan_brief
from pipeline.agents.briefs import load_prompt, messages_for
from pipeline.agents.chain import run_agent
from pipeline.agents.lost_edits import lost_edit, unanswered
from pipeline.agents.outline import outline
from pipeline.agents.protocol import (
    CodeAnswer,
    apply_answer,
    blocks_done,
    join_continuation,
    open_block,
    parse_code_answer,
    retry_request,
)
from pipeline.agents.sizing import Room, estimate, prompt_budget
from pipeline.agents.types import AgentResult, CallSpec, ModelSource, StepContext
from pipeline.artifacts import AgentName, AgentReport, Design, Diagnostic, Dropped, FileSet, Plan
from pipeline.cache import normalize_request
from pipeline.settings import Settings

CODE_CALL = CallSpec(
    max_output=4_000,
    min_output=800,
    incomplete=lambda text: open_block(text) is not None,
    join=join_continuation,
    progress=lambda text: {"files": blocks_done(text)},
)


def fix_request(
    diagnostics: list[Diagnostic],
    advice: dict[str, str] | None = None,
    *,
    request: str = "",
    contract: str = "",
    shown: list[str] | None = None,
) -> str:
    """What is wrong with which file, with what the checks saw and DEBUG's advice, for the
    owning agent; the user's request and the contract lines of the operations concerned."""
    by_file: dict[str, list[str]] = {}
    for d, evidence in with_evidence(diagnostics):
        line = f"line {d.line}: [{d.check}] {d.message}" if d.line else f"[{d.check}] {d.message}"
        by_file.setdefault(d.file, []).append(line + (f"\n{evidence}" if evidence else ""))
    files = ", ".join(shown or [])
    parts = [
        *([f"The user asked: {request}\n"] if request else []),
        *([f"The contract for the operations concerned:\n{contract}\n"] if contract else []),
        "These checks failed. Fix them with <edit> (or whole <file>) blocks"
        + (f" for the files shown below ({files}); change a test only when it contradicts the contract.\n" if files else ".\n"),
    ]  # fmt: skip
    for path, problems in by_file.items():
        parts.append(f"## {path}\n" + "\n".join(f"- {p}" for p in problems))
        if advice and advice.get(path):
            parts.append(f"Advice: {advice[path]}")
    for path, note in (advice or {}).items():
        if path not in by_file and note:
            parts.append(f"## {path}\nAdvice: {note}")
    return "\n".join(parts)


EVIDENCE_SHOWN = 6_000
"""Most characters of evidence one request carries: the first failures in full, then their
one-line findings (a suite that fails everywhere must not crowd out the code it needs)."""


def with_evidence(diagnostics: list[Diagnostic]) -> list[tuple[Diagnostic, str]]:
    """Each finding with the evidence a request shows for it, within ``EVIDENCE_SHOWN``."""
    left = EVIDENCE_SHOWN
    shown: list[tuple[Diagnostic, str]] = []
    for d in diagnostics:
        evidence = d.evidence if len(d.evidence) <= left else ""
        left -= len(evidence)
        shown.append((d, evidence))
    return shown


def contract_lines(design: Design, diagnostics: list[Diagnostic]) -> str:
    """The custom operations the failing checks speak for (every one, when none is named):
    method, path, rule, and the request and response schemas."""
    named = {o for d in diagnostics for o in d.operations}
    chosen = [op for op in design.custom_operations if op.operation_id in named] or (
        design.custom_operations if any(d.check.startswith(("tests.", "contract.", "operation.")) for d in diagnostics) else []
    )  # fmt: skip
    lines = []
    for op in chosen:
        query = ", ".join(f"{q.name}{'' if q.required else '?'}" for q in op.query)
        lines.append(
            f"- {op.method.upper()} {op.path} ({op.operation_id}) → {op.status}: {op.description or op.summary}"
            + (f"\n  query: {query}" if query else "")
            + (f"\n  request: {json.dumps(op.request, separators=(',', ':'))}" if op.request else "")
            + f"\n  response: {json.dumps(op.response, separators=(',', ':'))}"
        )
    return "\n".join(lines)


def files_to_fix(prefix: str, files: dict[str, str], diagnostics: list[Diagnostic]) -> list[str]:
    """The files a fix round shows whole: those the findings name, then the code their evidence
    names (the modules under test); never none, so "the files shown" always shows some."""
    named = [d.file for d in diagnostics] + [r for d in diagnostics for r in d.related]
    shown = [p for p in dict.fromkeys(named) if p in files]
    if shown:
        return shown
    fallback = [f"{prefix}app/main.py", f"{prefix}app/routes/operations.py", f"{prefix}src/App.jsx"]
    return [p for p in fallback if p in files] or sorted(p for p in files if p.startswith(prefix))[:3]


@dataclass
class Workload:
    """One call's worth of work: the files shown whole, and those shown as outlines."""

    whole: list[str] = field(default_factory=list)
    outlined: list[str] = field(default_factory=list)


def split_work(
    files: dict[str, str], whole: list[str], outlined: list[str], fixed: int, budget: int
) -> list[Workload]:
    """Files shown whole go into as few calls as the budget allows (a file alone when it must)."""
    outline_cost = sum(estimate(outline(p, files[p])) for p in outlined if p in files)
    parts: list[Workload] = []
    current = Workload(outlined=list(outlined))
    used = fixed + outline_cost
    for path in whole:
        cost = estimate(files.get(path, ""))
        if current.whole and used + cost > budget:
            parts.append(current)
            current, used = Workload(outlined=list(outlined)), fixed + outline_cost
        current.whole.append(path)
        used += cost
    parts.append(current)
    return parts


@dataclass(frozen=True)
class CodeAgent:
    """BACKEND or UIX: which folder it owns, which template tree answers offline, and which
    files it needs to see for the custom work."""

    name: AgentName
    prefix: str
    render: Callable[[Plan, Design], FileSet]
    needs: Callable[[Design, dict[str, str]], tuple[list[str], list[str]]]
    """(files shown whole, files shown as outlines) for the first round."""
    brief: Callable[[Design, dict[str, str]], str] = lambda design, files: ""
    """What else the agent is told about the files it builds on (shapes, classes)."""

    async def build(
        self,
        plan: Plan,
        design: Design,
        *,
        current: FileSet | None,
        diagnostics: list[Diagnostic],
        advice: dict[str, str] | None = None,
        ctx: StepContext,
        request: str = "",
        start: dict[str, str] | None = None,
        change: bool = False,
        notes: list[str] | None = None,
        touched: tuple[str, ...] = (),
    ) -> AgentResult[FileSet]:
        """``start``: the files to build on instead of the scaffold (an edit: the last
        generation carried onto the new scaffold); ``change``: ``request`` is a change to it;
        ``notes``: what the edit must also take care of (scaffold lines that collided with
        earlier model code, API functions it removed); ``touched``: the API paths of operations
        the edit changes or removes (their tests are shown whole)."""
        fixing = current is not None and bool(diagnostics)
        if current is not None and fixing:
            files = dict(current.files)
        else:
            files = dict(start) if start is not None else dict(self.render(plan, design).files)
        if fixing:
            whole = files_to_fix(self.prefix, files, diagnostics)
            outlined: list[str] = []
            task = fix_request(
                diagnostics, advice, request=request or plan.summary,
                contract=contract_lines(design, diagnostics), shown=whole,
            )  # fmt: skip
        else:
            whole, outlined = self.needs(design, files)
            if start is not None:
                whole, outlined = self._own_work(plan, design, files, whole, outlined, touched)
            task = self.task(plan, design, request, change=change)
            # the shapes and classes matter where there is new work: custom operations, or a change
            extra = self.brief(design, files) if design.custom_operations or start is not None else ""
            task += (f"\n\n{extra}" if extra else "") + "".join(f"\n\n{note}" for note in notes or [])
        original = set(files)
        listing = "Files in the project:\n" + "\n".join(sorted(files))
        fixed_cost = estimate(task + listing) + estimate(load_prompt(self.name))
        parts = split_work(files, whole, outlined, fixed_cost, self._prompt_budget(ctx.settings, ctx.models))
        reports: list[AgentReport] = []
        exchanges: list[dict[str, Any]] = []
        dropped: list[Dropped] = []
        for part in parts:
            user = "\n\n".join([task, listing, *self._shown(files, part)])
            # two wordings of one request that plan the same app share this answer
            payload = user.replace(request, normalize_request(request)) if request else user
            result = await self._ask(user, ctx, payload)
            reports.append(result.report)
            exchanges += result.exchanges
            files, failures = apply_answer(files, result.artifact)
            if failures and result.report.provider != "template":
                retried = await self._ask(
                    "\n\n".join([retry_request(failures), *self._shown(files, Workload(whole=sorted({f.edit.path for f in failures})))]),
                    replace(ctx, cache=None),
                )  # fmt: skip
                reports.append(retried.report)
                exchanges += retried.exchanges
                files, still = apply_answer(files, retried.artifact)
                dropped += [
                    lost_edit(f, design) for f in [*unanswered(failures, retried.artifact, still), *still]
                ]
        report = _merged(self.name, reports, ctx.round)
        gone = sorted(p for p in original if p not in files)
        artifact = FileSet(files=files, agent=self.name, provider=report.provider, deleted=gone)
        # each edit still lost after its retry is a ``dropped`` entry and event (the node says so)
        return AgentResult(artifact, report, exchanges, dropped=dropped)

    def _own_work(
        self,
        plan: Plan,
        design: Design,
        files: dict[str, str],
        whole: list[str],
        outlined: list[str],
        touched: tuple[str, ...] = (),
    ) -> tuple[list[str], list[str]]:
        """An edit also shows what the models wrote before (every file that is not the new
        scaffold's text): code whole, so none is rewritten blind; tests as outlines, except
        those of an operation the edit changes or removes, which it may have to rewrite."""
        scaffold = self.render(plan, design).files
        written = [p for p in sorted(files) if files[p] != scaffold.get(p) and p not in whole]
        code = [p for p in written if not is_test(p) or any(path in files[p] for path in touched)]
        tests = [p for p in written if p not in code and p not in outlined]
        return [*whole, *code], [*outlined, *tests]

    def task(self, plan: Plan, design: Design, request: str, *, change: bool = False) -> str:
        ops = "\n".join(
            f"- {op.method.upper()} {op.path} ({op.operation_id}): {op.description or op.summary}"
            for op in design.custom_operations
        )
        asked = (
            f"The user asks to change the app: {request}"
            if change
            else f"The user asked: {request or plan.summary}"
        )
        return (
            f"{asked}\n\nApp: {plan.app_name}. {plan.summary}\n"
            f"Entities:\n{plan_brief(plan)}\n\n"
            + (f"Custom operations in the contract:\n{ops}\n\n" if ops else "")
            + (
                "The app below works and already has the plan's entities and fields; the files"
                " shown are the code as it is now, your earlier work included. Keep what still holds; "
                + (
                    "an operation still answering 501 (`# pipeline: stub`) is new: implement it."
                    if self.name == "backend"
                    else "a custom operation the UI does not call yet is new: give it its UI."
                )
                if change
                else "The scaffold below already works: CRUD for every entity"
                + (", and a stub per custom operation that answers 501." if ops else ".")
            )
            + " Answer with only the changes this app needs, or <no-changes/>."
        )

    def _shown(self, files: dict[str, str], part: Workload) -> list[str]:
        shown = [f'<file path="{p}">\n{files[p]}</file>' for p in part.whole if p in files]
        shown += [
            f"Outline of {p} ({'its tests so far' if is_test(p) and 'conftest' not in p else 'call it, do not retype it'}):"
            f"\n{outline(p, files[p])}"
            for p in part.outlined
            if p in files
        ]
        return shown

    def _prompt_budget(self, settings: Settings, models: ModelSource) -> int:
        return chain_budget(self.name, settings, models, answer=CODE_CALL.max_output)

    async def _ask(
        self, user: str, ctx: StepContext, cache_payload: str | None = None
    ) -> AgentResult[CodeAnswer]:
        return await run_agent(
            self.name,
            ctx,
            messages=messages_for(self.name, user),
            parse=lambda text: parse_code_answer(text, prefix=self.prefix),
            template=lambda: CodeAnswer(no_changes=True),
            cache_payload=cache_payload,
            call=CODE_CALL,
        )


def chain_budget(agent: AgentName, settings: Settings, models: ModelSource, *, answer: int) -> int:
    """The largest prompt the agent's roomiest model takes with ``answer`` tokens to spare."""
    budgets = []
    for link in settings.chain(agent):
        info = models.info(link) if link.provider != "template" else None
        if info is not None:
            budgets.append(prompt_budget(Room(info.context, info.max_output, info.tpm), answer=answer))
    return max(budgets or [100_000])


def is_test(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return "/tests/" in path or name.startswith("test_") or ".test." in name


def _merged(agent: str, reports: list[AgentReport], round_: int) -> AgentReport:
    """One report for the agent's step: the first model that answered, with every call's cost."""
    served = next((r for r in reports if r.provider != "template"), reports[0])
    return served.model_copy(
        update={
            "tokens_in": sum(r.tokens_in for r in reports),
            "tokens_out": sum(r.tokens_out for r in reports),
            "tokens_estimated": any(r.tokens_estimated for r in reports),
            "calls": sum(r.calls for r in reports),
            "cost_usd": None
            if any(r.cost_usd is None for r in reports)
            else round(sum(r.cost_usd or 0.0 for r in reports), 8),
            "continuations": sum(r.continuations for r in reports),
            "latency_ms": round(sum(r.latency_ms for r in reports), 1),
            "cache_hit": all(r.cache_hit for r in reports),
            "round": round_,
        }
    )
