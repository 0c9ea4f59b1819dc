"""bench/link_scale.py writes its base store straight into SQLite: it must hold exactly what saving the same
articles through `Store.save_analyses` holds (analyses, link keys, event entries, framing and alias counts and totals)."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from parallax.model import Entity, Timex

BENCH = Path(__file__).resolve().parents[1] / "bench"
PLACES = ["Harrowgate", "Velmora", "Port Elm", "Daskin"]


def _stories() -> list[list[tuple]]:
    """Two fictional stories of twelve sentences, each naming a place and a day."""
    stories = []
    for s in range(2):
        sentences = []
        for i in range(12):
            place = PLACES[(s + i) % len(PLACES)]
            text = f"Officials in {place} said the bridge vote {i} of story {s} happened on May {i + 1}, 2024."
            at = text.index(place)
            day = text.index("May")
            inside = {"entities": [Entity(at, at + len(place), place, "GPE", place)], "quotes": [], "figures": [],
                      "timexes": [Timex(day, len(text) - 1, text[day:-1], "DATE", f"2024-05-{i + 1:02d}",
                                        sentence_start=0, sentence_end=len(text))]}
            sentences.append((text, 0, "2024-05-20", inside))
        stories.append(sentences)
    return stories


def _tables(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    found = {}
    for table in ("articles", "sentences", "entities", "timexes", "link_keys", "event_entries", "framing_counts",
                  "framing_totals", "alias_counts", "alias_totals", "link_dirty"):
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in ("ingested_at", "marked")]
        names = ", ".join(f'"{c}"' for c in columns)
        found[table] = sorted(map(repr, conn.execute(f'SELECT {names} FROM "{table}"')))
    conn.close()
    return found


def test_bulk_build_equals_saved_analyses(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    sys.modules.pop("scale_support", None)   # the bench's helper module, not the tests' one of that name
    import link_scale
    from parallax.link import prepare
    from parallax.store import Store

    stories, n = _stories(), link_scale.NEW + 30
    built = tmp_path / "built.db"
    link_scale.build(str(built), n, stories, processes=1, batch=20)
    saved = Store(str(tmp_path / "saved.db"))
    items = [link_scale.synthetic(k, n, stories) for k in range(n - link_scale.NEW)]
    saved.add_articles([a for a, _ in items])
    saved.save_analyses([prepare(item) for item in items])
    saved.close()
    sys.modules.pop("scale_support", None)
    expected, found = _tables(tmp_path / "saved.db"), _tables(built)
    assert found["alias_totals"] and found["framing_totals"] and found["event_entries"]
    for table, rows in expected.items():
        assert found[table] == rows, table
