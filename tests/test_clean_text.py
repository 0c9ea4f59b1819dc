"""The text line classifier and metadata on short fictional articles."""
from __future__ import annotations

import pytest

from parallax.clean import CleanError, OutletMemory, clean_document, clean_text
from parallax.model import RawDocument

ARTICLE = """\
Home
Valley Morning Gazette logo
Last update: March 3, 2031 09:12
Dam on the Silver River will open next spring, council says
By Maria Okafor and Tom Reyes
Published June 4, 2030
The town council has approved the final budget for the long-delayed river dam.
Workers inspect the concrete wall of the dam near Millbrook on June 2, 2030. (photo credit: REUTERS)
Workers inspect the concrete wall of the dam near Millbrook on June 2, 2030.
(photo credit: REUTERS)
The council voted seven to two on Tuesday to release the remaining money for the dam, which has been under construction since 2024 and has cost far more than planned.
"We have waited long enough, and the farmers downstream need the water," the mayor said after the vote, adding that the first turbines could run by April.
Opponents argued that the reservoir would flood two hamlets and that the people living there had not been consulted properly about the move.
A long road to approval
The project was first proposed more than a decade ago, when a drought left the valley's wells dry for three summers in a row.
Engineers say the dam will hold enough water for forty thousand households and will produce electricity for the regional grid as well.
Children play near the river bank in Millbrook, May 30, 2030. — AFP
Children play near the river bank in Millbrook, May 30, 2030. — AFP
The council will publish the full budget on its website next week, and a public meeting is planned for the end of the month.
Ana Lindqvist contributed to this report.
Stay updated with the latest news!
Subscribe to The Valley Morning Gazette Newsletter
Opinion
Bridges we need
Updated 12 May, 2031
Bridges we need
The county cannot keep postponing repairs to its oldest crossings...
Quiet streets
11 May, 2031
Quiet streets
A new traffic plan for the old town deserves a fair trial before anyone judges it...
"""

BOILERPLATE = [
    "Home", "Valley Morning Gazette logo", "Last update: March 3, 2031 09:12",
    "By Maria Okafor and Tom Reyes", "Published June 4, 2030",
    "Workers inspect the concrete wall of the dam near Millbrook on June 2, 2030. (photo credit: REUTERS)",
    "Workers inspect the concrete wall of the dam near Millbrook on June 2, 2030.",
    "(photo credit: REUTERS)",
    "Children play near the river bank in Millbrook, May 30, 2030. — AFP",
    "Children play near the river bank in Millbrook, May 30, 2030. — AFP",
    "Ana Lindqvist contributed to this report.", "Stay updated with the latest news!",
    "Subscribe to The Valley Morning Gazette Newsletter",
    "Opinion", "Bridges we need", "Updated 12 May, 2031", "Bridges we need",
    "The county cannot keep postponing repairs to its oldest crossings...",
    "Quiet streets", "11 May, 2031", "Quiet streets",
    "A new traffic plan for the old town deserves a fair trial before anyone judges it...",
]


@pytest.fixture(scope="module")
def article():
    return clean_text(ARTICLE, uri="fixture.txt")


def labelled(article, label):
    return [article.source_text[z.start:z.end] for z in article.zones if z.label == label]


def test_every_boilerplate_kind_removed(article):
    assert labelled(article, "boilerplate") == BOILERPLATE


def test_headline_standfirst_and_subheading_kept(article):
    assert labelled(article, "headline") == ["Dam on the Silver River will open next spring, council says"]
    body = labelled(article, "body")
    assert body[0] == "The town council has approved the final budget for the long-delayed river dam."
    assert "A long road to approval" in body
    assert body[-1].startswith("The council will publish the full budget")


def test_every_line_has_one_zone(article):
    assert len(article.zones) == sum(1 for l in ARTICLE.split("\n") if l.strip())


def test_offset_map_is_exact(article):
    assert article.body
    for i, ch in enumerate(article.body):
        if ch != "\n":
            assert article.source_text[article.to_source(i)] == ch


def test_metadata(article):
    assert article.headline.value == "Dam on the Silver River will open next spring, council says"
    assert (article.published.value, article.published.how) == ("2030-06-04", "printed:dateline")
    assert article.byline.value == "Maria Okafor and Tom Reyes"
    assert article.outlet.value == "The Valley Morning Gazette"
    assert article.outlet.how == "text:newsletter"
    assert article.credits == ["REUTERS", "AFP"]
    assert article.language == "en"
    assert article.id and article.body.count("\n") == len(labelled(article, "body")) - 1


