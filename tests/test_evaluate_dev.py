from parallax.evaluate.dev import locate, score_boilerplate
from parallax.evaluate.metrics import span_counts
from parallax.model import Zone
from tests.conftest import make_article

SOURCE = 'Title\n"Yes," she said. Later: "Yes," she said again.\nMenu\nMenu'


def test_locate_uses_sentence_start_and_skips_taken_occurrences():
    taken: set[int] = set()
    first = locate(SOURCE, "Yes,", '"Yes," she said.', taken)
    second = locate(SOURCE, "Yes,", '"Yes," she said.', taken)
    assert first == (7, 11) and second is not None and second[0] > first[0]
    assert locate(SOURCE, "absent", None, set()) is None


def test_boilerplate_counts_repeated_lines_separately():
    article = make_article("x")
    start = SOURCE.index("Menu")
    article.zones = [Zone(start, start + 4, "boilerplate")]
    counts = score_boilerplate(SOURCE, ["Menu", "Menu"], article)
    assert (counts.tp_gold, counts.n_gold, counts.n_pred) == (1, 2, 1)


def test_span_counts_exact_and_overlap():
    gold, pred = [(0, 10), (20, 30)], [(0, 10), (25, 40), (50, 60)]
    exact = span_counts(gold, pred, exact=True)
    overlap = span_counts(gold, pred, exact=False)
    assert (exact.tp_gold, overlap.tp_gold, overlap.n_pred) == (1, 2, 3)
    assert overlap.layer()["r"] == 1.0 and round(overlap.layer()["p"], 3) == 0.667


def _story_item(name, body, published, figures, quotes):
    """An article of a fictional story with its gold and a hand-made analysis (figures: (text, value,
    qualifier, what); quotes: (text, speaker))."""
    from parallax.model import Analysis, Figure, Quote
    article = make_article(body, headline=name, published=published)
    figs = [Figure(body.index(t), body.index(t) + len(t), t, v, q, "people", measure="killed")
            for t, v, q, _ in figures]
    qs = [Quote(body.index(t), body.index(t) + len(t), t, "indirect", speaker=s) for t, s in quotes]
    gold = {"article": name + ".txt",
            "figures": [{"text": t, "value": v, "qualifier": q, "unit": "people", "what": w, "sentence_start": ""}
                        for t, v, q, w in figures],
            "quotes": [{"text": t, "speaker": s, "sentence_start": ""} for t, s in quotes], "timexes": []}
    return (article, Analysis(article.id, figures=figs, quotes=qs)), gold


def test_link_layers_score_pairs_across_articles_of_one_story():
    from parallax.evaluate.corpus_layers import link_layer_scores, same_statement, content_tokens
    a = _story_item("velm-01", "Officials said 300 people were killed in the Velm blast. "
                    "Mayor Ana Kervel said the dam at Velm will be rebuilt before the winter.", "2025-01-02",
                    [("300", 300, "exact", "killed in the Velm blast")],
                    [("the dam at Velm will be rebuilt before the winter", "Ana Kervel")])
    b = _story_item("velm-02", "More than 500 people were killed in the Velm blast, medics said. "
                    "Kervel said the dam will be rebuilt.", "2025-01-02",
                    [("More than 500", 500, "over", "killed in the Velm blast")],
                    [("the dam will be rebuilt", "Ana Kervel")])
    c = _story_item("orla-01", "In Orla, 40 people were killed in a storm.", "2025-01-02",
                    [("40", 40, "exact", "killed in the Orla storm")], [])
    items, golds = [x for x, _ in (a, b, c)], [g for _, g in (a, b, c)]
    stories = {"velm-01.txt": "velm", "velm-02.txt": "velm", "orla-01.txt": "orla"}
    scores = link_layer_scores(items, golds, stories)
    # one gold pair of figures (300 vs more than 500: a disagreement) and one of quotes
    for layer in ("links.figure_groups", "links.disagreements", "links.quote_clusters"):
        assert scores[layer]["n_gold"] == 1, layer
    assert scores["links.quote_clusters"]["r"] == 1.0 and scores["links.quote_clusters"]["p"] == 1.0
    assert scores["links.disagreements"]["r"] == 1.0
    assert same_statement(content_tokens("an outrageous act"), content_tokens("This is an outrageous act, he said"))
    assert not same_statement(content_tokens("prices will fall"), content_tokens("the dam will be rebuilt"))


