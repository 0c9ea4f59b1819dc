"""Build one RawDocument from the bytes (or text) of one document, or say why not."""
from __future__ import annotations

from typing import Any

from parallax.model import RawDocument, ReadFailure
from parallax.sources.decoding import DecodeError, decode_document, refuse_control_characters

TEXT = "text/plain"
HTML = "text/html"


def document_from_bytes(uri: str, data: bytes, content_type: str, *, declared: str | None = None,
                        meta: dict[str, Any] | None = None,
                        fetched_at: str | None = None) -> RawDocument | ReadFailure:
    """Decode `data` (charset checked) into a RawDocument; a ReadFailure if it is empty or not text."""
    if not data:
        return ReadFailure(uri, "empty file")
    try:
        decoded = decode_document(data, declared=declared, html=content_type == HTML)
    except DecodeError as exc:
        return ReadFailure(uri, exc.reason)
    meta = dict(meta or {})
    if decoded.note:
        meta["encoding"] = decoded.note
    return _finish(uri, data, content_type, decoded.text, meta, fetched_at)


def document_from_text(uri: str, text: str, content_type: str, *, meta: dict[str, Any] | None = None,
                       fetched_at: str | None = None) -> RawDocument | ReadFailure:
    """A document that arrived as text already (a JSON string): check it, then build it."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return ReadFailure(uri, "text contains invalid Unicode (unpaired surrogates)")
    try:
        refuse_control_characters(text)
    except DecodeError as exc:
        return ReadFailure(uri, exc.reason)
    return _finish(uri, data, content_type, text, dict(meta or {}), fetched_at)


def _finish(uri: str, data: bytes, content_type: str, text: str, meta: dict[str, Any],
            fetched_at: str | None) -> RawDocument | ReadFailure:
    if not text.strip():
        return ReadFailure(uri, "empty file (only whitespace)")
    if content_type == TEXT and "\r" in text:
        # Lines are the cleaner's unit: Windows and old Mac line ends become "\n".
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        meta["newlines"] = "CR/CRLF line ends converted to LF"
    return RawDocument(uri=uri, data=data, content_type=content_type, text=text,
                       fetched_at=fetched_at, meta=meta)
