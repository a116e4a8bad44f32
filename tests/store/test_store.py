"""The `Store` protocol, once per backend (SQLite file, PostgreSQL schema): what ingest, the
runners, the web UI and the feed watcher rely on."""

from __future__ import annotations

import datetime as dt

import pytest

from storyweave.errors import StoreError
from storyweave.ingest.loader import load_articles
from storyweave.model import Article, Event, Story
from storyweave.store import StoreConfig, open_store
from storyweave.store.schema import SCHEMA_VERSION

from .backends import is_postgresql, make_old_store, raw_sql, set_schema_version, write_lock_held

DAY = dt.date(2026, 3, 1)
WIRE = " ".join(f"Sentence {n} of the wire report about the harbour crane." for n in range(30))


def _story(story_id, article_ids, events=None):
    """A story of one event (or of `events`, lists of article ids)."""
    groups = events or [article_ids]
    return Story(
        story_id,
        f"title {story_id}",
        tuple(article_ids),
        tuple(Event(f"e-{story_id}-{i}", "event", tuple(g)) for i, g in enumerate(groups)),
    )


def _plain(article_id, words="text", **fields):
    return Article(id=article_id, text=f"{words} {article_id} " * 30, origin=article_id, **fields)


# -- articles ---------------------------------------------------------------------------


def test_a_new_store_is_empty_and_sound(location):
    with open_store(location) as store:
        assert store.article_count() == 0
        assert store.articles() == []
        assert store.stories() == []
        assert store.integrity_problems() == []


def test_articles_come_back_as_stored_in_ingest_order(location):
    stored = [
        Article(
            id="b",
            text="Text of b. " * 20,
            source="Calder Daily",
            title="B",
            url="https://example.org/b",
            published=DAY,
            origin="b.txt",
        ),
        _plain("a"),
        _plain("c"),
    ]
    with open_store(location) as store:
        load_articles(store, stored)
    with open_store(location) as store:
        assert store.article_ids() == ["b", "a", "c"]
        assert store.articles() == stored
        assert list(store.iter_articles(batch_size=2)) == stored
        assert store.articles(["c", "nothing", "b"]) == [stored[2], stored[0]]
        assert store.article_count() == 3
        assert store.content_hash_of("a") is not None
        assert store.content_hash_of("nothing") is None


def test_re_ingest_changes_nothing_and_a_changed_article_keeps_the_stored_one(location):
    articles = [_plain("a"), _plain("b")]
    with open_store(location) as store:
        first = load_articles(store, articles)
        again = load_articles(store, articles)
        changed = load_articles(store, [_plain("a", words="other")])
        assert first.added == ["a", "b"]
        assert again.added == [] and again.unchanged == ["a", "b"]
        assert changed.added == [] and "already stored with different content" in str(
            changed.problems[0]
        )
        assert store.articles(["a"]) == [articles[0]]
        assert store.article_count() == 2


def test_near_duplicates_are_marked_and_an_earlier_copy_becomes_the_original(location):
    with open_store(location) as store:
        report = load_articles(
            store,
            [
                Article(id="copy", text=WIRE + " More.", origin="c", published=DAY.replace(day=3)),
                Article(id="other", text="A different report entirely. " * 20, origin="o"),
                Article(id="wire", text=WIRE, origin="w", published=DAY),
            ],
        )
        assert report.duplicates == {"copy": "wire"}
        marks = {a.id: a.duplicate_of for a in store.articles()}
        assert marks == {"copy": "wire", "other": None, "wire": None}
        assert store.integrity_problems() == []


def test_removing_an_original_promotes_its_earliest_copy(location):
    articles = [
        Article(id="wire", text=WIRE, origin="w", published=DAY),
        Article(id="copy1", text=WIRE + " More.", origin="c1", published=DAY.replace(day=3)),
        Article(id="copy2", text=WIRE + " Even more.", origin="c2", published=DAY.replace(day=2)),
    ]
    with open_store(location) as store:
        load_articles(store, articles)
        store.put_annotations("sentences", [("wire", "k", b"x"), ("copy1", "k", b"y")])
        store.save_stories([_story("s1", ("wire", "copy1", "copy2"))])
        assert store.remove_articles(["wire", "nothing-here"]) == ["wire"]
        left = {a.id: a.duplicate_of for a in store.articles()}
        assert left == {"copy2": None, "copy1": "copy2"}
        assert store.stories()[0].article_ids == ("copy2", "copy1")
        assert store.annotations("sentences", ["wire", "copy1"]) == {"copy1": ("k", b"y")}
        assert store.search_articles("harbour crane", 10) != []
        assert "wire" not in [i for i, _ in store.search_articles("harbour crane", 10)]
        assert store.integrity_problems() == []


