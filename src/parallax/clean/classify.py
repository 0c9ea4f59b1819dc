"""The text line classifier: every non-blank line becomes headline, body or boilerplate.

1. Rules mark lines that are boilerplate whatever their surroundings (captions and credits,
   datelines and stamps, bylines, contributor lines, site furniture, teasers, repeats).
2. A logistic-regression model scores how much each line (with its neighbours) reads like body.
3. The article is the contiguous run of lines with the best total body score; inside it, short
   lines are subheadings; outside it everything is boilerplate, except the headline and a standfirst.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from parallax.clean.dates import UPDATE_RE, date_line_kind
from parallax.clean.lexicon import (STOPWORDS, BYLINE_RE, CONTRIBUTOR_RE, DESK_RE, SELF_DESCRIPTION_RE, CREDIT_RE, FURNITURE_RE, NAV_RE, NAV_WORDS,
                                    SECTION_END_RE)
from parallax.clean.linemodel import body_probabilities
from parallax.clean.lines import INNER_SENTENCE_RE, SENTENCE_END_RE, Line, is_sentence, stopword_ratio, title_ratio

HEADLINE, BODY, BOILERPLATE = "headline", "body", "boilerplate"
# Decoding constants, chosen by 2-fold cross-validation on the aeb pages (bench/aeb_text_cv.py).
RUN_THRESHOLD = 0.4     # a line adds to the article run when its body probability is above this
RULE_PENALTY = -2.0     # site furniture and teasers weigh against the article run ...
INLINE_PENALTY = -0.3   # ... captions, credits and datelines sit inside articles and barely do
INLINE_KINDS = frozenset({"credit", "caption", "link", "repeat", "dateline", "byline", "contributor", "stamp"})
KEEP_THRESHOLD = 0.1    # inside the run, lines scoring below this are dropped


@dataclass
class Classified:
    labels: list[str]                 # one per line
    kinds: list[str | None]           # why a line is boilerplate by rule ("credit", "dateline", ...)
    headline: int | None              # index of the headline line


def boilerplate_kind(line: Line, near_repeat: bool, seen_elsewhere: int) -> str | None:
    """The rule-based reason this line is boilerplate, or None. Each rule checks its word cap before its
    pattern: a page of junk can hold lines of 20,000 characters that no pattern needs to scan."""
    text, nw = line.text, len(line.words)
    if STORE_DATE_RE.match(text):
        return "store-date"
    if nw <= 6 and RELATIVE_STAMP_RE.match(text):
        return "stamp"
    if nw <= 30 and TICKER_RE.search(text):
        return "teaser"
    if COUNTER_STAMP_RE.match(text):
        return "stamp"
    if nw <= 60 and CAPTION_START_RE.match(text):
        return "caption"
    if nw <= 60 and SELF_DESCRIPTION_RE.match(text) and re.search(  # "Acme.com is the leading ... website"
            r"(?i)\b(?:leading|largest|premier|independent|online|digital)\b", text):
        return "furniture"
    date_kind = date_line_kind(text) if nw <= 14 else None
    if date_kind:
        return "stamp" if date_kind == "update" else "dateline"
    if nw <= 8 and UPDATE_RE.match(text) and re.search(r"\d", text):   # "Updated at 1:23 p.m."
        return "stamp"
    if nw <= 12 and BYLINE_RE.match(text) and not SENTENCE_END_RE.search(text):
        return "byline"
    if nw <= 25 and DESK_RE.match(text) and not SENTENCE_END_RE.search(text):
        return "byline"
    if nw <= 25 and CONTRIBUTOR_RE.search(text):
        return "contributor"
    if nw <= 60 and CREDIT_RE.search(text):
        return "credit"
    if nw <= 45 and CAPTION_DATE_RE.search(text) and not INNER_SENTENCE_RE.search(text):
        return "caption"
    if nw <= 25 and INLINE_LINK_RE.match(text):
        return "link"
    if (nw <= 15 and FURNITURE_RE.search(text)) or (nw <= 4 and NAV_RE.search(text)) \
            or (nw <= 6 and SECTION_END_RE.search(text)):
        return "furniture"
    if text.endswith(("...", "…")) and not text.endswith(("....", "...”", '..."')) and nw <= 40:
        return "teaser"
    if nw <= 3 and all(w.lower() in NAV_WORDS for w in line.words):
        return "furniture"
    if seen_elsewhere and (nw <= 12 or not is_sentence(line)):
        return "site-repeat"
    if near_repeat and nw <= 40:
        return "repeat"
    return None


# "date 2031-05-07 ..." opening a page: a stamp the storing crawler added, not a printed date.
STORE_DATE_RE = re.compile(r"^date\s+(?:19|20)\d\d-\d\d-\d\d\b")
# "17 hours ago", "3 min ago 12": a relative time stamp (and counter), never a title
RELATIVE_STAMP_RE = re.compile(r"^(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b",
                               re.IGNORECASE)
# counters and times of a teaser list: "294Yesterday, 22:40", "11611:25"
COUNTER_STAMP_RE = re.compile(r"^[\d\s]*(?:yesterday|today)?[\s,]*\d{1,2}:\d\d$", re.IGNORECASE)
# a photo caption's opening: "In this handout picture released by ...", "This undated photo shows ..."
CAPTION_START_RE = re.compile(r"^(?:in )?this (?:handout |undated |file |aerial |satellite )*"
                              r"(?:photo(?:graph)?|picture|image|screen ?grab|video grab)\b", re.IGNORECASE)
# a news-ticker item: "• Some other story |"
TICKER_RE = re.compile(r"^[•·▪►●]\s.*\|$")
# A link to another story placed between paragraphs ("Read also: ...", "READ MORE: ...").
INLINE_LINK_RE = re.compile(r"^\W*(?:read|see|watch|listen)\s+(?:also|more|next)\b", re.IGNORECASE)
# A photo caption's shape: "Soldiers stand in a trench near the border, April 8, 2016."
CAPTION_DATE_RE = re.compile(r",\s+(?:\w+,\s+)?(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\.?$")


def _near_repeats(lines: list[Line], window: int = 3) -> set[int]:
    """Lines printed again within a few lines: a caption and its copy, a teaser title around its date,
    a source label above and below the headline. (Repeats far apart can be the article's own
    structure, e.g. the same step in a list, and are left to the model.)"""
    near = set()
    for i, line in enumerate(lines):
        for j in range(i + 1, min(i + 1 + window, len(lines))):
            if lines[j].text.casefold() == line.text.casefold():
                near.update((i, j))
    return near


def _title_printed_twice(lines: list[Line], kinds: list[str | None]) -> None:
    """A title printed twice in a row at the top (the page's title, then the article's) is the
    headline, not a repeated teaser: the copies stop counting as repeats."""
    top = [i for i in range(min(len(lines), 8))]
    for i, j in zip(top, top[1:]):
        if kinds[i] == kinds[j] == "repeat" and lines[i].text == lines[j].text and _looks_like_title(lines[i]):
            kinds[i] = kinds[j] = None
            return


def _caption_repeats(lines: list[Line], kinds: list[str | None]) -> None:
    """A caption printed again without its credit ("X. (photo credit: Y)" then "X.") is a caption too."""
    credited = [l.text for l, k in zip(lines, kinds) if k == "credit"]
    for i, line in enumerate(lines):
        if kinds[i] is None and len(line.words) >= 3 and any(c != line.text and c.startswith(line.text)
                                                             for c in credited):
            kinds[i] = "credit"


def _teaser_blocks(lines: list[Line], kinds: list[str | None]) -> None:
    """Teaser lists: a title printed twice around its date, followed by an excerpt. The excerpt
    right after such a repeated title is a teaser too."""
    for i, line in enumerate(lines):
        if kinds[i] == "repeat" and i + 1 < len(lines) and kinds[i + 1] is None:
            earlier = [j for j in range(max(0, i - 3), i) if lines[j].text == line.text]
            if earlier:
                kinds[i + 1] = "teaser"


def _best_run(scores: list[float]) -> tuple[int, int]:
    """[start, end) of the contiguous run with the largest sum (Kadane)."""
    best, best_span, total, start = -math.inf, (0, 0), 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _end_at_teaser_list(lines: list[Line], kinds: list[str | None], run: tuple[int, int]) -> tuple[int, int]:
    """A "More from ..." header inside the run ends the article, unless the article goes on after it
    (two paragraphs in a row: a teaser list alternates titles and one-line excerpts)."""
    for i in range(run[0] + 2, run[1]):
        if SECTION_END_RE.search(lines[i].text) and len(lines[i].words) <= 6:
            prose = [is_sentence(l) for l, k in zip(lines[i + 1:run[1]], kinds[i + 1:run[1]]) if not k]
            if not any(a and b for a, b in zip(prose, prose[1:])):
                return run[0], i
    return run


def _start_after_teaser_items(lines: list[Line], kinds: list[str | None], run: tuple[int, int]) -> tuple[int, int]:
    """Teaser items above the article (a title and at most one line of excerpt, then the next title),
    about other things than the article: the article starts at the last title before its first two
    paragraphs in a row. Sections of the article itself share its words and are kept."""
    idx = [i for i in range(run[0], run[1]) if not kinds[i]]
    first_prose = next((a for a, b in zip(idx, idx[1:]) if is_sentence(lines[a]) and is_sentence(lines[b])), None)
    if first_prose is None:
        return run
    titles = [i for i in idx if i < first_prose and _looks_like_title(lines[i]) and not is_sentence(lines[i])]
    if len(titles) < 3:
        return run
    article = [i for i in idx if i >= first_prose]
    article_words = set().union(*(_content_words(lines[i]) for i in article))
    with_excerpt = 0
    for a, b in zip(titles, titles[1:]):
        item = [i for i in idx if a <= i < b]
        words = set().union(*(_content_words(lines[i]) for i in item))
        if len(item) > 2 or (words and len(words & article_words) / len(words) >= 0.25):
            return run
        with_excerpt += len(item) == 2 and is_sentence(lines[item[1]])
    if with_excerpt < 2 or len(article) < 3:
        return run
    return titles[-1], run[1]


NUMBERED_RE = re.compile(r"^\(?\d{1,3}[.)]\s")


def _end_before_teaser_tail(lines: list[Line], kinds: list[str | None], run: tuple[int, int],
                            min_items: int = 4, shared_min: int = 3) -> tuple[int, int]:
    """A teaser list after the article: past the article's last two paragraphs in a row, items of
    short lines (a kicker, a title, a source) each closed by one excerpt, or titles printed once after
    the last paragraph, one item each (unless numbered: a numbered list is the article's). The article's own
    one-paragraph sections (a quote round-up, a listicle) share some of its topic words; the article
    ends before the first `min_items` items in a row that share fewer than `shared_min` of the words
    of its paragraphs up to that pair (other stories)."""
    idx = [i for i in range(run[0], run[1]) if not kinds[i]]
    prose = [is_sentence(lines[i]) for i in idx]
    pairs = [k for k in range(len(idx) - 1) if prose[k] and prose[k + 1]]
    if not pairs:
        return run
    end = pairs[-1] + 2                 # position in idx just past the last pair
    items, item = [], []
    for k in range(end, len(idx)):
        item.append(idx[k])
        if prose[k]:
            items.append(item)
            item = []
    bare = set() if any(NUMBERED_RE.match(lines[i].text) for i in item) else set(item)
    items += [[i] for i in sorted(bare)]
    printed = Counter(lines[i].text for i in bare)
    read = set().union(*(_topic_words(lines[i]) for i in idx[:end]))
    foreign: list[list[int]] = []       # the current stretch of items about other things
    for it in items:
        words = set().union(*(_topic_words(lines[i]) for i in it))
        # a line there that is no title, or is printed again (a plan's or a table's rows), is the article's
        own = it[0] in bare and (not _looks_like_title(lines[it[0]]) or printed[lines[it[0]].text] > 1)
        if len(words & read) >= shared_min or own:
            foreign = []
            continue
        foreign.append(it)
        if len(foreign) >= min_items and not _live_entries(lines, foreign):
            return run[0], foreign[0][0]
    return run


TITLE_SEPARATOR_RE = re.compile(r"\s+[|–—-]\s+")


def _title_copy(lines: list[Line], run: tuple[int, int]) -> int | None:
    """The page's title (its first line, without the site name) printed again inside the run, below
    other lines: the article's headline, and what the run holds above it is other stories' teasers.
    Only when most of the run's words are below it (a title repeated at the end closes an article)."""
    if not lines:
        return None
    title = max(TITLE_SEPARATOR_RE.split(lines[0].text), key=len).casefold()
    if len(title.split()) < 4:
        return None
    copy = next((i for i in range(max(run[0], 1) + 1, run[1]) if lines[i].text.casefold() == title), None)
    if copy is None or sum(len(l.words) for l in lines[run[0]:copy]) >= sum(len(l.words) for l in lines[copy:run[1]]):
        return None
    return copy


# a news story's first paragraph opens with its place in capitals and a dash: "RIVERTON, Ark. (Agency) — "
# (not a colon: "UPDATE:", "EDITOR'S NOTE:" open notes, not stories)
PLACE_DATELINE_RE = re.compile(r"^[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]*){0,3}(?:,\s*[A-Z][a-z]{1,5}\.)?"
                               r"\s*(?:\([^()]{1,30}\))?\s*(?:[—–]|--?)\s+\S")


def _start_at_dateline(lines: list[Line], kinds: list[str | None], run: tuple[int, int],
                       headline: int | None) -> tuple[int, int]:
    """A paragraph opening with a place dateline in the first half of the run starts the article: the
    run's lines above it (but the headline) are other stories' teasers."""
    total = sum(len(l.words) for l in lines[run[0]:run[1]])
    above = 0
    for i in range(run[0], run[1]):
        if above * 2 >= total:
            return run
        if not kinds[i] and len(lines[i].words) >= 12 and PLACE_DATELINE_RE.match(lines[i].text):
            for j in range(run[0], i):
                if j != headline and not kinds[j]:
                    kinds[j] = "teaser"
            return i, run[1]
        above += len(lines[i].words)
    return run


CLOCK_RE = re.compile(r"^(\d{1,2})[:.](\d\d)(?:\s*([ap])\.?m\.?)?\b", re.IGNORECASE)


def _clock(line: Line) -> int | None:
    """Minutes past midnight of a short line that opens with a time of day ("14:05", "2.05 pm")."""
    m = CLOCK_RE.match(line.text) if len(line.words) <= 8 else None
    if not m:
        return None
    hour, minute = int(m.group(1)) % 12 if m.group(3) else int(m.group(1)), int(m.group(2))
    return (hour + 12 * (m.group(3) or "").lower().startswith("p")) * 60 + minute


def _live_entries(lines: list[Line], items: list[list[int]]) -> bool:
    """A live blog's entries, not a teaser list: each item opens right under a time of day of its own,
    and the times run one way (newest or oldest first)."""
    times = [_clock(lines[it[0] - 1]) if it[0] else None for it in items]
    if None in times:
        return False
    steps = [b - a for a, b in zip(times, times[1:])]
    return all(s < 0 for s in steps) or all(s > 0 for s in steps)


STAMP_SHAPE_RE = re.compile(r"\b\d{1,2}:\d\d\b|\bago\b", re.IGNORECASE)


def end_at_repeated_stamps(lines: list[Line], run: tuple[int, int], min_repeats: int = 3) -> tuple[int, int]:
    """A comment thread or a list of other stories after the article: short time stamps of one
    shape ("2 days ago at 07:52 am", "Nov 18, 2019 7:45 am") printed again and again with other
    numbers. The article ends before the first of them (and the name line or two just above it),
    when it has two paragraphs in a row before it. A stamp counts under a name or a title only: a
    live blog's entries are stamps that follow the last entry's paragraph, and stay."""
    def shape(i: int) -> str | None:
        line = lines[i]
        stamp = len(line.words) <= 8 and (STAMP_SHAPE_RE.search(line.text) or date_line_kind(line.text))
        labelled = i > 0 and not is_sentence(lines[i - 1])
        return re.sub(r"\d+", "0", line.text.casefold()) if stamp and labelled else None

    shapes = [shape(i) for i in range(run[0], run[1])]
    texts: dict[str, set[str]] = {}
    for s, line in zip(shapes, lines[run[0]:run[1]]):
        if s:
            texts.setdefault(s, set()).add(line.text)
    first = next((k for k, s in enumerate(shapes) if s and len(texts[s]) >= min_repeats), None)
    if first is None:
        return run
    before = [is_sentence(l) for l in lines[run[0]:run[0] + first]]
    if not any(a and b for a, b in zip(before, before[1:])):
        return run
    end = run[0] + first
    for _ in range(2):   # the first comment's author name printed above its stamp
        if end - 1 > run[0] and len(lines[end - 1].words) <= 3 and not is_sentence(lines[end - 1]):
            end -= 1
    return run[0], end


def _topic_words(line: Line) -> set[str]:
    """Content words without function words or contractions ("it's"): what a line is about."""
    return {w for w in _content_words(line) if w not in STOPWORDS and not re.search("['’]", w)}


def _looks_like_title(line: Line) -> bool:
    nw = len(line.words)
    return 3 <= nw <= 30 and not line.text.endswith((".", ",", ";", ":")) and not FURNITURE_RE.search(line.text)


def _content_words(line: Line) -> set[str]:
    return {w.lower() for w in line.words if w.lower() not in NAV_WORDS and len(w) > 3 and not w.isdigit()}


def _pick_headline(lines: list[Line], kinds: list[str | None], run: tuple[int, int]) -> int | None:
    body_words: set[str] = set()
    for line in lines[run[0]:run[1]]:
        body_words |= _content_words(line)
    best, best_score = None, 0.0
    first = run[0]
    for i in range(0, min(first + 2, len(lines))):
        line = lines[i]
        if kinds[i] or not _looks_like_title(line) or (i >= first and is_sentence(line)):
            continue
        words = _content_words(line)
        overlap = len(words & body_words) / len(words) if words else 0.0
        near_meta = any(kinds[j] in ("dateline", "byline", "stamp") for j in (i - 1, i + 1, i + 2)
                        if 0 <= j < len(lines))
        score = overlap + 0.3 * near_meta + 0.2 / (1 + max(first - i, 0))
        if score > best_score:
            best, best_score = i, score
    if best is None:   # a title printed with a full stop ("A Day in Court.") as the first line
        i = next((j for j, k in enumerate(kinds) if k is None), None)
        if i is not None and i <= first and 3 <= len(lines[i].words) <= 20 and title_ratio(lines[i]) >= 0.6 \
                and not INNER_SENTENCE_RE.search(lines[i].text):
            best = i
    return best


def _run_score(line: Line, kind: str | None, prob: float) -> float:
    """What a line adds to the article run: long confident lines most, rule-marked lines a penalty."""
    if kind:
        return INLINE_PENALTY if kind in INLINE_KINDS else RULE_PENALTY
    return (prob - RUN_THRESHOLD) * (1 + math.log1p(len(line.words)))


def classify_lines(lines: list[Line], seen_elsewhere: Callable[[str], int] | None = None) -> Classified:
    near = _near_repeats(lines)
    kinds = [boilerplate_kind(l, i in near, seen_elsewhere(l.text) if seen_elsewhere else 0)
             for i, l in enumerate(lines)]
    _title_printed_twice(lines, kinds)
    _caption_repeats(lines, kinds)
    _teaser_blocks(lines, kinds)
    probs = body_probabilities(lines)
    scores = [_run_score(l, k, p) for l, k, p in zip(lines, kinds, probs)]
    run = end_at_repeated_stamps(lines, _end_at_teaser_list(lines, kinds, _best_run(scores)))
    run = _end_before_teaser_tail(lines, kinds, run)
    run = _start_after_teaser_items(lines, kinds, run)
    copy = _title_copy(lines, run)
    if copy is not None:   # the article starts under it
        run, headline = (copy + 1, run[1]), copy
    else:
        headline = _pick_headline(lines, kinds, run)
        run = _start_at_dateline(lines, kinds, run, headline)
    labels = []
    for i, (line, kind, p) in enumerate(zip(lines, kinds, probs)):
        if i == headline or (headline is not None and abs(i - headline) == 1 and line.text == lines[headline].text):
            labels.append(HEADLINE)
        elif kind:
            labels.append(BOILERPLATE)
        elif run[0] <= i < run[1]:
            labels.append(BODY if p >= KEEP_THRESHOLD or _is_subheading(lines, i, probs) else BOILERPLATE)
        elif headline is not None and headline < i < run[0] and _is_standfirst(line):
            labels.append(BODY)
        else:
            labels.append(BOILERPLATE)
    return Classified(labels, kinds, headline)


def _is_subheading(lines: list[Line], i: int, probs: list[float]) -> bool:
    """A short title-like line between two body paragraphs."""
    return (0 < i < len(lines) - 1 and 2 <= len(lines[i].words) <= 12 and probs[i - 1] > 0.5
            and probs[i + 1] > 0.5 and not SENTENCE_END_RE.search(lines[i].text))


def _is_standfirst(line: Line) -> bool:
    return len(line.words) >= 8 and stopword_ratio(line) >= 0.2 and bool(re.search(r"[.!?\"”’]$", line.text))
