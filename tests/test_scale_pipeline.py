"""Scale: the process pool, the Dask runner and PostgreSQL give the same store as one process on SQLite."""
from __future__ import annotations

import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from parallax import pipeline
from parallax.store import Store
from tests.conftest import SAMPLE
from tests.scale_support import snapshot, write_corpus

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def local_run(paths, db: str, workers: int = 1) -> Store:
    store = Store(db)
    pipeline.run(paths, store, workers=workers)
    pipeline.link(store)
    return store


def dask_run(paths, db: str, shards: Path) -> Store:
    from parallax.scale.distributed import load_shards, run_dask

    store = Store(db)
    load_shards(run_dask(paths, shards, local_workers=2, files_per_shard=3), store)
    pipeline.link(store)
    return store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 40)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    return snapshot(local_run([corpus], str(tmp_path_factory.mktemp("ref") / "ref.db")))


def test_two_workers_store_what_one_worker_stores(corpus, reference, tmp_path):
    store = local_run([corpus], str(tmp_path / "two.db"), workers=2)
    assert snapshot(store) == reference
    assert store.stats()["articles"] == 40 and store.count_pending() == 0


def test_rerun_adds_nothing(corpus, reference, tmp_path):
    store = local_run([corpus], str(tmp_path / "again.db"))
    report = pipeline.run([corpus], store)
    pipeline.link(store)
    assert (report.added, report.already_stored) == (0, 40)
    assert snapshot(store) == reference


@pytest.mark.parametrize("which", ["sample", "dev"])
def test_dask_local_matches_local_run(which, shared_or_none, tmp_path):
    if which == "sample":
        inputs = SAMPLE
    else:
        if shared_or_none is None:
            pytest.skip("../shared is absent: no dev corpus")
        inputs = shared_or_none / "eval" / "dev" / "articles"
    local = local_run([inputs], str(tmp_path / "local.db"))
    dask = dask_run([inputs], str(tmp_path / "dask.db"), tmp_path / "shards")
    assert local.stats()["articles"] > 0
    assert snapshot(dask) == snapshot(local)


def test_loading_shards_twice_adds_nothing(corpus, reference, tmp_path):
    from parallax.scale.distributed import load_shards

    store = dask_run([corpus], str(tmp_path / "d.db"), tmp_path / "shards")
    assert snapshot(store) == reference
    shards = sorted((tmp_path / "shards").glob("*.parquet"))
    assert len(shards) == 14   # 40 files, 3 per shard
    report = load_shards(shards, store)
    pipeline.link(store)
    assert (report.added, report.already_stored) == (0, 40)
    assert snapshot(store) == reference


@pytest.fixture(scope="session")
def shared_or_none():
    shared = ROOT.parent / "shared"
    return shared if (shared / "eval").is_dir() else None


# ---- PostgreSQL -----------------------------------------------------------------------------
def _server_up() -> bool:
    try:
        with sa.create_engine(PG_SERVER.replace("postgresql://", "postgresql+psycopg://") + "/test").connect():
            return True
    except sa.exc.OperationalError:
        return False


@contextmanager
def new_pg_database(prefix: str):
    """A fresh PostgreSQL database named `prefix_<random>`, dropped afterwards (the local server is
    started when it is down)."""
    if not _server_up():
        versions = sorted(Path("/etc/postgresql").glob("*"))
        if not versions:
            pytest.skip("PostgreSQL is not installed")
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"],
                       check=False, capture_output=True)
        if not _server_up():
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is down and could not be started")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_SERVER.replace("postgresql://", "postgresql+psycopg://") + "/test",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this session."""
    with new_pg_database("parallax_test") as url:
        yield url


def _reset(url: str) -> None:
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    store.close()


def _portable(snap: dict) -> dict:
    """Drop what the two dialects legitimately store differently (rowid-based FTS, float reprs)."""
    return {t: len(rows) for t, rows in snap.items()}


def test_postgresql_full_pipeline_and_search(pg_url, tmp_path):
    from parallax.store.search import search

    _reset(pg_url)
    lite = local_run([SAMPLE], str(tmp_path / "lite.db"))
    pg = local_run([SAMPLE], pg_url, workers=2)
    assert _portable(snapshot(pg)) == _portable(snapshot(lite))
    for table in ("articles", "quotes", "figures", "entities"):
        assert sorted(r[:3] for r in snapshot(pg)[table]) == sorted(r[:3] for r in snapshot(lite)[table])
    word = lite.get_article(snapshot(lite)["articles"][0][0].strip("'")).body.split()[0]
    pg_hits, _ = search(pg, word)
    lite_hits, _ = search(lite, word)
    assert pg_hits and {h.article_id for h in pg_hits} == {h.article_id for h in lite_hits}
    pg.close()


def test_postgresql_concurrent_writers_overlapping_inputs(pg_url, corpus, tmp_path):
    _reset(pg_url)
    Store(pg_url).close()   # migrate once, so the two writers race on data, not on DDL
    half = sorted(corpus.glob("*.txt"))
    first, second = half[:30], half[10:]   # 20 files in common
    procs = [subprocess.Popen([sys.executable, "-m", "parallax.cli", "run", *map(str, files), "--db", pg_url],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for files in (first, second)]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    store = Store(pg_url)
    with store.engine.connect() as conn:
        n, distinct_uris = conn.execute(sa.text("SELECT count(*), count(DISTINCT uri) FROM articles")).one()
        dup_quotes = conn.execute(sa.text(
            "SELECT count(*) FROM (SELECT article_id, idx FROM quotes GROUP BY 1, 2 HAVING count(*) > 1) d")).scalar()
    assert (n, distinct_uris, dup_quotes) == (40, 40, 0)
    assert store.count_pending() == 0
    store.close()