def test_contributor_line_is_not_a_byline():
    text = ("Harbour reopens after storm\n"
            "The harbour reopened on Monday after a storm closed it for most of the week, officials said.\n"
            "Fishing boats returned to their moorings by the afternoon, and the ferry resumed its timetable.\n"
            "Lee Park contributed to this report.\n")
    art = clean_text(text)
    assert art.byline.value is None
    assert labelled(art, "boilerplate") == ["Lee Park contributed to this report."]


DATELINES = [
    ("Published October 15,2030", "2030-10-15"),
    ("Sunday, 03 November 2030 4:25 PM", "2030-11-03"),
    ("October 3, 2033", "2033-10-03"),
    ("2030-10-15", "2030-10-15"),
    ("15.10.2030", "2030-10-15"),
    ("By Jana Novak October 3, 2033", "2033-10-03"),
    ("Posted on 3rd March 2031 at 10:15 GMT", "2031-03-03"),
]


@pytest.mark.parametrize("dateline,expected", DATELINES)
def test_dateline_formats(dateline, expected):
    text = ("Bakers protest against flour prices\n" + dateline + "\n"
            "Hundreds of bakers gathered in the main square on Friday to protest against the rising price of flour.\n"
            "They asked the government to cut the tax on grain imports until the next harvest comes in.\n")
    art = clean_text(text)
    assert art.published.value == expected
    assert art.published.how.startswith("printed")
    assert dateline in labelled(art, "boilerplate")


def test_update_stamp_and_site_date_header_are_not_publication_dates():
    text = ("Wednesday, 9 July 2031\n"
            "Menu\n"
            "Search\n"
            "Library extends its opening hours\n"
            "Updated 12 July 2031\n"
            "The city library will stay open until ten in the evening from next month, the director said on 2 July 2031.\n"
            "Students had asked for longer hours during the exam season, and the council agreed to pay for the extra staff.\n")
    art = clean_text(text)
    assert art.published.value == "2031-07-02"            # latest date the body mentions
    assert art.published.how.startswith("inferred:")
    assert art.published.confidence < 1


def test_no_date_at_all_gives_no_published():
    art = clean_text("Quiet week at the zoo\nThe keepers said the animals had a quiet week, and visitors enjoyed the sun.\n"
                     "New signs will explain the feeding times to visitors from the start of next month.\n")
    assert art.published.value is None


def test_source_label_outlet_and_wire_agency_credit():
    text = ("Contact Us\n"
            "Ministers agree on new fishing quotas\n"
            "Norway Northern Wire Agency\n"
            "Published May 2, 2031\n"
            "Fisheries ministers agreed on Thursday to cut cod quotas by a tenth for the coming season.\n"
            "The agreement follows two years of talks and will be reviewed after the next scientific survey.\n")
    art = clean_text(text)
    assert art.outlet.value == "Northern Wire Agency"
    assert art.outlet.how == "text:source-label"
    assert labelled(art, "boilerplate") == ["Contact Us", "Norway Northern Wire Agency", "Published May 2, 2031"]


def test_copyright_line_names_outlet():
    text = ("Tram line opens\n"
            "The new tram line opened on Saturday with free rides for everyone who came to see it.\n"
            "The line links the station with the university and the hospital on the hill.\n"
            "© 2031 Riverside Courier. All rights reserved.\n")
    art = clean_text(text)
    assert art.outlet.value == "Riverside Courier"
    assert art.outlet.how == "text:copyright"


def test_url_and_jsonl_outlet():
    body = ("Rain returns to the plains\nFarmers welcomed the first rain in months on Sunday, "
            "though they said it came too late for the wheat.\nMore showers are expected during the week.\n")
    raw = RawDocument("x.jsonl#3", body.encode(), "text/plain", body,
                      meta={"url": "https://www.plainsherald.example/news/1", "outlet": "Plains Herald"})
    assert clean_document(raw).outlet.how == "jsonl"
    raw.meta.pop("outlet")
    art = clean_document(raw)
    assert (art.outlet.value, art.outlet.how) == ("plainsherald.example", "url")


