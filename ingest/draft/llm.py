"""Optional extractor: a user-configured OpenAI-compatible chat endpoint.

Off by default: ``ctgraph draft FILE --llm`` uses it, with its configuration
from the environment only (never from code):

- ``CTGRAPH_LLM_URL``: the API base, e.g. ``http://127.0.0.1:11434/v1`` (Ollama)
  or ``http://127.0.0.1:8000/v1`` (vLLM);
- ``CTGRAPH_LLM_MODEL``: the model name the server knows;
- ``CTGRAPH_LLM_API_KEY``: a bearer token, if the server wants one;
- ``CTGRAPH_LLM_TIMEOUT_S``: seconds per request (default 60);
- ``CTGRAPH_LLM_TOTAL_TIMEOUT_S``: seconds for the whole exchange, every
  paragraph together (default 600): a server that drip-feeds its answer
  cannot hold a draft longer than this.

The model is asked, paragraph by paragraph, for flows and agreements as JSON,
each with a quote copied from the paragraph. Its answer goes through the
same validation as every fact: a quote that is not verbatim in the paragraph
(whitespace-normalised) drops the fact, and so does a country the name layer
does not know; each dropped fact is listed with its reason
(``Drafts.dropped``), never silently repaired. Facts that survive are added
to the rule-based drafts (merged by origin and destination).

A verbatim quote is not enough: it must *support* the fact. It is at least
:data:`MIN_QUOTE_CHARS` characters and :data:`MIN_QUOTE_WORDS` words, and the
sentence(s) it lies in name both endpoints of a flow (both parties of an
agreement) by a country name or demonym the name layer resolves to exactly
that country ("Ignore all previous instructions." or "a" support nothing).
The answer is checked against its expected shape (a JSON object with lists
of objects whose fields are strings, ``hedged`` a boolean): anything else,
and an answer that is not JSON at all, is dropped with the reason.

The HTTP client is the standard library's ``http.client`` (one POST per
paragraph), with bounds: a timeout per request, a total deadline for the
whole exchange enforced by closing the connection (a drip-fed answer cannot
outlast it), an answer of at most :data:`MAX_ANSWER_BYTES`, and no redirect
followed to another origin (a redirect within the endpoint's own origin is
followed, at most :data:`MAX_REDIRECTS` times; the bearer token goes only to
that origin). Errors show the endpoint with any user, password or query
value masked (``http://***@host/v1?key=***``).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ctgraph.graph.errors import CtgraphError
from ctgraph.graph.names import resolve_name
from ctgraph.ingest.draft.cues import exploitation_of
from ctgraph.ingest.draft.extract import Drafts, FlowDraft
from ctgraph.ingest.draft.formats import Document, Paragraph
from ctgraph.ingest.draft.gazetteer import find_mentions

__all__ = [
    "LLMSettings", "LLMExtractor", "PROMPT", "check_answer", "masked_url", "MIN_QUOTE_CHARS", "MIN_QUOTE_WORDS",
    "MAX_ANSWER_BYTES", "MAX_REDIRECTS",
]

#: A quote shorter than this supports no fact.
MIN_QUOTE_CHARS = 20
MIN_QUOTE_WORDS = 4
#: Largest answer read from the endpoint.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
MAX_REDIRECTS = 3

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
    total_timeout_s: float = 600.0

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
        seconds: dict[str, float] = {}
        for key, default in (("CTGRAPH_LLM_TIMEOUT_S", "60"), ("CTGRAPH_LLM_TOTAL_TIMEOUT_S", "600")):
            try:
                seconds[key] = float(env.get(key, default))
            except ValueError:
                seconds[key] = -1.0
            if not 0 < seconds[key] < 86_400:
                raise CtgraphError(f"{key} must be a number of seconds above 0, e.g. {default}")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CtgraphError(f"CTGRAPH_LLM_URL {masked_url(url)!r} is not an http(s) URL, e.g. "
                               "http://127.0.0.1:11434/v1")
        return cls(url.rstrip("/"), model, env.get("CTGRAPH_LLM_API_KEY") or None,
                   seconds["CTGRAPH_LLM_TIMEOUT_S"], seconds["CTGRAPH_LLM_TOTAL_TIMEOUT_S"])


def masked_url(url: str) -> str:
    """``url`` as errors show it: user, password and query values hidden.

    Examples
    --------
    >>> masked_url("https://me:s3cret@llm.example.org/v1?api_key=abc&x=1")
    'https://***@llm.example.org/v1?api_key=***&x=***'
    >>> masked_url("http://127.0.0.1:11434/v1")
    'http://127.0.0.1:11434/v1'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(the URL in CTGRAPH_LLM_URL)"
    netloc = ("***@" if parts.username or parts.password else "") + host + (f":{port}" if port else "")
    query = "&".join(f"{k}=***" for k, _v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    return parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


class _Deadline:
    """The whole exchange's deadline: when it passes, the open connection is shut (a blocked read returns)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.passed = False

    def left(self) -> float:
        return self.at - time.monotonic()

    def guard(self, conn: http.client.HTTPConnection) -> threading.Timer:
        def shut() -> None:
            self.passed = True
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(max(self.left(), 0.0), shut)
        timer.daemon = True
        timer.start()
        return timer


def _http_complete(settings: LLMSettings) -> Complete:  # noqa: C901
    shown = masked_url(settings.url)
    deadline: _Deadline | None = None

    def fail(why: str) -> CtgraphError:
        return CtgraphError(f"the LLM endpoint {shown} failed ({why}); check CTGRAPH_LLM_URL or draft without --llm")

    def post(url: str, body: bytes, headers: dict[str, str], clock: _Deadline) -> tuple[int, str | None, bytes]:
        parts = urllib.parse.urlsplit(url)
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        timeout = max(0.01, min(settings.timeout_s, clock.left()))
        conn = conn_cls(parts.hostname or "", parts.port, timeout=timeout)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        timer = clock.guard(conn)
        resp: http.client.HTTPResponse | None = None
        try:
            conn.request("POST", target, body=body, headers=headers)
            resp = conn.getresponse()
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise fail(f"its answer is larger than {MAX_ANSWER_BYTES // 1_048_576} MB")
                chunks.append(chunk)
                if clock.left() <= 0:
                    clock.passed = True
                    raise fail(f"no complete answer within {clock.seconds:g} s, CTGRAPH_LLM_TOTAL_TIMEOUT_S")
            return resp.status, resp.getheader("Location"), b"".join(chunks)
        except (OSError, http.client.HTTPException) as exc:
            if clock.passed or clock.left() <= 0:
                raise fail(f"no complete answer within {clock.seconds:g} s, CTGRAPH_LLM_TOTAL_TIMEOUT_S") from None
            if isinstance(exc, TimeoutError | socket.timeout):
                raise fail(f"no answer within {settings.timeout_s:g} s, CTGRAPH_LLM_TIMEOUT_S") from None
            raise fail(type(exc).__name__ + (f": {exc.strerror}" if isinstance(exc, OSError) and exc.strerror
                                             else "")) from None
        finally:
            timer.cancel()
            if resp is not None:
                resp.close()
            conn.close()

    def complete(messages: list[dict[str, str]]) -> str:
        nonlocal deadline
        if deadline is None:
            deadline = _Deadline(settings.total_timeout_s)
        body = json.dumps(
            {"model": settings.model, "messages": messages, "temperature": 0, "response_format": {"type": "json_object"}}
        ).encode("utf-8")
        url = f"{settings.url}/chat/completions"
        home = _origin(urllib.parse.urlsplit(url))
        for _hop in range(MAX_REDIRECTS + 1):
            headers = {"Content-Type": "application/json"}
            if settings.api_key and _origin(urllib.parse.urlsplit(url)) == home:
                headers["Authorization"] = f"Bearer {settings.api_key}"
            status, location, raw = post(url, body, headers, deadline)
            if status in (301, 302, 303, 307, 308) and location:
                nxt = urllib.parse.urljoin(url, location)
                if _origin(urllib.parse.urlsplit(nxt)) != home:
                    raise fail(f"it redirects to another origin, {masked_url(nxt)}, where ctgraph does not follow "
                               "with your credentials; set CTGRAPH_LLM_URL to the endpoint itself")
                url = nxt
                continue
            if status != 200:
                raise fail(f"HTTP status {status}")
            break
        else:
            raise fail(f"more than {MAX_REDIRECTS} redirects")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise CtgraphError(f"the LLM endpoint {shown} did not answer with JSON; check CTGRAPH_LLM_URL "
                               "(it should end in /v1)") from None
        try:
            return str(data["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError):
            raise CtgraphError(
                f"the LLM endpoint {shown} did not answer like an OpenAI-compatible chat API"
            ) from None

    return complete


class _NotJSON(ValueError):
    """The model's answer is not a JSON object."""


def _json_of(answer: str) -> dict[str, Any]:
    text = answer.strip()
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    try:
        data = json.loads(text)
    except ValueError:
        raise _NotJSON(f"the answer is not JSON: {text[:60]!r}") from None
    if not isinstance(data, dict):
        raise _NotJSON(f"the answer is JSON {type(data).__name__}, not an object with 'flows' and 'agreements'")
    return data


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` holding ``text[start:end]``."""
    left = max((m.end() for m in re.finditer(r"[.!?;](?:\s+|$)", text[:start])), default=0)
    m = re.search(r"[.!?;](?:\s|$)", text[end:])
    right = end + m.end() if m else len(text)
    return text[left:right]


def _named(sentence: str) -> set[str]:
    """Countries a sentence names unambiguously (by name or demonym)."""
    return {m.ref for m in find_mentions(sentence) if not m.candidates and not m.ref.startswith("region:")}


def _support(quote: str, text: str, refs: list[str]) -> str | None:
    """Why ``quote`` (verbatim in ``text``) does not support a fact about ``refs``; None when it does."""
    if len(quote) < MIN_QUOTE_CHARS or len(quote.split()) < MIN_QUOTE_WORDS:
        return (f"quote {quote[:80]!r} is too short to support a fact (at least {MIN_QUOTE_CHARS} characters and "
                f"{MIN_QUOTE_WORDS} words)")
    at = text.find(quote)
    sentence = _sentence_around(text, at, at + len(quote))
    missing = [r for r in refs if r not in _named(sentence)]
    if missing:
        return (f"quote {quote[:80]!r} does not support it: its sentence does not name {', '.join(missing)}")
    return None


def _country(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    m = resolve_name(value.strip())
    return m.iso3 if m is not None and m.kind == "country" else None


def check_answer(answer: str, paragraph: Paragraph) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:  # noqa: C901
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
    text = _norm(paragraph.text)
    ok: list[dict[str, Any]] = []
    dropped: list[dict[str, str]] = []
    where = paragraph.locator
    try:
        data = _json_of(answer)
    except _NotJSON as exc:
        return ok, [{"kind": "answer", "reason": f"{where}: {exc}"}]
    for kind in ("flows", "agreements"):
        items = data.get(kind, [])
        if not isinstance(items, list):
            dropped.append({"kind": kind, "reason": f"{where}: '{kind}' is {type(items).__name__}, not a list"})
            continue
        for i, item in enumerate(items, start=1):
            shape = _shape_problem(kind, item)
            if shape:
                dropped.append({"kind": kind, "reason": f"{where}: {kind} item {i}: {shape}"})
                continue
            quote = _norm(item["quote"])
            if not quote or quote not in text:
                dropped.append({"kind": kind, "reason": f"quote not found verbatim in {where}: {quote[:80]!r}"})
                continue
            if kind == "flows":
                o, d = _country(item.get("origin")), _country(item.get("destination"))
                if o is None or d is None or o == d:
                    dropped.append({"kind": kind, "reason": f"unknown or same countries {item.get('origin')!r} -> {item.get('destination')!r}"})
                    continue
                why = _support(quote, text, [o, d])
                if why:
                    dropped.append({"kind": kind, "reason": f"{where}: {o} -> {d}: {why}"})
                    continue
                ok.append({"kind": kind, "origin": o, "destination": d, "quote": quote, "hedged": bool(item.get("hedged"))})
            else:
                parties = [_country(x) for x in item["parties"]]
                status = item.get("status")
                if len(parties) < 2 or None in parties or len(set(parties)) < 2 or status not in ("signed", "negotiating", "proposed"):
                    dropped.append({"kind": kind, "reason": f"agreement needs two known parties and a status: {item!r}"[:160]})
                    continue
                known = [str(x) for x in parties]
                why = _support(quote, text, known)
                if why:
                    dropped.append({"kind": kind, "reason": f"{where}: {'-'.join(known)}: {why}"})
                    continue
                ok.append({"kind": kind, "parties": known, "status": status, "quote": quote})
    return ok, dropped


_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "flows": {"origin": str, "destination": str, "quote": str},
    "agreements": {"parties": list, "status": str, "quote": str},
}


def _shape_problem(kind: str, item: Any) -> str | None:
    """What is wrong with the shape of one answer item (None: it has the fields and types asked for)."""
    if not isinstance(item, dict):
        return f"is {type(item).__name__}, not an object"
    for name, typ in _FIELDS[kind].items():
        if name not in item:
            return f"has no {name!r}"
        if not isinstance(item[name], typ):
            return f"{name!r} is {type(item[name]).__name__}, not {getattr(typ, '__name__', typ)}"
    if kind == "agreements" and not all(isinstance(x, str) for x in item["parties"]):
        return "'parties' holds something other than names"
    if "hedged" in item and not isinstance(item["hedged"], bool):
        return f"'hedged' is {type(item['hedged']).__name__}, not true or false"
    return None


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
