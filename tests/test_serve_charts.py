"""Chart geometry: dates parsed from TIMEX values, dots and bars placed inside the drawing."""
from __future__ import annotations

import datetime as dt

from parallax.serve import charts


def test_parse_day_takes_the_start_of_partial_values():
    assert charts.parse_day("2025-03-04") == dt.date(2025, 3, 4)
    assert charts.parse_day("2025-03") == dt.date(2025, 3, 1)
    assert charts.parse_day("2025-W10") == dt.date(2025, 1, 1)
    assert charts.parse_day("PAST_REF") is None and charts.parse_day("2025-13-40") is None


def test_timeline_stacks_events_of_one_day_and_skips_undated():
    events = [{"id": 0, "value": "2025-03-01", "summary": "a", "members": [1]},
              {"id": 1, "value": "2025-03-01", "summary": "b", "members": [1, 2, 3]},
              {"id": 2, "value": "2025-03-11", "summary": "c", "members": [], "conflicting_values": ["x"]},
              {"id": 3, "value": "PRESENT_REF", "summary": "d", "members": []}]
    chart = charts.timeline(events)
    dots = chart["dots"]
    assert [d["href"] for d in dots] == ["#e0", "#e1", "#e2"]
    assert dots[0]["x"] == dots[1]["x"] < dots[2]["x"] and dots[0]["y"] != dots[1]["y"]
    assert dots[1]["r"] > dots[0]["r"] and dots[2]["conflict"]
    assert all(charts.PAD <= d["x"] <= charts.WIDTH - charts.PAD and 0 < d["y"] < chart["height"] for d in dots)
    assert charts.timeline([{"id": 0, "value": "FUTURE_REF", "summary": "", "members": []}]) is None


def test_daily_bars_sit_on_their_ticks():
    chart = charts.daily_bars({"2025-03-01": 2, "2025-03-03": 4, "bad": 9})
    assert [b["label"] for b in chart["bars"]] == ["1 March 2025: 2 articles", "3 March 2025: 4 articles"]
    ticks = {t["label"]: t["x"] for t in chart["ticks"]}
    for bar in chart["bars"]:
        assert abs(bar["x"] + bar["w"] / 2 - ticks[bar["label"].split(":")[0].replace("March", "Mar")]) < 0.2
    assert chart["bars"][1]["h"] == 2 * chart["bars"][0]["h"]


def test_old_events_go_under_earlier_and_keep_the_recent_days_wide():
    events = [{"id": 0, "value": "1992", "summary": "war", "members": []},
              {"id": 1, "value": "2025-03-01", "summary": "a", "members": []},
              {"id": 2, "value": "2025-03-05", "summary": "b", "members": []}]
    chart = charts.timeline(events, since=dt.date(2025, 1, 1))
    xs = {d["href"]: d["x"] for d in chart["dots"]}
    assert xs["#e0"] == charts.PAD and chart["ticks"][0]["label"] == "earlier"
    assert xs["#e2"] - xs["#e1"] > charts.WIDTH / 2  # four days fill the axis
