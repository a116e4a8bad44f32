"""The JSON documents other programs read (DESIGN.md, "The JSON contract")."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from storyweave.analyse.entities import resolve_mentions
from storyweave.model import BRIEF_SCHEMA, AnnotatedArticle, Article, Brief, Story


def brief_document(briefs: Sequence[Brief]) -> dict[str, Any]:
    return {"schema": BRIEF_SCHEMA, "stories": [b.to_json() for b in briefs]}


def write_brief_document(briefs: Iterable[Brief], out: TextIO) -> None:
    """`brief_document` written story by story (the same JSON, never whole in memory)."""
    out.write('{"schema": ' + json.dumps(BRIEF_SCHEMA) + ', "stories": [')
    for number, brief in enumerate(briefs):
        out.write(",\n" if number else "\n")
        out.write(json.dumps(brief.to_json(), ensure_ascii=False, indent=2))
    out.write("\n]}\n")


def stories_document(stories: Sequence[Story], articles: Mapping[str, Article]) -> dict[str, Any]:
    return {"stories": [s.to_json(articles) for s in stories]}


def extract_document(articles: Sequence[Article]) -> dict[str, Any]:
    return {"articles": [a.to_json() for a in articles]}


def write_extract_document(articles: Iterable[Article], out: TextIO) -> None:
    """`extract_document` written article by article: memory follows one article, not the
    store (a 1 GB store would otherwise be one multi-gigabyte string)."""
    out.write('{\n  "articles": [')
    for number, article in enumerate(articles):
        out.write(",\n    " if number else "\n    ")
        out.write(json.dumps(article.to_json(), ensure_ascii=False))
    out.write("\n  ]\n}\n")


def write_ndjson(articles: Iterable[Article], out: TextIO) -> None:
    """One article per line (for jq, pandas.read_json(lines=True) and the like)."""
    for article in articles:
        out.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")


def annotate_document(annotated: Sequence[AnnotatedArticle]) -> dict[str, Any]:
    """Per article: every entity mention, quotation and temporal expression found."""
    return {
        "articles": [
            {
                "id": a.id,
                "text": a.article.text,
                "entities": [e.to_json() for e in resolve_mentions(a)],
                "quotes": [
                    {
                        "text": q.text,
                        "speaker": q.speaker,
                        "speaker_text": q.speaker_text,
                        "start": q.start,
                        "end": q.end,
                        "kind": q.kind,
                        "speaker_type": q.speaker_type,
                    }
                    for q in a.quotes
                ],
                "times": [t.to_json() for t in a.times],
            }
            for a in annotated
        ]
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
