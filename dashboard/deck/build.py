"""Building the deck: the slides, in the order a policy officer presents them.

Main slides (six to ten for a country): title (scope, coverage date,
sources) - key messages - route map - top routes by magnitude - cooperation
gaps and what binds each pair - the next bilateral instrument - what binds the
country - US TIP tiers as context - challenges - contacts on both sides.
A route deck has its coverage, routes, challenges and both sides' contacts;
the whole picture its top routes, gaps, instruments and contacts.

Then the appendix, every slide titled "Appendix: ...": the full tables the
main slides cut (capped, each saying which command lists everything), raw
figures reported in the sources (data-set indicator rows included), the
network picture and the sources with citations.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from ctgraph.dashboard.deck import cells as C
from ctgraph.dashboard.deck.collect import Briefing, collect
from ctgraph.dashboard.deck.fitting import clip, fit_paragraph
from ctgraph.dashboard.deck.layout import (
    BAND,
    BODY_BOTTOM,
    BODY_TOP,
    CONTENT_W,
    GREY,
    INK,
    MARGIN,
    NAVY,
    RULE,
    Column,
    Deck,
    Para,
    PicturePlace,
    paragraphs_height,
    picture_slide,
    place_picture,
    style_runs,
    table_slides,
    text_box,
)
from ctgraph.dashboard.deck.messages import KeyMessage, key_messages
from ctgraph.dashboard.deck.render import Job, Pictures
from ctgraph.dashboard.deck.scope import Scope
from ctgraph.graph import i18n
from ctgraph.graph.analysis import explain
from ctgraph.graph.answers import Evidence
from ctgraph.graph.errors import ExportError
from ctgraph.graph.figures import counts_text, figure_key, figure_title
from ctgraph.graph.store import AsOf, GraphStore
from ctgraph.graph.vocabulary import display_name, measured_sentence
from ctgraph.graph.wording import count_text, nobody_named, sides_without_contacts, tier_word

__all__ = ["LIMITS", "MAIN_ROWS", "build_deck", "deck_bytes", "write_deck"]

def _count_words() -> str:
    """What a count cell's dash and "<5" mean (said in every table note that shows counts)."""
    return i18n._("{no_count}. <5: the data set published only suppressed cells (a count below 5), never 0.",
                  no_count=i18n._(C.NO_COUNT))

#: Most rows an appendix table shows (a footnote names the command that lists the rest).
LIMITS: dict[str, int] = {
    "pictures": 40,
    "network": 12,
    "routes": 40,
    "gaps": 40,
    "next": 20,
    "instruments": 30,
    "challenges": 30,
    "statistics": 30,
    "contacts": 30,
    "sources": 30,
}

#: Most rows a main slide's table shows (fewer when long cells need the room).
MAIN_ROWS = 10

#: What the appendix network draws beside the top routes, to stay legible: the strongest
#: instrument of a pair only, none that is multilateral (the UN Protocol binds nearly every pair:
#: the arrow's colour says so), at most eight, so each square can carry its label.
_NETWORK = {"per_pair": 1, "skip_levels": ("multilateral",), "max_instruments": 8}

_PICTURE = (12.0, 5.1)
_TIERS = (12.0, 3.0)
_SERIES = (12.0, 4.6)
#: Picture resolution: 12 in at 130 dpi is 1,560 px, sharp on a projector, and quicker to draw than 150.
_DPI = 130


