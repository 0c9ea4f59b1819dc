"""Quoted stretches of text: pairs of quotation marks in any common style.

Works on characters, not on the parse: quotation marks are typography. Double marks are
paired first; single marks only outside double-quoted text (nested speech is not a quote).
A quotation left open at the end of a paragraph counts when the next paragraph re-opens it
(the news convention for a quotation running over several paragraphs).
"""
from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = {"“": "”", "«": "»", "„": "“", '"': '"', "”": "”"}
DOUBLE_CLOSE = {"”", "»", '"', "“"}
SINGLE_OPEN = {"‘": "’", "'": "'", "‹": "›"}
QUOTE_CHARS = frozenset("\"“”‘’«»'`")   # what a quotation mark may be, for tests on a token or a span edge


@dataclass
class Segment:
    start: int             # first character inside the marks
    end: int               # one past the last character inside the marks
    open_at: int           # offset of the opening mark
    close_at: int | None   # offset of the closing mark; None when the paragraph runs on
    single: bool = False
    close_len: int = 1     # 2 for a doubled apostrophe ''

    @property
    def outer_end(self) -> int:
        return self.close_at + self.close_len if self.close_at is not None else self.end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int, para_start: int) -> bool:
    """Can the mark at i open a quotation (a straight mark needs a non-space after it)?"""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace():
        return False
    if text[i] in '"”':
        prev = text[i - 1] if i > para_start else " "
        return not _is_word(prev) or text[i] == '"'
    return True


def _find_double(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """(open, close) offsets of double-quoted stretches in one paragraph; close None if open at its end."""
    pairs, i, open_at = [], start, None
    while i < end:
        ch = text[i]
        if open_at is None:
            if ch in DOUBLE_OPEN and ch != "”" and _opens(text, i, start):
                open_at = i
            elif ch == "”" and i == start:  # a paragraph that re-opens with a closing-style mark
                open_at = i
        elif ch in DOUBLE_CLOSE:
            prev = text[i - 1]
            if ch == "“" and not prev.isspace():  # „...“ German style closes with “
                pairs.append((open_at, i))
                open_at = None
            elif ch != "“":
                pairs.append((open_at, i))
                open_at = None
            else:  # a new opening mark while open: the earlier one was never closed
                open_at = i
        i += 1
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs


def _find_single(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single-quoted stretches: an opening mark after a non-word character, a closing one before one."""
    pairs, open_at = [], None
    for i in range(start, end):
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if ch in SINGLE_OPEN and not _is_word(prev) and not nxt.isspace():
                open_at = i
        elif ch in "’'›" and not _is_word(nxt) and not prev.isspace() and i > open_at + 1:
            pairs.append((open_at, i))
            open_at = None
    return pairs


def _starts_with_mark(text: str, start: int) -> bool:
    return text[start] in DOUBLE_OPEN


def _double_apostrophes(text: str) -> str:
    """Typewriter-style ''quotes'' (and ``quotes''): rewrite each doubled mark as one double mark
    plus a filler, keeping offsets, so the pairing below sees an ordinary double quote."""
    if "''" not in text and "``" not in text:
        return text
    chars = list(text)
    i = 0
    while i + 1 < len(chars):
        pair = text[i:i + 2]
        if pair in ("''", "``"):
            nxt = text[i + 2] if i + 2 < len(text) else " "
            prev = text[i - 1] if i > 0 else " "
            opening = pair == "``" or (not nxt.isspace() and not (prev.isalnum() and not nxt.isalnum()))
            chars[i:i + 2] = ["\x00", '"'] if opening else ['"', "\x00"]
            i += 2
        else:
            i += 1
    return "".join(chars)


def _left_open(text: str, open_at: int, p_start: int, p_end: int) -> bool:
    """A quotation whose closing mark was left out: it opens the paragraph or follows a colon, and
    runs to the paragraph's end as a full sentence."""
    before = text[p_start:open_at].rstrip()
    inner = text[open_at + 1:p_end].rstrip()
    return (not before or before.endswith(":")) and inner.endswith((".", "?", "!")) and len(inner.split()) >= 3


def _unopened_close(text: str, p_start: int, p_end: int) -> int | None:
    """The closing mark of a paragraph that continues a quotation without re-opening it: the
    paragraph's first double mark, a closing one ('gone,” he added')."""
    for i in range(p_start, p_end):
        if text[i] in "“«„":
            return None
        if text[i] in "”»" or (text[i] == '"' and (i + 1 == p_end or not text[i + 1].isalnum())):
            return i if i > p_start + 1 and text[i - 1] in ",.?!" else None
    return None


def find_segments(text: str) -> list[Segment]:
    """All quoted stretches of `text`, in order."""
    original, text = text, _double_apostrophes(text)
    segments: list[Segment] = []
    paras = _paragraphs(text)
    left_open = False   # the paragraph before opened a quotation it never closed
    for k, (p_start, p_end) in enumerate(paras):
        doubles = _find_double(text, p_start, p_end)
        covered = []
        if left_open and not _starts_with_mark(text, p_start):
            close = _unopened_close(text, p_start, p_end)
            if close is not None:   # '... at night.' / 'By morning it was gone,” he added.'
                segments.append(Segment(p_start, close, p_start, close))
                covered.append((p_start, close + 1))
                doubles = _find_double(text, close + 1, p_end)
        left_open = False
        for open_at, close_at in doubles:
            if close_at is None:
                runs_on = k + 1 < len(paras) and _starts_with_mark(text, paras[k + 1][0])
                if not runs_on and not _left_open(text, open_at, p_start, p_end):
                    continue
                left_open = not runs_on
                end = p_end
                while end > open_at + 1 and text[end - 1].isspace():
                    end -= 1
                segments.append(Segment(open_at + 1, end, open_at, None))
                covered.append((open_at, p_end))
            else:
                if close_at > open_at + 1:
                    segments.append(Segment(open_at + 1, close_at, open_at, close_at))
                covered.append((open_at, close_at + 1))
        gaps, pos = [], p_start
        for a, b in covered:
            gaps.append((pos, a))
            pos = b
        gaps.append((pos, p_end))
        for a, b in gaps:
            for open_at, close_at in _find_single(text, a, b):
                segments.append(Segment(open_at + 1, close_at, open_at, close_at, single=True))
    if original is not text:  # doubled marks: the mark starts one character earlier / is two long
        for seg in segments:
            if text[seg.open_at - 1:seg.open_at] == "\x00":
                seg.open_at -= 1
            if seg.close_at is not None and text[seg.close_at + 1:seg.close_at + 2] == "\x00":
                seg.close_len = 2
    segments.sort(key=lambda s: s.start)
    return segments
