"""Coverage: which claims each article carries and which corroborated ones it leaves out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyweave.analyse.corroboration import ClaimGroup
from storyweave.model import Article


def claim_coverage(
    articles: Sequence[Article], groups: Sequence[ClaimGroup]
) -> list[dict[str, Any]]:
    """Per article: the claim ids it carries and the corroborated (or disputed but multi-source)
    claim ids it does not: the blindspots a reader of that outlet alone would have."""
    widely = [g for g in groups if g.independent_sources >= 2]
    rows = []
    for article in articles:
        carried = [g.id for g in groups if article.id in g.articles]
        missing = [g.id for g in widely if article.id not in g.articles]
        rows.append({"article": article.id, "claims": carried, "missing": missing})
    return rows


def unique_claims(article: Article, groups: Sequence[ClaimGroup]) -> list[ClaimGroup]:
    """Claims only this article's report carries (its copies aside)."""
    return [g for g in groups if g.independent_sources == 1 and article.id in g.articles]
