"""Chart geometry: dates parsed from TIMEX values, dots and bars placed inside the drawing."""
from __future__ import annotations

import datetime as dt

from parallax.serve import charts, present


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


def test_value_bars_give_one_labelled_bar_per_value_with_its_reports():
    def report(value, qualifier, outlet):
        return {"value": value, "qualifier": qualifier, "source": {"outlet": outlet}}
    members = [report(200, "at least", "Brenmore Post"), report(200, "at least", "Tallis Wire"),
               report(500, "exact", "Tallis Wire"), report(2500.5, "about", "Orrin Daily")]
    chart = charts.value_bars(members)
    assert [b["words"] for b in chart["bars"]] == ["at least 200", "500", "about 2,500.5"]
    assert [b["reports"] for b in chart["bars"]] == [2, 1, 1]
    assert chart["bars"][0]["outlets"] == "Brenmore Post, Tallis Wire"
    assert chart["bars"][-1]["w"] == charts.VALUE_BAR and 0 < chart["bars"][0]["w"] < chart["bars"][1]["w"]
    assert chart["height"] == 3 * charts.VALUE_ROW


def test_human_number_writes_figures_as_people_do():
    assert [present.human_number(v) for v in (25000.0, 5.61, 1.5, 1234567, 0.25)] == \
        ["25,000", "5.61", "1.5", "1,234,567", "0.25"]


def test_alias_groups_sharing_a_spelling_are_shown_as_one_name():
    groups = [{"canonical": "Orlin Navy", "label": "ORG", "spellings": ["ON", "Orlin Navy"], "articles": 5},
              {"canonical": "Orlinian Navy", "label": "ORG", "spellings": ["ON", "Orlinian Navy"], "articles": 2},
              {"canonical": "Tessaly", "label": "GPE", "spellings": ["Tessaly"], "articles": 3}]
    merged = present.merged_name_groups(groups)
    assert [g["canonical"] for g in merged] == ["Orlin Navy", "Tessaly"]
    assert sorted(merged[0]["spellings"]) == ["ON", "Orlin Navy", "Orlinian Navy"]
    assert groups[0]["spellings"] == ["ON", "Orlin Navy"]   # the store's rows are not changed
