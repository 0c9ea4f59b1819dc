"""Framing: which words each outlet uses, derived from the corpus itself.

Only narration counts: text inside quotation marks (direct quotes, quoted fragments) is blanked
first, so an outlet is not credited with words it reports others saying.

- `article_terms(article, analysis)`: candidate loaded phrases of one article, found around
  general-English stance markers (`STANCE_MARKERS`: "so-called", "occupied", "separatists",
  "X-backed", "reportedly", ...) and cut to a short phrase (modifiers + head word).
- `compare_framing(items)`: per outlet counts of lemmatised 1-3-grams in narration, scored by the
  log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) of each
  outlet against all others; a term's score is its largest |z| over outlets. Terms kept: those
  with |z| >= `MIN_Z` used by one outlet at least twice, in at least MIN_ARTICLES of its articles
  (one article's topic word is not a habit), and every stance-marker phrase.
  Alias groups add the names each outlet uses for the same place or actor ("Upper Karabakh" vs
  "Nagorno-Karabakh"), scored the same way.
- Keyed link: analyze computes each article's counts (`article_counts`); the store sums them into
  corpus totals as analyses are saved (`article_totals`), so link reads only the totals of the
  terms that can be kept (`candidates`) and scores them (`score`) with the user's alias groups.
"""
from __future__ import annotations

import bisect
import math
from math import log, sqrt
import re
from collections import Counter, defaultdict
from functools import lru_cache, partial
from typing import Iterable, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from parallax.analyze.numerals import is_numeral_word
from parallax.link.aliases import group_aliases
from parallax.model import AliasGroup, Analysis, Article, FramingTerm

# General-English stance and evaluation markers (prefixes of lowercase words), not tied to any
# conflict: labels for actors, status of territory, violence, displacement, distancing, hedges.
STANCE_MARKERS = (
    "occup", "liberat", "separatis", "breakaway", "disputed", "contested", "unrecogni",
    "self-proclaim", "self-declared", "self-styled", "so-called", "illegal", "illegitimate", "regime",
    "terror", "anti-terror", "counter-terror", "aggress", "provocat", "cleansing", "genocide",
    "massacre", "atrocit", "brutal", "forcibl", "invad", "invasion", "annex", "puppet", "militant",
    "insurgen", "hostil", "self-determination", "self-defen", "ancestral", "homeland", "exodus",
    "voluntar", "reclaim", "retake", "retaken", "recaptur", "regain", "counter-offensive",
    "counter-attack", "dubbed", "territorial claim", "violat", "reportedly", "allegedly", "evidently",
    "apparently", "unproductive", "failed", "long-awaited", "full-blown", "heroic", "martyr",
    "crimes", "criminal", "internationally recogni", "not mentioning", "critic of", "broke away",
    "break away", "continual", "rightful", "so called", "justice", "armed formations",
    "army formations", "bandit", "aggressor", "hostage", "expel", "deport",
    # more general-English labels and evaluations
    "extremis", "jihadi", "radical", "rebel", "mercenar", "proxy", "proxies", "junta", "thug",
    "invader", "occupier", "colonial", "settler", "apartheid", "crackdown", "war crime", "slaughter",
    "barbar", "savage", "coward", "heroes", "martyrdom", "freedom fighter", "resistance fighter",
    "motherland", "historic land", "sacred", "incursion", "retaliat", "pre-emptive", "preemptive",
    "humanitarian catastrophe", "humanitarian disaster", "propaganda", "disinformation", "baseless",
    "unfounded", "smear", "so-styled", "de facto", "puppet", "illegitimate", "unlawful", "notorious",
    "infamous", "hardline", "hard-line", "defiant", "defiance", "provocative", "belligeren",
)
# one alternation of the markers: a word (or it and the next) starts with one of them
_MARKER_START = re.compile("|".join(map(re.escape, STANCE_MARKERS)))
_BACKED = re.compile(r"\b[\w’'.]+-(?:backed|supported|controlled|held|occupied|led|sponsored|allied)\b"
                     r"|\b(?:pro|anti)-[\w’'.-]+", re.IGNORECASE)
