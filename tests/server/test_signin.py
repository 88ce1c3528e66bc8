"""Signing in over HTTP against a real OpenID Connect provider on loopback (panva's oidc-provider):
the code flow with PKCE, the session cookie's flags, CSRF on every change made with it, claiming
anonymous projects, another person's project, signing out, and retention of what nobody claimed."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.server.oidc import OidcProvider, log_in_at_provider
from tests.server.test_service import Service, service_env, wait_done
from tests.servers import free_port

OFFLINE = {"offline": True}


class Site:
    def __init__(self, provider: OidcProvider, service: Service, data: Path) -> None:
        self.provider, self.service, self.url, self.data = provider, service, service.url, data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("signin")
    port = free_port()
    # the callback as the service sees itself: plain http, and https behind a TLS proxy
    provider = OidcProvider(
        f"http://127.0.0.1:{port}/auth/callback", f"https://127.0.0.1:{port}/auth/callback"
    )
    try:
        service = Service(tmp, port=port, RATE_LIMIT_GENERATION="100/minute", **provider.env())
    except BaseException:
        provider.stop()
        raise
    yield Site(provider, service, tmp / "data")
    service.stop()
    provider.stop()


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """The Set-Cookie lines of one answer, by cookie name."""
    found: dict[str, str] = {}
    for line in response.headers.get_list("set-cookie"):
        found[line.split("=", 1)[0]] = line
    return found


def sign_in(site: Site, login: str) -> tuple[httpx.Client, list[httpx.Response]]:
    """A browser-like client signed in as ``login``, and every answer the service gave on the way."""
    seen: list[httpx.Response] = []

    def keep(response: httpx.Response) -> None:
        if response.url.port == site.service.port:
            seen.append(response)

    client = httpx.Client(
        base_url=site.url, timeout=30, follow_redirects=True, event_hooks={"response": [keep]}
    )
    at_provider = client.get("/auth/login")
    home = log_in_at_provider(client, at_provider, login)
    assert home.status_code == 200 and str(home.url) == f"{site.url}/", home.text[:300]
    return client, seen


def csrf(client: httpx.Client) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies["pipeline_csrf"]}


def anonymous_project(site: Site) -> tuple[str, str]:
    with httpx.Client(base_url=site.url, timeout=30) as anonymous:
        made = anonymous.post("/api/v1/generate", json={"prompt": "build a todo app", "options": OFFLINE})
        assert made.status_code == 202, made.text
        accepted = made.json()
        wait_done(anonymous, accepted["job_id"])
        return accepted["job_id"], accepted["job_secret"]


def test_the_code_flow_signs_in_with_a_cookie_session(site: Site) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as plain:
        assert plain.get("/api/v1/auth").json() == {"oidc": True, "provider": "Test provider", "login_url": "/auth/login"}  # fmt: skip
        assert plain.get("/api/v1/me").status_code == 401
        start = plain.get("/auth/login")
        assert start.status_code == 303
        asked = parse_qs(urlsplit(start.headers["location"]).query)
        assert start.headers["location"].startswith(f"{site.provider.issuer}/auth?")
        assert asked["response_type"] == ["code"] and asked["code_challenge_method"] == ["S256"]
        assert asked["redirect_uri"] == [f"{site.url}/auth/callback"]
        assert asked["state"][0] and asked["nonce"][0] and len(asked["code_challenge"][0]) == 43
        login = set_cookies(start)["pipeline_login"]
        assert "HttpOnly" in login and "Path=/auth/" in login and "SameSite=lax" in login

    client, seen = sign_in(site, "alice")
    with closing(client):
        callback = next(r for r in seen if r.url.path == "/auth/callback")
        cookies = set_cookies(callback)
        session, token = cookies["pipeline_session"], cookies["pipeline_csrf"]
        for line in (session, token):
            assert "SameSite=lax" in line and "Path=/" in line and "Max-Age=2592000" in line
            assert "Secure" not in line  # plain http on loopback: a Secure cookie would never come back
        assert "HttpOnly" in session and "HttpOnly" not in token  # the page's scripts read the token only
        assert 'pipeline_login=""' in cookies["pipeline_login"]  # the sign-in's state is spent
        me = client.get("/api/v1/me").json()
        assert me["kind"] == "oidc" and me["name"] == "Person alice"
        assert me["csrf_token"] == client.cookies["pipeline_csrf"]
        # the user is <issuer>|<sub> in the project store
        with sqlite3.connect(site.data / "projects.db") as db:
            rows = db.execute("SELECT kind, subject FROM users WHERE id = ?", (me["id"],)).fetchall()
        assert rows == [("oidc", f"{site.provider.issuer}|alice")]
        # a cookie whose signature is not ours is nobody
        forged = client.cookies["pipeline_session"][:-4] + "AAAA"
        with httpx.Client(base_url=site.url, cookies={"pipeline_session": forged}) as other:
            assert other.get("/api/v1/me").status_code == 401


def test_behind_tls_every_cookie_is_secure(site: Site) -> None:
    # the test is the TLS-terminating proxy: uvicorn trusts loopback's X-Forwarded-Proto
    tls = {"X-Forwarded-Proto": "https"}
    with httpx.Client(timeout=30, follow_redirects=True) as browser:
        start = browser.get(f"{site.url}/auth/login", headers=tls, follow_redirects=False)
        login = set_cookies(start)["pipeline_login"]
        assert "Secure" in login and "HttpOnly" in login
        value = login.split(";")[0].split("=", 1)[1]
        assert urlsplit(start.headers["location"]).netloc == urlsplit(site.provider.issuer).netloc
        at_provider = browser.get(start.headers["location"])
        # the provider sends the browser back to the callback: stop there and answer it "over TLS"
        browser.follow_redirects = False
        answer = log_in_at_provider_until_callback(browser, at_provider, "tina")
        browser.follow_redirects = True
        assert answer.startswith(f"https://127.0.0.1:{site.service.port}/auth/callback?")
        plain = answer.replace("https://", "http://", 1)  # what the proxy hands on after TLS
        callback = browser.get(plain, headers={**tls, "Cookie": f"pipeline_login={value}"})
        assert callback.status_code == 200 and str(callback.url) == f"{site.url}/"
        first = callback.history[0]
        for line in set_cookies(first).values():
            assert "Secure" in line, line


def log_in_at_provider_until_callback(client: httpx.Client, page: httpx.Response, login: str) -> str:
    """As ``log_in_at_provider``, following the provider's own redirects by hand, until one leads
    to the service's callback; that address."""
    client.follow_redirects = True
    signed = client.post(_action(page), data={"prompt": "login", "login": login, "password": "any"})
    client.follow_redirects = False
    answer = client.post(_action(signed), data={"prompt": "consent"})
    while answer.status_code in (302, 303):
        target = str(answer.url.join(answer.headers["location"]))
        if "/auth/callback" in target:
            return target
        answer = client.get(target)
    raise AssertionError(
        f"the provider never sent the browser back: {answer.status_code} {answer.text[:200]}"
    )


