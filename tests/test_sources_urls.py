"""URL fetching against a local server on 127.0.0.1 only; SSRF checks; RSS/Atom item links.

No test sends traffic anywhere but 127.0.0.1: refused addresses are refused before connecting,
and names are resolved by a stand-in for getaddrinfo where a test needs a name.
"""
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parallax.model import RawDocument, ReadFailure
from parallax.sources import urls
from parallax.sources.feeds import FeedError, parse_feed
from parallax.sources.urls import FetchError, address_problem, fetch_url, read_feed_file, read_url_list

PAGE = "<html><head><title>Harbour</title></head><body><p>The port of Veltmark reopened.</p></body></html>"
RUSSIAN_PAGE = "<html><body><p>Порт Вельтмарк вновь открылся в понедельник.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send(302, headers=[("Location", location)])

    def do_GET(self):
        Handler.requests.append(self.path)
        try:
            self.route(self.path)
        except (BrokenPipeError, ConnectionResetError):
            pass      # the client gave up first (timeout and size tests)

    def route(self, path):
        if path == "/page":
            self.send(200, PAGE.encode())
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/hops/{left - 1}" if left else "/page")
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/to-private":
            self.redirect("http://10.0.0.1/admin")
        elif path == "/to-metadata":
            self.redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-file":
            self.redirect("file:///etc/passwd")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, PAGE.encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"<p>.</p>")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/big":
            self.send(200, b"<p>" + b"x" * 200_000)
        elif path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 200_000)
            self.close_connection = True
        elif path == "/pdf":
            self.send(200, b"%PDF-1.4", content_type="application/pdf")
        elif path == "/ru":
            self.send(200, RUSSIAN_PAGE.encode("cp1251"), content_type="text/html; charset=windows-1251")
        elif path == "/feed":
            self.send(200, rss([f"http://127.0.0.1:{self.server.server_port}/page", "/ru"]).encode(),
                      content_type="application/rss+xml")
        else:
            self.send(404, b"not found")


def rss(links):
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{items}</channel></rss>'


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def local(url, **options):
    return fetch_url(url, allow_loopback=True, **options)


# ---- refusals ---------------------------------------------------------------------------------

def test_loopback_is_refused_by_default_and_nothing_is_sent(server):
    Handler.requests.clear()
    for url in [f"{server}/page", server.replace("127.0.0.1", "localhost") + "/page"]:
        with pytest.raises(FetchError, match="refused: .* loopback"):
            fetch_url(url)
    assert Handler.requests == []


@pytest.mark.parametrize("url", [
    "http://[::1]/", "http://0.0.0.0/", "http://127.1/", "http://2130706433/", "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://192.168.0.1/", "http://[::ffff:127.0.0.1]/",
    "http://[fe80::1]/", "http://224.0.0.1/",
])
def test_private_and_special_addresses_are_refused(url):
    with pytest.raises(FetchError, match="refused|cannot resolve"):
        fetch_url(url, timeout=1)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example/x", "gopher://a/", "javascript:alert(1)",
                                 "//news.example/x", "http:///nohost"])
def test_other_schemes_and_malformed_urls_are_refused(url):
    with pytest.raises(FetchError, match="scheme|host"):
        fetch_url(url)


@pytest.mark.parametrize("address, problem", [
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "non-public"), ("fc00::1", "private"),
    ("2002:a00:1::", "private"),              # 6to4 wrapping 10.0.0.1
    ("8.8.8.8", None), ("2001:4860:4860::8888", None),
])
def test_address_classification(address, problem):
    found = address_problem(address)
    assert (found is None) if problem is None else (problem in found)


