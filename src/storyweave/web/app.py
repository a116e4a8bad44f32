"""The FastAPI application: routes that parse a request, call a view (web/views.py) and render
its value as an HTML page or as JSON. Nothing here decides what a story or a brief is."""

# No `from __future__ import annotations` here: FastAPI reads the routes' annotations at run
# time, and the ones built inside `create_app` (limits from the config) are local names.
import datetime as dt
import inspect
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRouter
from fastapi.security import HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyweave.errors import ConfigError, StoreError, StoryweaveError
from storyweave.web import views
from storyweave.web.auth import require_read, require_write
from storyweave.web.cache import LRU
from storyweave.web.config import Access, ServerConfig
from storyweave.web.errors import WebError, error_body
from storyweave.web.guard import Guard
from storyweave.web.pages import Pages, is_api
from storyweave.web.pool import WorkspacePool
from storyweave.web.safety import SECURITY_HEADERS

log = logging.getLogger("storyweave.web")

JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/json", "text/plain")


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    """Every error, whatever its status, has this body."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "a token is needed"),
        (403, "the token may not do this"),
        (404, "no such story or article"),
        (422, "a parameter is wrong"),
        (500, "the server failed"),
    )
}


def create_app(config: ServerConfig, access: Access) -> FastAPI:
    """The server over the store at `config.db` (which must exist)."""
    pool = WorkspacePool(config.db)
    pages = Pages()
    kept: LRU[views.StoryPageView | None] = LRU(config.cached_pages)
    write_lock = threading.Lock()  # one write at a time per worker; SQLite serialises workers

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="storyweave",
        summary="Cited briefs of the stories in one store of news articles.",
        version="1",
        docs_url=None,  # the default page loads Swagger from a CDN; /docs is our own
        redoc_url=None,
        openapi_url=None,  # served below, behind the read check
        lifespan=lifespan,
        **_no_telemetry(),
    )
    app.add_middleware(Guard, hosts=config.hosts())

    # The dependencies are `async`: FastAPI runs a plain `def` one in the thread pool, a hop
    # per dependency per request, which costs more than they do.
    async def reader() -> views.Reader:
        return views.Reader(pool, kept)

    async def read_access(request: Request) -> None:
        require_read(request.headers.get("authorization"), access, page=not is_api(request))

    def page_number(page: int, per_page: int) -> None:
        # Deep pages of a listing are built and thrown away; a bound keeps a crawler cheap.
        if page * per_page > 100_000:
            raise WebError(422, "page is too far; narrow the listing with a filter instead")

    ReaderDep = Annotated[views.Reader, Depends(reader)]
    Page = Annotated[int, Query(ge=1, description="page number, from 1")]
    PerPage = Annotated[int, Query(ge=1, le=config.max_page_size, description="items per page")]
    Words = Annotated[str, Query(max_length=config.max_query_chars)]
    OptionalWords = Annotated[str | None, Query(max_length=config.max_query_chars)]

    async def list_params(
        published_from: Annotated[dt.date | None, Query(alias="from")] = None,
        published_to: Annotated[dt.date | None, Query(alias="to")] = None,
        source: OptionalWords = None,
        entity: OptionalWords = None,
        q: OptionalWords = None,
        page: Page = 1,
        per_page: PerPage = config.page_size,
    ) -> views.ListParams:
        page_number(page, per_page)
        return views.ListParams(published_from, published_to, source, entity, q, page, per_page)

    ListDep = Annotated[views.ListParams, Depends(list_params)]
    api = APIRouter(prefix="/api", dependencies=[Depends(read_access)], responses=ERRORS)
    html = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)

    # -- the story list ---------------------------------------------------------------

    @api.get("/stories", summary="Stories, newest first, filtered and paginated")
    def stories_api(params: ListDep, r: ReaderDep) -> JSONResponse:
        return JSONResponse(views.story_list(r, params).to_json())

    @html.get("/")
    def stories_page(request: Request, params: ListDep, r: ReaderDep) -> HTMLResponse:
        return pages.render(request, views.story_list(r, params))

    # -- one story --------------------------------------------------------------------

    Since = Annotated[
        str | None,
        Query(max_length=40, description="'last' or a date: add what changed since then"),
    ]

    async def story_rendered(r: views.Reader, story_id: str, since: str | None, kind: str):
        """A story's view with its `kind` rendering ready. A kept, rendered story is served on
        the event loop (a look-up and one small query, no thread hop); briefing or rendering
        goes to the thread pool, so the loop keeps answering meanwhile."""
        if not since:
            kept = r.kept_story(story_id)
            if kept is not None and kind in kept.rendered:
                return kept

        def make() -> views.StoryPageView:
            view = views.story_page(r, story_id, since)
            if kind == "json" and "json" not in view.rendered:
                view.rendered["json"] = bytes(JSONResponse(view.to_json()).body)
            elif kind == "html":
                pages.render_kept(view)
            return view

        return await run_in_threadpool(make)

    @api.get("/stories/{story_id}", summary="One story's brief (the brief contract)")
    async def story_api(story_id: str, r: ReaderDep, since: Since = None) -> Response:
        view = await story_rendered(r, story_id, since, "json")
        return Response(view.rendered["json"], media_type="application/json")

    @html.get("/stories/{story_id}")
    async def story_page(story_id: str, r: ReaderDep, since: Since = None) -> HTMLResponse:
        view = await story_rendered(r, story_id, since, "html")
        return HTMLResponse(view.rendered["html"])

    # -- one article ------------------------------------------------------------------

    @api.get("/articles/{article_id:path}", summary="One article: cleaned text, cited spans")
    def article_api(article_id: str, r: ReaderDep) -> JSONResponse:
        return JSONResponse(views.article_page(r, article_id).to_json())

    @html.get("/articles/{article_id:path}")
    def article_page(request: Request, article_id: str, r: ReaderDep) -> HTMLResponse:
        return pages.render(request, views.article_page(r, article_id))

    # -- search -----------------------------------------------------------------------

    @api.get("/search", summary="Articles containing every word of q, best first")
    def search_api(q: Words, r: ReaderDep, page: Page = 1, per_page: PerPage = 20):
        page_number(page, per_page)
        return JSONResponse(views.search(r, q, page, per_page).to_json())

    @html.get("/search")
    def search_page(request: Request, r: ReaderDep, q: Words = "", page: Page = 1):
        page_number(page, config.page_size)
        return pages.render(request, views.search(r, q, page, config.page_size))

    # -- claim check -----------------------------------------------------------------
    # Checking parses nothing already annotated, but a store never briefed is annotated
    # first (slow once); it runs in the thread pool like any other library call.

    @api.get("/check", summary="Check a claim against the stored articles (storyweave.check/1)")
    def check_api(claim: Words, r: ReaderDep) -> JSONResponse:
        if not claim.strip():
            raise WebError(422, "give a claim to check (?claim=...)")
        return JSONResponse(views.check(r, claim).to_json())

    @html.get("/check")
    def check_page(request: Request, r: ReaderDep, claim: OptionalWords = None) -> HTMLResponse:
        return pages.render(request, views.check(r, claim or ""))

    # -- writing ----------------------------------------------------------------------

    bearer = HTTPBearer(auto_error=False, description="the write token ($STORYWEAVE_TOKEN)")

    @api.post(
        "/articles",
        summary="Add articles (JSON Lines body); their stories are regrouped and re-briefed",
        dependencies=[Depends(bearer)],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            }
        },
    )
    async def add_articles(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        require_write(authorization, access)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and kind not in JSONL_TYPES:
            raise WebError(415, f"send JSON Lines ({JSONL_TYPES[0]}), not {kind}")
        body = await _read_body(request, config.max_body_bytes)

        def ingest() -> views.IngestView:
            with write_lock:
                return views.add_articles(pool.get(), body)

        found = await run_in_threadpool(ingest)
        if not found.stored:
            raise WebError(422, "no article could be read from the body", found.problems())
        return JSONResponse(found.to_json(), status_code=201 if found.report.added else 200)

    # -- docs and static files --------------------------------------------------------

    @html.get("/openapi.json")
    def openapi_document() -> JSONResponse:
        return JSONResponse(app.openapi())

    @html.get("/docs")
    def docs_page(request: Request) -> HTMLResponse:
        return pages.render_template(
            request, "docs.html.j2", title="API", endpoints=views.endpoints(app.openapi())
        )

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        return pages.asset(name)

    app.include_router(api)
    app.include_router(html)
    _handle_errors(app, pages)
    return app


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker process (`storyweave serve --workers N`)."""
    access, _ = Access.from_environment()
    return create_app(ServerConfig.from_environment(), access)


