"""The one data model every stage shares.

Offsets: every span in an `Analysis` is a pair of character offsets into `Article.body`.
`Article.to_source(offset)` maps a body offset back into `Article.source_text`, the decoded
text the cleaner started from (the file's text, or the visible text of an HTML page).
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class RawDocument:
    """One input document as read, before any cleaning."""
    uri: str                       # file path, "path#line", "warc://file#record-id", URL
    data: bytes
    content_type: str              # "text/plain" | "text/html"
    text: str = ""                 # data decoded by the reader (charset detected, never mojibake)
    fetched_at: str | None = None  # ISO timestamp when known (WARC-Date)
    meta: dict[str, Any] = field(default_factory=dict)  # url, outlet, published, title (JSONL, WARC)


@dataclass
class ReadFailure:
    """An input that could not be read; reported, never fatal to the run."""
    uri: str
    reason: str


@dataclass
class ReadNotice(ReadFailure):
    """Something to tell the user about an input that was read (e.g. blank lines skipped). A subclass of
    ReadFailure so that a consumer that knows only failures skips it; the pipeline reports it as a note."""


@dataclass
class Fact:
    """A metadata value with where it came from (provenance) and how sure we are."""
    value: str | None
    how: str = ""            # e.g. "printed:dateline", "inferred:events", "jsonl", "url", "html:meta"
    confidence: float = 1.0
    evidence: str = ""       # the source text it was read from, when there is one


@dataclass
class Zone:
    """A non-blank line of the source text and what the cleaner made of it."""
    start: int               # offsets into source_text
    end: int
    label: str               # "headline" | "body" | "boilerplate"


@dataclass
class Article:
    id: str                  # content hash of source_text (see article_id)
    uri: str
    source_text: str
    body: str                # body lines (standfirst, subheadings, paragraphs) joined by "\n"
    segments: list[tuple[int, int, int]]  # (body_start, source_start, length), sorted
    zones: list[Zone]
    headline: Fact
    outlet: Fact
    published: Fact          # YYYY-MM-DD; how="printed:..." or "inferred:..." (never both)
    byline: Fact
    credits: list[str] = field(default_factory=list)
    language: str = "en"
    url: str | None = None
    fetched_at: str | None = None
    warnings: list[str] = field(default_factory=list)
    outlet_country: str | None = None   # the outlet's home country (sidecar, user, outlet registry)

    def to_source(self, offset: int) -> int:
        """Map an offset in `body` to the corresponding offset in `source_text`."""
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        body_start, source_start, length = self.segments[i]
        return source_start + min(offset - body_start, length)


# A publication date outside these years is an input error (e.g. "0001-01-01" for "unknown"); the store
# drops it with a warning, so that no date calculation downstream meets the calendar's edges.
PUBLISHED_YEARS = (1600, 2999)


def plausible_published(value: str | None) -> bool:
    """Whether `value` is a YYYY-MM-DD publication date within PUBLISHED_YEARS."""
    try:
        day = dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return False
    return PUBLISHED_YEARS[0] <= day.year <= PUBLISHED_YEARS[1]


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL with a host, else None: only those are stored and shown as links
    (a "javascript:" or "data:" URL in an input must never become a link)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def article_id(source_text: str) -> str:
    """Stable id: the same text always gets the same id, whatever file it came in."""
    normalised = " ".join(source_text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:20]


@dataclass
class Entity:
    """A named-entity mention."""
    start: int
    end: int
    text: str
    label: str               # spaCy label: PERSON, ORG, GPE, NORP, LOC, ...
    canonical: str           # within-article canonical name ("Aliyev" -> "Ilham Aliyev")


@dataclass
class Quote:
    start: int               # content span (without the outer quotation marks for direct quotes)
    end: int
    text: str
    kind: str                # "direct" | "indirect" | "mixed"
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None      # resolved canonical person / organisation / state
    speaker_role: str | None = None # "Azerbaijani President" when the text gives it
    addressee: str | None = None    # "The Jerusalem Post", "NTV", "televised remarks"
    sentence_start: int = 0         # offset of the sentence holding the first character
    sentence_end: int = 0
    confidence: float = 1.0


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str                # "DATE" | "TIME" | "DURATION" | "SET"
    value: str               # TIMEX3 value: 2020-09-27, 2020-W39, P28Y, PAST_REF, ...
    mod: str | None = None   # EARLY | LATE | MID | APPROX | MORE_THAN | LESS_THAN
    anchored: bool = False   # value depends on the publication date
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass
class Figure:
    start: int
    end: int
    text: str                # "over 300", "a million", "Some 20%": hedge + numeral, no noun
    value: float
    qualifier: str           # exact | over | nearly | about | at least | up to
    unit: str                # people, percent, houses, ...
    what: str = ""           # canonical description of what is counted
    measure: str = ""        # killed | injured | displaced | destroyed | ... ('' if none)
    cited: str | None = None # who is cited for it ("the Prosecutor General's Office")
    subject: str = ""        # whose count: "Azerbaijani", "Azerbaijanis", "(both sides)" ('' if unstated)
    period: str = ""         # years it refers to: "1994", "1990/1994" ('' = current at publication)
    sentence_start: int = 0
    sentence_end: int = 0
    high: float | None = None  # a range's upper bound, for display ("7 per cent to 7.5 per cent": value 7, high 7.5)


@dataclass
class Analysis:
    article_id: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    published: Fact | None = None    # a publication date inferred from the parse, when none is printed
    # written with the analysis for link/ (parallax.link.prepare); None: link computes them later
    link_keys: list[tuple[str, str, int]] | None = None   # (kind, block key, item index)
    framing: dict | None = None                           # framing's counts of this article
    alias_counts: list[tuple[str, str, str, str, int]] | None = None   # (block key, spelling, part, value, count)
    event_entries: list[tuple[int, str, str, str, str]] | None = None   # the timeline's entries of its timexes


def to_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)


# ---- cross-corpus results (link/) -------------------------------------------------------
# A reference to one analysis item: (article_id, index into Analysis.quotes / .figures / ...).
ItemRef = tuple[str, int]


@dataclass
class AliasGroup:
    canonical: str
    label: str                       # PERSON | ORG | GPE | LOC | ...
    spellings: list[str]
    roles: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    user_declared: bool = False


@dataclass
class QuoteCluster:
    """One statement reported by several articles."""
    speaker: str | None
    members: list[ItemRef]
    first: ItemRef                   # earliest report (by published date)
    text: str                        # representative wording


@dataclass
class FigureGroup:
    """Figures about one quantity across articles."""
    measure: str                     # "killed in the 1988-1994 war", ...
    unit: str
    members: list[ItemRef]
    disagreement: bool = False       # values differ beyond their qualifiers
    series: bool = False             # values grow with report date (a running toll)


@dataclass
class Event:
    """A dated statement or happening on the timeline."""
    value: str                       # TIMEX3 value of its date
    summary: str                     # the clause, shortened
    members: list[ItemRef]           # timexes that date it, across articles
    conflicting_values: list[str] = field(default_factory=list)


@dataclass
class FramingTerm:
    term: str
    counts: dict[str, int]           # outlet -> uses
    evidence: list[ItemRef] = field(default_factory=list)  # (article_id, sentence index)
    score: float = 0.0               # how much its use differs between outlets
    kind: str = "term"               # "term" (loaded phrase / distinctive n-gram) | "name" (a spelling)
    canonical: str = ""              # for kind "name": the alias group's canonical name


@dataclass
class LinkResult:
    aliases: list[AliasGroup] = field(default_factory=list)
    quote_clusters: list[QuoteCluster] = field(default_factory=list)
    figure_groups: list[FigureGroup] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    framing: list[FramingTerm] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # near-duplicate article pairs
