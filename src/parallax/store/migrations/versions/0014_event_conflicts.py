"""event conflicts: a date's clusters are its events, stored with the dates they conflict with

A month's events were built again whenever one of its dates or the neighbours' changed, reading
every cluster of three months (or years) to find conflicting dates. A date's clusters are now its
events (groups keyed by the date), each stored with the dates it conflicts with; its conflicts are
rows of their own (both ways, so a new one is a row, not a rewritten list), and an index of their
stems by bucket finds a new cluster's peers. The conflicts are found here once from the stored
clusters, bucket by bucket as the month step found them; event groups move to their date's key
(stable id: date and first report; ids kept), and a month still waiting for its events has its
dates marked for the next `parallax link`.

Revision ID: 0014_event_conflicts
Revises: 0013_framing_words
"""
from alembic import op
import sqlalchemy as sa

from parallax.link import timeline

revision = "0014_event_conflicts"
down_revision = "0013_framing_words"
branch_labels = None
depends_on = None

OLD = sa.table("event_clusters_old", sa.column("value", sa.Text), sa.column("month", sa.Text),
               sa.column("data", sa.JSON))
NEW = sa.table("event_clusters", sa.column("key", sa.Text), sa.column("value", sa.Text), sa.column("data", sa.JSON))
PAIRS = sa.table("event_conflicts", *(sa.column(n, sa.Text) for n in ("cluster", "peer", "published", "article_id")),
                 sa.column("idx", sa.Integer), sa.column("value", sa.Text))
STEMS = sa.table("event_stems", sa.column("stem", sa.Text), sa.column("month", sa.Text), sa.column("cluster", sa.Text))
GROUPS = sa.table("groups", sa.column("id", sa.Integer), sa.column("kind", sa.Text), sa.column("key", sa.Text),
                  sa.column("stable_id", sa.Text), sa.column("data", sa.JSON))
DIRTY = sa.table("link_dirty", sa.column("kind", sa.Text), sa.column("key", sa.Text), sa.column("marked", sa.Text))


def _rekey(conn: sa.Connection, key_of) -> None:
    """Event groups of a block (not a whole-corpus save, key "") to the key `key_of(date)`, with their stable ids."""
    rows = conn.execute(sa.select(GROUPS.c.id, GROUPS.c.stable_id, GROUPS.c.data)
                        .where(GROUPS.c.kind == "event", GROUPS.c.key != "")).all()
    params = [{"i": gid, "k": key_of(data["value"]), "s": key_of(data["value"]) + sid[sid.index("|"):]}
              for gid, sid, data in rows]
    if params:
        conn.execute(GROUPS.update().where(GROUPS.c.id == sa.bindparam("i"))
                     .values(key=sa.bindparam("k"), stable_id=sa.bindparam("s")), params)


def upgrade() -> None:
    conn = op.get_bind()
    op.drop_index("ix_event_clusters_month", table_name="event_clusters")
    op.drop_index("ix_event_clusters_value", table_name="event_clusters")
    op.rename_table("event_clusters", "event_clusters_old")
    op.create_table("event_clusters", sa.Column("key", sa.Text(), primary_key=True),
                    sa.Column("value", sa.Text(), nullable=False), sa.Column("data", sa.JSON(), nullable=False))
    op.create_index("ix_event_clusters_value", "event_clusters", ["value"])
    op.create_table("event_stems", sa.Column("stem", sa.Text(), nullable=False),
                    sa.Column("month", sa.Text(), nullable=False), sa.Column("cluster", sa.Text(), nullable=False))
    op.create_index("ix_event_stems_stem", "event_stems", ["stem", "month"])
    op.create_index("ix_event_stems_cluster", "event_stems", ["cluster"])
    op.create_table("event_conflicts", *(sa.Column(n, sa.Text(), nullable=False) for n in
                                         ("cluster", "peer", "published", "article_id")),
                    sa.Column("idx", sa.Integer(), nullable=False), sa.Column("value", sa.Text(), nullable=False))
    op.create_index("ix_event_conflicts_cluster", "event_conflicts", ["cluster", "value"])
    op.create_index("ix_event_conflicts_peer", "event_conflicts", ["peer"])
    for (bucket,) in conn.execute(sa.select(OLD.c.month).distinct()).all():
        near = [timeline.cluster_of(d) for d in
                conn.execute(sa.select(OLD.c.data).where(OLD.c.month.in_(timeline.months_of(bucket)))).scalars()]
        found = timeline.with_conflicts(near, lambda value: timeline.month_of(value) == bucket)
        if found:
            conn.execute(NEW.insert(), [{"key": timeline.cluster_key(c), "value": c.value,
                                         "data": timeline.cluster_data(c)} for c in found])
            conn.execute(STEMS.insert(), [{"stem": s, "month": bucket, "cluster": timeline.cluster_key(c)}
                                          for c in found for s in sorted(c.stems)])
            pairs = [{"cluster": timeline.cluster_key(c), "peer": timeline.conflict_key(p), "published": p[0],
                      "article_id": p[1], "idx": p[2], "value": p[3]} for c in found for p in c.conflicts]
            if pairs:
                conn.execute(PAIRS.insert(), pairs)
    op.drop_table("event_clusters_old")
    _rekey(conn, lambda value: value)
    months = set(conn.execute(sa.select(DIRTY.c.key).where(DIRTY.c.kind == "event_month")).scalars())
    dates = set(conn.execute(sa.select(NEW.c.value).distinct()).scalars()) | set(conn.execute(
        sa.select(GROUPS.c.key).where(GROUPS.c.kind == "event", GROUPS.c.key != "").distinct()).scalars())
    waiting = set(d for d in dates if timeline.month_of(d) in months)
    waiting -= set(conn.execute(sa.select(DIRTY.c.key).where(DIRTY.c.kind == "event")).scalars())
    conn.execute(DIRTY.delete().where(DIRTY.c.kind == "event_month"))
    if waiting:
        conn.execute(DIRTY.insert(), [{"kind": "event", "key": d, "marked": "migrated"} for d in sorted(waiting)])

def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(NEW.c.value, NEW.c.data)).all()
    op.drop_table("event_conflicts")
    op.drop_table("event_stems")
    op.drop_table("event_clusters")
    op.create_table("event_clusters", sa.Column("value", sa.Text(), nullable=False),
                    sa.Column("month", sa.Text(), nullable=False), sa.Column("data", sa.JSON(), nullable=False))
    op.create_index("ix_event_clusters_value", "event_clusters", ["value"])
    op.create_index("ix_event_clusters_month", "event_clusters", ["month"])
    if rows:
        old = sa.table("event_clusters", sa.column("value", sa.Text), sa.column("month", sa.Text),
                       sa.column("data", sa.JSON))
        conn.execute(old.insert(), [{"value": v, "month": timeline.month_of(v),
                                     "data": {k: x for k, x in d.items() if k != "conflicting"}} for v, d in rows])
    _rekey(conn, timeline.month_of)
