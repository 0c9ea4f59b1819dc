"""Quote and speaker patterns of wire copy, each on a short fictional text: signed quotations,
statements, characterisations, relays, left-open marks, and article-level speaker resolution
(descriptions, documents, acronyms, titled names the recogniser misses)."""
from __future__ import annotations

import pytest

from parallax.analyze.quotes import extract_quotes


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(text: str):
        return extract_quotes(nlp(text))
    return run


def one(quotes, fragment: str):
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


# --- quote recall -------------------------------------------------------------------------------

def test_dash_name_after_a_quotation_signs_it(quotes_of):
    q = one(quotes_of("“We are ready to talk to anyone who wants peace.” — Iva Marek"), "ready to talk")
    assert q.kind == "direct" and q.speaker == "Iva Marek"


def test_statement_from_an_institution_after_the_quote(quotes_of):
    q = one(quotes_of("“The talks will resume in March,” a statement from the Valdorian foreign ministry said."),
            "talks will resume")
    assert q.kind == "direct" and q.text == "The talks will resume in March,"
    assert q.speaker == "Valdorian foreign ministry"


def test_statement_from_an_institution_before_the_clause(quotes_of):
    q = one(quotes_of("A statement from the Valdorian foreign ministry said the talks would resume in March."),
            "talks would resume")
    assert q.speaker == "Valdorian foreign ministry"


def test_described_as_is_a_mixed_quote(quotes_of):
    q = one(quotes_of("Valdorian President Iva Marek described the flood as “a disaster for the whole nation.”"),
            "flood")
    assert q.kind == "mixed" and q.text.startswith("the flood as") and q.speaker == "Iva Marek"


def test_called_it_with_a_quoted_name(quotes_of):
    q = one(quotes_of("Valdorian President Iva Marek called the decision “a grave mistake.”"), "decision")
    assert q.kind == "mixed" and q.cue == "called" and q.speaker == "Iva Marek"
    assert quotes_of("Mayor Tomas Riel called a meeting of the council for Friday.") == []


def test_blamed_for_reports_the_blame(quotes_of):
    q = one(quotes_of("Mayor Tomas Riel blamed the regional utility for the blackout on Sunday."), "utility")
    assert q.text.startswith("the regional utility for the blackout") and q.speaker == "Tomas Riel"


def test_missing_closing_mark_at_the_end_of_a_paragraph(quotes_of):
    qs = quotes_of("Tomas Riel, the mayor of Ostravel, said: “The water came at night.\n\n"
                   "Officials said the dam had failed on Monday.")
    q = one(qs, "water came")
    assert q.kind == "direct" and q.text == "The water came at night." and q.speaker == "Tomas Riel"


def test_paragraph_closing_a_quotation_it_did_not_reopen(quotes_of):
    qs = quotes_of("Tomas Riel, the mayor, said: “The water came at night.\n\n"
                   "By morning the whole street was gone,” he added.")
    q = one(qs, "By morning")
    assert q.kind == "direct" and q.text == "By morning the whole street was gone," and q.speaker == "Tomas Riel"


def test_agency_relay_leaves_the_words_to_the_person(quotes_of):
    qs = quotes_of("The border will stay closed, Foreign Minister Iva Marek said, Norpress reports.")
    assert [(q.text, q.speaker) for q in qs] == [("The border will stay closed", "Iva Marek")]


# --- speaker resolution ---------------------------------------------------------------------------

def test_description_with_a_named_apposition(quotes_of):
    q = one(quotes_of("Rates will stay high, the deputy governor of the Valdorian central bank, Mira Tolen, "
                      "said on Monday."), "Rates")
    assert q.speaker == "Mira Tolen"


def test_the_spokeswoman_is_the_titled_person(quotes_of):
    q = one(quotes_of("Ministry spokeswoman Ana Voss spoke on Monday. "
                      "The spokeswoman said the border would stay closed."), "border")
    assert q.speaker == "Ana Voss"


def test_the_company_is_the_business_named_before(quotes_of):
    q = one(quotes_of("The Valdorian Railway Company suspended all trains on Monday. "
                      "The company said the line would reopen in May."), "line would reopen")
    assert q.speaker == "Valdorian Railway Company"


def test_the_ministry_is_the_ministry_quoted_before(quotes_of):
    qs = quotes_of("The Valdorian foreign ministry said the talks would resume. "
                   "“There is no other way,” the ministry said.")
    assert one(qs, "no other way").speaker == "Valdorian foreign ministry"