def test_outlet_memory_removes_lines_an_outlet_repeats():
    memory = OutletMemory()
    template = ("Weekly market report number {n}\n"
                "Prices at the farmers' market rose slightly this week as the first apples of the season arrived.\n"
                "Traders expect prices to settle once the harvest is in full swing next month.\n"
                "Our reporters visit the market every Saturday morning\n")
    for n in (1, 2):
        raw = RawDocument(f"m{n}", b"", "text/plain", template.format(n=n), meta={"url": "https://market.example/a"})
        art = clean_document(raw, memory)
    assert "Our reporters visit the market every Saturday morning" in labelled(art, "boilerplate")


def test_language_guess():
    text = ("Le conseil municipal a voté le budget\n"
            "Le conseil municipal a voté mardi le budget de la ville pour l'année prochaine, avec une hausse des dépenses.\n"
            "Les élus de l'opposition ont dénoncé une augmentation des impôts locaux qui pèse sur les familles.\n")
    assert clean_text(text).language == "fr"


def test_empty_and_bodiless_documents_raise():
    with pytest.raises(CleanError):
        clean_document(RawDocument("empty", b"", "text/plain", "  \n \n"))
    with pytest.raises(CleanError):
        clean_text("Home\nMenu\nSearch\nContact Us\n")


def test_jsonl_fields_win_and_say_so():
    body = ("Ferry timetable changes\nThe island ferry will leave half an hour earlier from Monday, "
            "the operator said, to avoid the afternoon winds.\nTickets bought before the change remain valid.\n")
    raw = RawDocument("f.jsonl#1", body.encode(), "text/plain", body,
                      meta={"title": "Ferry  timetable changes", "published": "2031-05-06T10:00:00Z"})
    art = clean_document(raw)
    assert (art.headline.value, art.headline.how) == ("Ferry timetable changes", "jsonl")
    assert (art.published.value, art.published.how) == ("2031-05-06", "jsonl")


def test_follow_prompt_names_outlet():
    text = ("Harbour Lights\nNew lighthouse keeper starts work\n"
            "The old lighthouse has a new keeper, who moved to the island with her two dogs on Friday.\n"
            "She will look after the lamp and the small museum in the keeper's cottage.\n"
            "Follow Harbour Lights on social media\n")
    art = clean_text(text)
    assert (art.outlet.value, art.outlet.how) == ("Harbour Lights", "text:follow-prompt")
    assert art.headline.value == "New lighthouse keeper starts work"


def test_wire_byline_and_wire_dateline_are_credits():
    text = ("Grain deal extended\nBy Reuters\n"
            "LONDON (AFP) - Exporters agreed on Monday to extend the grain deal by another four months, officials said.\n"
            "The agreement keeps the sea route open for ships carrying wheat and maize to ports abroad.\n")
    art = clean_text(text)
    assert art.byline.value is None
    assert art.credits == ["Reuters", "AFP"]


def test_unknown_outlet_memory_needs_two_earlier_pages():
    memory = OutletMemory()
    story = ("Council opens new park number {n}\nThe council opened a new park on Saturday, with a playground and a pond.\n"
             "Our weekend picks for you\n"
             "Families came from across the town to see it, and the mayor planted the first tree.\n")
    labels = []
    for n in range(3):
        art = clean_document(RawDocument(f"s{n}", b"", "text/plain", story.format(n=n)), memory)
        labels.append({art.source_text[z.start:z.end]: z.label for z in art.zones}["Our weekend picks for you"])
    assert labels == ["body", "body", "boilerplate"]


STORM_PAGE = """Skip to main content
Menu
World
Business
Sport
Search
Storm floods coastal towns as rivers burst their banks
By JOHN MILLER and ANA DIAZ, Associated Press
Oct. 5, 2031 at 3:42 p.m. EDT
Updated: 6 Oct 2031
Share on Facebook
Share on Twitter
Heavy rain flooded dozens of coastal towns on Tuesday after three rivers burst their banks, forcing thousands of people to leave their homes.
Rescue teams used boats to reach families trapped on rooftops, and the army sent helicopters to the worst-hit villages, officials said.
Residents wade through a flooded street in Portmere. Photo: Sam Lee/Getty Images
Advertisement
"We have never seen water this high," said a shop owner who has lived in the town for forty years. "Everything is gone."
The weather service said more rain was expected on Wednesday and warned people not to return home until the water had gone down.
What we know so far
At least 12 people have died and more than 30 are missing, according to the regional government.
Comments (14)
Related stories
Drought fears grow as reservoirs fall to record lows
Farmers count the cost of a wet spring
Most Read
1. City council approves new budget after long debate
2. Local team wins the cup in extra time
Copyright 2031 The Coastal Record. All rights reserved.
Privacy Policy | Terms of Use
"""