def test_removing_every_article_of_a_story_removes_the_story(location):
    with open_store(location) as store:
        load_articles(store, [_plain("a"), _plain("b")])
        store.save_stories([_story("s1", ("a",)), _story("s2", ("b",))])
        store.remove_articles(["a"])
        assert [s.id for s in store.stories()] == ["s2"]


# -- stage caches -----------------------------------------------------------------------


def test_annotations_are_cached_per_article_and_stage_and_replaced(location):
    with open_store(location) as store:
        load_articles(store, [_plain("a"), _plain("b")])
        store.put_annotations("quotes", [("a", "k1", b"one"), ("b", "k1", b"two")])
        store.put_annotations("quotes", [("a", "k2", b"\x00three")])
        assert store.annotations("quotes", ["a", "b", "c"]) == {
            "a": ("k2", b"\x00three"),
            "b": ("k1", b"two"),
        }
        assert store.annotations("times", ["a"]) == {}


def test_story_results_are_cached_per_story_and_stage(location):
    with open_store(location) as store:
        store.put_story_results("claims", [("s1", "k1", b"one"), ("s2", "k2", b"two")])
        store.put_story_results("claims", [("s1", "k3", b"three")])
        assert store.story_results("claims", ["s1", "s2", "s3"]) == {
            "s1": ("k3", b"three"),
            "s2": ("k2", b"two"),
        }
        assert store.story_results("summary", ["s1"]) == {}


def test_many_ids_are_looked_up_in_chunks(location):
    ids = [f"a{n}" for n in range(1200)]
    with open_store(location) as store:
        store.put_story_results("claims", [(i, "k", i.encode()) for i in ids])
        found = store.story_results("claims", ids)
        assert len(found) == 1200 and found["a1199"] == ("k", b"a1199")


# -- events and stories -----------------------------------------------------------------


def test_a_rebuild_replaces_stories_and_drops_emptied_ones(location):
    with open_store(location) as store:
        load_articles(store, [_plain(i) for i in "abc"])
        store.save_stories([_story("s1", ("a", "b")), _story("s2", ("c",))])
        assigned = store.assignments()
        assert {a: assigned.story_of_article(a) for a in "abc"} == {"a": "s1", "b": "s1", "c": "s2"}
        store.save_stories([_story("s1", ("a", "b", "c"))], replace_all=True)
        assert [s.id for s in store.stories()] == ["s1"]
        assert store.stories()[0].article_ids == ("a", "b", "c")
        assert [e.article_ids for e in store.stories()[0].events] == [("a", "b", "c")]


def test_an_event_keeps_its_story_and_an_emptied_event_goes(location):
    with open_store(location) as store:
        load_articles(store, [_plain(i) for i in "abcd"])
        store.save_stories([_story("s1", "abc", events=[["a", "b"], ["c"]])])
        assert [e.article_ids for e in store.stories()[0].events] == [("a", "b"), ("c",)]
        # "c" moves to the first event: the second is left empty and disappears.
        store.save_stories([_story("s1", "abc", events=[["a", "b", "c"]]), _story("s2", "d")])
        stories = {s.id: s for s in store.stories()}
        assert [e.article_ids for e in stories["s1"].events] == [("a", "b", "c")]
        assert stories["s2"].article_ids == ("d",)
        assert store.integrity_problems() == []


def test_story_articles_are_ordered_by_date_and_events_carry_their_span(location):
    with open_store(location) as store:
        load_articles(
            store,
            [
                _plain("late", published=DAY.replace(day=9)),
                _plain("undated"),
                _plain("early", published=DAY.replace(day=2)),
            ],
        )
        store.save_stories([_story("s1", ("late", "undated", "early"))])
        (story,) = store.stories()
        assert story.article_ids == ("early", "late", "undated")
        assert (story.events[0].start, story.events[0].end) == (
            DAY.replace(day=2),
            DAY.replace(day=9),
        )


# -- saved briefs -----------------------------------------------------------------------


def test_saved_briefs_are_kept_once_each_and_found_by_time(location):
    with open_store(location) as store:
        first = store.save_brief("s1", '{"v": 1}', "2026-03-01T10:00:00Z")
        same = store.save_brief("s1", '{"v": 1}', "2026-03-02T10:00:00Z")
        second = store.save_brief("s1", '{"v": 2}', "2026-03-03T10:00:00Z")
        store.save_brief("s2", '{"v": 9}', "2026-03-03T10:00:00Z")
        assert same == first and second > first
        assert store.latest_brief("s1").document() == {"v": 2}
        assert store.latest_brief("s1", before="2026-03-03").document() == {"v": 1}
        assert store.latest_brief("s1", before="2026-03-01") is None
        assert [b.body for b in store.briefs_since("s1", "2026-03-01")] == ['{"v": 1}', '{"v": 2}']
        assert store.latest_brief("nothing") is None


