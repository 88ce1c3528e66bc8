"""A kind is one folder: its definition, its module and tests, its view and CSS. The registries
and CORE's list are made from the folders, every operation's handler binds to its request, and an
app ships only its own kind's CSS."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from pipeline.agents.briefs import load_prompt
from pipeline.artifacts import CustomOperation
from pipeline.templates import extract_spec
from pipeline.templates.binding import BindingError, bind, module_path
from pipeline.templates.blueprint import Blueprint, Cue, KindDefinition, record_kind
from pipeline.templates.contract import build_design
from pipeline.templates.operations import normalize_operation
from pipeline.templates.registry import (
    BLUEPRINTS,
    DEFINITIONS,
    KINDS,
    SHARED,
    core_kind_lines,
    kind_definitions,
    kinds_of,
)
from pipeline.templates.render import render_frontend

TEMPLATES = resources.files("pipeline.templates")
EVERY = sorted({**BLUEPRINTS, **SHARED}.items())


def _operations(blueprint: Blueprint) -> list[CustomOperation]:
    design = build_design(extract_spec("a todo app"))
    return [normalize_operation(raw, design) for raw in blueprint.operations]


@pytest.mark.parametrize(("name", "blueprint"), EVERY, ids=[n for n, _ in EVERY])
def test_every_operation_of_every_kind_binds_to_its_handler(name: str, blueprint: Blueprint) -> None:
    calls = [bind(blueprint, op) for op in _operations(blueprint)]
    assert len(calls) == len(blueprint.operations)
    for call in calls:  # keyword arguments only, each from the database, the request, the body or the query
        arguments = re.findall(r"(\w+)=", call.code)
        assert call.code.startswith(f"{blueprint.module}.") and len(arguments) == call.code.count("=")


@pytest.mark.parametrize(("name", "blueprint"), EVERY, ids=[n for n, _ in EVERY])
def test_every_folder_holds_what_its_definition_names(name: str, blueprint: Blueprint) -> None:
    folder = TEMPLATES / blueprint.folder
    if blueprint.module:
        assert (TEMPLATES / module_path(blueprint)).is_file()
        tests = [p.name for p in (folder / "backend" / "tests").iterdir()] if blueprint.operations else []
        assert not blueprint.operations or any(t.startswith(f"test_{blueprint.module}.py") for t in tests)
    for view in blueprint.views:
        views = folder / "frontend" / "src" / "views"
        source = next(
            views / n for n in (f"{view.component}.jsx", f"{view.component}.jsx.j2") if (views / n).is_file()
        )
        if (views / f"{view.component}.css").is_file():  # its CSS comes with it, and only with it
            assert f"import './{view.component}.css';" in source.read_text("utf-8")


def test_the_registries_keep_the_kinds_order_and_every_kind_is_offered_to_core() -> None:
    assert [d.priority for d in DEFINITIONS] == sorted(d.priority for d in DEFINITIONS)
    assert KINDS[0].key == "chess" and KINDS[-1].key == "todo"
    assert [k.app_name for k in KINDS if k.key == "booking"] == ["Room Bookings", "Bookings"]
    prompt = load_prompt("core")
    assert core_kind_lines() in prompt and "{{kinds}}" not in prompt
    assert all(re.search(rf"\b{kind}\b", prompt) for kind in BLUEPRINTS)


def test_a_new_kind_is_a_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "more_kinds"
    (package / "kiosk").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "kiosk" / "__init__.py").write_text(
        textwrap.dedent(
            """
            from pipeline.templates.blueprint import Cue, KindDefinition

            DEFINITION = KindDefinition(
                key="kiosk", priority=5, cues=(Cue(r"\\bkiosks?\\b", "Kiosk", ("product",)),),
                prompt="kiosk (a counter that sells snacks)", prompt_group="business",
            )
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = kind_definitions("more_kinds")
    assert [k.key for k in kinds_of(found)] == ["kiosk"]
    assert core_kind_lines((*found, *DEFINITIONS)).count("kiosk (a counter that sells snacks)") == 1
    merged = sorted((*found, *DEFINITIONS), key=lambda d: d.priority)
    assert kinds_of(tuple(merged))[0].key == "kiosk"  # its priority puts it first: it wins ties


def test_a_plain_kind_states_only_its_data_and_may_add_any_other_field() -> None:
    cue = Cue(r"\bkiosks?\b", "Kiosk", ("product",))
    assert record_kind("kiosk", 5, cue, features=("tags",)) == KindDefinition(
        key="kiosk", priority=5, cues=(cue,), features=("tags",)
    )
    # a field it does not name is passed on as it is (a folder's own line in CORE's prompt)
    listed = record_kind(
        "kiosk", 5, cue, prompt="kiosk (a counter that sells snacks)", prompt_group="business"
    )
    assert (listed.prompt, listed.prompt_group, listed.blueprint) == (
        "kiosk (a counter that sells snacks)",
        "business",
        None,
    )


def test_a_handler_that_is_missing_or_binds_nothing_is_an_error() -> None:
    dice = BLUEPRINTS["dice"]
    roll, history = _operations(dice)[:2]
    with pytest.raises(BindingError, match=r"dice.throw\(\), which templates/kinds/dice/backend/app/dice.py"):
        bind(replace(dice, handlers={**dice.handlers, "roll_dice": "throw"}), roll)
    with pytest.raises(BindingError, match=r"dice.roll\(\) takes 'player', which operation dice_history"):
        bind(replace(dice, handlers={**dice.handlers, "dice_history": "roll"}), history)


def test_an_app_ships_its_own_kinds_css_alone() -> None:
    plan = extract_spec("a memory matching game")
    files = render_frontend(plan, build_design(plan)).files
    css = "\n".join(text for path, text in files.items() if path.endswith(".css"))
    assert ".board.memory" in files["frontend/src/views/MemoryView.css"]
    assert ".calendar" not in css and ".letter" not in css and ".disc" not in css
    assert ".board" not in files["frontend/src/styles.css"]
