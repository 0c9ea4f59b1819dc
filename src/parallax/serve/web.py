"""Server-rendered pages of the web UI (Jinja2, autoescaped; the only script is our vendored app.js)."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Annotated
from urllib.parse import quote as urlquote, urlencode

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from parallax.model import web_url
from parallax.serve import charts, groups, present, queries as q
from parallax.serve.api import run_search
from parallax.serve.highlight import Span, layout
from parallax.store.schema import articles, quotes

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["urlpart"] = lambda s: urlquote(str(s or ""), safe="")
templates.env.globals["urlencode"] = urlencode
templates.env.filters["weburl"] = web_url   # only http(s) URLs become links (stores written before the check)
present.register(templates.env)
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 25
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=200)]


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def links_note(request: Request) -> str | None:
    """On pages built from link results: say when they are missing or older than the articles."""
    state = request.app.state.store.link_state()
    if state["pending"]:
        return (f"{state['pending']:,} article{'s are' if state['pending'] != 1 else ' is'} not analysed yet and "
                "missing here: run `parallax analyze` then `parallax link` on this store.")
    if not state["linked"] and state["analyzed"]:
        return "The corpus has not been linked yet, so this page is empty: run `parallax link` on this store."
    if state["stale"]:
        return "Articles changed since the last link, so this page is out of date: run `parallax link` on this store."
    return None


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message)


def _conn(request: Request) -> sa.Connection:
    return request.app.state.store.engine.connect()


def _pager(total: int, offset: int, limit: int = PAGE) -> dict:
    return {"total": total, "offset": offset, "limit": limit,
            "prev": max(offset - limit, 0) if offset > 0 else None,
            "next": offset + limit if offset + limit < total else None}


@router.get("/favicon.ico")
def favicon():
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/")
def overview(request: Request):
    with _conn(request) as conn:
        stats = q.stats(conn)
        days = dict(conn.execute(sa.select(articles.c.published, sa.func.count())
                                 .where(articles.c.published.is_not(None)).group_by(articles.c.published)).all())
        speakers = request.app.state.cache.get(conn, ("speakers", None), lambda: q.all_speakers(conn))[:8]
        disputes, _ = groups.figure_groups(conn, disagreement=True, limit=3)
        recent, _ = q.list_articles(conn, limit=8)
    return render(request, "overview.html", stats=stats, chart=charts.daily_bars(days), speakers=speakers,
                  disputes=disputes, recent=recent)


@router.get("/articles")
def article_list(request: Request, outlet: Text = None, offset: Offset = 0):
    with _conn(request) as conn:
        items, total = q.list_articles(conn, outlet=outlet, limit=PAGE, offset=offset)
    return render(request, "articles.html", items=items, paging=_pager(total, offset), outlet=outlet)


def _event_of_timexes(conn: sa.Connection, article_id: str) -> dict[int, int]:
    """timex idx -> event id for one article."""
    return q.groups_of(conn, "event", article_id)


def _spans(article: dict, event_of: dict[int, int], sentence: int | None) -> tuple[list[Span], list[Span]]:
    outer, inner = [], []
    if sentence is not None and 0 <= sentence < len(article["sentences"]):
        s, e = article["sentences"][sentence]
        outer.append(Span(s, e, "sentence", f"s{sentence}", title="linked sentence"))
    for qt in article["quotes"]:
        who = qt["speaker"] or "unknown speaker"
        outer.append(Span(qt["start"], qt["end"], "quote", f"q{qt['idx']}",
                          title=f"{qt['kind']} quote, {who}"))
        if qt["speaker_start"] is not None and qt["speaker_end"] is not None:
            inner.append(Span(qt["speaker_start"], qt["speaker_end"], "speaker", None,
                              f"/speakers/{urlquote(qt['speaker'] or '', safe='')}" if qt["speaker"] else None,
                              f"speaker: {who}"))
    for f in article["figures"]:
        href = f"/disagreements#g{f['group_id']}" if f["group_id"] is not None else None
        inner.append(Span(f["start"], f["end"], "figure", f"f{f['idx']}", href,
                          f"{f['qualifier']} {f['value']:g} {f['unit']} {f['measure']}".strip()))
    for t in article["timexes"]:
        event = event_of.get(t["idx"])
        inner.append(Span(t["start"], t["end"], "date", f"t{t['idx']}",
                          f"/timeline#e{event}" if event is not None else None, f"{t['type']} {t['value']}"))
    for e in article["entities"]:
        inner.append(Span(e["start"], e["end"], "entity", f"e{e['idx']}",
                          f"/entities/{urlquote(e['canonical'], safe='')}", f"{e['label']}: {e['canonical']}"))
    return outer, inner


@router.get("/articles/{article_id}")
def reader(request: Request, article_id: str, s: Annotated[int | None, Query(ge=0, le=100_000)] = None,
           quote: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None):
    with _conn(request) as conn:
        if quote is not None:  # search hits name the quote row: send the reader to its anchor
            idx = conn.execute(sa.select(quotes.c.idx).where(quotes.c.id == quote,
                                                              quotes.c.article_id == article_id)).scalar()
            if idx is not None:
                return RedirectResponse(f"/articles/{urlquote(article_id, safe='')}#q{idx}", status_code=303)
        article = q.get_article(conn, article_id)
        if article is None:
            full = _full_id(conn, article_id)
            if full:  # a shortened id, as people copy it: send them to the article's own address
                return RedirectResponse(f"/articles/{full}", status_code=307)
            raise HTTPException(404, f"no article with id {article_id!r}")
        event_of = _event_of_timexes(conn, article_id)
        twins = q.articles_by_id(conn, q.duplicates_of(conn, article_id))
    outer, inner = _spans(article, event_of, s)
    return render(request, "reader.html", article=article, paragraphs=layout(article["body"], outer, inner),
                  twins=list(twins.values()))


def _full_id(conn: sa.Connection, prefix: str) -> str | None:
    """The one article id that starts with `prefix` (at least 6 hex characters), else None."""
    if not re.fullmatch(r"[0-9a-f]{6,40}", prefix):
        return None
    found = conn.execute(sa.select(articles.c.id).where(articles.c.id.like(prefix + "%")).limit(2)).scalars().all()
    return found[0] if len(found) == 1 else None


@router.get("/speakers")
def speaker_list(request: Request, name: Text = None, offset: Offset = 0):
    with _conn(request) as conn:
        rows = request.app.state.cache.get(conn, ("speakers", name), lambda: q.all_speakers(conn, text=name))
        items, total = rows[offset:offset + PAGE], len(rows)
    return render(request, "speakers.html", items=items, paging=_pager(total, offset), name=name)


@router.get("/speakers/{name:path}")
def speaker(request: Request, name: str):
    """All statements of a person over time; a statement several outlets report is shown once, grouped."""
    with _conn(request) as conn:
        quotes_, total = q.list_quotes(conn, speaker=name, limit=500, oldest_first=True)
        if not total:
            raise HTTPException(404, f"no quotes attributed to {name!r}")
        cluster_ids = sorted({r["cluster_id"] for r in quotes_ if r["cluster_id"] is not None})
        clusters = {c["id"]: c for g in cluster_ids for c in groups.quote_clusters(conn, gid=g, limit=1)[0]}
    statements, shown = [], set()
    for r in quotes_:  # oldest first: a cluster appears where its first report does
        cid = r["cluster_id"]
        if cid is not None and cid in clusters:
            if cid not in shown:
                shown.add(cid)
                statements.append({"cluster": clusters[cid], "quote": None})
        else:
            statements.append({"cluster": None, "quote": r})
    per_day = Counter(r["published"] for r in quotes_ if r["published"])
    return render(request, "speaker.html", name=name, statements=statements, total=total,
                  chart=charts.daily_bars(per_day, label="quotes"))


@router.get("/entities/{canonical:path}")
def entity(request: Request, canonical: str):
    """One entity: its spellings per outlet and every mention in context."""
    with _conn(request) as conn:
        mentions, total = q.entity_mentions(conn, canonical)
        if not total:
            raise HTTPException(404, f"no entity named {canonical!r}")
        group = groups.alias_of(conn, canonical)
        spellings = q.spellings_by_outlet(conn, [canonical]).get(canonical, {})
        speaks = conn.execute(sa.select(quotes.c.id).where(quotes.c.speaker == canonical).limit(1)).first()
    return render(request, "entity.html", name=canonical, mentions=mentions, total=total, group=group,
                  spellings=spellings, speaks=speaks is not None)


def _weeks_before(day: str | None, weeks: int = 8) -> dt.date | None:
    """The chart's left edge: a few weeks before the first report (older events go under "earlier")."""
    start = charts.parse_day(day)
    return charts.shift(start, -7 * weeks) if start else None


