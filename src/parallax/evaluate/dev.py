"""Scores the pipeline against the dev gold format (`../shared/eval/dev/README.md`):
`articles/<name>.txt` + `gold/<stem>.json`. Gold spans are exact substrings of the article
file located through their `sentence_start`; predicted spans are mapped back to the file
through `Article.to_source`, so both are compared as character offsets of the same text."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parallax.evaluate.corpus_layers import corpus_layer_scores, link_layer_scores, stored_links
from parallax.evaluate.metrics import Counts, accuracy_layer, match_one_to_one, overlap_size, span_counts
from parallax.model import Analysis, Article

QUOTE_KINDS = ("direct", "indirect", "mixed")


def locate(source: str, text: str, sentence_start: str | None, taken: set[int],
           hints: tuple[str | None, ...] = ()) -> tuple[int, int] | None:
    """Offsets of the gold span `text` that begins in the sentence starting with `sentence_start`;
    occurrences already taken by an earlier gold item are skipped (repeated quotes). When the same
    sentence occurs twice (a standfirst repeating the lead), the occurrence whose line holds the
    most `hints` (the gold's speaker mention and cue) is the one the annotator meant."""
    anchors = []
    if sentence_start:
        pos = source.find(sentence_start)
        while pos != -1:
            anchors.append(pos)
            pos = source.find(sentence_start, pos + 1)
    candidates = []
    for anchor in anchors or [0]:
        start = source.find(text, anchor)
        while start != -1 and start in taken:
            start = source.find(text, start + 1)
        if start != -1 and start not in candidates:
            candidates.append(start)
    if not candidates:
        return None
    best = max(candidates, key=lambda s: (_hints_in_line(source, s, len(text), hints), -s))
    taken.add(best)
    return best, best + len(text)


def _hints_in_line(source: str, start: int, length: int, hints: tuple[str | None, ...]) -> int:
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start + length)
    line = source[line_start:line_end if line_end != -1 else len(source)]
    return sum(1 for h in hints if h and h in line)


