"""The store's tables (SQLAlchemy Core). Columns mirror the fields of `parallax.model` so rows
convert both ways without hand-written mapping; Alembic migrations create and evolve them."""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData,
                        Table, Text, false)

metadata = MetaData()


def _article_fk() -> Column:
    return Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    Column("uri", Text, nullable=False),
    Column("url", Text),
    Column("source_text", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("segments", JSON, nullable=False),
    Column("zones", JSON, nullable=False),
    Column("headline", Text),
    Column("headline_how", Text),
    Column("outlet", Text),
    Column("outlet_how", Text),
    Column("outlet_confidence", Float),
    Column("outlet_country", Text),
    Column("published", Text),
    Column("published_how", Text),
    Column("published_confidence", Float),
    Column("published_evidence", Text),
    Column("byline", Text),
    Column("byline_how", Text),
    Column("credits", JSON, nullable=False),
    Column("language", Text),
    Column("fetched_at", Text),
    Column("warnings", JSON, nullable=False),
    Column("ingested_at", Text, nullable=False),
    Column("analyzed", Boolean, nullable=False, default=False),
    Column("keyed", Boolean, nullable=False, default=False, server_default=false()),  # link_keys written
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_analyzed", "analyzed"),
    Index("ix_articles_keyed", "analyzed", "keyed"),
)

