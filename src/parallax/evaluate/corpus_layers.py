"""Scoring the corpus-level layers against the dev gold: alias groups, framing terms, figures.

`load_gold_corpus(gold_dir)` builds (Article, gold) pairs straight from the gold files (the body is
every line that is neither the headline nor gold boilerplate), so these layers can be scored apart
from the cleaner's errors. Gold format: ../shared/eval/dev/README.md.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Sequence

from parallax.model import AliasGroup, Article, Fact, Figure, Zone, article_id


def shared_dir(repo_root: Path) -> Path:
    """`../shared` next to the repository; from a git worktree, the nearest ancestor's `shared/`."""
    for parent in [repo_root, *repo_root.parents]:
        candidate = parent / ".." / "shared" if parent == repo_root else parent / "shared"
        if candidate.is_dir():
            return candidate
    return repo_root / ".." / "shared"


def load_gold_corpus(gold_dir: Path) -> list[tuple[Article, dict]]:
    """Articles rebuilt from `gold_dir/../articles` with the gold zones, outlet and date."""
    gold_dir = Path(gold_dir)
    pairs = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (gold_dir.parent / "articles" / gold["article"]).read_text(encoding="utf-8")
        pairs.append((gold_article(text, gold, uri=str(path)), gold))
    return pairs


def gold_article(text: str, gold: dict, uri: str = "") -> Article:
    boilerplate = list(gold.get("boilerplate_lines", []))
    zones, segments, body_lines = [], [], []
    offset, body_len = 0, 0
    headline_seen = False
    for line in text.split("\n"):
        if line.strip():
            if line == gold.get("headline") and not headline_seen:
                label, headline_seen = "headline", True
            elif line in boilerplate:
                boilerplate.remove(line)
                label = "boilerplate"
            else:
                label = "body"
            zones.append(Zone(offset, offset + len(line), label))
            if label == "body":
                if body_lines:
                    body_len += 1
                segments.append((body_len, offset, len(line)))
                body_lines.append(line)
                body_len += len(line)
        offset += len(line) + 1
    published = gold.get("published") or gold.get("published_inferred")
    return Article(
        id=article_id(text), uri=uri, source_text=text, body="\n".join(body_lines),
        segments=segments, zones=zones, headline=Fact(gold.get("headline")),
        outlet=Fact(gold.get("outlet") or f"(unnamed: {gold['article']})"),
        published=Fact(published), byline=Fact(gold.get("byline")))


# ---- alias groups -------------------------------------------------------------------------

def score_aliases(gold_groups_per_article: Iterable[Sequence[Sequence[str]]],
                  alias_groups: Sequence[AliasGroup]) -> dict:
    """Recall: a gold group is recalled when one predicted group holds all its spellings."""
    predicted = [set(g.spellings) for g in alias_groups]
    n_gold = hit = 0
    missed = []
    for groups in gold_groups_per_article:
        for group in groups:
            n_gold += 1
            if any(set(group) <= p for p in predicted):
                hit += 1
            else:
                missed.append(list(group))
    return {"r": hit / n_gold if n_gold else 0.0, "n_gold": n_gold, "n_pred": len(predicted),
            "missed": missed}


# ---- framing terms ------------------------------------------------------------------------

def _content_words(phrase: str) -> set[str]:
    stop = {"the", "a", "an", "of", "to", "in", "on", "as", "by", "and", "or", "that", "its", "is",
            "was", "has", "have", "be", "for", "from", "with", "at", "it", "this"}
    return {w for w in re.findall(r"[a-z]+", phrase.lower().replace("’", "'")) if w not in stop}


def score_framing(gold_terms_per_article: Sequence[Sequence[str]],
                  predicted_terms_per_article: Sequence[Sequence[str]]) -> dict:
    """Recall with partial overlap: a gold term is recalled when a predicted term of the same
    article shares at least half of the gold term's content words (and at least one).
    Precision is reported the same way, the other way round. `r_contained` is the stricter
    recall where one string contains the other."""
    n_gold = hit = n_pred = pred_hit = contained = 0
    missed = []
    for gold_terms, pred_terms in zip(gold_terms_per_article, predicted_terms_per_article):
        lowered = [p.lower() for p in pred_terms]
        contained += sum(any(g.lower() in p or p in g.lower() for p in lowered) for g in gold_terms)
        pred_words = [_content_words(p) for p in pred_terms]
        gold_words = [_content_words(g) for g in gold_terms]
        for term, words in zip(gold_terms, gold_words):
            n_gold += 1
            if words and any(len(words & p) * 2 >= len(words) for p in pred_words if p):
                hit += 1
            else:
                missed.append(term)
        for words in pred_words:
            n_pred += 1
            if words and any(len(words & g) * 2 >= len(g) for g in gold_words if g):
                pred_hit += 1
    r = hit / n_gold if n_gold else 0.0
    p = pred_hit / n_pred if n_pred else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n_gold": n_gold,
            "n_pred": n_pred, "r_contained": contained / n_gold if n_gold else 0.0, "missed": missed}


# ---- figures ------------------------------------------------------------------------------

def gold_span(body: str, text: str, sentence_start: str) -> tuple[int, int] | None:
    """Where a gold span lies in the body: the first occurrence at or after its sentence start."""
    anchor = body.find(sentence_start)
    at = body.find(text, max(anchor, 0))
    if at == -1:
        at = body.find(text)
    return (at, at + len(text)) if at != -1 else None


def score_figures(pairs: Sequence[tuple[Article, dict, Sequence[Figure]]]) -> dict:
    """Value and overlapping span, one-to-one matching. Returns p, r, f1 and the misses."""
    n_gold = n_pred = hit = 0
    missed, spurious = [], []
    for article, gold, predicted in pairs:
        used: set[int] = set()
        n_pred += len(predicted)
        for g in gold.get("figures", []):
            n_gold += 1
            span = gold_span(article.body, g["text"], g["sentence_start"])
            match = next((i for i, f in enumerate(predicted) if i not in used and span
                          and f.start < span[1] and span[0] < f.end
                          and abs(f.value - float(g["value"])) < 1e-6), None)
            if match is None:
                missed.append((gold["article"], g["text"], g["value"]))
            else:
                used.add(match)
                hit += 1
        spurious += [(gold["article"], f.text, f.value) for i, f in enumerate(predicted) if i not in used]
    p = hit / n_pred if n_pred else 0.0
    r = hit / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n_gold": n_gold,
            "n_pred": n_pred, "missed": missed, "spurious": spurious}


def corpus_layer_scores(items: Sequence[tuple[Article, "Analysis"]], golds: Sequence[dict]) -> dict:
    """The `aliases` and `framing` layers for analysed articles and their gold files (same order)."""
    from parallax.link.aliases import group_aliases
    from parallax.link.framing import article_terms

    aliases = score_aliases([g.get("alias_groups", []) for g in golds], group_aliases(items))
    framing = score_framing([g.get("framing_terms", []) for g in golds],
                            [article_terms(article, analysis) for article, analysis in items])
    return {"aliases": aliases, "framing": framing}
