"""Scoring the corpus-level layers against the dev gold: alias groups, framing terms, figures.

`load_gold_corpus(gold_dir)` builds (Article, gold) pairs straight from the gold files (the body is
every line that is neither the headline nor gold boilerplate), so these layers can be scored apart
from the cleaner's errors. Gold format: ../shared/eval/dev/README.md.
"""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from collections import defaultdict
from typing import Any, Iterable, Sequence

from parallax.evaluate.metrics import match_one_to_one
from parallax.model import AliasGroup, Article, Fact, Figure, LinkResult, Zone, article_id


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
                  alias_groups: Sequence[AliasGroup], texts: Sequence[str] | None = None) -> dict:
    """Recall: a gold group is recalled when one predicted group holds all its spellings.
    Precision (with the articles' `texts`, headline and body): in each article, a predicted group
    cut down to the spellings the article uses (two or more) is right when it lies inside one of
    the article's gold groups; `p` is the share of such article groups that are right."""
    predicted = [set(g.spellings) for g in alias_groups]
    gold_lists = [list(groups) for groups in gold_groups_per_article]
    n_gold = hit = 0
    missed = []
    for groups in gold_lists:
        for group in groups:
            n_gold += 1
            if any(set(group) <= p for p in predicted):
                hit += 1
            else:
                missed.append(list(group))
    out = {"r": hit / n_gold if n_gold else 0.0, "n_gold": n_gold, "n_pred": len(predicted), "missed": missed}
    if texts is not None:
        n_pred = right = 0
        spurious = []
        for groups, text in zip(gold_lists, texts):
            gold_sets = [set(g) for g in groups]
            for spellings in predicted:
                used = _used_spellings(spellings, text)
                if len(used) < 2:
                    continue
                n_pred += 1
                if any(used <= g for g in gold_sets):
                    right += 1
                else:
                    spurious.append(sorted(used))
        p, r = (right / n_pred if n_pred else 0.0), out["r"]
        out.update(p=p, f1=2 * p * r / (p + r) if p + r else 0.0, n_pred=n_pred, spurious=spurious)
    return out


def _used_spellings(spellings: set[str], text: str) -> set[str]:
    """The spellings that occur in `text` on their own, not only inside a longer spelling of the
    same group ("Holt" inside "Mira Holt" is not a use of "Holt")."""
    spans = {s: [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)] for s in spellings}
    covered = [span for s in spellings for span in spans[s]]
    return {s for s in spellings if any(not any(o[0] <= a and b <= o[1] and o != (a, b) for o in covered)
                                        for a, b in spans[s])}


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


def stored_links(items: Sequence[tuple[Article, Any]]) -> LinkResult:
    """What `parallax link` leaves in a store holding these analysed articles: the groups the
    keyed linkers make block by block, from the parts a block loads, read back from the store.
    The link layers score these, not a link of the whole corpus in memory."""
    import tempfile

    from parallax import pipeline
    from parallax.link import prepare
    from parallax.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "links.db"))
        try:
            store.add_articles([article for article, _ in items])
            store.save_analyses([prepare((article, dataclasses.replace(analysis))) for article, analysis in items])
            pipeline.link(store)
            return store.link_result()
        finally:
            store.close()


def corpus_layer_scores(items: Sequence[tuple[Article, "Analysis"]], golds: Sequence[dict],
                        links: LinkResult | None = None) -> dict:
    """The `aliases` and `framing` layers for analysed articles and their gold files (same order);
    alias groups are the stored ones (`links`, else `stored_links(items)`)."""
    from parallax.link.framing import article_terms

    links = links if links is not None else stored_links(items)
    aliases = score_aliases([g.get("alias_groups", []) for g in golds], links.aliases,
                            [f"{article.headline.value or ''}\n{article.body}" for article, _ in items])
    framing = score_framing([g.get("framing_terms", []) for g in golds],
                            [article_terms(article, analysis) for article, analysis in items])
    return {"aliases": aliases, "framing": framing}


