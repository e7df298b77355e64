"""Optional dashboard login (dashboard/auth.py, called first by dashboard/app.py).

With CTGRAPH_REQUIRE_LOGIN=1 and a login that cannot work (no [auth] table,
a missing or blank redirect_uri, cookie_secret, client_id, client_secret or
server_metadata_url, a weak cookie secret, a missing provider table, no
Authlib), the app shows exactly one message naming the problem and how to fix
it, and nothing else: no title, no navigation, no figures, no tables, no
downloads. Configured but not logged in: only a "Log in" button. Logged in:
the pages, and the account with "Log out" in the sidebar; an account outside
CTGRAPH_LOGIN_ALLOW sees one refusal. Each test runs the real app under AppTest
on the seed in a private CTGRAPH_HOME.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import ctgraph.dashboard.auth
from ctgraph.dashboard import state

#: Every dashboard page in Streamlit's AppTest: its own tier (scripts/test.sh runs it; `pytest -m app` alone).
pytestmark = pytest.mark.app

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")

GOOD_AUTH: dict[str, Any] = {
    "redirect_uri": "https://ctgraph.example.org/oauth2callback",
    "cookie_secret": "0123456789abcdef" * 4,
    "client_id": "ctgraph-dashboard",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
REFUSAL = "Login is required (CTGRAPH_REQUIRE_LOGIN=1) but not configured, so the dashboard does not start: "
LOGIN_VARS = ("CTGRAPH_REQUIRE_LOGIN", "CTGRAPH_LOGIN_PROVIDER", "CTGRAPH_LOGIN_ALLOW")


@pytest.fixture(autouse=True)
def clean_env(home: Path) -> Iterator[None]:
    """Streamlit secrets are copied into os.environ by the app: restore it after each test."""
    saved = dict(os.environ)
    for var in LOGIN_VARS:
        os.environ.pop(var, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def run(secrets: dict[str, Any] | None = None, user: dict[str, Any] | None = None, **env: str) -> AppTest:
    os.environ.update(env)
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shows_no_data(at: AppTest) -> None:
    """Nothing of the graph is on the page or in the sidebar."""
    assert not at.title or [t.value for t in at.title] == ["ctgraph"]
    assert not at.metric and not at.dataframe and not at.get("download_button")
    assert not at.get("iframe") and not at.get("vega_lite_chart")
    assert not at.sidebar.caption  # no "Store: memory", no account


def without(key: str) -> dict[str, Any]:
    return {k: v for k, v in GOOD_AUTH.items() if k != key}


MISCONFIGURED: list[tuple[str, dict[str, Any] | None, dict[str, str], str]] = [
    ("no secrets at all", None, {}, ".streamlit/secrets.toml has no [auth] table"),
    ("no [auth] table", {"ctgraph": {"ctgraph_row_limit": 10}}, {}, ".streamlit/secrets.toml has no [auth] table"),
    ("no redirect_uri", {"auth": without("redirect_uri")}, {}, "[auth] has no redirect_uri"),
    ("no cookie_secret", {"auth": without("cookie_secret")}, {}, "[auth] has no cookie_secret"),
    ("no client_id", {"auth": without("client_id")}, {}, "[auth] has no client_id"),
    ("no client_secret", {"auth": without("client_secret")}, {}, "[auth] has no client_secret"),
    ("blank client_secret", {"auth": {**GOOD_AUTH, "client_secret": "  "}}, {}, "[auth] has no client_secret"),
    ("no server_metadata_url", {"auth": without("server_metadata_url")}, {}, "[auth] has no server_metadata_url"),
    ("weak cookie_secret", {"auth": {**GOOD_AUTH, "cookie_secret": "secret"}}, {},
     "[auth] cookie_secret is shorter than 32 characters"),
    ("redirect_uri not the callback", {"auth": {**GOOD_AUTH, "redirect_uri": "https://ctgraph.example.org/"}}, {},
     "[auth] redirect_uri must end with /oauth2callback"),
    ("plain-http metadata", {"auth": {**GOOD_AUTH, "server_metadata_url": "http://login.example.org/x"}}, {},
     "[auth] server_metadata_url must be an https:// address"),
    ("named provider missing", {"auth": GOOD_AUTH}, {"CTGRAPH_LOGIN_PROVIDER": "okta"}, "[auth.okta] is missing"),
    ("provider without client_id",
     {"auth": {"redirect_uri": GOOD_AUTH["redirect_uri"], "cookie_secret": GOOD_AUTH["cookie_secret"],
               "okta": {"client_secret": "s", "server_metadata_url": GOOD_AUTH["server_metadata_url"]}}},
     {}, "[auth.okta] has no client_id"),
]


@pytest.mark.parametrize("case,secrets,env,problem", MISCONFIGURED, ids=[c[0] for c in MISCONFIGURED])
def test_a_required_but_misconfigured_login_refuses_to_start(
    case: str, secrets: dict[str, Any] | None, env: dict[str, str], problem: str
) -> None:
    at = run(secrets, CTGRAPH_REQUIRE_LOGIN="1", **env)
    messages = [plain(e.value) for e in at.error]
    assert len(messages) == 1, messages
    assert messages[0].startswith(REFUSAL) and problem in messages[0]
    assert messages[0].endswith("Fix .streamlit/secrets.toml and reload, or unset CTGRAPH_REQUIRE_LOGIN.")
    shows_no_data(at)
    assert not at.button  # not even a login button


def test_several_problems_are_named_in_the_one_message() -> None:
    at = run({"auth": {"client_id": "x"}}, CTGRAPH_REQUIRE_LOGIN="1")
    (message,) = [plain(e.value) for e in at.error]
    for problem in ("no redirect_uri", "no cookie_secret", "no client_secret", "no server_metadata_url"):
        assert problem in message
    shows_no_data(at)


def test_no_authlib_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctgraph.dashboard.auth, "authlib_available", lambda: False)
    at = run({"auth": GOOD_AUTH}, CTGRAPH_REQUIRE_LOGIN="1")
    (message,) = [plain(e.value) for e in at.error]
    assert message.startswith(REFUSAL) and "Authlib is not installed (st.login needs it)" in message
    shows_no_data(at)


def test_the_setting_itself_may_come_from_streamlit_secrets() -> None:
    at = run({"ctgraph": {"ctgraph_require_login": "1"}})
    (message,) = [plain(e.value) for e in at.error]
    assert message.startswith(REFUSAL)
    shows_no_data(at)


def test_a_bad_setting_is_one_line_and_no_data() -> None:
    at = run(CTGRAPH_REQUIRE_LOGIN="perhaps")
    assert [plain(e.value) for e in at.error] == ["CTGRAPH_REQUIRE_LOGIN='perhaps' is not valid: set it to 1 (on) or 0 (off)"]
    shows_no_data(at)


def test_configured_but_not_logged_in_shows_only_the_login_button() -> None:
    at = run({"auth": GOOD_AUTH}, CTGRAPH_REQUIRE_LOGIN="1")
    assert not at.error
    assert [b.label for b in at.button] == ["Log in"]
    assert "log in to see it" in at.info[0].value
    shows_no_data(at)


def test_logged_in_users_see_the_dashboard_and_can_log_out() -> None:
    at = run({"auth": GOOD_AUTH}, user={"is_logged_in": True, "email": "ana@unodc.org", "name": "Ana"},
             CTGRAPH_REQUIRE_LOGIN="1")
    assert not at.error
    assert int({m.label: m.value for m in at.metric}["Routes"].replace(",", "")) >= 10
    assert "Signed in as Ana" in [c.value for c in at.sidebar.caption]
    assert "Log out" in [b.label for b in at.sidebar.button]


def test_accounts_outside_the_allow_list_are_refused() -> None:
    at = run({"auth": GOOD_AUTH}, user={"is_logged_in": True, "email": "eve@evil.example", "email_verified": True},
             CTGRAPH_REQUIRE_LOGIN="1", CTGRAPH_LOGIN_ALLOW="@unodc.org, bob@iom.int")
    assert [plain(e.value) for e in at.error] == [
        "The account eve@evil.example may not use this dashboard (CTGRAPH_LOGIN_ALLOW). "
        "Log out and log in with an allowed account."
    ]
    assert [b.label for b in at.button] == ["Log out"]
    shows_no_data(at)
    allowed = run({"auth": GOOD_AUTH}, user={"is_logged_in": True, "email": "bob@iom.int"},
                  CTGRAPH_REQUIRE_LOGIN="1", CTGRAPH_LOGIN_ALLOW="@unodc.org, bob@iom.int")
    assert not allowed.error and allowed.metric


def test_without_the_setting_there_is_no_login() -> None:
    at = run({"auth": without("client_id")})  # even a broken [auth] table does not matter then
    assert not at.error and at.metric
    assert "Log in" not in [b.label for b in at.button]


# --------------------------------------------------------------------------- end to end (issue 22)


class _Provider:
    """A tiny OpenID Connect provider on 127.0.0.1 for one client: metadata, /authorize (which logs the
    user in at once and redirects back with a code), /token (an RS256 id_token signed with a key made
    here, PKCE checked when used) and /jwks. Stops itself after ``lifetime_s``."""

    def __init__(self, client_id: str, client_secret: str, email: str, lifetime_s: float = 180) -> None:  # noqa: C901
        import base64
        import hashlib
        import json
        import secrets
        import threading
        import time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs, urlencode, urlparse

        from joserfc import jwt
        from joserfc.jwk import RSAKey

        key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        codes: dict[str, dict[str, str]] = {}
        self.requests: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                provider.requests.append(url.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json({
                        "issuer": provider.url, "authorization_endpoint": provider.url + "/authorize",
                        "token_endpoint": provider.url + "/token", "jwks_uri": provider.url + "/jwks",
                        "response_types_supported": ["code"], "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                        "code_challenge_methods_supported": ["S256"],
                    })
                elif url.path == "/jwks":
                    self._json({"keys": [key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    if q.get("client_id") != client_id or q.get("response_type") != "code":
                        self._json({"error": "invalid_request"}, 400)
                        return
                    code = secrets.token_urlsafe(16)
                    codes[code] = q
                    self.send_response(302)
                    self.send_header("Location", q["redirect_uri"] + "?" + urlencode({"code": code,
                                                                                      "state": q.get("state", "")}))
                    self.end_headers()
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                provider.requests.append(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):
                    cid, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
                else:
                    cid, secret = form.get("client_id", ""), form.get("client_secret", "")
                asked = codes.pop(form.get("code", ""), None)
                if self.path != "/token" or (cid, secret) != (client_id, client_secret) or asked is None \
                        or form.get("redirect_uri") != asked["redirect_uri"]:
                    self._json({"error": "invalid_grant"}, 400)
                    return
                if "code_challenge" in asked:
                    digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != asked["code_challenge"]:
                        self._json({"error": "invalid_grant"}, 400)
                        return
                now = int(time.time())
                claims = {"iss": provider.url, "sub": "analyst-1", "aud": client_id, "iat": now, "exp": now + 300,
                          "email": email, "email_verified": True, "name": "Ana Analyst"}
                if "nonce" in asked:
                    claims["nonce"] = asked["nonce"]
                id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)
                self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                            "id_token": id_token})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.timer = threading.Timer(lifetime_s, self.stop)
        self.timer.daemon = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.cancel()
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _secrets_toml(port: int, metadata: str, allow: str = "") -> str:
    return (
        '[ctgraph]\nCTGRAPH_REQUIRE_LOGIN = "1"\n'
        + (f'CTGRAPH_LOGIN_ALLOW = "{allow}"\n' if allow else "")
        + f'\n[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{"ab12" * 16}"\nclient_id = "ctgraph-dashboard"\nclient_secret = "s3cret-for-tests"\n'
        f'server_metadata_url = "{metadata}"\n'
    )


@pytest.fixture()
def dashboard_with_login(tmp_path: Path, home: Path) -> Iterator[tuple[str, _Provider, Path]]:
    """``ctgraph dashboard`` (Streamlit's real server) with login through the loopback provider."""
    import shutil
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    provider = _Provider("ctgraph-dashboard", "s3cret-for-tests", "ana@unodc.org")
    port = _free_port()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        _secrets_toml(port, provider.url + "/.well-known/openid-configuration"), encoding="utf-8")
    ctgraph = shutil.which("ctgraph", path=str(Path(sys.executable).parent)) or "ctgraph"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_"))}
    env["CTGRAPH_HOME"] = str(home)
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([ctgraph, "dashboard", "--port", str(port)], env=env, stdout=out,
                                stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dashboard did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url, provider, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        provider.stop()


@pytest.mark.browser
def test_login_works_end_to_end_against_an_openid_provider(
    dashboard_with_login: tuple[str, _Provider, Path],
) -> None:
    """Press "Log in" in a real browser: Streamlit's /auth/login redirects to the provider, which
    redirects back to /oauth2callback with a code; Streamlit exchanges it for a signed id_token, sets
    its cookie, and the dashboard shows the account. Before the fix this press was an Internal Server
    Error (Authlib's Starlette client imports httpx, which was not installed)."""
    from playwright.sync_api import sync_playwright

    url, provider, log = dashboard_with_login
    chromium = Path(os.environ.get("CTGRAPH_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        pytest.fail(f"{chromium} not found: install the Debian package chromium (apt-get install chromium)")
    statuses: list[tuple[int, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox",
                                                                          "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("response", lambda r: statuses.append((r.status, r.url)))
            page.goto(url, wait_until="domcontentloaded")
            page.get_by_role("button", name="Log in").click(timeout=60_000)
            page.get_by_text("Signed in as Ana Analyst").wait_for(timeout=60_000)
            assert not page.get_by_text("This dashboard is shared").count()
        finally:
            browser.close()
    assert not [s for s in statuses if s[0] >= 500], statuses
    assert {"/.well-known/openid-configuration", "/authorize", "/token", "/jwks"} <= set(provider.requests)
    assert any("/oauth2callback" in u for _, u in statuses)
    assert "Traceback" not in log.read_text(errors="replace")


def test_a_provider_that_cannot_be_reached_is_one_message_when_log_in_is_pressed() -> None:
    """server_metadata_url pointing at nothing: pressing "Log in" shows one message naming the address
    and what to check, not Streamlit's error page."""
    port = _free_port()
    dead = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    at = run({"ctgraph": {"CTGRAPH_REQUIRE_LOGIN": "1"}, "auth": {**GOOD_AUTH, "server_metadata_url": dead}})
    at.button(key="auth-login").click().run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        f"Login cannot start: [auth] server_metadata_url {dead} cannot be read ([Errno 111] Connection refused): "
        "check the address and that this server can reach the identity provider."
    ]
    shows_no_data(at)


def test_metadata_that_is_not_openid_connect_is_one_message() -> None:
    provider = _Provider("ctgraph-dashboard", "s3cret-for-tests", "ana@unodc.org")
    try:
        wrong = provider.url + "/not-metadata"
        at = run({"ctgraph": {"CTGRAPH_REQUIRE_LOGIN": "1"}, "auth": {**GOOD_AUTH, "server_metadata_url": wrong}})
        at.button(key="auth-login").click().run()
        assert [plain(e.value) for e in at.error] == [
            f"Login cannot start: [auth] server_metadata_url {wrong} answers HTTP 404 (Not Found): "
            "check the address and that this server can reach the identity provider."
        ]
        shows_no_data(at)
    finally:
        provider.stop()


def test_missing_httpx_is_named_before_anyone_presses_log_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctgraph.dashboard.auth, "httpx_available", lambda: False)
    at = run({"ctgraph": {"CTGRAPH_REQUIRE_LOGIN": "1"}, "auth": GOOD_AUTH})
    message = plain(at.error[0].value)
    assert message.startswith(REFUSAL) and "httpx is not installed (st.login's Authlib client needs it)" in message
    assert not at.button
