"""Events within developing stories: what a reader following a story notices."""

import datetime as dt

import numpy as np

from storyweave.model import AnnotatedArticle, Article, Assignments, EntityMention
from storyweave.stories.grouping import event_id_for, group_stories, story_id_for


def report(id_, day, title, text, names, seed):
    """A dated report; `seed` draws its document vector (reports of one business share one)."""
    rng = np.random.default_rng(seed)
    vector = rng.standard_normal(32)
    return AnnotatedArticle(
        article=Article(id=id_, text=text, title=title, published=day),
        entities=tuple(
            EntityMention(name, kind, text.find(name), text.find(name) + len(name))
            for name, kind in names
        ),
        vector=(vector / np.linalg.norm(vector)).astype(np.float32),
    )


MARCH = dt.date(2026, 3, 1)
UNION = [("Mirela Stan", "PERSON"), ("Port of Halden", "ORG"), ("Halden", "GPE")]
TALKS = [
    report(
        "talks-1",
        MARCH,
        "Halden dockworkers open wage talks with port",
        "Mirela Stan, who leads the Halden dockworkers' union, opened wage talks with the Port "
        "of Halden on Sunday, demanding a 9 percent raise and limits on night shifts. The port "
        "authority said its offer of 4 percent stood.",
        UNION,
        seed=1,
    ),
    report(
        "talks-2",
        MARCH,
        "Union demands 9% raise as Halden port talks begin",
        "Wage talks between the Port of Halden and its dockworkers began on Sunday. Union leader "
        "Mirela Stan asked for a 9 percent raise and fewer night shifts; the port authority "
        "offered 4 percent.",
        UNION,
        seed=1,
    ),
    report(
        "talks-3",
        MARCH + dt.timedelta(days=1),
        "Halden port and union far apart on pay",
        "The Port of Halden and the dockworkers' union led by Mirela Stan remain far apart after "
        "a first day of wage talks: the union wants 9 percent, the port offers 4 percent and "
        "wants to keep night shifts as they are.",
        UNION,
        seed=1,
    ),
]
# A month later the same principal actors take up the same business again.
RESUMED = [
    report(
        "resumed-1",
        MARCH + dt.timedelta(days=31),
        "Halden port wage talks resume after union vote",
        "Wage talks between the Port of Halden and the dockworkers' union resumed on Wednesday "
        "after members backed Mirela Stan's call to hold out for a 9 percent raise. The port "
        "authority raised its offer to 5 percent and said night shifts were negotiable.",
        UNION,
        seed=1,
    ),
    report(
        "resumed-2",
        MARCH + dt.timedelta(days=31),
        "Port of Halden improves pay offer to dockworkers",
        "The Port of Halden offered its dockworkers a 5 percent raise on Wednesday as talks with "
        "Mirela Stan's union resumed; the union still wants 9 percent and limits on night shifts.",
        UNION,
        seed=1,
    ),
]
COURT = ("High Court", "ORG")
FIRST_RULING = [
    report(
        f"ruling-a{i}",
        MARCH + dt.timedelta(days=i // 2),
        title,
        text,
        [COURT, ("Oliver Tate", "PERSON"), ("Brennan County", "GPE")],
        seed=2,
    )
    for i, (title, text) in enumerate(
        [
            (
                "High Court rules for student in social media speech case",
                "The High Court ruled 6-3 on Monday that Brennan County schools violated free "
                "speech rights when they suspended student Oliver Tate over a post he wrote at "
                "home. The majority said schools may not punish off-campus speech.",
            ),
            (
                "Court sides with Oliver Tate over off-campus post",
                "Brennan County schools could not suspend Oliver Tate for a weekend post, the "
                "High Court ruled, finding the suspension broke his free speech rights.",
            ),
            (
                "What the Tate ruling means for schools",
                "After the High Court's ruling in favour of Oliver Tate, Brennan County schools "
                "must rewrite their discipline rules for off-campus speech, lawyers said.",
            ),
        ]
    )
]
# A week later the same court rules in another free speech case: other parties, other business.
SECOND_RULING = [
    report(
        f"ruling-b{i}",
        MARCH + dt.timedelta(days=7 + i // 2),
        title,
        text,
        [COURT, ("Lakeview Gazette", "ORG"), ("Norland", "GPE")],
        seed=3,
    )
    for i, (title, text) in enumerate(
        [
            (
                "High Court strikes down Norland fine on Lakeview Gazette",
                "The High Court ruled on Tuesday that Norland may not fine the Lakeview Gazette "
                "for publishing leaked budget papers, a free speech victory for the newspaper.",
            ),
            (
                "Lakeview Gazette wins free speech case over leaked papers",
                "Norland's fine against the Lakeview Gazette for printing leaked budget documents "
                "broke press freedom and free speech protections, the High Court found.",
            ),
            (
                "Newspapers welcome Gazette ruling",
                "Editors welcomed the High Court decision that Norland could not penalise the "
                "Lakeview Gazette over the budget leak it reported.",
            ),
        ]
    )
]


def events_of(stories):
    return sorted(sorted(e.article_ids) for s in stories for e in s.events)


def where(stories):
    return Assignments(
        event_of={a: e.id for s in stories for e in s.events for a in e.article_ids},
        story_of={e.id: s.id for s in stories for e in s.events},
    )


def test_two_rulings_on_one_topic_a_week_apart_are_two_stories():
    stories = group_stories(FIRST_RULING + SECOND_RULING + TALKS)
    assert sorted(sorted(s.article_ids) for s in stories) == [
        ["ruling-a0", "ruling-a1", "ruling-a2"],
        ["ruling-b0", "ruling-b1", "ruling-b2"],
        ["talks-1", "talks-2", "talks-3"],
    ]


def test_a_follow_up_a_month_later_by_the_same_actors_joins_the_story_as_a_new_event():
    stories = group_stories(TALKS + RESUMED + FIRST_RULING)
    [story] = [s for s in stories if "talks-1" in s.article_ids]
    assert [sorted(e.article_ids) for e in story.events] == [
        ["talks-1", "talks-2", "talks-3"],
        ["resumed-1", "resumed-2"],
    ]
    assert story.id == story_id_for("talks-1")
    assert [e.id for e in story.events] == [event_id_for("talks-1"), event_id_for("resumed-1")]
    assert [(e.start, e.end) for e in story.events] == [
        (MARCH, MARCH + dt.timedelta(days=1)),
        (MARCH + dt.timedelta(days=31), MARCH + dt.timedelta(days=31)),
    ]


def test_every_article_is_in_exactly_one_event_of_its_story():
    stories = group_stories(TALKS + RESUMED + FIRST_RULING + SECOND_RULING)
    for story in stories:
        in_events = [a for e in story.events for a in e.article_ids]
        assert sorted(in_events) == sorted(story.article_ids)
    every = [a for s in stories for a in s.article_ids]
    assert sorted(every) == sorted(a.id for a in TALKS + RESUMED + FIRST_RULING + SECOND_RULING)


def test_a_new_report_joins_its_event_and_the_event_keeps_its_id():
    first = group_stories(TALKS[:2] + FIRST_RULING)
    talks = next(s for s in first if "talks-1" in s.article_ids)
    second = group_stories(TALKS + FIRST_RULING, where(first))
    after = next(s for s in second if "talks-1" in s.article_ids)
    assert after.id == talks.id
    assert [(e.id, sorted(e.article_ids)) for e in after.events] == [
        (talks.events[0].id, ["talks-1", "talks-2", "talks-3"])
    ]


def test_a_new_event_joins_the_existing_story_it_continues():
    first = group_stories(TALKS + FIRST_RULING)
    talks = next(s for s in first if "talks-1" in s.article_ids)
    second = group_stories(TALKS + RESUMED + FIRST_RULING, where(first))
    after = next(s for s in second if "talks-1" in s.article_ids)
    assert after.id == talks.id
    assert [e.id for e in after.events] == [talks.events[0].id, event_id_for("resumed-1")]


def test_existing_events_never_merge_and_rebuild_regroups():
    # The store remembers the first day's reports as two events (say, grouped before the
    # second report's text could be compared): they stay apart until a rebuild.
    existing = Assignments(
        event_of={"talks-1": "e-one", "talks-2": "e-two"},
        story_of={"e-one": "s-one", "e-two": "s-two"},
    )
    kept = group_stories(TALKS + FIRST_RULING, existing)
    event_of = {a: e.id for s in kept for e in s.events for a in e.article_ids}
    assert (event_of["talks-1"], event_of["talks-2"]) == ("e-one", "e-two")
    assert {s.id for s in kept} >= {"s-one", "s-two"}
    rebuilt = group_stories(TALKS + FIRST_RULING, None)
    assert ["talks-1", "talks-2", "talks-3"] in events_of(rebuilt)
    assert not {"e-one", "e-two"} & {e.id for s in rebuilt for e in s.events}


def test_a_story_and_its_first_event_share_the_founding_hash():
    [story] = group_stories(TALKS)
    assert story.events[0].id.removeprefix("e-") == story.id.removeprefix("s-")
