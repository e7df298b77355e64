"""Configuration, read in one place: the environment first (and a local ``.env``).

The dashboard adds Streamlit secrets on top (see ``dashboard``). Nothing here
opens a connection; stores are built lazily by :func:`graph.stores.open_store`.

Secrets: ``NEO4J_PASSWORD`` is a :class:`~pydantic.SecretStr` and is never
shown. A ``NEO4J_URI`` that carries credentials (``bolt://user:pass@host``)
is *refused*, so a password can never travel inside a URI that gets printed
or logged; put the user in ``NEO4J_USER`` and the password in
``NEO4J_PASSWORD``. Wherever a URI is shown anyway, pass it through
:func:`redact_uri`. A bad setting is one :class:`~graph.errors.ConfigError`
line naming the variable and the values it takes (:func:`load_settings`),
never a traceback and never the value of a secret.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ctgraph.graph.errors import ConfigError

__all__ = ["Settings", "StoreKind", "load_settings", "redact_uri", "settings_error"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)(.*)$", re.DOTALL)


def redact_uri(uri: str) -> str:
    """``uri`` with any credentials (everything before the host's ``@``) replaced by ``***``.

    Examples
    --------
    >>> redact_uri("neo4j+s://neo4j:s3cr/et@db.example.org:7687")
    'neo4j+s://***@db.example.org:7687'
    >>> redact_uri("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    >>> redact_uri("user:pw@host")
    '***@host'
    """
    m = _SCHEME.match(uri)
    scheme, rest = (m[1], m[2]) if m else ("", uri)
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return scheme + rest


def _has_credentials(uri: str) -> bool:
    m = _SCHEME.match(uri)
    return "@" in (m[2] if m else uri)

StoreKind = Literal["memory", "neo4j"]


class Settings(BaseSettings):
    """ctgraph settings; each field is read from the environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_timeout_s: float = Field(default=30.0, gt=0)
    ctgraph_home: Path | None = None
    ctgraph_store: StoreKind | None = None
    ctgraph_keep_answers: bool = True  # the embedded store keeps computed answers per data version

    @field_validator("neo4j_uri")
    @classmethod
    def _no_credentials_in_uri(cls, value: str | None) -> str | None:
        if value is not None and _has_credentials(value):
            raise ValueError(
                f"holds credentials ({redact_uri(value)}); remove them from the URI and set "
                "NEO4J_USER and NEO4J_PASSWORD instead"
            )
        return value

    @field_validator("ctgraph_home")
    @classmethod
    def _home_is_a_folder(cls, value: Path | None) -> Path | None:
        if value is not None and value.exists() and not value.is_dir():
            raise ValueError("is a file, not a folder; point it at a folder (it is created if missing)")
        return value

    def store_kind(self, override: StoreKind | None = None) -> StoreKind:
        """--store, else CTGRAPH_STORE, else neo4j when NEO4J_URI is set, else memory."""
        if override:
            return override
        if self.ctgraph_store:
            return self.ctgraph_store
        return "neo4j" if self.neo4j_uri else "memory"

    def home(self) -> Path:
        """CTGRAPH_HOME, else ``~/.local/share/ctgraph``."""
        return self.ctgraph_home or Path.home() / ".local" / "share" / "ctgraph"


#: What each setting takes, for the one-line message about a bad value.
_ALLOWED: dict[str, str] = {
    "ctgraph_store": "memory or neo4j (or unset it: neo4j when NEO4J_URI is set, else memory)",
    "neo4j_timeout_s": "a number of seconds greater than 0, e.g. 30",
    "neo4j_uri": "a URI such as bolt://127.0.0.1:7687 or neo4j+s://<host>",
    "neo4j_user": "a user name",
    "neo4j_password": "the password, as text",
    "neo4j_database": "a database name, e.g. neo4j",
    "ctgraph_home": "the path of a folder",
}
_SECRET = {"neo4j_password"}


def _shown(field: str, value: Any) -> str:
    if field in _SECRET:
        return ""
    if field == "neo4j_uri" and isinstance(value, str):
        return f"={redact_uri(value)!r}"
    if isinstance(value, (str, int, float)):
        text = str(value)
        return f"={text if len(text) <= 200 else text[:197] + '...'!r}"
    return ""


def settings_error(exc: ValidationError) -> str:
    """One line for a :class:`ValidationError` of :class:`Settings`: the variable, what is
    wrong, the values allowed; never the value of a secret.

    Examples
    --------
    >>> try:
    ...     Settings(ctgraph_store="bogus", _env_file=None)
    ... except ValidationError as exc:
    ...     print(settings_error(exc))
    CTGRAPH_STORE='bogus' is not valid (input should be 'memory' or 'neo4j'); set it to memory or neo4j (or unset it: neo4j when NEO4J_URI is set, else memory)
    """
    errors = exc.errors(include_url=False)
    first = errors[0]
    field = str(first["loc"][0]) if first["loc"] else "setting"
    variable = field.upper()
    reason = str(first["msg"]).removeprefix("Value error, ")
    reason = reason[:1].lower() + reason[1:]
    if first["type"] == "value_error":
        message = f"{variable}{_shown(field, first.get('input'))} {reason}"
    else:
        allowed = _ALLOWED.get(field, "a valid value")
        message = f"{variable}{_shown(field, first.get('input'))} is not valid ({reason}); set it to {allowed}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more bad setting{'s' if more > 1 else ''})"
    return message.replace("\n", " ").replace("\r", " ")


def load_settings(**values: Any) -> Settings:
    """:class:`Settings` from the environment (and ``values``), or one :class:`ConfigError` line."""
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(settings_error(exc)) from None
