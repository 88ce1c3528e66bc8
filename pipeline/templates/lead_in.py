"""Where a request's own words begin: everything before its domain, in one grammar. Greetings and
requests ("please", "could you"), wishes and questions about making it ("I'd love", "Is it possible
to", "I'm looking for"), vague nouns for the software ("something simple", "a quick way"), verbs of
making, the kind of software ("a website", "an app") and the connectors after it ("for", "that lets",
"where users can"), in any order and mixed: "I need something to keep track of" goes as a whole.
"""

from __future__ import annotations

import re

_OPENERS = r"""
    (?:
        (?:need|want|wanted|wanting)\b(?:\s+to\b)?  # a wish without its subject: "Need a quick way …"
      | (?:is|would)\s+it\s+(?:be\s+)?possible\s+(?:for\s+(?:you|someone)\s+)?to\b
      | (?:i|we)(?:'d|\s+would)\s+(?:really|just|actually|also|so|honestly)\s+(?:like|love)\b(?:\s+to\b)?
      | keep(?:ing)?\s+tabs\s+on\b  # "keep tabs on" is "keep track of", which the lead-in takes
      | [:;\u2013\u2014-]+(?=\s)  # "Build a simple app: users post …"
      | (?:how|what)\s+about\b
      | (?:how|where)\s+(?:can|could|do|should|would|will)\b  # "How can parents share babysitting?"
      | (?:can|could|may)\s+(?:we|i)\s+(?:get|have)\b  # "Can we get an app that …"
      | (?:is|are)\s+there\b  # "Is there a way to …"
      | (?:my|our)\s+[a-z]+\s+and\s+(?=i\b|we\b)  # "My partner and I want to …"
      | (?:i'm|i\s+am|we're|we\s+are)\s+(?:looking\s+for|after|hoping\s+for)\b
      | (?:i'm|i\s+am|we're|we\s+are)\s+(?=an?\s)  # "we're a dance school and …": the business follows
      | (?:i'm|i\s+am|we're|we\s+are|i|we)\s+(?:the\s+|an?\s+)?(?:owners?|managers?|founders?|organi[sz]ers?|
          coach(?:es)?|runs?)\s+(?:of\b|(?=an?\s|my\s|our\s))  # "I am the owner of a small gym": the gym
      | (?:ok|okay|basically|um+|so\s+basically|alright|honestly)\b[\s,]*  # fillers
      | what(?:'s|\s+is)?\s+the\s+(?:best|easiest|simplest|quickest)\s+way\s+to\b
      | so\b(?:\s+that\b)?  # "a tool so parents can …"
      | (?:i|we)\s+(?!need|want|would|like|love)[a-z]+\s+(?=(?:an?|our|my)\s[^.]*?\band\s+(?:i\s+|we\s+)?(?:need|want|would|'d))
      | what\s+would\s+be\s+(?:a|the)\s+(?:good|nice|simple|easy|best)\s+way\s+to\b
      | (?:an?\s+)?thing\b(?=\s+(?:where|that|which|to|for)\b)  # "make a thing where …"
      | (?:something|anything)(?:\s+(?:simple|small|quick|easy|basic|nice|neat))*\b
      | (?:somewhere|someplace|anywhere)\b  # "somewhere to write down …"
      | like\s+[\w.-]+(?:\s+[\w.-]+)?\s+but\s+(?=for\b)  # "like airbnb but for camping spots"
      | (?:an?\s+)?(?:(?:quick|simple|easy|better|nice)\s+)?way\b
    )[\s,]*"""
"""Openers that stand before a lead-in or after one: a question about making it, a wish said as
what the writer is looking for, and a vague noun for the software ("something", "a quick way")."""

_GENERAL = r"""
        (?:hi|hello|hey)\b[\s,!]*
      | (?:please|pls|kindly)\b[\s,]*
      | (?:can|could|would|will)\s+(?:you|u)\b(?:\s+please)?[\s,]*
      | (?:i|we)(?:'d|\s+would|\s+want|\s+need|\s+wanna)?(?:\s+(?:like|love|want|need))?(?:\s+(?:you\s+)?to)?\b[\s,]*
      | (?:help\s+(?:me|us)(?:\s+to)?|let's|lets|let\s+us|go\s+ahead\s+and)\b[\s,]*
      | (?:implement|build|make|create|develop|design|code|write|generate|set\s+up|setup|put\s+together|
          spin\s+up|whip\s+up|knock\s+up|cook\s+up|throw\s+together|scaffold|produce|give|get|have|program)(?:\s+(?:me|us|for\s+(?:me|us)))?\b[\s,]*
      | (?:a|an|the|my|our|some|new|simple|small|basic|quick|tiny|little|nice|modern|clean|beautiful|
          responsive|full[\s-]?stack|fullstack|complete|working|functional|online|mobile[\s-]?friendly|
          single[\s-]page|crud|react|fastapi|python)\b[\s,]*
      | (?:web\s*site|website|web\s+app(?:lication)?|webapp|app(?:lication)?|site|platform|portal|tool|
          system|service|software|program|(?:landing\s+|home\s+|web\s+)?page|dashboard|solution|project|interface|ui|frontend|backend)s?\b[\s,]*
      | (?:forum|place|space|community|spot)\s+(?=where\b)
      | (?:for|that|which|where|to|so\s+that|in\s+which|allowing|letting|helping|enabling|that\s+lets|
          that\s+allows|that\s+helps|where\s+(?:users|people|customers|members|i|we)\s+(?:can|could))\b[\s,]*
      | (?:users?|people|customers|members|visitors|employees|students|staff|players|guests|residents|
          clients|readers|fans|teams?|i|we|me|us)\s+(?:can|could|to)\b[\s,]*
      | (?<!\bmy\s)(?<!\bour\s)(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\byour\s)(?<!\btheir\s)  # a noun there
        (?:manage|managing|track|tracking|keep\s+track\s+of|keeping\s+track\s+of|organi[sz]e|organi[sz]ing|
          handle|handling|run|running|store|storing|record|recording|log|logging|list|listing|
          show|showing|showcase|showcasing|browse|browsing|share|sharing|sell|selling|book|booking|
          plan|planning|play|playing|manages|tracks|keeps\s+track\s+of|organi[sz]es|handles|runs|stores|
          records|logs|lists|shows|showcases|shares|sells|plans)\b
        (?!\s+(?:club|group|team|class|school|society|league|crew)s?\b)[\s,]*  # "a running club" is named
"""
"""Greetings, requests, verbs of making, the kind of software, and the connectors after it."""

_PARTS = re.compile(rf"\W*(?:{_OPENERS}|{_GENERAL})+", re.IGNORECASE | re.VERBOSE)
LEAD_IN = re.compile(rf"^{_PARTS.pattern}", re.IGNORECASE | re.VERBOSE)
"""Everything before the domain, repeated, so "please implement a website for" goes as a whole."""


def after_lead_in(text: str) -> str:
    """The request after its lead-in, however its parts mix ("I need something to keep track of
    …"); what was taken stays in sight, so a verb after "my" is a noun ("log my runs")."""
    at = 0
    while (part := _PARTS.match(text, at)) and part.end() > at:
        at = part.end()
    return text[at:]
