"""extract_quotes on short fictional news paragraphs, one construction per test."""
from __future__ import annotations

import pytest

from parallax.analyze.quotes import extract_quotes


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(text: str):
        return extract_quotes(nlp(text))
    return run


def by_text(quotes, fragment: str):
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


def test_direct_quote_after_attribution_and_continuation(quotes_of):
    text = ('Valdorian President Marek Oslan spoke on Monday.\n\n'
            '"We will not give up a single village," Oslan said. "Our patience has limits."')
    qs = quotes_of(text)
    first = by_text(qs, "single village")
    assert first.kind == "direct"
    assert first.text == "We will not give up a single village,"
    assert first.cue == "said" and first.speaker_mention == "Oslan"
    assert first.speaker == "Marek Oslan"
    second = by_text(qs, "patience")
    assert second.text == "Our patience has limits."
    assert (second.cue, second.speaker) == ("said", "Marek Oslan")


def test_curly_quote_with_title_and_venue(quotes_of):
    text = ("“The border is calm,” Valdorian Defence Minister Ana Kervel said in televised remarks.")
    q = quotes_of(text)[0]
    assert q.text == "The border is calm,"
    assert q.speaker_mention == "Valdorian Defence Minister Ana Kervel"
    assert q.speaker == "Ana Kervel"
    assert q.speaker_role == "Valdorian Defence Minister"
    assert q.addressee == "televised remarks"
    assert text[q.start:q.end] == q.text


def test_quote_before_which_the_cue_stands(quotes_of):
    qs = quotes_of("Mayor Ilse Brand told reporters: 'The bridge will reopen in May.'")
    q = by_text(qs, "bridge")
    assert q.kind == "direct" and q.text == "The bridge will reopen in May."
    assert q.speaker == "Ilse Brand" and q.addressee == "reporters"


def test_multi_paragraph_quote_gives_one_entry_per_paragraph(quotes_of):
    text = ('Finance Minister Tomas Riel spoke to parliament.\n\n'
            '"The budget is balanced. Taxes will not rise.\n\n'
            '"We have kept every promise," Riel said.')
    qs = quotes_of(text)
    assert [q.text for q in qs] == ["The budget is balanced. Taxes will not rise.", "We have kept every promise,"]
    assert all(q.speaker == "Tomas Riel" and q.cue == "said" for q in qs)


def test_indirect_with_that_and_pronoun(quotes_of):
    text = ("Prime Minister Lena Vasko met farmers on Tuesday. "
            "She said that the harvest would be the largest in a decade.")
    q = by_text(quotes_of(text), "harvest")
    assert q.kind == "indirect"
    assert q.text == "the harvest would be the largest in a decade"
    assert q.speaker_mention == "She" and q.speaker == "Lena Vasko"


def test_clause_before_the_cue_and_apposition_left_out(quotes_of):
    text = ("The new port could double exports from the region, Pavel Dorn, the Varnian trade envoy, warned.")
    q = quotes_of(text)[0]
    assert q.text == "The new port could double exports from the region"
    assert q.cue == "warned" and q.speaker_mention == "Pavel Dorn"


def test_infinitive_object_infinitive_and_accuse(quotes_of):
    text = ("The Varnian government vowed to rebuild the damaged schools. "
            "The council called on both cities to end the dispute. "
            "The ministry accused the rebels of shelling the market.")
    qs = quotes_of(text)
    assert by_text(qs, "rebuild").text == "to rebuild the damaged schools"
    assert by_text(qs, "dispute").text == "both cities to end the dispute"
    assert by_text(qs, "dispute").cue == "called on"
    assert by_text(qs, "shelling").text == "the rebels of shelling the market"


def test_mixed_quote_keeps_its_marks(quotes_of):
    text = 'Ana Kervel said the army would "respond with full force" to any attack.'
    q = quotes_of(text)[0]
    assert q.kind == "mixed"
    assert q.text == 'the army would "respond with full force" to any attack'


def test_scare_quotes_are_not_quotes(quotes_of):
    text = 'The so-called "peace corridor" was closed again on Friday, officials in the capital confirmed.'
    assert not any("peace corridor" == q.text for q in quotes_of(text))


