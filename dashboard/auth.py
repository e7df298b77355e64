"""Optional login for shared deployments: Streamlit's built-in OIDC authentication.

Off by default (a dashboard on 127.0.0.1 for one analyst needs none). With
``CTGRAPH_REQUIRE_LOGIN=1`` (environment, ``.env`` or the ``[ctgraph]`` table
of ``.streamlit/secrets.toml``) every page first asks for a login through an
OpenID Connect provider (``st.login`` / ``st.user`` / ``st.logout``), configured
in the ``[auth]`` table of ``.streamlit/secrets.toml``::

    [auth]
    redirect_uri = "https://ctgraph.example.org/oauth2callback"
    cookie_secret = "<64 random hex characters>"
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://login.example.org/.well-known/openid-configuration"

(or the shared keys in ``[auth]`` and one provider in ``[auth.<name>]``; set
``CTGRAPH_LOGIN_PROVIDER=<name>`` when there are several). Streamlit needs
Authlib for it (``pip install 'ctgraph[auth]'`` or ``pip install Authlib``).

Streamlit's own check runs only when someone presses "Log in", and then fails
with a traceback; a login that is required but cannot work must instead stop
the app *before* anything is shown. :func:`require_login` (called first by
``dashboard/app.py``) checks the whole configuration with
:func:`login_problems` and, when anything is wrong, shows one message that
names every problem and how to fix it, and nothing else: no page, no data, no
navigation. An identity provider usually lets in anyone with an account
there (any Google account, say): ``CTGRAPH_LOGIN_ALLOW`` narrows it to listed
e-mail addresses and ``@domains``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = [
    "LoginSettings",
    "login_settings",
    "login_problems",
    "provider_name",
    "allowed",
    "authlib_available",
    "httpx_available",
    "metadata_problem",
    "refusal_message",
    "require_login",
    "MIN_COOKIE_SECRET",
]

#: Shortest cookie secret accepted (it signs the identity cookie).
MIN_COOKIE_SECRET = 32

_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_SHARED_KEYS = ("redirect_uri", "cookie_secret")
_NEW_SECRET = "python -c 'import secrets; print(secrets.token_hex(32))'"


class LoginSettings(BaseSettings):
    """Login settings; each field is read from the variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    ctgraph_require_login: bool = False
    #: the ``[auth.<name>]`` provider to use when ``[auth]`` has several
    ctgraph_login_provider: str | None = None
    #: comma-separated e-mail addresses and ``@domain``s that may log in (empty: anyone the provider accepts)
    ctgraph_login_allow: str = ""


def login_settings() -> LoginSettings:
    """:class:`LoginSettings` from the environment; a bad value is a :class:`ValueError` line."""
    try:
        return LoginSettings()
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "setting"
        raise ValueError(f"{name}={str(first.get('input'))[:40]!r} is not valid: set it to 1 (on) or 0 (off)") from None


def authlib_available() -> bool:
    """Is Authlib (which ``st.login`` needs) installed?"""
    return importlib.util.find_spec("authlib") is not None


def httpx_available() -> bool:
    """Is httpx installed? Authlib's Starlette client, which Streamlit's login routes use, imports it
    (``httpx2`` for newer Authlib); without it pressing "Log in" is an Internal Server Error."""
    return any(importlib.util.find_spec(name) is not None for name in ("httpx2", "httpx"))


#: Seconds the metadata check waits for the identity provider.
METADATA_TIMEOUT_S = 5.0
_METADATA_KEYS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


def metadata_problem(url: str, where: str = "[auth]", timeout_s: float = METADATA_TIMEOUT_S) -> str | None:
    """Why the identity provider's ``server_metadata_url`` cannot serve a login (None: it can).

    Checked when "Log in" is pressed, before Streamlit is asked to log in: an address that
    does not answer, answers with an error or with something other than OpenID Connect
    metadata would otherwise end in Streamlit's bare "Authentication error" page.

    Examples
    --------
    >>> print(metadata_problem("http://127.0.0.1:9/.well-known/openid-configuration", timeout_s=2))  # doctest: +ELLIPSIS
    Login cannot start: [auth] server_metadata_url http://127.0.0.1:9/.well-known/openid-configuration cannot be read (...): check the address and that this server can reach the identity provider.
    """
    import json
    import urllib.error
    import urllib.request

    def fail(reason: str, fix: str = "check the address and that this server can reach the identity provider") -> str:
        return f"Login cannot start: {where} server_metadata_url {url} {reason}: {fix}."

    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # https (or loopback http): login_problems
            body = response.read(1_000_001)
    except urllib.error.HTTPError as exc:
        return fail(f"answers HTTP {exc.code} ({exc.reason})")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return fail(f"cannot be read ({reason})")
    if len(body) > 1_000_000:
        return fail("answers more than 1 MB", "point it at the provider's /.well-known/openid-configuration")
    try:
        meta = json.loads(body)
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        return fail("is not OpenID Connect metadata (not a JSON object)",
                    "point it at the provider's /.well-known/openid-configuration")
    missing = [k for k in _METADATA_KEYS if not isinstance(meta.get(k), str) or not meta[k]]
    if missing:
        return fail(f"is not OpenID Connect metadata (no {', '.join(missing)})",
                    "point it at the provider's /.well-known/openid-configuration")
    return None


