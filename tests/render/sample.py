"""A hand-made brief with every section filled, for the render tests."""

import datetime as dt

from storyweave.model import Article, Brief, Story, StoryEntity

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
    claims = (
        {
            "id": "c1",
            "text": "A crane collapsed at the port of Calder on Thursday, injuring 14 people.",
            "status": "disputed",
            "independent_sources": 1,
            "support": [{"article": "wire", "start": 0, "end": first, "text": WIRE[:first]}],
            "contradicts": [
                {"claim": "c2", "reason": "different figures for the injured: 14 vs 21"}
            ],
        },
        {
            "id": "c2",
            "text": "In that collapse, 21 dockworkers were injured.",
            "status": "disputed",
            "independent_sources": 1,
            "support": [
                {
                    "article": "tide",
                    "start": 0,
                    "end": TIDE.index(".") + 1,
                    "text": TIDE[: TIDE.index(".") + 1],
                }
            ],
            "contradicts": [
                {"claim": "c1", "reason": "different figures for the injured: 21 vs 14"}
            ],
        },
        {
            "id": "c3",
            "text": "The union demands an independent audit.",
            "status": "single_source",
            "independent_sources": 1,
            "support": [
                {"article": "tide", "start": audit, "end": len(TIDE), "text": TIDE[audit:]}
            ],
            "contradicts": [],
        },
    )
    return Brief(
        story=Story("s-1", "Calder dockers strike after crane collapse", ("wire", "tide", "copy")),
        articles=articles,
        entities=(StoryEntity("Calder", "GPE", ("Calder port",), ("wire", "tide"), 3),),
        summary=(
            {
                "text": WIRE[:first],
                "citations": [{"article": "wire", "start": 0, "end": first}],
                "status": "disputed",
                "reports": 1,
            },
            {
                "text": WIRE[strike : WIRE.index("strike.") + 7],
                "citations": [
                    {"article": "wire", "start": strike, "end": WIRE.index("strike.") + 7}
                ],
                "status": "single_source",
                "reports": 1,
            },
        ),
        claims=claims,
        quotes=(
            {
                "text": "We will not go back",
                "speaker": "Renata Kvist",
                "speaker_text": "she",
                "article": "tide",
                "start": 0,
                "end": 10,
                "also_in": ["wire"],
            },
            {
                "text": "Nobody answered",
                "speaker": None,
                "speaker_text": None,
                "article": "wire",
                "start": 0,
                "end": 5,
                "also_in": [],
            },
        ),
        positions=(
            {
                "actor": "Dockers' union",
                "stance": "demands an independent audit",
                "support": [{"article": "tide", "start": audit, "end": len(TIDE), "text": ""}],
            },
        ),
        timeline=(
            {
                "date": "2026-03-12",
                "text": "A crane collapsed",
                "expression": "on Thursday",
                "anchor": "published",
                "article": "wire",
                "start": 0,
                "end": 20,
            },
            {
                "date": "2026-03-14/2026-03-15",
                "text": "ships diverted",
                "expression": "over the weekend",
                "anchor": "published",
                "article": "tide",
                "start": 0,
                "end": 10,
            },
            {
                "date": "2026-02",
                "text": "the union warned the operator",
                "expression": "last month",
                "anchor": "published",
                "article": "tide",
                "start": 0,
                "end": 10,
            },
        ),
        coverage=(
            {"article": "wire", "claims": ["c1"], "missing": ["c2", "c3"]},
            {"article": "tide", "claims": ["c2", "c3"], "missing": ["c1"]},
            {"article": "copy", "claims": ["c1"], "missing": ["c2", "c3"]},
        ),
        extra={
            "unknown": [
                {"kind": "disputed", "claims": ["c1", "c2"], "text": "14 / 21", "citations": []}
            ]
        },
    )
