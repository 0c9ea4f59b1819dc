"""Lines of a text with exact offsets, and the numeric features the line model scores."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from parallax.clean.dates import date_line_kind
from parallax.clean.lexicon import FURNITURE_RE, STOPWORDS

WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
INNER_SENTENCE_RE = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘]?[A-Z]")


@dataclass
class Line:
    index: int               # position among the non-blank lines
    start: int               # offsets of the whole line in the text (without its "\n")
    end: int
    text: str                # the line stripped of surrounding whitespace
    words: list[str]


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets; `text[start:end]` is the whole line."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append(Line(len(lines), pos, pos + len(raw), stripped, WORD_RE.findall(stripped)))
        pos += len(raw) + 1
    return lines


def is_sentence(line: Line) -> bool:
    """Reads like prose: several words, mostly lower case, ending like a sentence."""
    return len(line.words) >= 6 and bool(SENTENCE_END_RE.search(line.text)) and title_ratio(line) < 0.6


def title_ratio(line: Line) -> float:
    alpha = [w for w in line.words if w[0].isalpha()]
    return sum(w[0].isupper() for w in alpha) / len(alpha) if alpha else 0.0


def stopword_ratio(line: Line) -> float:
    return sum(w.lower() in STOPWORDS for w in line.words) / len(line.words) if line.words else 0.0


FEATURE_NAMES = [
    "bias", "log_words", "ends_sentence", "stopwords", "title_case", "digits", "inner_sentences",
    "furniture", "date_line", "repeated", "position", "short", "ellipsis", "separators", "commas",
    "prev_words", "next_words", "prev_sentence", "next_sentence", "window_words", "window_stopwords",
    "very_long",
]


def line_features(lines: list[Line]) -> list[list[float]]:
    """One feature vector per line: the line itself and its neighbours (see FEATURE_NAMES)."""
    counts = Counter(l.text.casefold() for l in lines)
    n = len(lines)
    own = []
    for line in lines:
        nw = len(line.words)
        chars = max(len(line.text), 1)
        own.append({
            "log_words": math.log1p(nw) / 5,
            "ends_sentence": float(bool(SENTENCE_END_RE.search(line.text))),
            "stopwords": stopword_ratio(line),
            "title_case": title_ratio(line),
            "digits": sum(map(str.isdigit, line.text)) / chars,
            "inner_sentences": min(len(INNER_SENTENCE_RE.findall(line.text)), 5) / 5,
            "furniture": float(nw < 25 and bool(FURNITURE_RE.search(line.text))),
            "date_line": float(date_line_kind(line.text) is not None),
            "repeated": float(counts[line.text.casefold()] > 1),
            "short": float(nw < 4),
            "ellipsis": float(line.text.endswith(("...", "…"))),
            "separators": float(bool(re.search(r"[|»›•·]", line.text))),
            "commas": min(line.text.count(",") / max(nw, 1) * 5, 1.0),
            "very_long": float(nw > 40),
        })
    rows = []
    for i, f in enumerate(own):
        prev_f = own[i - 1] if i > 0 else None
        next_f = own[i + 1] if i + 1 < n else None
        window = own[max(0, i - 3): i + 4]
        row = {
            "bias": 1.0, **f, "position": i / max(n - 1, 1),
            "prev_words": prev_f["log_words"] if prev_f else 0.0,
            "next_words": next_f["log_words"] if next_f else 0.0,
            "prev_sentence": prev_f["ends_sentence"] if prev_f else 0.0,
            "next_sentence": next_f["ends_sentence"] if next_f else 0.0,
            "window_words": sum(w["log_words"] for w in window) / len(window),
            "window_stopwords": sum(w["stopwords"] for w in window) / len(window),
        }
        rows.append([row[name] for name in FEATURE_NAMES])
    return rows
