"""HTML rendering for the server: one Jinja2 environment over the web templates and the
report's shared pieces (render/templates), and the static files the pages link (CSS and JS
live in files, never inline, so the Content-Security-Policy can forbid inline script)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from storyweave.render.citations import shorten
from storyweave.render.safety import link_target
from storyweave.web.errors import WebError, error_code

# name -> (package folder, media type): everything /static serves.
ASSETS = {
    "report.css": ("render/templates", "text/css"),
    "report.js": ("render/templates", "text/javascript"),
    "web.css": ("web/static", "text/css"),
    "web.js": ("web/static", "text/javascript"),
    "favicon.svg": ("web/static", "image/svg+xml"),
}


def is_api(request: Request) -> bool:
    """Whether a request gets JSON (errors included) rather than a page."""
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def story_href(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    version: str  # content digest: the pages link `?v=` it, so a changed file is refetched


class Pages:
    def __init__(self) -> None:
        self.environment = Environment(
            loader=ChoiceLoader(
                [
                    PackageLoader("storyweave", "web/templates"),
                    PackageLoader("storyweave", "render/templates"),
                ]
            ),
            autoescape=select_autoescape(["html", "j2"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters.update(shorten=shorten, safe_url=link_target)
        self.assets = {name: _load(name, *where) for name, where in ASSETS.items()}
        self.environment.globals.update(
            article_href=article_href,
            story_href=story_href,
            asset=lambda name: f"/static/{name}?v={self.assets[name].version}",
        )

    def render(self, request: Request, view: Any, status: int = 200) -> HTMLResponse:
        return self.render_template(
            request, view.template, status=status, view=view, title=view.title
        )

    def render_kept(self, view: Any) -> bytes:
        """The page of a view that keeps its renderings (`rendered`), rendered once. Nothing
        from a request goes into it: other requests get the same bytes."""
        if "html" not in view.rendered:
            page = self.environment.get_template(view.template).render(
                view=view, title=view.title, query=""
            )
            view.rendered["html"] = page.encode("utf-8")
        return view.rendered["html"]

    def render_template(
        self, request: Request, name: str, status: int = 200, **values: Any
    ) -> HTMLResponse:
        values.setdefault("title", "")
        values.setdefault("query", request.query_params.get("q", ""))
        page = self.environment.get_template(name).render(**values)
        return HTMLResponse(page, status_code=status)

    def error(self, request: Request, error: WebError, headers: dict[str, str]) -> HTMLResponse:
        response = self.render_template(
            request,
            "error.html.j2",
            status=error.status,
            title=f"{error.status} {error_code(error.status).replace('_', ' ')}",
            error=error,
        )
        response.headers.update(headers)
        return response

    def asset(self, name: str) -> Response:
        found = self.assets.get(name)
        if found is None:
            raise WebError(404, f"no static file {name}")
        return Response(
            found.body,
            media_type=found.media_type,
            headers={"Cache-Control": "public, max-age=86400"},
        )


def _load(name: str, folder: str, media_type: str) -> Asset:
    body = resources.files("storyweave").joinpath(folder, name).read_bytes()
    return Asset(body, media_type, hashlib.sha256(body).hexdigest()[:12])
