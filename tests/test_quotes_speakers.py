"""Speaker resolution on short fictional paragraphs: joint speakers, descriptions, institution names."""
from __future__ import annotations

import pytest

from parallax.analyze.quotes import extract_quotes


@pytest.fixture(scope="module")
def speaker_of(nlp):
    def run(text: str, fragment: str) -> str | None:
        quotes = extract_quotes(nlp(text))
        found = [q for q in quotes if fragment in q.text]
        assert found, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
        return found[0].speaker
    return run


def test_both_sides_is_the_pair_named_before(speaker_of):
    text = ("On Monday, Norway and Sweden rejected calls for talks.\n\n"
            "Ten soldiers died and both sides now claim to have taken the ridge.")
    assert speaker_of(text, "ridge") == "Norway and Sweden"


def test_the_two_countries_from_coordinated_adjectives(speaker_of):
    text = ("Norwegian and Swedish troops exchanged fire overnight. "
            "The two countries said the border would stay closed.")
    assert speaker_of(text, "border") == "Norway and Sweden"


def test_the_two_leaders_is_the_pair_of_people(speaker_of):
    text = ("Oleg Mast and Ana Kervel met in Geneva on Friday. "
            "The two leaders said the talks had been useful.")
    assert speaker_of(text, "useful") == "Ana Kervel and Oleg Mast"


def test_both_sides_without_a_pair_before_stays_unresolved(speaker_of):
    text = "Both sides said the ceasefire had been broken."
    assert "and" not in (speaker_of(text, "ceasefire") or "")


def test_ministry_of_defence_of_a_country_reads_like_the_possessive(speaker_of):
    long_form = speaker_of("The Ministry of Defence of Norway said the drills would continue.", "drills")
    possessive = speaker_of("Norway's Defence Ministry said the drills would continue.", "drills")
    assert long_form == possessive == "Norwegian Defence Ministry"


def test_leadership_of_rebels_in_a_region_gets_one_name(speaker_of):
    first = speaker_of("On Sunday, the so-called leadership of armed rebels in the Ostvale region "
                       "said the council would be dissolved.", "council")
    second = speaker_of("Separately, the leadership of rebels in the Ostvale region said the roads were cut.",
                        "roads")
    assert first == second == "Ostvale rebel leadership"


def test_an_institution_that_names_its_owner_keeps_its_location(speaker_of):
    assert speaker_of("The Norwegian Embassy in Oslo said the office would close.", "office") \
        == "Norwegian Embassy in Oslo"


def test_lead_description_names_the_one_speaking_person_without_title(speaker_of):
    text = ("Peace cannot come without talks, the Norwegian president said on Monday.\n\n"
            "In an interview with a radio station, Jonas Berg said the border would reopen.")
    assert speaker_of(text, "Peace") == "Jonas Berg"


def test_lead_description_stays_open_when_two_people_could_fit(speaker_of):
    text = ("Peace cannot come without talks, the Norwegian president said on Monday.\n\n"
            "Jonas Berg said the border would reopen. Maria Holm said prices would fall.")
    assert speaker_of(text, "Peace") not in ("Jonas Berg", "Maria Holm")


def test_plural_or_indefinite_description_is_not_the_named_person(speaker_of):
    intro = "Varnian President Oleg Mast opened the summit. "
    assert speaker_of(intro + "Varnian leaders said the talks had been useful.", "useful") != "Oleg Mast"
    assert speaker_of(intro + "A Varnian leader said the talks had been useful.", "useful") != "Oleg Mast"
    assert speaker_of(intro + "The Varnian leader said the talks had been useful.", "useful") == "Oleg Mast"


def test_ministry_of_foreign_affairs_is_the_foreign_ministry(speaker_of):
    assert speaker_of("The Ministry of Foreign Affairs of Norway said the talks had been useful.", "useful") \
        == "Norwegian Foreign Ministry"


def test_possessive_country_description(speaker_of):
    text = ("Norwegian Foreign Minister Jonas Berg met his counterpart on Monday. "
            "Norway's top diplomat said the talks had been useful.")
    assert speaker_of(text, "useful") == "Jonas Berg"


def test_lead_description_skips_a_nearer_speaker_with_another_country(speaker_of):
    text = ("Peace cannot come without talks, the Norwegian president said on Monday.\n\n"
            "Swedish Prime Minister Maria Holm said the border would reopen. Later, Jonas Berg said prices would fall.")
    assert speaker_of(text, "Peace") != "Jonas Berg"


def test_the_airline_is_the_airline_named_before_a_model_name(speaker_of):
    # 'Ostravel Airlines Corvin 210': the organisation ends at its head noun; the plane model is not part of it
    text = ("An Ostravel Airlines Corvin 210 plane crashed near Lindau on Tuesday.\n\n"
            "The airline said 40 passengers and four crew members were on board.")
    assert speaker_of(text, "passengers") == "Ostravel Airlines"