FUNCTION_WORDS = {
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but",
    "that", "which", "who", "as", "is", "was", "were", "are", "be", "been", "has", "have", "had",
    "it", "its", "this", "these", "those", "their", "his", "her", "they", "he", "she", "we", "not",
    "after", "before", "since", "while", "when", "than", "into", "over", "under", "between",
    "against", "amid", "during", "about", "also", "would", "could", "will", "can", "may", "said",
} | STOP_WORDS   # spaCy's English stop list: a term never starts or ends with one
MIN_Z = 1.96
MIN_ARTICLES = 2        # a distinctive term is an outlet's habit: used in two of its articles, not one topic
EDGE_STOP = FUNCTION_WORDS | STOP_WORDS   # "off", "there": no n-gram starts or ends with them
MAX_EVIDENCE = 5
PRIOR_STRENGTH = 500.0
_QUOTED = re.compile(r'"[^"\n]{1,1500}"|“[^”\n]{1,1500}”|(?<![\w])‘[^’\n]{1,800}’(?![\w])'
                     r"|(?<![\w])'[^'\n]{1,800}'(?![\w])")
_WORD = re.compile(r"[A-Za-z][\w’'-]*[\w]|[A-Za-z]")
_POSSESSIVE = re.compile(r"'s?$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9\"“‘])|\n")


def narration(article: Article, analysis: Analysis | None = None) -> str:
    """The body with quoted text (between quotation marks) blanked out, offsets unchanged."""
    body = article.body
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(body)]
    if analysis is not None:
        spans += [(q.start, q.end) for q in analysis.quotes if q.kind == "direct"]
    chars = list(body)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _marker_at(words: list[re.Match], i: int) -> bool:
    w = words[i].group().lower()
    two = w + " " + words[i + 1].group().lower() if i + 1 < len(words) else w
    # `two` starts with `w`, so a marker `w` starts with also starts `two`
    return bool(_MARKER_START.match(two) or _BACKED.fullmatch(w))


def article_terms(article: Article, analysis: Analysis | None = None) -> list[str]:
    """Candidate loaded phrases of the article's own narration (headline first), in order of first use."""
    headline = article.headline.value or ""
    terms: list[str] = []
    for text in (_QUOTED.sub(lambda m: " " * len(m.group()), headline), narration(article, analysis)):
        for start, end in term_spans(text):
            if text[start:end] not in terms:
                terms.append(text[start:end])
    return terms


def term_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the stance-marker phrases in a (narration) text."""
    return [phrase for phrase, _marker in _marked(text)]


def _marked(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(phrase span, marker word span) of each stance-marker phrase."""
    spans = []
    for s_start, s_end in _sentences(text):
        words = list(_WORD.finditer(text, s_start, s_end))
        taken_until = -1
        for i in range(len(words)):
            if i <= taken_until or not _marker_at(words, i):
                continue
            first, last = _phrase_bounds(words, i, text)
            taken_until = last
            spans.append(((words[first].start(), words[last].end()), words[i].span()))
    return spans


def _phrase_bounds(words: list[re.Match], i: int, text: str) -> tuple[int, int]:
    """Extend a marker to a short phrase: left over modifiers (names, hyphenated words, other
    markers, "very"-style adverbs) up to a leading article; right, when the marker is a modifier,
    over names up to one lowercase head word ("the so-called administration", "Armenian-backed
    separatists"). Never across punctuation or function words."""
    def joined(a: int, b: int) -> bool:            # nothing but spaces between two words
        return not text[words[a].end():words[b].start()].strip()

    first = i
    while first > 0 and i - first < 3 and joined(first - 1, first):
        prev = words[first - 1].group()
        low = prev.lower()
        if low in ("the", "a", "an"):
            first -= 1
            break
        adverb = low.endswith("ly") and first == i          # "swiftly violated", "recently retaken"
        if low in FUNCTION_WORDS or not (prev[:1].isupper() or "-" in prev or adverb
                                         or _marker_at(words, first - 1)):
            break
        first -= 1
    last = i
    if not _nounish(words[i].group()):
        while last + 1 < len(words) and last - i < 3 and joined(last, last + 1):
            nxt = words[last + 1].group()
            if nxt.lower() in FUNCTION_WORDS:
                break
            last += 1
            if _nounish(nxt) or not (nxt[:1].isupper() or _marker_at(words, last) or _adjectival(nxt)):
                break                              # the head word
    return first, last


