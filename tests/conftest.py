"""Shared fixtures. Real articles are read from ../shared (copyright text stays there)."""
from __future__ import annotations

from pathlib import Path

import pytest

from parallax import model

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "examples" / "sample"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"{SHARED} is absent (it sits beside the repository in development and CI)")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from parallax.analyze.nlp import load_nlp
    return load_nlp()


def make_article(body: str, *, headline: str = "A headline", outlet: str | None = "Test Herald",
                 published: str | None = "2025-01-15") -> model.Article:
    """An article whose source text is its headline line plus its body."""
    source = f"{headline}\n{body}"
    return model.Article(
        id=model.article_id(source), uri="test://" + headline, source_text=source, body=body,
        segments=[(0, len(headline) + 1, len(body))],
        zones=[model.Zone(0, len(headline), "headline"), model.Zone(len(headline) + 1, len(source), "body")],
        headline=model.Fact(headline, "test"), outlet=model.Fact(outlet, "test"),
        published=model.Fact(published, "printed:test"), byline=model.Fact(None),
    )
