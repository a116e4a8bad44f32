"""Values of `check`: what each article does with a claim, and the sentences that show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CHECK_SCHEMA = "storyweave.check/1"
SUPPORTS, REFUTES, DISCUSSES, UNRELATED = "supports", "refutes", "discusses", "unrelated"
STANCES = (SUPPORTS, REFUTES, DISCUSSES, UNRELATED)


@dataclass(frozen=True)
class CheckClaim:
    """A claim to check; `articles` limits it to those article ids (None: every article)."""

    id: str
    text: str
    articles: tuple[str, ...] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any], default_id: str) -> CheckClaim:
        articles = data.get("articles")
        return cls(
            id=str(data.get("id") or default_id),
            text=str(data["text"]),
            articles=tuple(str(a) for a in articles) if articles is not None else None,
        )


@dataclass(frozen=True)
class Evidence:
    """A sentence of the article (character offsets into its cleaned text) and its words."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evidence:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(frozen=True)
class ArticleStance:
    """One article's stance towards one claim: supports, refutes, discusses (reports it
    without taking a side) or unrelated; `confidence` is the model's probability of it."""

    id: str
    source: str | None
    stance: str
    confidence: float
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "stance": self.stance,
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_json() for e in self.evidence],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleStance:
        return cls(
            id=str(data["id"]),
            source=data.get("source"),
            stance=str(data["stance"]),
            confidence=float(data["confidence"]),
            evidence=tuple(Evidence.from_json(e) for e in data.get("evidence", ())),
        )


@dataclass(frozen=True)
class ClaimCheck:
    """One claim and every checked article's stance towards it, in the articles' order."""

    claim: str  # the claim's id
    text: str
    articles: tuple[ArticleStance, ...] = ()

    def by_stance(self, stance: str) -> list[ArticleStance]:
        return [a for a in self.articles if a.stance == stance]

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "text": self.text,
            "articles": [a.to_json() for a in self.articles],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClaimCheck:
        return cls(
            claim=str(data["claim"]),
            text=str(data["text"]),
            articles=tuple(ArticleStance.from_json(a) for a in data.get("articles", ())),
        )


@dataclass(frozen=True)
class CheckResult:
    """The answer of `check` for one or more claims (the storyweave.check/1 document)."""

    checks: tuple[ClaimCheck, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"schema": CHECK_SCHEMA, "checks": [c.to_json() for c in self.checks]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        if data.get("schema") != CHECK_SCHEMA:
            raise ValueError(f"not a {CHECK_SCHEMA} document: schema {data.get('schema')!r}")
        return cls(tuple(ClaimCheck.from_json(c) for c in data.get("checks", ())))
