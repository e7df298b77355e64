"""Links from table rows to the views they name: a route to its route view, a
country to its profile (pure functions over frames; the addresses come from
:func:`dashboard.state.page_link`, so they carry the as-of year and open the same
view when copied).

A link column holds addresses such as ``country?country=CHN#China``; the table
draws each as its text after ``#`` (:data:`dashboard.state.LINK_TEXT`), passed to
:func:`dashboard.tables.show_table` as ``links``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ctgraph.dashboard.state import link_context, page_link
from ctgraph.graph.i18n import _
from ctgraph.graph.vocabulary import display_name, id_kind

__all__ = ["ROUTE_LINK", "PROFILE_LINK", "route_href", "profile_href", "with_route_links", "with_profile_links",
           "country_md"]

#: Column names of the link columns.
ROUTE_LINK = "open"
PROFILE_LINK = "profile"

#: Pages (their address paths: the view files' names).
ROUTES_PAGE = "routes"
COUNTRY_PAGE = "country"


def route_href(source: str, destination: str, names: Mapping[str, str], *,
               kept: tuple[str | None, str | None] | None = None) -> str:
    """The address of one route's view on the Routes page, showing "route ›".

    Examples
    --------
    >>> route_href("CHN", "FRA", {})
    'routes?route=CHN%3AFRA#route ›'
    """
    return page_link(ROUTES_PAGE, _("route ›"), kept=kept, route=f"{source}:{destination}")


def profile_href(iso3: str, names: Mapping[str, str], *,
                 kept: tuple[str | None, str | None] | None = None) -> str | None:
    """The address of a country's profile, showing its name; None for a region or a place.

    Examples
    --------
    >>> profile_href("CIV", {"CIV": "Côte d'Ivoire"}), profile_href("region:x", {})
    ("country?country=CIV#Côte d'Ivoire", None)
    """
    if id_kind(iso3) != "Country":
        return None
    return page_link(COUNTRY_PAGE, display_name(iso3, names), kept=kept, country=iso3)


def with_route_links(df: pd.DataFrame, rows: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """``df`` (one row per route or gap of ``rows``, in order) with a first column
    linking each to its route view.

    Examples
    --------
    >>> df = with_route_links(pd.DataFrame({"route": ["China → France"]}), [{"source": "CHN", "destination": "FRA"}], {})
    >>> list(df.columns), df.iloc[0, 0]
    (['open', 'route'], 'routes?route=CHN%3AFRA#route ›')
    """
    if len(df) != len(rows) or ROUTE_LINK in df.columns:
        return df
    out = df.copy()
    kept = link_context()  # read once: a table may hold thousands of links
    out.insert(0, ROUTE_LINK, [route_href(str(r["source"]), str(r["destination"]), names, kept=kept) for r in rows])
    return out


def with_profile_links(df: pd.DataFrame, countries: Sequence[str | None], names: Mapping[str, str], *,
                       column: str = PROFILE_LINK, at: int = 0) -> pd.DataFrame:
    """``df`` with a column linking each row's country (``countries``, in row order)
    to its profile, showing its name; blank where a row names no country.

    Examples
    --------
    >>> df = with_profile_links(pd.DataFrame({"x": [1, 2]}), ["CHN", "region:y"], {"CHN": "China"})
    >>> df["profile"].tolist()
    ['country?country=CHN#China', None]
    """
    if len(df) != len(countries) or column in df.columns:
        return df
    out = df.copy()
    kept = link_context()
    hrefs = pd.Series([profile_href(c, names, kept=kept) if c else None for c in countries], index=out.index,
                      dtype=object)
    out.insert(min(at, len(out.columns)), column, hrefs)
    return out


def country_md(iso3: str, names: Mapping[str, str]) -> str:
    """A country's name as a Markdown link to its profile (a region or place: its name).

    Examples
    --------
    >>> country_md("CHN", {"CHN": "China"})
    '[China](country?country=CHN)'
    >>> country_md("region:x", {"region:x": "European countries [EU]"})
    'European countries \\\\[EU\\\\]'
    """
    from ctgraph.dashboard.tables import md_escape

    name = md_escape(display_name(iso3, names))
    href = profile_href(iso3, names)
    return f"[{name}]({href.split('#', 1)[0]})" if href else name
