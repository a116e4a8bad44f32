"""One JSON body for every error the API answers, and the HTML page a browser gets instead.

    {"error": {"status": 404, "code": "not_found", "message": "no story s-1 in this store"}}

`details` is added where there is more to say (the fields a 422 found wrong, the lines an
ingest could not read).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

# Short machine-readable names for the statuses the server answers.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    500: "internal_error",
    501: "not_implemented",
    503: "unavailable",
}


class WebError(Exception):
    """An error a route answers with: a status, a message for the reader, and optional
    details. The exception handlers render it as JSON (API) or HTML (pages)."""

    def __init__(
        self,
        status: int,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details
        self.headers = headers or {}


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "code": error_code(status), "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def error_code(status: int) -> str:
    if status in CODES:
        return CODES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_")
    except ValueError:
        return "error"
