"""The OpenID Connect provider the operator configured, spoken to through Authlib.

```
PIPELINE_OIDC_ISSUER         the provider's issuer (its discovery document is at
                             <issuer>/.well-known/openid-configuration)
PIPELINE_OIDC_CLIENT_ID      the client registered there, with the callback
PIPELINE_OIDC_CLIENT_SECRET  <public URL>/auth/callback
PIPELINE_OIDC_SCOPES         "openid profile email" unless set
PIPELINE_OIDC_NAME           what the page calls the provider ("Sign in with <name>")
```

The code flow with state, nonce and PKCE (S256). The id_token is checked by Authlib: its signature
against the provider's JWKS (fetched again once when a key is unknown, as after a rotation), the
issuer (exactly the configured one), the audience (this client), the nonce this sign-in sent,
its times and the access token's hash.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from authlib.integrations.starlette_client import OAuth


class SignInFailed(Exception):
    """The provider's answer does not sign anyone in; the message says why."""


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    """Exactly as the provider's discovery document and id_tokens name it."""
    client_id: str
    client_secret: str
    scopes: str = "openid profile email"
    name: str = ""
    """The provider as the page names it."""

    @classmethod
    def from_env(cls) -> OidcConfig | None:
        """The configured provider, or None when sign-in is off (no issuer set)."""
        issuer = os.environ.get("PIPELINE_OIDC_ISSUER", "").strip().rstrip("/")
        if not issuer:
            return None
        scopes = os.environ.get("PIPELINE_OIDC_SCOPES", "").strip() or cls.scopes
        if "openid" not in scopes.split():
            scopes = f"openid {scopes}"
        return cls(
            issuer=issuer,
            client_id=os.environ.get("PIPELINE_OIDC_CLIENT_ID", "").strip(),
            client_secret=os.environ.get("PIPELINE_OIDC_CLIENT_SECRET", "").strip(),
            scopes=scopes,
            name=os.environ.get("PIPELINE_OIDC_NAME", "").strip(),
        )


class OidcClient:
    """One provider: discovery on first use, then the two halves of the code flow."""

    def __init__(self, config: OidcConfig) -> None:
        self.config = config
        oauth = OAuth()
        self._app: Any = oauth.register(
            "oidc",
            client_id=config.client_id,
            client_secret=config.client_secret,
            server_metadata_url=f"{config.issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": config.scopes, "code_challenge_method": "S256", "timeout": 10},
        )

    async def start(self, redirect_uri: str) -> dict[str, str]:
        """The provider's authorization URL, and what the callback must check: ``url``, ``state``,
        ``nonce``, ``code_verifier``."""
        metadata = await self._app.load_server_metadata()
        if str(metadata.get("issuer", "")).rstrip("/") != self.config.issuer:
            # OpenID Connect Discovery §4.3: a document naming another issuer is not this provider's
            raise SignInFailed(
                f"the provider's discovery document names the issuer {metadata.get('issuer')!r}"
            )
        found = await self._app.create_authorization_url(redirect_uri)
        return {k: str(found[k]) for k in ("url", "state", "nonce", "code_verifier")}

    async def finish(self, redirect_uri: str, code: str, login: dict[str, str]) -> dict[str, Any]:
        """The id_token's claims, once the code is exchanged and the token checked."""
        try:
            token = await self._app.fetch_access_token(
                redirect_uri=redirect_uri, code=code, code_verifier=login["code_verifier"]
            )
        except Exception as exc:  # the provider refused the code: an OAuthError, or its HTTP error
            raise SignInFailed(f"the provider refused the code: {exc}") from exc
        if "id_token" not in token:
            raise SignInFailed("the provider sent no id_token (is 'openid' among the scopes?)")
        options = {
            "iss": {"essential": True, "value": self.config.issuer},
            "aud": {"essential": True, "value": self.config.client_id},
            "sub": {"essential": True},
        }
        try:
            claims = await self._app.parse_id_token(token, nonce=login["nonce"], claims_options=options)
        except Exception as exc:  # Authlib's JoseError family: a bad signature, issuer, audience …
            raise SignInFailed(f"the id_token does not hold: {exc}") from exc
        return dict(claims)


def display_name(claims: dict[str, Any]) -> str:
    for key in ("name", "preferred_username", "email", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return "you"
