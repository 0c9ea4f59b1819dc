"""What the cleaner remembers across one run: lines each outlet repeats on every page."""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

UNKNOWN_OUTLET = ""


def line_key(text: str) -> str:
    normalised = " ".join(text.casefold().split())
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


class OutletMemory:
    """Counts, per outlet, in how many documents each line occurred. Small: one hash per line."""

    def __init__(self, max_lines_per_outlet: int = 20000) -> None:
        self.max_lines = max_lines_per_outlet
        self.documents: Counter[str] = Counter()
        self.lines: dict[str, Counter[str]] = defaultdict(Counter)

    def seen(self, outlet: str | None, text: str) -> int:
        """In how many earlier documents of this outlet the line occurred."""
        return self.lines[outlet or UNKNOWN_OUTLET].get(line_key(text), 0)

    def remember(self, outlet: str | None, texts: list[str]) -> None:
        key = outlet or UNKNOWN_OUTLET
        self.documents[key] += 1
        counts = self.lines[key]
        for k in {line_key(t) for t in texts}:
            counts[k] += 1
        if len(counts) > self.max_lines:  # forget lines seen once, keep the repeated ones
            for k in [k for k, n in counts.items() if n < 2]:
                del counts[k]
