"""The app's owner: the records (a shop's catalogue, the rooms to book) are theirs to change;
visitors read them and act through the kind's own operations."""

from __future__ import annotations

from pipeline.templates.blueprint import STR, FeatureDefinition, View, blueprint, obj, op, text

_ADMIN = obj(email=STR)
BLUEPRINT = blueprint(
    "owner", "owner", (View("admin", "Admin", "AdminView"),),
    op("post", "/api/admin/login", "admin_login", "Sign in as the owner",
       handler="login",
       request=obj(email=text(254, 3), password=text(200, 1)), response=obj(email=STR, token=STR),
       description="The owner's account is made on first run from ADMIN_EMAIL and ADMIN_PASSWORD (the "
                   "environment or backend/.env); the token goes with `Authorization: Bearer`. 401 for a wrong "
                   "email or password, 429 with Retry-After after too many."),
    op("get", "/api/admin/me", "current_admin", "Whether the owner is signed in", handler="me",
       response=_ADMIN),
    op("post", "/api/admin/logout", "admin_logout", "Sign the owner out", handler="logout",
       response=_ADMIN),
    uses=("signin",),
)  # fmt: skip

DEFINITION = FeatureDefinition(BLUEPRINT)
