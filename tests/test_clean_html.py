"""HTML input: trafilatura body mapped back into the page's visible text, htmldate, and the fallback."""
from __future__ import annotations

import pytest

import parallax.clean.html as html_input
from parallax.clean import clean_document
from parallax.clean.lines import split_lines
from parallax.model import RawDocument

PARAGRAPHS = [
    "The regional rail company said on Monday that it would add three night trains between the coast and the capital.",
    "The new trains will run on Fridays and Saturdays from the start of the summer timetable, the company said in a statement.",
    "Passenger groups welcomed the plan but asked for cheaper tickets for students and pensioners who travel at night.",
    "The company said it would review prices after the first season, once it knows how many people use the trains.",
]

PAGE = f"""<!DOCTYPE html>
<html><head><title>Night trains to return | Coastline Daily</title>
<meta property="og:site_name" content="Coastline Daily">
<meta property="article:published_time" content="2031-04-07T08:00:00Z">
<meta name="author" content="Ines Marlow">
<script>var tracking = "not visible";</script><style>body {{ color: red }}</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/travel">Travel</a></li><li><a href="/login">Sign in</a></li></ul></nav>
<article>
<h1>Night trains to return</h1>
<p class="byline">By Ines Marlow</p>
<time datetime="2031-04-07">April 7, 2031</time>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
<table><tr><td>Route</td><td>Days</td></tr><tr><td>Coast to capital</td><td>Friday and Saturday</td></tr></table>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Ferry strike ends</a></li><li><a href="/b">Bridge toll rises</a></li></ul></aside>
<footer><p>© 2031 Coastline Daily. All rights reserved.</p></footer>
</body></html>"""


def raw(html: str, url: str = "https://www.coastline.example/travel/night-trains") -> RawDocument:
    return RawDocument(url, html.encode(), "text/html", html, meta={"url": url})


def test_visible_text_drops_scripts_and_keeps_table_rows_on_one_line():
    text, title = html_input.visible_text(PAGE)
    assert title == "Night trains to return | Coastline Daily"
    assert "tracking" not in text and "color" not in text
    assert "Coast to capital Friday and Saturday" in text.split("\n")


def test_an_article_after_an_early_body_end_tag_is_read_as_browsers_do():
    # a header template that closes </body></html>, then the article (browsers render it; libxml2 drops it)
    head, article = PAGE.split("<article>")
    page = head.replace("</nav>", "</nav></body></html>") + "<article>" + article
    assert PARAGRAPHS[0] in html_input.visible_text(page)[0]
    assert PARAGRAPHS[2] in clean_document(raw(page)).body


def test_html_body_metadata_and_offsets():
    art = clean_document(raw(PAGE))
    assert art.warnings == []
    for p in PARAGRAPHS:
        assert p in art.body
    assert "Most read" not in art.body and "Sign in" not in art.body
    assert art.headline.value == "Night trains to return"
    assert art.outlet.value == "Coastline Daily"
    assert art.published.value == "2031-04-07"
    assert art.byline.value == "Ines Marlow"
    for i, ch in enumerate(art.body):
        if ch != "\n":
            assert art.source_text[art.to_source(i)] == ch
    zoned = {art.source_text[z.start:z.end]: z.label for z in art.zones}
    assert zoned["Night trains to return"] == "headline"
    assert zoned["Ferry strike ends"] == "boilerplate"


def test_fallback_to_text_classifier_when_extraction_fails(monkeypatch):
    monkeypatch.setattr(html_input, "extract",
                        lambda html, url: html_input.HtmlExtract(None, None, None, [], None))
    art = clean_document(raw(PAGE))
    assert any("text line classifier" in w for w in art.warnings)
    for p in PARAGRAPHS:
        assert p in art.body
    assert art.published.value == "2031-04-07"


def test_paragraph_split_over_visible_lines_is_found():
    lines = split_lines("Alpha beta gamma delta epsilon\nzeta eta theta iota kappa\nTeaser")
    mask = html_input.body_line_mask(lines, "Alpha beta gamma delta epsilon zeta eta theta iota kappa")
    assert mask == [True, True, False]


