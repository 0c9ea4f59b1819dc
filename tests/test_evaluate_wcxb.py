"""WCXB-format scoring: word-bag F1, title/author/date matching, and the CLI on a tiny fictional page set."""
import gzip
import json

from typer.testing import CliRunner

from parallax.cli import app
from parallax.evaluate.wcxb import PageFields, norm_title, same_author, same_title, score, word_f1

PAGE = """<html><head><title>Lake Wren floods the valley - Valley Courier</title></head><body>
<nav>Home News Sport</nav><h1>Lake Wren floods the valley</h1>
<p>By Mara Quill</p>
<p>The water of Lake Wren rose by two metres overnight and covered the fields of the lower valley,
the district office of Orlan said on Tuesday morning.</p>
<p>Farmers in the villages along the river moved their animals to the hills before dawn, and the
office said that no one had been hurt by the flood so far.</p>
<footer>Contact us</footer></body></html>"""


def _gold_dir(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth").mkdir()
    (tmp_path / "html" / "0001.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    truth = {"url": "https://courier.example/a", "ground_truth": {
        "title": "Lake Wren floods the valley", "author": "Mara Quill", "publish_date": None,
        "main_content": "The water of Lake Wren rose by two metres overnight and covered the fields of the "
                        "lower valley, the district office of Orlan said on Tuesday morning.\n\nFarmers in the "
                        "villages along the river moved their animals to the hills before dawn, and the office "
                        "said that no one had been hurt by the flood so far."}}
    (tmp_path / "ground-truth" / "0001.json").write_text(json.dumps(truth))
    return tmp_path


def test_word_f1_is_a_bag_of_words():
    assert word_f1("a b b c", "b a c b") == (1.0, 1.0, 1.0)
    p, r, f = word_f1("a b c d", "a b")
    assert (p, r) == (1.0, 0.5)


def test_title_and_author_matching():
    assert norm_title("The “Big” Day – Part 2") == norm_title('the "big" day - part 2')
    assert same_title("Tides & Gulls: A Guide", "Tides and Gulls - A Guide")
    assert same_title("How Deep is the Bay?", "how deep is the bay")
    assert not same_title("How Deep is the Bay?", "How Deep is the Bay? | Tidewater")
    assert not same_title("How Deep is the Bay?", None) and not same_title("?", "!")
    assert same_author("Jane Roe, MD", "By Jane Roe")
    assert not same_author("Jane Roe", "John Roe")
    assert not same_author("Jane Roe", None)


def test_score_counts_only_gold_values(tmp_path):
    gold = _gold_dir(tmp_path)
    result = score(gold, extract=lambda html, url: PageFields("", "Lake Wren floods the valley", None, "2031-01-01"))
    assert result["layers"]["title"]["f1"] == 1.0
    assert result["layers"]["author"]["n_gold"] == 1 and result["layers"]["author"]["f1"] == 0.0
    assert result["layers"]["published"]["n_gold"] == 0


def test_cli_eval_wcxb(tmp_path):
    gold = _gold_dir(tmp_path)
    out = CliRunner().invoke(app, ["eval", "--format", "wcxb", "--gold", str(gold), "--json"])
    assert out.exit_code == 0, out.output
    layers = json.loads(out.output.strip().splitlines()[-1])["layers"]
    assert layers["body"]["f1"] > 0.9
    assert layers["title"]["f1"] == 1.0