sentences = Table(
    "sentences", metadata,
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_sentences_article", "article_id", "idx", unique=True),
)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("canonical", Text, nullable=False),
    Index("ix_entities_article", "article_id", "idx", unique=True),
    Index("ix_entities_canonical", "canonical"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("speaker_mention", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker", Text),
    Column("speaker_role", Text),
    Column("addressee", Text),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("cluster_id", Integer),
    Index("ix_quotes_article", "article_id", "idx", unique=True),
    Index("ix_quotes_speaker", "speaker"),
    Index("ix_quotes_cluster", "cluster_id"),
)

timexes = Table(
    "timexes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("mod", Text),
    Column("anchored", Boolean, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Index("ix_timexes_article", "article_id", "idx", unique=True),
    Index("ix_timexes_value", "value"),
)

figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("qualifier", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("what", Text, nullable=False),
    Column("measure", Text, nullable=False),
    Column("cited", Text),
    Column("subject", Text, nullable=False, server_default=""),
    Column("period", Text, nullable=False, server_default=""),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("group_id", Integer),
    Column("high", Float),
    Index("ix_figures_article", "article_id", "idx", unique=True),
    Index("ix_figures_group", "group_id"),
)

# ---- keyed link (link/): each analysis writes the blocks its items are linked in --------------
# `link_keys`: the item `idx` of an article (a quote, a figure, ...; 0 for the article itself) is
# linked in block (kind, key). `link_dirty`: blocks whose items changed since they were last linked.
link_keys = Table(
    "link_keys", metadata,
    Column("kind", Text, nullable=False),
    Column("key", Text, nullable=False),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Index("ix_link_keys_block_article", "kind", "key", "article_id"),   # a block's articles, one lookup each
    Index("ix_link_keys_article", "article_id"),
)

link_dirty = Table(
    "link_dirty", metadata,
    Column("kind", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("marked", Text, nullable=False, server_default=""),   # a fresh token each time it is marked
)

# Framing's per-article counts, written by analyze; link only sums and scores them.
framing_counts = Table(
    "framing_counts", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("outlet", Text),   # the outlet its counts were summed under in framing_totals
)

# Framing counts summed over the corpus as analyses are saved (`parallax.link.framing.article_totals`):
# link reads only the rows of terms it may keep, in key order (on SQLite the table is clustered by
# its key, migration 0015). part: gram / size / word / cap / mark / name.
framing_totals = Table(
    "framing_totals", metadata,
    Column("part", Text, primary_key=True),
    Column("term", Text, primary_key=True),
    Column("outlet", Text, primary_key=True),
    Column("count", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("first_article", Text),   # the outlet's first article (by id) using the term, and its sentence
    Column("first_idx", Integer),
    Index("ix_framing_totals_first", "first_article"),
    sqlite_with_rowid=False,
)

# Alias blocks' per-article counts (`parallax.link.aliases.block_counts`), written with the keys and
# summed per block in alias_totals, so link reads a block's spellings, not its articles; the
# articles using a spelling are read from alias_counts (part "label": one row per label it bears).
# `seq`: the row's first event in its article; a total's first article and event, the least of them.
alias_counts = Table(
    "alias_counts", metadata,
    _article_fk(),
    Column("key", Text, nullable=False),
    Column("spelling", Text, nullable=False),
    Column("part", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("count", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Index("ix_alias_counts_article", "article_id"),
    Index("ix_alias_counts_spelling", "key", "spelling", "part"),
)

alias_totals = Table(
    "alias_totals", metadata,
    Column("key", Text, primary_key=True),
    Column("spelling", Text, primary_key=True),
    Column("part", Text, primary_key=True),
    Column("value", Text, primary_key=True),
    Column("count", Integer, nullable=False),
    Column("first_article", Text, nullable=False),
    Column("first_seq", Integer, nullable=False),
    Index("ix_alias_totals_first", "first_article"),
)

# The timeline's entries of each article (`parallax.link.timeline.article_entries`), written with
# the keys: an event block is linked from its reports' entries, joined by key, not from the bodies.
event_entries = Table(
    "event_entries", metadata,
    _article_fk(),
    Column("idx", Integer, nullable=False),      # the timex
    Column("value", Text, nullable=False),
    Column("clause", Text, nullable=False),
    Column("stems", Text, nullable=False),       # content stems, space-separated
    Column("common", Text, nullable=False),      # stems of its lower-case words
    Index("ix_event_entries_article", "article_id", "idx", unique=True),
)

# The timeline's clusters of each date (`parallax.link.timeline.Cluster`, as JSON, with the clusters it
# conflicts with): a date is relinked only when its entries change. `key`: the date and first report.
event_clusters = Table(
    "event_clusters", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),     # the date
    Column("data", JSON, nullable=False),
    Index("ix_event_clusters_value", "value"),
)

# The stems of each stored cluster's first report, by bucket (`timeline.month_of`): the clusters a new
# one may conflict with are those sharing two stems in its bucket and the two beside it.
event_stems = Table(
    "event_stems", metadata,
    Column("stem", Text, nullable=False),
    Column("month", Text, nullable=False),
    Column("cluster", Text, nullable=False),   # event_clusters.key
    Index("ix_event_stems_stem", "stem", "month"),
    Index("ix_event_stems_cluster", "cluster"),
)

# The conflicts of each stored cluster, one row per peer, both ways (the relation is symmetric): a
# new conflict is a row, not a rewrite of a long list. The peer's first report and date order them.
event_conflicts = Table(
    "event_conflicts", metadata,
    Column("cluster", Text, nullable=False),   # event_clusters.key
    Column("peer", Text, nullable=False),      # event_clusters.key
    Column("published", Text, nullable=False),
    Column("article_id", Text, nullable=False),
    Column("idx", Integer, nullable=False),
    Column("value", Text, nullable=False),
    Index("ix_event_conflicts_cluster", "cluster", "value"),
    Index("ix_event_conflicts_peer", "peer"),
)

# Cross-corpus results: one row per alias group, quote cluster, figure group, event, framing term or
# duplicate pair, linked in block (kind, key). `id` is kept across relinks for the same `stable_id`
# (the block key and the group's earliest member), so URLs such as /disagreements#g3 stay valid.
# name / label / flag / score are what the pages filter and sort on; `data` holds the model object.
groups = Table(
    "groups", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("stable_id", Text, nullable=False),
    Column("name", Text),            # speaker, canonical name, measure, date value, term
    Column("label", Text),           # entity label of an alias group
    Column("flag", Boolean, nullable=False, default=False, server_default=false()),  # disagreement
    Column("score", Float, nullable=False, default=0.0, server_default="0"),          # framing score
    Column("size", Integer, nullable=False, default=0, server_default="0"),           # members
    Column("data", JSON, nullable=False),
    Index("ix_groups_block", "kind", "key"),
    Index("ix_groups_stable", "kind", "stable_id", unique=True),
    Index("ix_groups_name", "kind", "name"),
)

group_members = Table(
    "group_members", metadata,
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Index("ix_group_members_group", "group_id"),
    Index("ix_group_members_item", "kind", "article_id", "idx"),
)

link_state = Table(   # alias file fingerprint, link generation
    "link_state", metadata,
    Column("name", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uri", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", Text, nullable=False),
    Index("ix_failures_uri", "uri"),
)

# One row: a counter every write transaction increments, so a reader can tell that anything changed
# (a relink that rewrites as many rows as before included) with one cheap query.
store_generation = Table(
    "store_generation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)

ANALYSIS_TABLES = (entities, quotes, timexes, figures)
