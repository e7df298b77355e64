"""Turn what a user types (a code or a name) into a graph id, or say what is close."""

from __future__ import annotations

from rapidfuzz import process

from ctgraph.graph.countries import all_countries, lookup_country
from ctgraph.graph.errors import UnknownEntity
from ctgraph.graph.store import GraphStore

__all__ = ["resolve", "resolve_country", "close_matches"]


def _candidates(store: GraphStore) -> tuple[dict[str, str], dict[str, str]]:
    """(name or id, casefolded -> id, id -> display name) for countries, regions, places."""
    table: dict[str, str] = {}
    display: dict[str, str] = {}
    for code, name in all_countries().items():
        table[name.casefold()] = code
        display[code] = name
    for label in ("Country", "Region", "Place"):
        for n in store.nodes(label):
            name = str(n.get("name", n["id"]))
            table[name.casefold()] = n["id"]
            table[n["id"].casefold()] = n["id"]
            display.setdefault(n["id"], name)
    return table, display


def close_matches(store: GraphStore, text: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` known names closest to ``text``, as 'Name (ID)'."""
    table, display = _candidates(store)
    found = process.extract(text.casefold(), list(table), limit=limit * 4)
    ids: list[str] = []
    for key, _score, _ in found:
        if table[key] not in ids:
            ids.append(table[key])
    return [f"{display.get(i, i)} ({i})" for i in ids[:limit]]


def _unknown(store: GraphStore, text: str, what: str) -> UnknownEntity:
    close = close_matches(store, text)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return UnknownEntity(f"unknown {what} {text!r}{hint}")


def resolve(store: GraphStore, text: str) -> str:
    """Id of a country (code or name), region or place (id or name)."""
    t = text.strip()
    code = lookup_country(t)
    if code:
        return code
    for label in ("Region", "Place", "Country"):
        for n in store.nodes(label):
            if t.casefold() in (n["id"].casefold(), str(n.get("name", "")).casefold()):
                return str(n["id"])
    for prefix in ("region:", "place:"):
        for n in store.nodes("Region" if prefix == "region:" else "Place"):
            if n["id"] == prefix + t.casefold():
                return str(n["id"])
    raise _unknown(store, t, "country, region or place")


def resolve_country(store: GraphStore, text: str) -> str:
    """ISO 3166 alpha-3 code of a country given by code or name."""
    code = lookup_country(text.strip())
    if code:
        return code
    raise _unknown(store, text.strip(), "country")
