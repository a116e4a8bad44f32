"""The store's tables as numbered migrations, so a store made by an older version upgrades in place.

Written in the SQL subset SQLite and PostgreSQL share (TEXT, INTEGER, BLOB as BYTEA aside), so a
PostgreSQL backend can apply the same list.
"""

# Each entry moves the schema from version i to i+1. Never edit a released entry: append one.
MIGRATIONS: tuple[str, ...] = (
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
)

SCHEMA_VERSION = len(MIGRATIONS)


def statements(migration: str) -> list[str]:
    """The SQL statements of a migration, comments removed (they may contain semicolons)."""
    code = "\n".join(line.split("--", 1)[0] for line in migration.splitlines())
    return [s.strip() for s in code.split(";") if s.strip()]
