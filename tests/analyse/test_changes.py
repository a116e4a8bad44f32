"""What changed between two briefs of a story."""

from storyweave.analyse.changes import diff_briefs as diff_documents
from storyweave.model import Brief


def as_brief(document):
    """A brief from the parts of its JSON a test gives (quotes and timeline entries need no
    offsets here)."""
    if document is None:
        return None
    filled = {"id": "s1", **document}
    filled["quotes"] = [{"start": 0, "end": 1, **q} for q in document.get("quotes", [])]
    filled["timeline"] = [{"end": 1, **t} for t in document.get("timeline", [])]
    return Brief.from_json(filled)


def diff_briefs(old, new, since=None):
    return diff_documents(as_brief(old), as_brief(new), since=since)


def article(article_id, source):
    return {
        "id": article_id,
        "source": source,
        "title": article_id,
        "url": None,
        "published": "2026-03-14",
        "duplicate_of": None,
    }


def claim(claim_id, text, status, article_id="a", start=0):
    return {
        "id": claim_id,
        "text": text,
        "status": status,
        "independent_sources": 1,
        "support": [{"article": article_id, "start": start, "end": start + 20, "text": text}],
        "contradicts": [],
    }


OLD = {
    "articles": [article("a", "Calder Daily")],
    "claims": [
        claim("c1", "The dockers walked out on Saturday", "single_source"),
        claim("c2", "Fourteen people were injured", "single_source", start=50),
    ],
    "quotes": [{"text": "We will not go back", "speaker": "Renata Kvist", "article": "a"}],
    "timeline": [],
}


def test_new_articles_outlets_claims_quotes_and_status_changes_are_reported():
    new = {
        "articles": [
            article("a", "Calder Daily"),
            article("b", "Coast Courier"),
            article("c", "Calder Daily"),
        ],
        "claims": [
            # c1 now carried by two outlets: same claim (shared span), new status.
            {
                **claim("c1", "The dockers walked out on Saturday", "corroborated"),
                "support": [
                    OLD["claims"][0]["support"][0],
                    {"article": "b", "start": 5, "end": 30, "text": "walked out"},
                ],
            },
            claim("c2", "Fourteen people were injured", "single_source", start=50),
            claim("c3", "Ships are diverted to Almsund", "single_source", "b", 90),
        ],
        "quotes": [
            {"text": "We will not  go back", "speaker": "Renata Kvist", "article": "b"},
            {"text": "The inspectorate is enough", "speaker": "Jonas Ebbe", "article": "b"},
        ],
        "timeline": [{"date": "2026-03-14", "article": "b", "start": 3, "text": "walked out"}],
    }
    changes = diff_briefs(OLD, new, since="2026-03-14 09:00 UTC")
    assert [a.id for a in changes.new_articles] == ["b", "c"]
    assert changes.new_sources == ("Coast Courier",)
    assert [c.text for c in changes.new_claims] == ["Ships are diverted to Almsund"]
    assert [(c.id, c.old_status, c.status) for c in changes.status_changes] == [
        ("c1", "single_source", "corroborated")
    ]
    assert [q.speaker for q in changes.new_quotes] == ["Jonas Ebbe"]
    assert len(changes.new_timeline) == 1
    assert changes.to_json()["since"] == "2026-03-14 09:00 UTC"


def test_a_claim_whose_id_changed_is_matched_by_its_words_not_reported_as_new():
    renumbered = {
        **OLD,
        "claims": [
            {**claim("c7", "Fourteen people were injured", "single_source"), "support": []},
            {**claim("c8", "The dockers walked out on Saturday", "single_source"), "support": []},
        ],
    }
    changes = diff_briefs(OLD, renumbered)
    assert changes.new_claims == () and changes.status_changes == ()
    assert changes.empty


def test_a_claim_that_reuses_an_old_id_for_other_words_is_new():
    reused = {
        **OLD,
        "claims": [claim("c1", "Talks will be held at city hall", "single_source", "a", 300)],
    }
    changes = diff_briefs(OLD, reused)
    assert [c.text for c in changes.new_claims] == ["Talks will be held at city hall"]


def test_without_an_earlier_brief_everything_is_new():
    changes = diff_briefs(None, OLD)
    assert changes.since is None
    assert len(changes.new_articles) == 1 and len(changes.new_claims) == 2


def test_a_brief_compared_with_itself_has_nothing_new(corpus):
    import storyweave

    with storyweave.open() as ws:
        ws.ingest([str(corpus)])
        for brief in ws.briefs(record=False).briefs:
            assert diff_documents(brief, brief, since="then").empty
