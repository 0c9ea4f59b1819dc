"""The streaming pool keeps input order and never runs far ahead of its consumer."""
from __future__ import annotations

from parallax.scale.distributed import make_shards
from parallax.scale.pool import stream_map


def test_results_come_in_input_order_with_bounded_read_ahead():
    pulled = 0

    def items():
        nonlocal pulled
        for i in range(-50, 0):
            pulled += 1
            yield i

    got = []
    for result in stream_map(abs, items(), workers=2, in_flight_per_worker=2, tasks_per_child=5):
        got.append(result)
        assert pulled - len(got) <= 4   # at most workers * in_flight_per_worker ahead
    assert got == [abs(i) for i in range(-50, 0)]


def test_one_worker_runs_in_this_process():
    assert list(stream_map(lambda x: x * 2, range(5), workers=1)) == [0, 2, 4, 6, 8]


def test_shards_keep_reading_order_and_containers_alone(tmp_path):
    for name in ("b.txt", "a.txt", "c.jsonl", "d.html", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("x")
    shards = list(make_shards([tmp_path], files_per_shard=2))
    names = [[p.rsplit("/", 1)[1] for p in shard] for shard in shards]
    assert names == [["a.txt", "b.txt"], ["c.jsonl"], ["d.html", "e.txt"]]
