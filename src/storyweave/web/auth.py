"""Who may read and who may write: bearer tokens, compared in constant time.

Writes take only `Authorization: Bearer <write token>`: a browser never sends that header by
itself, so another site cannot make a reader's browser post articles. Reads, when a read token
is set, also take HTTP Basic with the token as the password, because that is what a browser
asks a person for.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from storyweave.web.config import Access
from storyweave.web.errors import WebError


def require_write(authorization: str | None, access: Access) -> None:
    scheme, credential = _split(authorization)
    if scheme != "bearer" or not credential:
        raise WebError(
            401,
            "writing needs Authorization: Bearer <token> (the token storyweave serve printed, "
            "or $STORYWEAVE_TOKEN)",
            headers={"WWW-Authenticate": 'Bearer realm="storyweave"'},
        )
    if not _same(credential, access.write_token):
        raise WebError(403, "this token may not write to the store")


def require_read(authorization: str | None, access: Access, page: bool) -> None:
    """Open when no read token is set. A page's 401 asks for Basic credentials (the browser
    prompts); the API's asks for a bearer token."""
    if access.read_token is None:
        return
    scheme, credential = _split(authorization)
    if scheme == "basic":
        credential = _basic_password(credential)
    if scheme not in ("bearer", "basic") or not credential:
        challenge = 'Basic realm="storyweave"' if page else 'Bearer realm="storyweave"'
        raise WebError(
            401,
            "this server needs a token to read: Authorization: Bearer <token> "
            "(or any user name and the token as password)",
            headers={"WWW-Authenticate": challenge},
        )
    if not (_same(credential, access.read_token) or _same(credential, access.write_token)):
        raise WebError(403, "this token may not read this store")


def _split(authorization: str | None) -> tuple[str, str]:
    scheme, _, credential = (authorization or "").strip().partition(" ")
    return scheme.lower(), credential.strip()


def _basic_password(credential: str) -> str:
    try:
        decoded = base64.b64decode(credential, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
