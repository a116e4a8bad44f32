"""The store's tables as numbered migrations, so a store made by an older version upgrades in place.

Written in the SQL subset SQLite and PostgreSQL share; `for_postgresql` is the one place that
translates what is spelled differently (AUTOINCREMENT, INTEGER width, BLOB/BYTEA). A feature with
no common spelling at all (full-text search) is one `PerDialect` entry in the same list. The
schema version itself is kept by each backend (SQLite: PRAGMA user_version; PostgreSQL: the
`storyweave_schema` table).
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PerDialect:
    """A migration whose SQL differs between the backends as a whole, not word by word."""

    sqlite: str
    postgresql: str


# Each entry moves the schema from version i to i+1. Never edit a released entry: append one.
MIGRATIONS: tuple[str | PerDialect, ...] = (
    # 1: articles, near-duplicate index, annotation cache, stories.
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- ingest order; ties in dedup go to the first
        id TEXT NOT NULL UNIQUE,
        source TEXT,
        title TEXT,
        url TEXT,
        published TEXT,                          -- YYYY-MM-DD or NULL
        text TEXT NOT NULL,
        origin TEXT NOT NULL,
        content_hash TEXT NOT NULL,              -- identity of the article as ingested
        text_hash TEXT NOT NULL,                 -- normalised text only: exact duplicates
        duplicate_of TEXT REFERENCES articles(id),
        shingles INTEGER NOT NULL,               -- size of the shingle set, for containment
        minhash BLOB NOT NULL
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

    -- MinHash LSH bands: candidates for near-duplicates are found by index look-up,
    -- so ingest never compares an article with every stored one.
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX minhash_bands_lookup ON minhash_bands(band, bucket);

    -- Output of article-level stages, keyed so a new stage version or config recomputes.
    CREATE TABLE annotations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (article_id, stage)
    );

    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        seq INTEGER NOT NULL                     -- creation order, for stable listing
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    """,
    # 2: saved briefs, so `brief --since` can say what changed since the last one.
    """
    CREATE TABLE briefs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- save order
        story_id TEXT NOT NULL,                  -- no foreign key: history outlives a regroup
        created TEXT NOT NULL,                   -- ISO 8601 UTC timestamp
        body TEXT NOT NULL,                      -- the story's brief as contract JSON
        body_hash TEXT NOT NULL                  -- an unchanged brief is not saved twice
    );
    CREATE INDEX briefs_story ON briefs(story_id, seq);
    """,
    # 3: events inside stories (an article is in one event, an event in one story), and the
    # cache of story-stage results. Each existing story becomes a story of one event.
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        seq INTEGER NOT NULL                     -- creation order, for stable listing
    );
    CREATE INDEX events_story ON events(story_id);
    CREATE TABLE event_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE
    );
    CREATE INDEX event_articles_event ON event_articles(event_id);
    INSERT INTO events (id, story_id, title, seq)
        SELECT 'e-' || substr(id, 3), id, title, seq FROM stories;
    INSERT INTO event_articles (article_id, event_id)
        SELECT article_id, 'e-' || substr(story_id, 3) FROM story_articles;
    DROP TABLE story_articles;

    -- Output of story-level stages, keyed by what they were computed from: a story whose
    -- articles, annotations and stage versions are unchanged is briefed from here.
    CREATE TABLE story_results (
        story_id TEXT NOT NULL,                  -- no foreign key: a stale row is only a miss
        stage TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (story_id, stage)
    );
    """,
    # 4: small JSON records per (namespace, key) for the feed watcher's fetch state; an index
    # so removing an article does not scan every MinHash band of the store.
    """
    CREATE TABLE state (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,                     -- one JSON object
        PRIMARY KEY (namespace, key)
    );
    CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
    """,
    # 5: full-text search over title and text for the web UI; existing articles are indexed
    # here. SQLite: an FTS5 index over the articles table kept in step by triggers, so every
    # insert and delete path updates it. PostgreSQL: a generated tsvector column (the server
    # keeps it in step) with a GIN index. Both stem English words and keep stop words: the
    # stock 'english' configuration drops "and", "the" ..., so a query with one of them would
    # find articles on PostgreSQL that SQLite (every word required) does not.
    PerDialect(
        sqlite="""
        CREATE VIRTUAL TABLE article_search USING fts5(
            title, text, content='articles', content_rowid='seq',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
            INSERT INTO article_search (rowid, title, text)
                VALUES (new.seq, new.title, new.text);
        END;
        CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
            INSERT INTO article_search (article_search, rowid, title, text)
                VALUES ('delete', old.seq, old.title, old.text);
        END;
        CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO article_search (article_search, rowid, title, text)
                VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO article_search (rowid, title, text)
                VALUES (new.seq, new.title, new.text);
        END;
        INSERT INTO article_search (article_search) VALUES ('rebuild');
        """,
        postgresql="""
        CREATE TEXT SEARCH DICTIONARY storyweave_stem (TEMPLATE = snowball, LANGUAGE = english);
        CREATE TEXT SEARCH CONFIGURATION storyweave_search (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION storyweave_search
            ALTER MAPPING REPLACE english_stem WITH storyweave_stem;
        ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('storyweave_search', coalesce(title, '')), 'A')
            || setweight(to_tsvector('storyweave_search', text), 'B')
        ) STORED;
        CREATE INDEX articles_search ON articles USING GIN (search);
        """,
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


DIALECTS = ("sqlite", "postgresql")

# What PostgreSQL spells differently in the shared subset. INTEGER is 32-bit there, but MinHash
# buckets are signed 63-bit values (ingest/dedup.py), so every INTEGER becomes BIGINT.
_POSTGRESQL_WORDS = (
    (
        re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b"),
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
)


def migration_sql(number: int, dialect: str) -> str:
    """The SQL of migration `number` (0-based: it moves the schema to number + 1) for one
    backend."""
    migration = MIGRATIONS[number]
    if isinstance(migration, PerDialect):
        return migration.postgresql if dialect == "postgresql" else migration.sqlite
    return for_postgresql(migration) if dialect == "postgresql" else migration


def for_postgresql(sql: str) -> str:
    for pattern, replacement in _POSTGRESQL_WORDS:
        sql = pattern.sub(replacement, sql)
    return sql


def statements(migration: str) -> list[str]:
    """The SQL statements of a migration, comments removed (they may contain semicolons).

    A trigger body holds semicolons of its own: its statement ends at the `END;` after it.
    """
    code = "\n".join(line.split("--", 1)[0] for line in migration.splitlines())
    found: list[str] = []
    pending = ""
    for piece in code.split(";"):
        pending = f"{pending};{piece}" if pending else piece
        text = pending.strip()
        if not text:
            pending = ""
            continue
        in_trigger = text.upper().startswith("CREATE TRIGGER")
        if in_trigger and not re.search(r"\bEND\s*$", text, re.IGNORECASE):
            continue
        found.append(text)
        pending = ""
    return found
