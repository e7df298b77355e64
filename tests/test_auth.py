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