def test_teaser_repeating_the_body_is_not_claimed_twice():
    lines = split_lines("One two three four five\nOne two three four five\nsix seven eight nine ten")
    mask = html_input.body_line_mask(lines, "One two three four five\nsix seven eight nine ten")
    assert mask == [True, False, True]


@pytest.mark.parametrize("bad", ["<html><body></body></html>", "<html><body><script>x()</script></body></html>"])
def test_pages_without_text_raise(bad):
    from parallax.clean import CleanError
    with pytest.raises(CleanError):
        clean_document(raw(bad))


def test_an_h1_opening_a_colon_title_is_the_site_banner():
    page = ("<html><head><title>Quill Notes: Tidal charts for small harbours</title></head><body>"
            "<h1>Quill Notes</h1><h2>Tidal charts for small harbours</h2><p>Text.</p></body></html>")
    assert html_input.page_metadata(page).title == "Tidal charts for small harbours"


def test_a_date_opening_the_h1_is_not_part_of_the_title():
    page = ("<html><head><title>Tidal charts for small harbours | Quill Notes</title></head><body>"
            "<h1>Mar 3 2031 Tidal charts for small harbours</h1><p>Text.</p></body></html>")
    assert html_input.page_metadata(page).title == "Tidal charts for small harbours"


def test_publication_date_from_marked_time_element_not_the_update_stamp():
    from parallax.clean.html import page_metadata

    page = """<html><head><title>Harbor opens</title></head><body><h1>Harbor opens</h1>
    <time class="entry-modified-time" datetime="2032-01-09T10:00:00Z">Jan 9, 2032</time>
    <span class="byline"><time class="entry-date published" datetime="2031-05-02T08:00:00Z">May 2, 2031</time></span>
    <p>Text.</p></body></html>"""
    meta = page_metadata(page)
    assert (meta.published, meta.how) == ("2031-05-02", "html:time-published")
    plain = page.replace(' class="entry-date published"', "")
    assert (page_metadata(plain).published, page_metadata(plain).how) == ("2031-05-02", "html:time")


def test_title_rules_for_headings_banners_and_domains():
    from parallax.clean.html import choose_title

    # the domain's first label opening the headline is not the site's name
    assert choose_title(["Gardening in a cold spring"], "", "", "Gardening in a cold spring | Valley Extension",
                        ["Valley Extension"], ["gardening.valley.example", "gardening"]) == "Gardening in a cold spring"
    # an H1 equal to og:title is the headline even when <title> reads "H1 : rest"
    assert choose_title(["How to build a shelf"], "How to build a shelf", "", "How to build a shelf : 9 Steps - Makers",
                        [], []) == "How to build a shelf"
    # a bar in the heading sets off a tagline; an H1 naming the site is its banner
    assert choose_title(["Best trains of 2031 | Top 9 routes"], "", "", "Best trains of 2031 | Railfan", ["Railfan"]) \
        == "Best trains of 2031"
    assert choose_title(["railfan.example", "Night trains return"], "", "", "Night trains return - railfan.example",
                        [], ["railfan.example"]) == "Night trains return"


def test_entities_escaped_twice_are_decoded_in_titles():
    from parallax.clean.html import page_metadata

    page = "<html><head><title>Tools &amp;#x26; tips</title></head><body><h1>Tools &amp;#x26; tips</h1></body></html>"
    assert page_metadata(page).title == "Tools & tips"


def test_heading_text_breaks_lines_at_block_children_and_reads_br_as_a_space():
    import lxml.html

    def h1(inner: str) -> str:
        return html_input.heading_text(lxml.html.fromstring(f"<html><body><h1>{inner}</h1></body></html>").find(".//h1"))

    assert h1("TIDAL<br>CHARTS<br> <span>GUIDE</span>") == "TIDAL CHARTS GUIDE"
    assert h1("<div>Meet the makers</div> <span>Gull Harbor Bakery</span>") == "Meet the makers\nGull Harbor Bakery"
    assert h1("Gull <!-- hero --><em>Harbor</em> Bakery<script>x()</script>") == "Gull Harbor Bakery"


