"""API latency on a 10,000-article synthetic store: p50/p95 per list endpoint (in-process ASGI calls,
response cache off so every call runs its queries).

    PYTHONPATH=src python bench/api_latency.py [--articles 10000] [--requests 60]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi.testclient import TestClient  # noqa: E402

from parallax.serve import create_app  # noqa: E402
from synthetic_store import build  # noqa: E402


def endpoints(client: TestClient, rng: random.Random) -> dict[str, callable]:
    speakers = [s["name"] for s in client.get("/api/speakers", params={"limit": 50}).json()["items"]]
    outlets = [o["outlet"] for o in client.get("/api/stats").json()["by_outlet"]]
    page = lambda: {"offset": rng.choice([0, 0, 20, 200, 2000])}  # noqa: E731
    return {
        "/api/articles": lambda: ("/api/articles", page()),
        "/api/articles?outlet": lambda: ("/api/articles", {"outlet": rng.choice(outlets)}),
        "/api/quotes": lambda: ("/api/quotes", page()),
        "/api/quotes?speaker": lambda: ("/api/quotes", {"speaker": rng.choice(speakers)}),
        "/api/quotes?outlet+dates": lambda: ("/api/quotes", {"outlet": rng.choice(outlets),
                                                             "date_from": "2025-02-01", "date_to": "2025-02-28"}),
        "/api/quotes?text": lambda: ("/api/quotes", {"text": rng.choice(["kalo", "sen", "mer"])}),
        "/api/quote-clusters": lambda: ("/api/quote-clusters", page()),
        "/api/speakers": lambda: ("/api/speakers", page()),
        "/api/entities": lambda: ("/api/entities", page()),
        "/api/aliases": lambda: ("/api/aliases", {"offset": rng.choice([0, 20, 100])}),
        "/api/figures": lambda: ("/api/figures", page()),
        "/api/figure-groups": lambda: ("/api/figure-groups", page()),
        "/api/timeline": lambda: ("/api/timeline", {"offset": rng.choice([0, 20, 40])}),
        "/api/framing": lambda: ("/api/framing", {"offset": rng.choice([0, 20, 100])}),
        "/api/duplicates": lambda: ("/api/duplicates", {}),
        "/api/search": lambda: ("/api/search", {"q": rng.choice(["kalo", "houses damaged", "officials", "Monday"])}),
        "/api/stats": lambda: ("/api/stats", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--db", help="reuse (or create) this store instead of a temporary one")
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    if not Path(db).exists():
        t0 = time.perf_counter()
        build(db, args.articles)
        print(f"built a {args.articles}-article store in {time.perf_counter() - t0:.1f}s")
    rng = random.Random(1)
    with TestClient(create_app(db, cache_responses=False)) as client:  # measure the queries
        calls = endpoints(client, rng)
        print(f"{'endpoint':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  total")
        worst = 0.0
        for label, make in calls.items():
            times, total = [], None
            for i in range(args.requests + 3):
                path, params = make()
                t0 = time.perf_counter()
                response = client.get(path, params=params)
                elapsed = (time.perf_counter() - t0) * 1000
                assert response.status_code == 200, (path, params, response.text[:200])
                if i >= 3:  # the first calls warm caches
                    times.append(elapsed)
                total = response.json().get("total", "")
            p95 = statistics.quantiles(times, n=20)[18]
            worst = max(worst, p95)
            print(f"{label:28} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}  {total}")
        print(f"worst p95: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms target)")


if __name__ == "__main__":
    main()
