"""The page's words about what was made (static/truth.js), run by Node as the browser runs them:
the run's own ``fit``/``unmet``/``dropped`` when its summary or plan has them, the request's unused
words until then, "+ rating on recipes" for a change, and "Nothing changed" with an example."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from pipeline.server.routes_page import STATIC

CHESS_PLAN = {
    "app_name": "Chess Game", "kind": "generic", "features": ["filtering", "search"], "pages": ["Chess games"],
    "entities": [{"name": "chess_game", "plural": "chess_games", "label": "Chess game", "plural_label": "Chess games",
                  "fields": [{"name": "name", "label": "Name"}, {"name": "active", "label": "Active"}]}],
}  # fmt: skip


def run(expression: str) -> Any:
    if shutil.which("node") is None:
        pytest.fail("Node is needed to run the page's modules: apt-get install nodejs")
    script = (
        f"import * as t from '{(STATIC / 'truth.js').as_uri()}';\nconsole.log(JSON.stringify({expression}));"
    )
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def note(**given: Any) -> str:
    args = {"plan": CHESS_PLAN, "prompt": "A chess game with move history and undo", "kinds": ["Todo List"]}
    args.update(given)
    return str(run(f"t.truthNote({json.dumps(args)})"))


def test_until_the_run_says_its_fit_the_unused_words_of_the_request_are_named() -> None:
    text = note(modelKeys=False)
    assert text.startswith("Made: Chess games (name, active). Not made: “move history”, “undo”.")
    assert "A model key would let the agents write them; without one, the templates make Todo List" in text
    assert run("t.unusedPhrases('build a todo app', {app_name: 'Todo List', entities: []}, [])") == []


def test_the_runs_own_fit_and_unmet_win_over_the_guess() -> None:
    assert note(summary={"fit": "full", "unmet": []}) == ""  # the run says it fits: no guessing
    partial = note(
        summary={"fit": "partial", "unmet": ["a chess board"], "dropped": ["undo: the tests failed"]}
    )
    assert "Not made: “a chess board”." in partial and "move history" not in partial
    assert "Left out to keep the app working: undo: the tests failed." in partial
    # a summary written now keeps each entry's cause beside its words: the note shows the words
    typed = note(
        summary={"fit": "partial", "dropped": [{"cause": "left_out", "text": "undo: the tests failed"}]}
    )
    assert "Left out to keep the app working: undo: the tests failed." in typed
    nearest = note(plan={**CHESS_PLAN, "fit": "none", "unmet": ["play chess"]}, modelKeys=True, offline=True)
    assert nearest.startswith(
        "Not what you asked: the nearest app the templates make, Chess games (name, active)."
    )
    assert "build it again without “offline”" in nearest


def test_a_change_says_what_it_added_or_that_nothing_changed() -> None:
    assert run("t.changeLine(2, ['added rating to recipe'])") == "v2: + rating on recipe"
    assert run(f"t.nothingChanged(['show a chess board'], {json.dumps(CHESS_PLAN)})") == (
        "Nothing changed. The templates did not understand “show a chess board”."
        " Try a change they know, for example “add a rating to chess games”."
    )
    edit = {"summary": {"mode": "edit", "files_written": ["README.md"]}}  # only the README's note
    assert run(
        f"[t.isNoChange({json.dumps(edit)}), t.isNoChange({{summary: {{mode: 'generate', files_written: []}}}})]"
    ) == [
        True,
        False,
    ]
