"""The REST API under /api/: read-only, paginated lists, one write endpoint guarded by a token."""
from __future__ import annotations

import secrets
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request

from parallax import model
from parallax.serve import groups, present, queries as q
from parallax.serve import schemas as s
from parallax.store import Store
from parallax.store.search import search as fts_search

router = APIRouter(prefix="/api", responses={404: {"model": s.ErrorOut}, 422: {"model": s.ErrorOut}})

Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Outlet = Annotated[str | None, Query(max_length=200, description="Exact outlet name (see /api/stats).")]
Speaker = Annotated[str | None, Query(max_length=200, description="Exact speaker name (see /api/speakers).")]
Label = Annotated[str | None, Query(max_length=200, description="Entity label: PERSON, ORG, GPE, NORP, LOC, ...")]
NamePart = Annotated[str | None, Query(max_length=200, description="Part of the name.")]
Day = Annotated[str | None, Query(max_length=40, description="Inclusive: 2025, 2025-06, 2025-06-23, June 2025 "
                                                              "or 23 June 2025 (the CLI takes the same forms).")]
MAX_ID = 2**31 - 1   # ids are 32-bit INTEGER columns in PostgreSQL: a larger one is a 422, not a 500
SEARCH_WINDOW = 200  # hits fetched per kind to compute facets; beyond it results are `capped`


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def get_cache(request: Request) -> q.Fingerprinted:
    return request.app.state.cache


CacheDep = Annotated[q.Fingerprinted, Depends(get_cache)]


def _iso(day: str | None, end: bool = False) -> str | None:
    """The first (or, for an upper bound, last) day a typed date covers: 'June 2025' -> 2025-06-01."""
    if not day:
        return None
    try:
        first, last = present.date_range(day)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return last if end else first