class _Build:
    """One deck being built from one :class:`Briefing`."""

    def __init__(self, b: Briefing, threshold: int, limits: Mapping[str, int],
                 pictures: Pictures | None = None) -> None:
        self.b = b
        self.t = threshold
        self.lim = limits
        counted = {c["dataset"] for r in [*b.routes, *b.gaps] for c in r["corroboration"]}
        counted |= {e["source"] for s in b.statistics for e in s["evidence"] if e["source"] in b.datasets}
        masked = frozenset(counted) if threshold else frozenset()
        footer = i18n._("ctgraph briefing · {heading} · coverage as of {day} · generated {generated}",
                         heading=b.heading, day=b.as_of.isoformat(), generated=b.generated.isoformat())
        self.deck = Deck(footer, b.labels, masked)
        self.lb = b.labels
        #: sections whose main slide left rows for the appendix
        self.more: dict[str, bool] = {}
        #: the pictures being drawn, and the slides waiting for them
        self.pictures = pictures if pictures is not None else Pictures(parallel=False)
        self.job_index: dict[str, int] = {}
        self.places: list[tuple[str, PicturePlace]] = []

    # ------------------------------------------------------------------ helpers

    def name(self, ident: str) -> str:
        return self.lb.name(ident)

    def pair(self, item: Mapping[str, Any]) -> str:
        hops = item.get("hops") or [item["source"], item["destination"]]
        return " → ".join(self.name(h) for h in hops)

    def full_list(self, what: str) -> str | None:
        """The CLI command that lists every row of a table in this scope, if one does."""
        b = self.b
        when = f" --as-of {b.as_of.isoformat()}"
        if b.scope.kind == "country":
            c = b.scope.ids[0]
            return {"gaps": f"ctgraph gaps --country {c}{when} --json",
                    "next": f"ctgraph next-instrument {c}{when} --json"}.get(what, f"ctgraph country {c}{when} --json")
        if b.scope.kind == "route":
            return b.queries[0].split(" (")[0]
        return {"routes": f"ctgraph routes{when} --json", "gaps": f"ctgraph gaps{when} --json",
                "instruments": f"ctgraph agreements{when} --json"}.get(what)

    def more_text(self, what: str, appendix: bool) -> Callable[[int, int], str]:
        def say(shown: int, total: int) -> str:
            self.more[what] = True
            if appendix:
                return i18n._("Showing the first {shown} of {total}; the appendix lists more.", shown=shown, total=f"{total}")
            return i18n._("Showing the first {shown} of {total}.", shown=shown, total=f"{total}")
        return say

    def cmd_note(self, what: str) -> str:
        """The notes' pointer to the command that lists every row."""
        cmd = self.full_list(what)
        return " " + i18n._("Every row: `{command}`.", command=cmd) if cmd else ""

    def cap(self, what: str, rows: list[Any]) -> tuple[list[Any], str]:
        """The rows an appendix table shows and the footnote saying what it leaves out."""
        n = self.lim.get(what, len(rows))
        if len(rows) <= n:
            return rows, ""
        cmd = self.full_list(what)
        if cmd:
            return rows[:n], i18n._("Showing the first {shown} of {total}; the notes name the command that lists "
                                    "them all.", shown=n, total=f"{len(rows):,}")
        return rows[:n], i18n._("Showing the first {shown} of {total}.", shown=n, total=f"{len(rows):,}")

    # ------------------------------------------------------------------ title and key messages

    def title_slide(self) -> None:
        b, deck = self.b, self.deck
        s = deck.prs.slides.add_slide(deck.prs.slide_layouts[0])
        kind = {"everything": i18n.N_("Briefing: {heading}"), "country": i18n.N_("Country briefing: {heading}"),
                "route": i18n.N_("Route briefing: {heading}")}[b.scope.kind]
        title, size, _ = fit_paragraph(i18n._(kind, heading=b.heading), CONTENT_W, (40, 36, 32, 28, 24), 2, bold=True)
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(MARGIN), Inches(0.95), Inches(CONTENT_W), Inches(1.6)
        tf = t.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM
        tf.margin_left = tf.margin_right = Inches(0.05)
        tf.margin_top = tf.margin_bottom = Inches(0.03)
        tf.text = title
        tf.paragraphs[0].alignment = PP_ALIGN.LEFT
        style_runs(tf.paragraphs[0], size, True, NAVY)
        sub = s.placeholders[1]
        sub.left, sub.top, sub.width, sub.height = Inches(MARGIN), Inches(2.65), Inches(CONTENT_W), Inches(1.35)
        stf = sub.text_frame
        stf.word_wrap = True
        stf.auto_size = MSO_AUTO_SIZE.NONE
        stf.vertical_anchor = MSO_ANCHOR.TOP
        stf.margin_left = stf.margin_right = Inches(0.05)
        stf.margin_top = stf.margin_bottom = Inches(0.03)
        if b.scope.kind == "country":
            scope_line = i18n._("Scope: flows from and to {heading}, what binds it, its cooperation gaps, "
                                "the next bilateral instrument and contacts", heading=b.heading)
        elif b.scope.kind == "route":
            scope_line = i18n._("Scope: flows from {origin} to {destination}, the instruments binding both, contacts "
                                "on both sides", origin=self.name(b.scope.ids[0]), destination=self.name(b.scope.ids[1]))
        else:
            scope_line = i18n._("Scope: every documented flow, cooperation gap and instrument in the graph")
        scope_line, _, _ = fit_paragraph(scope_line, CONTENT_W, (18,), 2)
        stf.text = scope_line
        stf.paragraphs[0].alignment = PP_ALIGN.LEFT
        style_runs(stf.paragraphs[0], 18, False, INK)
        p = stf.add_paragraph()
        p.text = i18n._("Coverage as of {day} · generated {generated} by ctgraph from the {store} store",
                        day=b.as_of.isoformat(), generated=b.generated.isoformat(), store=b.store_name)
        p.alignment = PP_ALIGN.LEFT
        style_runs(p, 14, False, GREY)
        p = stf.add_paragraph()
        p.text = b.as_of_words  # what as-of means in this deck: counts up to its year, instruments as they stood
        p.alignment = PP_ALIGN.LEFT
        style_runs(p, 12, False, GREY)

        band = s.shapes.add_shape(1, 0, 0, deck.prs.slide_width, Inches(0.35))
        band.name = "Accent band"
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(NAVY)
        band.line.fill.background()
        band.shadow.inherit = False
        rule = s.shapes.add_connector(1, Inches(MARGIN), Inches(4.1), Inches(MARGIN + CONTENT_W), Inches(4.1))
        rule.line.color.rgb = _rgb(RULE)
        rule.line.width = Pt(1.25)
        paras: list[Para] = [(i18n._("Sources used"), 14, True, NAVY)]
        room = BODY_BOTTOM - 4.25
        srcs = sorted(b.sources, key=lambda x: self.lb.source(str(x["id"])))
        shown = 0
        for src in srcs:
            line = C.source_line(src, self.lb.source(str(src["id"])))
            line, _, _ = fit_paragraph(line, CONTENT_W, (12,), 1)
            more = len(srcs) - shown - 1
            tail: list[Para] = [(i18n._("… and {n} more (see the appendix)", n=more), 12, False, GREY)] if more else []
            if paragraphs_height(paras + [(line, 12, False, INK)] + tail, CONTENT_W, 4) > room:
                break
            paras.append((line, 12, False, INK))
            shown += 1
        if shown < len(srcs):
            paras.append((i18n._("… and {n} more (see the appendix)", n=len(srcs) - shown), 12, False, GREY))
        if not srcs:
            paras.append((i18n._("No source is cited in this scope."), 12, False, GREY))
        text_box(s, MARGIN, 4.25, CONTENT_W, room, paras, name="Sources used", space_after=4)
        for ph in list(s.placeholders):
            if ph.placeholder_format.idx not in (0, 1):
                ph._element.getparent().remove(ph._element)
        deck.add_footer(s)
        notes = [
            i18n._("Briefing on {heading}, generated {generated} from the ctgraph {store} store; "
                   "coverage (what binds each pair) as of {day}.", heading=b.heading,
                   generated=b.generated.isoformat(), store=b.store_name, day=b.as_of.isoformat()),
            i18n._("Every figure in this deck comes from these answers (run them to check):"),
            *[f"  {q}" for q in b.queries],
            "",
            i18n._("Sources used (the label is how the notes cite them):"),
        ]
        for src in srcs:
            notes.append(f"[{self.lb.source(str(src['id']))}] {src.get('citation') or src.get('title')}"
                         + (f" {src['url']}" if src.get("url") else ""))
        s.notes_slide.notes_text_frame.text = self.lb.text("\n".join(notes))  # ids in citations read as names

    def key_messages_slide(self, messages: Sequence[KeyMessage]) -> None:
        b = self.b
        intro = i18n._("Key messages: each finding with its figure and source. Figures are the answers' own: "
                       "data sets are shown side by side and never added (GLOTIP and CTDC count overlapping victims); "
                       "routes and gaps are ranked by victims counted (the largest single data set), then evidence "
                       "passages; coverage as of {day}.", day=b.as_of.isoformat())
        s = self.deck.slide(i18n.N_("Key messages"), self.deck.notes(
            intro + "\n\n" + "\n".join(i18n._("{i}. {message} (Source: {source})", i=i, message=m.text, source=m.source)
                                        + (f"\n   {m.detail}" if m.detail else "")
                                        for i, m in enumerate(messages, 1)),
            [(f"{i}. {clip(m.text, 90)}", m.evidence) for i, m in enumerate(messages, 1)]))
        height = BODY_BOTTOM - BODY_TOP - 0.1
        for size in (20, 18, 16, 14, 12):
            paras: list[Para] = []
            for i, m in enumerate(messages, 1):
                paras.append((f"{i}.  {m.text}", size, True, INK))
                paras.append((i18n._("Source: {source}", source=m.source), size - 5, False, GREY))
            if paragraphs_height(paras, CONTENT_W - 0.3, size * 0.6) <= height:
                break
        text_box(s, MARGIN + 0.15, BODY_TOP + 0.1, CONTENT_W - 0.3, height, paras, name="Key messages",
                 space_after=size * 0.6)

    # ------------------------------------------------------------------ pictures

    def map_inputs(self) -> tuple[list[Any], dict[str, Any], dict[str, str]]:
        """The routes the map draws, their endpoints' positions and their labels."""
        from ctgraph.dashboard.geo import endpoint_position

        drawn = self.b.routes[: self.lim["pictures"]]
        ends = sorted({e for r in drawn for e in (r["source"], r["destination"])})
        positions = {e: endpoint_position(e, members=list(self.lb.candidates.get(e) or []),
                                          country=self.lb.place_country.get(e)) for e in ends}
        return drawn, positions, {e: display_name(e, self.lb.names) for e in ends}

    def network_inputs(self) -> tuple[list[Any], dict[str, str]]:
        drawn = self.b.routes[: self.lim["network"]]
        labels = {e: display_name(e, self.lb.names) for r in drawn for e in (r["source"], r["destination"])}
        labels.update({v: display_name(v, self.lb.names) for v in self.lb.place_country.values()})
        return drawn, labels

    def start_pictures(self) -> None:
        """Hand every picture the deck shows to the drawing process (:mod:`dashboard.deck.render`)."""
        drawn, positions, labels = self.map_inputs()
        jobs = {"map": Job("route_map", (drawn, positions, labels),
                           {"size": _PICTURE, "max_routes": self.lim["pictures"], "dpi": _DPI})}
        net, net_labels = self.network_inputs()
        jobs["network"] = Job("network", (net, net_labels, dict(self.lb.place_country)),
                              {"size": _PICTURE, "max_routes": self.lim["network"], "dpi": _DPI, **_NETWORK})
        if self.b.tip_tiers and self.b.scope.kind == "country":
            jobs["tiers"] = Job("tier", (self.b.tip_tiers,), {"size": _TIERS, "dpi": _DPI})
        if self.b.series:
            labels = {d: C.dataset_name(self.lb.source(d)) for d in {str(p["dataset"]) for p in self.b.series}}
            points = [{**p, "series": counts_text(str(p["series"]))} for p in self.b.series]  # in the deck's words
            jobs["series"] = Job("series", (points, labels),
                                 {"size": _SERIES, "dpi": _DPI, "y_title": i18n._("Victims counted")})
        self.job_index = {k: i for i, k in enumerate(jobs)}
        self.pictures.submit(list(jobs.values()))

    def place_pictures(self) -> None:
        """Put each drawn picture on the slide laid out for it."""
        for what, place in self.places:
            place_picture(place, self.pictures.get(self.job_index[what]))

    def route_map(self) -> None:
        b = self.b
        drawn, positions, _labels = self.map_inputs()
        missing = sorted(e for e, p in positions.items() if p is None)
        some = _some_drawn(len(drawn), len(b.routes))
        caption = i18n._("Lines: documented flows the short way round, coloured and dashed by the strongest instrument "
                         "binding both sides as of {day}; wider = more victims counted by a data set.",
                         day=b.as_of.isoformat()) + some
        missed = i18n.list_text((self.name(e) for e in missing), "clauses")
        if missing:
            caption += " " + i18n._("Not on the map (the sources give no position): {places}.", places=missed)
        notes = self.deck.notes(
            i18n._("Route map: each line is a documented flow between two endpoints placed at their capitals (a province "
                   "at its country); regions the sources do not expand into countries are not placed. Line colour and "
                   "dash: coverage; width: victims counted by the largest single data set.") + some
            + (" " + i18n._("Not placed: {places}.", places=missed) if missing else ""),
            [(self.pair(r), r["evidence"]) for r in drawn[:15]])
        self.places.append(("map", picture_slide(self.deck, i18n.N_("Route map"), caption, notes, _PICTURE[0] / _PICTURE[1])))

    def network(self) -> None:
        b = self.b
        drawn, _labels = self.network_inputs()
        some = _some_drawn(len(drawn), len(b.routes))
        inst_ev = {i["id"]: i["evidence"] for i in [*b.agreements, *b.cooperations]}
        shown = {i["id"]: i["title"] for r in drawn for i in r["instruments"][:1] if i["level"] != "multilateral"}
        notes = self.deck.notes(
            i18n._("Network: flows between endpoints (colour, dash and width as on the map); each square is an "
                   "instrument that binds both ends of a flow shown.") + some,
            [(i18n._("Instrument: {title}", title=C.short_title(t)), inst_ev.get(i, [])) for i, t in sorted(shown.items())])
        self.places.append(("network", picture_slide(
            self.deck, i18n.N_("Network of flows and cooperation"),
            i18n._("Circles: countries, regions and places; arrows: documented flows coloured and dashed by "
                   "coverage, wider with more victims counted; squares: the strongest bilateral or regional instrument "
                   "binding both ends.") + some,
            notes, _PICTURE[0] / _PICTURE[1])))

    def victims_series(self) -> None:
        """The dashboard's chart of victims counted, year by year, each data set its own line."""
        b = self.b
        if "series" not in self.job_index:
            return
        years = sorted({int(p["year"]) for p in b.series})
        sets = i18n.list_text(sorted({C.dataset_name(self.lb.source(str(p["dataset"]))) for p in b.series}))
        caption = (i18n._("{heading}, {first}–{last}: victims counted by {datasets}.", heading=b.heading, first=years[0],
                          last=years[-1], datasets=sets) + " "
                   + i18n._("Each data set its own line (they overlap: never added). A bar over 1–4 marked <5: a year "
                            "whose cells were all suppressed; a hollow point: some cells <5, so the count is at least "
                            "that."))
        intro = (i18n._("Per data set, the victims it counts about the country: detected in it (its own total when it "
                        "publishes one, else the sum of its figures on the flows into and within it) and its citizens "
                        "detected elsewhere (the sum of its figures on the flows out). Suppressed cells (<5) are "
                        "counted as suppressed, never as 0 or 5.") if b.scope.kind == "country" else
                 i18n._("Per data set, the victims it counts on the route each year (its figures by year, as on the "
                        "Year by year slide). Suppressed cells (<5) are counted as suppressed, never as 0 or 5."))
        self.places.append(("series", picture_slide(self.deck, i18n.N_("Victims counted, year by year"), caption,
                                                    self.deck.notes(intro, []), _SERIES[0] / _SERIES[1])))

    def tiers(self) -> None:
        b = self.b
        if "tiers" not in self.job_index:
            return
        first, last = b.tip_tiers[0], b.tip_tiers[-1]
        worst = max(b.tip_tiers, key=lambda t: (t["rank"], t["year"]))
        caption = i18n._("US State Department TIP report tiers of {heading}, {first}–{last}: "
                         "{tier} in {last}; lowest {lowest} ({lowest_year}). "
                         "Context on the government's effort as the US assesses it; not a cooperation instrument, "
                         "so not coverage.", heading=b.heading, first=first["year"], last=last["year"],
                         tier=tier_word(last["tier_label"]), lowest=tier_word(worst["tier_label"]), lowest_year=worst["year"])
        notes = self.deck.notes(
            i18n._("TIP tiers are context: the US Department of State's yearly assessment (Tier 1 best, Tier 3 worst). "
                   "They are not an instrument binding any pair, so they never change coverage or gaps."),
            [(f"{t['year']}: {tier_word(t['tier_label'])}", t["evidence"]) for t in b.tip_tiers])
        self.places.append(("tiers", picture_slide(self.deck, i18n.N_("Context: US TIP report tiers"), caption, notes,
                                                   _TIERS[0] / _TIERS[1], top=BODY_TOP + 0.3)))

    # ------------------------------------------------------------------ tables

    def routes_table(self, routes: list[Any], title: str, lead: str, *, main: bool) -> None:
        t = self.t
        cols = [Column(i18n.N_("Route"), 0.27, 3), Column(i18n.N_("Exploitation; victims"), 0.19, 3),
                Column(i18n.N_("Coverage"), 0.12, 2, tint=True),
                Column(i18n.N_("Victims counted (data sets side by side, never added)"), 0.32, 4),
                Column(i18n.N_("Evidence passages"), 0.10, 1, align="r")]
        rows, foot = (routes[:MAIN_ROWS], "") if main else self.cap("routes", routes)
        table_slides(
            self.deck, title, lead, cols, [C.route_cells(r, self.lb, t) for r in rows],
            i18n._("Routes ranked by victims counted (the largest single data set's published count), then "
                   "evidence passages (distinct text passages). Data sets overlap, so their counts are never added; "
                   "each count carries only its own data set's labels.") + " " + _count_words() + self.cmd_note("routes"),
            lambda i: (self.pair(rows[i]), rows[i]["evidence"]),
            "No documented route in this scope.", foot,
            one_page=main, more=self.more_text("routes", appendix=True) if main else None,
            max_rows=MAIN_ROWS if main else 20, total=len(routes),
        )

    def gaps_table(self, gaps: list[Any], *, main: bool) -> None:
        t = self.t
        cols = [Column(i18n.N_("#"), 0.04, 1, align="r"), Column(i18n.N_("Pair"), 0.22, 3), Column(i18n.N_("Coverage"), 0.11, 2, tint=True),
                Column(i18n.N_("What binds the pair"), 0.31, 4), Column(i18n.N_("Victims counted"), 0.23, 4),
                Column(i18n.N_("Evidence passages"), 0.09, 1, align="r")]
        rows, foot = (gaps[:MAIN_ROWS], "") if main else self.cap("gaps", gaps)
        measured = measured_sentence(self.b.measured) if self.b.measured else ""
        foot = " ".join(x for x in (measured, foot) if x)
        table_slides(
            self.deck, i18n.N_("Cooperation gaps") if main else i18n.N_("All cooperation gaps"),
            i18n._("Documented cross-border flows no regional or bilateral instrument covers (multilateral-only pairs "
                   "are gaps too), ranked by victims counted, then evidence."),
            cols, [C.gap_cells(i + 1, g, self.lb, t) for i, g in enumerate(rows)],
            i18n._("Cooperation gaps: coverage below regional as of the deck's date. 'What binds the pair' is the gap's "
                   "explanation: the strongest instrument binding both sides, if any.")
            + (f" {measured}" if measured else "") + " " + _count_words() + self.cmd_note("gaps"),
            lambda i: (f"{i + 1}. {self.pair(rows[i])}", rows[i]["evidence"]),
            i18n._("No cooperation gap: every documented cross-border flow in this scope is covered at regional level "
                   "or better.") if self.b.routes else i18n._("No documented flow in this scope, so no cooperation gap."),
            foot,
            one_page=main, more=self.more_text("gaps", appendix=True) if main else None,
            max_rows=MAIN_ROWS if main else 20, total=len(gaps),
        )

    def next_table(self, *, main: bool) -> None:
        b = self.b
        items = b.next_instruments[:8] if main else self.cap("next", b.next_instruments)[0]
        foot = "" if main else self.cap("next", b.next_instruments)[1]
        cols = [Column(i18n.N_("#"), 0.04, 1, align="r"), Column(i18n.N_("Counterpart"), 0.18, 2),
                Column(i18n.N_("Victims counted (largest single data set)"), 0.18, 2),
                Column(i18n.N_("Evidence passages"), 0.10, 1, align="r"), Column(i18n.N_("Uncovered flows it would cover"), 0.50, 4)]
        table_slides(
            self.deck, i18n.N_("Next bilateral instrument") if main else i18n.N_("Next bilateral instrument: all counterparts"),
            i18n._("Counterparts ranked by what one new bilateral instrument with {heading} would cover: flows both "
                   "ways that no regional or bilateral instrument covers, victims counted first, then evidence.",
                   heading=b.heading),
            cols, [C.next_instrument_cells(i + 1, n, self.lb, self.t) for i, n in enumerate(items)],
            i18n._("Next best bilateral instrument (ctgraph next-instrument): per counterpart state, victims counted on "
                   "the uncovered flows between the two (both directions, within one data set; data sets never added) "
                   "and the distinct evidence passages.") + " " + _count_words() + self.cmd_note("next"),
            lambda i: (self.name(items[i]["counterpart"]), [e for g in items[i]["pairs"] for e in g["evidence"]]),
            i18n._("No uncovered flow between {heading} and another state: no bilateral instrument to propose.",
                   heading=b.heading), foot,
            one_page=main, more=self.more_text("next", appendix=True) if main else None, max_rows=8 if main else 20,
            total=len(b.next_instruments),
        )

    def instruments_table(self, *, main: bool) -> None:
        b = self.b
        party = b.subject
        items: list[tuple[str, list[str], list[Evidence]]] = []
        for a in b.agreements:
            items.append((a["title"], C.agreement_cells(a, self.lb, party), a["evidence"]))
        for c in b.cooperations:
            row = C.cooperation_cells(c, self.lb)
            items.append((c["title"], [row[0], i18n._("operational ({kind})", kind=row[1]), "cooperation", row[3],
                                       row[2]], c["evidence"]))
        total = len(items)
        if not main:
            items, foot = self.cap("instruments", items)
        else:
            items, foot = items[:MAIN_ROWS], ""
        since = i18n.N_("Binds it since") if party else i18n.N_("Date")
        cols = [Column(i18n.N_("Instrument"), 0.38, 3), Column(i18n.N_("Kind"), 0.13, 2), Column(i18n.N_("Status"), 0.10, 1, tint=True),
                Column(since, 0.13, 1), Column(i18n.N_("Parties"), 0.26, 3)]
        day = b.as_of.isoformat()
        lead = {
            "country": i18n._("Agreements and operational cooperation binding {heading} as of {day}: bilateral, "
                              "regional, multilateral (strongest first), then practical cooperation.",
                              heading=b.heading, day=day),
            "route": i18n._("Agreements and operational cooperation binding both sides as of {day}: bilateral, "
                            "regional, multilateral (strongest first), then practical cooperation.", day=day),
            "everything": i18n._("Agreements and operational cooperation in the graph as of {day}: bilateral, "
                                 "regional, multilateral (strongest first), then practical cooperation.", day=day),
        }[b.scope.kind]
        title = (i18n._("What binds {heading}", heading=b.heading) if party else i18n._("Instruments")) if main \
            else i18n._("All instruments")
        table_slides(
            self.deck, title, lead,
            cols, [x[1] for x in items],
            i18n._("Instruments (agreements and cooperations answers), with the date each binds the party from.")
            + self.cmd_note("instruments"),
            lambda i: (C.short_title(items[i][0]), items[i][2]),
            i18n._("No instrument or cooperation is documented for this scope."), foot,
            one_page=main, more=self.more_text("instruments", appendix=True) if main else None,
            max_rows=MAIN_ROWS if main else 20, total=total,
        )

    def challenges_table(self, *, main: bool) -> None:
        b = self.b
        rows = b.challenges[:8] if main else self.cap("challenges", b.challenges)[0]
        foot = "" if main else self.cap("challenges", b.challenges)[1]
        table_slides(
            self.deck, i18n.N_("Challenges reported") if main else i18n.N_("All challenges reported"),
            i18n._("Difficulties the sources report for this scope (either side).") if b.scope.kind == "route"
            else i18n._("Difficulties the sources report for this scope."),
            [Column(i18n.N_("Challenge"), 0.72, 4), Column(i18n.N_("Concerns"), 0.28, 3)],
            [C.challenge_cells(c, self.lb) for c in rows],
            i18n._("Challenges reported (the profile's or brief's challenges).") + self.cmd_note("challenges"),
            lambda i: (clip(str(rows[i]["description"])), rows[i]["evidence"]),
            i18n._("No challenge is reported for this scope."), foot,
            one_page=main, more=self.more_text("challenges", appendix=True) if main else None,
            max_rows=8 if main else 20, total=len(b.challenges),
        )

    def contacts_table(self, *, main: bool) -> None:
        b = self.b
        agencies = b.agencies + b.counterpart_agencies
        experts = b.experts + b.counterpart_experts
        header, rows = C.contact_rows(agencies, experts, self.lb)
        people: list[Any] = [*experts, *agencies]
        total = len(rows)
        if not main:
            rows, foot = self.cap("contacts", rows)
        else:
            rows, foot = rows[:8], ""
        widths = [0.18, 0.30, 0.12, 0.40] if len(header) == 4 else [0.16, 0.26, 0.11, 0.30, 0.17]
        cols = [Column(h, w, 3) for h, w in zip(header, widths)]
        no_details = len(header) == 4 and bool(rows)
        if b.scope.kind == "country":
            lead = i18n._("Named experts and agencies in {heading} and in the counterpart countries of its heaviest "
                          "routes and gaps, with the quote that ties them to the topic.", heading=b.heading)
        elif b.scope.kind == "route":
            lead = i18n._("Named experts and agencies on both sides of the route, with the quote that ties them to "
                          "the topic.")
        else:
            lead = i18n._("Named experts and agencies in the graph, with the quote that ties them to the topic.")
        if b.scope.kind == "route":  # each side says plainly when the sources name nobody there
            unnamed = sides_without_contacts({"source": b.scope.ids[0], "destination": b.scope.ids[1],
                                              "agencies": agencies, "experts": experts}, self.lb.place_country)
            lead += "".join(f" {nobody_named(self.name(x))}" for x in unnamed)
        if no_details:
            lead += " " + i18n._(C.NO_CONTACT_DETAILS)
        table_slides(
            self.deck, i18n.N_("Contacts") if main else i18n.N_("All contacts"), lead, cols, rows,
            i18n._("Contacts: experts and agencies (country profile or route brief; counterparts: those based in the "
                   "counterpart countries).") + " " + (i18n._(C.NO_CONTACT_DETAILS) if no_details else "")
            + self.cmd_note("contacts"),
            lambda i: (rows[i][0], people[i]["evidence"]),
            i18n._("No agency or named expert is documented for this scope."), foot,
            one_page=main, more=self.more_text("contacts", appendix=True) if main else None,
            max_rows=8 if main else 20, total=total,
        )

    def years_table(self) -> None:
        """A route deck's year-by-year figures: each data set's count per year, side
        by side, and the pair's coverage at the end of that year (the route's ``by_year``)."""
        b = self.b
        direct = next((r for r in b.routes if len(r["hops"]) == 2 and r["corroboration"]), None)
        if direct is None:
            return
        sets = sorted(direct["corroboration"], key=lambda c: -c["victims"])
        years = sorted({y["year"] for c in sets for y in c["by_year"]})
        cell: dict[tuple[tuple[str, str], int], str] = {}
        level: dict[int, str] = {}
        for c in sets:
            for y in c["by_year"]:
                cell[(figure_key(c), y["year"])] = count_text(y["victims"], y["suppressed_cells"], self.t)
                level[y["year"]] = y["coverage"]
        names = [figure_title(C.dataset_name(self.lb.source(c["dataset"])), figure_key(c)[1]) for c in sets]
        share = 0.6 / len(sets)
        cols = [Column(i18n.N_("Year"), 0.12, 1)] + [Column(i18n._("{name} (published count)", name=n), share, 2, align="r")
                                                      for n in names] \
            + [Column(i18n.N_("Coverage at the end of the year"), 0.28, 2, tint=True)]
        rows = [[str(y)] + [cell.get((figure_key(c), y), "—") for c in sets] + [C.coverage_words(level.get(y, "—"))]
                for y in years]
        table_slides(
            self.deck, i18n.N_("Year by year"),
            i18n._("{route}: what each data set counts per year (side by side, never added) and what bound "
                   "the pair at the end of that year.", route=self.pair(direct)),
            cols, rows,
            i18n._("Per-year figures of the route (its corroboration by year): published counts; suppressed cells are "
                   "small counts the data set does not publish. Coverage is as of the end of each year."),
            lambda i: (rows[i][0], []), i18n._("No data set counts this route by year."),
            one_page=True, more=self.more_text("years", appendix=False), max_rows=16, drop_empty=False,
        )

    def route_binding(self) -> None:
        """A route deck's "what binds both sides": its coverage and the instruments."""
        b = self.b
        rows = [[C.short_title(i["title"], 110), i["kind"], i["level"], str(i["since"] or "—")] for i in b.instruments]
        ev = {a["id"]: a["evidence"] for a in [*b.agreements, *b.cooperations]}
        explanation = C.in_sentence(b.explanation if i18n.language() == i18n.DEFAULT_LANGUAGE or not b.explanation
                                    else explain(b.coverage or "none", b.instruments), b.instruments)
        table_slides(
            self.deck, i18n.N_("What binds both sides"),
            i18n._("Coverage as of {day}: {coverage}.", day=b.as_of.isoformat(),
                   coverage=C.coverage_words(b.coverage or "none")) + " " + explanation,
            [Column(i18n.N_("Instrument"), 0.56, 3), Column(i18n.N_("Kind"), 0.16, 1), Column(i18n.N_("Level"), 0.14, 1, tint=True),
             Column(i18n.N_("Binds both since"), 0.14, 1)],
            rows, i18n._("Instruments binding both sides of the route (the route brief), strongest first."),
            lambda i: (C.short_title(b.instruments[i]["title"]), ev.get(b.instruments[i]["id"], [])),
            i18n._("No instrument binds both sides: a cooperation gap."),
        )

    def statistics_table(self) -> None:
        b, t = self.b, self.t
        stats, foot = self.cap("statistics", b.statistics)
        if b.statistics_total > len(b.statistics):
            foot = i18n._("Showing {shown} of {total} figures from text sources; a country deck lists a country's "
                          "figures.", shown=len(b.statistics), total=f"{b.statistics_total:,}")
        rows = []
        for x in stats:
            ds = any(e["source"] in b.datasets for e in x["evidence"])
            sup = ds and "at least" in str(x["counts"] or "")
            rows.append(C.statistic_cells(x, self.lb, t, dataset=ds, suppressed=sup)
                        + ["; ".join(dict.fromkeys(self.lb.source(e["source"]) for e in x["evidence"])) or "—"])
        table_slides(
            self.deck, i18n.N_("Figures reported in the sources"),
            i18n._("Raw figures as the sources give them (data-set indicator rows included); the main slides show "
                   "aggregated figures.") + (" " + i18n._("Counts of people below {n} shown as <{n}.", n=t) if t else ""),
            [Column(i18n.N_("What is counted"), 0.56, 3), Column(i18n.N_("Value"), 0.11, 1, align="r"), Column(i18n.N_("Year"), 0.08, 1),
             Column(i18n.N_("Source"), 0.25, 2)],
            rows, i18n._("Figures reported in the sources (statistics of the country profile or route brief).")
            + self.cmd_note("statistics"),
            lambda i: (clip(str(stats[i]["counts"])), stats[i]["evidence"]),
            i18n._("No figure is reported for this scope."), foot,
        )

    def internal_table(self) -> None:
        b = self.b
        if not b.internal:
            return
        flows, foot = self.cap("routes", b.internal)
        lead = (i18n._("Flows within {heading} (both ends in one jurisdiction), heaviest first: routes, never "
                       "cooperation gaps.", heading=b.heading) if b.scope.kind == "country" else
                i18n._("Flows within one jurisdiction (both ends in one jurisdiction), heaviest first: routes, never "
                       "cooperation gaps."))
        table_slides(
            self.deck, i18n.N_("Internal flows"), lead,
            [Column(i18n.N_("Flow"), 0.32, 3), Column(i18n.N_("Exploitation; victims"), 0.26, 3),
             Column(i18n.N_("Victims counted (data sets side by side, never added)"), 0.30, 3),
             Column(i18n.N_("Evidence passages"), 0.12, 1, align="r")],
            [[c[0], c[1], c[3], c[4]] for c in (C.route_cells(r, self.lb, self.t) for r in flows)],
            i18n._("Internal flows (routes whose ends lie in one jurisdiction).") + self.cmd_note("routes"),
            lambda i: (self.pair(flows[i]), flows[i]["evidence"]),
            i18n._("No internal flow."), foot,
        )

    def sources_table(self) -> None:
        b = self.b
        counts: dict[str, int] = {}
        places: dict[str, set[str]] = {}
        for e in b.evidence_items():
            counts[e["source"]] = counts.get(e["source"], 0) + 1
            places.setdefault(e["source"], set()).add(str(e["locator"]))
        srcs = sorted(b.sources, key=lambda x: self.lb.source(str(x["id"])))
        shown, foot = self.cap("sources", srcs)

        def citation(src: Mapping[str, Any]) -> str:
            return str(src.get("citation") or src.get("title")) + (f" {src['url']}" if src.get("url") else "")

        table_slides(
            self.deck, i18n.N_("Sources and citations"),
            i18n._("The notes of every slide cite quotes as \"quote\" — source, locator."),
            [Column(i18n.N_("Source"), 0.16, 2), Column(i18n.N_("Citation"), 0.72, 5), Column(i18n.N_("Quotes cited"), 0.12, 1, align="r")],
            [[self.lb.source(str(s["id"])), citation(s), str(counts.get(str(s["id"]), 0))] for s in shown],
            i18n._("Sources cited in this deck, with the places in each that the notes quote:") + "\n" + "\n".join(
                f"[{self.lb.source(str(s['id']))}] {citation(s)}\n  "
                + i18n._("cited at: {places}", places=clip("; ".join(sorted(places.get(str(s["id"]), set()))), 1500))
                for s in srcs),
            lambda i: (f"[{self.lb.source(str(shown[i]['id']))}] " + i18n._("excerpt"),
                       [{"source": str(shown[i]["id"]), "quote": str(shown[i]["excerpt"]), "locator": "excerpt"}]
                       if shown[i].get("excerpt") else []),
            i18n._("No source is cited in this scope."), foot,
        )

    def appendix_divider(self, contents: Sequence[str]) -> None:
        s = self.deck.slide(i18n.N_("Appendix"), self.deck.notes(
            i18n._("Appendix: the full tables behind the main slides, raw figures, the network and the sources."), []))
        paras: list[Para] = [(i18n._("Reference material behind the main slides:"), 16, True, INK)]
        paras += [(f"•  {i18n._(c)}", 14, False, INK) for c in contents]
        text_box(s, MARGIN + 0.15, BODY_TOP + 0.2, CONTENT_W - 0.3, BODY_BOTTOM - BODY_TOP - 0.3, paras,
                 name="Appendix contents", space_after=6)
        box = s.shapes[-1]
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(BAND)


