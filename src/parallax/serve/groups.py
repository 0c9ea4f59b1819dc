"""Cross-corpus groups (groups table) with their members resolved to sources, one page at a time."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from parallax.serve import queries as q
from parallax.store.schema import groups as g_

Page = tuple[list[dict[str, Any]], int]


def quote_clusters(conn: sa.Connection, *, speaker: str | None = None, gid: int | None = None,
                   multi_outlet: bool = False, limit: int = 20, offset: int = 0) -> Page:
    where = [g_.c.name == speaker] if speaker is not None else []
    found, total = q.link_groups(conn, "quote_cluster", where=where, order=[g_.c.size.desc()], gid=gid,
                                 limit=limit, offset=offset)
    members = q.cluster_members(conn, [g for g, _ in found])
    items = []
    for g, data in found:
        first = tuple(data.get("first") or ())
        rows = members.get(g, [])
        items.append({
            "id": g, "speaker": data.get("speaker"), "text": data.get("text", ""),
            "outlets": len({r["outlet"] for r in rows}),
            "members": [{"quote": r, "first": (r["article_id"], r["idx"]) == first} for r in rows],
        })
    if multi_outlet:
        items = [c for c in items if c["outlets"] > 1]
    return items, total


def figure_groups(conn: sa.Connection, *, disagreement: bool | None = None, gid: int | None = None,
                  limit: int = 20, offset: int = 0) -> Page:
    where = [g_.c.flag.is_(disagreement)] if disagreement is not None else []
    found, total = q.link_groups(conn, "figure_group", where=where, order=[g_.c.flag.desc()], gid=gid,
                                 limit=limit, offset=offset)   # disagreements first
    members = q.group_members(conn, [g for g, _ in found])
    items = []
    for g, data in found:
        rows = members.get(g, [])
        values = [r["value"] for r in rows]
        items.append({"id": g, "measure": data.get("measure", ""), "unit": data.get("unit", ""),
                      "disagreement": bool(data.get("disagreement")), "series": bool(data.get("series")),
                      "low": min(values) if values else None, "high": max(values) if values else None,
                      "members": rows})
    return items, total


def events(conn: sa.Connection, *, date_from: str | None = None, date_to: str | None = None,
           gid: int | None = None, limit: int = 50, offset: int = 0) -> Page:
    value = g_.c.name
    where = ([value >= date_from] if date_from else []) + ([value <= date_to + "\uffff"] if date_to else [])
    found, total = q.link_groups(conn, "event", where=where, order=[value], gid=gid, limit=limit, offset=offset)
    refs = [tuple(m) for _, data in found for m in data.get("members", [])]
    resolved = q.timexes_by_ref(conn, refs)
    items = [{"id": g, "value": data.get("value", ""), "summary": data.get("summary", ""),
              "conflicting_values": data.get("conflicting_values", []),
              "members": [resolved[tuple(m)] for m in data.get("members", []) if tuple(m) in resolved]}
             for g, data in found]
    return items, total


def framing(conn: sa.Connection, *, limit: int = 20, offset: int = 0, evidence: int = 5) -> Page:
    found, total = q.link_groups(conn, "framing", order=[g_.c.score.desc()], limit=limit, offset=offset)
    refs = [tuple(m) for _, data in found for m in data.get("evidence", [])[:evidence]]
    resolved = q.sentences_by_ref(conn, refs)
    items = [{"id": g, "term": data.get("term", ""), "counts": data.get("counts", {}),
              "score": data.get("score", 0.0),
              "evidence": [resolved[tuple(m)] for m in data.get("evidence", [])[:evidence] if tuple(m) in resolved]}
             for g, data in found]
    return items, total


def aliases(conn: sa.Connection, *, label: str | None = None, limit: int = 20, offset: int = 0) -> Page:
    where = [g_.c.label == label] if label else []
    found, total = q.link_groups(conn, "alias", where=where, order=[g_.c.size.desc(), g_.c.name], limit=limit,
                                 offset=offset)
    items = [{"id": g, "canonical": d.get("canonical", ""), "label": d.get("label", ""),
              "spellings": d.get("spellings", []), "roles": d.get("roles", []),
              "articles": len(d.get("article_ids", [])), "user_declared": bool(d.get("user_declared"))}
             for g, d in found]
    return items, total


def alias_of(conn: sa.Connection, canonical: str) -> dict[str, Any] | None:
    found, _ = q.link_groups(conn, "alias", where=[g_.c.name == canonical], limit=1)
    return found[0][1] if found else None


def duplicates(conn: sa.Connection, *, limit: int = 20, offset: int = 0) -> Page:
    found, total = q.link_groups(conn, "duplicate", order=[g_.c.score.desc()], limit=limit, offset=offset)
    return [{"a": d["a"], "b": d["b"], "similarity": d["similarity"]} for _, d in found], total
