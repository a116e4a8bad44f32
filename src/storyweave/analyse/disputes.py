"""Disputes as a reader sees them: the claims' pairwise contradictions merged into one entry per
disagreement. The one rule every view (Markdown, HTML, JSON, the web) shows disputes by."""

from __future__ import annotations

from collections.abc import Sequence

from storyweave.model import Claim, Dispute, DisputeSide, Support

# One side of a dispute while it is being built: claim id -> the sentence taking that side.
_Side = dict[str, Support]


def merge_disputes(claims: Sequence[Claim]) -> list[Dispute]:
    """The story's contradictions, one entry per disagreement.

    Contradictions are found between claim groups, so "21 injured" against two groups that
    both say 14 (one sentence about the collapse, another about the strike) comes out as two
    pairs with the same reason. Pairs of the same kind (the reason before its colon) that share
    one side are one dispute with both groups on the other side, unless those two groups
    contradict each other too (14 vs 21 vs 30 stays apart): precision before brevity. Each pair
    of groups is shown once, whichever side lists it; the side the reason names first is
    listed first.
    """
    ids = {c.id for c in claims}
    pairs: list[tuple[str, str, str, Support, Support]] = []
    seen: set[frozenset[str]] = set()
    for claim in claims:
        for other in claim.contradicts:
            key = frozenset((claim.id, other.claim))
            if key in seen or other.claim not in ids:
                continue
            seen.add(key)
            pairs.append((claim.id, other.claim, other.reason, other.this, other.other))
    merged: list[tuple[str, _Side, _Side]] = []
    for one, two, reason, this, that in pairs:
        if not _join_existing(merged, one, two, reason, this, that, seen):
            merged.append((_kind(reason), {one: this}, {two: that}))
    reasons = {frozenset((p[0], p[1])): p[2] for p in pairs}
    disputes = []
    for _, left, right in merged:
        reason = reasons[frozenset((next(iter(left)), next(iter(right))))]
        if _stated_second(reason, left):
            left, right = right, left
        disputes.append(Dispute(reason, (_sides(left), _sides(right))))
    return disputes


def _join_existing(
    merged: list[tuple[str, _Side, _Side]],
    one: str,
    two: str,
    reason: str,
    this: Support,
    that: Support,
    pairs: set[frozenset[str]],
) -> bool:
    """Add the pair (one, two) to a dispute of the same kind that already has one of them."""
    for kind, left, right in merged:
        if kind != _kind(reason):
            continue
        for mine, theirs, theirs_cite in ((one, two, that), (two, one, this)):
            if mine in left and theirs not in right and not _against(theirs, right, pairs):
                right[theirs] = theirs_cite
                return True
            if mine in right and theirs not in left and not _against(theirs, left, pairs):
                left[theirs] = theirs_cite
                return True
    return False


def _sides(side: _Side) -> tuple[DisputeSide, ...]:
    return tuple(DisputeSide(claim, support) for claim, support in side.items())


def _stated_second(reason: str, side: _Side) -> bool:
    """Whether `side` holds the value a "...: 21 dockworkers vs 14 people" reason names
    second."""
    values = reason.split(":", 1)[-1].split(" vs ")
    if len(values) != 2:
        return False
    first, second = (v.strip(" '").split()[:1] for v in values)
    texts = " ".join(s.text for s in side.values()).lower()
    return bool(second and first and second[0].lower() in texts and first[0].lower() not in texts)


def _kind(reason: str) -> str:
    return reason.split(":", 1)[0].strip()


def _against(claim_id: str, side: _Side, pairs: set[frozenset[str]]) -> bool:
    return any(frozenset((claim_id, other)) in pairs for other in side)