def _action(page: httpx.Response) -> str:
    found = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert found, page.text[:300]
    return str(page.url.join(found.group(1)))


def test_a_change_made_with_the_cookie_needs_the_csrf_token(site: Site) -> None:
    client, _ = sign_in(site, "carol")
    with closing(client):
        body = {"prompt": "build a todo app", "options": OFFLINE}
        refused = client.post("/api/v1/generate", json=body)
        assert refused.status_code == 403 and "CSRF" in refused.json()["title"]
        wrong = client.post("/api/v1/generate", json=body, headers={"X-CSRF-Token": "guessed"})
        assert wrong.status_code == 403
        made = client.post("/api/v1/generate", json=body, headers=csrf(client))
        assert made.status_code == 202
        job_id = made.json()["job_id"]
        wait_done(client, job_id)
        # made while signed in, the project is carol's from the start
        listed = [p["id"] for p in client.get("/api/v1/projects").json()["projects"]]
        assert listed == [job_id]
        assert client.patch(f"/api/v1/projects/{job_id}", json={"name": "Mine"}).status_code == 403
        renamed = client.patch(f"/api/v1/projects/{job_id}", json={"name": "Mine"}, headers=csrf(client))
        assert renamed.status_code == 200 and renamed.json()["name"] == "Mine"
        assert client.delete(f"/api/v1/projects/{job_id}").status_code == 403
        assert client.post("/auth/logout").status_code == 403  # another site cannot sign anyone out
        assert client.get("/api/v1/me").status_code == 200
        # a caller with a bearer header is a script, not a cookie caller: no token asked, and the
        # cookie says nothing (here the job's secret is who they are, tokens being off)
        secret = made.json()["job_secret"]
        scripted = client.post(
            f"/api/v1/jobs/{job_id}/edits", json={"request": "add a due date"},
            headers={"Authorization": "Bearer not-a-token", "X-Job-Secret": secret},
        )  # fmt: skip
        assert scripted.status_code == 202, scripted.text
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer x"}).status_code == 401
        wait_done(client, scripted.json()["job_id"])
        deleted = client.delete(f"/api/v1/projects/{job_id}", headers=csrf(client))
        assert deleted.status_code == 204