def source_span(article: Article, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        s = article.to_source(start)
        return s, s
    return article.to_source(start), article.to_source(end - 1) + 1


def _norm(name: str | None) -> str:
    name = (name or "").casefold().strip()
    return name[4:] if name.startswith("the ") else name


def _gold_items(source: str, items: list[dict], key: str | None = None) -> list[dict]:
    """Locate every gold item; with `key`, items that differ in that field may share a span
    (one span can carry two figures)."""
    taken: dict[Any, set[int]] = defaultdict(set)
    located = []
    for item in items:
        span = locate(source, item["text"], item.get("sentence_start"), taken[item.get(key) if key else None],
                      hints=(item.get("speaker_mention"), item.get("cue")))
        if span:
            located.append({**item, "span": span})
    return located


def _line_index(source: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in source.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def score_boilerplate(source: str, gold: list[str], article: Article) -> Counts:
    lines = _line_index(source)
    gold_idx, cursor = set(), 0
    for text in gold:
        for i in range(cursor, len(lines)):
            if source[lines[i][0]:lines[i][1]] == text:
                gold_idx.add(i)
                cursor = i + 1
                break
    starts = {s: i for i, (s, _e) in enumerate(lines)}
    pred_idx = {starts.get(z.start, -1) for z in article.zones if z.label == "boilerplate"} - {-1}
    tp = len(gold_idx & pred_idx)
    return Counts(tp, tp, len(gold_idx), len(pred_idx))


class DevScorer:
    """Accumulates counts over articles; `layers()` gives the report."""

    def __init__(self) -> None:
        self.counts: dict[str, Counts] = defaultdict(Counts)
        self.accuracy: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, total, predicted
        self.details: list[dict[str, Any]] = []
        self.speaker_pairs: list[tuple[str | None, str | None]] = []   # (gold, predicted) per matched quote

    def _acc(self, layer: str, correct: bool, predicted: bool = True) -> None:
        cell = self.accuracy[layer]
        cell[0] += int(correct)
        cell[1] += 1
        cell[2] += int(predicted)

    def add(self, gold: dict, source: str, article: Article | None, analysis: Analysis | None) -> None:
        if article is None or analysis is None:
            article, analysis = _empty_article(source), Analysis(article_id="")
        if "boilerplate_lines" in gold:
            self.counts["boilerplate"].add(score_boilerplate(source, gold["boilerplate_lines"], article))
        if "headline" in gold:
            self._acc("headline", (article.headline.value or "").strip() == gold["headline"].strip(),
                      bool(article.headline.value))
        if gold.get("outlet"):
            forms = {_norm(f) for f in [gold["outlet"], *gold.get("outlet_text_forms", [])]}
            self._acc("outlet", _norm(article.outlet.value) in forms, bool(article.outlet.value))
        self._score_published(gold, article)
        if "quotes" in gold:
            self._score_quotes(gold, source, article, analysis)
        if "figures" in gold:
            self._score_figures(gold, source, article, analysis)
        if "timexes" in gold:
            self._score_timexes(gold, source, article, analysis)

    def _score_published(self, gold: dict, article: Article) -> None:
        pred = article.published.value
        if "published" in gold and gold["published"]:
            self._acc("published", pred == gold["published"], bool(pred))
        elif gold.get("published_inferred"):
            try:
                days = abs((dt.date.fromisoformat(pred) - dt.date.fromisoformat(gold["published_inferred"])).days)
            except (TypeError, ValueError):
                days = None
            self._acc("published.inferred", days is not None and days <= 3, bool(pred))

    def _spans(self, article: Article, items: list[Any]) -> list[tuple[int, int]]:
        return [source_span(article, it.start, it.end) for it in items]

    def _score_quotes(self, gold: dict, source: str, article: Article, analysis: Analysis) -> None:
        gold_q = _gold_items(source, gold["quotes"])
        pred_q = analysis.quotes
        pred_spans = self._spans(article, pred_q)
        for exact in (False, True):
            suffix = ".exact" if exact else ""
            self.counts["quotes" + suffix].add(span_counts([g["span"] for g in gold_q], pred_spans, exact=exact))
            for kind in QUOTE_KINDS:
                g = [x["span"] for x in gold_q if x["kind"] == kind]
                p = [s for q, s in zip(pred_q, pred_spans) if q.kind == kind]
                self.counts[f"quotes.{kind}{suffix}"].add(span_counts(g, p, exact=exact))
        pairs = match_one_to_one([g["span"] for g in gold_q], pred_spans, _overlap_ratio)
        for gi, pi in pairs:
            g, p = gold_q[gi], pred_q[pi]
            self._acc("quotes.speaker", _norm(p.speaker) == _norm(g.get("speaker")), bool(p.speaker))
            self.speaker_pairs.append((g.get("speaker"), p.speaker))
            self._acc("quotes.cue", _norm(p.cue) == _norm(g.get("cue")), bool(p.cue))
            if _norm(p.speaker) != _norm(g.get("speaker")):
                self.details.append({"article": gold["article"], "layer": "quotes.speaker",
                                     "gold": g.get("speaker"), "pred": p.speaker, "text": g["text"][:60]})
        self._record_misses(gold["article"], "quotes", gold_q, pred_q, pred_spans, pairs, source)

    def _score_figures(self, gold: dict, source: str, article: Article, analysis: Analysis) -> None:
        gold_f = _gold_items(source, gold["figures"], key="value")
        pred_f = analysis.figures
        pred_spans = self._spans(article, pred_f)
        for exact in (False, True):
            def same(gi: int, pi: int) -> float:
                g, p = gold_f[gi], pred_f[pi]
                if abs(float(g["value"]) - p.value) > 1e-6 * max(1.0, abs(p.value)):
                    return 0.0
                return float(g["span"] == pred_spans[pi]) if exact else _overlap_ratio(g["span"], pred_spans[pi])
            n = len(match_one_to_one(range(len(gold_f)), range(len(pred_f)), same))
            self.counts["figures" + (".exact" if exact else "")].add(Counts(n, n, len(gold_f), len(pred_f)))
        pairs = match_one_to_one([g["span"] for g in gold_f], pred_spans, _overlap_ratio)
        self._record_misses(gold["article"], "figures", gold_f, pred_f, pred_spans, pairs, source)

    def _score_timexes(self, gold: dict, source: str, article: Article, analysis: Analysis) -> None:
        gold_t = _gold_items(source, gold["timexes"])
        pred_t = analysis.timexes
        pred_spans = self._spans(article, pred_t)
        for exact in (False, True):
            self.counts["timexes" + (".exact" if exact else "")].add(
                span_counts([g["span"] for g in gold_t], pred_spans, exact=exact))
        pairs = match_one_to_one([g["span"] for g in gold_t], pred_spans, _overlap_ratio)
        for gi, pi in pairs:
            right = pred_t[pi].value == gold_t[gi]["value"]
            self._acc("timexes.value", right)
            if not right:
                self.details.append({"article": gold["article"], "layer": "timexes.value",
                                     "text": gold_t[gi]["text"], "gold": gold_t[gi]["value"],
                                     "pred": pred_t[pi].value})
        self._record_misses(gold["article"], "timexes", gold_t, pred_t, pred_spans, pairs, source)

    def _record_misses(self, name: str, layer: str, gold_items: list[dict], pred: list[Any],
                       pred_spans: list[tuple[int, int]], pairs: list[tuple[int, int]], source: str) -> None:
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for i, g in enumerate(gold_items):
            if i not in matched_g:
                self.details.append({"article": name, "layer": layer, "missed": g["text"][:80]})
        for i, (s, e) in enumerate(pred_spans):
            if i not in matched_p:
                self.details.append({"article": name, "layer": layer, "spurious": source[s:e][:80]})

    def layers(self) -> dict[str, dict[str, Any]]:
        out = {name: c.layer() for name, c in self.counts.items()}
        for name, (correct, total, predicted) in self.accuracy.items():
            out[name] = accuracy_layer(correct, total, predicted)
        return dict(sorted(out.items()))


def _overlap_ratio(g: tuple[int, int], p: tuple[int, int]) -> float:
    return overlap_size(g, p) / max(g[1] - g[0], p[1] - p[0], 1)


def _empty_article(source: str) -> Article:
    from parallax.model import Fact
    return Article(id="", uri="", source_text=source, body="", segments=[(0, 0, 0)], zones=[],
                   headline=Fact(None), outlet=Fact(None), published=Fact(None), byline=Fact(None))


def corpus_speaker_layer(pairs: list[tuple[str | None, str | None]], predicted: list[tuple[str | None, str | None]],
                         gold_speakers: list[str | None], aliases: list | tuple = ()) -> dict[str, Any]:
    """quotes.speaker as the product shows it: each predicted speaker under the one name the corpus
    gives that person (link/speakers.py over every predicted (speaker, role), with the alias groups,
    as serve/queries.speaker_names does), against the gold speaker under the name the gold corpus
    gives it by the same rule. `quotes.speaker` stays the per-article figure (the article's own name)."""
    from parallax.link.speakers import canonical_speakers

    shown = canonical_speakers(predicted, aliases)
    gold_named = canonical_speakers([(g, None) for g in gold_speakers])

    def name(table: dict, speaker: str | None) -> str:
        return _norm(table.get(speaker, (speaker, None))[0]) if speaker else ""
    correct = sum(name(shown, p) == name(gold_named, g) for g, p in pairs)
    return accuracy_layer(correct, len(pairs), sum(1 for _g, p in pairs if p))


def stories_of(gold_dir: Path) -> dict[str, str]:
    """article file -> story, from `gold_dir/stories.tsv` when there is one (else one story)."""
    path = Path(gold_dir) / "stories.tsv"
    if not path.is_file():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {row[0]: row[1] for row in rows if len(row) > 1}


def score(gold_dir: Path, *, progress: Callable[[int], None] | None = None,
          details: bool = False, only: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """Run the pipeline on `gold_dir/articles` and score it against `gold_dir/gold`.

    `only(article_file_name)` keeps a subset (e.g. one story of a cross-validation fold)."""
    from parallax.analyze import analyze_doc, load_nlp, printed_dates
    from parallax.clean import OutletMemory, clean_document
    from parallax.model import ReadFailure
    from parallax.sources import read_paths

    gold_files = sorted((gold_dir / "gold").glob("*.json"))
    if only is not None:
        gold_files = [g for g in gold_files if only(json.loads(g.read_text(encoding="utf-8"))["article"])]
    if not gold_files:
        raise FileNotFoundError(f"no gold files in {gold_dir / 'gold'}")
    nlp, memory, scorer, failures = load_nlp(), OutletMemory(), DevScorer(), []
    cleaned = []  # the whole set is cleaned before analysis, so undated articles get the corpus' years
    for gold_path in gold_files:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = gold_dir / "articles" / gold["article"]
        source = path.read_text(encoding="utf-8")
        article = None
        for raw in read_paths([path]):
            if isinstance(raw, ReadFailure):
                failures.append(f"{raw.uri}: {raw.reason}")
                continue
            article = clean_document(raw, memory)
            if article.source_text != source:
                failures.append(f"{path}: cleaned source text differs from the file; spans cannot be compared")
        cleaned.append((gold, source, article))
    batch_dates = printed_dates(a for _, _, a in cleaned if a is not None)
    analysed, golds = [], []
    for gold, source, article in cleaned:
        analysis = analyze_doc(article, nlp(article.body), batch_dates) if article is not None else None
        scorer.add(gold, source, article, analysis)
        if article is not None and analysis is not None:
            analysed.append((article, analysis))
            golds.append(gold)
        if progress:
            progress(1)
    layers = scorer.layers()
    links = stored_links(analysed)   # scored as `parallax link` stores them
    layers["quotes.speaker.corpus"] = corpus_speaker_layer(
        scorer.speaker_pairs, [(q.speaker, q.speaker_role) for _a, an in analysed for q in an.quotes],
        [q.get("speaker") for g in golds for q in g.get("quotes", [])], links.aliases)
    corpus = {**corpus_layer_scores(analysed, golds, links),
              **link_layer_scores(analysed, golds, stories_of(gold_dir), links)}
    for name, m in corpus.items():
        if m["n_gold"]:  # recall layers: precision is reported where the scorer defines it
            p = m.get("p", m["r"])
            layers[name] = {"p": round(p, 4), "r": round(m["r"], 4),
                            "f1": round(m.get("f1", m["r"]), 4), "n_gold": m["n_gold"], "n_pred": m["n_pred"]}
    result: dict[str, Any] = {"layers": dict(sorted(layers.items())), "articles": len(gold_files)}
    if failures:
        result["failures"] = failures
    if details:
        result["details"] = scorer.details + [
            {"layer": name, kind: item} for name, m in corpus.items() for kind in ("missed", "spurious")
            for item in m.get(kind, [])]
    return result
