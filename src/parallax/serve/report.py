"""`parallax report`: one self-contained HTML briefing (inline CSS and SVG, no external file), printable."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from parallax.serve import charts, groups, present, queries as q
from parallax.store import Store

HERE = Path(__file__).parent


class Sources:
    """Numbers every cited article once: facts in the briefing point to [n] in the source list."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.refs: list[dict[str, Any]] = []

    def cite(self, source: dict[str, Any]) -> int:
        aid = source["article_id"]
        if aid not in self.numbers:
            self.numbers[aid] = len(self.refs) + 1
            self.refs.append(source)
        return self.numbers[aid]


def collect(store: Store, *, speakers: int = 8, statements: int = 4) -> dict[str, Any]:
    """Everything the briefing shows, with members resolved to their sources."""
    with store.engine.connect() as conn:
        stats = q.stats(conn)
        top = q.all_speakers(conn)[:speakers]
        people = []
        for s in top:
            quotes, _ = q.list_quotes(conn, speaker=s["name"], limit=200, oldest_first=True)
            people.append({**s, "statements": _statements(conn, quotes)[:statements]})
        events, n_events = groups.events(conn, limit=60)
        shown = [e for e in events if present.is_event(e["summary"])]   # datelines and rights lines date nothing
        shown.sort(key=lambda e: (present.value_bounds(e["value"]) or (e["value"],))[0])   # weeks among days
        events, n_events = shown, n_events - (len(events) - len(shown))
        disputes, _ = groups.figure_groups(conn, disagreement=True, limit=20)
        alias_groups, _ = groups.aliases(conn, limit=60)
        multi = [g for g in alias_groups if len(g["spellings"]) > 1][:20]
        spellings = q.spellings_by_outlet(conn, [g["canonical"] for g in multi])
        terms, _ = groups.framing(conn, limit=20, evidence=1)
    for t in terms:
        t["counts"] = present.outlet_counts(t["counts"])
    return {"stats": stats, "people": people, "events": events, "n_events": n_events, "disputes": disputes,
            "aliases": multi, "spellings": spellings, "terms": terms,
            "outlets": [o["outlet"] or "unknown outlet" for o in stats["by_outlet"]]}   # every outlet


def _statements(conn, quotes: list[dict]) -> list[dict]:
    """A speaker's statements, most widely reported first; a cluster counts once with all its reports."""
    seen, out = set(), []
    for r in quotes:
        cid = r["cluster_id"]
        if cid is None:
            out.append({"text": r["text"], "reports": [{"quote": r, "first": True}]})
        elif cid not in seen:
            seen.add(cid)
            cluster = groups.quote_clusters(conn, gid=cid, limit=1)[0]
            if cluster:
                out.append({"text": cluster[0]["text"], "reports": cluster[0]["members"]})
    return sorted(out, key=lambda s: -len(s["reports"]))


def render_report(store: Store, *, title: str = "Parallax briefing") -> str:
    data = collect(store)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    sources = Sources()
    env.globals["cite"] = sources.cite
    present.register(env)
    template = env.get_template("report.html")
    # Our own stylesheet, inlined so the file opens offline; it is not user data.
    css = Markup((HERE / "static" / "parallax.css").read_text(encoding="utf-8"))
    first = charts.parse_day(data["stats"]["first_published"])
    since = charts.shift(first, -7 * 8) if first else None
    return template.render(title=title, css=css, sources=sources, chart=charts.timeline(data["events"], since),
                           generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), **data)


def write_report(store: Store, out: Path) -> Path:
    out.write_text(render_report(store), encoding="utf-8")
    return out
