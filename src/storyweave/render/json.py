"""The JSON documents other programs read (DESIGN.md, "The JSON contract")."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from storyweave.analyse.entities import resolve_mentions
from storyweave.model import BRIEF_SCHEMA, AnnotatedArticle, Article, Brief, Story


def brief_document(briefs: Sequence[Brief]) -> dict[str, Any]:
    return {"schema": BRIEF_SCHEMA, "stories": [b.to_json() for b in briefs]}


def stories_document(stories: Sequence[Story], articles: Mapping[str, Article]) -> dict[str, Any]:
    return {"stories": [s.to_json(articles) for s in stories]}


def extract_document(articles: Sequence[Article]) -> dict[str, Any]:
    return {"articles": [a.to_json() for a in articles]}


def annotate_document(annotated: Sequence[AnnotatedArticle]) -> dict[str, Any]:
    """Every entity mention per article. Quotes and times are empty until their stages land."""
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