def test_news_page_with_menus_share_buttons_ads_and_lists():
    art = clean_text(STORM_PAGE)
    body = labelled(art, "body")
    assert body[0].startswith("Heavy rain flooded") and body[-1].startswith("At least 12 people")
    assert "What we know so far" in body                      # subheading kept
    assert not any(b.startswith(("Residents wade", "Advertisement", "Comments")) for b in body)
    assert art.headline.value == "Storm floods coastal towns as rivers burst their banks"
    assert (art.published.value, art.published.how) == ("2031-10-05", "printed:dateline")
    assert art.byline.value == "JOHN MILLER and ANA DIAZ"
    assert art.credits == ["Getty Images", "Associated Press"]
    assert art.outlet.value == "The Coastal Record"


SCHOOL_PAGE = """Village school reopens after two years
The village school reopened on Monday after two years of repairs, with forty pupils returning to their classrooms.
Parents said the long bus ride to the town school had been hard on the youngest children, especially in winter.
The head teacher said the new building had better heating and a small library donated by former pupils.
More from Education
Universities face funding gap
University leaders warned that rising costs would force them to cut courses unless the government raises grants.
Teachers vote on new contract
Teachers will vote next week on a contract that offers smaller classes but longer hours in the final year.
Exam results delayed by a week
The exam board said results would be published a week later than planned because of a computer fault.
"""


def test_teaser_list_after_the_article_is_boilerplate():
    art = clean_text(SCHOOL_PAGE)
    assert labelled(art, "body")[-1].startswith("The head teacher said")
    assert labelled(art, "boilerplate")[0] == "More from Education"
    assert len(labelled(art, "boilerplate")) == 7


def test_related_box_inside_the_article_does_not_end_it():
    text = SCHOOL_PAGE.split("More from Education")[0] + (
        "Related stories\n"
        "Universities face funding gap\n"
        "The council has promised to keep the school open for at least ten years, the mayor told parents on Monday.\n"
        "Pupils will be able to use the new sports hall in the evenings, and adult classes will start in the autumn.\n")
    body = labelled(clean_text(text), "body")
    assert body[-1].startswith("Pupils will be able to use")
    assert "Related stories" not in body


def test_uncredited_caption_with_date_and_byline_with_date():
    text = ("Lake freezes early\n"
            "By Jana Novak | Published: 2031-11-05T15:42:00Z\n"
            "Skaters gather on the frozen lake near Eastwood, November 4, 2031.\n"
            "The lake froze two weeks earlier than usual this year after a run of clear, cold nights, experts said.\n"
            "The town has put up signs warning people that the ice is still too thin near the boat houses.\n")
    art = clean_text(text)
    assert labelled(art, "boilerplate") == ["By Jana Novak | Published: 2031-11-05T15:42:00Z",
                                            "Skaters gather on the frozen lake near Eastwood, November 4, 2031."]
    assert art.byline.value == "Jana Novak"
    assert art.published.value == "2031-11-05"


def test_image_source_lines_and_read_also_links():
    text = ("Bridge reopens after repairs\n"
            "Image source, Reuters\n"
            "Image caption, Cars cross the bridge for the first time in a year\n"
            "The river bridge reopened to traffic on Friday after a year of repairs that cost twice the first estimate.\n"
            "Read also: Ferry company cuts winter sailings\n"
            "Drivers said the reopening would save them almost an hour on the way to work in the city every day.\n")
    art = clean_text(text)
    assert labelled(art, "boilerplate") == ["Image source, Reuters",
                                            "Image caption, Cars cross the bridge for the first time in a year",
                                            "Read also: Ferry company cuts winter sailings"]
    assert art.credits == ["Reuters"]


FRONT_PAGE_TEASERS = """Thursday, 14 August 2031
Latest
Markets rally as inflation cools in the eurozone
Prices rose less than expected last month, giving the central bank room to pause.
Election: what the polls say a week before the vote
Minister resigns over housing scandal
The minister said she had done nothing wrong but did not want to distract from the government's work.
Dock workers end strike after pay deal
Unions voted to accept an offer of a nine percent rise over two years after a four-week stoppage at the port.
The port operator said the first ships would be unloaded on Monday and the backlog cleared within a fortnight.
Shipping companies had diverted dozens of vessels to other harbours during the strike, which began on 4 July 2031.
The union leader said the deal was "the best we could get" and thanked members for their patience.
Share this article
Tags: ports, strikes, unions
"""