# ---- links across articles ------------------------------------------------------------------
# Gold for links comes from the per-article gold of one story (`stories.tsv`: article -> story;
# without it the whole folder is one story). Every layer compares *pairs of items in different
# articles*: a predicted item is mapped to the gold item of its article whose span it overlaps
# most (figures: with the same value first); a predicted pair is right when both items map to gold
# items that form a gold pair. A predicted item with no gold counterpart makes its pairs wrong.
# Definitions (docs/link_gold.md says the same for readers):
#   figure_groups  gold figures with the same `what` in one story;
#   disagreements  those pairs whose qualifier intervals do not overlap (`link.figures.interval`);
#                  predicted: the pairs the tool reports as disagreeing (`disagreeing_pairs`);
#   quote_clusters same canonical speaker (case and a leading "the" ignored) and the same statement:
#                  they share >= STATEMENT_MIN_SHARED content tokens, covering >= STATEMENT_MIN_COVER
#                  of the shorter quote's content tokens (a partial quote is the same statement);
#   timeline       calendar timexes (a day, week, month, year ... not durations or PRESENT_REF) with
#                  the same value whose sentences, the timex itself left out, tell the same event:
#                  they share >= EVENT_MIN_SHARED content tokens covering >= EVENT_MIN_COVER of the
#                  shorter sentence's, or are the same statement as above.

STATEMENT_MIN_SHARED = 2
STATEMENT_MIN_COVER = 0.5
EVENT_MIN_SHARED = 3
EVENT_MIN_COVER = 1 / 3
_TOKEN = re.compile(r"[^\W_]+(?:[’'.,-][^\W_]+)*", re.UNICODE)
_CALENDAR = re.compile(r"\d{3}[\dX](?:-(?:\d\d|W\d\d|Q\d|H\d|SU|FA|WI|SP)(?:-\d\d)?(?:-WE)?)?(?:T\w+)?(?:/.+)?")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)[.?!][”\"’')\]]*\s+(?=[A-Z0-9“\"‘'])")


