"""Load test: 200 concurrent clients on the list and search endpoints of the server (`parallax serve`'s
uvicorn with its limits) on 127.0.0.1, for a bounded time, while `--slow` slowloris clients (300 by
default, at most 1,000) hold connections open by sending a request's headers one line every couple of
seconds, reconnecting whenever the server cuts them off. Prints requests/s, latency percentiles and
errors of the normal clients (p99 < 1 s and zero errors expected), and what happened to the slow ones.
Everything stays on loopback.

    PYTHONPATH=src python bench/load_test.py [--db store.db] [--clients 200] [--slow 300] [--seconds 60]
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
from urllib.parse import urlencode

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


class Connection:
    """One keep-alive HTTP/1.1 connection of a normal client, spoken over raw asyncio streams: httpx
    costs about a millisecond of CPU a request, so at 200 clients on a small machine the bench measured
    its own client's queue rather than the server (1,716 req/s from wrk vs 191 from httpx, one run)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def get(self, target: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            self.writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            status = int(head.split(None, 2)[1])
            if "transfer-encoding: chunked" in head:
                while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                    await self.reader.readexactly(size + 2)
                await self.reader.readuntil(b"\r\n")
            else:
                length = head.split("content-length:", 1)[1].split("\r\n", 1)[0] if "content-length:" in head else "0"
                await self.reader.readexactly(int(length))
            if "connection: close" in head:
                self.close()
            return status
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            self.close()
            raise

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client_loop(connection: Connection, until: float, rng: random.Random, latencies: list, errors: list):
    while time.monotonic() < until:
        path, params = rng.choice(PATHS)
        target = path + "?" + urlencode({**params, "offset": rng.choice([0, 0, 20, 100])})
        t0 = time.perf_counter()
        try:
            status = await asyncio.wait_for(connection.get(target), 30)
            if status != 200:
                errors.append(f"{status} {path}")
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError) as exc:
            connection.close()
            errors.append(f"{type(exc).__name__} {path}")
        latencies.append((time.perf_counter() - t0) * 1000)


async def slow_client(port: int, until: float, interval: float, stats: dict) -> None:
    """Slowloris: a request line, then one header line every `interval` seconds, never the blank line."""
    while time.monotonic() < until:
        opened = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            stats["refused"] += 1
            await asyncio.sleep(interval)
            continue
        stats["opened"] += 1
        try:
            writer.write(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while time.monotonic() < until:
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1), interval) == b"":
                        break                          # the server closed the connection
                except asyncio.TimeoutError:
                    writer.write(b"X-Slow: 1\r\n")
            else:
                continue
            stats["cut"] += 1
            stats["lifetimes"].append(time.monotonic() - opened)
        except OSError:
            stats["cut"] += 1
            stats["lifetimes"].append(time.monotonic() - opened)
        finally:
            writer.close()


async def run(base: str, clients: int, seconds: float, slow: int = 0, interval: float = 2.0
              ) -> tuple[list, list, float, dict]:
    latencies, errors = [], []
    stats = {"opened": 0, "cut": 0, "refused": 0, "lifetimes": []}
    port = int(base.rsplit(":", 1)[1])
    pool = [Connection(port) for _ in range(clients)]
    start = time.monotonic()
    until = start + seconds
    slowloris = [asyncio.create_task(slow_client(port, until, interval, stats)) for _ in range(slow)]
    await asyncio.sleep(min(2.0, seconds / 4) if slow else 0)   # let the slow clients take their seats first
    try:
        await asyncio.gather(*(client_loop(c, until, random.Random(i), latencies, errors)
                               for i, c in enumerate(pool)))
    finally:
        for connection in pool:
            connection.close()
        await asyncio.gather(*slowloris, return_exceptions=True)
    return latencies, errors, time.monotonic() - start, stats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--slow", type=int, default=300, help="slowloris connections beside the clients (<= 1000)")
    parser.add_argument("--slow-interval", type=float, default=2.0, help="seconds between their header lines")
    args = parser.parse_args()
    args.slow = max(0, min(args.slow, 1000))
    db = args.db or str(Path(tempfile.mkdtemp()) / "load.db")
    if not Path(db).exists():
        from synthetic_store import build
        build(db, args.articles)
    port = free_port()
    launch = ("import sys; from parallax.serve import create_app; from parallax.serve.server import serve; "
              "serve(create_app(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), backlog=4096)")
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
        latencies, errors, elapsed, slow = asyncio.run(run(base, args.clients, args.seconds, args.slow,
                                                           args.slow_interval))
    finally:
        server.terminate()
        server.wait(10)
    q = statistics.quantiles(latencies, n=100)
    print(f"{'clients':>8} {'seconds':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7}")
    print(f"{args.clients:8d} {elapsed:8.1f} {len(latencies):9d} {len(latencies) / elapsed:8.1f} "
          f"{q[49]:8.1f} {q[94]:8.1f} {q[98]:8.1f} {len(errors):7d}")
    if args.slow:
        lives = sorted(slow["lifetimes"])
        print(f"slow clients: {args.slow:,} at a time, {slow['opened']:,} connections opened, {slow['cut']:,} cut off "
              f"by the server (median after {lives[len(lives) // 2] if lives else 0:.1f} s), "
              f"{slow['refused']:,} refused")
    ok = q[98] < 1000 and not errors
    print(f"normal clients {'kept' if ok else 'did NOT keep'} p99 < 1 s with 0 errors "
          f"(p99 {q[98]:,.0f} ms, {len(errors):,} errors){' beside the slow clients' if args.slow else ''}")
    for e in sorted(set(errors))[:10]:
        print("error:", e)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
