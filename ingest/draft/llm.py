"""Optional extractor: a user-configured OpenAI-compatible chat endpoint.

Off by default: ``ctgraph draft FILE --llm`` uses it, with its configuration
from the environment only (never from code):

- ``CTGRAPH_LLM_URL``: the API base, e.g. ``http://127.0.0.1:11434/v1`` (Ollama)
  or ``http://127.0.0.1:8000/v1`` (vLLM);
- ``CTGRAPH_LLM_MODEL``: the model name the server knows;
- ``CTGRAPH_LLM_API_KEY``: a bearer token, if the server wants one;
- ``CTGRAPH_LLM_TIMEOUT_S``: seconds per request (default 60).

The model is asked, paragraph by paragraph, for flows and agreements as JSON,
each with a quote copied from the paragraph. Its answer goes through the
same validation as every fact: a quote that is not verbatim in the paragraph
(whitespace-normalised) drops the fact, and so does a country the name layer
does not know; each dropped fact is listed with its reason
(``Drafts.dropped``), never silently repaired. Facts that survive are added
to the rule-based drafts (merged by origin and destination).

The HTTP client is the standard library's ``urllib`` (one POST per paragraph
batch): no SDK dependency for an off-by-default feature.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ctgraph.graph.errors import CtgraphError
from ctgraph.ingest.country_names import resolve_name
from ctgraph.ingest.draft.cues import exploitation_of
from ctgraph.ingest.draft.extract import Drafts, FlowDraft
from ctgraph.ingest.draft.formats import Document, Paragraph

__all__ = ["LLMSettings", "LLMExtractor", "PROMPT", "check_answer"]

Complete = Callable[[list[dict[str, str]]], str]

PROMPT = (
    "You extract human-trafficking facts from one paragraph of a report. Answer with JSON only: "
    '{"flows": [{"origin": country, "destination": country, "quote": text, "hedged": bool}], '
    '"agreements": [{"parties": [country, country], "status": "signed|negotiating|proposed", "quote": text}]}. '
    "A flow means victims from origin are trafficked or exploited in destination. Countries are ISO 3166 "
    "alpha-3 codes or English names. Each quote must be copied exactly from the paragraph. Use [] when none."
)
_WS = re.compile(r"\s+")
_VOCAB = {"sexual_exploitation", "forced_labour", "begging", "forced_marriage", "unspecified"}


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class LLMSettings:
    """Where the endpoint is; read from the environment by :meth:`from_env`."""

    url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 60.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> LLMSettings:
        """Settings from ``CTGRAPH_LLM_*``; a one-line error when they are missing.

        Examples
        --------
        >>> LLMSettings.from_env({"CTGRAPH_LLM_URL": "http://127.0.0.1:11434/v1", "CTGRAPH_LLM_MODEL": "m"}).model
        'm'
        """
        env = dict(os.environ) if environ is None else environ
        url, model = env.get("CTGRAPH_LLM_URL", "").strip(), env.get("CTGRAPH_LLM_MODEL", "").strip()
        if not url or not model:
            raise CtgraphError(
                "--llm needs CTGRAPH_LLM_URL (e.g. http://127.0.0.1:11434/v1) and CTGRAPH_LLM_MODEL in the "
                "environment; set them or draft without --llm"
            )
        try:
            timeout = float(env.get("CTGRAPH_LLM_TIMEOUT_S", "60"))
        except ValueError:
            raise CtgraphError("CTGRAPH_LLM_TIMEOUT_S must be a number of seconds, e.g. 60") from None
        return cls(url.rstrip("/"), model, env.get("CTGRAPH_LLM_API_KEY") or None, timeout)


def _http_complete(settings: LLMSettings) -> Complete:
    def complete(messages: list[dict[str, str]]) -> str:
        body = json.dumps(
            {"model": settings.model, "messages": messages, "temperature": 0, "response_format": {"type": "json_object"}}
        ).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key}"
        req = urllib.request.Request(f"{settings.url}/chat/completions", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=settings.timeout_s) as resp:
                data = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise CtgraphError(
                f"the LLM endpoint {settings.url} failed ({exc}); check CTGRAPH_LLM_URL or draft without --llm"
            ) from None
        try:
            return str(data["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError):
            raise CtgraphError(
                f"the LLM endpoint {settings.url} did not answer like an OpenAI-compatible chat API"
            ) from None

    return complete


def _json_of(answer: str) -> dict[str, Any]:
    text = answer.strip()
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _country(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    m = resolve_name(value.strip())
    return m.iso3 if m is not None and m.kind == "country" else None


def check_answer(answer: str, paragraph: Paragraph) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Facts of one model answer that pass validation, and the dropped ones with reasons.

    Examples
    --------
    >>> p = Paragraph("Eritreans are subject to forced labor mainly in Ethiopia.", "row 2")
    >>> ok, dropped = check_answer(json.dumps({"flows": [
    ...     {"origin": "Eritrea", "destination": "ETH", "quote": "Eritreans are subject to  forced labor"},
    ...     {"origin": "ERI", "destination": "SDN", "quote": "Eritreans are trafficked to Sudan"}]}), p)
    >>> [(f["origin"], f["destination"]) for f in ok], dropped[0]["reason"]
    ([('ERI', 'ETH')], "quote not found verbatim in row 2: 'Eritreans are trafficked to Sudan'")
    """
    data = _json_of(answer)
    text = _norm(paragraph.text)
    ok: list[dict[str, Any]] = []
    dropped: list[dict[str, str]] = []
    for kind in ("flows", "agreements"):
        items = data.get(kind, [])
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            quote = _norm(str(item.get("quote", "")))
            if not quote or quote not in text:
                dropped.append({"kind": kind, "reason": f"quote not found verbatim in {paragraph.locator}: {quote[:80]!r}"})
                continue
            if kind == "flows":
                o, d = _country(item.get("origin")), _country(item.get("destination"))
                if o is None or d is None or o == d:
                    dropped.append({"kind": kind, "reason": f"unknown or same countries {item.get('origin')!r} -> {item.get('destination')!r}"})
                    continue
                ok.append({"kind": kind, "origin": o, "destination": d, "quote": quote, "hedged": bool(item.get("hedged"))})
            else:
                parties = [_country(x) for x in item.get("parties", []) if isinstance(item.get("parties"), list)]
                status = item.get("status")
                if len(parties) < 2 or None in parties or len(set(parties)) < 2 or status not in ("signed", "negotiating", "proposed"):
                    dropped.append({"kind": kind, "reason": f"agreement needs two known parties and a status: {item!r}"[:160]})
                    continue
                ok.append({"kind": kind, "parties": parties, "status": status, "quote": quote})
    return ok, dropped


