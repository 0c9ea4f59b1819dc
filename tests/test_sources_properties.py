"""Property tests: whatever the bytes, reading yields documents or failures, never an exception,
and finishes quickly. Documents always hold text that can be stored (valid Unicode, non-empty)."""
import gzip
import io
import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.model import RawDocument, ReadFailure
from parallax.sources import decode_bytes, read_paths
from parallax.sources.decoding import DecodeError
from parallax.sources.feeds import FeedError, parse_feed

TIME_BOUND = 5.0            # seconds per input; real inputs of this size take milliseconds
SUFFIXES = [".txt", ".html", ".htm.gz", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_read(folder, name, data, **limits):
    path = folder / name
    path.write_bytes(data)
    started = time.monotonic()
    items = list(read_paths([path], **limits))
    assert time.monotonic() - started < TIME_BOUND
    for item in items:
        assert isinstance(item, (RawDocument, ReadFailure))
        assert item.uri.startswith(str(path))
        item.uri.encode("utf-8")
        if isinstance(item, RawDocument):
            assert item.text.strip()
            item.text.encode("utf-8")                 # storable: no unpaired surrogates
            for value in item.meta.values():
                value.encode("utf-8")
            assert item.content_type in ("text/plain", "text/html")
        else:
            assert item.reason
            item.reason.encode("utf-8")
    return items


def sample_warc(pages):
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{i:012d}>", "WARC-Date": "2024-01-01T00:00:00Z"}
        writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response", warc_headers_dict=fixed,
                                                      payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


@st.composite
def damaged(draw, intact: bytes):
    """`intact` (deterministic bytes: hypothesis replays draws) cut short, with a few bytes overwritten and a few inserted."""
    data = bytearray(intact[: draw(st.integers(0, len(intact)))])
    for _ in range(draw(st.integers(0, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=16))
    return bytes(data)


@SETTINGS
@given(name=st.sampled_from(SUFFIXES), data=st.binary(max_size=4096))
def test_any_bytes_never_raise(tmp_path_factory, name, data):
    check_read(tmp_path_factory.mktemp("any"), "input" + name, data)


@SETTINGS
@given(text=st.text(max_size=400), codec=st.sampled_from(["utf-8", "utf-16", "cp1251", "cp1252", "cp1254", "latin-1"]))
def test_text_in_any_charset_never_raises(tmp_path_factory, text, codec):
    data = text.encode(codec, errors="ignore")
    check_read(tmp_path_factory.mktemp("text"), "input.txt", data)
    if codec == "utf-8" and text.strip() and "\r" not in text:
        try:
            assert decode_bytes(data) == text       # valid UTF-8 always comes back unchanged
        except DecodeError as exc:     # only text that holds NULs or other control characters is refused
            assert exc.reason.startswith("binary file")
            assert any(ord(ch) < 32 and ch not in "\t\n\f" or 0x7f <= ord(ch) <= 0x9f for ch in text)


@SETTINGS
@given(data=st.data())
def test_damaged_warc_gz_never_raises(tmp_path_factory, data):
    pages = data.draw(st.lists(st.binary(max_size=300).map(lambda b: b"<html><p>" + b), min_size=1, max_size=4))
    blob = data.draw(damaged(sample_warc(pages)))
    check_read(tmp_path_factory.mktemp("warc"), "input.warc.gz", blob)


@SETTINGS
@given(data=st.data())
def test_damaged_jsonl_gz_never_raises(tmp_path_factory, data):
    records = data.draw(st.lists(st.dictionaries(st.sampled_from(["text", "html", "url", "title", "x"]),
                                                 st.one_of(st.text(max_size=50), st.integers(), st.none())),
                                 max_size=5))
    lines = "\n".join(json.dumps(r) for r in records).encode()
    blob = data.draw(damaged(gzip.compress(lines, mtime=0)))
    check_read(tmp_path_factory.mktemp("jsonl"), "input.jsonl.gz", blob, max_document_bytes=200)


@SETTINGS
@given(data=st.binary(max_size=2048))
def test_feeds_only_raise_feed_error(data):
    try:
        links = parse_feed(b"<rss><channel><item><link>" + data)
    except FeedError:
        return
    assert all(link.startswith(("http://", "https://")) for link in links)