def test_the_resolved_address_is_checked_not_the_name(monkeypatch):
    answers = {"intranet.example": ["10.0.0.7"], "mixed.example": ["93.184.216.34", "192.168.1.5"]}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    monkeypatch.setattr(urls.socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(urls.socket, "create_connection", lambda *a, **k: pytest.fail("must not connect"))
    for host in answers:
        with pytest.raises(FetchError, match="refused"):
            fetch_url(f"https://{host}/news")


def test_loopback_override_still_refuses_private_addresses():
    with pytest.raises(FetchError, match="private"):
        local("http://10.0.0.1/")


# ---- fetching (loopback allowed for the test server) ------------------------------------------

def test_fetch_page(server):
    doc = local(f"{server}/page")
    assert isinstance(doc, RawDocument)
    assert doc.text == PAGE and doc.content_type == "text/html"
    assert doc.meta == {"url": f"{server}/page"} and doc.fetched_at


def test_redirects_are_followed_up_to_the_bound(server):
    doc = local(f"{server}/hops/3", max_redirects=5)
    assert doc.meta["url"] == f"{server}/page" and doc.meta["requested_url"] == f"{server}/hops/3"
    with pytest.raises(FetchError, match="too many redirects"):
        local(f"{server}/hops/6", max_redirects=5)
    with pytest.raises(FetchError, match="too many redirects"):
        local(f"{server}/loop")


@pytest.mark.parametrize("path, message", [
    ("/to-private", "refused: '10.0.0.1' resolves to 10.0.0.1, a private address"),
    ("/to-metadata", "link-local"),
    ("/to-file", "refused scheme 'file'"),
])
def test_every_redirect_hop_is_checked(server, path, message):
    with pytest.raises(FetchError, match=message):
        local(f"{server}{path}")


def test_timeout_covers_a_slow_server_and_a_trickle(server):
    for path in ["/slow", "/trickle"]:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            local(f"{server}{path}", timeout=0.8)
        assert time.monotonic() - started < 2.0


def test_size_limit(server):
    for path in ["/big", "/big-unannounced"]:
        with pytest.raises(FetchError, match="too large"):
            local(f"{server}{path}", max_bytes=100_000)
    assert len(local(f"{server}/big", max_bytes=300_000).data) == 200_003


def test_non_text_content_http_errors_and_charsets(server):
    with pytest.raises(FetchError, match="unsupported content type 'application/pdf'"):
        local(f"{server}/pdf")
    with pytest.raises(FetchError, match="HTTP 404"):
        local(f"{server}/missing")
    doc = local(f"{server}/ru")
    assert doc.text == RUSSIAN_PAGE and doc.meta["encoding"] == "windows-1251 (declared)"


def test_url_list_with_a_feed(server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my sources\n{server}/page\n\n{server}/feed\nftp://elsewhere/x\n{server}/missing\n")
    items = list(read_url_list(listing, allow_loopback=True))
    kinds = [(type(i).__name__, i.uri.replace(server, "")) for i in items]
    assert kinds == [("RawDocument", "/page"), ("RawDocument", "/page"), ("RawDocument", "/ru"),
                     ("ReadFailure", "ftp://elsewhere/x"), ("ReadFailure", "/missing")]
    # without the override, every URL of the list is refused, and reported
    assert all(isinstance(i, ReadFailure) and "refused" in i.reason for i in read_url_list(listing))


def test_local_feed_file(server, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([f"{server}/page", "http://10.0.0.1/internal"]))
    items = list(read_feed_file(feed, allow_loopback=True))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], ReadFailure) and "private" in items[1].reason


# ---- feed parsing (offline) -------------------------------------------------------------------

def test_rss_atom_and_rdf_links():
    assert parse_feed(rss(["https://a.example/1", " https://a.example/2 ", "https://a.example/1"]).encode()) == [
        "https://a.example/1", "https://a.example/2"]
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="enclosure" href="https://a.example/x.mp3"/>'
            '<link href="/news/1"/></entry><entry><link rel="alternate" href="https://b.example/2"/></entry></feed>')
    assert parse_feed(atom.encode(), "https://a.example/feed") == ["https://a.example/news/1", "https://b.example/2"]
    rdf = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
           '<item rdf:about="x"><link>https://c.example/3</link></item></rdf:RDF>')
    assert parse_feed(rdf.encode()) == ["https://c.example/3"]


def test_feed_links_keep_only_http():
    assert parse_feed(rss(["javascript:alert(1)", "file:///etc/passwd", "http://ok.example/"]).encode()) == [
        "http://ok.example/"]


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>', "entities"),
    (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
    (b"<rss><channel><item>", "not a valid feed"),
    (b"\x89PNG\r\n", "not a valid feed"),
])
def test_bad_feeds_are_refused(data, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(data)