def test_teaser_items_above_the_article_are_boilerplate():
    art = clean_text(FRONT_PAGE_TEASERS)
    assert art.headline.value == "Dock workers end strike after pay deal"
    body = labelled(art, "body")
    assert body[0].startswith("Unions voted") and len(body) == 4
    assert art.published.how.startswith("inferred")   # the date header above the teasers is the site's


def test_article_sections_with_one_paragraph_each_are_kept():
    text = ("Guide to the new cycle paths\n"
            "The city has opened four new cycle paths this spring, linking the suburbs with the centre.\n"
            "The river path\n"
            "The river path follows the water from the old mill to the station and is the flattest of the new cycle paths.\n"
            "The hill path\n"
            "The hill path climbs from the station to the park, so cyclists should expect a steep first kilometre.\n"
            "The park path\n"
            "The park path is the shortest of the new paths and runs past the lake and the children's playground.\n"
            "The city says more cycle paths will follow next year if enough people use the four new ones.\n")
    art = clean_text(text)
    assert art.headline.value == "Guide to the new cycle paths"
    assert labelled(art, "body")[0].startswith("The city has opened four new cycle paths")
    assert "The hill path" in labelled(art, "body")


def test_line_model_second_pass_reads_the_first_pass_of_the_neighbours():
    import numpy as np

    from parallax.clean.linemodel import CONTEXT_NAMES, context, probabilities, train_two_pass

    ctx = context(np.array([0.9, 0.1, 0.7, 0.5]))
    assert ctx.shape == (4, len(CONTEXT_NAMES))
    assert np.allclose(ctx[1, 1:], [0.8, (0.9 + 0.7 + 0.5) / 3])   # within one line, within two
    assert ctx[0, 0] > 0 > ctx[1, 0]                                 # its own first pass, as a logit
    rng = np.random.default_rng(3)
    pages = []
    for _ in range(6):
        y = (rng.uniform(size=40) > 0.5).astype(float)
        pages.append((np.column_stack([np.ones(40), y + rng.normal(0, 0.3, 40)]), y))
    weights = train_two_pass(pages)
    assert ((probabilities(pages[0][0], weights) > 0.5) == pages[0][1]).mean() > 0.9


def test_day_month_year_stamps_with_a_month_abbreviation():
    from parallax.clean.dates import find_dates

    assert [d.date.isoformat() for d in find_dates("on 04-ago-2031 5:11:10")] == ["2031-08-04"]
    assert [d.date.isoformat() for d in find_dates("15-Oct-2030 | 12 dic 2030")] == ["2030-10-15", "2030-12-12"]
    assert find_dates("a year ago 4, 2031") == []   # "ago" names a month only after the day


FERRY_ROUNDUP = """What the papers say about the new ferry
The new island ferry made its first crossing on Saturday, and reviewers tried it out on the morning sailing.
Most of them liked the ferry's quiet engines, though several said the island timetable is still too thin.
[ Harbour Times ]
The ferry is quiet and steady, and the crossing to the island took twenty minutes less than the old boat.
[ Coast Weekly ]
Timetable gaps remain: the last ferry leaves the island before nine, which rules out an evening in town.
[ Island Post ]
The engines are so quiet on the new ferry that passengers on deck could hear the gulls over the crossing.
CHEESE NEWS
Village dairy wins prize for blue cheese
Judges praised the cheese's creamy texture and said the dairy's cellar gives it a mild, nutty taste.
GARDEN WATCH
Allotment holders asked to save rainwater
Gardeners should fill water butts now, the council said, because a dry summer is forecast for the region.
FOOTBALL
Striker signs two-year deal with league leaders
The club said the striker passed a medical on Tuesday and will join training with the squad next week.
SKY AT NIGHT
Meteor shower peaks on Thursday night
Astronomers say up to sixty meteors an hour may be visible after midnight if the sky stays clear.
"""


def test_teaser_list_after_an_article_of_one_paragraph_sections_is_boilerplate():
    body = labelled(clean_text(FERRY_ROUNDUP), "body")
    assert body[-1].startswith("The engines are so quiet")     # the round-up's items share the ferry's words
    assert not any(b.startswith(("Judges praised", "Gardeners should", "The club said", "Astronomers"))
                   for b in body)


