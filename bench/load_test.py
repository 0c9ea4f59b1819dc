"""Load test: 200 concurrent clients on the list and search endpoints of a uvicorn server on 127.0.0.1,
for a bounded time; prints requests/s, latency percentiles and errors (zero expected).

    PYTHONPATH=src python bench/load_test.py [--db store.db] [--clients 200] [--seconds 60]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]

PATHS = [
    ("/api/articles", {}), ("/api/quotes", {}), ("/api/quotes", {"text": "officials"}),
    ("/api/speakers", {}), ("/api/entities", {}), ("/api/figures", {}), ("/api/figure-groups", {}),
    ("/api/quote-clusters", {}), ("/api/timeline", {}), ("/api/framing", {}), ("/api/aliases", {}),
    ("/api/search", {"q": "houses"}), ("/api/search", {"q": "monday officials"}), ("/api/stats", {}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client_loop(client: httpx.AsyncClient, until: float, rng: random.Random, latencies: list, errors: list):
    while time.monotonic() < until:
        path, params = rng.choice(PATHS)
        params = {**params, "offset": rng.choice([0, 0, 20, 100])}
        t0 = time.perf_counter()
        try:
            response = await client.get(path, params=params)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {path}")
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__} {path}")
        latencies.append((time.perf_counter() - t0) * 1000)


async def run(base: str, clients: int, seconds: float) -> tuple[list, list, float]:
    latencies, errors = [], []
    # one connection per simulated client (httpx pools slow down when many tasks share one)
    pool = [httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=1))
            for _ in range(clients)]
    start = time.monotonic()
    until = start + seconds
    try:
        await asyncio.gather(*(client_loop(c, until, random.Random(i), latencies, errors)
                               for i, c in enumerate(pool)))
    finally:
        await asyncio.gather(*(c.aclose() for c in pool))
    return latencies, errors, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "load.db")
    if not Path(db).exists():
        from synthetic_store import build
        build(db, args.articles)
    port = free_port()
    launch = ("import sys, uvicorn; from parallax.serve import create_app; "
              "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', "
              "backlog=4096)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-c", launch, db, str(port)], env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        latencies, errors, elapsed = asyncio.run(run(base, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(10)
    q = statistics.quantiles(latencies, n=100)
    print(f"{'clients':>8} {'seconds':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7}")
    print(f"{args.clients:8d} {elapsed:8.1f} {len(latencies):9d} {len(latencies) / elapsed:8.1f} "
          f"{q[49]:8.1f} {q[94]:8.1f} {q[98]:8.1f} {len(errors):7d}")
    for e in sorted(set(errors))[:10]:
        print("error:", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
