"""One error tree, so the CLI and the API can turn any expected failure into one clear line."""


class StoryweaveError(Exception):
    """Root of every error storyweave raises on purpose.

    The message names the input and says what was wrong and, where it helps, what to do.
    """


class IngestError(StoryweaveError):
    """An input could not be read or turned into articles."""


class StoreError(StoryweaveError):
    """The store could not be opened, migrated or written."""


class ConfigError(StoryweaveError):
    """An option or a combination of options makes no sense."""


class ModelError(StoryweaveError):
    """A language resource (spaCy pipeline, embedding model) is missing or broken."""


class FetchError(StoryweaveError):
    """A URL could not be fetched, or was refused before anything was sent (see fetch/)."""


class ExecuteError(StoryweaveError):
    """An executor could not run the stages: a Ray cluster unreachable, a worker that died."""
