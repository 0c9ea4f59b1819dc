"""Figure extraction on short fictional articles (Velmora vs Dastria)."""
import pytest

from parallax.analyze.figures import extract_figures
from parallax.analyze.nlp import load_nlp


@pytest.fixture(scope="module")
def figs():
    nlp = load_nlp()
    return lambda text: extract_figures(nlp(text))


def by_text(figures):
    return {(f.text, f.value): f for f in figures}


def test_values_qualifiers_units(figs):
    out = by_text(figs(
        "More than 4,500 people were killed and nearly 700 soldiers wounded in the fighting, "
        "according to the Velmoran Health Ministry. Some 15% of the valley remains under Dastrian control."))
    killed = out[("More than 4,500", 4500)]
    assert (killed.qualifier, killed.unit, killed.measure) == ("over", "people", "killed")
    assert killed.cited == "the Velmoran Health Ministry"
    wounded = out[("nearly 700", 700)]
    assert (wounded.qualifier, wounded.unit, wounded.measure) == ("nearly", "soldiers", "injured")
    share = out[("Some 15%", 15)]
    assert (share.qualifier, share.unit) == ("about", "percent")


def test_word_numerals_and_vague_plurals(figs):
    out = by_text(figs("Hundreds of families fled the town, and a million more were displaced. "
                       "Thousands of Dastrians marched in the capital. Twenty-five houses burned."))
    assert out[("Hundreds", 200)].qualifier == "at least"
    assert out[("Hundreds", 200)].unit == "families"
    assert out[("a million", 1_000_000)].measure == "displaced"
    assert out[("Thousands", 2000)].unit == "people"
    assert out[("Twenty-five", 25)].unit == "houses"


def test_exclusions(figs):
    text = ("The two countries fought a war in 1998 that lasted 44 days. It was one of the worst "
            "conflicts of the 1990s, and the 3rd Army still holds all four bridges. "
            "We only have one demand, the minister said on March 3.")
    assert figs(text) == []


def test_one_counts_beside_other_counts(figs):
    out = by_text(figs("The shelling killed 12 soldiers and one civilian."))
    assert ("one", 1) in out and out[("one", 1)].unit == "civilians"


def test_garbled_list_of_two_counts(figs):
    out = figs("The number of Velmoran civilians killed in the clashes has reached 17,240 people are "
               "injured, according to officials.")
    assert [(f.value, f.measure) for f in out] == [(17, "killed"), (240, "injured")]
    assert out[0].unit == "civilians" and out[0].start == out[1].start


def test_period_from_sentence_and_paragraph(figs):
    out = figs("A truce signed in 1996 ended the war, but not before 40,000 people were killed.\n"
               "The uprising of the early 1980s was crushed. About 900 rebels were jailed.\n"
               "At least 12 people died this week.")
    periods = {f.text: f.period for f in out}
    assert periods == {"40,000": "1996", "About 900": "1980/1984", "At least 12": ""}


def test_money_and_numbers_in_names(figs):
    out = by_text(figs("The Velmoran treasury paid $40,000 to each of 12 families. "
                       "The Harbor 500 index fell, and a 4-4 vote stalled the bill."))
    assert out[("$40,000", 40000)].unit == "dollars"
    assert ("12", 12) in out
    assert all(text not in ("500", "4") for text, _ in out)


def test_tolls_and_states_on_the_count(figs):
    out = by_text(figs("The death toll has risen to 57, officials in Velmora said. The ministry reported "
                       "5 dead and 12 injured. The hospital treated 40 wounded soldiers."))
    assert (out[("57", 57)].measure, out[("57", 57)].unit) == ("killed", "people")
    assert out[("5", 5)].measure == "killed" and out[("12", 12)].measure == "injured"
    assert (out[("40", 40)].measure, out[("40", 40)].unit) == ("injured", "soldiers")


def test_ratios_half_and_reported_sources(figs):
    out = by_text(figs("Half a million people fled, and one in five children is malnourished. "
                       "At least 45 villagers were killed, the regional health ministry said. "
                       "One person was killed in Ostrava."))
    assert out[("Half a million", 500_000)].measure == "displaced"
    assert ("five", 5) not in out and ("one", 1) not in out
    assert out[("At least 45", 45)].cited == "the regional health ministry"
    assert out[("One", 1)].measure == "killed"


def test_a_plain_toll_is_not_split(figs):
    out = figs("The number of Velmoran civilians killed in the clashes has reached 43,218.")
    assert [(f.value, f.measure, f.unit) for f in out] == [(43218, "killed", "civilians")]


def test_day_numbers_and_postposed_states(figs):
    out = by_text(figs("On 04 March the war, which left about 12,000 people dead, resumed. Up to 40 may have died."))
    assert ("04", 4) not in out
    assert out[("about 12,000", 12000)].measure == "killed"
    assert out[("Up to 40", 40)].qualifier == "up to"


def test_compound_vague_numerals_and_ranges(figs):
    out = by_text(figs("Hundreds of thousands of people fled. More than a dozen soldiers were killed. "
                       "Between 50 and 60 people were injured."))
    assert out[("Hundreds of thousands", 200_000)].qualifier == "at least"
    assert out[("More than a dozen", 12)].qualifier == "over"
    # a range is one figure: the lower bound, "at least", the upper bound kept in `high`
    between = out[("Between 50 and 60", 50)]
    assert between.qualifier == "at least" and between.high == 60 and ("60", 60) not in out


