"""Read files and folders into RawDocuments; every problem becomes a ReadFailure, never an exception.

Dispatch is by extension: .txt, .html/.htm (also .gz), .warc/.warc.gz, .jsonl (also .gz).
Limits: a single document (a text or HTML file after decompression, a JSONL line, a WARC record
payload) may not exceed `max_document_bytes`; no more than that plus one byte is ever read or
decompressed for it, so gzip bombs and huge files cost bounded memory.
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from parallax.model import RawDocument, ReadFailure
from parallax.sources.documents import HTML, TEXT, document_from_bytes
from parallax.sources.jsonl import read_jsonl
from parallax.sources.sidecar import SidecarError, read_sidecar, sidecar_path
from parallax.sources.walk import iter_inputs, path_uri
from parallax.sources.warc import read_warc

DEFAULT_MAX_DOCUMENT_BYTES = 50 * 2**20

# Longest suffix first, so "x.warc.gz" is a WARC and not gzipped HTML.
KINDS: list[tuple[str, str, bool]] = [
    (".warc.gz", "warc", False),      # warcio decompresses record by record itself
    (".jsonl.gz", "jsonl", True),
    (".html.gz", "html", True),
    (".htm.gz", "html", True),
    (".warc", "warc", False),
    (".jsonl", "jsonl", False),
    (".html", "html", False),
    (".htm", "html", False),
    (".txt", "text", False),
]
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def file_kind(name: str) -> tuple[str, bool] | None:
    """("text" | "html" | "warc" | "jsonl", gzipped) for a file name, or None if unsupported."""
    lower = name.lower()
    for suffix, kind, gzipped in KINDS:
        if lower.endswith(suffix):
            return kind, gzipped
    return None


def read_paths(paths: Iterable[str | Path], *,
               max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> Iterator[RawDocument | ReadFailure]:
    """Read every supported file under `paths` (files and folders), in a deterministic order."""
    for item in iter_inputs(paths):
        if isinstance(item, ReadFailure):
            yield item
        else:
            yield from read_file(item, max_document_bytes=max_document_bytes)


def read_file(path: str | Path, *,
              max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> Iterator[RawDocument | ReadFailure]:
    """Read one file (dispatching on its extension)."""
    path = Path(path)
    uri = path_uri(path)
    kind = file_kind(path.name)
    if kind is None:
        yield _unsupported(uri, path.name)
        return
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):   # opening a FIFO would block until a writer comes
            yield ReadFailure(uri, "not a regular file (FIFO, socket or device)")
            return
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            items = read_stream(uri, handle, *kind, size=info.st_size, max_document_bytes=max_document_bytes)
            yield from _with_sidecar(path, items) if kind[0] in ("text", "html") else items
    except PermissionError:
        yield ReadFailure(uri, "permission denied")
    except FileNotFoundError:
        yield ReadFailure(uri, "broken symlink" if path.is_symlink() else "no such file or directory")
    except OSError as exc:
        yield ReadFailure(uri, f"cannot read: {exc.strerror or exc}")


def _with_sidecar(path: Path, items: Iterator[RawDocument | ReadFailure]) -> Iterator[RawDocument | ReadFailure]:
    """A text or HTML file's documents with the metadata of its sidecar (`NAME.meta.json` beside it);
    a broken sidecar is reported and the document read without it."""
    side = sidecar_path(path)
    meta: dict[str, str] = {}
    if side is not None:
        try:
            meta = read_sidecar(side)
        except SidecarError as exc:
            yield ReadFailure(path_uri(side), str(exc))
    for item in items:
        if meta and isinstance(item, RawDocument):
            item.meta.update({k: v for k, v in meta.items() if k not in item.meta})
        yield item


def read_bytes(name: str, data: bytes, *,
               max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> Iterator[RawDocument | ReadFailure]:
    """Read an in-memory file (an upload, a test case) as if it were a file called `name`."""
    kind = file_kind(name)
    if kind is None:
        yield _unsupported(name, name)
        return
    yield from read_stream(name, io.BytesIO(data), *kind, size=len(data), max_document_bytes=max_document_bytes)


def read_stream(uri: str, stream: BinaryIO, kind: str, gzipped: bool, *, size: int,
                max_document_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Read an open binary stream of the given kind (see `file_kind`)."""
    if size == 0:
        yield ReadFailure(uri, "empty file")
        return
    if kind == "warc":
        yield from read_warc(uri, stream, max_document_bytes, size)
    elif kind == "jsonl":
        yield from _read_jsonl_file(uri, stream, gzipped, max_document_bytes)
    else:
        yield _read_single(uri, stream, kind, gzipped, size, max_document_bytes)


def _read_single(uri: str, stream: BinaryIO, kind: str, gzipped: bool, size: int,
                 limit: int) -> RawDocument | ReadFailure:
    """A text or HTML file: one document, read with at most `limit` + 1 bytes."""
    if not gzipped and size > limit:
        return ReadFailure(uri, f"file too large: {size} bytes (limit {limit})")
    try:
        data = read_at_most(gzip.GzipFile(fileobj=stream) if gzipped else stream, limit + 1)
    except GZIP_ERRORS as exc:
        return ReadFailure(uri, f"corrupt or truncated gzip: {exc}")
    if len(data) > limit:
        what = "decompressed size exceeds" if gzipped else "file larger than"
        return ReadFailure(uri, f"{what} the limit of {limit} bytes")
    return document_from_bytes(uri, data, HTML if kind == "html" else TEXT)


def read_at_most(stream: BinaryIO, count: int, chunk: int = 1 << 20) -> bytes:
    """Up to `count` bytes, read in chunks: `read(count)` would allocate all `count` bytes up front."""
    parts, total = [], 0
    while total < count:
        part = stream.read(min(chunk, count - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def _read_jsonl_file(uri: str, stream: BinaryIO, gzipped: bool, limit: int) -> Iterator[RawDocument | ReadFailure]:
    source = gzip.GzipFile(fileobj=stream) if gzipped else stream
    count = 0
    try:
        for item in read_jsonl(uri, source, limit):
            count += 1
            yield item
    except GZIP_ERRORS as exc:
        yield ReadFailure(uri, f"corrupt or truncated gzip after {count} lines: {exc}")


def _unsupported(uri: str, name: str) -> ReadFailure:
    suffix = "".join(Path(name).suffixes[-2:]) or "(no extension)"
    return ReadFailure(uri, f"unsupported file type {suffix!r} (expected .txt, .html, .htm, .warc, .jsonl, or .gz of them)")
