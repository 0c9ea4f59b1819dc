"""Export the store as JSONL, CSV or Parquet: one file per table, streamed in batches."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from parallax.store import schema
from parallax.store.db import Store

FORMATS = ("jsonl", "csv", "parquet")
TABLES = {
    "articles": schema.articles, "entities": schema.entities, "quotes": schema.quotes,
    "figures": schema.figures, "timexes": schema.timexes, "links": schema.groups,
    "link_members": schema.group_members,
}
BATCH = 2000


def _batches(store: Store, table: sa.Table) -> Iterator[list[dict]]:
    order = table.c.id if "id" in table.c else table.c.group_id
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(sa.select(table).order_by(order))
        for chunk in result.mappings().partitions(BATCH):
            yield [dict(r) for r in chunk]


def _flat(value):
    """CSV cells: nested values as JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def export(store: Store, out_dir: Path, fmt: str) -> dict[str, int]:
    """Write every table to out_dir/<table>.<fmt>; returns the row count per table."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, table in TABLES.items():
        path = out_dir / f"{name}.{fmt}"
        counts[name] = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](store, table, path)
    return counts


def _jsonl(store: Store, table: sa.Table, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for batch in _batches(store, table):
            for row in batch:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += len(batch)
    return n


def _csv(store: Store, table: sa.Table, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[c.name for c in table.columns])
        writer.writeheader()
        for batch in _batches(store, table):
            writer.writerows({k: _flat(v) for k, v in row.items()} for row in batch)
            n += len(batch)
    return n


def _arrow_schema(table: sa.Table):
    import pyarrow as pa

    kinds = {sa.Integer: pa.int64(), sa.Float: pa.float64(), sa.Boolean: pa.bool_()}
    return pa.schema([(c.name, next((t for k, t in kinds.items() if isinstance(c.type, k)), pa.string()))
                      for c in table.columns])


def _parquet(store: Store, table: sa.Table, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_schema, n = _arrow_schema(table), 0
    with pq.ParquetWriter(path, arrow_schema) as writer:
        for batch in _batches(store, table):
            rows = [{k: _flat(v) for k, v in row.items()} for row in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=arrow_schema))
            n += len(batch)
    return n