def _some_drawn(drawn: int, total: int) -> str:
    """The sentence saying a picture draws only the heaviest routes (with its leading space), or nothing."""
    if drawn >= total:
        return ""
    return " " + i18n._("The {drawn} heaviest of {total} routes are drawn.", drawn=drawn, total=f"{total}")


def _rgb(hex6: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex6)  # type: ignore[no-untyped-call]


def _country_deck(x: _Build, messages: Sequence[KeyMessage]) -> None:
    b = x.b
    # the main part holds ten slides at most (docs/guide.md): the victims counted year by year take the
    # tenth place when there is no TIP tier slide, else they open the appendix's figures
    series_main = "tiers" not in x.job_index
    x.title_slide()
    x.key_messages_slide(messages)
    x.route_map()
    x.routes_table(b.routes, i18n.N_("Top routes by magnitude"),
                   i18n._("Flows from and to {heading}, heaviest first: victims counted by data sets (side by side, "
                          "never added), then evidence passages.", heading=b.heading), main=True)
    if series_main:
        x.victims_series()
    x.gaps_table(b.gaps, main=True)
    x.next_table(main=True)
    x.instruments_table(main=True)
    x.tiers()
    x.challenges_table(main=True)
    x.contacts_table(main=True)
    x.deck.start_appendix()
    contents = [c for c, show in [
        (i18n.N_("All documented routes"), x.more.get("routes", False)), (i18n.N_("All cooperation gaps"), x.more.get("gaps", False)),
        (i18n.N_("Next bilateral instrument: all counterparts"), x.more.get("next", False)),
        (i18n.N_("All instruments"), x.more.get("instruments", False)), (i18n.N_("Internal flows"), bool(b.internal)),
        (i18n.N_("All challenges reported"), x.more.get("challenges", False)), (i18n.N_("All contacts"), x.more.get("contacts", False)),
        (i18n.N_("Victims counted, year by year"), not series_main and "series" in x.job_index),
        (i18n.N_("Figures reported in the sources (raw, data-set rows included)"), True),
        (i18n.N_("Network of flows and cooperation"), True), (i18n.N_("Sources and citations"), True)] if show]
    x.appendix_divider(contents)
    if x.more.get("routes"):
        x.routes_table(b.routes, i18n.N_("All documented routes"),
                       i18n._("Every flow from and to {heading}, heaviest first.", heading=b.heading), main=False)
    if x.more.get("gaps"):
        x.gaps_table(b.gaps, main=False)
    if x.more.get("next"):
        x.next_table(main=False)
    if x.more.get("instruments"):
        x.instruments_table(main=False)
    x.internal_table()
    if x.more.get("challenges"):
        x.challenges_table(main=False)
    if x.more.get("contacts"):
        x.contacts_table(main=False)
    if not series_main:
        x.victims_series()
    x.statistics_table()
    x.network()
    x.sources_table()