def _row(f):
    return f.text, f.value, f.qualifier, f.unit, f.high


def test_decimals_said_in_words_and_mixed_numerals(figs):
    out = [_row(f) for f in figs("Inflation in Velmora rose to two-point-75 percent, and the flood displaced "
                                 "2.5 million people. Prices in Dastria rose two point five percent.")]
    assert out == [("two-point-75 percent", 2.75, "exact", "percent", None),
                   ("2.5 million", 2_500_000, "exact", "people", None),
                   ("two point five percent", 2.5, "exact", "percent", None)]


def test_ranges_are_one_figure_with_the_lower_bound_and_a_high(figs):
    out = [_row(f) for f in figs("The Velmoran bank expects growth of 7 per cent to 7.5 per cent. Analysts "
                                 "see growth in the five- to six-percent range, or 7-9 percent at best.")]
    assert out == [("7 per cent to 7.5 per cent", 7, "at least", "percent", 7.5),
                   ("five- to six-percent", 5, "at least", "percent", 6),
                   ("7-9 percent", 7, "at least", "percent", 9)]
    assert figs("The score was 4-4 after the 1994-97 seasons.") == []


def test_percentage_points_and_basis_points_stay_in_the_span(figs):
    out = [_row(f) for f in figs("Unemployment in Velmora fell 0.4 percentage points to 5.1%. "
                                 "The Dastrian bank raised its rate by 25 basis points.")]
    assert out == [("0.4 percentage points", 0.4, "exact", "percentage points", None),
                   ("5.1%", 5.1, "exact", "percent", None),
                   ("25 basis points", 25, "exact", "basis points", None)]


def test_money_with_currency_and_short_scales(figs):
    out = [_row(f) for f in figs("Velmora pledged $1.2 billion in aid, then $300m more. The Dastrian utility "
                                 "lost £45m, and Rs 500 crore was allocated to the dam.")]
    assert out == [("$1.2 billion", 1.2e9, "exact", "dollars", None), ("$300m", 3e8, "exact", "dollars", None),
                   ("£45m", 4.5e7, "exact", "pounds", None), ("Rs 500 crore", 5e9, "exact", "rupees", None)]


def test_rates_per_unit_and_hedges(figs):
    out = [_row(f) for f in figs("Fuel costs 1.80 dollars per litre in Velmora. Some 1,000 people a day "
                                 "crossed into Dastria. Well over 300 homes were flooded.")]
    assert out == [("1.80", 1.8, "exact", "dollars per litre", None),
                   ("Some 1,000", 1000, "about", "people per day", None),
                   ("Well over 300", 300, "over", "homes", None)]


def test_the_what_of_a_share_is_worded_alike_across_outlets(figs):
    one = figs("Unemployment in Velmora fell 0.4 percentage points to 5.1% in May.")
    other = figs("Velmora's unemployment declined by 0.4 percentage points, to 5.1 percent.")
    assert [f.what for f in one] == [f.what for f in other] == ["unemployment fall", "unemployment"]
    assert [f.what for f in figs("The Dastrian bank raised its key rate by 25 basis points.")] == ["key rate rise"]
    assert [f.what for f in figs("Dastria expects growth of 7 per cent this year.")] == ["growth"]


def test_hyphens_join_scales_but_not_compound_adjectives(figs):
    assert [_row(f) for f in figs("Velmora said six-million people would vote.")] == [
        ("six-million", 6_000_000, "exact", "people", None)]
    assert figs("Dastria won by a 16-point margin and a six-pointed star.") == []
    change = figs("Sales in Velmora rose from 5 to 7 percent.")   # a change, not a range
    assert "7 percent" in [f.text for f in change] and all(f.high is None for f in change)


def test_hyphenated_measures_are_figures_and_codes_are_not(figs):
    out = by_text(figs("Rebels hold a 40-mile strip of the Velmoran coast, a 65 km-long (40-mile) shore."))
    assert out[("40", 40)].unit == "miles"
    assert figs("The 30-year war ended after a one-day truce.") == []   # durations are timexes
    assert figs("The crash of flight J2-8243 of Velmora Air was investigated.") == []
    assert figs("Two F-16 jets flew over Dastria.")[0].value == 2


def test_numeral_starts_hold_every_token_a_numeral_may_open():
    """The numeral scan skips the words the doc's arrays rule out; every token `_is_numeral` accepts
    (and the "tens" of "tens of thousands") stays in."""
    from parallax.analyze.figures import _is_numeral, _numeral_starts
    doc = load_nlp()(
        "Tens of thousands fled; 43,218 people and twenty - five doctors left, a five- to six-percent "
        "share. The town spent $1.2bn, Rs 500 crore and half a million euros; Twelve boats, 7.5 per cent, "
        "hundreds of homes, two-point-75 percent and 25 bps.")
    expected = [t.i for t in doc if _is_numeral(t) or t.lower_ == "tens"]
    starts = _numeral_starts(doc)
    assert set(expected) <= set(starts) and len(expected) >= 12
    assert len(starts) < len(doc) / 2