# -- sources, search, state -------------------------------------------------------------


def test_a_source_keeps_the_spelling_it_was_first_stored_with(location):
    with open_store(location) as store:
        load_articles(
            store,
            [
                _plain("a", source="The Calder  Daily"),
                _plain("b", source="the calder daily."),
                _plain("c", source="Coast Courier"),
                _plain("d"),
            ],
        )
        assert store.source_names() == ["The Calder  Daily", "Coast Courier"]
        assert {a.id: a.source for a in store.articles(["a", "b"])} == {
            "a": "The Calder  Daily",
            "b": "The Calder  Daily",
        }


def _search_corpus(store):
    load_articles(
        store,
        [
            Article(
                id="strike",
                title="Dockers strike at Calder port",
                text="Dock workers walked out at dawn after a crane collapsed. " * 5,
                origin="1",
            ),
            Article(
                id="crane",
                title="Inspectors check cranes",
                text="The inspectorate will check every crane at the port within thirty days. " * 3,
                origin="2",
            ),
            Article(
                id="recall",
                title="Headphones recalled",
                text="Vellmark recalls headphones over battery fires. " * 5,
                origin="3",
            ),
        ],
    )


def test_search_finds_articles_with_every_word_best_first(location):
    with open_store(location) as store:
        _search_corpus(store)
        crane_hits = store.search_articles("cranes", 10)  # stemmed: "crane" matches too
        assert sorted(i for i, _ in crane_hits) == ["crane", "strike"]
        assert [r for _, r in crane_hits] == sorted((r for _, r in crane_hits), reverse=True)
        assert [i for i, _ in store.search_articles("crane dawn", 10)] == ["strike"]
        assert [i for i, _ in store.search_articles("battery FIRES", 10)] == ["recall"]
        assert store.search_articles("battery crane", 10) == []
        assert store.search_articles("   ", 10) == []


def test_search_pages_with_limit_and_offset(location):
    with open_store(location) as store:
        _search_corpus(store)
        every = [i for i, _ in store.search_articles("port", 10)]
        assert sorted(every) == ["crane", "strike"]
        assert [i for i, _ in store.search_articles("port", 1)] == every[:1]
        assert [i for i, _ in store.search_articles("port", 1, offset=1)] == every[1:]
        assert store.search_articles("port", 10, offset=5) == []


@pytest.mark.parametrize(
    "query",
    [
        'crane"',
        "crane AND",
        "NOT crane",
        "crane*",
        "(crane",
        "crane:dawn",
        "^crane",
        "NEAR(crane dawn)",
        "crane & | ! <-> dawn",
        "'crane'",
        "crane -dawn",
        "\\",
        "%_",
    ],
)
def test_search_syntax_characters_are_taken_as_words(location, query):
    with open_store(location) as store:
        _search_corpus(store)
        found = store.search_articles(query, 10)
        assert all(isinstance(i, str) and isinstance(r, float) for i, r in found)


def test_search_treats_operator_words_as_words(location):
    with open_store(location) as store:
        _search_corpus(store)
        # "NOT" is a word to find, not an operator: no article has it, so nothing matches.
        assert store.search_articles("crane NOT dawn", 10) == []
        assert [i for i, _ in store.search_articles('"crane" "dawn"', 10)] == ["strike"]


def test_state_records_are_kept_per_namespace_and_key(location):
    with open_store(location) as store:
        store.put_state("feeds", "https://a.example/rss", {"etag": "x1", "seen": [1, 2]})
        store.put_state("feeds", "https://b.example/rss", {"etag": "y"})
        store.put_state("feeds", "https://a.example/rss", {"etag": "x2", "ok": True})
        store.put_state("pages", "https://a.example/rss", {"n": None})
    with open_store(location) as store:
        assert store.get_state("feeds", "https://a.example/rss") == {"etag": "x2", "ok": True}
        assert store.get_state("pages", "https://a.example/rss") == {"n": None}
        assert store.get_state("feeds", "missing") is None
        assert store.state_keys("feeds") == ["https://a.example/rss", "https://b.example/rss"]
        assert store.state_keys("nothing") == []


def test_a_state_value_that_is_not_json_is_refused_and_nothing_is_stored(location):
    with open_store(location) as store:
        with pytest.raises(StoreError, match="feeds/k.*JSON"):
            store.put_state("feeds", "k", {"when": dt.date(2026, 1, 1)})
        with pytest.raises(StoreError, match="JSON object"):
            store.put_state("feeds", "k", ["not", "a", "dict"])  # type: ignore[arg-type]
        assert store.state_keys("feeds") == []


