"""JSON Lines: one article per line, `text` or `html` plus optional `url`, `outlet`, `published`, `title`.

A bad line is reported as `path#L<n>` and the other lines are still read. Lines are read with a
bounded `readline`, so one huge line cannot exhaust memory.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from parallax.model import RawDocument, ReadFailure
from parallax.sources.decoding import DecodeError, decode_document
from parallax.sources.documents import HTML, TEXT, document_from_text

META_KEYS = ("url", "outlet", "published", "title", "country")
SKIP_CHUNK = 1 << 20


def read_jsonl(uri: str, stream: BinaryIO, max_document_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Yield one RawDocument or ReadFailure per non-blank line of `stream`."""
    line_no = 0
    while True:
        line = stream.readline(max_document_bytes + 1)
        if not line:
            return
        line_no += 1
        line_uri = f"{uri}#L{line_no}"
        if len(line) > max_document_bytes:
            _skip_rest_of_line(stream, line)
            yield ReadFailure(line_uri, f"line too large: more than {max_document_bytes} bytes")
            continue
        if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if line.strip():
            yield parse_line(line_uri, line)


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


def _skip_rest_of_line(stream: BinaryIO, start: bytes) -> None:
    chunk = start
    while chunk and not chunk.endswith(b"\n"):
        chunk = stream.readline(SKIP_CHUNK)