def content_tokens(text: str) -> set[str]:
    """Lower-cased words and numbers of a text, function words out, inflection endings cut
    ("destroyed" / "destroying" -> "destroy")."""
    from spacy.lang.en.stop_words import STOP_WORDS
    tokens = (t.casefold().replace("’", "'") for t in _TOKEN.findall(text))
    return {_stem(t.replace(",", "")) for t in tokens if t not in STOP_WORDS and (len(t) > 2 or t.isdigit())}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def same_statement(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return shared >= STATEMENT_MIN_SHARED and shared >= STATEMENT_MIN_COVER * min(len(a), len(b))


def _speaker(name: str | None) -> str:
    name = (name or "").casefold().strip()
    return name[4:] if name.startswith("the ") else name


def _sentence_at(source: str, start: int) -> tuple[int, int]:
    """The guideline's sentence around `start`: line breaks and [.?!] before an upper-case start."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    line_end = len(source) if line_end == -1 else line_end
    s, e = line_start, line_end
    for m in _SENTENCE_END.finditer(source, line_start, line_end):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= start:
            e = m.start() + 1
            break
    return s, e


def _pairs(members: Sequence[tuple[str, int]]) -> set[frozenset]:
    """Pairs of items (article, index) in different articles."""
    return {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:] if a[0] != b[0]}


def _prf(gold: set, pred: set, **extra) -> dict:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n_gold": len(gold),
            "n_pred": len(pred), "missed": sorted(map(sorted, gold - pred)),
            "spurious": sorted(map(sorted, pred - gold)), **extra}


class _LinkGold:
    """Gold items of every article, located in the source, and the map predicted -> gold."""

    def __init__(self, items: Sequence[tuple[Article, Any]], golds: Sequence[dict], story_of: dict[str, str]):
        from parallax.evaluate.dev import _gold_items
        self.items, self.golds = items, golds
        self.names = [g["article"] for g in golds]
        self.story = {n: story_of.get(n, "") for n in self.names}
        self.gold = {layer: [_gold_items(a.source_text, g.get(layer, []), key="value" if layer == "figures" else None)
                             for (a, _), g in zip(items, golds)] for layer in ("figures", "quotes", "timexes")}

    def mapping(self, layer: str, attr: str) -> dict[tuple[str, int], tuple[str, int]]:
        """(article id, predicted index) -> (article name, gold index), one-to-one by span overlap."""
        from parallax.evaluate.dev import _overlap_ratio, source_span
        out = {}
        for (article, analysis), name, gold in zip(self.items, self.names, self.gold[layer]):
            pred = getattr(analysis, attr)
            spans = [source_span(article, p.start, p.end) for p in pred]

            def same(gi: int, pi: int) -> float:
                ratio = _overlap_ratio(gold[gi]["span"], spans[pi])
                if ratio and layer == "figures" and abs(float(gold[gi]["value"]) - pred[pi].value) < 1e-6:
                    ratio += 1.0                      # one span may carry two figures: the value decides
                return ratio
            for gi, pi in match_one_to_one(range(len(gold)), range(len(pred)), same):
                out[(article.id, pi)] = (name, gi)
        return out

    def gold_item(self, ref: tuple[str, int], layer: str) -> dict:
        return self.gold[layer][self.names.index(ref[0])][ref[1]]

    def gold_refs(self, layer: str) -> list[tuple[str, int]]:
        return [(name, gi) for name, gold in zip(self.names, self.gold[layer]) for gi in range(len(gold))]

    def gold_pairs(self, layer: str, same) -> set[frozenset]:
        """Pairs of gold items (refs) in different articles of one story for which `same(a, b)` holds."""
        by_story: dict[str, list] = defaultdict(list)
        for ref in self.gold_refs(layer):
            by_story[self.story[ref[0]]].append(ref)
        return {pair for refs in by_story.values() for pair in _pairs(refs) if same(*sorted(pair))}

    def predicted_pairs(self, groups: Sequence[Sequence[tuple[str, int]]], layer: str, attr: str,
                        keep=None) -> set[frozenset]:
        """Pairs inside predicted groups, in gold terms; an unmapped item stands for itself."""
        to_gold = self.mapping(layer, attr)
        out = set()
        for members in groups:
            for pair in _pairs(list(members)):
                if keep is None or keep(*sorted(pair)):
                    out.add(frozenset(to_gold.get(ref, ("?" + ref[0], ref[1])) for ref in pair))
        return out


def _figure(item: dict) -> Figure:
    return Figure(0, 0, item["text"], float(item["value"]), item.get("qualifier") or "exact", item.get("unit", ""))


def link_layer_scores(items: Sequence[tuple[Article, Any]], golds: Sequence[dict],
                      story_of: dict[str, str] | None = None, links: LinkResult | None = None) -> dict:
    """`links.figure_groups`, `links.disagreements`, `links.quote_clusters`, `links.timeline` for
    analysed articles and their gold files (same order), scored on the stored groups (`links`,
    else `stored_links(items)`)."""
    from parallax.link.figures import agree, disagreeing_pairs

    links = links if links is not None else stored_links(items)
    lg = _LinkGold(items, golds, story_of or {})
    out = {}
    fig = lambda ref: lg.gold_item(ref, "figures")  # noqa: E731
    same_what = lambda a, b: fig(a)["what"] == fig(b)["what"]  # noqa: E731
    groups = links.figure_groups
    out["links.figure_groups"] = _prf(lg.gold_pairs("figures", same_what),
                                      lg.predicted_pairs([g.members for g in groups], "figures", "figures"))
    out["links.disagreements"] = _prf(
        lg.gold_pairs("figures", lambda a, b: same_what(a, b) and not agree(_figure(fig(a)), _figure(fig(b)))),
        lg.predicted_pairs([pair for g in groups if g.disagreement for pair in disagreeing_pairs(g, items)],
                           "figures", "figures"))

    def same_quote(ra, rb) -> bool:
        a, b = lg.gold_item(ra, "quotes"), lg.gold_item(rb, "quotes")
        return bool(_speaker(a.get("speaker"))) and _speaker(a.get("speaker")) == _speaker(b.get("speaker")) \
            and same_statement(content_tokens(a["text"]), content_tokens(b["text"]))
    out["links.quote_clusters"] = _prf(lg.gold_pairs("quotes", same_quote),
                                       lg.predicted_pairs([c.members for c in links.quote_clusters], "quotes", "quotes"))
    sources = dict(zip(lg.names, (a.source_text for a, _ in items)))

    def event_tokens(name: str, item: dict) -> set[str]:
        source = sources[name]
        s, e = _sentence_at(source, item["span"][0])
        return content_tokens(source[s:item["span"][0]] + " " + source[item["span"][1]:e])
    tokens = {ref: event_tokens(ref[0], lg.gold_item(ref, "timexes")) for ref in lg.gold_refs("timexes")}

    def same_event(a, b) -> bool:
        value = lg.gold_item(a, "timexes")["value"]
        return value == lg.gold_item(b, "timexes")["value"] and bool(_CALENDAR.fullmatch(value)) \
            and (same_statement(tokens[a], tokens[b]) or len(tokens[a] & tokens[b]) >= max(
                EVENT_MIN_SHARED, EVENT_MIN_COVER * min(len(tokens[a]), len(tokens[b]))))
    out["links.timeline"] = _prf(lg.gold_pairs("timexes", same_event),
                                 lg.predicted_pairs([e.members for e in links.events], "timexes", "timexes"))
    return out