def test_a_kicker_line_in_the_h1_is_not_part_of_the_title():
    page = ("<html><head><title>Gull Harbor Bakery | Tidewater Shop Stories</title>"
            "<meta property='og:title' content='Gull Harbor Bakery | Tidewater Shop Stories'></head><body>"
            "<h1><div>Meet the makers</div><span>Gull Harbor Bakery</span></h1><p>Text.</p></body></html>")
    assert html_input.page_metadata(page, "https://stories.tidewater.example/gull").title == "Gull Harbor Bakery"


def test_site_names_in_brackets_and_segments_named_after_the_domain_are_stripped():
    from parallax.clean.html import strip_site_name

    assert strip_site_name("The fold-and-cut puzzle (Orla Venn)", [], ["orlavenn.example", "orlavenn"]) \
        == "The fold-and-cut puzzle"
    assert strip_site_name("The fold-and-cut puzzle (Orla Venn)", [], ["quill.example", "quill"]) \
        == "The fold-and-cut puzzle (Orla Venn)"
    assert strip_site_name("Gull Harbor Bakery | Tidewater Shop Stories", [], ["tidewater.example", "tidewater"]) \
        == "Gull Harbor Bakery"
    # the site's tagline goes with the site's name; a blog named after the domain labels the headline
    assert strip_site_name("Gull Harbor Bakery - Tidewater | Stories of small makers", ["Tidewater"]) \
        == "Gull Harbor Bakery"
    assert strip_site_name("Tidewater Blog: Gull Harbor Bakery", [], ["tidewater.example", "tidewater"]) \
        == "Gull Harbor Bakery"
    assert strip_site_name("Tidewater opens a bakery: what to order", [], ["tidewater.example", "tidewater"]) \
        == "Tidewater opens a bakery: what to order"
    # a long segment opening with the site's name is a headline, not the site
    assert strip_site_name("Recipes | Tidewater opens a new harbor bakery this week", [],
                           ["tidewater.example", "tidewater"]) == "Recipes | Tidewater opens a new harbor bakery this week"


def test_double_encoded_utf8_is_repaired_with_a_warning():
    mojibake = "A reader\u00e2\u0080\u0099s guide"
    assert html_input.repair_mojibake(mojibake) == ("A reader\u2019s guide", 1)
    assert html_input.repair_mojibake("Caf\u00e9 au lait, na\u00efve") == ("Caf\u00e9 au lait, na\u00efve", 0)
    page = PAGE.replace("Passenger groups", "Passenger\u00e2\u0080\u0099s groups")
    article = clean_document(RawDocument("https://coastline.example/a", page.encode(), "text/html", page))
    assert "Passenger\u2019s groups" in article.body
    assert any("double-encoded" in w for w in article.warnings)


def test_the_site_label_skips_section_subdomains_and_country_suffixes():
    from parallax.clean.html import site_label

    assert site_label("blog.tidewater.example") == "tidewater"
    assert site_label("news.quillnotes.co.uk") == "quillnotes"
    assert site_label("quillnotes.com") == "quillnotes"
    page = "<html><head><title>Gull harbor reopens</title></head><body><h1>Gull harbor reopens</h1></body></html>"
    assert html_input.page_metadata(page, "https://blog.tidewater.example/gulls").title_inputs[5] == [
        "blog.tidewater.example", "tidewater"]