def test_negated_and_passive_speech_is_not_a_quote(quotes_of):
    text = ("Ten people are confirmed to have died. The minister did not say whether talks would resume.")
    assert quotes_of(text) == []


def test_a_wh_clause_names_a_topic_and_that_said_is_no_speaker(quotes_of):
    text = ("The new guide explains how the ferry timetable was drawn up. Each delay highlighted how little "
            "the port had planned. The flag tells the reader how many cabins to book. That said, the fares "
            "stayed low all summer.")
    assert quotes_of(text) == []


def test_reported_questions_and_free_relatives_stay_quotes(quotes_of):
    text = ("Harbour master Ines Corvel asked why the ferry had left early. "
            "Corvel said what the crew did amounted to negligence. "
            "She said when the storm ends, the port will reopen.")
    qs = quotes_of(text)
    assert by_text(qs, "why the ferry").speaker == "Ines Corvel"
    assert by_text(qs, "what the crew did").text == "what the crew did amounted to negligence"
    assert by_text(qs, "when the storm ends").cue == "said"


def test_description_resolves_to_the_named_person(quotes_of):
    text = ("Varnian President Oleg Mast opened the summit. "
            "Later, the Varnian leader said the talks had been useful.")
    q = by_text(quotes_of(text), "useful")
    assert q.speaker_mention == "the Varnian leader"
    assert q.speaker == "Oleg Mast"


def test_nested_speech_inside_a_quote_is_not_annotated(quotes_of):
    text = '"I told them the deal was dead," Oslan said.'
    qs = quotes_of(text)
    assert [q.text for q in qs] == ["I told them the deal was dead,"]


def test_attribution_interrupting_the_content(quotes_of):
    text = "A new harbour master, the mayor said, could end the strike within a week."
    qs = quotes_of(text)
    assert [q.text for q in qs] == ["A new harbour master", "could end the strike within a week"]
    assert all(q.cue == "said" and q.speaker_mention == "the mayor" for q in qs)


def test_one_word_quote_at_sentence_start_is_direct(quotes_of):
    q = quotes_of('"Never," the minister said.')[0]
    assert (q.text, q.kind, q.speaker_mention) == ("Never,", "direct", "the minister")


def test_interview_venue_without_apposition_or_date(quotes_of):
    text = ("In an interview with NTX, a private news channel, Ana Kervel said on Monday that prices would fall.")
    q = by_text(quotes_of(text), "prices")
    assert q.addressee == "NTX"
    assert q.text == "prices would fall"


def test_quotation_paragraph_after_a_colon_paragraph(quotes_of):
    text = 'The harbour master Ilse Brand told the council:\n\n"The cranes are old and the quay is cracked."'
    q = by_text(quotes_of(text), "cranes")
    assert (q.kind, q.cue, q.speaker) == ("direct", "told", "Ilse Brand")


def test_announced_decision_noun_is_reported_but_not_a_plain_object(quotes_of):
    qs = quotes_of("The council announced the dissolution of the harbour board. The council announced a party.")
    assert [q.text for q in qs] == ["the dissolution of the harbour board"]


def test_institution_speaker_from_a_possessive_country(quotes_of):
    q = quotes_of("France's foreign ministry said that the embassy would stay open.")[0]
    assert q.speaker == "French foreign ministry"


