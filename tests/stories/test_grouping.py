import datetime as dt

import numpy as np

from storyweave.model import AnnotatedArticle, Article, Assignments, EntityMention
from storyweave.stories.grouping import group_stories, story_id_for


def assignments(stories):
    """Where `stories` put every article, as the store hands it back."""
    return Assignments(
        event_of={a: e.id for s in stories for e in s.events for a in e.article_ids},
        story_of={e.id: s.id for s in stories for e in s.events},
    )


def one_event_stories(story_of_article):
    """Stories of one event each, as a store migrated from before events hands them back."""
    return Assignments(
        event_of={a: "e-" + s.removeprefix("s-") for a, s in story_of_article.items()},
        story_of={"e-" + s.removeprefix("s-"): s for s in story_of_article.values()},
    )


def vector(seed, base=0):
    """A document vector: reports of one kind of event share `base`, events differ by `seed`."""
    rng = np.random.default_rng(seed)
    v = np.random.default_rng(1000 + base).standard_normal(32) + 0.5 * rng.standard_normal(32)
    return (v / np.linalg.norm(v)).astype(np.float32)


def article(id_, text, names=(), day=None, title=None, duplicate_of=None, seed=0, base=0):
    entities = tuple(
        EntityMention(name, kind, text.find(name), text.find(name) + len(name))
        for name, kind in names
    )
    return AnnotatedArticle(
        article=Article(
            id=id_,
            text=text,
            title=title,
            published=day if isinstance(day, dt.date) else dt.date(2026, 3, day) if day else None,
            duplicate_of=duplicate_of,
        ),
        entities=entities,
        vector=vector(seed, base),
    )


def quake(id_, town, official, wording, day=None, seed=0):
    """A report of an earthquake: every quake report uses the same vocabulary; what differs
    between two quakes is the place, the people and the outlets' sentences."""
    texts = [
        f"A magnitude 6.1 earthquake struck {town} on Sunday, damaging buildings and "
        f"injuring dozens. {official}, the regional governor, said rescue teams were searching "
        f"collapsed homes in {town}. Aftershocks rattled the area overnight.",
        f"Rescuers in {town} dug through rubble after a strong quake flattened houses. "
        f"Governor {official} said dozens were hurt and shelters opened across {town}. "
        "Seismologists recorded several aftershocks.",
        f"Residents of {town} slept outdoors after the tremor. {official} appealed for "
        f"blankets and water, and engineers inspected schools in {town} for cracks.",
        f"An earthquake of magnitude 5.8 shook {town} on Sunday. The regional governor, "
        f"{official}, said dozens were injured as buildings collapsed in {town}.",
        f"Aftershocks kept families in {town} outdoors. Rescue teams searched homes damaged "
        f"by the quake, governor {official} said, and shelters opened overnight.",
        f"Engineers checked schools in {town} for cracks after the tremor. {official} said "
        f"the rubble had been cleared and rescuers had reached every collapsed house in {town}.",
        f"Seismologists said the {town} quake was shallow, which explains the damage. "
        f"{official} asked residents of {town} to stay away from cracked buildings.",
    ]
    names = [(town, "GPE"), (official, "PERSON")]
    return article(id_, texts[wording], names, day, f"Quake hits {town}", seed=seed, base=1)


DELMORE = [quake(f"d{i}", "Delmore", "Anna Vorst", i % 3, day=2, seed=10) for i in range(3)]
KESTRA = [quake(f"k{i}", "Kestra Bay", "Tomas Quell", 3 + i, day=2, seed=20) for i in range(3)]
RECALL = [
    article(
        "r1",
        "Solvik Audio recalled 61,500 Driftline charging cases after batteries overheated. "
        "The company said owners should stop using the cases.",
        [("Solvik Audio", "ORG")],
        day=3,
        title="Solvik Audio recalls Driftline cases",
        seed=30,
        base=2,
    ),
    article(
        "r2",
        "Owners of Driftline earbuds can claim a refund: Solvik Audio will replace charging "
        "cases whose batteries overheated, the company said.",
        [("Solvik Audio", "ORG")],
        day=4,
        title="How to get your Driftline refund",
        seed=31,
        base=2,
    ),
]


def membership(stories):
    return sorted(sorted(s.article_ids) for s in stories)


def test_two_quakes_with_the_same_vocabulary_stay_apart_and_each_comes_together():
    stories = group_stories(DELMORE + KESTRA + RECALL)
    assert membership(stories) == [["d0", "d1", "d2"], ["k0", "k1", "k2"], ["r1", "r2"]]