def test_title_candidates_read_the_visible_text_and_the_url_slug():
    from parallax.clean.titles import FEATURE_NAMES, candidates, slug_words

    assert slug_words("https://tidewater.example/news/gull-harbor_reopens.html?x=1") == "gull harbor reopens"
    assert slug_words("https://tidewater.example/") == ""
    page = ("<html><head><title>Harbor Guide 2031 | Tidewater</title><script>var t = 'Harbor Guide 2031';</script>"
            "</head><body><h1>The Complete Harbor Guide</h1><p>Tides and gulls of the bay.</p>"
            "<div>Harbor Guide 2031</div></body></html>")
    inputs = html_input.page_metadata(page, "https://tidewater.example/harbor-guide-2031").title_inputs
    assert inputs[6] == "the complete harbor guide tides and gulls of the bay harbor guide 2031"   # no script text
    texts, x = candidates(*inputs)
    row = {t: dict(zip(FEATURE_NAMES, r)) for t, r in zip(texts, x)}
    meta, h1 = row["Harbor Guide 2031"], row["The Complete Harbor Guide"]
    assert meta["shown_apart"] == 1.0 and h1["shown_apart"] == 0.0   # the page shows it beside its H1
    assert meta["slug_share"] == 1.0 and meta["slug_best"] == 1.0 and h1["slug_best"] == 0.0
    assert h1["after_h1"] == 2 / 3 and meta["after_h1"] == 1.0   # "complete" is not under the H1


def test_on_a_page_a_date_a_few_lines_from_the_title_beats_htmldate():
    from parallax.clean.metadata import find_published

    text = "Gardens\nMay 4, 2031\nShare\nTidal gardens bloom early\nBy Ines Marlow\nListen\nPrint\nSave\nBody text here."
    lines = split_lines(text)
    labels = ["boilerplate"] * 3 + ["headline"] + ["boilerplate"] * 4 + ["body"]
    kinds = [None] * len(lines)
    # two lines above the title: the kicker row's date, not a current-date header
    assert find_published(lines, labels, kinds, 3, {}, "2031-06-01").value == "2031-05-04"
    # a plain text page keeps the rule that only the line next to the headline counts
    assert find_published(lines, labels, kinds, 3, {}).value != "2031-05-04"

    def below(gap: int) -> str | None:
        page = split_lines("Tidal gardens bloom early\n" + "Share\n" * (gap - 1) + "May 4, 2031\nBody text here.")
        return find_published(page, ["headline"] + ["boilerplate"] * gap + ["body"], [None] * (gap + 2), 0, {},
                              "2031-06-01").value
    assert below(5) == "2031-05-04"   # five lines under the title still counts on a page
    assert below(6) == "2031-06-01"   # further down, htmldate's reading of the markup wins


def test_a_date_row_under_the_title_in_the_pages_own_date_order():
    from parallax.clean.metadata import find_published

    # a list of other posts above the title prints month-first dates (12/17/2031): 03/01/2030 is March 1
    text = ("Ferry fares rise\n12/17/2031\nLighthouse keepers meet\n12/04/2031\nWhy gulls follow the ferry\n"
            "03/01/2030 by Ines Marlow\nBody text here.")
    lines = split_lines(text)
    labels = ["boilerplate"] * 4 + ["headline", "boilerplate", "body"]
    assert find_published(lines, labels, [None] * 7, 4, {}, "2031-06-01").value == "2030-03-01"
    # a "date | section" row right under the title counts even where the classifier took it for a teaser's
    page = split_lines("Why gulls follow the ferry\nMarch 2, 2030 | Coast & Sea\nBody text here.")
    kinds = [None, "teaser", None]
    assert find_published(page, ["headline", "boilerplate", "body"], kinds, 0, {}, "2031-06-01").value == "2030-03-02"


def test_a_published_line_closing_the_article_beats_htmldate():
    from parallax.clean.metadata import find_published

    body = "Body text here.\n" * 8
    lines = split_lines("Why gulls follow the ferry\n" + body + "Share\nPublished March 2, 2030\nMore stories")
    labels = ["headline"] + ["body"] * 8 + ["boilerplate"] * 3
    assert find_published(lines, labels, [None] * 12, 0, {}, "2031-06-01").value == "2030-03-02"
    # further down, the page's only "Published" line still counts; one of several (a list of posts) does not
    far = split_lines("Why gulls follow the ferry\n" + body + "Share\n" * 8 + "Published March 2, 2030\nMore")
    labels = ["headline"] + ["body"] * 8 + ["boilerplate"] * 10
    assert find_published(far, labels, [None] * 19, 0, {}, "2031-06-01").value == "2030-03-02"
    listed = split_lines("Why gulls follow the ferry\n" + body + "Share\n" * 8 + "Published March 2, 2030\n"
                         "Published March 9, 2030")
    assert find_published(listed, labels, [None] * 19, 0, {}, "2031-06-01").value == "2031-06-01"


