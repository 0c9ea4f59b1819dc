"""Chart geometry for server-side SVG: plain numbers the templates draw (no script, no styles inline)."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from parallax.serve.present import MONTHS, human_date, human_number

WIDTH, PAD = 800, 40


def parse_day(value: str | None) -> dt.date | None:
    """The day a TIMEX3 / ISO value starts on: 2025-03-04, 2025-03 (-> the 1st), 2025 (-> Jan 1)."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held inside the calendar (year 1 to 9999) instead of overflowing."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def _scale(days: list[dt.date]) -> tuple[dt.date, int]:
    first, last = min(days), max(days)
    return first, max((last - first).days, 1)


def _short(day: dt.date) -> str:
    """An axis label as people write it: '23 Jun 2025'."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _ticks(first: dt.date, span: int, n: int = 5) -> list[dict[str, Any]]:
    step = max(span // n, 1)
    return [{"x": PAD + (WIDTH - 2 * PAD) * d / span, "label": _short(first + dt.timedelta(days=d))}
            for d in range(0, span + 1, step)]


def timeline(events: list[dict[str, Any]], since: dt.date | None = None) -> dict[str, Any] | None:
    """Dots on a date axis, one per event, stacked when several share a day; radius grows with reports.
    Events before `since` (e.g. a war decades ago) are stacked at the left edge under "earlier", so the
    days the corpus covers keep their width."""
    dated = [(parse_day(e["value"]), e) for e in events]
    dated = [(d, e) for d, e in dated if d]
    if not dated:
        return None
    days = [d for d, _ in dated if since is None or d >= since]
    first, span = _scale(days or [since])
    early = since is not None and any(d < since for d, _ in dated)
    left = PAD + (80 if early else 0)
    placed = [(shift(first, -1) if since is not None and d < since else d, e) for d, e in dated]
    height = 70 + 16 * min(max(Counter(d for d, _ in placed).values()) - 1, 6)
    stack: Counter = Counter()
    dots = []
    for day, event in placed:
        level = stack[day]
        stack[day] += 1
        x = PAD if day < first else left + (WIDTH - PAD - left) * (day - first).days / span
        dots.append({"x": round(x, 1), "y": height - 40 - 16 * (level % 7),
                     "r": min(4 + len(event.get("members", [])), 9),
                     "href": f"#e{event['id']}", "label": f"{human_date(event['value'])}: {event['summary']}",
                     "conflict": bool(event.get("conflicting_values"))})
    ticks = [{"x": round(left + (WIDTH - PAD - left) * d / span, 1),
              "label": _short(first + dt.timedelta(days=d))} for d in range(0, span + 1, max(span // 4, 1))]
    if early:
        ticks.insert(0, {"x": PAD, "label": "earlier"})
    return {"width": WIDTH, "height": height, "axis_y": height - 24, "dots": dots, "ticks": ticks}


def daily_bars(counts: dict[str, int], height: int = 120, label: str = "articles") -> dict[str, Any] | None:
    """Items (articles, quotes) per publication day."""
    days = {parse_day(k): v for k, v in counts.items() if parse_day(k)}
    if not days:
        return None
    first, span = _scale(list(days))
    top = max(days.values())
    bar = min(max((WIDTH - 2 * PAD) / (span + 1) - 2, 2), 36)
    slot = (WIDTH - 2 * PAD) / (span + 1)  # one slot per day; a bar and its tick sit mid-slot
    bars = [{"x": round(PAD + slot * (d - first).days + (slot - bar) / 2, 1), "w": round(bar, 1),
             "h": round((height - 40) * n / top, 1), "y": round(height - 24 - (height - 40) * n / top, 1),
             "label": f"{human_date(d.isoformat())}: {n:,} {label}"} for d, n in sorted(days.items())]
    step = max((span + 1) // 5, 1)
    ticks = [{"x": round(PAD + slot * k + slot / 2, 1), "label": _short(first + dt.timedelta(days=k))}
             for k in range(0, span + 1, step)]
    return {"width": WIDTH, "height": height, "axis_y": height - 24, "bars": bars, "ticks": ticks}


def value_bars(members: list[dict[str, Any]]) -> dict[str, Any]:
    """One labelled bar per value the reports give ("at least 200", "300"), smallest first, its length
    a share of the largest value, with how many reports give it and from which outlets."""
    given: dict[tuple[float, str], list[dict[str, Any]]] = {}
    for m in members:
        given.setdefault((m["value"], m.get("qualifier") or "exact"), []).append(m)
    top = max((value for value, _ in given), default=0) or 1
    bars = []
    for row, ((value, qualifier), reports) in enumerate(sorted(given.items())):
        words = human_number(value) if qualifier == "exact" else f"{qualifier} {human_number(value)}"
        outlets = sorted({r["source"]["outlet"] for r in reports if r.get("source", {}).get("outlet")})
        bars.append({"y": row * VALUE_ROW, "w": round(VALUE_BAR * max(value, 0) / top, 1), "words": words,
                     "reports": len(reports), "outlets": ", ".join(outlets)})
    return {"height": len(bars) * VALUE_ROW, "bars": bars}


VALUE_ROW, VALUE_BAR = 20, 105   # chart units: one row per value, the longest bar
