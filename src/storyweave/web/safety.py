"""The headers every answer of the shared server carries (a Content-Security-Policy that allows
no inline script); which URLs may become links is render/safety.py's `link_target`."""

from __future__ import annotations

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
