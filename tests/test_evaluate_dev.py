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