def _route_deck(x: _Build, messages: Sequence[KeyMessage]) -> None:
    b = x.b
    x.title_slide()
    x.key_messages_slide(messages)
    x.route_map()
    x.routes_table(b.routes, i18n.N_("Routes"), i18n._("The documented flows on this route (and chains the sources "
                                                       "link), heaviest first."), main=True)
    x.years_table()
    x.victims_series()
    x.route_binding()
    x.challenges_table(main=True)
    x.contacts_table(main=True)
    x.deck.start_appendix()
    contents = [c for c, show in [
        (i18n.N_("All documented routes"), x.more.get("routes", False)),
        (i18n.N_("All challenges reported"), x.more.get("challenges", False)), (i18n.N_("All contacts"), x.more.get("contacts", False)),
        (i18n.N_("Figures reported in the sources (either side)"), True), (i18n.N_("Network of flows and cooperation"), True),
        (i18n.N_("Sources and citations"), True)] if show]
    x.appendix_divider(contents)
    if x.more.get("routes"):
        x.routes_table(b.routes, i18n.N_("All documented routes"), i18n._("Every route in this scope."), main=False)
    if x.more.get("challenges"):
        x.challenges_table(main=False)
    if x.more.get("contacts"):
        x.contacts_table(main=False)
    x.statistics_table()
    x.network()
    x.sources_table()


