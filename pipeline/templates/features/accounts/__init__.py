"""Accounts: sign-up, sign-in and sessions, asked for as a feature or used by a kind."""

from __future__ import annotations

from pipeline.templates.blueprint import INT, STR, FeatureDefinition, blueprint, obj, op, text

_SESSION = obj(user_id=INT, email=STR, token=STR)
_CREDENTIALS = obj(email=text(254, 3), password=text(200, 8))
_USER = obj(user_id=INT, email=STR)
BLUEPRINT = blueprint(
    "accounts", "accounts", (),
    op("post", "/api/auth/register", "register", "Create an account", status=202,
       handler="register", request=_CREDENTIALS,
       response=obj(email=STR, detail=STR),
       description="The password is hashed with scrypt and a salt of its own. The answer is the same whether "
                   "or not the email was taken (nobody learns who has an account); then sign in. 429 with "
                   "Retry-After past REGISTRATIONS_PER_CLIENT an hour."),
    op("post", "/api/auth/login", "login", "Sign in", handler="login",
       request=_CREDENTIALS, response=_SESSION,
       description="A session token for `Authorization: Bearer`; 401 for a wrong email or password, 429 with "
                   "Retry-After after LOGIN_FAILURES_PER_ACCOUNT failures for one email or "
                   "LOGIN_FAILURES_PER_CLIENT from one client (in LOGIN_WINDOW_SECONDS)."),
    op("get", "/api/auth/me", "current_user", "Who is signed in", handler="user_of",
       response=_USER),
    op("post", "/api/auth/logout", "logout", "Sign out (the token stops working)",
       handler="logout", response=_USER),
    uses=("signin",),
)  # fmt: skip

DEFINITION = FeatureDefinition(BLUEPRINT, asked_as="accounts")
