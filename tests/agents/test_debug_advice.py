"""DEBUG's advice prompt: what its model is sent when the checks find errors. It lists the
project's files (paths only, capped) beside the findings and the failing files' code, so the
advice can name the module that holds a thing even when that module is not shown."""

from __future__ import annotations

import pytest

from pipeline.agents import debug
from pipeline.agents.briefs import text_of
from pipeline.agents.debug import advise
from pipeline.agents.types import Budget, StepContext
from pipeline.artifacts import Diagnostic
from pipeline.settings import Settings
from tests.scripted import ScriptedChat, ScriptedModels

FILES = {
    "backend/app/main.py": "from app.routes import router\n",
    "backend/app/routes/todos.py": "def list_todos():\n    return 1 / 0\n",
    "backend/app/models.py": "class Todo: ...\n",
    "frontend/src/App.jsx": "export default function App() { return null; }\n",
}
FAILED = Diagnostic(
    file="backend/app/routes/todos.py",
    line=2,
    check="python.run",
    message="ZeroDivisionError",
    owner="backend",
)


async def _prompt(files: dict[str, str]) -> str:
    chat = ScriptedChat().enqueue('{"advice": {"backend/app/routes/todos.py": "do not divide by zero"}}')
    ctx = StepContext(
        settings=Settings(agent_debug="local:debug"),
        models=ScriptedModels(debug=chat),
        budget=Budget(),
        emit=lambda event: None,
    )
    result = await advise([FAILED], ctx, files=files, request="build a todo app")
    assert result.artifact == {"backend/app/routes/todos.py": "do not divide by zero"}
    [sent] = chat.seen
    return text_of(sent[-1])


async def test_the_advice_prompt_lists_every_file_of_the_project_by_path() -> None:
    prompt = await _prompt(FILES)
    listed = prompt.split("Files in the project:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert listed == sorted(FILES)  # the models module is listed, though only the failing file is shown
    assert "class Todo" not in prompt and "return 1 / 0" in prompt
    # the file to fix comes first; the paths take the room that is left after it
    assert prompt.index("Files in the project:") > prompt.index("return 1 / 0")


async def test_a_long_file_list_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(debug, "LISTED_FILES", 2)
    prompt = await _prompt(FILES)
    listed = prompt.split("Files in the project:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert listed == [*sorted(FILES)[:2], "… and 2 more"]
