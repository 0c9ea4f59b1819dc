"""link/speakers.py: one canonical speaker per person across articles (fictional names)."""
from __future__ import annotations

from parallax.link.speakers import canonical_speakers
from parallax.model import AliasGroup


def test_surname_joins_the_only_full_name_with_the_most_frequent_role():
    quotes = [("Ana Berg", "Xian President"), ("Ana Berg", "Xian President"), ("Ana Berg", "President"),
              ("Berg", None), ("Tomas Riel", "Mayor")]
    out = canonical_speakers(quotes)
    assert out["Berg"] == ("Ana Berg", "Xian President")
    assert out["Ana Berg"] == ("Ana Berg", "Xian President")
    assert out["Tomas Riel"] == ("Tomas Riel", "Mayor")


def test_grouped_counts_give_what_one_pair_per_quote_gives():
    pairs = [("Ana Berg", "Mayor")] * 3 + [("Ana Berg", "Councillor")] * 2 + [("Berg", None)] * 4 + \
        [("Tomas Holter", None), ("Ivo Holten", None), ("Holter", None)]
    grouped = [("Ana Berg", "Mayor", 3), ("Ana Berg", "Councillor", 2), ("Berg", None, 4),
               ("Tomas Holter", None, 1), ("Ivo Holten", None, 1), ("Holter", None, 1)]
    out = canonical_speakers(grouped)
    assert out == canonical_speakers(pairs)
    assert out["Berg"] == ("Ana Berg", "Mayor")
    assert out["Holter"] == ("Holter", None)   # a spelling one letter apart: two people it could be


def test_surname_of_two_people_stays_as_written():
    out = canonical_speakers([("Ana Berg", None), ("Jon Berg", None), ("Berg", None)])
    assert out["Berg"] == ("Berg", None)


def test_alias_groups_decide_spelling_variants_and_short_forms():
    groups = [AliasGroup("Ana Bergh", "PERSON", ["Ana Bergh", "Ana Berg", "Bergh"])]
    out = canonical_speakers([("Ana Bergh", None), ("Ana Berg", None), ("Ana Berg", None), ("Bergh", None)], groups)
    assert out["Ana Bergh"][0] == "Ana Berg"      # the form the quotes use most
    assert out["Bergh"][0] == "Ana Berg"


def test_institutions_and_acronyms_are_left_alone():
    out = canonical_speakers([("Xian foreign ministry", None), ("XAA", None), ("Ministry", None)])
    assert {k: v[0] for k, v in out.items()} == {"Xian foreign ministry": "Xian foreign ministry",
                                                   "XAA": "XAA", "Ministry": "Ministry"}


def test_the_speakers_list_and_a_speakers_quotes_join_a_surname_to_the_full_name(tmp_path):
    """Read at query time: the stored quotes keep the name their article gives."""
    from parallax.serve import queries as q
    from parallax.store import Store
    from tests.test_keyed_link import _add, _report

    store = Store(str(tmp_path / "s.db"))
    _add(store, [_report(1, "2031-03-02", "Harbour Herald", 12, "Mira Holt"),
                 _report(2, "2031-03-03", "Valley Times", 12, "Holt"),
                 _report(3, "2031-03-03", "Valley Times", 12, "Ivo Sand")])
    with store.engine.connect() as conn:
        rows = {r["name"]: r["quotes"] for r in q.all_speakers(conn)}
        quotes, total = q.list_quotes(conn, speaker="Mira Holt")
        stats = q.stats(conn)
    assert rows == {"Mira Holt": 2, "Ivo Sand": 1}
    assert total == 2 and {x["speaker"] for x in quotes} == {"Mira Holt", "Holt"}
    assert stats["speakers"] == 2
    _add(store, [_report(4, "2031-03-04", "Valley Times", 12, "Sand")])   # a write: the names are read anew
    with store.engine.connect() as conn:
        assert {r["name"]: r["quotes"] for r in q.all_speakers(conn)} == {"Mira Holt": 2, "Ivo Sand": 2}


def test_a_name_of_several_words_joins_the_one_longer_name_ending_with_it():
    out = canonical_speakers([("health ministry", None), ("Xian health ministry", None), ("foreign ministry", None),
                              ("Xian foreign ministry", None), ("Yian foreign ministry", None)])
    assert out["health ministry"][0] == "Xian health ministry"
    assert out["foreign ministry"][0] == "foreign ministry"   # two it could be


def test_one_name_written_in_two_cases_is_one_speaker():
    out = canonical_speakers([("Xian Foreign Ministry", None)] * 3 + [("Xian foreign ministry", None)])
    assert out["Xian foreign ministry"][0] == "Xian Foreign Ministry"
