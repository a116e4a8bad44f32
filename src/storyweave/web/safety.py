"""What keeps a shared server safe to open: which URLs may become links, and the headers every
answer carries (a Content-Security-Policy that allows no inline script)."""

from __future__ import annotations

from urllib.parse import urlsplit

# Scripts, styles and images only from this server; no inline script or style (the pages
# link /static files), no framing, forms post only here, nothing else is fetched.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # A link out to a source must not tell the source where the reader came from.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def safe_url(url: str | None) -> str | None:
    """`url` when it may become a link (absolute http or https, with a host), else None.

    TEMPORARY: replace with `storyweave.render.safety.safe_url` (the ingest branch) once it is
    on main. Deliberately minimal: refuses any whitespace or control character anywhere
    (browsers drop some inside a scheme, so " java\\tscript:" would run), and every scheme
    but http(s) (javascript:, data:, vbscript:, file:).
    """
    if not url or any(ch.isspace() or not ch.isprintable() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
