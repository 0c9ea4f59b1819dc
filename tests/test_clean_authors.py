"""Author of an HTML page: names cleaned out of byline text, a person preferred over accounts, the
markup's stated author first, the site's own name last."""
from __future__ import annotations

import lxml.html

from parallax.clean.authors import choose_author, clean_name, markup_authors, person_like
from parallax.clean.html import _meta


def test_clean_name_drops_labels_dates_and_reading_times():
    assert clean_name("Written by: Jane Roe") == "Jane Roe"
    assert clean_name("Author Posted by Acme Works") == "Acme Works"
    assert clean_name("By Jane Roe · May 2, 2031") == "Jane Roe"
    assert clean_name("Dec. 19, 2031 · Jane Roe") == "Jane Roe"
    assert clean_name("Jane Roe Last updated on 17 December 2031") == "Jane Roe"
    assert clean_name("Jane Roe in Workshop Tools") == "Jane Roe"
    assert clean_name("10 mins read") is None
    assert clean_name("Learn More") is None
    assert clean_name("Name *") is None
    assert clean_name("https://social.example/janeroe") is None


def test_person_like_names_and_accounts():
    assert person_like("Jane K. Roe")
    assert person_like("Ana de la Cruz, MD")
    assert not person_like("Acme Team")
    assert not person_like("NOC Admin")
    assert not person_like("Region")
    assert not person_like("REGION WIDE")


def test_a_person_beats_a_filter_label_and_an_account():
    cands = [("printed:byline", "Region"), ("html:author-markup", "Harbor Team"),
             ("html:author-markup", "By Jane Roe")]
    assert choose_author(cands, ["Harbor Works"]) == ("Jane Roe", "html:author-markup")


def test_the_markup_stated_author_beats_the_visible_text_unless_a_login():
    cands = [("html:meta", "Tomas Reyes"), ("html:author-markup", "Jane Roe")]
    assert choose_author(cands, [])[0] == "Tomas Reyes"
    cands = [("html:meta", "tomasr42x"), ("html:author-markup", "Jane Roe")]
    assert choose_author(cands, [])[0] == "Jane Roe"


def test_the_site_as_author_only_when_nobody_else_is_named():
    assert choose_author([("html:meta", "Harbor Works")], ["Harbor Works"]) == ("Harbor Works", "html:meta")
    cands = [("html:meta", "Harbor Works"), ("html:author-markup", "Jane Roe")]
    assert choose_author(cands, ["Harbor Works", "harborworks.example"])[0] == "Jane Roe"


def test_markup_authors_reads_link_previews_and_author_elements():
    root = lxml.html.fromstring("""<html><head>
        <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Jane Roe">
        </head><body><nav><a href="/author/ed-nav/">Ed Nav</a></nav>
        <div class="post-author"><span>By</span> <a href="/author/tomas/">Tomas Reyes</a></div></body></html>""")
    found = [(h, " ".join(t.split())) for h, t in markup_authors(root, {}, _meta) if t]
    assert ("html:meta", "Jane Roe") in found
    assert ("html:author-markup", "By Tomas Reyes") in found
    assert all("Ed Nav" not in t for _h, t in found)


def test_clean_name_keeps_the_first_of_a_long_author_list_and_drops_a_tagline():
    assert clean_name("Authors: Ana Roe, Ben Sol, Cy Tam, Di Vu, Ed Wex") == "Ana Roe"
    assert clean_name("Ana Roe - Product marketer") == "Ana Roe"
    assert clean_name("03/01/2031 by Ana Roe") == "Ana Roe"


def test_visible_bylines_read_label_lines_and_labelled_names():
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import visible_bylines

    def names(text):
        return [clean_name(t) for _h, t in visible_bylines(split_lines(text))]

    assert names("Harbor opens\nWritten by\nAna Roe\nThe harbor opened on Monday after a year of work.") == ["Ana Roe"]
    assert names("Harbor opens\nContributors: Ana Roe\nText of the story.") == ["Ana Roe"]
    assert names("Harbor opens\nByAna Roe\nText of the story.") == ["Ana Roe"]
    assert names("Harbor opens\n12/19 — 2031\nby anaroe\nText of the story.") == ["anaroe"]
    assert names("Harbor opens\nBylaws\nText of the story.") == []


def test_a_long_text_or_a_labelled_credit_is_not_a_name():
    assert clean_name("Harbor Works Here we discuss the rules of the harbor, and more") is None
    assert clean_name("content: Harbor Works") is None


def test_a_date_and_separator_opening_a_line_lead_to_the_author():
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import visible_bylines

    def names(text):
        return [clean_name(t) for _h, t in visible_bylines(split_lines(text))]

    assert names("Harbor opens\nMay 2, 2031 • Ana Roe in Harbors\nText of the story.") == ["Ana Roe"]
    assert names("Harbor opens\n2031-05-02·\nAna Roe\nText of the story.") == ["Ana Roe"]
    assert names("Harbor opens\nMay 2, 2031 · backlinks\nText of the story.") == []


def test_a_name_ending_in_on_keeps_it_while_on_before_a_date_goes():
    assert clean_name("Harbour Hum On") == "Harbour Hum On"
    assert clean_name("Jane Roe on May 2, 2031") == "Jane Roe"


def test_a_date_between_updated_and_by_leads_to_the_author():
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import visible_bylines

    found = visible_bylines(split_lines("Harbor opens\nText of the story.\nLast updated March 3, 2031 by Ana Roe."))
    assert [clean_name(t).rstrip(".") for _h, t in found] == ["Ana Roe"]
    assert visible_bylines(split_lines("Harbor opens\nUpdated daily by our harbor team")) == []


def test_site_authors_name_a_copyright_person_then_the_site_never_a_domain():
    from parallax.clean.authors import site_authors

    assert site_authors("Harbor Works - Tools for sailors", ["© 2031 Ana Roe. All rights reserved."]) == [
        ("html:copyright", "Ana Roe"), ("html:site-name", "Harbor Works")]
    assert site_authors("Harbor Works", ["Copyright 2031 Harbor Works Inc. All rights reserved"]) == [
        ("html:site-name", "Harbor Works")]
    assert site_authors("harborworks.example", []) == []
    assert choose_author(site_authors("harborworks.example", ["© 2031 Ana Roe."]), []) == ("Ana Roe", "html:copyright")
