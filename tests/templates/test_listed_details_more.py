"""Round 2 of details a request names: a bare part word in a list of details ("pages") is a
detail, not the look; a kind's own thing takes the details listed for it; "how many X" and "how
hard it was" items are a count and a short text."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec


@pytest.mark.parametrize(
    ("request_text", "thing", "field"),
    [
        ("a list of my books with author, genre, pages and whether I've read it", "book", "pages"),
        ("a log of the magazines I read: title, issue, pages and publisher", "magazine", "pages"),
        ("keep my slide decks with topic, buttons and date given", "slide_deck", "buttons"),
    ],
)
def test_a_part_word_in_a_list_of_details_is_a_detail(request_text: str, thing: str, field: str) -> None:
    entity = extract_spec(request_text).entity(thing)
    assert entity is not None and entity.field(field) is not None


def test_part_words_after_a_colour_stay_the_look() -> None:
    plan = extract_spec("a todo app with navy buttons and headers")
    assert not any(f.name in ("headers", "buttons") for e in plan.entities for f in e.fields)
