"""What a booking request books, with the details people ask of it: a trip's route, date, seats
and price; a table's size; a session's coach. The booked thing is what each booking references
(the booking kind's first entity), never a word that merely comes first ("a coaching site books
its goals")."""

from __future__ import annotations

import re

_TRIPS = r"trips?|routes?|rides?|journeys?|tours?|buses|bus|flights?|shuttles?|ferr(?:y|ies)|excursions?"
_SESSIONS = r"sessions?|lessons?|classes|class|workshops?"
_COACH = re.compile(r"\b(coach|tutor|trainer|instructor|teacher|therapist|mentor)(?:es|s)?\b")
_BOOKS = r"\b(?:book(?:s|ed|ing)?|reserv(?:e|es|ed|ing|ations?)|buy(?:s|ing)?)\b"
_TRIP = re.compile(
    rf"{_BOOKS}[^.;]*?\b(?:{_TRIPS})\b|\b(?:seats?|tickets?)\s+(?:on|for)\s+(?:\w+\s+)?(?:{_TRIPS})\b"
)
_TABLE = re.compile(rf"{_BOOKS}[^.;]*?\btables?\b|\btables?\s+(?:bookings?|reservations?)\b")
_SESSION = re.compile(rf"{_BOOKS}[^.;]*?\b(?:{_SESSIONS})\b|\b(?:{_SESSIONS})\b[^.;]*?{_BOOKS}")
PLACEHOLDERS = {"resource", "seat", "ticket", "spot", "place", "slot"}
"""Records the kind reads for "book a seat" or "a slot": the booked thing's own page holds them."""
SAME_AS = {
    "trip": {"route", "ride", "journey", "tour", "flight", "bus"},
    "table": set(),
    "session": {"lesson", "class_session", "workshop"},
}
"""Other words for the booked thing, which would otherwise make a second list of it."""


def booked_details(lowered: str) -> tuple[str, list[str]] | None:
    """The booked thing and its fields (``vocabulary.parse_field`` form), when the request books a
    trip, a table or a session; None leaves the kind's own reading."""
    if _TRIP.search(lowered):
        return "trip", ["route:string!", "departs_on:date!", "seats:integer!", "price:number!"]
    if _TABLE.search(lowered):
        return "table", ["name:string!", "seats:integer!", "area:string"]
    if _SESSION.search(lowered):
        coach = _COACH.search(lowered)
        return "session", [
            "title:string!",
            f"{coach[1] if coach else 'instructor'}:string!",
            "capacity:integer!",
            "price:number",
        ]
    return None
