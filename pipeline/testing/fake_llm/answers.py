"""What the agents get back: the answers a model following our prompts would write, in the
answer protocol (CORE a plan, ARCH ``{"operations": []}``, BACKEND a new test file, UIX an edit
of ``App.jsx``), and the shapes real models give them (chatter, fences, stale edits)."""

from __future__ import annotations

import json
import re
from typing import Any


def _json_after(marker: str, text: str) -> dict[str, Any]:
    start = text.index(marker) + len(marker)
    value, _ = json.JSONDecoder().raw_decode(text, text.index("{", start))
    return dict(value)


def agent_of(system: str) -> str:
    match = re.search(r"You are (CORE|ARCH|BACKEND|UIX|DEBUG)\b", system)
    return match[1].lower() if match else ""


CONTINUE_MARK = "Your answer was cut off at the output limit"


def _fenced(text: str) -> str:
    return "```json\n" + text + "\n```"


def fake_answer(
    system: str, user: str, *, buggy: bool = False, stale: bool = False, fence: bool = False
) -> str:
    """What a model following the agent's prompt would answer (made by the offline templates).

    ``buggy``: BACKEND's first answer implements one update route with the wrong method (as a
    model might); asked to fix it, it answers with an edit back. ``stale``: UIX's first edit
    quotes a line that is not in the file; asked again, it quotes the right one.
    """
    from pipeline.templates import extract_spec

    agent = agent_of(system)
    if agent == "core":
        if "Current plan:" in user and "Change request:" in user:  # an edit: the plan, changed
            from pipeline.artifacts import Plan
            from pipeline.templates.changes import apply_change

            change = user.split("Change request:", 1)[1].split("\n\n", 1)[0].strip()
            plan = apply_change(
                Plan.model_validate(_json_after("Current plan:", user)), change
            ).plan.model_dump_json()
        else:
            request = user.split("Request:", 1)[1].strip() if "Request:" in user else user
            plan = extract_spec(request).model_dump_json()
        return _fenced(plan) if fence else plan
    if agent == "arch":
        answer = json.dumps({"operations": []})
        return _fenced(answer) if fence else answer
    if agent == "backend":
        return _backend_answer(user, buggy=buggy)
    if agent == "uix":
        if "did not match the files" in user:
            return _UIX_EDIT.format(search=_UIX_ANCHOR)
        if "Made with pipeline" in user:  # an edit of an app that has the footer already
            return "The app already shows everything the change needs. <no-changes/>"
        return _UIX_EDIT.format(
            search=_UIX_ANCHOR.replace("<main>", '<main className="content">') if stale else _UIX_ANCHOR
        )
    if agent == "debug":
        findings = re.findall(r"^- ([^\s:]+):\d+ \[([\w.-]+)\] (.+)$", user, re.MULTILINE)
        answer = json.dumps(
            {"advice": {path: f"Make it pass [{check}]: {message}" for path, check, message in findings}}
        )
        return _fenced(answer) if fence else answer
    return "Hello from the fake LLM server."


_UIX_ANCHOR = "      <main>\n        <View key={active} />\n      </main>\n"
_UIX_EDIT = """<edit path="frontend/src/App.jsx">
<<<<<<< SEARCH
{search}=======
      <main>
        <View key={{active}} />
      </main>
      <footer className="app-footer">Made with pipeline</footer>
>>>>>>> REPLACE
</edit>
"""


def _backend_answer(user: str, *, buggy: bool) -> str:
    from pipeline.templates.naming import kebab

    tables = re.findall(r"^- (\w+) \(table (\w+)\)", user, re.MULTILINE)
    paths = [f"/api/{kebab(plural)}" for _, plural in tables]
    if "These checks failed" in user:
        route = re.search(r"## (backend/app/routes/\w+\.py)", user)
        if route:
            return (
                f'<edit path="{route[1]}">\n<<<<<<< SEARCH\n@router.put(\n=======\n@router.patch(\n'
                ">>>>>>> REPLACE\n</edit>\n"
            )
        return "<no-changes/>"
    tests = "\n\n".join(
        f"def test_{plural}_list_starts_empty(client: TestClient) -> None:\n"
        f'    response = client.get("{path}")\n'
        "    assert response.status_code == 200\n"
        "    assert response.json() == []\n"
        for (_, plural), path in zip(tables, paths, strict=False)
    )
    answer = (
        '<file path="backend/tests/test_empty_lists.py">\n'
        '"""A new database lists nothing."""\n\n'
        "from fastapi.testclient import TestClient\n\n\n" + tests + "</file>\n"
    )
    if buggy and tables:
        broken = f"backend/app/routes/{tables[0][1]}.py"
        answer += f'<edit path="{broken}">\n<<<<<<< SEARCH\n@router.patch(\n=======\n@router.put(\n>>>>>>> REPLACE\n</edit>\n'
    return answer


def with_chatter(text: str) -> str:
    return f"Sure! Here is what you asked for.\n\n{text}\n\nLet me know if you want anything else changed."