def provider_name(auth: Mapping[str, Any], wanted: str | None) -> str | None:
    """The ``[auth.<name>]`` provider to log in with, or None for the keys of ``[auth]`` itself.

    Examples
    --------
    >>> provider_name({"client_id": "x"}, None) is None
    True
    >>> provider_name({"redirect_uri": "u", "okta": {"client_id": "x"}}, None)
    'okta'
    >>> provider_name({"okta": {}, "google": {}}, "google")
    'google'
    """
    if wanted:
        return wanted
    tables = [k for k, v in auth.items() if isinstance(v, Mapping)]
    if len(tables) == 1 and not any(k in auth for k in _PROVIDER_KEYS):
        return tables[0]
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _loopback(url: str) -> bool:
    return (urlparse(url).hostname or "") in ("127.0.0.1", "localhost", "::1")


def login_problems(  # noqa: C901
    auth: Mapping[str, Any] | None, *, provider: str | None = None, authlib: bool = True, httpx: bool = True
) -> list[str]:
    """What keeps login from working with this ``[auth]`` table (empty: nothing).

    Examples
    --------
    >>> login_problems(None)
    ['.streamlit/secrets.toml has no [auth] table: add one with redirect_uri, cookie_secret, client_id, client_secret and server_metadata_url']
    >>> good = {"redirect_uri": "https://app.example.org/oauth2callback", "cookie_secret": "x" * 64,
    ...         "client_id": "id", "client_secret": "s", "server_metadata_url": "https://idp/.well-known/openid-configuration"}
    >>> login_problems(good)
    []
    >>> login_problems({**good, "client_secret": "", "redirect_uri": "https://app/"}, authlib=False)  # doctest: +NORMALIZE_WHITESPACE
    ['[auth] redirect_uri must end with /oauth2callback (e.g. https://ctgraph.example.org/oauth2callback), not "https://app/"',
     '[auth] has no client_secret: copy it from your identity provider',
     "Authlib is not installed (st.login needs it): pip install 'ctgraph[auth]' or pip install Authlib"]
    """
    if not isinstance(auth, Mapping) or not auth:
        return [
            ".streamlit/secrets.toml has no [auth] table: add one with redirect_uri, cookie_secret, "
            "client_id, client_secret and server_metadata_url"
        ]
    problems: list[str] = []
    for key in _SHARED_KEYS:
        if _blank(auth.get(key)):
            how = f"generate one with {_NEW_SECRET}" if key == "cookie_secret" else (
                "set it to this app's address followed by /oauth2callback"
            )
            problems.append(f"[auth] has no {key}: {how}")
    redirect = auth.get("redirect_uri")
    if not _blank(redirect):
        url = urlparse(str(redirect))
        if url.scheme not in ("http", "https") or not url.netloc:
            problems.append(f'[auth] redirect_uri must be an absolute http(s) address, not "{redirect}"')
        elif not url.path.endswith("/oauth2callback"):
            problems.append(
                "[auth] redirect_uri must end with /oauth2callback "
                f'(e.g. https://ctgraph.example.org/oauth2callback), not "{redirect}"'
            )
    secret = auth.get("cookie_secret")
    if not _blank(secret) and len(str(secret)) < MIN_COOKIE_SECRET:
        problems.append(
            f"[auth] cookie_secret is shorter than {MIN_COOKIE_SECRET} characters: generate one with {_NEW_SECRET}"
        )
    name = provider_name(auth, provider)
    where = "[auth]" if name is None else f"[auth.{name}]"
    section = auth if name is None else auth.get(name)
    if not isinstance(section, Mapping):
        problems.append(f"{where} is missing: add it with client_id, client_secret and server_metadata_url")
    else:
        for key in _PROVIDER_KEYS:
            if _blank(section.get(key)):
                how = {
                    "client_id": "copy it from your identity provider",
                    "client_secret": "copy it from your identity provider",
                    "server_metadata_url": "the provider's https://.../.well-known/openid-configuration",
                }[key]
                problems.append(f"{where} has no {key}: {how}")
        meta = section.get("server_metadata_url")
        scheme = urlparse(str(meta)).scheme
        if not _blank(meta) and scheme != "https" and not (scheme == "http" and _loopback(str(meta))):
            problems.append(f'{where} server_metadata_url must be an https:// address, not "{meta}"')
    if not authlib:
        problems.append("Authlib is not installed (st.login needs it): pip install 'ctgraph[auth]' or pip install Authlib")
    if not httpx:
        problems.append("httpx is not installed (st.login's Authlib client needs it): pip install 'ctgraph[auth]' "
                        "or pip install httpx")
    return problems