async def _read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 past `max_bytes` (announced or as it streams)."""
    too_large = WebError(413, f"the body is larger than {max_bytes} bytes; send fewer articles")
    announced = request.headers.get("content-length")
    if announced and announced.isdigit() and int(announced) > max_bytes:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _handle_errors(app: FastAPI, pages: Pages) -> None:
    """Every error in one shape: JSON for the API, the same message as a page for a browser."""

    def answer(request: Request, error: WebError) -> Response:
        headers = {**SECURITY_HEADERS, **error.headers}
        if is_api(request):
            body = error_body(error.status, error.message, error.details)
            return JSONResponse(body, status_code=error.status, headers=headers)
        return pages.error(request, error, headers)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return answer(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: f"nothing at {request.url.path}", 405: "method not allowed here"}
        text = message.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        return answer(request, WebError(exc.status_code, text, headers=headers))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        wrong = ", ".join(d["where"] for d in details) or "the request"
        return answer(request, WebError(422, f"invalid {wrong}", details))

    @app.exception_handler(StoryweaveError)
    async def library_error(request: Request, exc: StoryweaveError) -> Response:
        # A wrong parameter the library caught (a bad --since date), a store that is busy
        # or broken, anything else the request asked for that cannot be done.
        status = 400
        if isinstance(exc, ConfigError):
            status = 422
        elif isinstance(exc, StoreError):
            status = 503
        return answer(request, WebError(status, str(exc)))

    @app.exception_handler(Exception)
    async def failure(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return answer(request, WebError(500, "the server failed on this request; see its log"))


def _no_telemetry() -> dict[str, Any]:
    """Recent FastAPI versions trace every request through OpenTelemetry by default: cost for
    no one here. Older ones have no such switch."""
    if "telemetry" in inspect.signature(FastAPI).parameters:
        return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    return {}