# -- change detection -------------------------------------------------------------------


def test_the_revision_changes_after_any_commit_and_only_then(location):
    """What the web server keys its kept pages by: a commit through either connection (a
    POST in one worker, `storyweave watch` in another process) must change it."""
    with open_store(location) as reader, open_store(location) as writer:
        first = reader.revision()
        if first is None and is_postgresql(location):
            pytest.skip("PostgreSQL cannot tell cheaply; the server then keeps nothing")
        reader.articles(), reader.stories(), reader.get_state("feeds", "a")
        assert reader.revision() == first  # reading changes nothing
        writer.put_state("feeds", "a", {"etag": "1"})
        second = reader.revision()
        assert second != first  # another connection's commit
        assert reader.revision() == second
        reader.put_state("feeds", "b", {"etag": "2"})
        assert reader.revision() != second  # its own commit


# -- transactions -----------------------------------------------------------------------


def test_a_failed_transaction_leaves_nothing_behind(location):
    with open_store(location) as store:
        with pytest.raises(RuntimeError), store.transaction():
            load_articles(store, [_plain("a")])
            store.put_state("feeds", "k", {"v": 1})
            raise RuntimeError("killed half way")
        assert store.article_count() == 0
        assert store.get_state("feeds", "k") is None
        assert store.search_articles("text", 10) == []


def test_a_write_lock_held_too_long_is_one_clear_busy_error(location):
    open_store(location).close()
    with (
        write_lock_held(location),
        open_store(location, StoreConfig(busy_timeout_s=0.2)) as store,
    ):
        with pytest.raises(StoreError) as raised:
            load_articles(store, [_plain("a")])
        message = str(raised.value)
        assert "is busy" in message and "run again" in message
        assert location.split("?")[0] in message.replace("***", "")
        assert store.article_count() == 0  # reading does not wait for the lock
    with open_store(location) as store:  # and the store works once the lock is gone
        load_articles(store, [_plain("a")])
        assert store.article_ids() == ["a"]


# -- schema versions --------------------------------------------------------------------


def test_a_version_2_store_upgrades_with_each_story_as_one_event_and_searchable(location):
    make_old_store(location, 2)
    raw_sql(
        location,
        "INSERT INTO articles (id, title, text, origin, content_hash, text_hash, shingles, minhash)"
        " VALUES ('a', 'Crane inquiry', 'The harbour crane fell.', 'a.txt', 'h', 't', 1, "
        + ("'\\x00'::bytea" if location.startswith("postgresql") else "x'00'")
        + ")",
        "INSERT INTO minhash_bands (band, bucket, article_id) VALUES (0, 1, 'a')",
        "INSERT INTO stories (id, title, seq) VALUES ('s-123', 'Old story', 1)",
        "INSERT INTO story_articles (article_id, story_id) VALUES ('a', 's-123')",
    )
    with open_store(location) as store:
        (story,) = store.stories()
        assert (story.id, story.title, story.article_ids) == ("s-123", "Old story", ("a",))
        assert [e.article_ids for e in story.events] == [("a",)]
        assert [i for i, _ in store.search_articles("harbour cranes", 10)] == ["a"]
        store.put_state("feeds", "k", {"v": 1})
        assert store.integrity_problems() == []
    with open_store(location) as store:  # opening again changes nothing
        assert [s.id for s in store.stories()] == ["s-123"]


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_older_version_upgrades_to_a_working_store(location, version):
    make_old_store(location, version)
    with open_store(location) as store:
        load_articles(store, [_plain("a")])
        store.save_stories([_story("s1", ("a",))])
        assert store.search_articles("text", 10)[0][0] == "a"
        assert store.integrity_problems() == []


def test_a_store_from_a_newer_storyweave_is_refused_clearly(location):
    open_store(location).close()
    set_schema_version(location, SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="newer than this storyweave.*upgrade storyweave"):
        open_store(location)


def test_a_database_of_another_program_is_not_turned_into_a_store(location):
    raw_sql(location, "CREATE TABLE invoices (id INTEGER, total INTEGER)")
    with pytest.raises(StoreError, match="not a storyweave store.*invoices"):
        open_store(location)
    assert raw_sql(location, "SELECT COUNT(*) FROM invoices") == [(0,)]


def test_a_store_missing_a_table_its_version_promises_is_refused_clearly(location):
    with open_store(location) as store:
        load_articles(store, [_plain("a")])
    raw_sql(location, "DROP TABLE state")
    with open_store(location) as store, pytest.raises(StoreError, match="missing part of its"):
        store.get_state("feeds", "k")
