"""Headline, date and outlet on text pages of shapes the line classifier had not seen (fictional texts)."""
import datetime as dt

import pytest

from parallax.clean import clean_text
from parallax.clean.dates import city_dateline, date_line_kind, find_dates, labelled_dates
from parallax.clean.outlets import by_url

PARA = ("The river authority of Orlan said the water had risen by two metres overnight and that the "
        "villages along the lower valley were being emptied before dawn on the advice of engineers.")
PARA2 = ("Farmers moved their animals to the hills, and the district office said no one had been hurt, "
         "although several roads were closed and the ferry to the island stopped running for the day.")


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("first, outlet", [
    ("ORLAN (Valley Wire) - " + PARA, "Valley Wire"),
    ("(Valley Wire) – " + PARA, "Valley Wire"),
    ("ORLAN, June 7. /VALWIRE/. " + PARA, "VALWIRE"),
    ("Orlan, (QPA - Riverside Post / Riverside Point News - 18th Oct, 2031) " + PARA, "Riverside Post"),
])
def test_dateline_names_the_outlet(first, outlet):
    art = clean_text(page("Floods empty the lower valley", first, PARA2))
    assert art.outlet.value == outlet


def test_news_desk_and_reports_name_the_outlet():
    art = clean_text(page("Floods empty the lower valley", "Lakeside News Desk | Updated: 28-12-2031 18:54 IST",
                          PARA, PARA2))
    assert art.outlet.value == "Lakeside"
    art = clean_text(page("Floods empty the lower valley", PARA[:-1] + ", Vantor reports.", PARA2))
    assert art.outlet.value == "Vantor"


def test_a_banner_is_never_an_outlet():
    art = clean_text(page("BREAKING NEWS", "Floods empty the lower valley", PARA, PARA2, "BREAKING NEWS"))
    assert art.outlet.value != "BREAKING NEWS" and art.outlet.value != "Breaking News"


def test_wire_reports_is_a_credit_not_the_outlet():
    art = clean_text(page("Floods empty the lower valley", PARA[:-1] + ", Reuters reports.", PARA2))
    assert art.outlet.value is None


def test_store_date_line_is_boilerplate_and_an_inferred_date():
    text = page(" date 2031-05-09 Floods empty the lower valley", "Floods empty the lower valley", PARA, PARA2)
    art = clean_text(text)
    assert art.headline.value == "Floods empty the lower valley"
    assert (art.published.value, art.published.how) == ("2031-05-09", "inferred:store-date")
    first = art.zones[0]
    assert first.label == "boilerplate"


def test_relative_stamp_is_not_the_headline():
    art = clean_text(page("17 hours ago 3", "Floods empty the lower valley", PARA, PARA2))
    assert art.headline.value == "Floods empty the lower valley"


def test_title_printed_twice_is_the_headline():
    art = clean_text(page("Floods empty the lower valley", "Floods empty the lower valley", PARA, PARA2))
    assert art.headline.value == "Floods empty the lower valley"
    assert all(z.label != "boilerplate" for z in art.zones)


@pytest.mark.parametrize("text, day", [
    ("Posted 4 ноября 2030", dt.date(2030, 11, 4)),
    ("12 Ekim 2030", dt.date(2030, 10, 12)),
    ("5. März 2030", dt.date(2030, 3, 5)),
    ("3 oktyabr 2030", dt.date(2030, 10, 3)),
    ("14 hoktember 2030", dt.date(2030, 10, 14)),
    ("1 juillet 2030", dt.date(2030, 7, 1)),
    ("9 de mayo de 2030", dt.date(2030, 5, 9)),
    ("9 mayo 2030", dt.date(2030, 5, 9)),
])
def test_month_names_in_the_covered_languages(text, day):
    found = find_dates(text)
    assert (found[0].date if found else None) == day


def test_date_lines_with_counters_labels_and_created_stamps():
    assert date_line_kind("08 October 2030    Read: 561") == "bare"
    assert date_line_kind("Society Materials 25 December 2030 23:42 (UTC +04:00)") == "bare"
    labels = [k for k, _d in labelled_dates("Desk | Updated: 29-12-2030 18:54 IST | Created: 28-12-2030 18:54 IST")]
    assert labels == ["update", "published"]
    art = clean_text(page("Floods empty the lower valley",
                          "Lakeside News Desk | Updated: 29-12-2030 18:54 IST | Created: 28-12-2030 18:54 IST",
                          PARA, PARA2))
    assert art.published.value == "2030-12-28"


def test_city_dateline_takes_the_year_from_the_page():
    assert city_dateline("ORLAN, Valley, December 25. The") == (12, 25)
    assert city_dateline("ORLAN, June 7, 2030. The") is None
    art = clean_text(page("Floods empty the lower valley", "Photo taken 24.12.2030", "ORLAN, December 25. " + PARA,
                          PARA2))
    assert art.published.value == "2030-12-25"
    assert art.published.how.startswith("inferred:")


