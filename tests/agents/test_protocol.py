"""The answer protocol: parsing blocks, joining continuations, applying edits exactly or not at all."""

from __future__ import annotations

import pytest

from pipeline.agents.coding import Workload, split_work
from pipeline.agents.parsing import ParseError, json_incomplete
from pipeline.agents.protocol import (
    apply_answer,
    blocks_done,
    join_continuation,
    open_block,
    parse_code_answer,
    retry_request,
)
from pipeline.agents.sizing import Room, max_tokens_for, prompt_budget

ANSWER = """Sure, here are the changes.

<file path="backend/app/routes/rolls.py">
```python
def roll() -> int:
    return 4
```
</file>
Now the main module:
<edit path="backend/app/main.py">
<<<<<<< SEARCH
app = create_app()
=======
app = create_app()  # ready
>>>>>>> REPLACE
<<<<<<< SEARCH
import os
=======
import os
import random
>>>>>>> REPLACE
</edit>
<delete path="backend/app/unused.py"/>
That is all!"""


def test_blocks_are_parsed_and_text_outside_them_is_ignored() -> None:
    answer = parse_code_answer(ANSWER, prefix="backend/")
    assert answer.files == {
        "backend/app/routes/rolls.py": "def roll() -> int:\n    return 4\n"
    }  # fence removed
    assert [(e.path, e.search, e.replace) for e in answer.edits] == [
        ("backend/app/main.py", "app = create_app()\n", "app = create_app()  # ready\n"),
        ("backend/app/main.py", "import os\n", "import os\nimport random\n"),
    ]
    assert answer.deletes == ["backend/app/unused.py"]
    assert answer.count() == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<file path="../etc/passwd">x</file>', "would leave the output folder"),
        ('<file path="/abs/file.py">x</file>', "absolute paths are not allowed"),
        ('<file path="frontend/src/App.jsx">x</file>', "outside 'backend/'"),
        ('<edit path="backend/a.py">no markers here</edit>', "no SEARCH/REPLACE"),
        ("I would rather chat about the weather.", "no <file>, <edit> or <delete> block"),
        ("   ", "empty"),
    ],
)
def test_unusable_answers_say_why(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_code_answer(text, prefix="backend/")


def test_an_explicit_no_changes_answer_is_valid() -> None:
    answer = parse_code_answer("The scaffold already does all of this. <no-changes/>")
    assert answer.empty and answer.no_changes


def test_an_answer_cut_inside_a_block_is_detected_and_counted_while_streaming() -> None:
    partial = '<file path="a.py">\nprint(1)\n</file>\n<edit path="b.py">\n<<<<<<< SEARCH\nx'
    assert open_block(partial) == "b.py"
    assert open_block(partial + "\n=======\ny\n>>>>>>> REPLACE\n</edit>") is None
    assert blocks_done(partial) == 1


def test_a_continuation_is_joined_without_repeating_what_was_shown() -> None:
    partial = '<file path="a.py">\nline one\nline tw'
    assert (
        join_continuation(partial, "o\nline three\n</file>")
        == '<file path="a.py">\nline one\nline two\nline three\n</file>'
    )
    # a model that repeats the tail it was given
    assert join_continuation(partial, "line one\nline two\n</file>").count("line one") == 1
    # a model that starts the cut file again: the restart replaces the cut copy
    joined = join_continuation(partial, '<file path="a.py">\nline one\nline two\n</file>')
    assert joined == '<file path="a.py">\nline one\nline two\n</file>'


def test_edits_apply_exactly_or_trailing_space_aside_never_loosely() -> None:
    files = {"m.py": "import os\n\nvalue = 1   \nother = 2\n"}
    exact = parse_code_answer(
        '<edit path="m.py">\n<<<<<<< SEARCH\nother = 2\n=======\nother = 3\n>>>>>>> REPLACE\n</edit>'
    )
    spaced = parse_code_answer(
        '<edit path="m.py">\n<<<<<<< SEARCH\nvalue = 1\n=======\nvalue = 10\n>>>>>>> REPLACE\n</edit>'
    )
    indented = parse_code_answer(
        '<edit path="m.py">\n<<<<<<< SEARCH\n    other = 2\n=======\n    other = 9\n>>>>>>> REPLACE\n</edit>'
    )
    result, failures = apply_answer(files, exact)
    assert result["m.py"].endswith("other = 3\n") and failures == []
    result, failures = apply_answer(files, spaced)
    assert "value = 10\nother = 2\n" in result["m.py"] and failures == []
    result, failures = apply_answer(files, indented)  # different indentation is a different line
    assert result == files and len(failures) == 1
    assert failures[0].reason == "the SEARCH text is not in the file"
    assert "other = 2" in failures[0].closest


def test_a_failed_edit_is_sent_back_alone_with_the_closest_lines() -> None:
    files = {"app.jsx": "function App() {\n  return <main>\n    <View />\n  </main>;\n}\n"}
    stale = parse_code_answer(
        '<edit path="app.jsx">\n<<<<<<< SEARCH\n  return <main className="x">\n=======\n  return <main>\n>>>>>>> REPLACE\n</edit>'
    )
    _, failures = apply_answer(files, stale)
    request = retry_request(failures)
    assert 'return <main className="x">' in request  # the block that failed
    assert "The closest lines now in app.jsx:\nfunction App() {\n  return <main>" in request


def test_new_files_by_empty_search_and_deletes() -> None:
    answer = parse_code_answer(
        '<edit path="new.py">\n<<<<<<< SEARCH\n=======\nprint("new")\n>>>>>>> REPLACE\n</edit><delete path="old.py"/>'
    )
    result, failures = apply_answer({"old.py": "x"}, answer)
    assert result == {"new.py": 'print("new")\n'} and failures == []


def test_json_answers_cut_before_their_last_brace_are_incomplete() -> None:
    assert json_incomplete('{"app_name": "Todo", "entities": [{"name": "to')
    assert json_incomplete('{"a": "a } inside a string"')
    assert not json_incomplete('Here: {"a": {"b": 1}} done')
    assert not json_incomplete("no json at all")


def test_calls_are_sized_to_the_context_the_output_limit_and_the_tokens_per_minute() -> None:
    groq = Room(context=131_072, max_output=32_766, tpm=8_000)
    assert max_tokens_for(1_000, groq, desired=4_000, minimum=800) == 4_000
    assert max_tokens_for(5_000, groq, desired=4_000, minimum=800) == 8_000 - 5_000 - 64
    assert max_tokens_for(7_500, groq, desired=4_000, minimum=800) is None  # would be refused: not sent
    small = Room(context=2_048, max_output=1_024)
    assert max_tokens_for(1_500, small, desired=4_000, minimum=256) == 2_048 - 1_500 - 64
    assert prompt_budget(groq, answer=4_000) == 8_000 - 4_000 - 64


def test_work_that_does_not_fit_one_call_is_split_by_file() -> None:
    files = {f"f{i}.py": "x" * 4_000 for i in range(5)}  # about 1,000 tokens each
    parts = split_work(files, sorted(files), [], fixed=500, budget=2_600)
    assert [p.whole for p in parts] == [["f0.py", "f1.py"], ["f2.py", "f3.py"], ["f4.py"]]
    assert split_work(files, [], [], fixed=500, budget=2_600) == [Workload()]


def test_an_outline_shows_short_literal_constants_whole_and_other_constants_by_their_keys() -> None:
    from pipeline.agents.outline import outline

    source = (
        'SAMPLES: dict[str, dict[str, Any]] = {"payments": {"paused": True, "every_months": 3}}\n'
        'TABLES = {"payments": Table(name="payments")}\n'
        f"BIG = {list(range(400))!r}\n"
        "def make(client, plural):\n    ...\n"
    )
    shown = outline("backend/tests/conftest.py", source).split("\n")
    assert shown == [
        'SAMPLES: dict[str, dict[str, Any]] = {"payments": {"paused": True, "every_months": 3}}',
        "TABLES = {'payments': ...}",  # a call is not a value a caller can read
        "BIG = ...",  # too long to show whole
        "def make(client, plural):",
    ]
