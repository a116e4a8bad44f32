"""Feeds and pages over HTTP, polite and guarded, for `storyweave watch`.

client.Fetcher fetches one URL (SSRF guard, robots.txt, pacing, limits, conditional GET);
watch.watch_cycle turns feeds, pages and folders into new articles; state.FetchState is what
the stores implement to remember between runs.
"""
