"""Fetch pages from the web, only when the user enables it, without becoming an SSRF proxy.

Every hop (the first URL and each redirect) is checked: http or https only, and every address
the host resolves to must be a public one (no private, loopback, link-local, multicast, reserved
or unspecified address; IPv4 inside IPv6 is unwrapped). The connection goes to the very address
that was checked, so a DNS answer cannot change between check and use. One deadline covers the
whole fetch (redirects included), and no more than `max_bytes` + 1 bytes are read.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from parallax.model import RawDocument, ReadFailure
from parallax.sources.documents import HTML, TEXT, document_from_bytes
from parallax.sources.feeds import FeedError, looks_like_feed, parse_feed
from parallax.sources.reader import read_at_most
from parallax.sources.walk import path_uri

DEFAULT_MAX_BYTES = 10 * 2**20
MAX_URL_LIST_BYTES = 10 * 2**20
MAX_URL_LENGTH = 8192
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "parallax/0.1 (news analysis)"
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/rss+xml,application/atom+xml;q=0.8"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", re.I)


class FetchError(Exception):
    """A URL that was refused or could not be fetched; `reason` says which and why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Response:
    url: str                 # the final URL, after redirects
    status: int
    content_type: str
    body: bytes


def fetch_url(url: str, *, timeout: float = 10, max_redirects: int = 5, max_bytes: int = DEFAULT_MAX_BYTES,
              allow_loopback: bool = False) -> RawDocument:
    """Fetch one HTML or text page; raise FetchError if refused, failed, too big or not text.

    `allow_loopback` exists for tests against a local server; leave it off in real use.
    """
    response = http_get(url, timeout=timeout, max_redirects=max_redirects, max_bytes=max_bytes,
                        allow_loopback=allow_loopback)
    return _document(url, response)


def read_url_list(path: str | Path, **fetch_options) -> Iterator[RawDocument | ReadFailure]:
    """Fetch each URL in a file (one a line; blank lines and '# comments' skipped).

    A URL that returns an RSS or Atom feed is expanded into its items' pages.
    """
    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, MAX_URL_LIST_BYTES + 1)
    except OSError as exc:
        yield ReadFailure(path_uri(path), f"cannot read URL list: {exc.strerror or exc}")
        return
    if len(data) > MAX_URL_LIST_BYTES:
        yield ReadFailure(path_uri(path), f"URL list larger than {MAX_URL_LIST_BYTES} bytes")
        return
    for line in data.decode("utf-8", errors="replace").splitlines():
        url = line.strip()
        if url and not url.startswith("#"):
            yield from _fetch_page_or_feed(url, fetch_options)


def read_feed_file(path: str | Path, **fetch_options) -> Iterator[RawDocument | ReadFailure]:
    """Fetch the pages linked from the items of a local RSS/Atom file."""
    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, MAX_URL_LIST_BYTES + 1)
        links = parse_feed(data[:MAX_URL_LIST_BYTES])
    except OSError as exc:
        yield ReadFailure(path_uri(path), f"cannot read feed: {exc.strerror or exc}")
        return
    except FeedError as exc:
        yield ReadFailure(path_uri(path), exc.reason)
        return
    for link in links:
        yield _fetch_or_failure(link, fetch_options)


def http_get(url: str, *, timeout: float = 10, max_redirects: int = 5, max_bytes: int = DEFAULT_MAX_BYTES,
             allow_loopback: bool = False) -> Response:
    """GET `url` following at most `max_redirects` checked redirects; raise FetchError."""
    deadline = time.monotonic() + timeout
    for _ in range(max_redirects + 1):
        scheme, host, port, target = _check_url(url)
        address = resolve_public(host, port, allow_loopback=allow_loopback)
        status, headers, body = _request(scheme, host, port, address, target, deadline, max_bytes)
        if status in REDIRECTS:
            location = headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header: {url}")
            url = urljoin(url, location.strip())
            continue
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status} from {url}")
        return Response(url, status, headers.get("content-type", ""), body)
    raise FetchError(f"too many redirects (more than {max_redirects})")