def test_teaser_tail_needs_several_foreign_items_in_a_row():
    from parallax.clean.classify import _end_before_teaser_tail
    from parallax.clean.lines import split_lines

    lines = split_lines(FERRY_ROUNDUP)
    kinds = [None] * len(lines)
    run = (1, len(lines))
    cut = _end_before_teaser_tail(lines, kinds, run)
    assert lines[cut[1] - 1].text.startswith("The engines are so quiet")
    assert _end_before_teaser_tail(lines, kinds, run, min_items=5) == run   # four other stories only


REGATTA_LIVE = """Harbour regatta: live updates
The harbour regatta got under way this morning with more than forty boats on the water.
Crowds lined the sea wall from early on, and the harbour master opened the outer basin for spectators.
15:20
Late finish for the junior fleet
The junior fleet crossed the line just before the tide turned, with the last dinghy home at quarter past three.
14:45
Rescue boat called out near the buoy
A capsized crew near the far buoy was picked up within minutes and both sailors were unhurt.
14:05
Wind picks up over the bay
Gusts of up to twenty knots swept across the bay, and two classes were held back at the start.
13:30
Band strikes up on the quay
A brass band played on the quay as the first races ended, to cheers from the crowd by the cafe.
12:50
Ferry timetable changed for the afternoon
The island ferry will run every half hour until six, its operator said, to carry the extra visitors home.
"""


def test_a_live_blogs_entries_with_headlines_stay_in_the_article():
    body = labelled(clean_text(REGATTA_LIVE), "body")
    assert "Late finish for the junior fleet" in body
    assert body[-1].startswith("The island ferry will run")


def test_entries_under_unordered_times_are_still_a_teaser_tail():
    from parallax.clean.classify import _end_before_teaser_tail
    from parallax.clean.lines import split_lines

    shuffled = REGATTA_LIVE.replace("14:45", "16:10")   # times that do not run one way: no live blog
    lines = split_lines(shuffled)
    kinds = ["stamp" if l.text[:2].isdigit() else None for l in lines]
    cut = _end_before_teaser_tail(lines, kinds, (1, len(lines)))
    assert lines[cut[1]].text == "Late finish for the junior fleet"


KITE_COMMENTS = """Kite festival returns to the dunes
The kite festival returned to the dunes on Sunday after a three-year break, drawing families from across the coast.
Organisers said more than two hundred kites flew at once, a record for the event since it began in the seventies.
The largest, a forty-metre dragon, needed six people to launch it and stayed up for most of the afternoon.
windyday
3 days ago at 09:14 am
What a lovely day it was, and the dragon kite was the best thing I have seen in years.
Rating: 12 Votes
sandpiper
3 days ago at 10:02 am
We drove two hours to get there and it was worth every minute of the trip, the children loved it.
Rating: 8 Votes
gullwing
2 days ago at 07:45 am
Parking was a nightmare though, they really need a shuttle bus from the station next year.
Rating: 5 Votes
"""


def test_comment_thread_with_repeated_stamps_ends_the_article():
    body = labelled(clean_text(KITE_COMMENTS), "body")
    assert body[-1].startswith("The largest, a forty-metre dragon")
    assert not any("Votes" in b or b.startswith(("What a lovely", "We drove", "Parking")) for b in body)


def test_repeated_stamps_need_two_paragraphs_before_them():
    from parallax.clean.classify import end_at_repeated_stamps
    from parallax.clean.lines import split_lines

    lines = split_lines(KITE_COMMENTS)
    run = (1, len(lines))
    assert lines[end_at_repeated_stamps(lines, run)[1]].text == "windyday"   # the first comment's author
    assert end_at_repeated_stamps(lines, run, min_repeats=4) == run      # three stamps only
    assert end_at_repeated_stamps(lines, (5, len(lines))) == (5, len(lines))   # no article paragraphs before


def test_a_live_blogs_stamped_entries_stay_in_the_article():
    intro = KITE_COMMENTS.split("windyday")[0]
    entries = ("Stewards closed the north car park after it filled with visitors before noon.",
               "A gust took the smallest kites over the water, and lifeguards brought two of them back.",
               "Organisers said the night flight with lit kites will go ahead as planned at eight.")
    text = intro + "".join(f"{h}:{m}\n{e}\n" for (h, m), e in zip((("14", "05"), ("13", "40"), ("13", "10")), entries))
    body = labelled(clean_text(text), "body")
    assert body[-1].startswith("Organisers said the night flight")