def test_signing_in_claims_this_browsers_anonymous_projects_and_no_one_elses(site: Site) -> None:
    first, first_secret = anonymous_project(site)
    second, second_secret = anonymous_project(site)
    kept_anonymous, _ = anonymous_project(site)
    dave, _ = sign_in(site, "dave")
    erin, _ = sign_in(site, "erin")
    with closing(dave), closing(erin):
        assert dave.post("/api/v1/me/claim", json={"secrets": [first_secret]}).status_code == 403  # CSRF
        claimed = dave.post(
            "/api/v1/me/claim", json={"secrets": [first_secret, second_secret, "not-a-secret"]}, headers=csrf(dave)
        )  # fmt: skip
        assert claimed.status_code == 200 and claimed.json() == {"claimed": sorted([first, second])}
        assert {p["id"] for p in dave.get("/api/v1/projects").json()["projects"]} == {first, second}
        versions = dave.get(f"/api/v1/projects/{first}").json()["versions"]
        assert [v["job_id"] for v in versions] == [first]
        # signed in, dave changes it from any browser, without the job's secret; erin cannot
        edit = {"request": "add a due date"}
        assert erin.post(f"/api/v1/jobs/{first}/edits", json=edit, headers=csrf(erin)).status_code == 403
        edited = dave.post(f"/api/v1/jobs/{first}/edits", json=edit, headers=csrf(dave))
        assert edited.status_code == 202, edited.text
        assert wait_done(dave, edited.json()["job_id"])["version"] == 2
        # erin holds the same secret (a shared browser, a leaked link): it claims nothing now
        again = erin.post("/api/v1/me/claim", json={"secrets": [first_secret]}, headers=csrf(erin))
        assert again.json() == {"claimed": []}
        assert erin.get("/api/v1/projects").json()["projects"] == []
        assert erin.get(f"/api/v1/projects/{first}").status_code == 404
        assert erin.patch(f"/api/v1/projects/{first}", json={"name": "Hers"}, headers=csrf(erin)).status_code == 404  # fmt: skip
        assert erin.delete(f"/api/v1/projects/{first}", headers=csrf(erin)).status_code == 404
        # the secret alone no longer lists it: the project is dave's now
        with httpx.Client(base_url=site.url, timeout=30) as anonymous:
            by_secret = anonymous.get("/api/v1/projects", headers={"X-Job-Secret": first_secret}).json()
            assert by_secret["projects"] == []
        # nobody signed in claims nothing
        with httpx.Client(base_url=site.url, timeout=30) as anonymous:
            assert anonymous.post("/api/v1/me/claim", json={"secrets": [second_secret]}).status_code == 401
        # retention: what nobody claimed goes, what dave claimed stays
        environ = service_env(site.data.parent, PIPELINE_ANONYMOUS_RETENTION_DAYS="0")
        pruned = subprocess.run(
            [sys.executable, "-m", "pipeline", "prune", "--json"], env=environ, capture_output=True, text=True,
            cwd=site.data.parent, check=True,
        )  # fmt: skip
        report = json.loads(pruned.stdout.strip().splitlines()[-1])
        assert report["retention_days"] == 0 and report["projects"] >= 1
        assert {p["id"] for p in dave.get("/api/v1/projects").json()["projects"]} == {first, second}
        with sqlite3.connect(site.data / "projects.db") as db:
            kept = {row[0] for row in db.execute("SELECT id FROM projects")}
        assert {first, second} <= kept and kept_anonymous not in kept


def test_signing_out_ends_the_session(site: Site) -> None:
    client, _ = sign_in(site, "frank")
    with closing(client):
        out = client.post("/auth/logout", headers=csrf(client))
        assert out.status_code == 204
        cleared = set_cookies(out)
        assert (
            'pipeline_session=""' in cleared["pipeline_session"]
            and "Max-Age=0" in cleared["pipeline_session"]
        )
        assert "pipeline_session" not in client.cookies
        assert client.get("/api/v1/me").status_code == 401
        assert client.get("/api/v1/auth").json()["oidc"] is True