def test_the_statement_speaks_for_its_issuer(quotes_of):
    qs = quotes_of("The Valdorian Railway Company said the line would reopen in May. "
                   "“Safety comes first,” the statement said.")
    assert one(qs, "Safety").speaker == "Valdorian Railway Company"


def test_acronym_is_the_organisation_named_in_full(quotes_of):
    qs = quotes_of("The Valdorian Railway Safety Agency issued a warning. The VRSA said trains would run slower.")
    assert one(qs, "trains").speaker == "Valdorian Railway Safety Agency"


def test_title_with_of_phrase_before_a_name_and_the_later_description(quotes_of):
    qs = quotes_of("The line is closed, Deputy Prime Minister of Valdoria Kanor Bestuzan said. "
                   "The Deputy Prime Minister said it would reopen in May.")
    assert one(qs, "line is closed").speaker == "Kanor Bestuzan"
    assert one(qs, "reopen").speaker == "Kanor Bestuzan"


def test_lone_surname_speaker_named_after_his_first_quote(quotes_of):
    qs = quotes_of("“The facts are clear and we will not accept this,” he said.\n\n"
                   "Bestuzan stressed that the plane was not shot down on purpose.")
    assert one(qs, "shot down").speaker == "Bestuzan"
    assert one(qs, "facts are clear").speaker == "Bestuzan"


def test_name_inside_reported_words_is_not_the_pronoun(quotes_of):
    qs = quotes_of("Foreign Minister Iva Marek said Prime Minister Tomas Riel had been in contact with both sides.\n\n"
                   "“We will keep talking,” she said.")
    assert one(qs, "keep talking").speaker == "Iva Marek"


def test_transliteration_variant_of_a_surname(quotes_of):
    qs = quotes_of("Valdorian President Tomas Kovalenky visited the dam. "
                   "Kovalenki said the water would recede within a week.")
    assert one(qs, "recede").speaker == "Tomas Kovalenky"


def test_it_is_an_institution_never_a_person(quotes_of):
    qs = quotes_of("Foreign Minister Iva Marek said the talks had failed.\n\n"
                   "The Valdorian Defence Ministry announced new exercises. It said 70 units took part.")
    assert one(qs, "70 units").speaker != "Iva Marek"


def test_capital_as_owner_is_the_country(quotes_of):
    q = one(quotes_of("The toll has risen to 16, Oslo officials said."), "toll")
    assert q.speaker == "Norwegian officials"


def test_description_the_article_never_resolves_is_not_listed(quotes_of):
    q = one(quotes_of("“The dam will hold,” the Ostravel MP said on Monday."), "dam will hold")
    assert q.speaker is None


def test_reports_said_is_no_speaker_and_an_analysis_speaks_for_its_owner(quotes_of):
    assert one(quotes_of("Reports said the dam had failed overnight."), "dam had failed").speaker is None
    assert one(quotes_of("A Norwegian analysis of the data indicates that the dam failed."), "dam failed").speaker \
        == "Norway"


def test_quotation_mark_glued_to_a_colon_and_a_word(quotes_of):
    q = one(quotes_of("The mayor further stated:“There are videos of the flood, and everyone can watch them.”"),
            "videos")
    assert q.kind == "direct" and q.speaker_mention == "The mayor"


def test_unattributed_quoted_paragraph_takes_the_speaker_quoted_before(quotes_of):
    qs = quotes_of("Mayor Tomas Riel said the dam had held through the night.\n\n"
                   "“The water reached the first floor of every house on the river, and it is still rising.”")
    q = one(qs, "first floor")
    assert q.kind == "direct" and q.speaker == "Tomas Riel" and q.cue is None


def test_speaker_after_a_comma_when_the_parser_hangs_the_cue_on_the_clause(quotes_of):
    q = one(quotes_of("Vesk: Norway and Sweden have formally agreed to a truce following days of tension, "
                      "Deputy Prime Minister and Foreign Minister of Norway Jonas Berg confirmed on Saturday."),
            "formally agreed")
    assert q.speaker == "Jonas Berg" and q.text.startswith("Norway and Sweden")


def test_according_to_a_source_then_the_speaker_with_a_clause_in_between(quotes_of):
    q = one(quotes_of("According to Nordic Media Service, Jonas Berg, speaking to the media, moments after "
                      "Swedish Prime Minister Lars Holm announced a truce, said both sides had agreed to stop."),
            "both sides")
    assert q.speaker == "Jonas Berg"