_NOUN_ENDINGS = ("tion", "sion", "ism", "ist", "ists", "ity", "ment", "ments", "ance", "ence", "cy",
                 "ies", "ers", "ors", "ship", "dom", "ness", "ations", "ities", "isms")


def _adjectival(word: str) -> bool:
    return word.lower().endswith(("ic", "al", "ary", "ive", "ous", "ful", "less", "ed")) and not _nounish(word)


def _nounish(word: str) -> bool:
    return "-" not in word and word.lower().endswith(_NOUN_ENDINGS)


# ---- corpus comparison --------------------------------------------------------------------

@lru_cache(maxsize=100_000)   # every word of every narration passes here
def _lemma(word: str) -> str:
    """A light lemma: lowercase, possessive and plural endings removed."""
    w = word.lower().replace("’", "'")
    w = _POSSESSIVE.sub("", w)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _ngrams(words: list[str], n_max: int = 3) -> Iterable[str]:
    for n in range(1, n_max + 1):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if gram[0] in EDGE_STOP or gram[-1] in EDGE_STOP:
                continue
            yield " ".join(gram)


def log_odds_z(counts: dict[str, Counter], prior: Counter) -> dict[str, dict[str, float]]:
    """z-scores of each term for each group against all other groups (informative Dirichlet prior)."""
    total_prior = sum(prior.values()) or 1
    alpha = {w: PRIOR_STRENGTH * c / total_prior for w, c in prior.items()}
    alpha0 = sum(alpha.values())
    totals = {g: sum(c.values()) for g, c in counts.items()}
    grand = sum(totals.values())
    corpus = Counter()
    for c in counts.values():
        corpus.update(c)
    z: dict[str, dict[str, float]] = defaultdict(dict)
    for g, c in counts.items():
        n_i, n_j = totals[g], grand - totals[g]
        for w, y_i in c.items():
            z[w][g] = _z(y_i, n_i, corpus[w] - y_i, n_j, alpha.get(w, 0.01), alpha0)
    return z


def compare_framing(items: Sequence[tuple[Article, Analysis]],
                    alias_groups: Sequence[AliasGroup] | None = None) -> list[FramingTerm]:
    """Distinctive terms and name spellings per outlet over in-memory items: `link_block` over each
    article's counts (`article_counts`), exactly as a store's articles are linked."""
    items = sorted(items, key=lambda x: x[0].id)
    if alias_groups is None:
        alias_groups = group_aliases(items)
    counts = [(article.id, article.outlet.value, article_counts((article, analysis))) for article, analysis in items]
    return link_block(lambda: iter(counts), alias_groups)


def _sentence_grams(text: str, analysis: Analysis):
    """(sentence index in Analysis.sentences, lemmas, lemmas written capitalised mid-sentence)."""
    starts = [s for s, _ in analysis.sentences]
    for position, (start, end) in enumerate(_sentences(text)):
        index = max(bisect.bisect_right(starts, start) - 1, 0) if starts else position
        matches = list(_WORD.finditer(text, start, end))
        words = [_lemma(m.group()) for m in matches]
        caps = [words[i] for i, m in enumerate(matches) if i and m.group()[:1].isupper()]
        yield index, words, caps


def _key(phrase: str) -> str:
    """The lemmatised n-gram a marked phrase is counted under ("the occupying forces" -> "occupying force")."""
    words = [_lemma(w) for w in _WORD.findall(phrase)]
    while words and words[0] in FUNCTION_WORDS:
        words = words[1:]
    while words and words[-1] in FUNCTION_WORDS:
        words = words[:-1]
    return " ".join(words)


def _name_usage(names: dict[str, Counter], spelling_group: dict[str, str]) -> list[FramingTerm]:
    """Spellings of one alias group used differently by outlets ("Upper Karabakh" vs
    "Nagorno-Karabakh"): groups of which the corpus uses two spellings or more."""
    if not names:
        return []
    prior = Counter()
    for c in names.values():
        prior.update(c)
    used: dict[str, set[str]] = defaultdict(set)
    for spelling in prior:
        used[spelling_group[spelling]].add(spelling)
    z = log_odds_z(names, prior)
    terms = []
    for spelling, by_outlet in z.items():
        if len(used[spelling_group[spelling]]) < 2:
            continue
        counts = {o: names[o][spelling] for o in names if names[o][spelling]}
        terms.append(FramingTerm(term=spelling, counts=counts, score=max(abs(v) for v in by_outlet.values()),
                                 kind="name", canonical=spelling_group[spelling]))
    return terms