@router.get("/timeline")
def timeline(request: Request):
    with _conn(request) as conn:
        events, total = groups.events(conn, limit=200)
        first = conn.execute(sa.select(sa.func.min(articles.c.published))).scalar()
    shown = [e for e in events if present.is_event(e["summary"])]   # datelines and rights lines date nothing
    shown.sort(key=lambda e: (present.value_bounds(e["value"]) or (e["value"],))[0])   # weeks among days
    total -= len(events) - len(shown)
    events = shown
    return render(request, "timeline.html", links_note=links_note(request), events=events, total=total,
                  chart=charts.timeline(events, since=_weeks_before(first)))


@router.get("/disagreements")
def disagreements(request: Request, offset: Offset = 0):
    with _conn(request) as conn:
        found, total = groups.figure_groups(conn, limit=PAGE, offset=offset)
        conflicting, _ = groups.events(conn, limit=200)
    for g in found:
        g["bars"] = charts.value_bars(g["members"])
    return render(request, "disagreements.html", links_note=links_note(request), groups=found,
                  paging=_pager(total, offset),
                  conflicting=[e for e in conflicting if e["conflicting_values"]])


@router.get("/outlets")
def outlets(request: Request):
    """Per outlet, side by side: which spelling of each name it uses, and how often it uses loaded terms."""
    with _conn(request) as conn:
        stats = q.stats(conn)
        alias_groups, _ = groups.aliases(conn, limit=60)
        multi = [g for g in present.merged_name_groups(alias_groups) if len(g["spellings"]) > 1]
        # mentions are stored under each article's own canonical name: ask for every spelling of a group
        spellings = q.spellings_by_outlet(conn, sorted({s for g in multi for s in [g["canonical"], *g["spellings"]]}))
        terms, _ = groups.framing(conn, limit=40, evidence=2)
    for t in terms:
        t["counts"] = present.outlet_counts(t["counts"])
    names = [o["outlet"] or "unknown outlet" for o in stats["by_outlet"]]   # all of them: the table scrolls
    countries = {o["outlet"]: o["country"] for o in stats["by_outlet"] if o["outlet"] and o.get("country")}
    return render(request, "outlets.html", links_note=links_note(request), outlets=names, aliases=multi,
                  spellings=spellings, terms=terms, countries=countries)


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, is_match) pieces; the store marks matches as [word]."""
    parts, pos = [], 0
    for m in re.finditer(r"\[([^\[\]]{1,100})\]", snippet):
        parts += [(snippet[pos:m.start()], False), (m[1], True)]
        pos = m.end()
    return parts + [(snippet[pos:], False)]


@router.get("/api-docs")
def api_docs(request: Request):
    """The OpenAPI schema as a readable page (the usual Swagger page loads scripts from a CDN)."""
    schema = request.app.openapi()
    endpoints = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            ref = ok.get("schema", {}).get("$ref", "")
            params = [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                       "type": _type_name(p.get("schema", {})), "description": _code_spans(p.get("description", ""))}
                      for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": _code_spans(op.get("summary", "")),
                              "params": params, "returns": ref.rsplit("/", 1)[-1]})
    return render(request, "api_docs.html", endpoints=endpoints,
                  description=_code_spans(schema["info"].get("description", "")))


def _code_spans(text: str) -> Markup:
    """Markdown `code` in the schema's descriptions as <code>, everything else escaped."""
    parts = re.split(r"`([^`\n]+)`", text)
    return Markup("").join(Markup("<code>{}</code>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts))


def _type_name(schema: dict) -> str:
    options = schema.get("anyOf", [schema])
    return " | ".join(o.get("format", o.get("type", "object")) for o in options if o.get("type") != "null")


@router.get("/search")
def search_page(request: Request, q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
                kind: Annotated[str | None, Query(pattern="^(article|quote)$")] = None,
                outlet: Text = None, speaker: Text = None, offset: Offset = 0):
    result = None
    if q_ and q_.strip():
        result = run_search(request.app.state.store, q_, kind=kind, outlet=outlet, speaker=speaker, limit=PAGE,
                            offset=offset)
    filters = {k: v for k, v in (("q", q_), ("kind", kind), ("outlet", outlet), ("speaker", speaker)) if v}
    for hit in (result or {}).get("items", []):
        hit["parts"] = _marked(hit["snippet"])
    for name, values in (result or {}).get("facets", {}).items():
        for f in values:  # a facet link adds its filter, or removes it when already chosen
            f["chosen"] = filters.get(name) == f["value"]
            chosen = {k: v for k, v in filters.items() if k != name}
            if not f["chosen"]:
                chosen[name] = f["value"]
            f["href"] = "/search?" + urlencode(chosen)
    return render(request, "search.html", query=q_ or "", result=result, filters=filters,
                  paging=_pager(result["total"], offset) if result else None)