def test_they_is_the_plural_subject_earlier_in_its_sentence(quotes_of):
    qs = quotes_of("Talks went on all week, the Courier said. Norway and Sweden confirmed the truce on Sunday, "
                   "but hours later they said the other side had broken it.")
    assert one(qs, "other side").speaker == "Norway and Sweden"


def test_the_head_of_an_agency_is_the_person_the_article_names(quotes_of):
    qs = quotes_of("The head of Norway's civil aviation agency on Friday said drones were flying over the airport. "
                   "“Drones were seen near the runway,” Jonas Berg said on Telegram.")
    assert one(qs, "flying over").speaker == "Jonas Berg"


def test_the_president_of_a_company_is_not_the_head_of_state(quotes_of):
    qs = quotes_of("Norwegian President Ana Berg said the flood was a crime. The president of the Norwegian power "
                   "company said the damage would take years to repair.")
    assert one(qs, "damage would take").speaker != "Ana Berg"


def test_a_description_right_after_his_quote_is_the_person_just_quoted(quotes_of):
    qs = quotes_of("“The dam held through the night,” Berg said at an event.\n\n"
                   "“It was built to last,” the Ostravel MP further added.")
    assert one(qs, "built to last").speaker == "Berg"


def test_that_clause_after_a_statement_released_on_a_day(quotes_of):
    q = one(quotes_of("The Valdorian Movement stated in a statement released on Wednesday that the occupation bears "
                      "direct responsibility for the attack."), "direct responsibility")
    assert q.kind == "indirect" and q.text.startswith("the occupation")


def test_a_clause_before_concluded_is_reported_speech(quotes_of):
    qs = quotes_of("The dam failed because of years of poor upkeep, which the owners had hidden, the inquiry concluded.")
    assert one(qs, "poor upkeep").kind == "indirect"
    assert not [q for q in quotes_of("The two sides concluded a trade deal on Friday.")]


def test_the_x_movement_is_the_x_the_article_names(quotes_of):
    qs = quotes_of("Veldor: the dam was sabotaged\n\n"
                   "The Veldor Movement stated on Monday that the dam had been sabotaged, Veldor said.")
    assert one(qs, "had been sabotaged").speaker == "Veldor"
    qs = quotes_of("The Veldor Movement stated on Monday that the dam had been sabotaged.")
    assert one(qs, "had been sabotaged").speaker == "Veldor Movement"


def test_a_quotation_told_to_an_agency_after_a_relative_clause_is_direct(quotes_of):
    q = one(quotes_of("“Sweden will close its embassy for three days,” the official, who wished to remain "
                      "anonymous, told Reuters."), "three days")
    assert q.kind == "direct" and q.text == "Sweden will close its embassy for three days,"


def test_a_quotation_after_a_quotation_closing_a_sentence_stands_alone(quotes_of):
    qs = quotes_of('Spokesman Ivo Berg said that the flood was "unprecedented." "We have seen floods before, but '
                   'nothing like this," the spokesman added.')
    assert one(qs, "floods before").kind == "direct"
    assert one(qs, "the flood was").kind == "mixed"


def test_a_quotation_closing_the_reported_clause_makes_it_mixed(quotes_of):
    qs = quotes_of("The army said that dozens of shells had landed in the valley, “endangering the lives of "
                   "farmers.”")
    q = one(qs, "endangering")
    assert q.kind == "mixed" and "shells had landed" in q.text
    assert len(qs) == 1


def test_condemned_with_quoted_words_is_a_direct_quote(quotes_of):
    q = one(quotes_of("Norway's foreign ministry also condemned “these reckless attacks in the strongest terms,” "
                      "in a statement."), "reckless")
    assert q.kind == "direct" and q.speaker == "Norwegian foreign ministry"


def test_a_gloss_in_brackets_is_not_reported_words(nlp):
    from parallax.analyze.quotes import extract
    from parallax.analyze.quotes.marks import find_segments
    text = "A crowd gathered outside the embassy, shouting: “Ave Libertas” (freedom is ours), local media reported."
    doc = nlp(text)
    cue = next(tok for tok in doc if tok.text == "reported")
    gloss = (text.index("freedom"), text.index(")"))
    args = (extract._Text(doc), cue, cue.head, gloss, [], [], find_segments(text))
    assert extract._indirect(*args) is None


def test_as_the_minister_noted_reports_the_main_clause(quotes_of):
    qs = quotes_of("As the President of Norway noted, the full story will be known after the recorders are read. "
                   "As expected, the talks failed.")
    q = one(qs, "full story")
    assert q.kind == "indirect" and q.cue == "noted" and q.text.startswith("the full story")
    assert not [x for x in qs if "talks failed" in x.text]