# ---- keyed link: counts per article (written by analyze), summed and scored by link --------------
def block_keys(item: tuple[Article, Analysis]) -> list[tuple[str, int]]:
    """Framing compares every outlet with all others: one block for the corpus, relinked from the
    stored per-article counts (`article_counts`), never from the texts."""
    return [("*", 0)]


def article_counts(item: tuple[Article, Analysis]) -> dict:
    """What framing needs of one article, computed once at analysis: its narration's n-grams
    (count and first sentence index), lemmas written capitalised mid-sentence, marked phrases, and
    the spellings it uses of named entities."""
    article, analysis = item
    text = narration(article, analysis)
    grams: dict[str, list[int]] = {}
    caps: Counter = Counter()
    for index, words, sentence_caps in _sentence_grams(text, analysis):
        caps.update(sentence_caps)
        for gram in _ngrams(words):
            if gram in grams:
                grams[gram][0] += 1
            else:
                grams[gram] = [1, index]
    marked = sorted({_key(text[s:e]) for span in _marked(text) for s, e in span})
    names = Counter(e.text for e in analysis.entities if text[e.start:e.end] == e.text)
    return {"grams": grams, "caps": dict(caps), "marked": marked, "names": dict(names)}


UNKNOWN_OUTLET = "(unknown outlet)"
Totals = dict[tuple[str, str, str], list]   # (part, term, outlet) -> [count, articles, first article, its index]


def article_totals(article_id: str, outlet: str | None, counts: dict, sign: int = 1) -> Totals:
    """What one article's counts add to the corpus totals (`sign` -1: take away). Parts: "gram"
    (an outlet's uses of an n-gram, articles using it, its first article and sentence there),
    "size" (an outlet's n-grams in all), "word" (a single word's uses in all outlets), "cap" (a lemma written capitalised mid-sentence),
    "mark" (articles marking a phrase), "name" (an outlet's uses of an entity spelling)."""
    outlet = outlet or UNKNOWN_OUTLET
    rows: Totals = {("gram", g, outlet): [sign * c, sign, article_id, index]
                    for g, (c, index) in counts["grams"].items()}
    rows[("size", "", outlet)] = [sign * sum(c for c, _i in counts["grams"].values()), 0, None, None]
    # a single word's uses in every outlet, summed here so that link reads them without the grams
    rows.update({("word", g, ""): [sign * c, 0, None, None] for g, (c, _i) in counts["grams"].items() if " " not in g})
    rows.update({("cap", w, ""): [sign * c, 0, None, None] for w, c in counts["caps"].items()})
    rows.update({("mark", t, ""): [sign, 0, None, None] for t in counts["marked"]})
    rows.update({("name", n, outlet): [sign * c, 0, None, None] for n, c in counts["names"].items()})
    return rows


def add_totals(into: Totals, more: Totals) -> Totals:
    """Sum totals; a row's first article is the least article id that adds to it."""
    for key, (count, arts, first, index) in more.items():
        row = into.get(key)
        if row is None:
            into[key] = [count, arts, first, index]
            continue
        row[0] += count
        row[1] += arts
        if first is not None and (row[2] is None or first < row[2]):
            row[2], row[3] = first, index
    return into


def sum_totals(rows: Iterable[tuple[str, str | None, dict]], sign: int = 1) -> Totals:
    """The totals of (article id, outlet, counts) rows (`sign` -1: what taking them away subtracts)."""
    totals: Totals = {}
    for article_id, outlet, counts in rows:
        add_totals(totals, article_totals(article_id, outlet, counts, sign))
    return totals


def candidates(totals: Totals) -> dict:
    """`score`'s input from in-memory totals: what `Store.framing_candidates` reads from the store."""
    marked = {t for (part, t, _o), row in totals.items() if part == "mark" and row[0] > 0}
    keep = {t for (part, t, _o), row in totals.items() if part == "gram" and (row[1] >= MIN_ARTICLES or t in marked)}
    terms: dict[str, dict[str, tuple]] = defaultdict(dict)
    words: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (part, t, outlet), row in sorted(totals.items()):
        if part == "gram" and t in keep and row[0] > 0:
            terms[t][outlet] = tuple(row)
        if part in ("word", "cap"):
            words[t][part == "cap"] += row[0]
    return {"sizes": {o: row[0] for (part, _t, o), row in totals.items() if part == "size" and row[0] > 0},
            "terms": sorted(terms.items()), "marked": marked, "words": dict(words),
            "names": [(o, n, row[0]) for (part, n, o), row in totals.items() if part == "name" and row[0] > 0]}


