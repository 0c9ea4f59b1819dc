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
    assert ("50", 50) in out and ("60", 60) in out
