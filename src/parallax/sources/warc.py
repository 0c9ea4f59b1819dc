"""WARC / WARC.gz: every HTML `response` (or `resource`) record becomes one document.

A damaged archive yields the records read before the damage, then one ReadFailure that names
the file and the byte offset (of the compressed file for .warc.gz) where reading stopped.
"""
from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.utils import BUFF_SIZE

from parallax.model import RawDocument, ReadFailure
from parallax.sources.documents import HTML, document_from_bytes

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", re.I)
_HTML_START = re.compile(rb"<!doctype\s+html|<html", re.I)
MAX_HEADER_LINE = 1 << 20    # a WARC or HTTP header line longer than this is split, not buffered whole


class _BoundedLines(DecompressingBufferedReader):
    """warcio's reader, except that `readline()` never returns more than MAX_HEADER_LINE bytes:
    a file with no newline (garbage, or a 2 GB "header") cannot fill memory."""

    gzip_cut_short = False   # the last gzip member ended without its end marker (CRC, size)

    def readline(self, length=None):
        return super().readline(MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE))

    def close_decompressor(self):
        if self.decompressor is not None and not self.decompressor.eof:
            self.gzip_cut_short = True
        super().close_decompressor()


def _archive(stream: BinaryIO) -> tuple[ArchiveIterator, _BoundedLines]:
    records = ArchiveIterator(stream)
    reader = records.reader = _BoundedLines(records.fh, block_size=BUFF_SIZE)   # before iteration starts
    return records, reader


def read_warc(uri: str, stream: BinaryIO, max_document_bytes: int,
              size: int | None = None) -> Iterator[RawDocument | ReadFailure]:
    """Yield a document (or failure) per HTML record, then a failure if the archive is damaged.

    `size` (the file's length) lets us notice a cut inside a gzip member, which warcio
    takes for a clean end of the archive.
    """
    records, reader = _archive(stream)
    found = 0
    while True:
        offset = records.offset
        try:
            with _quiet():   # warcio prints format warnings to stderr; we report instead
                record = next(records)
                page = _html_page(uri, record, offset, max_document_bytes)
        except StopIteration:
            if size is not None and records.offset < size:
                yield ReadFailure(uri, f"truncated or corrupt WARC at byte {records.offset}: "
                                       f"the last {size - records.offset} bytes hold no complete record")
                return
            if reader.gzip_cut_short:
                yield ReadFailure(uri, f"truncated WARC.gz at byte {size if size is not None else records.offset}: "
                                       "the last gzip member has no end (records before it were read)")
                return
            break
        except Exception as exc:  # warcio raises many types (EOFError, zlib.error, ArchiveLoadFailed, ...)
            yield ReadFailure(uri, f"truncated or corrupt WARC at byte {offset}: {_short(exc)}")
            return
        if page is None:
            continue
        found += 1
        if isinstance(page, ReadFailure):
            yield page
            if page.reason.startswith("truncated"):
                return
        else:    # decoding is our code, outside the catch-all above: its bugs must show (fuzzing)
            yield document_from_bytes(page.uri, page.payload, HTML, declared=page.charset, meta=page.meta,
                                      fetched_at=page.fetched_at)
    if not found:
        yield ReadFailure(uri, "no HTML response records in this WARC")


@dataclass
class _Page:
    """The HTML payload of one record, with what the record says about it."""
    uri: str
    payload: bytes
    charset: str | None
    meta: dict[str, str]
    fetched_at: str | None


def _html_page(uri: str, record, offset: int, limit: int) -> _Page | ReadFailure | None:
    """One record -> its HTML page, a failure, or None when it is not an HTML page (skipped)."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers
    if record.rec_type == "response" and headers is None:
        return None                       # e.g. a DNS response: no HTTP payload
    if headers is not None and not headers.get_statuscode().startswith("2"):
        return None                       # redirects and errors carry no article
    content_type = (headers or record.rec_headers).get_header("Content-Type") or ""
    if content_type and "html" not in content_type.lower():
        return None                       # images, scripts, feeds: not an article page
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    record_uri = f"{uri}#{record_id or f'offset={offset}'}"
    payload = record.content_stream().read(limit + 1)
    missing = _missing_bytes(record)
    if missing:
        return ReadFailure(record_uri, f"truncated record at byte {offset}: {missing} bytes missing")
    if len(payload) > limit:
        return ReadFailure(record_uri, f"document too large: more than {limit} bytes")
    if not content_type and not _HTML_START.search(payload[:1024]):
        return None                       # no type given and it does not look like HTML
    meta = {}
    target = record.rec_headers.get_header("WARC-Target-URI")
    if target:
        meta["url"] = target.strip("<> ")
    charset = _CHARSET.search(content_type)
    return _Page(record_uri, payload, charset.group(1) if charset else None, meta,
                 record.rec_headers.get_header("WARC-Date"))


def _missing_bytes(record) -> int:
    """Read what is left of the record block; bytes its Content-Length promised but the file lacks."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return max(getattr(raw, "limit", 0), 0)


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stderr(_Discard()):
        yield


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
