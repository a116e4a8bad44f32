"""Coverage: which claims each article carries and which widely reported ones it leaves out."""

from __future__ import annotations

from collections.abc import Sequence

from storyweave.model import Article, Claim, CoverageRow


def claim_coverage(articles: Sequence[Article], claims: Sequence[Claim]) -> list[CoverageRow]:
    """Per article: the claim ids it carries and the claims of at least two independent
    reports (corroborated, or disputed but multi-source) it does not: the blindspots a reader
    of that outlet alone would have."""
    carriers = {c.id: set(c.articles) for c in claims}
    widely = [c for c in claims if c.independent_sources >= 2]
    rows = []
    for article in articles:
        carried = tuple(c.id for c in claims if article.id in carriers[c.id])
        missing = tuple(c.id for c in widely if article.id not in carriers[c.id])
        rows.append(CoverageRow(article.id, carried, missing))
    return rows
