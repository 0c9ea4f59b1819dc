"""Alias groups across fictional articles, and the user alias file."""
import json

import pytest

from parallax.analyze.entities import extract_entities
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import score_aliases
from parallax.link.aliases import group_aliases
from parallax.model import Analysis, Article, Fact, article_id

BODIES = [
    ("Velmoran President Tomas Brenner visited Upper Dastria, or Nagorny Dastria, on Monday. "
     "Brenner said the OSCE Danube Group would meet in Ostrava.", "The Harbor Ledger"),
    ("Fighting continued in Nagorno-Dastria. Tomas Brenner, the Velmoran president, blamed the "
     "Danube Group. The Republic of Nagorno-Dastria (Kessark) rejected his remarks.", "Northgate Wire"),
    ("Residents of Dastria (Dastriya) and South Dastria fled. Sudan and South Sudan sent envoys, "
     "said Lena Brenner.", "Dastria Today"),
]


def make(body, outlet):
    return Article(id=article_id(body), uri=outlet, source_text=body, body=body, segments=[(0, 0, len(body))],
                   zones=[], headline=Fact(None), outlet=Fact(outlet), published=Fact("2024-05-01"),
                   byline=Fact(None))


@pytest.fixture(scope="module")
def items():
    nlp = load_nlp()
    out = []
    for body, outlet in BODIES:
        article = make(body, outlet)
        out.append((article, Analysis(article.id, entities=extract_entities(nlp(body)))))
    return out


def group_of(groups, spelling):
    return next((set(g.spellings) for g in groups if spelling in g.spellings), {spelling})


def test_variants_short_forms_and_alternatives(items):
    groups = group_aliases(items)
    region = group_of(groups, "Dastria")
    assert {"Upper Dastria", "Nagorny Dastria", "Nagorno-Dastria", "Dastriya"} <= region
    assert "South Dastria" not in region and "Republic of Nagorno-Dastria" not in region
    assert {"Republic of Nagorno-Dastria", "Kessark"} <= group_of(groups, "Kessark")
    assert {"Danube Group", "OSCE Danube Group"} <= group_of(groups, "Danube Group")
    assert group_of(groups, "Sudan").isdisjoint({"South Sudan"})


def test_ambiguous_surname_is_not_merged(items):
    groups = group_aliases(items)
    assert not ({"Tomas Brenner", "Lena Brenner"} <= group_of(groups, "Tomas Brenner"))
    assert "Brenner" not in group_of(groups, "Lena Brenner") or "Brenner" not in group_of(groups, "Tomas Brenner")


def test_user_aliases_join_and_separate(items, tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({
        "aliases": [{"canonical": "Ostrava", "spellings": ["Ostrau"], "label": "GPE"}],
        "separate": [["Dastria", "Upper Dastria"]],
    }))
    groups = group_aliases(items, path)
    ostrava = next(g for g in groups if g.canonical == "Ostrava")
    assert ostrava.user_declared and set(ostrava.spellings) == {"Ostrava", "Ostrau"}
    assert "Upper Dastria" not in group_of(groups, "Dastria") or "Dastria" not in group_of(groups, "Upper Dastria")