def test_grouping_does_not_depend_on_input_order():
    pile = DELMORE + KESTRA + RECALL
    forward = group_stories(pile)
    backward = group_stories(list(reversed(pile)))
    assert {s.id: s.article_ids for s in forward} == {s.id: s.article_ids for s in backward}
    assert [s.title for s in forward] == [s.title for s in backward]


def test_story_id_comes_from_the_earliest_article():
    later = quake("d9", "Delmore", "Anna Vorst", 6, day=5, seed=10)
    earlier = quake("d8", "Delmore", "Anna Vorst", 4, day=1, seed=10)
    stories = group_stories([later, *DELMORE, earlier])
    assert [s.id for s in stories] == [story_id_for("d8")]


def test_the_same_kind_of_event_weeks_later_is_another_event():
    weeks_later = [
        quake(f"w{i}", "Delmore", "Anna Vorst", 3 + i, day=28, seed=10) for i in range(3)
    ]
    stories = group_stories(DELMORE + weeks_later)
    events = sorted(sorted(e.article_ids) for s in stories for e in s.events)
    assert events == [["d0", "d1", "d2"], ["w0", "w1", "w2"]]


def test_the_same_kind_of_event_weeks_later_elsewhere_is_another_story():
    weeks_later = [
        quake(f"w{i}", "Kestra Bay", "Tomas Quell", 3 + i, day=28, seed=20) for i in range(3)
    ]
    stories = group_stories(DELMORE + weeks_later)
    assert membership(stories) == [["d0", "d1", "d2"], ["w0", "w1", "w2"]]


def test_undated_reports_are_grouped_on_content_alone():
    undated = [
        quake(f"u{n}", "Kestra Bay", "Tomas Quell", i, seed=20) for n, i in enumerate((0, 6))
    ]
    stories = group_stories(DELMORE + KESTRA + undated)
    assert ["k0", "k1", "k2", "u0", "u1"] in membership(stories)


def test_wire_copy_joins_its_original_even_when_its_text_differs():
    copy = article(
        "w",
        "Partner content. Subscribe for more.",
        day=3,
        duplicate_of="r1",
        seed=99,
    )
    stories = group_stories(DELMORE + RECALL + [copy])
    assert ["r1", "r2", "w"] in membership(stories)


def test_existing_stories_keep_their_ids_and_articles_and_newcomers_join_them():
    first = group_stories(DELMORE + RECALL)
    existing = assignments(first)
    newcomer = quake("d5", "Delmore", "Anna Vorst", 6, day=3, seed=10)
    second = group_stories(DELMORE + RECALL + KESTRA + [newcomer], existing)
    by_id = {s.id: s for s in second}
    assert set(by_id) >= {s.id for s in first}
    delmore = next(s for s in first if "d0" in s.article_ids)
    assert sorted(by_id[delmore.id].article_ids) == ["d0", "d1", "d2", "d5"]
    assert ["k0", "k1", "k2"] in membership(second)


def test_two_existing_stories_are_never_merged_by_a_newcomer():
    existing = one_event_stories({"d0": "s-one", "d1": "s-two"})
    stories = group_stories(DELMORE[:2] + [DELMORE[2]], existing)
    assert {s.id: sorted(s.article_ids) for s in stories}["s-one"][0] == "d0"
    assert sorted(a for s in stories for a in s.article_ids) == ["d0", "d1", "d2"]
    assert {"s-one", "s-two"} <= {s.id for s in stories}


def test_articles_are_listed_by_date_with_undated_last():
    undated = quake("u", "Delmore", "Anna Vorst", 6, seed=10)
    early = quake("e", "Delmore", "Anna Vorst", 4, day=1, seed=10)
    stories = group_stories([undated, *DELMORE, early])
    assert stories[0].article_ids == ("e", "d0", "d1", "d2", "u")


def test_title_is_a_headline_never_a_url():
    url_titled = article(
        "x",
        DELMORE[0].article.text,
        [("Delmore", "GPE"), ("Anna Vorst", "PERSON")],
        day=2,
        title="http: / / news. example / 2026 / 03 / quake",
        seed=10,
        base=1,
    )
    stories = group_stories([url_titled, *DELMORE])
    assert [s.title for s in stories] == ["Quake hits Delmore"]


def test_no_articles_no_stories():
    assert group_stories([]) == []


def test_an_original_is_listed_before_its_copies_published_the_same_day():
    original = quake("z-original", "Delmore", "Anna Vorst", 0, day=2, seed=10)
    copy = article(
        "a-copy", original.article.text, day=2, duplicate_of="z-original", seed=10, base=1
    )
    [story] = group_stories([copy, original])
    assert story.article_ids == ("z-original", "a-copy")