def test_a_callback_for_another_sign_in_is_refused(site: Site) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        client.get("/auth/login")  # this browser's sign-in, with its state
        forged = client.get("/auth/callback", params={"code": "stolen", "state": "someone-elses"})
        assert forged.status_code == 400 and "state" in forged.json()["detail"]
    with httpx.Client(base_url=site.url, timeout=30) as fresh:  # no sign-in started here at all
        assert fresh.get("/auth/callback", params={"code": "x", "state": "y"}).status_code == 400


def test_with_api_tokens_scripts_need_no_csrf_token_and_people_signed_in_still_make_apps(
    tmp_path: Path,
) -> None:
    port = free_port()
    provider = OidcProvider(f"http://127.0.0.1:{port}/auth/callback")
    try:
        service = Service(tmp_path, port=port, PIPELINE_API_TOKENS="script-token", **provider.env())
    except BaseException:
        provider.stop()
        raise
    site = Site(provider, service, tmp_path / "data")
    body = {"prompt": "build a todo app", "options": OFFLINE}
    script = {"Authorization": "Bearer script-token"}
    try:
        with httpx.Client(base_url=site.url, timeout=30) as anonymous:
            assert (
                anonymous.post("/api/v1/generate", json=body).status_code == 401
            )  # tokens on: no one unknown
        client, _ = sign_in(site, "heidi")
        with closing(client):
            # the same browser's jar holds a session, but a bearer caller is a script: no CSRF
            # token is asked, and the project is the token's, not the person's
            scripted = client.post("/api/v1/generate", json=body, headers=script)
            assert scripted.status_code == 202 and scripted.json()["job_secret"] is None
            wait_done(client, scripted.json()["job_id"])
            by_token = client.get("/api/v1/projects", headers=script).json()["projects"]
            assert [p["id"] for p in by_token] == [scripted.json()["job_id"]]
            assert client.get("/api/v1/me", headers=script).json()["kind"] == "token"
            # the person signed in makes an app without a token (with the session's CSRF token)
            assert client.post("/api/v1/generate", json=body).status_code == 403
            made = client.post("/api/v1/generate", json=body, headers=csrf(client))
            assert made.status_code == 202, made.text
            wait_done(client, made.json()["job_id"])
            mine = client.get("/api/v1/projects").json()["projects"]
            assert [p["id"] for p in mine] == [made.json()["job_id"]]
            # a wrong token is refused, session or not
            wrong = client.post("/api/v1/generate", json=body, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            # the session secret was made once and kept (the service's user alone reads it), so a
            # session outlives a restart
            secret = tmp_path / "data" / "session-secret"
            assert secret.stat().st_mode & 0o777 == 0o600 and len(secret.read_text()) >= 48
            service.stop()
            service = Service(tmp_path, port=port, PIPELINE_API_TOKENS="script-token", **provider.env())
            assert client.get("/api/v1/me").json()["name"] == "Person heidi"
            assert [p["id"] for p in client.get("/api/v1/projects").json()["projects"]] == [
                made.json()["job_id"]
            ]
    finally:
        service.stop()
        provider.stop()


def test_a_provider_that_is_down_or_names_another_issuer_signs_no_one_in(site: Site, tmp_path: Path) -> None:
    dead = free_port()  # nothing listens there
    wrong_name = site.provider.issuer.replace("127.0.0.1", "localhost")  # the same provider, another name
    for issuer, status in ((f"http://127.0.0.1:{dead}", 503), (wrong_name, 502)):
        env = {**site.provider.env(), "PIPELINE_OIDC_ISSUER": issuer}
        (tmp_path / str(status)).mkdir()
        service = Service(tmp_path / str(status), **env)
        try:
            with httpx.Client(base_url=service.url, timeout=30) as client:
                assert client.get("/api/v1/auth").json()["oidc"] is True
                start = client.get("/auth/login")
                assert start.status_code == status, start.text
                assert "pipeline_login" not in client.cookies
        finally:
            service.stop()
    (tmp_path / "off").mkdir()
    off = Service(tmp_path / "off")
    try:
        with httpx.Client(base_url=off.url, timeout=30) as client:
            assert client.get("/api/v1/auth").json() == {"oidc": False}
            assert client.get("/auth/login").status_code == 404
    finally:
        off.stop()