def test_yaml_alias_file(items, tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("- canonical: Kessark\n  spellings: [Kesark]\n")
    groups = group_aliases(items, path)
    assert "Kesark" in group_of(groups, "Kessark")


def test_score_aliases_recall(items):
    groups = group_aliases(items)
    result = score_aliases([[["Upper Dastria", "Nagorno-Dastria"]], [["Tomas Brenner", "Lena Brenner"]]], groups)
    assert result["n_gold"] == 2 and result["r"] == 0.5


def test_example_alias_file_loads():
    from pathlib import Path
    from parallax.link.aliases import load_user_aliases
    path = Path(__file__).resolve().parents[1] / "examples" / "aliases.example.yaml"
    groups, separate = load_user_aliases(path)
    assert groups[0]["canonical"] == "Republic of Ostmark" and ("Dastria", "Upper Dastria") in separate


def test_grouping_many_names_is_fast():
    import random
    import time
    from parallax.model import Entity
    rng = random.Random(7)
    letters = "abcdefghijklmnoprstuvz"
    names = {"".join(rng.choice(letters) for _ in range(rng.randint(5, 9))).title() for _ in range(6000)}
    entities = [Entity(0, len(n), n, "ORG", n) for n in names]
    entities += [Entity(0, 0, f"{n} Group", "ORG", f"{n} Group") for n in list(names)[:3000]]
    article = make(" ", "Bulk Wire")
    start = time.perf_counter()
    groups = group_aliases([(article, Analysis(article.id, entities=entities))])
    assert time.perf_counter() - start < 20
    assert groups


def _entities_item(body, names):
    """An article whose entities are given: (text, label) in order of their first occurrence."""
    from parallax.model import Entity
    article = make(body, "Northgate Wire")
    entities = []
    for text, label in names:
        start = body.index(text)
        entities.append(Entity(start, start + len(text), text, label, text))
    return article, Analysis(article.id, entities=entities)


def test_feature_words_acronyms_and_place_labels():
    a = _entities_item("The Velm Strip flooded. Velm is cut off. The Dastrian Security Council met; the DSC "
                       "asked the Orla HPP to close the Orla hydroelectric power plant gates. Nova Ostrava "
                       "and Ostrava. The Middle East and the East. Upper Kessark and Kessark.",
                       [("Velm Strip", "LOC"), ("Velm", "PERSON"), ("Dastrian Security Council", "ORG"),
                        ("DSC", "ORG"), ("Orla HPP", "ORG"), ("Orla hydroelectric power plant", "ORG"),
                        ("Nova Ostrava", "GPE"), ("Ostrava", "GPE"), ("Middle East", "LOC"), ("East", "LOC"),
                        ("Upper Kessark", "WORK_OF_ART"), ("Kessark", "GPE")])
    groups = group_aliases([a])
    assert group_of(groups, "Velm") == {"Velm", "Velm Strip"}
    assert group_of(groups, "DSC") == {"DSC", "Dastrian Security Council"}
    assert group_of(groups, "Orla HPP") == {"Orla HPP", "Orla hydroelectric power plant"}
    assert "Nova Ostrava" not in group_of(groups, "Ostrava") and "East" not in group_of(groups, "Middle East")
    assert {g.label for g in groups if "Velm" in g.spellings or "Kessark" in g.spellings} <= {"GPE", "LOC", "FAC"}


def test_alias_precision_counts_spellings_used_on_their_own():
    from parallax.model import AliasGroup
    predicted = [AliasGroup("Ana Kervel", "PERSON", ["Ana Kervel", "Kervel"]),
                 AliasGroup("Velm", "GPE", ["Velm", "Velm Strip", "Velm City"])]
    texts = ["Ana Kervel spoke. Velm Strip and Velm City and Velm.", "Ana Kervel and Kervel."]
    gold = [[["Velm Strip", "Velm"]], [["Ana Kervel", "Kervel"]]]
    result = score_aliases(gold, predicted, texts)
    assert result["r"] == 1.0 and result["p"] == 0.5 and result["n_pred"] == 2


def test_loose_acronym_and_state_adjective_forms():
    a = _entities_item("The Nordic Union Rail Safety Agency warned. NRSA said more. The Velmoran Federation "
                       "and Velmora signed.",
                       [("Nordic Union Rail Safety Agency", "ORG"), ("NRSA", "ORG"),
                        ("Velmoran Federation", "GPE"), ("Velmora", "GPE")])
    groups = group_aliases([a])
    assert group_of(groups, "NRSA") == {"NRSA", "Nordic Union Rail Safety Agency"}
    assert group_of(groups, "Velmora") == {"Velmora", "Velmoran Federation"}


def test_surname_beside_its_full_name_joins_whatever_its_tag():
    a = _entities_item("Envoy Ivo Marken spoke. Marken said talks go on. Nova Ostrava and Ostrava.",
                       [("Ivo Marken", "PERSON"), ("Marken", "GPE"), ("Nova Ostrava", "PERSON"), ("Ostrava", "GPE")])
    b = _entities_item("Lena Sarov and Petr Sarov met. Sarov left.",
                       [("Lena Sarov", "PERSON"), ("Petr Sarov", "PERSON"), ("Sarov", "PERSON")])
    groups = group_aliases([a, b])
    assert group_of(groups, "Marken") == {"Marken", "Ivo Marken"}
    assert "Nova Ostrava" not in group_of(groups, "Ostrava")
    assert not {"Lena Sarov", "Petr Sarov"} <= group_of(groups, "Sarov")


def test_a_datelines_capitals_are_no_spelling():
    """"OSTRAVA (Wire) -" is Ostrava in capitals; "Ostrava"/"Ostrawa" are two spellings."""
    a = _entities_item("OSTRAVA (Wire) - Talks in Ostrava went on.", [("OSTRAVA", "GPE"), ("Ostrava", "GPE")])
    b = _entities_item("Talks in Ostrawa went on.", [("Ostrawa", "GPE")])
    groups = group_aliases([a, b])
    assert group_of(groups, "Ostrava") == {"Ostrava", "Ostrawa"}


def test_a_store_joins_acronyms_feature_and_state_forms_across_blocks():
    """Linked block by block from a store, an acronym meets its long form (their last words differ:
    acronym blocks), and "X Strip" / "X", "Xian Federation" / "Xia" meet (the block key leaves the
    feature or state word out)."""
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.model import Entity

    def item(body, outlet, names):
        article = make(body, outlet)
        ents = [Entity(body.index(t), body.index(t) + len(t), t, label, t) for t, label in names]
        return article, Analysis(article.id, entities=ents)
    items = [item("The Velmar Security Council met in the Dastria Strip and the Ostmarkian Federation.",
                  "The Harbor Ledger", [("Velmar Security Council", "ORG"), ("Dastria Strip", "LOC"),
                                        ("Ostmarkian Federation", "GPE")]),
             item("The VSC met in Dastria, then in Ostmark.", "Northgate Wire",
                  [("VSC", "ORG"), ("Dastria", "GPE"), ("Ostmark", "GPE")])]
    stored = [set(g.spellings) for g in stored_links(items).aliases]
    for pair in ({"Velmar Security Council", "VSC"}, {"Dastria Strip", "Dastria"}, {"Ostmarkian Federation", "Ostmark"}):
        assert any(pair <= g for g in stored), pair
    assert all(set(g.spellings) in stored for g in group_aliases(items))


def test_tagger_spans_are_mended_before_names_are_joined():
    """A source label glued on with a dash is cut off, hyphen-joined parts of one name and an
    institution's "for ..." complement are joined, so "X (Y)" joins the whole name."""
    from parallax.model import Entity

    def item(body, outlet, names):
        article = make(body, outlet)
        ents = [Entity(body.index(t), body.index(t) + len(t), t, label, t) for t, label in names]
        return article, Analysis(article.id, entities=ents)
    items = [item("WIRENEWS- Velm Post reports that Jund-e-Orlin (JeO) fled.", "The Harbor Ledger",
                  [("WIRENEWS- Velm Post", "ORG"), ("Jund", "NORP"), ("JeO", "PERSON")]),
             item("The Federal Office for Water Safety (Vodnadzor) said Velm Post erred.", "Northgate Wire",
                  [("Federal Office", "ORG"), ("Water Safety", "ORG"), ("Vodnadzor", "ORG"), ("Velm Post", "ORG")])]
    groups = [set(g.spellings) for g in group_aliases(items)]
    assert {"Jund-e-Orlin", "JeO"} in groups
    assert {"Federal Office for Water Safety", "Vodnadzor"} in groups
    assert not any("Water Safety" in g for g in groups)
    assert not any("WIRENEWS- Velm Post" in g for g in groups)


def test_a_name_and_a_facility_noun_after_it_name_the_facility():
    """"the Velm dam" / "the Velm Dam" are one facility however the tagger cut them; "Velm and the
    port" is not a facility."""
    from parallax.model import Entity

    def item(body, outlet):
        article = make(body, outlet)
        at = [i for i in range(len(body)) if body.startswith("Velm", i)]
        return article, Analysis(article.id, entities=[Entity(i, i + 4, "Velm", "GPE", "Velm") for i in at])
    items = [item("Water poured through the Velm dam. Velm and the port flooded.", "The Harbor Ledger"),
             item("The Velm Dam burst.", "Northgate Wire")]
    items[1][1].entities[0] = Entity(4, 12, "Velm Dam", "FAC", "Velm Dam")
    groups = [set(g.spellings) for g in group_aliases(items)]
    assert {"Velm dam", "Velm Dam"} in groups
    assert not any(any("port" in s for s in g) for g in groups)


def test_a_facility_named_with_or_without_its_kind_is_one():
    from parallax.model import Entity

    def item(body, outlet, name):
        article = make(body, outlet)
        return article, Analysis(article.id, entities=[Entity(body.index(name), body.index(name) + len(name),
                                                              name, "FAC", name)])
    items = [item("The Velm hydroelectric dam burst.", "The Harbor Ledger", "Velm hydroelectric dam"),
             item("Water poured from the Velm dam.", "Northgate Wire", "Velm dam"),
             item("The Orlin dam held.", "Dastria Today", "Orlin dam")]
    groups = [set(g.spellings) for g in group_aliases(items)]
    assert groups == [{"Velm hydroelectric dam", "Velm dam"}]


def test_an_acronym_meets_a_hyphen_joined_name_in_another_article():
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.model import Entity

    def item(body, outlet, name, label):
        article = make(body, outlet)
        return article, Analysis(article.id, entities=[Entity(body.index(name), body.index(name) + len(name),
                                                              name, label, name)])
    items = [item("Fighters of Jund-e-Orlin crossed the river.", "The Harbor Ledger", "Jund-e-Orlin", "ORG"),
             item("The JeO denied it.", "Northgate Wire", "JeO", "ORG")]
    assert [set(g.spellings) for g in group_aliases(items)] == [{"Jund-e-Orlin", "JeO"}]
    assert [set(g.spellings) for g in stored_links(items).aliases] == [{"Jund-e-Orlin", "JeO"}]


def test_an_acronym_alone_stands_for_a_names_words_after_the_place_when_one_name_fits():
    """"HPP" alone is "Marlow Hydroelectric Power Plant" without the place it is named after, and
    "Marlow HPP" meets both, linked block by block; with two such plants (and no "Marlow HPP") in the
    corpus, "HPP" joins neither."""
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.model import Entity

    def item(body, outlet, names):
        article = make(body, outlet)
        ents = [Entity(body.index(t), body.index(t) + len(t), t, label, t) for t, label in names]
        return article, Analysis(article.id, entities=ents)
    one = [item("Shelling hit the Marlow Hydroelectric Power Plant. Water poured through the HPP gates.",
                "The Harbor Ledger", [("Marlow Hydroelectric Power Plant", "FAC"), ("HPP", "ORG")]),
           item("The Marlow HPP was flooded.", "Northgate Wire", [("Marlow HPP", "FAC")])]
    stored = [set(g.spellings) for g in stored_links(one).aliases]
    assert any({"Marlow Hydroelectric Power Plant", "HPP", "Marlow HPP"} <= g for g in stored), stored
    two = [one[0], item("The Orlin Hydroelectric Power Plant was shut.", "Dastria Today",
                        [("Orlin Hydroelectric Power Plant", "FAC")])]
    assert not any("HPP" in g and len(g & {"Marlow Hydroelectric Power Plant", "Orlin Hydroelectric Power Plant"}) > 0
                   for g in map(set, (x.spellings for x in group_aliases(two))))


def test_a_surname_two_people_bear_joins_the_one_its_articles_resolve_it_to():
    """The corpus has two Sharovs; every article that writes "Sharov" alone resolves it (its
    `canonical`) to Ivo Sharov, so it joins him. Once another article resolves it to Petr, it stays apart."""
    from parallax.model import Entity

    def item(body, names):
        article = make(body, "Northgate Wire")
        ents = []
        for text, label, canonical in names:
            start = body.index(text) if text != "Sharov" else body.rindex("Sharov")
            ents.append(Entity(start, start + len(text), text, label, canonical))
        return article, Analysis(article.id, entities=ents)
    a = item("Former mayor Ivo Sharov praised the truce. Mayor Petr Sharov, his son, agreed. Later Sharov left.",
             [("Ivo Sharov", "PERSON", "Ivo Sharov"), ("Petr Sharov", "PERSON", "Petr Sharov"),
              ("Sharov", "PERSON", "Ivo Sharov")])
    b = item("Petr Sharov spoke in Orlin.", [("Petr Sharov", "PERSON", "Petr Sharov")])
    groups = group_aliases([a, b])
    assert group_of(groups, "Sharov") == {"Sharov", "Ivo Sharov"}
    c = item("Petr Sharov met envoys. Sharov said little.",
             [("Petr Sharov", "PERSON", "Petr Sharov"), ("Sharov", "PERSON", "Petr Sharov")])
    assert group_of(group_aliases([a, b, c]), "Sharov") == {"Sharov"}


def test_a_facility_noun_among_the_kind_words_names_the_last_one():
    """"the Velm hydroelectric power plant dam" is the dam, one with "the Velm dam"; the plant is another
    facility."""
    from parallax.model import Entity

    def item(body, outlet):
        article = make(body, outlet)
        at = [i for i in range(len(body)) if body.startswith("Velm", i)]
        return article, Analysis(article.id, entities=[Entity(i, i + 4, "Velm", "GPE", "Velm") for i in at])
    items = [item("Towns flooded after the Velm hydroelectric power plant dam collapsed.", "The Harbor Ledger"),
             item("Water poured through the Velm dam.", "Northgate Wire"),
             item("The Velm hydroelectric power plant stopped.", "Dastria Today")]
    groups = [set(g.spellings) for g in group_aliases(items)]
    assert groups == [{"Velm hydroelectric power plant dam", "Velm dam"}]


def test_a_name_before_its_acronym_begins_where_the_acronym_does():
    """The tagger left out the first word of "Wardens General of Border Crossings (WGBCs)"; the acronym
    says where the name begins. A word that does not fit the acronym's letter is left out."""
    from parallax.model import Entity

    def item(body, outlet, names):
        article = make(body, outlet)
        return article, Analysis(article.id, entities=[
            Entity(body.index(t), body.index(t) + len(t), t, "ORG", t) for t in names])
    items = [item("The Wardens General of Border Crossings (WGBCs) met in Velm.", "The Harbor Ledger",
                  ["General of Border Crossings", "WGBCs"]),
             item("On Monday Harbour Safety Office (VHSO) staff left.", "Northgate Wire",
                  ["Harbour Safety Office", "VHSO"])]
    groups = [set(g.spellings) for g in group_aliases(items)]
    assert {"Wardens General of Border Crossings", "WGBCs"} in groups
    assert not any(s.startswith("Monday") for g in groups for s in g)


def test_a_compound_with_a_capital_is_no_form_of_its_other_part_in_a_store():
    """"Oslo-Velmgrad" (a route) is no spelling of "Velmgrad": Oslo is a name of its own, though no
    article names it alone; "Nagorno-Velmgrad" still is one, and so is "Kervan" of a person named
    "Oslo Kervan"."""
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.model import Entity

    def item(body, outlet, name, label="GPE"):
        article = make(body, outlet)
        return article, Analysis(article.id, entities=[Entity(body.index(name), body.index(name) + len(name),
                                                              name, label, name)])
    items = [item("The jet flew the Oslo-Velmgrad route.", "The Harbor Ledger", "Oslo-Velmgrad"),
             item("Velmgrad stayed calm.", "Northgate Wire", "Velmgrad")]
    assert stored_links(items).aliases == []
    items.append(item("Shelling hit Nagorno-Velmgrad overnight.", "Dastria Today", "Nagorno-Velmgrad"))
    assert [set(g.spellings) for g in stored_links(items).aliases] == [{"Nagorno-Velmgrad", "Velmgrad"}]
    people = [item("Oslo Kervan spoke first.", "The Harbor Ledger", "Oslo Kervan", "PERSON"),
              item("Then Kervan left.", "Northgate Wire", "Kervan", "PERSON")]
    assert [set(g.spellings) for g in stored_links(people).aliases] == [{"Oslo Kervan", "Kervan"}]
