"""The HTML block model, its boosted trees and the learned title scorer, on pages written for the tests."""
import numpy as np

from parallax.clean import html as html_input
from parallax.clean.blocks import FEATURE_NAMES, block_features, body_mask
from parallax.clean.lines import split_lines
from parallax.clean.titles import best_title, candidates
from parallax.clean.trees import Forest, fit

PARAS = [
    "The harbour committee met on Tuesday evening to discuss the repairs that the storm made necessary.",
    "Members agreed that the eastern pier would close for six weeks while the engineers replaced its beams.",
    "Fishing boats will use the western quay in the meantime, and the ferry keeps its usual timetable.",
    "The committee's chair said the work had been planned for years and the storm only brought it forward.",
]
PAGE = ("<html><head><title>Pier closes for repairs | Harbour Gazette</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
        "<article><h1>Pier closes for repairs</h1>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</article>"
        "<footer><p><a href='/about'>About us</a> <a href='/contact'>Contact</a></p></footer></body></html>")


def test_visible_blocks_keep_link_characters_and_the_markup_path():
    blocks, title = html_input.visible_blocks(PAGE)
    assert title == "Pier closes for repairs | Harbour Gazette"
    assert [b.text for b in blocks] == html_input.visible_text(PAGE)[0].split("\n")
    home = next(b for b in blocks if b.text == "Home")
    assert home.link_chars == 4 and [t for t, _ in home.path][-2:] == ["ul", "li"]
    para = next(b for b in blocks if b.text == PARAS[0])
    assert para.link_chars == 0 and "article" in [t for t, _ in para.path]


def test_block_features_have_one_row_per_line_and_the_model_keeps_the_paragraphs():
    blocks, title = html_input.visible_blocks(PAGE)
    lines = split_lines("\n".join(b.text for b in blocks))
    kept = [l.text in PARAS for l in lines]
    x = block_features(lines, blocks, [kept, kept, kept], "Pier closes for repairs", 3)
    assert x.shape == (len(lines), len(FEATURE_NAMES))
    chosen = {l.text for l, m in zip(lines, body_mask(x)) if m}
    assert set(PARAS) <= chosen
    assert not chosen & {"Home", "News", "Sport", "About us Contact"}


def test_boosted_trees_learn_an_interaction_and_survive_json():
    rng = np.random.default_rng(7)
    x = rng.uniform(size=(4000, 3))
    y = ((x[:, 0] > 0.5) & (x[:, 1] > 0.3)).astype(float)   # the third column is noise
    forest = fit(x, y, trees=40, depth=3)
    assert ((forest.proba(x) > 0.5) == y).mean() > 0.97
    again = Forest.from_json(forest.to_json())
    assert np.allclose(again.logit(x[:50]), forest.logit(x[:50]), atol=1e-4)


def test_title_candidates_drop_the_site_name_and_the_scorer_picks_the_agreed_headline():
    texts, x = candidates(["Pier closes for repairs"], "Pier closes for repairs - Harbour Gazette", "",
                          "Pier closes for repairs | Harbour Gazette", ["Harbour Gazette"], ["harbourgazette.example"])
    assert "Pier closes for repairs" in texts and x.shape[0] == len(texts)
    assert best_title(["Pier closes for repairs"], "Pier closes for repairs - Harbour Gazette", "",
                      "Pier closes for repairs | Harbour Gazette", ["Harbour Gazette"], []) == "Pier closes for repairs"
