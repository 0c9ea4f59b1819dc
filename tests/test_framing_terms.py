"""Framing on fictional outlets: loaded phrases in narration only, distinctive terms, names used."""
import pytest

from parallax.analyze.entities import extract_entities
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import score_framing
from parallax.link.framing import article_terms, compare_framing, log_odds_z, narration
from parallax.model import Analysis, Article, Fact, article_id
from collections import Counter

LEDGER = ("Velmoran troops entered the occupied Kessel valley on Monday. The so-called government of "
          "Upper Dastria protested. Velmoran officials said the liberation of the valley was complete. "
          "The occupied valley was quiet.")
WIRE = ("Dastrian-backed separatists withdrew from Nagorny Dastria, a disputed region. \"This is an illegal "
        "occupation,\" the separatist leader said. The separatists regrouped near Upper Dastria.")


def make(body, outlet):
    return Article(id=article_id(body), uri=outlet, source_text=body, body=body, segments=[(0, 0, len(body))],
                   zones=[], headline=Fact(None), outlet=Fact(outlet), published=Fact("2024-05-01"),
                   byline=Fact(None))


@pytest.fixture(scope="module")
def items():
    nlp = load_nlp()
    out = []
    for body, outlet in ((LEDGER, "The Harbor Ledger"), (WIRE, "Northgate Wire")):
        article = make(body, outlet)
        out.append((article, Analysis(article.id, entities=extract_entities(nlp(body)))))
    return out


def test_quoted_words_are_not_the_outlets(items):
    article, analysis = items[1]
    assert "illegal" not in narration(article, analysis)
    terms = article_terms(article, analysis)
    assert any("separatists" in t for t in terms)
    assert not any("illegal" in t for t in terms)
    assert any("disputed region" in t for t in terms)


def test_article_terms_find_distancing_and_status_words(items):
    terms = " | ".join(article_terms(*items[0]))
    for word in ("occupied", "so-called", "liberation"):
        assert word in terms


def test_compare_framing_counts_by_outlet(items):
    terms = {t.term: t for t in compare_framing(items)}
    occupied = terms["occupied"]
    assert occupied.counts == {"The Harbor Ledger": 2}
    assert occupied.evidence and occupied.evidence[0][0] == items[0][0].id
    assert terms["separatist"].counts == {"Northgate Wire": 3}
    names = [t for t in terms.values() if t.kind == "name"]
    assert all(t.canonical for t in names)


def test_log_odds_prefers_the_outlet_that_uses_a_term_more():
    counts = {"A": Counter({"regime": 9, "government": 1, "x": 90}),
              "B": Counter({"regime": 1, "government": 9, "x": 90})}
    prior = counts["A"] + counts["B"]
    z = log_odds_z(counts, prior)
    assert z["regime"]["A"] > 1 > -1 > z["regime"]["B"]
    assert abs(z["x"]["A"]) < 0.5


def test_score_framing_partial_overlap():
    result = score_framing([["the disputed territory", "ethnic cleansing"]], [["disputed territory of Kessel"]])
    assert result["r"] == 0.5 and result["n_gold"] == 2 and result["p"] == 1.0


def test_dev_corpus_layers_reach_targets(nlp):
    """On ../shared dev gold (skipped when absent): alias recall >= 0.9, framing recall >= 0.7."""
    from pathlib import Path
    from parallax.evaluate.corpus_layers import corpus_layer_scores, load_gold_corpus, shared_dir
    gold_dir = shared_dir(Path(__file__).resolve().parents[1]) / "eval" / "dev" / "gold"
    if not gold_dir.is_dir():
        pytest.skip(f"{gold_dir} is absent")
    corpus = load_gold_corpus(gold_dir)
    items = [(a, Analysis(a.id, entities=extract_entities(nlp(a.body)))) for a, _ in corpus]
    scores = corpus_layer_scores(items, [g for _, g in corpus])
    assert scores["aliases"]["r"] >= 0.9
    assert scores["framing"]["r"] >= 0.7


def test_a_word_one_article_repeats_is_its_topic_not_the_outlets_habit():
    harvest = " ".join(["The harvest failed again."] * 30)
    stalwart = " ".join(["The stalwart mayor spoke."] * 10)
    plain = "Farmers met in the valley. The mayor spoke to farmers about prices. " * 4
    items = [(a, Analysis(a.id)) for a in
             [make(harvest + " " + plain, "The Harbor Ledger"), make(plain + " Rain fell.", "The Harbor Ledger")] +
             [make(stalwart + " " + plain + f" Note {n}.", "Northgate Wire") for n in range(3)]]
    terms = {t.term for t in compare_framing(items, alias_groups=[])}
    assert "stalwart" in terms and "harvest" not in terms
