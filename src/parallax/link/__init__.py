"""link stage: cross-corpus results over every analysed article."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from parallax.link.aliases import group_aliases
from parallax.link.duplicates import find_duplicates
from parallax.link.figures import group_figures
from parallax.link.framing import compare_framing
from parallax.link.quotes import cluster_quotes
from parallax.link.speakers import canonical_speakers
from parallax.link.timeline import build_timeline
from parallax.model import Analysis, Article, LinkResult


def link_corpus(items: Sequence[tuple[Article, Analysis]], user_aliases: Path | None = None) -> LinkResult:
    aliases = group_aliases(items, user_aliases)
    speakers = canonical_speakers(((q.speaker, q.speaker_role) for _a, an in items for q in an.quotes), aliases)
    return LinkResult(
        aliases=aliases,
        speakers=speakers,
        quote_clusters=cluster_quotes(items),
        figure_groups=group_figures(items),
        events=build_timeline(items),
        framing=compare_framing(items),
        duplicates=find_duplicates(items),
    )