def score(found: dict, alias_groups: Sequence[AliasGroup]) -> list[FramingTerm]:
    """Distinctive terms and name spellings per outlet from the corpus totals (`candidates`; its
    "terms", (term, {outlet: total}) in term order, may be streamed: memory follows the result):
    each term's log-odds z of each outlet using it against all others (the prior: the corpus's
    counts); evidence: the first use of each outlet, earliest article first."""
    sizes, marked, words = found["sizes"], found["marked"], found["words"]
    grand = sum(sizes.values()) or 1
    # each outlet's n + alpha0 and that of all the others, as `_z` adds them: the same floats
    room = {o: (n + PRIOR_STRENGTH, (grand - n) + PRIOR_STRENGTH) for o, n in sizes.items()}
    unknown = (0 + PRIOR_STRENGTH, grand + PRIOR_STRENGTH)
    plain = lru_cache(maxsize=None)(partial(_plain_word, words=words))   # each word tested once a call
    result = []
    for term, by_outlet in found["terms"]:
        rows = by_outlet.values()
        # the cheap tests first: most candidates are names or numbers, scored only when marked
        if term not in marked and not (all(map(plain, term.split())) and any(row[1] >= MIN_ARTICLES for row in rows)
                                       and any(row[0] >= 2 for row in rows)):
            continue
        corpus = sum(row[0] for row in rows)
        a = PRIOR_STRENGTH * corpus / grand
        best = 0.0
        for o, row in by_outlet.items():   # `_z` of the outlet against all others, written out (the hot loop)
            y_i = row[0]
            y_j = corpus - y_i
            n_i, n_j = room.get(o, unknown)
            z = abs((log((y_i + a) / (n_i - y_i - a)) - log((y_j + a) / (n_j - y_j - a)))
                    / sqrt(1 / (y_i + a) + 1 / (y_j + a)))
            if z > best:
                best = z
        if term in marked or best >= MIN_Z:
            evidence = sorted((row[2], row[3]) for row in by_outlet.values() if row[2] is not None)[:MAX_EVIDENCE]
            result.append(FramingTerm(term=term, counts={o: row[0] for o, row in sorted(by_outlet.items())},
                                      score=best, evidence=evidence))
    # in a fixed order: a spelling that two groups list takes the same group however they were read
    ordered = sorted(alias_groups, key=lambda g: (g.canonical, g.spellings))
    spelling_group = {s: g.canonical for g in ordered if g.label != "PERSON" for s in g.spellings}
    names: dict[str, Counter] = defaultdict(Counter)
    for outlet, spelling, count in found["names"]:
        if spelling in spelling_group:
            names[outlet][spelling] += count
    return sorted([*result, *_name_usage(names, spelling_group)], key=lambda t: (-t.score, t.term, t.kind))


def _plain_word(word: str, words: dict[str, list[int]]) -> bool:
    """A word of a plain term: no digit, not a numeral word, not written capitalised in half its uses (a name)."""
    uses, capitalised = words.get(word, (0, 0))
    return not any(map(str.isdigit, word)) and not (capitalised * 2 >= uses or is_numeral_word(word))


def _z(y_i: float, n_i: float, y_j: float, n_j: float, a: float, alpha0: float) -> float:
    """Log-odds ratio of a term in one group against the rest, with prior `a` (of `alpha0` in all), as a z-score."""
    delta = (math.log((y_i + a) / (n_i + alpha0 - y_i - a))
             - math.log((y_j + a) / (n_j + alpha0 - y_j - a)))
    return delta / math.sqrt(1 / (y_i + a) + 1 / (y_j + a))


def link_block(rows, alias_groups: Sequence[AliasGroup]) -> list[FramingTerm]:
    """`score` over (article id, outlet, counts) rows summed in memory, exactly as a store sums them."""
    return score(candidates(sum_totals(rows())), alias_groups)
