"""Plans and designs from models: partly usable answers are completed, not thrown away."""

from __future__ import annotations

import json

import pytest

from pipeline.agents.arch import parse_design
from pipeline.agents.core import parse_plan
from pipeline.agents.parsing import ParseError
from pipeline.templates import build_design, extract_spec

REQUEST = "a library system to track books, members and loans"


def test_a_plan_with_a_name_but_no_entities_keeps_the_name_and_takes_the_extractors_entities() -> None:
    plan = parse_plan(
        'Here you go: {"app_name": "Shelf Keeper", "summary": "Lend books to members."}', REQUEST
    )
    assert plan.app_name == "Shelf Keeper" and plan.slug == "shelf-keeper"
    assert plan.summary == "Lend books to members."
    assert {e.name for e in plan.entities} == {e.name for e in extract_spec(REQUEST).entities}


def test_broken_entities_are_repaired_or_dropped_one_by_one() -> None:
    answer = {
        "app_name": "Books",
        "entities": [
            {"name": "book", "plural": "books", "label": "Book", "plural_label": "Books", "title_field": "nope",
             "fields": [{"name": "title", "type": "string"}, {"name": "shelf_id", "type": "reference", "references": "shelf"}]},
            {"name": "Bad Name", "plural": "x", "label": "x", "plural_label": "x", "fields": [{"name": "a"}]},
        ],
    }  # fmt: skip
    plan = parse_plan(json.dumps(answer), REQUEST)
    assert [e.name for e in plan.entities] == ["book"]  # the invalid entity is dropped, the valid one kept
    book = plan.entities[0]
    assert [f.name for f in book.fields] == ["title"]  # a reference to an entity not in the plan is removed
    assert book.title_field == "title" and book.fields[0].required  # a title, and something required


def test_an_answer_with_no_json_at_all_is_asked_again() -> None:
    with pytest.raises(ParseError, match="no JSON object"):
        parse_plan("I am a small model and I like turtles.", REQUEST)


def test_usable_operations_are_kept_and_the_reasons_for_the_others_given() -> None:
    plan = extract_spec("a bowling tracker that keeps a history of rolls")  # CRUD only: no kind of its own
    good = {"method": "post", "path": "/api/dice/roll", "operation_id": "roll_dice",
            "request": {"type": "object", "properties": {"sides": {"type": "integer", "example": 6}}, "required": ["sides"]},
            "response": {"type": "object", "properties": {"total": {"type": "integer"}}, "required": ["total"]}}  # fmt: skip
    clash = {**good, "path": "/api/rolls", "operation_id": "make_roll"}  # CRUD create is built in
    nested_path = {**good, "path": "/api/dice/{n}", "operation_id": "roll_n"}
    design = parse_design(json.dumps({"operations": [good, clash, nested_path]}), plan)
    assert [op.operation_id for op in design.custom_operations] == ["roll_dice"]
    assert design.contract["paths"]["/api/dice/roll"]["post"]["operationId"] == "roll_dice"
    assert "/api/rolls" in design.contract["paths"]  # CRUD untouched
    with pytest.raises(ParseError, match="already in the contract"):
        parse_design(json.dumps({"operations": [clash]}), plan)
    assert parse_design('{"operations": []}', plan).contract == build_design(plan).contract


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (
            {
                "method": "get",
                "path": "/api/x",
                "operation_id": "x",
                "request": {"type": "object", "properties": {"a": {"type": "string"}}},
            },
            "GET takes query",
        ),
        ({"method": "post", "path": "/other/x", "operation_id": "x"}, "must start with /api/"),
        ({"method": "post", "path": "/api/x", "operation_id": "Not-An-Id"}, "snake_case"),
        (
            {"method": "post", "path": "/api/x", "operation_id": "x", "response": {"type": "thing"}},
            "type 'thing'",
        ),
        (
            {
                "method": "post",
                "path": "/api/x",
                "operation_id": "x",
                "status": 204,
                "response": {"type": "object", "properties": {"ok": {"type": "boolean"}}},
            },
            "200, 201 or 202",
        ),
        ({"method": "post", "path": "/api/x", "operation_id": "x"}, "response must be an object"),
    ],
)
def test_operations_that_cannot_be_built_say_why(operation: dict[str, object], message: str) -> None:
    plan = extract_spec("build a todo app")
    with pytest.raises(ParseError, match=message):
        parse_design(json.dumps({"operations": [operation]}), plan)
