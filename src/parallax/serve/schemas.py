"""Response models of the REST API: they document the OpenAPI schema and validate every answer."""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Number of matching items (before limit/offset).")
    limit: int
    offset: int


class ErrorOut(BaseModel):
    error: str = Field(description="Short machine-readable error kind, e.g. not_found, invalid_request.")
    detail: str | list | dict = Field(description="Human-readable explanation or the list of invalid fields.")


class SourceRef(BaseModel):
    """Where a fact comes from: the article and the characters of its sentence."""
    article_id: str
    outlet: str | None = None
    published: str | None = None
    published_inferred: bool = Field(False, description="The page prints no date: `published` is inferred.")
    headline: str | None = None
    url: str | None = Field(None, description="The original URL of the article, when known.")
    uri: str | None = Field(None, description="The file path (or URL) the article was read from.")
    published_note: str = Field("", description="How the date was found, in words (printed, metadata, inferred).")
    link: str = Field(description="UI link to the fact in the article reader, e.g. /articles/<id>#q3.")


class OutletCount(BaseModel):
    outlet: str | None
    articles: int


class StatsOut(BaseModel):
    articles: int
    analyzed: int
    quotes: int
    entities: int
    figures: int
    timexes: int
    failures: int
    speakers: int
    outlets: int
    quote_clusters: int
    figure_groups: int
    disagreements: int
    events: int
    first_published: str | None
    last_published: str | None
    by_outlet: list[OutletCount]


class ArticleSummary(BaseModel):
    id: str
    headline: str | None
    outlet: str | None
    published: str | None
    published_how: str | None = Field(None, description="How the date was found: printed:... or inferred:...")
    url: str | None
    uri: str
    analyzed: bool


class EntityMention(BaseModel):
    idx: int
    start: int
    end: int
    text: str
    label: str
    canonical: str


class QuoteSpan(BaseModel):
    idx: int
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker: str | None
    speaker_role: str | None
    addressee: str | None
    sentence_start: int
    sentence_end: int
    confidence: float
    cluster_id: int | None


class TimexSpan(BaseModel):
    idx: int
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None
    anchored: bool
    sentence_start: int
    sentence_end: int


class FigureSpan(BaseModel):
    idx: int
    start: int
    end: int
    text: str
    value: float
    qualifier: str
    unit: str
    what: str
    measure: str
    cited: str | None
    sentence_start: int
    sentence_end: int
    group_id: int | None


class ArticleDetail(ArticleSummary):
    body: str = Field(description="The cleaned text; every offset below is a character offset into it.")
    byline: str | None
    credits: list[str]
    language: str | None
    warnings: list[str]
    sentences: list[tuple[int, int]]
    entities: list[EntityMention]
    quotes: list[QuoteSpan]
    timexes: list[TimexSpan]
    figures: list[FigureSpan]


class QuoteOut(BaseModel):
    id: int
    idx: int = Field(description="Index of the quote in its article (anchor #q<idx>).")
    text: str
    kind: str
    speaker: str | None
    speaker_role: str | None
    cue: str | None
    addressee: str | None
    start: int
    end: int
    sentence: str = Field(description="The source sentence holding the quote.")
    cluster_id: int | None
    source: SourceRef


class ClusterMember(BaseModel):
    quote: QuoteOut
    first: bool = Field(description="True for the earliest report of the statement.")


class QuoteClusterOut(BaseModel):
    id: int
    speaker: str | None
    text: str
    outlets: int
    members: list[ClusterMember]


class SpeakerOut(BaseModel):
    name: str
    quotes: int
    articles: int
    outlets: int
    first: str | None
    last: str | None


class EntityOut(BaseModel):
    canonical: str
    label: str
    mentions: int
    articles: int


class AliasGroupOut(BaseModel):
    id: int
    canonical: str
    label: str
    spellings: list[str]
    roles: list[str]
    articles: int
    user_declared: bool


class FigureOut(BaseModel):
    id: int
    idx: int
    text: str
    value: float
    qualifier: str
    unit: str
    what: str
    measure: str
    cited: str | None
    sentence: str
    group_id: int | None
    source: SourceRef


class FigureGroupOut(BaseModel):
    id: int
    measure: str
    unit: str
    disagreement: bool
    series: bool
    low: float | None
    high: float | None
    members: list[FigureOut]


class TimexOut(BaseModel):
    idx: int
    text: str
    value: str
    sentence: str
    source: SourceRef


class EventOut(BaseModel):
    id: int
    value: str
    summary: str
    conflicting_values: list[str]
    members: list[TimexOut]


class FramingEvidence(BaseModel):
    sentence: str
    source: SourceRef


class FramingTermOut(BaseModel):
    id: int
    term: str
    counts: dict[str, int]
    score: float
    evidence: list[FramingEvidence]


class DuplicateOut(BaseModel):
    a: str
    b: str
    similarity: float


class SearchHitOut(BaseModel):
    kind: str = Field(description="article | quote")
    title: str
    snippet: str
    speaker: str | None
    source: SourceRef


class FacetCount(BaseModel):
    value: str
    count: int


class SearchOut(BaseModel):
    items: list[SearchHitOut]
    total: int
    limit: int
    offset: int
    capped: bool = Field(description="True when more results matched than the facet window holds.")
    facets: dict[str, list[FacetCount]] = Field(description="Counts per outlet, speaker and kind.")


class IngestDocument(BaseModel):
    """An already-clean article: its text and metadata (the analysis runs later: `parallax analyze`)."""
    body: str = Field(min_length=1, max_length=200_000)
    headline: str = Field("", max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    url: str | None = Field(None, max_length=2000)


class IngestIn(BaseModel):
    documents: list[IngestDocument] = Field(min_length=1, max_length=500)


class IngestOut(BaseModel):
    added: int
    already_stored: int
    ids: list[str]