def test_registry_gives_outlet_and_country_from_the_url():
    info = by_url("https://www.reuters.com/world/some-story")
    assert info and info.name == "Reuters" and info.country == "United Kingdom"
    assert by_url("https://edition.cnn.com/x").name == "CNN"
    art = clean_text(page("Floods empty the lower valley", PARA, PARA2), url="https://www.dawn.com/news/1")
    assert (art.outlet.value, art.outlet.how, art.outlet_country) == ("Dawn", "registry:url", "Pakistan")


def test_user_registry_extends_the_bundled_one(tmp_path, monkeypatch):
    extra = tmp_path / "outlets.yaml"
    extra.write_text("- {domain: lakeside.example, name: Lakeside Ledger, country: Norway, language: en}\n")
    monkeypatch.setenv("PARALLAX_OUTLETS", str(extra))
    art = clean_text(page("Floods empty the lower valley", PARA, PARA2), url="https://news.lakeside.example/a")
    assert (art.outlet.value, art.outlet_country) == ("Lakeside Ledger", "Norway")


def test_html_title_without_the_site_name():
    from parallax.clean.html import page_metadata, strip_site_name

    assert strip_site_name("Floods empty the valley - Valley Courier", ["Valley Courier"]) == "Floods empty the valley"
    assert strip_site_name("Valley Courier | Floods empty the valley", ["Valley Courier"]) == "Floods empty the valley"
    assert strip_site_name("Floods empty the valley | Courier", []) == "Floods empty the valley"
    html = """<html><head><title>Floods empty the valley - Valley Courier</title>
    <meta property="og:site_name" content="Valley Courier">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Floods empty the valley",
      "datePublished": "2031-03-04T08:00:00Z", "author": {"@type": "Person", "name": "Mara Quill"}}</script>
    </head><body><h1>Floods empty the valley</h1><p>Text.</p></body></html>"""
    meta = page_metadata(html, "https://www.valleycourier.example/a")
    assert (meta.title, meta.authors[0], meta.published, meta.how) == (
        "Floods empty the valley", ("html:json-ld", "Mara Quill"), "2031-03-04", "html:json-ld")


@pytest.mark.parametrize("line", [
    "This report contains material from Valley Wire and the Orlan Agency.",
    "(With inputs from agencies.)",
    "294Yesterday, 22:40",
    "In this handout picture released by the river authority, water covers the road near Orlan.",
    "This is a developing story and will be updated.",
    "Read this article on source website",
    "LEGAL WARNING: All rights of the published news and photos are reserved by Orlan Media.",
    "images6-2ec36a914a.jpg",
    "Velmora.example is the region's leading online news website, providing daily coverage.",
])
def test_furniture_credits_and_captions_are_boilerplate(line):
    art = clean_text(page("Floods empty the lower valley", PARA, line, PARA2))
    labels = {art.source_text[z.start:z.end].strip(): z.label for z in art.zones}
    assert labels[line] == "boilerplate"
    assert labels[PARA] == "body"


def test_newsletter_delivery_prompt_names_the_outlet():
    art = clean_text(page("Floods empty the lower valley", PARA, PARA2,
                          "Subscribe today and Valley Ledger will be in your inbox every morning."))
    assert (art.outlet.value, art.outlet.how) == ("Valley Ledger", "text:newsletter")


@pytest.mark.parametrize("line, name", [
    ("By: Mara Quill", "Mara Quill"),
    ("Posted by Mara Quill on 2031-12-18 in gardens.", "Mara Quill"),
    ("by Mara Quill—10 min read", "Mara Quill"),
])
def test_visible_byline_on_a_web_page(line, name):
    from parallax.clean.html import visible_text
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import visible_byline

    text, _ = visible_text(f"<html><body><h1>Title here</h1><p>{line}</p><p>{PARA}</p></body></html>")
    assert visible_byline(split_lines(text)).value == name


def test_author_box_names_the_author():
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import visible_byline

    lines = split_lines(page("Floods empty the valley", PARA, "Mara Quill",
                             "Mara Quill is a writer who covers rivers and the towns along them."))
    assert visible_byline(lines).value == "Mara Quill"


def test_a_filter_menu_of_by_lines_is_no_byline():
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import find_byline, visible_byline
    lines = split_lines("Solutions\nBy Region\nBy Team Size\nRouting plans for small fleets\n" + PARA)
    assert visible_byline(lines).value is None
    assert find_byline(lines, ["byline"] * len(lines), {}).value is None
    lines = split_lines("by Orla Venn\nBy Orla Venn\n" + PARA)   # one name printed twice is a byline
    assert visible_byline(lines).value == "Orla Venn"


def test_a_date_glued_to_the_byline_name_is_cut():
    from parallax.clean.lines import split_lines
    from parallax.clean.metadata import find_byline
    lines = split_lines("by Orla VennMarch 3, 2031\n" + PARA)
    assert find_byline(lines, ["byline"] + [None] * (len(lines) - 1), {}).value == "Orla Venn"


def test_template_keys_and_labels_are_not_authors():
    from parallax.clean.metadata import plausible_author
    assert not plausible_author("page.head.extra.author") and not plausible_author("Written By")
    assert plausible_author("orla.k.venn") and plausible_author("Orla Venn")
