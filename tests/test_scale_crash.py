"""Crash safety: `parallax run`/`ingest` killed with SIGKILL at random points never leaves a
half-written article or analysis, and re-running ends with exactly what one clean run stores."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from parallax.store import Store
from tests.scale_support import snapshot, write_corpus

ROOT = Path(__file__).resolve().parents[1]
ROUNDS, KILLS_PER_ROUND = 3, 8      # 24 kills, each round on a fresh store
ANALYSIS_TABLES = ("sentences", "entities", "quotes", "timexes", "figures")


def cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "parallax.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def by_article(snap: dict) -> dict[str, dict[str, list]]:
    """Analysis rows grouped by article id (the first column of every analysis table)."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table in ANALYSIS_TABLES:
        for row in snap[table]:
            out[row[0]][table].append(row)
    return out


def check_consistent(db: Path, reference: dict) -> int:
    """Every stored article is whole, every analysed one has exactly its full analysis; returns
    how many articles are stored."""
    store = Store(str(db))       # opens (and migrates) after the kill
    snap = snapshot(store, with_links=False)   # a killed run may not have reached link
    store.close()
    ref_articles = {row[0]: row for row in reference["articles"]}
    ref_analyses, analyses = by_article(reference), by_article(snap)
    analysed = {row[0] for row in snap["articles"] if row[-1] == "True"}
    for row in snap["articles"]:
        assert row[:-1] == ref_articles[row[0]][:-1], "an article row differs from the clean run's"
    for article_id, rows in analyses.items():
        assert article_id in analysed, "analysis rows of an article not marked analysed"
    for article_id in analysed:
        assert {t: sorted(r) for t, r in analyses.get(article_id, {}).items()} == \
               {t: sorted(r) for t, r in ref_analyses.get(article_id, {}).items()}, "partial analysis"
    return len(snap["articles"])


def test_kill_nine_at_random_points_loses_nothing(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 200, seed=11, paragraphs=(1, 2))
    started = time.monotonic()
    assert cli("run", str(corpus), "--db", str(tmp_path / "ref.db")).wait(timeout=600) == 0
    duration = time.monotonic() - started
    reference = snapshot(Store(str(tmp_path / "ref.db")))
    unlinked = snapshot(Store(str(tmp_path / "ref.db")), with_links=False)
    assert len(reference["articles"]) == 200

    rng = random.Random(2026)
    kills = 0
    for round_no in range(ROUNDS):
        db = tmp_path / f"crash{round_no}.db"
        killed = 0
        for k in range(3 * KILLS_PER_ROUND):   # a run may finish before its kill: try again
            command = ["ingest"] if k % 3 == 2 else ["run", "--workers", str(1 + k % 2)]
            proc = cli(*command, str(corpus), "--db", str(db))
            time.sleep(rng.uniform(0.5, 0.6 * duration))
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)   # the run and its worker processes
                killed += 1
            proc.wait()
            if db.exists():
                check_consistent(db, unlinked)
            if killed == KILLS_PER_ROUND:
                break
        kills += killed
        assert cli("run", str(corpus), "--db", str(db)).wait(timeout=600) == 0
        assert check_consistent(db, unlinked) == 200
        assert snapshot(Store(str(db))) == reference, "the resumed run differs from an uninterrupted one"
    assert kills >= 20, kills
    print(f"{kills} kills; an uninterrupted run takes {duration:.1f} s")