def test_repeated_numbered_lines_that_are_no_stamps_stay_in_the_article():
    from parallax.clean.classify import end_at_repeated_stamps
    from parallax.clean.lines import split_lines

    text = KITE_COMMENTS.split("windyday")[0] + "".join(
        f"Day {d}\nWalk {d + 2} kilometres along the dunes and rest for an hour at the lighthouse before turning back.\n"
        for d in (1, 2, 3))
    lines = split_lines(text)
    assert end_at_repeated_stamps(lines, (1, len(lines))) == (1, len(lines))


def test_other_stories_above_the_title_printed_again_are_not_the_article():
    # a text page: its <title> line, teasers of other stories (title and lead run together), then
    # the article's own title again and its paragraphs
    teasers = [
        "Harbour council delays vote on ferry fares NORTHPORT: The harbour council on Monday put off a vote on new ferry fares until the spring, citing the cost of fuel.",
        "Orchard growers count losses after late frost VALLEYTON: Fruit growers said on Tuesday that a late frost had destroyed up to a third of the apple blossom this year.",
        "Library extends weekend opening hours LAKESIDE: The city library will open on Sunday afternoons from next month, the council said in a statement on Friday.",
    ]
    article = [
        "EASTBRIDGE: The new tram line between the station and the university opened on Wednesday, two years later than planned.",
        "The first trams left the depot at six in the morning, and the operator said about four thousand people rode the line on its first day.",
        "Residents along the route welcomed the service but said the stops were too far apart for older passengers who live near the river.",
        "The operator said it would add two stops next year if the city agrees to pay for the new platforms and the extra drivers.",
    ]
    text = "\n\n".join(["Tram line opens two years late | Eastbridge Courier", *teasers,
                       "Tram line opens two years late", *article])
    cleaned = clean_text(text)
    assert cleaned.headline.value == "Tram line opens two years late"
    assert all(p in cleaned.body for p in article)
    assert not any(t[:20] in cleaned.body for t in teasers)


def test_teasers_above_a_paragraph_opening_with_a_place_dateline_are_not_the_article():
    teasers = [
        "Harbour council delays the vote on new ferry fares until spring.",
        "Orchard growers count their losses after a late frost in the valley.",
        "The city library extends its weekend opening hours from next month.",
    ]
    article = [
        "EASTBRIDGE, Ark. (Wire) — The new tram line between the station and the university opened on Wednesday, two years later than planned.",
        "The first trams left the depot at six in the morning, and the operator said about four thousand people rode the line on its first day.",
        "Residents along the route welcomed the service but said the stops were too far apart for older passengers who live near the river.",
        "The operator said it would add two stops next year if the city agrees to pay for the new platforms and the extra drivers.",
    ]
    cleaned = clean_text("\n\n".join(["Tram line opens two years late", *teasers, *article]))
    assert all(p in cleaned.body for p in article)
    assert not any(t in cleaned.body for t in teasers)


TRAM_WITH_TITLES = """Tram line opens two years late
The new tram line between the station and the university opened on Wednesday, two years later than planned.
The first trams left the depot at six in the morning, and about four thousand people rode on the first day.
Residents welcomed the service but said the stops were too far apart for older passengers near the river.
More stories
Harbour council delays vote on ferry fares
Orchard growers count losses after late frost
Library extends weekend opening hours
Museum of clocks reopens after a long restoration
"""


def test_bare_titles_of_other_stories_after_the_article_end_it_but_a_numbered_list_stays():
    from parallax.clean.classify import _end_before_teaser_tail
    from parallax.clean.lines import split_lines

    lines = split_lines(TRAM_WITH_TITLES)
    kinds = [None] * len(lines)
    assert lines[_end_before_teaser_tail(lines, kinds, (1, len(lines)))[1]].text == "Harbour council delays vote on ferry fares"
    numbered = split_lines(TRAM_WITH_TITLES.replace("Harbour", "1. Harbour").replace("Orchard", "2. Orchard")
                           .replace("Library", "3. Library").replace("Museum", "4. Museum"))
    assert _end_before_teaser_tail(numbered, kinds, (1, len(numbered))) == (1, len(numbered))
