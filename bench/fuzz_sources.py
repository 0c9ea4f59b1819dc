"""Coverage-guided fuzzing of the sources stage with atheris (libFuzzer for Python).

One target covers every reader: the first input byte picks the format (.txt, .html, .html.gz,
.jsonl, .jsonl.gz, .warc, .warc.gz, an RSS/Atom feed, a URL to check), the rest is the file.
A ninth choice decodes with a declared charset (any codec name Python knows); a tenth builds a JSONL
(or .jsonl.gz) of long runs of blank lines (\n, \r\n, spaces, tabs) between lines of the input, and
checks that the blank lines are reported (a ReadNotice, or a failure when they pass the bound).
A crash is any exception that escapes (readers must yield ReadFailures instead), a document
that breaks the RawDocument invariants, or an input slower than libFuzzer's -timeout.

    python bench/fuzz_sources.py --make-seeds DIR      # write a small seed corpus of my own
    python bench/fuzz_sources.py -atheris_runs=100000 -timeout=10 DIR
(bench/fuzz.sh does both and prints the count and the findings.)
"""
from __future__ import annotations

import atexit
import gzip
import io
import json
import signal
import sys
from pathlib import Path

import atheris

import encodings.aliases

with atheris.instrument_imports(include=["parallax", "warcio", "charset_normalizer"]):
    from parallax.model import RawDocument, ReadFailure, ReadNotice
    from parallax.sources import read_bytes
    from parallax.sources.decoding import DecodeError, decode_bytes
    from parallax.sources.feeds import FeedError, parse_feed
    from parallax.sources.urls import FetchError, _check_url

NAMES = ["in.txt", "in.html", "in.html.gz", "in.jsonl", "in.jsonl.gz", "in.warc", "in.warc.gz"]
FEED, URL, DECLARED, BLANKS = len(NAMES), len(NAMES) + 1, len(NAMES) + 2, len(NAMES) + 3
BLANK_LINES = [b"\n", b"\r\n", b" \n", b"\t \r\n", b"\x0b\n"]
# Every codec name Python knows, as an HTTP charset: the second input byte picks one.
LABELS = sorted(set(encodings.aliases.aliases.values())) + ["unicode_escape", "punycode", "undefined", "utf_7"]
LIMIT = 1 << 16            # small per-document limit, so the limit paths are reached too


def test_one_input(data: bytes) -> None:
    if not data:
        return
    choice, payload = data[0] % (len(NAMES) + 4), data[1:]
    if choice == FEED:
        try:
            links = parse_feed(payload, "https://feed.example/")
        except FeedError:
            return
        assert all(link.startswith(("http://", "https://")) for link in links)
    elif choice == URL:
        try:
            _check_url(payload.decode("utf-8", errors="replace"))
        except FetchError:
            pass
    elif choice == BLANKS:
        check_blank_lines(payload)
    elif choice == DECLARED:
        if payload:
            try:
                decode_bytes(payload[1:], declared=LABELS[payload[0] % len(LABELS)]).encode("utf-8")
            except DecodeError:
                pass
    else:
        for item in read_bytes(NAMES[choice], payload, max_document_bytes=LIMIT):
            check(item)


def check_blank_lines(payload: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(payload)
    parts = []
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        parts.append(BLANK_LINES[fdp.ConsumeIntInRange(0, len(BLANK_LINES) - 1)] * fdp.ConsumeIntInRange(0, 300_000))
        parts.append(fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 300)) + b"\n")
    data = b"".join(parts)
    gzipped = fdp.ConsumeBool()
    items = list(read_bytes("in.jsonl.gz" if gzipped else "in.jsonl", gzip.compress(data, 1, mtime=0) if gzipped
                            else data, max_document_bytes=LIMIT))
    for item in items:
        check(item)
    lines = data.split(b"\n")
    blank = sum(1 for line in lines[:-1] if not line.strip()) + (1 if lines[-1] and not lines[-1].strip() else 0)
    reported = [i for i in items if isinstance(i, ReadFailure) and "blank line" in i.reason]
    assert bool(blank) == bool(reported), (blank, reported)
    if reported and isinstance(reported[0], ReadNotice):
        assert reported[0].reason.startswith(f"{blank:,} blank line"), (blank, reported)


def check(item) -> None:
    """What every consumer of the sources stage relies on."""
    item.uri.encode("utf-8")                        # storable: no unpaired surrogates anywhere
    if isinstance(item, ReadFailure):
        assert item.reason and isinstance(item.reason, str)
        item.reason.encode("utf-8")
        return
    assert isinstance(item, RawDocument), type(item)
    assert item.content_type in ("text/plain", "text/html")
    assert item.text.strip(), "empty document yielded"
    item.text.encode("utf-8")
    for value in [item.fetched_at or "", *item.meta.values()]:
        value.encode("utf-8")
    assert len(item.data) <= 4 * LIMIT


def make_seeds(folder: Path) -> None:
    """A handful of well-formed inputs of my own, one per target, for the fuzzer to mutate."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    page = ('<html><head><meta charset="windows-1251"><title>Порт</title></head>'
            '<body><p>Порт Вельтмарк открылся в понедельник.</p></body></html>')
    seeds = {
        0: "Harbour reopens\nBy Ada Quill\nThe port reopened on Monday, officials said.\n".encode(),
        1: page.encode("cp1251"),
        2: gzip.compress(page.encode("utf-8"), mtime=0),
        3: (json.dumps({"text": "Port news.", "url": "https://a.example/1", "outlet": "Courier"}) + "\n"
            + json.dumps({"html": page}) + "\n{broken\n").encode(),
        4: gzip.compress(json.dumps({"text": "Port news."}).encode() + b"\n", mtime=0),
        7: b'<?xml version="1.0"?><rss><channel><item><link>https://a.example/1</link></item></channel></rss>',
        8: b"https://news.example:8443/path?q=1",
        9: bytes([LABELS.index("cp1251")]) + "Порт открылся.".encode("cp1251"),
        10: bytes([3, 0, 40, 0, 1, 0, 20]) + b'{"text": "Port news."}',
    }
    for gz, index in ((False, 5), (True, 6)):
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=gz)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1251")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://a.example/1", "response", http_headers=headers,
                                                      payload=io.BytesIO(page.encode("cp1251"))))
        seeds[index] = out.getvalue()
    for index, data in seeds.items():
        (folder / f"seed-{NAMES[index] if index < len(NAMES) else index}").write_bytes(bytes([index]) + data)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--make-seeds":
        make_seeds(Path(sys.argv[2]))
        return
    # libFuzzer's -timeout alarm keeps ticking after the last input: ignore it during shutdown
    atexit.register(signal.signal, signal.SIGALRM, signal.SIG_IGN)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
