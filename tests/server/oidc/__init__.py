"""A real OpenID Connect provider on loopback for the sign-in tests: panva's oidc-provider (npm),
run by node from ``provider.mjs``, installed here once from the lockfile with package scripts off.
Its development login form signs in any login with any password; the login is the subject."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import httpx

from tests.servers import free_port, wait_for

HERE = Path(__file__).resolve().parent
CLIENT_ID = "pipeline-test"
CLIENT_SECRET = "pipeline-test-client-secret"


def _installed() -> None:
    if (HERE / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    npm = shutil.which("npm")
    assert npm, "node and npm are needed for the OIDC provider the sign-in tests run"
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True
    )


class OidcProvider:
    def __init__(self, *redirect_uris: str) -> None:
        _installed()
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            ["node", str(HERE / "provider.mjs"), str(self.port), CLIENT_ID, CLIENT_SECRET, ",".join(redirect_uris)],
            cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        if not wait_for(f"{self.issuer}/.well-known/openid-configuration", 30):
            self.stop()
            raise AssertionError(
                f"the OIDC provider did not start: {self.proc.stdout.read() if self.proc.stdout else ''}"
            )

    def env(self) -> dict[str, str]:
        """The service's settings for this provider."""
        return {
            "PIPELINE_OIDC_ISSUER": self.issuer,
            "PIPELINE_OIDC_CLIENT_ID": CLIENT_ID,
            "PIPELINE_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "PIPELINE_OIDC_NAME": "Test provider",
        }

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def log_in_at_provider(client: httpx.Client, page: httpx.Response, login: str) -> httpx.Response:
    """Fills the provider's login form, then its consent form, as a person would; the answer the
    provider's last redirect leads to (``client`` follows redirects)."""
    assert page.url.host == "127.0.0.1" and "/interaction/" in page.url.path, page.text[:300]
    signed = client.post(_form_action(page), data={"prompt": "login", "login": login, "password": "any"})
    if 'name="prompt" value="consent"' in signed.text:
        signed = client.post(_form_action(signed), data={"prompt": "consent"})
    return signed


def _form_action(page: httpx.Response) -> str:
    found = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert found, page.text[:300]
    return str(page.url.join(found.group(1)))
