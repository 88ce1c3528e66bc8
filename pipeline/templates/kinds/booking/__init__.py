"""Bookings of time slots: no double booking (seats counted for what many people book at once),
cancelled with the booking's own token."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    STR,
    Cue,
    KindDefinition,
    View,
    arr,
    between,
    blueprint,
    obj,
    op,
    text,
)

_BOOKING = obj(booking_id=INT, resource_id=INT, resource=STR, name=STR, starts_at=STR, ends_at=STR, seats=INT)
_WHEN = {"type": "string", "format": "date-time"}
BLUEPRINT = blueprint(
    "booking", "booking", (View("calendar", "Calendar", "CalendarView"),),
    op("post", "/api/bookings", "book_slot", "Book a time slot", creates=True,
       handler="book",
       request=obj("seats", resource_id={"type": "integer", "minimum": 1}, name=text(80, 1), starts_at=_WHEN,
                   ends_at=_WHEN, seats=between(1, 50)),
       response=obj(**_BOOKING["properties"], cancel_token=STR),
       description="A slot that overlaps another booking of the same resource is refused with 409 (for a thing "
                   "with seats, when the seats asked are more than are left); seats over what the thing takes "
                   "in one booking (a trip's seats, a table's party size) are 422; the end "
                   "must come after the start (else 422); an unknown resource is 404. The answer's "
                   "cancel_token is what cancels it."),
    op("get", "/api/bookings/availability", "booking_availability", "Seats left of one thing for a slot",
       handler="availability",
       query={"resource_id": {"type": "integer", "minimum": 1}, "starts_at": _WHEN, "ends_at": _WHEN},
       response=obj(resource_id=INT, capacity=INT, booked=INT, left=INT),
       description="A thing with seats (a trip, a class) counts the seats booked over the slot; one booked "
                   "whole (a room, a table) has capacity 1. An unknown thing is 404."),
    op("get", "/api/bookings/calendar", "booking_calendar", "Bookings in a range of days",
       handler="calendar",
       query={"start": {"type": "string", "format": "date"}, "days": between(1, 42)}, response=arr(_BOOKING)),
    op("post", "/api/bookings/cancel", "cancel_booking", "Cancel a booking",
       handler="cancel",
       request=obj("cancel_token", booking_id={"type": "integer", "minimum": 1}, cancel_token=text(64)),
       response=_BOOKING,
       description="Only with the booking's cancel_token (or as the account that booked it, or as the owner): "
                   "403 otherwise, 404 for an unknown booking."),
    uses=("owner",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="booking",
    priority=190,
    cues=(
        Cue(r"\b(hotel|room\s+bookings?|rooms?\s+reservations?|rooms?\s+rentals?)\b|\brent(al|ing)?\s+(a\s+)?rooms?\b|\bbook\s+nights?\b|\bb\s*&\s*b\b|\bbed\s+and\s+breakfast\b|\bguest\s*houses?\b|\bcheck[\s-]?ins?\b", "Room Bookings", ("room",)),
        Cue(r"\bbookings?\b|\breservations?\b|\breserv(e|ing)\b|\b(time\s*)?slots?\b|\bbook\s+(a|an|the)\b|\bbook\s+(tables?|seats?|courts?|sessions?|lessons?|classes|slots?|appointments?|shifts?)\b|\bbook\s+(?:a\s+)?tutors?\b|\btutor(?:ing)?\s+(?:sessions?|lessons?)\b|\brent(?:s|ing)?\s+out\b|\b(?:gear|equipment|tools?|bikes?|boats?|kayaks?|costumes?)\s+(?:rentals?|hire)\b|\bsign(?:s|ing)?\s+up\s+for\s+(?:\w+\s+)?(?:shifts?|slots?|sessions?|classes)\b|\bclaim(?:s|ing)?\s+(?:the\s+)?(?:open\s+|free\s+)?(?:shifts?|slots?)\b|\bschedul(e|ing|er)\b.*\b(rooms?|courts?|desks?|appointments?|sessions?|lessons?|classes)\b|\bschedul\w*\s+(?:(?:a|an|the|their|your|my|our)\s+)?(?:\w+\s+)?(?:haircuts?|massages?|consultations?|viewings?|calls?|visits?|treatments?|fittings?|pickups?|tours?|tastings?)\b|\bhire\s+out\b|\bbook\s+(?:space|time|places?|spots?|pitch(?:es)?|desks?)\b|\bairbnb\b|\bcalendly\b|\bopentable\b|\b(?:pick|choose|take|grab)(?:s|ing)?\s+(?:the\s+|a\s+|their\s+)?(?:open\s+|free\s+|available\s+)?(?:shifts?|slots?)\b", "Bookings", ("resource",)),
    ),
    blueprint=BLUEPRINT,
    prompt="booking (time slots, no double booking)",
    prompt_group="business",
    does=("reserve", "rent", "hire", "schedule", "offer", "sign up", "rent out", "register"),
)  # fmt: skip
