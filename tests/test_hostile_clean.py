"""Hostile input for the cleaner and the analysers' string parsers: whatever the text or HTML,
`clean_document` returns an article with exact offsets or raises CleanError, and pathological
inputs finish within a time bound (or are refused as too large, with a reason)."""
import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.analyze.numerals import comma_groups, hedge_before, is_numeral_word, parse_numeral
from parallax.analyze.timex.normalise import normalise
from parallax.analyze.timex.patterns import find_candidates
from parallax.clean import MAX_HTML_CHARS, MAX_TEXT_CHARS, CleanError, clean_document
from parallax.clean.dates import find_dates
from parallax.model import Article, RawDocument

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TIME_BOUND = 20.0        # seconds for a pathological input; the pipeline's own limit is 30 s

SENTENCE = "The harbour of Veltmark reopened on Monday after the storm, officials said in a statement."
# Pieces of news-like text and markup, so generated documents often reach the body-finding code.
WORDS = st.sampled_from([SENTENCE, "By Ada Quill", "Published 12 March 2021", "Share this", "\n", "\n\n",
                         '"', "\u201c", "\u201d", " ", "\t", "\r\n", "\u2028", "\x00", "\ufeff", "3,400",
                         "Updated: Oct. 15, 2020", "\u0301", "\U0001F600", "<", ">", "&amp;", "&#0;"])
TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<br>", "<script>", "</script>", "<title>",
                        "</title>", "<h1>", "</h1>", "<table><tr><td>", "<!--", "-->", "<![CDATA[",
                        "<html><body>", "<!doctype html>", "<article>", "</article>", "<nav>", "<li>"])
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=40).map("".join))
HTMLS = st.one_of(st.text(max_size=400), st.lists(st.one_of(WORDS, TAGS), max_size=60).map("".join))


def clean(text: str, content_type: str) -> Article | None:
    raw = RawDocument(uri="test://hostile", data=text.encode("utf-8", "surrogatepass"), text=text,
                      content_type=content_type)
    try:
        article = clean_document(raw)
    except CleanError as exc:
        assert exc.reason
        return None
    check_offsets(article)
    return article


def check_offsets(article: Article) -> None:
    assert article.body.strip()
    joins = {start - 1 for start, _src, _len in article.segments[1:]}   # the "\n" between body lines
    for i, char in enumerate(article.body):
        if i not in joins:
            assert article.source_text[article.to_source(i)] == char, i


@SETTINGS
@given(TEXTS)
def test_any_text_cleans_or_raises_clean_error(text):
    clean(text, "text/plain")


@SETTINGS
@given(HTMLS)
def test_any_html_cleans_or_raises_clean_error(html):
    clean(html, "text/html")


@SETTINGS
@given(st.lists(st.sampled_from([SENTENCE, "Home | News", "By Ada Quill", "  ", ""]), min_size=3, max_size=20),
       st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2029"]))
def test_body_offsets_are_exact(lines, newline):
    article = clean(newline.join(lines), "text/plain")
    if article is not None:
        assert article.body.count(SENTENCE) >= 1


@SETTINGS
@given(st.text(max_size=300))
def test_dates_finder_returns_spans_inside_text(text):
    for mention in find_dates(text):
        assert 0 <= mention.start < mention.end <= len(text)


@SETTINGS
@given(st.text(max_size=120), st.one_of(st.none(), st.dates()), st.sampled_from(["past", "present", "future"]),
       st.one_of(st.none(), st.text(max_size=12)))
def test_timex_normalise_never_raises(text, anchor, tense, previous):
    result = normalise(text, anchor, tense, previous)
    assert result is None or all(isinstance(x, str) for x in result[:2])


@SETTINGS
@given(st.text(max_size=300))
def test_timex_candidates_are_spans_inside_text(text):
    for start, end in find_candidates(text):
        assert 0 <= start < end <= len(text)


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(
    ["a", "million", "half", "tens", "of", "thousands", "43,218", "1e308", "twenty-five", "-", "and"])),
    max_size=8))
def test_numerals_never_raise(words):
    parse_numeral(words)
    hedge_before(words)
    for word in words:
        is_numeral_word(word)
        comma_groups(word)


def test_timex_normalise_extreme_anchor_dates():
    for anchor in (dt.date.min, dt.date.max):
        for text in ("next year", "last week", "Sunday", "the fourth quarter", "three decades ago",
                     "Sept. 27", "tomorrow", "the next century", "this spring", "Thanksgiving"):
            normalise(text, anchor, "future")
            normalise(text, anchor, "past")


# ---- pathological inputs: bounded time, CleanError or an article, never a hang or a crash --------

LINE = "The harbour reopened on Monday after a long storm, officials said in a statement. "
PATHOLOGICAL = {
    "nested tag soup (10^6 levels)": ("text/html", "<div>" * 10**6 + "deep" + "</div>" * 10**6),
    "20 MB single-line text": ("text/plain", (LINE * (20 * 2**20 // len(LINE) + 1))[:20 * 2**20]),
    "20 MB single-line HTML": ("text/html", "<html><body><p>" + LINE * (20 * 2**20 // len(LINE))),
    "10^5 blank lines": ("text/plain", "Harbour reopens\n" + "\n" * 10**5 + (LINE + "\n") * 5),
    "10^5 quotation marks": ("text/plain", '"' * 10**5),
    "10^5 curly quotes in HTML": ("text/html", "<p>" + "\u201c" * 10**5),
    "a line of 10^6 digits": ("text/plain", "1" * 10**6),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_finishes_in_time(name):
    content_type, text = PATHOLOGICAL[name]
    started = time.monotonic()
    clean(text, content_type)
    assert time.monotonic() - started < TIME_BOUND, name


def test_too_large_input_is_refused_with_a_reason():
    with pytest.raises(CleanError, match="too large"):
        clean_document(RawDocument("test://big", b"", "text/plain", LINE * (MAX_TEXT_CHARS // len(LINE) + 1)))
    with pytest.raises(CleanError, match="too large"):
        clean_document(RawDocument("test://big", b"", "text/html", "<p>" + "x" * MAX_HTML_CHARS))


@pytest.mark.parametrize("text", ['"' * 10**5, "1" * 10**6, "\n" * 10**5, "May " * 10**5])
def test_analyser_parsers_on_pathological_text_finish_in_time(text):
    started = time.monotonic()
    find_candidates(text)
    find_dates(text)
    parse_numeral(text.split()[:1000])
    assert time.monotonic() - started < TIME_BOUND


PARAGRAPH = "<p>" + SENTENCE + " The ferries will run again from Tuesday, the operator said.</p>"


def test_xhtml_with_an_xml_declaration_is_read():
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><article>' + PARAGRAPH * 4 + "</article></body></html>"
    article = clean(page, "text/html")
    assert article is not None and SENTENCE in article.body


def test_html_nested_beyond_the_parser_depth_is_refused_not_read_in_part():
    page = "<html><body>" + PARAGRAPH * 3 + "<b>" * 300 + PARAGRAPH * 3
    with pytest.raises(CleanError, match="nested too deeply"):
        clean_document(RawDocument("test://deep", b"", "text/html", page))


def test_a_tag_with_an_absurd_number_of_attributes_is_refused_quickly():
    import time

    from parallax.clean import CleanError, clean_html

    html = "<html><body><p" + "".join(f' a{i}="x"' for i in range(200_000)) + ">Text.</p></body></html>"
    started = time.monotonic()
    with pytest.raises(CleanError, match="attributes"):
        clean_html(html, uri="bomb.html")
    assert time.monotonic() - started < 5