def resolve_public(host: str, port: int, *, allow_loopback: bool = False) -> str:
    """The address to connect to, after checking every address `host` resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    for address in addresses:
        problem = address_problem(address, allow_loopback=allow_loopback)
        if problem:
            raise FetchError(f"refused: {host!r} resolves to {address}, a {problem} address")
    return addresses[0]


def address_problem(address: str, *, allow_loopback: bool = False) -> str | None:
    """None for a public unicast address, else what kind of address it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    candidates = [ip]
    if ip.version == 6:   # IPv4 carried inside IPv6 must pass the IPv4 checks too (and first)
        candidates[:0] = [a for a in (ip.ipv4_mapped, ip.sixtofour, ip.teredo and ip.teredo[1]) if a]
    for candidate in candidates:
        if candidate.is_loopback:
            if not allow_loopback:
                return "loopback"
            continue
        # Most specific first: link-local addresses are also "private" to the ipaddress module.
        for kind in ("link_local", "multicast", "unspecified", "reserved", "private"):
            if getattr(candidate, f"is_{kind}"):
                return kind.replace("_", "-")
        if not candidate.is_global:
            return "non-public"
    return None


def _check_url(url: str) -> tuple[str, str, int, str]:
    if len(url) > MAX_URL_LENGTH:
        raise FetchError("URL too long")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"malformed URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused scheme {parts.scheme or '(none)'!r}: only http and https are fetched")
    if not parts.hostname:
        raise FetchError(f"URL without a host: {url!r}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if any(ch in target for ch in "\r\n "):
        raise FetchError("URL contains spaces or line breaks")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), target


def _request(scheme: str, host: str, port: int, address: str, target: str, deadline: float,
             max_bytes: int) -> tuple[int, dict[str, str], bytes]:
    """One GET to the checked `address`, with `host` for the Host header and TLS name check.
    A socket timeout bounds each read, not their sum: a server trickling one byte a second would never
    trip it. So a timer shuts the socket down at the deadline, whatever is being read then (TLS
    handshake, status line, headers, chunk sizes, body), and the read that was waiting fails at once."""
    expired = threading.Event()
    watchdog = None
    try:
        sock = socket.create_connection((address, port), timeout=_remaining(deadline))

        def expire() -> None:
            expired.set()
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)   # the plain socket's, TLS or not
            except OSError:
                pass

        watchdog = threading.Timer(_remaining(deadline), expire)
        watchdog.daemon = True
        watchdog.start()
        if scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection = http.client.HTTPConnection(host, port, timeout=_remaining(deadline))
        connection.sock = sock           # pinned: never let http.client resolve the name again
        try:
            connection.request("GET", target, headers={
                "User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity", "Connection": "close"})
            response = connection.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            body = b"" if response.status in REDIRECTS else _read_body(response, sock, deadline, max_bytes)
            if expired.is_set():
                raise TimeoutError
            return response.status, headers, body
        finally:
            connection.close()
    except TimeoutError:
        raise FetchError(f"timed out fetching {scheme}://{host}:{port}{target}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if expired.is_set():
            raise FetchError(f"timed out fetching {scheme}://{host}:{port}{target}") from None
        raise FetchError(f"fetch failed for {scheme}://{host}:{port}{target}: {exc}") from None
    finally:
        if watchdog is not None:
            watchdog.cancel()


def _read_body(response: http.client.HTTPResponse, sock: socket.socket, deadline: float, max_bytes: int) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response too large: {declared} bytes (limit {max_bytes})")
    chunks, total = [], 0
    while True:
        sock.settimeout(_remaining(deadline))
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"response too large: more than {max_bytes} bytes")
        chunks.append(chunk)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _document(requested: str, response: Response) -> RawDocument:
    media = response.content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        content_type = HTML
    elif media == "text/plain":
        content_type = TEXT
    else:
        raise FetchError(f"unsupported content type {media or '(none)'!r} at {response.url}")
    charset = _CHARSET.search(response.content_type)
    meta = {"url": response.url}
    if response.url != requested:
        meta["requested_url"] = requested
    document = document_from_bytes(response.url, response.body, content_type,
                                   declared=charset.group(1) if charset else None, meta=meta,
                                   fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    if isinstance(document, ReadFailure):
        raise FetchError(document.reason)
    return document


def _fetch_page_or_feed(url: str, options: dict) -> Iterator[RawDocument | ReadFailure]:
    try:
        response = http_get(url, **options)
        media = response.content_type.split(";", 1)[0].strip().lower()
        if media in FEED_TYPES or (media != "text/html" and looks_like_feed(response.body)):
            links = parse_feed(response.body, response.url)
        else:
            yield _document(url, response)
            return
    except FetchError as exc:
        yield ReadFailure(url, exc.reason)
        return
    except FeedError as exc:
        yield ReadFailure(url, exc.reason)
        return
    for link in links:
        yield _fetch_or_failure(link, options)


def _fetch_or_failure(url: str, options: dict) -> RawDocument | ReadFailure:
    try:
        return fetch_url(url, **options)
    except FetchError as exc:
        return ReadFailure(url, exc.reason)
