"""storyweave: cited per-story briefs from a pile of news articles, offline."""

__version__ = "0.1.0"
