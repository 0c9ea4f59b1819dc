"""Sidecar metadata: a JSON file beside a text or HTML file, as scrapers write them.

`story.txt` takes its metadata from `story.meta.json`, or else from `story.json` (both beside it):
a JSON object whose `url`, `outlet`, `published`, `title`, `country`, `language` and `author` strings
become the document's metadata (the outlet and country the user recorded beat anything guessed).
Sidecars are not documents: folder walks skip them.
"""
from __future__ import annotations

import json
from pathlib import Path

SIDECAR_KEYS = ("url", "outlet", "published", "title", "country", "language", "author")
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".html.gz", ".htm.gz")
MAX_SIDECAR_BYTES = 1 << 20


class SidecarError(ValueError):
    """A sidecar that exists but cannot be used; the message names the file."""


def _stem(name: str) -> str | None:
    lower = name.lower()
    for suffix in sorted(DOCUMENT_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return name[:-len(suffix)]
    return None


def sidecar_path(document: Path) -> Path | None:
    """The sidecar of a text or HTML file, if one exists beside it."""
    stem = _stem(document.name)
    if stem is None:
        return None
    for name in (f"{stem}.meta.json", f"{stem}.json"):
        candidate = document.with_name(name)
        if candidate.is_file():
            return candidate
    return None


def sidecar_names(names: list[str]) -> set[str]:
    """The names in one folder listing that are sidecars of documents listed beside them."""
    stems = {s for s in (_stem(n) for n in names) if s is not None}
    return {n for n in names if (n.endswith(".meta.json") and n[:-len(".meta.json")] in stems)
            or (n.endswith(".json") and not n.endswith(".meta.json") and n[:-len(".json")] in stems)}


def read_sidecar(path: Path) -> dict[str, str]:
    """The metadata strings of a sidecar; SidecarError for unreadable or malformed JSON."""
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise SidecarError(f"sidecar {path}: larger than {MAX_SIDECAR_BYTES:,} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SidecarError(f"sidecar {path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise SidecarError(f"sidecar {path}: expected a JSON object")
    meta = {k: " ".join(data[k].split()) for k in SIDECAR_KEYS if isinstance(data.get(k), str) and data[k].strip()}
    if meta:
        meta["meta_source"] = "sidecar"
    return meta