def test_link_layers_score_the_groups_a_store_holds():
    """The layers score what `parallax link` stores (`stored_links`), or the groups they are given."""
    from parallax.evaluate.corpus_layers import link_layer_scores, stored_links
    from parallax.model import LinkResult
    a = _story_item("velm-01", "Mayor Ana Kervel said the dam at Velm will be rebuilt before the winter.", "2025-01-02",
                    [], [("the dam at Velm will be rebuilt before the winter", "Ana Kervel")])
    b = _story_item("velm-02", "Kervel said the dam will be rebuilt.", "2025-01-03", [],
                    [("the dam will be rebuilt", "Ana Kervel")])
    items, golds = [a[0], b[0]], [a[1], b[1]]
    stored = stored_links(items)
    assert [sorted(c.members) for c in stored.quote_clusters] == [sorted([(a[0][0].id, 0), (b[0][0].id, 0)])]
    assert link_layer_scores(items, golds, links=stored)["links.quote_clusters"]["f1"] == 1.0
    assert link_layer_scores(items, golds, links=LinkResult())["links.quote_clusters"]["n_pred"] == 0


def test_the_link_oracle_puts_gold_items_at_their_body_offsets():
    """bench/link_oracle.py: a gold quote, figure and date land on the body text they name, in
    their sentence (the headline line is not body)."""
    from bench.link_oracle import gold_analysis
    from parallax.evaluate.corpus_layers import gold_article
    source = "Velm flood\nMira Holt said 40 people died in Velm on Monday. The dam will hold, she added."
    gold = {"article": "velm-01.txt", "headline": "Velm flood",
            "quotes": [{"text": "The dam will hold", "speaker": "Mira Holt", "sentence_start": "The dam"}],
            "figures": [{"text": "40", "value": 40, "qualifier": None, "unit": "people", "sentence_start": "Mira"}],
            "timexes": [{"text": "Monday", "value": "2025-03-03", "sentence_start": "Mira"}]}
    article = gold_article(source, gold)
    first = article.body.index(".") + 1
    analysis = gold_analysis(article, gold, [(0, first), (first + 1, len(article.body))])
    assert [article.body[q.start:q.end] for q in analysis.quotes] == ["The dam will hold"]
    assert analysis.quotes[0].speaker == "Mira Holt"
    (figure,) = analysis.figures
    assert article.body[figure.start:figure.end] == "40" and (figure.sentence_start, figure.sentence_end) == (0, first)
    assert [(t.text, t.value, t.type) for t in analysis.timexes] == [("Monday", "2025-03-03", "DATE")]


def test_corpus_speaker_layer_scores_the_name_the_corpus_shows():
    from parallax.evaluate.dev import corpus_speaker_layer
    pairs = [("Ana Berg", "Berg"), ("Ana Berg", "Ana Berg"), ("Tomas Riel", "Ivo Sand")]
    predicted = [("Berg", None), ("Ana Berg", "Mayor"), ("Ivo Sand", None)]
    layer = corpus_speaker_layer(pairs, predicted, ["Ana Berg", "Ana Berg", "Tomas Riel"])
    assert layer["f1"] == round(2 / 3, 4) and layer["n_gold"] == 3


def test_locate_prefers_the_occurrence_whose_line_holds_the_speaker_mention():
    lead = "Ten goats were rescued from the river on Monday"
    source = f"Goats saved\n{lead}.\nA photo caption.\n{lead}, a farm official said.\n"
    span = locate(source, lead, lead, set(), hints=("a farm official", "said"))
    assert span == (source.rindex(lead), source.rindex(lead) + len(lead))
    assert locate(source, lead, lead, set()) == (source.index(lead), source.index(lead) + len(lead))
