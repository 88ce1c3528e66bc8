"""Events, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "events", 350,
    Cue(r"\b(events?|calendar|meetings?|part(y|ies)|rsvps?)\b|\bmeet-?ups?\b|\bgatherings?\b|\bget-?togethers?\b|\bwho(?:'s|\s+is|\s+are)\s+(?:coming|going|attending)\b|\bwhether\s+(?:they|you|people|guests)(?:'re|\s+are|\s+will\s+be)?\s+(?:coming|attending|going)\b|\bsign(?:s|ing)?\s+up\s+to\s+(?:come|attend|bring|join)\b|\b(?:announce|organi[sz]e|host|arrange)s?\s+(?:(?:a|an|the|our|their|monthly|weekly|regular)\s+)*(?:\w+\s+)?(?:nights|evenings|outings|socials|meets)\b|\beventbrite\b|\bsign(?:s|ing)?\s+(?:(?:their|your|my|our|the)\s+\w+\s+)?up\s+for\b(?!\s+(?:an?\s+|the\s+|our\s+)?(?:accounts?|newsletters?|emails?|updates|free))|\b(?:whether|if)\s+(?:they|you|people|guests|we|i)(?:'?re|\s+are|\s+will\s+be|'ll\s+be)?\s+(?:coming|attending|going)\b", "Events", ("event",)),
    does=("plan", "schedule", "attend", "host", "organise", "organize", "sign up", "register"),
)  # fmt: skip
