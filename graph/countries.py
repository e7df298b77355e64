"""Country codes and names, from pycountry (the maintained ISO 3166 tables).

Only ISO 3166-1 alpha-3 codes name countries in the graph. Readers that meet
free-text names (GLOTIP, CTDC) add their alias tables in ``ingest``; this module
is the single place that knows what a valid code is and what it is called.
"""

from __future__ import annotations

from functools import cache, lru_cache

import pycountry

__all__ = ["is_iso3", "country_name", "lookup_country", "all_countries"]


@cache
def _by_alpha3() -> dict[str, str]:
    table: dict[str, str] = {}
    for c in pycountry.countries:
        table[c.alpha_3] = getattr(c, "common_name", None) or c.name
    return table


def is_iso3(code: str) -> bool:
    """True when ``code`` is an assigned ISO 3166-1 alpha-3 code.

    Examples
    --------
    >>> is_iso3("CHN"), is_iso3("HKG"), is_iso3("XYZ"), is_iso3("chn")
    (True, True, False, False)
    """
    return code in _by_alpha3()


def country_name(code: str) -> str:
    """The short English name of an alpha-3 code.

    Examples
    --------
    >>> country_name("GBR"), country_name("MAC")
    ('United Kingdom', 'Macao')
    """
    return _by_alpha3()[code]


def all_countries() -> dict[str, str]:
    """Every alpha-3 code with its name."""
    return dict(_by_alpha3())


def lookup_country(text: str) -> str | None:
    """Alpha-3 code for a code (alpha-2 or alpha-3) or an exact English name.

    Examples
    --------
    >>> lookup_country("chn"), lookup_country("China"), lookup_country("NA"), lookup_country("Atlantis")
    ('CHN', 'CHN', 'NAM', None)
    """
    return _lookup(text.strip())


@lru_cache(maxsize=4096)
def _lookup(t: str) -> str | None:
    if not t:
        return None
    try:
        c = pycountry.countries.lookup(t)
    except LookupError:
        return None
    return str(c.alpha_3)