def refusal_message(problems: list[str]) -> str:
    """The one message shown when login is required but cannot work.

    Examples
    --------
    >>> print(refusal_message(["[auth] has no client_id: copy it", "[auth] has no cookie_secret: make one"]))
    Login is required (CTGRAPH_REQUIRE_LOGIN=1) but not configured, so the dashboard does not start: [auth] has no client_id: copy it; [auth] has no cookie_secret: make one. Fix .streamlit/secrets.toml and reload, or unset CTGRAPH_REQUIRE_LOGIN.
    """
    return (
        "Login is required (CTGRAPH_REQUIRE_LOGIN=1) but not configured, so the dashboard does not start: "
        + "; ".join(problems)
        + ". Fix .streamlit/secrets.toml and reload, or unset CTGRAPH_REQUIRE_LOGIN."
    )


def allowed(email: str | None, verified: bool | None, allow: str) -> bool:
    """May this account in? ``allow`` lists addresses and ``@domains`` (empty: everyone).

    Examples
    --------
    >>> allowed("ana@unodc.org", True, "@unodc.org, bob@iom.int")
    True
    >>> allowed("eve@evil.org", True, "@unodc.org"), allowed("ana@unodc.org", False, "@unodc.org")
    (False, False)
    >>> allowed("x@unodc.org.evil.org", None, "@unodc.org"), allowed(None, None, "")
    (False, True)
    """
    rules = [r.strip().casefold() for r in allow.split(",") if r.strip()]
    if not rules:
        return True
    if not email or verified is False:
        return False
    address = email.strip().casefold()
    domain = "@" + address.rpartition("@")[2]
    return any(address == r or (r.startswith("@") and domain == r) for r in rules)


def _secrets_auth() -> Mapping[str, Any] | None:
    import streamlit as st

    try:
        data = st.secrets.to_dict()
    except Exception:  # no secrets file, or an unreadable one: no [auth] table
        return None
    for key, value in data.items():
        if key.casefold() == "auth" and isinstance(value, Mapping):
            return value
    return None


def require_login() -> None:
    """Stop the run unless login is off, or configured and the user is logged in.

    Called first by ``dashboard/app.py``. Applies the ``[ctgraph]`` secrets to
    the environment (so CTGRAPH_REQUIRE_LOGIN may come from there), then:

    - login off: returns;
    - login on but misconfigured: one error, nothing else (``st.stop``);
    - not logged in: a "Log in" button, nothing else;
    - logged in but not allowed (``CTGRAPH_LOGIN_ALLOW``): one error and "Log out";
    - logged in: the account and a "Log out" button in the sidebar, and the app runs.
    """
    import streamlit as st

    from ctgraph.dashboard import state
    from ctgraph.dashboard.tables import md_escape

    state.apply_secrets()
    try:
        cfg = login_settings()
    except ValueError as exc:
        st.error(md_escape(str(exc)), icon="⚠️")
        st.stop()
    if not cfg.ctgraph_require_login:
        return
    auth = _secrets_auth()
    problems = login_problems(auth, provider=cfg.ctgraph_login_provider, authlib=authlib_available(),
                              httpx=httpx_available())
    if problems:
        st.error(md_escape(refusal_message(problems)), icon="🔒")
        st.stop()
    assert auth is not None
    provider = provider_name(auth, cfg.ctgraph_login_provider)
    user = st.user
    if not bool(user.get("is_logged_in", False)):
        section = auth if provider is None else auth[provider]
        where = "[auth]" if provider is None else f"[auth.{provider}]"

        def log_in() -> None:
            problem = metadata_problem(str(section["server_metadata_url"]), where)
            st.session_state["auth-problem"] = problem
            if problem is None:
                st.login(*((provider,) if provider else ()))

        st.title("ctgraph")
        problem = st.session_state.get("auth-problem")
        if problem:
            st.error(md_escape(problem), icon="🔒")
        else:
            st.info("This dashboard is shared: log in to see it.", icon="🔒")
        st.button("Log in", type="primary", key="auth-login", on_click=log_in)
        st.stop()
    email = user.get("email")
    verified = user.get("email_verified")
    who = str(user.get("name") or email or "signed in")
    if not allowed(str(email) if email else None, verified if isinstance(verified, bool) else None,
                   cfg.ctgraph_login_allow):
        st.error(
            md_escape(f"The account {email or who} may not use this dashboard (CTGRAPH_LOGIN_ALLOW). "
                      "Log out and log in with an allowed account."),
            icon="🔒",
        )
        st.button("Log out", key="auth-logout-denied", on_click=st.logout)
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as {md_escape(who)}")
        st.button("Log out", key="auth-logout", on_click=st.logout)