def test_subject_opening_a_line_that_the_parse_hung_on_the_line_before(nlp):
    from spacy.tokens import Doc

    from parallax.analyze.quotes.cues import subject_of
    # the parser ran two paragraphs into one sentence: 'Berg' is attached to the first 'said'
    words = ["said", "Holm", ".", "\n", "Berg", ",", "said", "that", "it", "rained", "."]
    heads = [0, 0, 0, 2, 0, 6, 6, 9, 9, 6, 6]
    deps = ["ROOT", "nsubj", "punct", "dep", "nsubj", "punct", "ROOT", "mark", "nsubj", "ccomp", "punct"]
    pos = ["VERB", "PROPN", "PUNCT", "SPACE", "PROPN", "PUNCT", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"]
    spaces = [True, False, False, False, False, True, True, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)
    assert subject_of(doc[6]).text == "Berg"
    assert subject_of(doc[0]).text == "Holm"


def test_a_subject_that_cannot_speak_reports_nothing(quotes_of):
    text = ("The new harbour crane adds that the load is balanced before each lift. "
            "Rising fuel prices mean the ferry fares will go up. "
            "Let's say you run a bakery and offer a dozen breads. "
            "Acme's new automatic crane means the port can load at night.")
    assert quotes_of(text) == []


def test_an_it_standing_for_no_organisation_reports_nothing(quotes_of):
    text = ("A tidy harbour website reassures visitors. It tells them that the ferry is safe. "
            "It is important to note that the quay closes at dusk.")
    assert quotes_of(text) == []


def test_speaking_classes_agent_nouns_and_counts_still_report(quotes_of):
    text = ("The auditors noted the harbour accounts were in order. "
            "Hundreds said the ferry should keep running. "
            "About 40% of residents say the fares are too high. "
            "Xland's port safety watchdog warned that the quay was unsafe.")
    qs = quotes_of(text)
    assert by_text(qs, "accounts").speaker == "auditors"
    assert by_text(qs, "keep running").speaker_mention == "Hundreds"
    assert by_text(qs, "fares are too high").cue == "say"
    assert by_text(qs, "quay was unsafe").cue == "warned"


def test_a_subject_the_parser_read_as_the_cues_object_starts_the_reported_clause(quotes_of):
    """'said the train, which ..., was sabotaged': the clause's subject, parsed as the object of
    'said', is part of what was said."""
    text = ('Governor Ana Berg has said the Velm Rail night train, which derailed near Osk on March 2, '
            'injuring 40 people, was sabotaged "by insiders" at the old bridge.')
    q = by_text(quotes_of(text), "sabotaged")
    assert q.text.startswith("the Velm Rail night train, which derailed")


def test_a_contrasting_clause_that_gives_another_partys_account_ends_the_reported_clause(quotes_of):
    """'said A while the company attributed it to B': B is the company's account, not the speaker's;
    a contrast that is part of the words ('prices rose while wages fell') stays."""
    qs = quotes_of("Port officials in Velm said a gas leak caused the fire while the shipping company "
                   "attributed it to a faulty crane.")
    assert by_text(qs, "gas leak").text == "a gas leak caused the fire"
    assert by_text(quotes_of("Officials in Velm said prices rose sharply while wages fell."),
                   "prices").text == "prices rose sharply while wages fell"


def test_a_participle_clause_after_a_characterisation_belongs_to_it(quotes_of):
    """'called X a reckless decision, once again showing Y': what the thing characterised does is
    part of the characterisation; a participle cue (', adding that ...') reports more speech."""
    q = by_text(quotes_of("Mayor Ana Berg called the closure of the northern ferry a reckless decision, "
                          "once again showing the neglect of the islands."), "reckless")
    assert q.text.endswith("a reckless decision, once again showing the neglect of the islands")
    qs = quotes_of("Mayor Ana Berg called the closure of the northern ferry a reckless decision, "
                   "adding that the islands would suffer.")
    assert by_text(qs, "reckless").text.endswith("a reckless decision")


def test_a_light_verb_and_a_speech_act_noun_report_what_was_asked(quotes_of):
    """'renewed its recommendation for ships to avoid X' reports what the authority asked; the cue
    runs to the noun. A request the subject only approved is not its speech."""
    q = by_text(quotes_of("The port authority renewed its recommendation for ships to avoid sailing near the "
                          "northern reefs."), "avoid")
    assert q.text == "ships to avoid sailing near the northern reefs" and q.cue == "renewed its recommendation"
    assert by_text(quotes_of("The dock union sent a formal request to the ministry to reopen the talks."),
                   "reopen").text == "to reopen the talks"
    assert not [q for q in quotes_of("The city council approved a request to build a road.") if "road" in q.text]
