import datetime as dt

import numpy as np

from storyweave.model import AnnotatedArticle, Article, EntityMention
from storyweave.stories.grouping import group_stories, story_id_for


def unit(*values):
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def article(id_, vector, people=(), day=None, title=None, duplicate_of=None):
    text = f"Report {id_}."
    published = dt.date(2026, 3, day) if day else None
    entities = tuple(EntityMention(p, "PERSON", 0, 1) for p in people)
    return AnnotatedArticle(
        article=Article(
            id=id_,
            text=text,
            title=title or f"Title {id_}",
            published=published,
            duplicate_of=duplicate_of,
        ),
        entities=entities,
        vector=unit(*vector),
    )


STRIKE = [
    article("a", (1, 0.1, 0), ["Mara Ilves"], 2),
    article("b", (0.9, 0.2, 0), ["Ilves"], 3),
    article("c", (0.95, 0, 0.1), ["Mara Ilves"], 3),
]
RECALL = [
    article("x", (0, 1, 0.1), ["Tobin Reyes"], 2),
    article("y", (0.1, 0.9, 0), ["Tobin Reyes"], 4),
]


def membership(stories):
    return sorted(sorted(s.article_ids) for s in stories)


def test_two_events_come_apart_and_each_keeps_its_articles():
    stories = group_stories(STRIKE + RECALL)
    assert membership(stories) == [["a", "b", "c"], ["x", "y"]]


def test_grouping_does_not_depend_on_input_order():
    forward = group_stories(STRIKE + RECALL)
    backward = group_stories(list(reversed(STRIKE + RECALL)))
    assert {s.id: sorted(s.article_ids) for s in forward} == {
        s.id: sorted(s.article_ids) for s in backward
    }


def test_story_id_is_stable_and_named_after_its_earliest_article():
    stories = group_stories(STRIKE)
    assert [s.id for s in stories] == [story_id_for("a")]


def test_same_topic_weeks_apart_with_other_people_is_another_story():
    later = article("d", (1, 0.1, 0), ["Ada Brenn"], 30)
    stories = group_stories(STRIKE + [later])
    assert membership(stories) == [["a", "b", "c"], ["d"]]


def test_copy_joins_the_story_of_its_original_even_when_vectors_disagree():
    copy = article("w", (0, 0, 1), [], 5, duplicate_of="x")
    stories = group_stories(STRIKE + RECALL + [copy])
    assert ["w", "x", "y"] in membership(stories)


def test_existing_stories_keep_their_ids_and_new_articles_join_them():
    first = group_stories(STRIKE)
    existing = {a: s.id for s in first for a in s.article_ids}
    newcomer = article("e", (0.97, 0.1, 0.05), ["Mara Ilves"], 4)
    second = group_stories(STRIKE + RECALL + [newcomer], existing)
    by_id = {s.id: s for s in second}
    assert sorted(by_id[first[0].id].article_ids) == ["a", "b", "c", "e"]


def test_articles_are_listed_by_date_with_undated_last():
    undated = article("u", (1, 0.1, 0), ["Mara Ilves"], None)
    stories = group_stories([undated] + STRIKE)
    assert stories[0].article_ids == ("a", "b", "c", "u")