def _page(items: list, total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/stats", response_model=s.StatsOut, summary="Corpus statistics")
def corpus_stats(store: StoreDep) -> dict:
    with store.engine.connect() as conn:
        return q.stats(conn)


@router.get("/articles", response_model=s.Page[s.ArticleSummary], summary="Articles, newest first")
def list_articles(store: StoreDep, outlet: Outlet = None, date_from: Day = None, date_to: Day = None,
                  headline: Annotated[str | None, Query(max_length=200, description="Words in the headline.")] = None,
                  limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = q.list_articles(conn, outlet=outlet, date_from=_iso(date_from), date_to=_iso(date_to, end=True),
                                       text=headline, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/articles/{article_id}", response_model=s.ArticleDetail,
            summary="One article with its text and every annotation (character offsets into `body`)")
def get_article(store: StoreDep, article_id: str) -> dict:
    with store.engine.connect() as conn:
        article = q.get_article(conn, article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


@router.get("/quotes", response_model=s.Page[s.QuoteOut], summary="Quotes, filtered")
def list_quotes(store: StoreDep, speaker: Speaker = None, outlet: Outlet = None, date_from: Day = None,
                date_to: Day = None, text: Annotated[str | None, Query(max_length=200,
                                                                       description="Words in the quote (word prefixes).")] = None,
                kind: Annotated[str | None, Query(pattern="^(direct|indirect|mixed)$")] = None,
                cluster_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = q.list_quotes(conn, speaker=speaker, outlet=outlet, date_from=_iso(date_from),
                                     date_to=_iso(date_to, end=True), text=text, kind=kind, cluster_id=cluster_id,
                                     limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/quote-clusters", response_model=s.Page[s.QuoteClusterOut],
            summary="Statements reported by several articles, first report marked")
def list_quote_clusters(store: StoreDep, speaker: Speaker = None, limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = groups.quote_clusters(conn, speaker=speaker, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/speakers", response_model=s.Page[s.SpeakerOut], summary="Speakers by number of quotes")
def list_speakers(store: StoreDep, cache: CacheDep, name: NamePart = None, limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        rows = cache.get(conn, ("speakers", name), lambda: q.all_speakers(conn, text=name))
    return _page(rows[offset:offset + limit], len(rows), limit, offset)


@router.get("/entities", response_model=s.Page[s.EntityOut], summary="Named entities by number of mentions")
def list_entities(store: StoreDep, cache: CacheDep, label: Label = None, name: NamePart = None, limit: Limit = 20,
                  offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        rows = cache.get(conn, ("entities", label, name), lambda: q.all_entities(conn, label=label, text=name))
    return _page(rows[offset:offset + limit], len(rows), limit, offset)


@router.get("/aliases", response_model=s.Page[s.AliasGroupOut], summary="Alias groups: one entity, many spellings")
def list_aliases(store: StoreDep, label: Label = None, limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = groups.aliases(conn, label=label, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/figures", response_model=s.Page[s.FigureOut], summary="Figures (numbers) with what they count")
def list_figures(store: StoreDep, measure: Annotated[str | None, Query(max_length=200, description="What is measured: killed, injured, ...")] = None,
                 unit: Annotated[str | None, Query(max_length=200, description="people, percent, houses, ...")] = None, outlet: Outlet = None,
                 group_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                 limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = q.list_figures(conn, measure=measure, unit=unit, outlet=outlet, group_id=group_id,
                                      limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/figure-groups", response_model=s.Page[s.FigureGroupOut],
            summary="Figures about one quantity across outlets; disagreements first")
def list_figure_groups(store: StoreDep, disagreement: bool | None = None, limit: Limit = 20,
                       offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = groups.figure_groups(conn, disagreement=disagreement, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/timeline", response_model=s.Page[s.EventOut], summary="Dated events, oldest first")
def list_events(store: StoreDep, date_from: Day = None, date_to: Day = None, limit: Limit = 50,
                offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = groups.events(conn, date_from=_iso(date_from), date_to=_iso(date_to, end=True), limit=limit,
                                     offset=offset)
    return _page(items, total, limit, offset)


@router.get("/framing", response_model=s.Page[s.FramingTermOut],
            summary="Terms whose use differs most between outlets")
def list_framing(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = groups.framing(conn, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/duplicates", response_model=s.Page[s.DuplicateOut], summary="Near-duplicate (syndicated) articles")
def list_duplicates(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> dict:
    with store.engine.connect() as conn:
        items, total = groups.duplicates(conn, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


def run_search(store: Store, query: str, *, kind: str | None = None, outlet: str | None = None,
               speaker: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search with facets (outlet, speaker, kind) over the best SEARCH_WINDOW hits per kind."""
    article_hits, quote_hits = fts_search(store, query, limit=SEARCH_WINDOW)
    hits = [{"kind": h.kind, "title": h.title, "snippet": h.snippet,
             "speaker": h.title if h.kind == "quote" else None,
             "source": {"article_id": h.article_id, "outlet": h.outlet, "published": h.published,
                        "published_how": h.published_how, "published_inferred": present.is_inferred(h.published_how),
                        "published_note": present.how_words(h.published_how), "uri": h.uri,
                        "headline": h.title if h.kind == "article" else None, "url": h.url,
                        "link": f"/articles/{h.article_id}" + (f"?quote={h.quote_id}" if h.quote_id else "")}}
            for h in [*article_hits, *quote_hits]]
    facets = {
        "kind": Counter(h["kind"] for h in hits),
        "outlet": Counter(h["source"]["outlet"] or "unknown outlet" for h in hits),
        "speaker": Counter(h["speaker"] for h in hits if h["speaker"]),
    }
    chosen = [h for h in hits if (kind is None or h["kind"] == kind)
              and (outlet is None or (h["source"]["outlet"] or "unknown outlet") == outlet)
              and (speaker is None or h["speaker"] == speaker)]
    return {"items": chosen[offset:offset + limit], "total": len(chosen), "limit": limit, "offset": offset,
            "capped": len(article_hits) >= SEARCH_WINDOW or len(quote_hits) >= SEARCH_WINDOW,
            "facets": {name: [{"value": v, "count": n} for v, n in c.most_common(20)] for name, c in facets.items()}}


@router.get("/search", response_model=s.SearchOut, summary="Full-text search over articles and quotes, with facets")
def search(store: StoreDep, q_: Annotated[str, Query(alias="q", min_length=1, max_length=200)],
           kind: Annotated[str | None, Query(pattern="^(article|quote)$")] = None, outlet: Outlet = None,
           speaker: Speaker = None, limit: Limit = 20, offset: Offset = 0) -> dict:
    return run_search(store, q_, kind=kind, outlet=outlet, speaker=speaker, limit=limit, offset=offset)


# ---- the one write endpoint ----------------------------------------------------------------------
def token_error(token: str | None, authorization: str | None) -> HTTPException | None:
    """Why a write is refused (403: writing disabled, 401: no or wrong token), or None when it may go on."""
    if not token:
        return HTTPException(403, "writing is disabled: start the server with PARALLAX_TOKEN set to enable ingest")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), token.encode()):
        return HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <PARALLAX_TOKEN>'",
                             headers={"WWW-Authenticate": "Bearer"})
    return None


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    error = token_error(request.app.state.token, authorization)
    if error is not None:
        raise error


def _article(doc: s.IngestDocument) -> model.Article:
    """A clean document as an Article: the source text is its headline line plus its body."""
    headline = " ".join(doc.headline.split())
    prefix = headline + "\n" if headline else ""
    source = prefix + doc.body
    zones = [model.Zone(len(prefix), len(source), "body")]
    if headline:
        zones.insert(0, model.Zone(0, len(headline), "headline"))
    return model.Article(
        id=model.article_id(source), uri=doc.url or "api:ingest", source_text=source, body=doc.body,
        segments=[(0, len(prefix), len(doc.body))], zones=zones, url=doc.url,
        headline=model.Fact(headline or None, "api"), outlet=model.Fact(doc.outlet, "api"),
        published=model.Fact(doc.published, "printed:api" if doc.published else ""), byline=model.Fact(None),
    )


@router.post("/ingest", response_model=s.IngestOut, dependencies=[Depends(require_token)],
             responses={401: {"model": s.ErrorOut}, 403: {"model": s.ErrorOut}, 413: {"model": s.ErrorOut}},
             summary="Add clean documents (token required; `parallax analyze` then analyses them)")
def ingest(store: StoreDep, cache: CacheDep, payload: s.IngestIn) -> dict:
    batch = [_article(d) for d in payload.documents]
    added = store.add_articles(batch)
    cache.invalidate()
    return {"added": len(added), "already_stored": len(batch) - len(added), "ids": [a.id for a in batch]}
