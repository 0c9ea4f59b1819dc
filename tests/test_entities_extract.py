"""Entity cleaning and within-article canonical names on a fictional article."""
import pytest

from parallax.analyze.entities import extract_entities, name_key
from parallax.analyze.nlp import load_nlp

TEXT = ("Velmoran President Tomas Arkady Brenner met the OSCE Danube Group in Vienna on Monday. "
        "Brenner's office said the Danube Group would return to Velmora next month.\n"
        "North Velmora and the Republic of Upper Dastria (Ostmark) rejected the plan, "
        "and Mr. Brenner said he would travel to Brussels.")


@pytest.fixture(scope="module")
def entities():
    return extract_entities(load_nlp()(TEXT))


def test_offsets_point_at_the_text(entities):
    assert entities
    for e in entities:
        assert TEXT[e.start:e.end] == e.text


def test_cleaning_strips_titles_articles_and_possessives(entities):
    texts = {e.text for e in entities}
    assert "Brenner" in texts and "Brenner's" not in texts
    assert not any(t.startswith(("the ", "The ", "President", "Mr")) for t in texts)


def test_short_names_resolve_to_full_names(entities):
    canon = {e.text: e.canonical for e in entities}
    assert canon["Brenner"] == "Tomas Arkady Brenner"
    assert canon.get("Danube Group", "OSCE Danube Group") == "OSCE Danube Group"


def test_compass_and_republic_forms_stay_apart(entities):
    canon = {e.text: e.canonical for e in entities}
    assert canon.get("Velmora") == "Velmora"
    assert "Ostmark" in canon and canon["Ostmark"] == "Ostmark"


def test_name_key_folds_transliterations():
    assert name_key("Nagorny-Karabakh") == name_key("Nagorni Karabakh")
    assert name_key("Aliyev") == name_key("Aliev")
    assert name_key("Erdoğan") == name_key("Erdogan")
    assert name_key("Khan") == name_key("Han")
