"""sources stage: read files, folders, archives and (when enabled) URLs into RawDocuments.

Nothing here raises on bad input: every problem is yielded as a ReadFailure with a reason.
"""
from parallax.sources.decoding import DecodeError, decode_bytes, decode_document
from parallax.sources.reader import DEFAULT_MAX_DOCUMENT_BYTES, file_kind, read_bytes, read_file, read_paths

__all__ = [
    "DEFAULT_MAX_DOCUMENT_BYTES", "DecodeError", "decode_bytes", "decode_document", "file_kind",
    "read_bytes", "read_file", "read_paths",
]