def test_an_update_stamp_in_the_header_beats_a_json_ld_date_but_not_a_meta_tag():
    from parallax.clean.metadata import find_published

    page = split_lines("Tidal gardens bloom early\nBy Ines Marlow Updated Aug 14, 2031\nBody text here.")
    labels, kinds = ["headline", "boilerplate", "body"], [None] * 3
    found = find_published(page, labels, kinds, 0, {}, "2031-05-19", "html:json-ld")
    assert (found.value, found.how) == ("2031-08-14", "printed:update-stamp")
    assert find_published(page, labels, kinds, 0, {}, "2031-05-19", "html:meta").value == "2031-05-19"
    footer = split_lines("Tidal gardens bloom early\nBody text here.\n" + "Share\n" * 6 + "Updated Aug 14, 2031")
    labels = ["headline", "body"] + ["boilerplate"] * 7
    assert find_published(footer, labels, [None] * 9, 0, {}, "2031-05-19", "html:json-ld").value == "2031-05-19"


def test_a_date_by_the_title_printed_again_over_the_article_counts():
    from parallax.clean.metadata import find_published

    page = split_lines("Tidal gardens bloom early\n" + "Menu\n" * 8 + "By: Ines Marlow on 04-ago-2031 5:11:10\n"
                       "Share\nTidal gardens bloom early\nBody text here.")
    labels = ["headline"] + ["boilerplate"] * 11 + ["body"]
    assert find_published(page, labels, [None] * 13, 0, {}, "2030-01-01").value == "2031-08-04"


def test_a_printed_day_that_is_the_markups_publication_instant_in_another_zone_yields_to_it():
    from parallax.clean.metadata import find_published

    assert html_input.instant_days("2031-12-10T02:17:00+00:00") == frozenset({"2031-12-09"})
    assert html_input.instant_days("2031-12-19T22:02:58Z") == frozenset({"2031-12-20"})
    assert html_input.instant_days("2031-12-10T00:00:00-05:00") == frozenset()   # a bare date at midnight
    assert html_input.instant_days("2031-12-10") == frozenset()
    page = split_lines("Sourdough for one\nBreads · December 9, 2031\nBody text here.")
    labels, kinds = ["headline", "boilerplate", "body"], [None] * 3
    other = html_input.instant_days("2031-12-10T02:17:00+00:00")
    assert find_published(page, labels, kinds, 0, {}, "2031-12-10", "html:meta", other).value == "2031-12-10"
    later = split_lines("Sourdough for one\nBreads · December 18, 2031\nBody text here.")
    other = html_input.instant_days("2031-12-19T22:02:58Z")
    assert find_published(later, labels, kinds, 0, {}, "2031-12-19", "html:json-ld", other).value == "2031-12-18"
    head = ('<html><head><meta property="article:published_time" content="2031-12-10T02:17:00+00:00"></head>'
            "<body><h1>Sourdough for one</h1><p>Text.</p></body></html>")
    assert html_input.page_metadata(head).instant_days == frozenset({"2031-12-09"})


