"""The one error root of ctgraph.

Every error a user can cause derives from :class:`CtgraphError`; the CLI turns
each into a single ``Error: ...`` line and exit status 1::

    CtgraphError                  anything ctgraph reports to a user
    ├── SourceValidationError     an input file breaks the schema or the evidence rules
    ├── StoreUnavailable          the configured store cannot be reached or used
    │   └── ConflictingFact       a load redefines a fact another batch already holds
    ├── UnknownEntity             a country, route or id that the graph does not hold
    │   └── AmbiguousName         a name that fits several countries ("Congo")
    ├── InvalidArgument           a value outside what a question takes (also a ValueError)
    ├── ExportError               a deck or file cannot be written
    ├── DownloadError             a data set cannot be downloaded (offline, HTTP error, not the data)
    └── ConfigError               a setting (environment variable or secret) is invalid

A :class:`Problem` about a file as a whole (missing, a folder, a FIFO,
unreadable) has line 0 and reads ``FILE: message``; one about a place in the
file reads ``FILE:LINE: message``.
"""

from __future__ import annotations

__all__ = [
    "CtgraphError",
    "SourceValidationError",
    "StoreUnavailable",
    "UnknownEntity",
    "AmbiguousName",
    "InvalidArgument",
    "ExportError",
    "DownloadError",
    "ConflictingFact",
    "ConfigError",
    "Problem",
]

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in one input file, located by line (or data row); line 0: the whole file.

    Examples
    --------
    >>> str(Problem("a.yaml", 3, "bad")), str(Problem("a.yaml", 0, "no such file"))
    ('a.yaml:3: bad', 'a.yaml: no such file')
    """

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class CtgraphError(Exception):
    """Anything ctgraph reports to a user as one ``Error:`` line."""


class SourceValidationError(CtgraphError):
    """An input file breaks the schema or the evidence rules."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        first = self.problems[0] if self.problems else Problem("?", 0, "invalid input")
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
        super().__init__(f"{first}{suffix}")


class StoreUnavailable(CtgraphError):
    """The configured store cannot be reached or used."""


class ConflictingFact(StoreUnavailable):
    """A load redefines a fact id that another loaded batch already holds."""


class UnknownEntity(CtgraphError):
    """A country, route or id that the graph does not hold."""


class AmbiguousName(UnknownEntity):
    """A name that fits several countries; ``candidates`` holds their codes."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class InvalidArgument(CtgraphError, ValueError):
    """A value outside what a question takes (a coverage level, an exploitation form, a date)."""


class ExportError(CtgraphError):
    """A deck or other export cannot be written."""


class DownloadError(CtgraphError):
    """A data set cannot be downloaded: offline, an HTTP error, too large, or not the data file."""


class ConfigError(CtgraphError):
    """A setting (environment variable, ``.env`` or Streamlit secret) is invalid."""
