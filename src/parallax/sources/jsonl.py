"""JSON Lines: one article per line, `text` or `html` plus optional `url`, `outlet`, `published`, `title`.

A bad line is reported as `path#L<n>` and the other lines are still read. Lines are read in bounded
chunks, so one huge line cannot exhaust memory, and runs of blank lines cost one regex call.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from parallax.model import RawDocument, ReadFailure, ReadNotice
from parallax.sources.decoding import DecodeError, decode_document
from parallax.sources.documents import HTML, TEXT, document_from_text

META_KEYS = ("url", "outlet", "published", "title", "country")
CHUNK = 1 << 20
# Blank lines are skipped in runs (one regex call, not one readline each), counted and reported; more
# than this many beyond one per line of content means the input is not JSON Lines (a gzip of nothing
# but newlines decompresses a thousandfold): the rest of it is skipped with a failure.
MAX_BLANK_LINES = 1_000
_BLANK_RUN = re.compile(rb"(?:[ \t\r\f\v]*\n)+")


def read_jsonl(uri: str, stream: BinaryIO, max_document_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Yield one RawDocument or ReadFailure per non-blank line of `stream`, then a ReadNotice that
    counts the blank lines, if there were any."""
    line_no = blanks = lines = 0
    for kind, value in _lines(stream, max_document_bytes):
        if kind == "blank":
            line_no += value
            blanks += value
            if blanks > MAX_BLANK_LINES + lines:
                yield ReadFailure(f"{uri}#L{line_no}", f"more than {MAX_BLANK_LINES:,} blank lines (beyond one "
                                                       f"per line of content): not JSON Lines; rest of the file skipped")
                return
            continue
        line_no += 1
        lines += 1
        line_uri = f"{uri}#L{line_no}"
        if value is None:
            yield ReadFailure(line_uri, f"line too large: more than {max_document_bytes} bytes")
            continue
        if line_no == 1 and value.startswith(b"\xef\xbb\xbf"):
            value = value[3:]
        if value.strip():
            yield parse_line(line_uri, value)
    if blanks:
        yield ReadNotice(uri, f"{blanks:,} blank line{'s' if blanks > 1 else ''} skipped")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[str, Any]]:
    """("blank", how many) for each run of blank lines, ("line", bytes) for each other line, and
    ("line", None) for a line longer than `limit` bytes (its rest is read past, never held)."""
    buf, pos, scanned, eof, too_long = bytearray(), 0, 0, False, False
    read = getattr(stream, "read1", stream.read)   # read1: a truncated gzip still gives what came before
    while True:
        run = _BLANK_RUN.match(buf, pos)
        if run and not too_long:
            yield "blank", buf.count(b"\n", pos, run.end())
            pos = scanned = run.end()
            continue
        newline = buf.find(b"\n", max(pos, scanned))
        if newline >= 0:
            line, pos = bytes(buf[pos:newline + 1]), newline + 1
            scanned = pos
            if too_long or len(line) > limit:
                too_long = False
                yield "line", None
            else:
                yield "line", line
            continue
        if eof:
            if pos < len(buf):
                rest = bytes(buf[pos:])
                yield ("line", None) if too_long or len(rest) > limit else (
                    ("line", rest) if rest.strip() else ("blank", 1))
            return
        del buf[:pos]
        pos, scanned = 0, len(buf)
        if len(buf) > limit:           # no end of line in sight: drop what is held, keep reading past it
            too_long = True
            buf.clear()
            scanned = 0
        part = read(CHUNK)
        if part:
            buf += part
        else:
            eof = True


def parse_line(uri: str, line: bytes) -> RawDocument | ReadFailure:
    """One JSONL line -> a document, or the reason it is not one."""
    try:
        decoded = decode_document(line)      # JSON should be UTF-8; other charsets are detected and noted
        record = json.loads(decoded.text)
    except DecodeError as exc:
        return ReadFailure(uri, exc.reason)
    except RecursionError:
        return ReadFailure(uri, "not JSON: nested too deeply")
    except ValueError as exc:   # JSONDecodeError, or an integer too long to convert
        return ReadFailure(uri, f"not JSON: {exc}")
    if not isinstance(record, dict):
        return ReadFailure(uri, f"JSON line is not an object (found {type(record).__name__})")
    for key, content_type in (("text", TEXT), ("html", HTML)):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            meta = {k: record[k].strip() for k in META_KEYS
                    if isinstance(record.get(k), str) and record[k].strip() and _encodable(record[k])}
            if decoded.note:
                meta["encoding"] = decoded.note
            return document_from_text(uri, value, content_type, meta=meta)
    return ReadFailure(uri, "JSON line has no non-empty 'text' or 'html' string")


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