def test_health_authorities_are_the_health_ministry_the_article_names(speaker_of):
    # a collective with a domain word speaks for the one institution of that domain the article names
    text = ("A Lindau health ministry spokesman said 40 people were hurt in the fire.\n\n"
            "The health ministry spokesman, Ana Kervel, said rescuers were still searching.\n\n"
            "Before the fire, health authorities in Lindau said 300 people had died in the floods.")
    assert speaker_of(text, "300 people") == "Lindau health ministry"



def test_conjunct_cue_under_the_reported_clause_is_the_reporters(speaker_of):
    # 'It said that A were done and stressed that B': the parser hangs 'stressed' under the reported clause
    text = ("On Wednesday, the Ostravel Defence Ministry declared the start of Operation Birch. "
            'It later said that 70 "fighters" had been killed and stressed that no Lindau army bases were hit.')
    assert speaker_of(text, "army bases") == "Ostravel Defence Ministry"


def test_an_unnamed_spokesman_is_the_one_the_article_names_with_that_role(speaker_of):
    text = ("A Lindau health ministry spokesman said 40 people were hurt in the fire.\n\n"
            "The health ministry spokesman, Ana Kervel, said rescuers were still searching.")
    assert speaker_of(text, "40 people") == "Ana Kervel"


def test_emoji_bullet_glued_to_a_name_is_not_part_of_it(speaker_of):
    # '▪️' is a bullet and an invisible variation selector; the name after it still speaks
    text = ("“The facts are clear and the border stays closed,” he said in an interview.\n\n"
            "\u25aa\ufe0fKervel stressed that the talks would go on.")
    assert speaker_of(text, "facts") == "Kervel"


def test_he_is_the_speaker_not_a_person_in_a_subordinate_clause(speaker_of):
    text = ("Pavel Dorn, speaking to reporters moments after Ostravel President "
            "Oleg Mast announced a truce, said both sides had agreed to stop firing.\n\n"
            "He said Ostravel had always been open to talks but added that a fresh strike "
            "would draw a firm reply.")
    assert speaker_of(text, "open to talks") == "Pavel Dorn"


def test_name_after_according_to_source_is_the_subject(speaker_of):
    # the parser hangs 'Pavel Dorn' on the source as an apposition, leaving 'said' without a subject
    text = ("According to the Lindau Courier, Pavel Dorn, speaking to reporters moments after Ostravel President "
            "Oleg Mast announced a truce, said both sides had agreed to stop firing.")
    assert speaker_of(text, "both sides") == "Pavel Dorn"


def test_a_ministry_the_mention_does_not_place_belongs_to_the_state_just_quoted(speaker_of):
    text = ("Norway on Tuesday voiced grave worry about the clashes and asked both armies to hold back.\n\n"
            "\"Oslo is following every step of the crisis,\" the Ministry of Foreign Affairs said.")
    assert speaker_of(text, "every step") == "Norwegian foreign ministry"


def test_media_outlets_are_the_media(speaker_of):
    assert speaker_of("Regional media outlets said the ferry held 40 people.", "ferry") == "regional media"


def test_who_runs_a_body_is_not_part_of_its_name(speaker_of):
    assert speaker_of("The Vesk-run health ministry said 40 people had died.", "40 people") == "health ministry"


def test_a_movement_keeps_the_nationality_it_is_given_a_company_does_not(speaker_of):
    text = "Norwegian militant group Popular Liberation Front on Wednesday said the army was lying."
    assert speaker_of(text, "army was lying") == "Norwegian Popular Liberation Front"
    assert speaker_of("Norwegian power company Nordvolt said the plant was safe.", "plant") == "Nordvolt"


def test_a_capital_used_as_a_speaker_stands_for_its_state(speaker_of):
    text = ("Talks on the river dam stalled on Monday. "
            "Lilongwe has rejected the report, saying the dam was never damaged.")
    assert speaker_of(text, "dam was never") == "Malawi"


def test_a_description_names_the_one_organisation_with_its_words(speaker_of):
    text = ("Norway's river safety watchdog on Monday advised boats to keep off the delta.\n\n"
            '"The water is rising fast," the Norwegian River Safety Board said.')
    assert speaker_of(text, "keep off") == "Norwegian River Safety Board"


def test_a_person_reported_as_speaking_is_who_a_later_pronoun_means(speaker_of):
    text = ("Deputy Mayor Jon Holm said the talks had ended.\n"
            "On the north side, Foreign Secretary Ana Berg also confirmed the truce, reported local media. "
            "She said all flights would resume on Friday.")
    assert speaker_of(text, "flights") == "Ana Berg"


def test_a_source_granted_anonymity_is_an_unnamed_description(speaker_of):
    text = "A town official, who requested anonymity, said the bridge would reopen on Friday."
    assert speaker_of(text, "bridge") == "unnamed town official"
    assert speaker_of("A town official said the bridge would reopen on Friday.", "bridge") == "town official"


def test_a_states_army_is_its_military(speaker_of):
    assert speaker_of("The Norwegian army said the drills would continue.", "drills") == "Norwegian military"
    assert speaker_of("Norway's armed forces said the bridge was closed.", "bridge") == "Norwegian military"
    assert speaker_of("The Ostvale rebel army said the bridge was closed.", "bridge") == "Ostvale rebel army"