class LLMExtractor:
    """Ask the endpoint about each paragraph; add what validates to the drafts."""

    def __init__(self, settings: LLMSettings | None = None, complete: Complete | None = None) -> None:
        if complete is None:
            complete = _http_complete(settings or LLMSettings.from_env())
        self.complete = complete

    def add_to(self, drafts: Drafts, doc: Document) -> None:
        existing = {(f.origin, f.destination): f for f in drafts.flows}
        prefix = drafts.source_id.split(":", 1)[1]
        known = {tuple(a["parties"]) for a in drafts.agreements}
        for p in doc.paragraphs:
            answer = self.complete([{"role": "system", "content": PROMPT}, {"role": "user", "content": p.text}])
            ok, dropped = check_answer(answer, p)
            drafts.dropped.extend(dropped)
            for fact in ok:
                ev = {"quote": fact["quote"], "locator": p.locator}
                if fact["kind"] == "flows":
                    key = (fact["origin"], fact["destination"])
                    flow = existing.get(key)
                    if flow is None:
                        flow = existing[key] = FlowDraft(*key)
                        drafts.flows.append(flow)
                    if ev not in flow.evidence:
                        flow.evidence.append(ev)
                        flow.hedges.append("model says hedged" if fact["hedged"] else None)
                        flow.inferred.append(False)
                    for form in exploitation_of(fact["quote"]):
                        if form in _VOCAB and form not in flow.exploitation:
                            flow.exploitation.append(form)
                else:
                    parties = tuple(fact["parties"][:2])
                    if parties in known:
                        continue
                    known.add(parties)
                    drafts.agreements.append({
                        "id": f"agreement:{prefix}.llm-{parties[0].lower()}-{parties[1].lower()}-{fact['status']}",
                        "title": f"{parties[0]}–{parties[1]} agreement ({fact['status']}, drafted by the LLM extractor)",
                        "kind": "bilateral",
                        "status": fact["status"],
                        "parties": list(parties),
                        "evidence": [ev],
                    })
