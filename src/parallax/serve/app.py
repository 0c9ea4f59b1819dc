"""The FastAPI application: REST API, web UI, security headers, size limits and JSON errors."""
from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from parallax.serve import api, web
from parallax.serve.queries import Fingerprinted
from parallax.store import Store

HERE = Path(__file__).parent
MAX_BODY_BYTES = 5 * 1024 * 1024
# The UI runs only our own vendored files: no inline script, no third-party origin.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
log = logging.getLogger(__name__)


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Guard:
    """ASGI middleware in front of everything: refuses a request with a NUL character (400) and a write
    without the token (401/403) before a byte of its body is read, answers HEAD like GET without the
    body, adds security headers to every answer and refuses bodies over the limit (413)."""

    def __init__(self, app, max_body: int = MAX_BODY_BYTES, token: Callable[[], str | None] = lambda: None):
        self.app, self.max_body, self.token = app, max_body, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers", []))
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b"") \
                or b"\x00" in scope.get("query_string", b""):
            return await self._refuse(send, 400, "bad_request", "NUL character in the request")
        if scope["method"] in WRITE_METHODS and scope["path"].startswith("/api/"):
            error = api.token_error(self.token(), headers.get(b"authorization", b"").decode("latin-1"))
            if error is not None:   # the body is never read: a refused client costs nothing to parse
                return await self._refuse(send, error.status_code, ERROR_KINDS[error.status_code], error.detail,
                                          [(k.encode(), v.encode()) for k, v in (error.headers or {}).items()])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await self._too_large(send)
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge()
            return message

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}   # HEAD: the GET answer's headers, no body
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send):
        await self._refuse(send, 413, "payload_too_large", f"request body over {self.max_body} bytes")

    @staticmethod
    async def _refuse(send, status: int, kind: str, detail: str, extra: list | None = None):
        body = json.dumps({"error": kind, "detail": detail}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close"),
                                *(extra or []), *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(StarletteHTTPException):
    """Raised while the body streams in; FastAPI passes HTTP exceptions through to the JSON handler."""

    def __init__(self):
        super().__init__(413, f"request body over {MAX_BODY_BYTES} bytes")


class ResponseCache:
    """ASGI middleware: remembers successful GET /api/ answers until the store changes (its generation
    counter, checked at most every couple of seconds; a write through this server checks at once).
    The key is the path and the query parameters the route declares, so junk parameters share one entry;
    the cache holds at most `max_entries` answers and `max_total` bytes (least recently used go first)."""

    def __init__(self, app, fingerprint: Fingerprinted, routes: Sequence = (), max_entries: int = 2000,
                 max_bytes: int = 1 << 20, max_total: int = 64 << 20):
        self.app, self.fingerprint, self.routes = app, fingerprint, routes
        self.max_entries, self.max_bytes, self.max_total = max_entries, max_bytes, max_total
        self.entries: OrderedDict = OrderedDict()
        self.size = 0
        self.version = None

    def key(self, scope) -> tuple | None:
        """(path, the declared parameters in their order), or None when no API route answers the path.
        (Not sorted: of a repeated parameter the last one counts.)"""
        for route in self.routes:
            if isinstance(route, APIRoute) and route.matches(scope)[0] == Match.FULL:
                names = _query_names(route.dependant)
                query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
                return scope["path"], tuple((k, v) for k, v in query if k in names)
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        key = self.key(scope)
        if key is None:
            return await self.app(scope, receive, send)
        version = await run_in_threadpool(self.fingerprint.current)
        if version != self.version:
            self.entries.clear()
            self.size = 0
            self.version = version
        if key in self.entries:
            self.entries.move_to_end(key)
            start, body = self.entries[key]
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        captured: dict = {}

        async def capture(message):
            if message["type"] == "http.response.start":
                captured["start"] = message
                captured["body"] = b""
            elif message["type"] == "http.response.body" and "start" in captured:
                captured["body"] += message.get("body", b"")
                if not message.get("more_body") and captured["start"]["status"] == 200 \
                        and len(captured["body"]) <= self.max_bytes and version == self.version:
                    self._remember(key, captured["start"], captured["body"])
            await send(message)

        await self.app(scope, receive, capture)

    def _remember(self, key, start, body: bytes) -> None:
        if key in self.entries:
            self.size -= len(self.entries.pop(key)[1])
        self.entries[key] = (start, body)
        self.size += len(body)
        while len(self.entries) > self.max_entries or self.size > self.max_total:
            self.size -= len(self.entries.popitem(last=False)[1][1])


def _query_names(dependant) -> set[str]:
    """The query parameters a route reads, its dependencies' included."""
    return {p.alias for p in dependant.query_params}.union(*(_query_names(d) for d in dependant.dependencies))


ERROR_KINDS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "payload_too_large", 422: "invalid_request"}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def create_app(db: str, *, token: str | None = None, cache_responses: bool = True) -> FastAPI:
    """The app over the store `db` (SQLite path or PostgreSQL URL). Writing needs `token`; without it the
    server is read-only. `cache_responses=False` answers every API call from the database (benchmarks)."""
    store = Store(db)
    app = FastAPI(title="Parallax", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="A sourced record of many outlets' coverage of one story: who said what, when, "
                              "reported by whom, with which figures, in which words, where outlets disagree. "
                              "Every item carries character offsets into its article's `body` and a `link` "
                              "to the sentence in the web UI. List endpoints answer `{items, total, limit, "
                              "offset}`; errors answer `{error, detail}`.")
    app.state.store = store
    app.state.token = token or None
    app.state.cache = Fingerprinted(store)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_html(request):
            return web.error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"error": ERROR_KINDS.get(exc.status_code, "error"), "detail": exc.detail},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        if _wants_html(request):
            return web.error_page(request, 422, "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}"
                                                          for d in detail))
        return JSONResponse({"error": "invalid_request", "detail": detail}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)
        return JSONResponse({"error": "internal_error", "detail": "the server failed on this request"},
                            status_code=500)

    app.include_router(api.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if cache_responses:
        app.add_middleware(ResponseCache, fingerprint=app.state.cache, routes=api.router.routes)
    app.add_middleware(Guard, token=lambda: app.state.token)
    app.router.on_shutdown.append(store.close)
    return app
