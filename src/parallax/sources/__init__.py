"""sources stage: read files, folders, archives and (when enabled) URLs into RawDocuments.

Nothing here raises on bad input: every problem is yielded as a ReadFailure with a reason.

- `read_paths(paths, max_document_bytes=...)`: files and folders (.txt, .html/.htm[.gz],
  .warc[.gz], .jsonl[.gz]); `read_bytes(name, data)` does the same for an in-memory file.
- `decode_bytes` / `decode_document`: bytes -> text, charset checked; non-UTF-8 input gets a
  note that readers put in `RawDocument.meta["encoding"]`.
- `fetch_url`, `read_url_list`, `read_feed_file` (network, only when the user enables it):
  http(s) only, public addresses only (every redirect hop checked), bounded time and size.
"""
from parallax.sources.decoding import DecodeError, decode_bytes, decode_document
from parallax.sources.reader import DEFAULT_MAX_DOCUMENT_BYTES, file_kind, read_bytes, read_file, read_paths
from parallax.sources.urls import FetchError, fetch_url, read_feed_file, read_url_list

__all__ = [
    "DEFAULT_MAX_DOCUMENT_BYTES", "DecodeError", "FetchError", "decode_bytes", "decode_document",
    "fetch_url", "file_kind", "read_bytes", "read_feed_file", "read_file", "read_paths", "read_url_list",
]