def test_it_after_a_two_sided_sentence_is_the_lead_institution(speaker_of):
    text = ("The Ostvale Liberation Front on Monday described the charges as \"lies\".\n\n"
            "The regional council said the bridge was bombed from the air, but Norway's army blamed "
            "a mine laid by the Ostvale Liberation Front.\n\n"
            "\"They are covering up what they did,\" it said.")
    assert speaker_of(text, "covering up") == "Ostvale Liberation Front"


def test_it_after_one_institution_stays_the_last_quoted(speaker_of):
    text = ("The Ostvale Liberation Front on Monday described the charges as \"lies\".\n\n"
            "The regional council said the bridge was bombed from the air by the Ostvale Liberation Front.\n\n"
            "\"We will rebuild the bridge,\" it said in a statement.")
    assert speaker_of(text, "rebuild the bridge") == "regional council"


def test_a_local_official_is_the_one_local_officeholder_named(speaker_of):
    text = ("More than 900 people have been moved from the flooded villages, a local official said on Thursday.\n\n"
            "Dozens of roads are closed, acting governor of the region Mira Tolen said in a video post.")
    assert speaker_of(text, "900 people") == "Mira Tolen"


def test_a_local_official_stays_a_description_when_two_hold_local_posts(speaker_of):
    text = ("More than 900 people have been moved from the flooded villages, a local official said on Thursday.\n\n"
            "Dozens of roads are closed, governor of the region Mira Tolen said. "
            "Mayor Ivo Skarn said the school would open as a shelter.")
    assert speaker_of(text, "900 people") == "local official"


def test_authorities_in_unnamed_localities_are_the_local_authorities(speaker_of):
    text = "Even so, authorities in several districts warned residents not to return to the valley."
    assert speaker_of(text, "not to return") == "local authorities"
    text = "Authorities in the Ostvale region warned residents not to return to the valley."
    assert speaker_of(text, "not to return") != "local authorities"


def test_a_description_opening_the_sentence_is_written_lower_case(speaker_of):
    assert speaker_of("Observers say the vote was calm.", "vote") == "observers"
    assert speaker_of("Norwegian officials said the vote was calm.", "vote") == "Norwegian officials"
    text = "Talks with Crane stalled. Crane at the time said the vote was calm."
    assert speaker_of(text, "vote") == "Crane"


def test_an_owner_that_is_not_a_state_keeps_its_possessive(speaker_of):
    text = "“Six people are in hospital,” the transport ministry's northern office said."
    assert speaker_of(text, "Six people") == "transport ministry's northern office"


def test_a_team_of_people_is_the_people_without_their_clause_adverbials(speaker_of):
    text = ("A team of independent flood engineers helping Norway's coast guard with its review said on Friday "
            "it was likely the dam had failed.")
    assert speaker_of(text, "dam had failed") == "independent flood engineers helping Norway's coast guard"


def test_who_runs_the_place_of_an_institution_is_not_its_name(speaker_of):
    text = "The health ministry in the Front-run Ostvale territory said 40 people were hurt."
    assert speaker_of(text, "40 people") == "health ministry in the Ostvale territory"


def test_a_heading_line_is_never_an_antecedent(speaker_of):
    text = ("Ferry prices in Varnholm.\n\n"
            "Lena Marsh\n\n"
            "The pack sits well on the hips. She said the frame is light enough for long climbs.")
    assert speaker_of(text, "frame") is None


def test_i_and_we_are_the_one_just_quoted_else_no_one(speaker_of):
    text = ("Tomas Krell, the ferry captain, spoke to us in Varnholm.\n\n"
            "“The crossing is rough in winter,” Krell said.\n\n"
            "I would say the fares will rise next year.")
    assert speaker_of(text, "fares will rise") == "Tomas Krell"
    blog = ("Tomas Krell sailed the route in 1998 and wrote a book about it.\n\n"
            "Since then I have noted that the crossing got faster every year.")
    assert speaker_of(blog, "crossing got faster") is None
    interview = ("Tomas Krell has sailed the Varnholm route for thirty years. Krell now trains new crews.\n\n"
                 "Q: Will the fares go up?\n\n"
                 "I would say the fares will rise next year.")
    assert speaker_of(interview, "fares will rise") == "Tomas Krell"


def test_it_and_they_never_stand_for_one_person(speaker_of):
    text = ("Mara Lind said the pier was safe. The Varnholm Harbour Board's review came out on Friday, "
            "though it noted the pier needs new railings.")
    assert speaker_of(text, "railings") == "Varnholm Harbour Board"
    plural = ("“The pier is safe,” said Mara Lind.\n\n"
              "The inspections resumed in June. They noted the railings were loose.")
    assert speaker_of(plural, "railings") is None


def test_the_company_is_the_one_its_paragraph_names(speaker_of):
    text = ("Orvane Technologies Inc. said fares would rise.\n\n"
            "Tellwick Corp., a ferry operator, carries most visitors to the island. "
            "The company says that 90% of its seats are sold.")
    assert speaker_of(text, "seats") == "Tellwick"