def _whole_deck(x: _Build, messages: Sequence[KeyMessage]) -> None:
    b = x.b
    x.title_slide()
    x.key_messages_slide(messages)
    x.route_map()
    x.routes_table(b.routes, i18n.N_("Top routes by magnitude"), i18n._("Documented flows, heaviest first: victims "
                   "counted by data sets (side by side, never added), then evidence passages."), main=True)
    x.gaps_table(b.gaps, main=True)
    x.instruments_table(main=True)
    x.contacts_table(main=True)
    x.deck.start_appendix()
    contents = [c for c, show in [
        (i18n.N_("All documented routes"), x.more.get("routes", False)), (i18n.N_("All cooperation gaps"), x.more.get("gaps", False)),
        (i18n.N_("All instruments"), x.more.get("instruments", False)), (i18n.N_("Internal flows"), bool(b.internal)),
        (i18n.N_("Challenges reported"), True),
        (i18n.N_("All contacts"), x.more.get("contacts", False)), (i18n.N_("Figures reported in the sources"), True),
        (i18n.N_("Network of flows and cooperation"), True), (i18n.N_("Sources and citations"), True)] if show]
    x.appendix_divider(contents)
    if x.more.get("routes"):
        x.routes_table(b.routes, i18n.N_("All documented routes"), i18n._("Every documented flow, heaviest first."),
                       main=False)
    if x.more.get("gaps"):
        x.gaps_table(b.gaps, main=False)
    if x.more.get("instruments"):
        x.instruments_table(main=False)
    x.internal_table()
    x.challenges_table(main=False)
    if x.more.get("contacts"):
        x.contacts_table(main=False)
    x.statistics_table()
    x.network()
    x.sources_table()