def test_described_the_claims_that_clause_as_quoted_words(quotes_of):
    qs = quotes_of("Earlier on Monday, the rebel council described the army’s accusations that it was responsible "
                   "for a strike on a school as “lies that have no basis.”")
    q = one(qs, "lies that")
    assert q.kind == "mixed" and q.cue == "described"


def test_an_alert_advising_speaks_for_whoever_issued_it(quotes_of):
    q = one(quotes_of("The Xian aviation regulator on Monday issued a new alert advising foreign airlines to avoid "
                      "flying over the northern region."), "avoid flying")
    assert q.cue == "advising" and q.speaker_mention.startswith("The Xian aviation regulator")


def test_called_a_long_object_a_characterisation(nlp):
    """The parse the model gives some such sentences: both objects as 'oprd' of 'called'."""
    from spacy.tokens import Doc

    from parallax.analyze.quotes import cues
    words = ["Berg", "called", "the", "blowing", "up", "of", "the", "dam", "an", "outrageous", "act", "."]
    heads = [1, 1, 3, 1, 1, 4, 7, 5, 10, 10, 1, 1]
    deps = ["nsubj", "ROOT", "det", "oprd", "prt", "prep", "det", "pobj", "det", "amod", "oprd", "punct"]
    pos = ["PROPN", "VERB", "DET", "NOUN", "ADP", "ADP", "DET", "NOUN", "DET", "ADJ", "NOUN", "PUNCT"]
    lemmas = ["Berg", "call", "the", "blowing", "up", "of", "the", "dam", "an", "outrageous", "act", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    assert cues.characterisation(doc[1]) == (2, 10)


def test_made_it_clear_that_reports_speech_and_ends_the_clause_before_it(quotes_of):
    quotes = quotes_of("Ana Berg said the town had always been open to a truce but made it clear that "
                       "any future raid by the rebels would be met with a firm response.")
    assert sorted((q.text, q.speaker) for q in quotes) == [
        ("any future raid by the rebels would be met with a firm response", "Ana Berg"),
        ("the town had always been open to a truce", "Ana Berg")]
    assert quotes_of("Ana Berg made the rules clear to the town council on Monday.") == []


def test_a_documents_finding_before_the_quotation_is_the_later_speakers_words(quotes_of):
    quotes = quotes_of('A town analysis of the flood data indicates that "the dam did not fail," '
                       "council spokeswoman Ana Berg said on Monday.")
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("mixed", "Ana Berg", 'A town analysis of the flood data indicates that "the dam did not fail,"')]


def test_a_quoted_sentence_opening_a_paragraph_belongs_to_the_person_the_next_sentence_names(quotes_of):
    q = one(quotes_of("“We will rebuild every house.” Mayor Ana Berg toured the flooded streets on Monday."),
            "rebuild")
    assert (q.kind, q.speaker) == ("direct", "Ana Berg")
    assert quotes_of("“We will rebuild every house.” Critics of Ana Berg doubt it.") == []


def test_announced_or_declared_act_is_reported(quotes_of):
    q = one(quotes_of("The town council declared public mourning on Friday after the flood."), "mourning")
    assert q.kind == "indirect" and q.text.startswith("public mourning")
    assert "mourning" in one(quotes_of("Mayor Ana Berg announced on Tuesday three days of mourning."), "days").text
    assert quotes_of("Mayor Ana Berg announced a new building for the school.") == []


def test_inverted_cue_whose_speaker_the_parse_took_for_its_object(quotes_of):
    q = one(quotes_of("The dam also failed on Monday, reported local media."), "dam")
    assert (q.kind, q.text, q.speaker) == ("indirect", "The dam also failed on Monday", "local media")


def test_expressed_confidence_that_reports_the_clause(quotes_of):
    q = one(quotes_of("Ana Berg, a town official, expressed high confidence that the bridge would reopen on Friday."),
            "bridge")
    assert (q.kind, q.text, q.speaker) == ("indirect", "the bridge would reopen on Friday", "Ana Berg")
    assert quotes_of("Ana Berg expressed her thanks to the rescuers.") == []


def test_when_asked_the_question_is_not_the_asked_persons_words(quotes_of):
    quotes = quotes_of("The spokesman made the remarks when asked to comment on the flood in the north.")
    assert quotes == []
    quotes = quotes_of("When asked by reporters what made him sure the dam held, Berg responded: “The data I saw.”")
    assert [q.text for q in quotes] == ["The data I saw."]
