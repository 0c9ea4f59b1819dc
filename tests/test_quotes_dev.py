"""Regression guard on the five dev articles (read from ../shared; skipped when absent).

Thresholds sit a little under the measured figures (bench/quotes_dev_check.py) so that a real
regression fails while the suite does not chase the last quote."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def dev_scores(nlp):
    from bench import quotes_dev_check
    if not quotes_dev_check.SHARED.is_dir():
        pytest.skip(f"{quotes_dev_check.SHARED} is absent")
    from parallax.analyze.quotes import extract_quotes
    return quotes_dev_check.dev_scores(extract_quotes)


def test_dev_quotes_found(dev_scores):
    assert dev_scores["direct.f1"] >= 0.95
    assert dev_scores["indirect.f1"] >= 0.85
    assert dev_scores["all.p"] >= 0.95


def test_dev_speakers_resolved(dev_scores):
    assert dev_scores["speaker_acc"] >= 0.95
    assert dev_scores["cue_acc"] >= 0.95
