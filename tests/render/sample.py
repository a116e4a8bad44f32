"""A hand-made brief with every section filled, for the render tests."""

import datetime as dt

from storyweave.analyse.disputes import merge_disputes
from storyweave.model import (
    Article,
    Brief,
    Claim,
    Contradiction,
    CoverageRow,
    Event,
    Position,
    QuoteGroup,
    Span,
    Story,
    StoryEntity,
    SummaryItem,
    Support,
    TimelineEntry,
    UnknownPoint,
)

WIRE = (
    "A crane collapsed at the port of Calder on Thursday, injuring 14 people. "
    "The dockers' union called a strike. <script>alert(1)</script> was in the page."
)
TIDE = "In that collapse, 21 dockworkers were injured. The union demands an independent audit."


def sample_brief() -> Brief:
    articles = (
        Article(
            "wire", WIRE, "Calder Wire", "Crane collapse at Calder", None, dt.date(2026, 3, 13)
        ),
        Article(
            "tide",
            TIDE,
            "Workers' Tide",
            "21 injured",
            "https://tide.example/a",
            dt.date(2026, 3, 14),
        ),
        Article(
            "copy",
            WIRE,
            "Reprint Times",
            "Crane collapse",
            None,
            dt.date(2026, 3, 13),
            duplicate_of="wire",
        ),
    )
    first = WIRE.index(".") + 1
    strike = WIRE.index("The dockers")
    audit = TIDE.index("The union")
    collapse = Support("wire", 0, first, WIRE[:first])
    tide_toll = Support("tide", 0, TIDE.index(".") + 1, TIDE[: TIDE.index(".") + 1])
    claims = (
        Claim(
            id="c1",
            text="A crane collapsed at the port of Calder on Thursday, injuring 14 people.",
            status="disputed",
            independent_sources=1,
            support=(collapse,),
            contradicts=(
                Contradiction(
                    "c2", "different figures for the injured: 14 vs 21", collapse, tide_toll
                ),
            ),
        ),
        Claim(
            id="c2",
            text="In that collapse, 21 dockworkers were injured.",
            status="disputed",
            independent_sources=1,
            support=(tide_toll,),
            contradicts=(
                Contradiction(
                    "c1", "different figures for the injured: 21 vs 14", tide_toll, collapse
                ),
            ),
        ),
        Claim(
            id="c3",
            text="The union demands an independent audit.",
            status="single_source",
            independent_sources=1,
            support=(Support("tide", audit, len(TIDE), TIDE[audit:]),),
        ),
    )
    story_articles = ("wire", "tide", "copy")
    return Brief(
        story=Story(
            "s-1",
            "Calder dockers strike after crane collapse",
            story_articles,
            (Event("e-1", "Crane collapse", story_articles),),
        ),
        articles=articles,
        entities=(StoryEntity("Calder", "GPE", ("Calder port",), ("wire", "tide"), 3),),
        summary=(
            SummaryItem(WIRE[:first], (Span("wire", 0, first),), "disputed", 1),
            SummaryItem(
                WIRE[strike : WIRE.index("strike.") + 7],
                (Span("wire", strike, WIRE.index("strike.") + 7),),
                "single_source",
                1,
            ),
        ),
        claims=claims,
        disputes=tuple(merge_disputes(claims)),
        quotes=(
            QuoteGroup("We will not go back", "Renata Kvist", "she", "tide", 0, 10, ("wire",)),
            QuoteGroup("Nobody answered", None, None, "wire", 0, 5),
        ),
        positions=(
            Position(
                actor="Dockers' union",
                stance="demands an independent audit",
                kind="demands",
                support=(Support("tide", audit, len(TIDE), ""),),
            ),
        ),
        timeline=(
            TimelineEntry(
                "2026-03-12", "A crane collapsed", "on Thursday", "published", "wire", 0, 20
            ),
            TimelineEntry(
                "2026-03-14/2026-03-15",
                "ships diverted",
                "over the weekend",
                "published",
                "tide",
                0,
                10,
            ),
            TimelineEntry(
                "2026-02", "the union warned the operator", "last month", "published", "tide", 0, 10
            ),
        ),
        coverage=(
            CoverageRow("wire", ("c1",), ("c2", "c3")),
            CoverageRow("tide", ("c2", "c3"), ("c1",)),
            CoverageRow("copy", ("c1",), ("c2", "c3")),
        ),
        unknown=(
            UnknownPoint(
                "disputed",
                "14 / 21",
                (collapse.span, tide_toll.span),
                ("c1", "c2"),
                "different figures",
            ),
        ),
    )
