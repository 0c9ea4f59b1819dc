"""Helpers for the scale tests: a generated fictional corpus and a comparable snapshot of a store."""
from __future__ import annotations

import random
from pathlib import Path

import sqlalchemy as sa

from parallax.store import Store
from parallax.store import schema

# Invented names: the corpus is fictional so it may live in tests.
OUTLETS = ["Harbor Ledger", "Eastvale Gazette", "The Morning Lantern", "Riverside Post"]
PEOPLE = ["Mayor Tovan Reel", "Councillor Anise Marrow", "Dr. Pell Orrin", "Chief Warden Isko Brandt",
          "Minister Olla Fenwick", "spokeswoman Dara Quill"]
PLACES = ["Lowmarsh", "Brindle Cross", "Saltfen", "Upper Harrow"]
TOPICS = ["the flooded bridge", "the new ferry line", "the grain market", "the school repairs"]
VERBS = ["said", "told reporters", "added", "warned"]
MONTHS = ["January", "February", "March", "April", "May", "June"]


def fictional_article(i: int, rng: random.Random, paragraphs: tuple[int, int] = (3, 6)) -> str:
    person, place, topic = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(TOPICS)
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    lines = [f"{place} officials debate {topic} (report {i})",
             f"By {rng.choice(['Jon Vell', 'Mara Kest', 'Ilo Prane'])} | {month} {day}, 2025"]
    for p in range(rng.randint(*paragraphs)):
        n = rng.randint(2, 900)
        lines.append(
            f'"We will settle {topic} before {rng.choice(MONTHS)}," {person} {rng.choice(VERBS)} on Tuesday '
            f"in {place}. At least {n} residents signed a petition about it, and about {n // 2 + 1} attended "
            f"a meeting on {month} {max(day - p, 1)}. {rng.choice(PEOPLE).split()[-1]} said the council "
            f"had spent {rng.randint(2, 40)} million crowns on the work since {2000 + rng.randint(0, 24)}.")
    lines.append(f"Copyright {rng.choice(OUTLETS)}. All rights reserved.")
    return "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 7, paragraphs: tuple[int, int] = (3, 6)) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article_{i:05d}.txt").write_text(fictional_article(i, rng, paragraphs), encoding="utf-8")
    return folder


# Columns that differ between two correct runs (surrogate keys, wall-clock times).
VOLATILE = {"id", "ingested_at", "at"}


LINK_COLUMNS = {"cluster_id", "group_id", "keyed"}   # link bookkeeping (keyed: link_keys written)


def snapshot(store: Store, *, with_links: bool = True) -> dict[str, list[tuple]]:
    """Every table's rows as sorted tuples, without surrogate keys and timestamps."""
    skip = VOLATILE if with_links else VOLATILE | LINK_COLUMNS
    tables = [schema.articles, schema.sentences, *schema.ANALYSIS_TABLES, schema.groups, schema.failures]
    out = {}
    with store.engine.connect() as conn:
        for table in tables:
            cols = [c for c in table.columns if c.name not in skip or table is schema.articles and c.name == "id"]
            out[table.name] = sorted((tuple(map(repr, row)) for row in conn.execute(sa.select(*cols))))
    return out
