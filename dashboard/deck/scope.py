"""What a deck covers: the whole picture, one country or one route."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = ["Scope", "default_filename"]


@dataclass(frozen=True)
class Scope:
    """What a deck covers: everything, one country (ISO3) or one route (two endpoint ids)."""

    kind: Literal["everything", "country", "route"]
    ids: tuple[str, ...] = ()

    @classmethod
    def everything(cls) -> Scope:
        """The whole picture."""
        return cls("everything")

    @classmethod
    def country(cls, iso3: str) -> Scope:
        """Flows from or to one country, what binds it, its gaps and contacts."""
        return cls("country", (iso3,))

    @classmethod
    def route(cls, origin: str, destination: str) -> Scope:
        """One route: flows from ``origin`` to ``destination`` (ids as ``resolve`` gives them)."""
        return cls("route", (origin, destination))

    @property
    def slug(self) -> str:
        """A file-name-safe name, e.g. ``whole-picture``, ``CHN``, ``CHN-to-DEU``.

        Examples
        --------
        >>> Scope.route("COL", "place:guangdong").slug
        'COL-to-guangdong'
        >>> Scope.everything().slug
        'whole-picture'
        """
        if self.kind == "everything":
            return "whole-picture"
        return "-to-".join(i.split(":", 1)[-1] for i in self.ids)


def default_filename(scope: Scope, today: date | None = None) -> str:
    """File name for a downloaded deck.

    Examples
    --------
    >>> default_filename(Scope.country("CHN"), date(2018, 1, 17))
    'ctgraph-briefing-CHN-2018-01-17.pptx'
    """
    return f"ctgraph-briefing-{scope.slug}-{(today or date.today()).isoformat()}.pptx"