def build_deck(store: GraphStore, scope: Scope, threshold: int = 5, today: date | None = None,
               limits: Mapping[str, int] | None = None, as_of: AsOf = None, lang: str = "en") -> Any:
    """The briefing deck on ``scope`` as a python-pptx ``Presentation``.

    ``threshold``: counts of people below it show as "<threshold" (0: off).
    ``limits``: most rows per appendix table (default :data:`LIMITS`).
    ``as_of``: the date coverage is computed for (YYYY, YYYY-MM or YYYY-MM-DD; default today).
    ``lang``: the language of the deck's own words (``en``, ``zh``); quotes stay as their sources wrote them.
    """
    with i18n.use_language(lang):
        return _build_deck(store, scope, threshold, today, limits, as_of)


def _build_deck(store: GraphStore, scope: Scope, threshold: int, today: date | None,
                limits: Mapping[str, int] | None, as_of: AsOf) -> Any:
    if threshold < 0:
        raise ExportError(f"threshold must be 0 (off) or more, not {threshold}")
    pictures = Pictures()  # a child starts drawing's imports now, while the store answers
    try:
        b = collect(store, scope, today, as_of)
    except BaseException:
        pictures.close()
        raise
    x = _Build(b, threshold, {**LIMITS, **(limits or {})}, pictures)
    x.start_pictures()
    try:
        messages = key_messages(b, threshold)
        {"country": _country_deck, "route": _route_deck, "everything": _whole_deck}[scope.kind](x, messages)
        x.place_pictures()
    finally:
        x.pictures.close()
    x.deck.number_pages()
    props = x.deck.prs.core_properties
    props.title = f"Briefing: {b.heading}"
    props.subject = "Counter-trafficking flows, cooperation gaps and contacts"
    props.author = "ctgraph"
    x.deck.prs._ctgraph_appendix_from = x.deck.appendix_from  # type: ignore[attr-defined]
    x.deck.prs._ctgraph_messages = messages  # type: ignore[attr-defined]
    return x.deck.prs


def deck_bytes(store: GraphStore, scope: Scope, threshold: int = 5, today: date | None = None,
               limits: Mapping[str, int] | None = None, as_of: AsOf = None, lang: str = "en") -> bytes:
    """The deck as PPTX bytes (for the dashboard's download button and the CLI)."""
    buf = io.BytesIO()
    build_deck(store, scope, threshold, today, limits, as_of, lang).save(buf)
    return buf.getvalue()


def write_deck(store: GraphStore, scope: Scope, out: Path | str, threshold: int = 5,
               today: date | None = None, limits: Mapping[str, int] | None = None, as_of: AsOf = None,
               lang: str = "en") -> Path:
    """Build the deck and write it to ``out`` with :func:`graph.files.write_output`
    (atomic, mode 0644 under the default umask): nothing is written when
    building fails (an unknown country or route raises first)."""
    from ctgraph.graph.files import write_output

    return write_output(Path(out), deck_bytes(store, scope, threshold, today, limits, as_of, lang))
