"""Build a large store of synthetic fictional articles with analyses and link results, inserted in bulk.

Used by the API latency benchmark and the load test. Words are random syllables: no real text.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from parallax import model  # noqa: E402
from parallax.store import Store  # noqa: E402
from parallax.store.db import _article_row  # noqa: E402
from parallax.store.schema import articles, entities, figures, quotes, sentences, timexes  # noqa: E402

SYLLABLES = "ka lo ri sen ta vo mer dal pin ne su gar to bel an is or fen ul da ve ko".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def name(rng: random.Random) -> str:
    return f"{word(rng).title()} {word(rng).title()}"


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(word(rng) for _ in range(n)).capitalize() + "."


def build(db: str, n_articles: int = 10_000, seed: int = 7) -> Store:
    rng = random.Random(seed)
    outlets = [f"{word(rng).title()} {rng.choice(['Times', 'Post', 'Daily', 'Herald', 'News'])}" for _ in range(40)]
    speakers = [name(rng) for _ in range(300)]
    places = [word(rng).title() for _ in range(200)]
    start = dt.date(2025, 1, 1)
    store = Store(db)
    rows = {t: [] for t in ("articles", "sentences", "entities", "quotes", "timexes", "figures")}
    refs_q, refs_f, refs_t = [], [], []
    for i in range(n_articles):
        published = (start + dt.timedelta(days=rng.randint(0, 90))).isoformat()
        speaker, place = rng.choice(speakers), rng.choice(places)
        said = " ".join(word(rng) for _ in range(10))
        count = rng.randint(10, 900)
        lines = [f'{speaker} said on Monday that "{said}".',
                 f"About {count} houses were damaged in {place}, officials said.",
                 *(sentence(rng) for _ in range(6))]
        body = "\n".join(lines)
        headline = f"{place}: {sentence(rng, 6)} {i}"
        source = headline + "\n" + body
        art = model.Article(model.article_id(source), f"synthetic://{i}", source, body,
                            [(0, len(headline) + 1, len(body))], [], model.Fact(headline, "bench"),
                            model.Fact(rng.choice(outlets), "bench", 1.0), model.Fact(published, "printed:bench", 1.0),
                            model.Fact(None))
        row = _article_row(art)
        row["analyzed"] = True
        rows["articles"].append(row)
        aid, offs = art.id, 0
        for k, line in enumerate(lines):
            rows["sentences"].append({"article_id": aid, "idx": k, "start": offs, "end": offs + len(line)})
            offs += len(line) + 1
        s0 = (0, len(lines[0]))
        s1 = (s0[1] + 1, s0[1] + 1 + len(lines[1]))
        qs = body.index(said)
        rows["quotes"].append({"article_id": aid, "idx": 0, "start": qs, "end": qs + len(said), "text": said,
                               "kind": "direct", "cue": "said", "cue_start": len(speaker) + 1,
                               "cue_end": len(speaker) + 5, "speaker_mention": speaker, "speaker_start": 0,
                               "speaker_end": len(speaker), "speaker": speaker, "speaker_role": None,
                               "addressee": None, "sentence_start": s0[0], "sentence_end": s0[1],
                               "confidence": 0.9})
        ts = body.index("Monday")
        rows["timexes"].append({"article_id": aid, "idx": 0, "start": ts, "end": ts + 6, "text": "Monday",
                                "type": "DATE", "value": published, "mod": None, "anchored": True,
                                "sentence_start": s0[0], "sentence_end": s0[1]})
        fs = body.index(f"About {count}")
        rows["figures"].append({"article_id": aid, "idx": 0, "start": fs, "end": fs + 6 + len(str(count)),
                                "text": f"About {count}", "value": float(count), "qualifier": "about",
                                "unit": "houses", "what": "houses", "measure": "damaged", "cited": "officials",
                                "sentence_start": s1[0], "sentence_end": s1[1]})
        for k, (text, label) in enumerate([(speaker, "PERSON"), (place, "GPE")]):
            es = body.index(text)
            rows["entities"].append({"article_id": aid, "idx": k, "start": es, "end": es + len(text), "text": text,
                                     "label": label, "canonical": text})
        offs = s1[1] + 1
        for k, line in enumerate(lines[2:], start=2):  # more quotes and entities, one per sentence
            if k < 6:
                rows["quotes"].append({**rows["quotes"][-1], "idx": k - 1, "start": offs, "end": offs + len(line),
                                       "text": line, "kind": "indirect", "speaker": rng.choice(speakers),
                                       "sentence_start": offs, "sentence_end": offs + len(line)})
            first = line.split()[0]
            rows["entities"].append({"article_id": aid, "idx": k, "start": offs, "end": offs + len(first),
                                     "text": first, "label": "ORG", "canonical": rng.choice(places) + " Council"})
            offs += len(line) + 1
        refs_q.append((aid, 0, speaker))
        refs_f.append((aid, 0, place))
        refs_t.append((aid, 0, published))
    tables = {"articles": articles, "sentences": sentences, "entities": entities, "quotes": quotes,
              "timexes": timexes, "figures": figures}
    with store.engine.begin() as conn:
        for name_, table in tables.items():
            for k in range(0, len(rows[name_]), 2000):
                conn.execute(table.insert(), rows[name_][k:k + 2000])
    store.save_links(_links(rng, refs_q, refs_f, refs_t, places, outlets))
    return store


def _links(rng, refs_q, refs_f, refs_t, places, outlets) -> model.LinkResult:
    by_speaker, by_place, by_day = {}, {}, {}
    for aid, idx, who in refs_q:
        by_speaker.setdefault(who, []).append((aid, idx))
    for aid, idx, where in refs_f:
        by_place.setdefault(where, []).append((aid, idx))
    for aid, idx, day in refs_t:
        by_day.setdefault(day, []).append((aid, idx))
    clusters = [model.QuoteCluster(who, members[k:k + 4], members[k], f"statement {k}")
                for who, members in by_speaker.items() for k in range(0, len(members), 4)]
    groups = [model.FigureGroup("damaged", "houses", members[k:k + 5], disagreement=rng.random() < 0.5)
              for members in by_place.values() for k in range(0, len(members), 5)]
    events = [model.Event(day, f"event on {day}", members[:6]) for day, members in sorted(by_day.items())]
    aliases = [model.AliasGroup(p, "GPE", [p, p + "a"], article_ids=[m[0] for m in by_place.get(p, [])[:20]])
               for p in places]
    framing = [model.FramingTerm(word(rng), {o: rng.randint(0, 9) for o in outlets[:8]},
                                 [(refs_q[rng.randrange(len(refs_q))][0], 2)], score=rng.random())
               for _ in range(200)]
    return model.LinkResult(aliases=aliases, quote_clusters=clusters, figure_groups=groups, events=events,
                            framing=framing)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "bench_10k.db"
    t0 = time.perf_counter()
    build(out)
    print(f"built {out} in {time.perf_counter() - t0:.1f}s")
