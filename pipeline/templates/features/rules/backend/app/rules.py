"""What the app's rules raise when they refuse a request. The rules stay plain Python (a test or
a script calls them without a web server); the web layer (``app.main``) answers each error with
its HTTP status and its text as the ``detail``."""

from __future__ import annotations


class RuleError(Exception):
    """A request the rules refuse; ``status`` is how the web layer answers it."""

    status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(RuleError):
    """What the request names does not exist (a game, a session)."""

    status = 404


class Refused(RuleError):
    """The request does not fit the state things are in (a taken cell, a finished game)."""

    status = 409


class Invalid(RuleError):
    """The request's values are outside what the rules take (a column that is not on the board)."""

    status = 422