def test_block_model_lines_stop_at_a_dated_story_list_after_the_article():
    from parallax.clean import _end_at_comment_stamps
    from parallax.clean.lines import split_lines

    text = ("The lighthouse keeper retired on Friday after thirty years of climbing the tower every evening.\n"
            "Her successor, a former fisherman, said he would keep the lamp and the logbook just as she left them.\n"
            "More stories\n"
            "Dec 19, 2031\n"
            "Harbour cafe wins award for fish soup\n"
            "Dec 18, 2031\n"
            "Ferry timetable changes for winter\n"
            "Dec 17, 2031\n"
            "School choir records a Christmas album\n")
    lines = split_lines(text)
    chosen = [True] * len(lines)
    kept = [l.text for l, m in zip(lines, _end_at_comment_stamps(lines, chosen)) if m]
    assert kept[-1].startswith("Her successor") and len(kept) == 2   # the short "More stories" goes with the list
    assert _end_at_comment_stamps(lines, [False] * len(lines)) == [False] * len(lines)


def test_a_printed_date_reads_as_the_datetime_of_the_time_element_printing_it():
    from parallax.clean.metadata import find_published

    page = ('<html><body><h1>Sourdough for one</h1><p><time datetime="2031-12-20">August 28, 2031</time></p>'
            '<p><time datetime="2031-01-06T12:00:00Z">01/06/2031</time></p><p>Body text here.</p></body></html>')
    days = html_input.page_metadata(page).time_days
    assert days == {"August 28, 2031": "2031-12-20", "01/06/2031": "2031-01-06"}
    lines = split_lines("Sourdough for one\nBreads · August 28, 2031\nBody text here.")
    labels, kinds = ["headline", "boilerplate", "body"], [None] * 3
    assert find_published(lines, labels, kinds, 0, {}, "2030-01-01", time_days=days).value == "2031-12-20"
    # the attribute settles a slashed date that would otherwise read day first
    lines = split_lines("Sourdough for one\n01/06/2031\nBody text here.")
    assert find_published(lines, labels, kinds, 0, {}, "2030-01-01", time_days=days).value == "2031-01-06"
    assert find_published(lines, labels, kinds, 0, {}, "2030-01-01").value == "2031-06-01"


def test_a_url_filed_under_a_month_overrules_a_date_outside_it():
    from parallax.clean.metadata import find_published

    lines = split_lines("Harbour notes week 2 20 December 2031\nBody text here.\nMore body text.")
    labels, kinds = ["boilerplate", "body", "body"], [None] * 3
    url = "https://tidewater.example/archive/2031/12/harbour-notes.html"
    found = find_published(lines, labels, kinds, None, {}, "2014-01-01", url=url)
    assert (found.value, found.how) == ("2031-12-20", "printed:url-month")
    # a date inside the month stands; without a printed one the URL's own day counts, if it has one
    assert find_published(lines, labels, kinds, None, {}, "2031-12-02", url=url).value == "2031-12-02"
    bare = split_lines("Harbour notes\nBody text here.")
    dated = "https://tidewater.example/2031/12/19/harbour-notes"
    assert find_published(bare, ["boilerplate", "body"], [None] * 2, None, {}, "2014-01-01", url=dated).value == "2031-12-19"
    assert find_published(bare, ["boilerplate", "body"], [None] * 2, None, {}, "2014-01-01", url=url).value == "2014-01-01"


def test_a_headline_right_under_body_text_is_a_subheading_the_date_over_the_body_counts():
    from parallax.clean.metadata import find_published

    # the page's title line matched a subheading inside the article: the bare date just over the body's
    # first paragraph is the article's, though it sits more than three lines above that "headline"
    text = ("Why gulls follow ferries\nMay 4, 2031\nGulls trail the ferry every morning.\nThey wait for scraps.\n"
            "Feeding times\nHow gulls follow ferries\nThe crew feeds them at nine.")
    lines = split_lines(text)
    labels = ["boilerplate", "boilerplate", "body", "body", "body", "headline", "body"]
    assert find_published(lines, labels, [None] * 7, 5, {}, "2030-01-01").value == "2031-05-04"
    # a headline under page furniture is the title: the date far above it stays out
    labels = ["boilerplate", "boilerplate", "body", "body", "boilerplate", "headline", "body"]
    assert find_published(lines, labels, [None] * 7, 5, {}, "2030-01-01").value == "2030-01-01"
