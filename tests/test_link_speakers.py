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
