"""analyze stage: ONE spaCy parse per article, then every component on that Doc."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator

from parallax.analyze.dating import corpus_dates, infer_publication, needs_inference
from parallax.analyze.entities import extract_entities
from parallax.analyze.figures import extract_figures
from parallax.analyze.nlp import load_nlp
from parallax.analyze.quotes import extract_quotes
from parallax.analyze.timex import extract_timexes
from parallax.model import Analysis, Article


def publication_anchor(article: Article) -> tuple[dt.date | None, float]:
    """The date relative expressions resolve against, and how sure we are of it."""
    try:
        return dt.date.fromisoformat(article.published.value or ""), article.published.confidence
    except ValueError:
        return None, 0.0


def analyze_doc(article: Article, doc, printed_dates: Counter[dt.date] | None = None) -> Analysis:
    """All components on one parse. An article with no printed date first gets one inferred from its
    dated events (`printed_dates`: those its corpus prints), and relative dates resolve against that."""
    inferred = infer_publication(doc, printed_dates, from_corpus=not article.published.value) \
        if needs_inference(article.published) else None
    if inferred is not None and inferred.value:
        article.published = inferred
    anchor, confidence = publication_anchor(article)
    return Analysis(
        article_id=article.id,
        sentences=[(s.start_char, s.end_char) for s in doc.sents],
        entities=extract_entities(doc),
        quotes=extract_quotes(doc),
        timexes=extract_timexes(doc, anchor, confidence),
        figures=extract_figures(doc),
        published=inferred if inferred is not None and inferred.value else None,
    )


def analyze_articles(articles: Iterable[Article], *, batch_size: int = 16,
                     n_process: int = 1) -> Iterator[tuple[Article, Analysis]]:
    """Parse articles in batches (spaCy `nlp.pipe`) and analyse each parse once."""
    nlp = load_nlp()
    pairs = ((a.body, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield article, analyze_doc(article, doc)


def printed_dates(articles: Iterable[Article], also: Counter[dt.date] | None = None) -> Counter[dt.date]:
    """The publication dates the articles of one batch print, with the names each dated body uses
    (undated ones borrow from the reports of their own story), plus the days and reports of `also`
    (the store's: `Store.printed_dates`)."""
    dated = [a for a in articles if not needs_inference(a.published)]
    dates = corpus_dates((a.published.value for a in dated), (a.body for a in dated), (a.id for a in dated))
    for day, n in (also or Counter()).items():   # like Counter's |: no article counted twice
        dates[day] = max(dates[day], n)
    for key, report in getattr(also, "reports", {}).items():
        dates.reports.setdefault(key, report)
    return dates
