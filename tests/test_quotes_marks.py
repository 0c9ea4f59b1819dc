"""Quotation-mark pairing, without spaCy."""
from parallax.analyze.quotes.marks import find_segments


def inner(text):
    return [text[s.start:s.end] for s in find_segments(text)]


def test_styles():
    assert inner('He said "yes" and ‘no’ and «oui» and “si”.') == ["yes", "no", "oui", "si"]


def test_apostrophes_are_not_quotes():
    assert inner("The country's army didn't move; the soldiers' camp stayed.") == []


def test_single_quotes_inside_double_are_nested():
    assert inner('"They called it \'theft\', he said," she said.') == ["They called it 'theft', he said,"]


def test_unclosed_paragraph_runs_on_only_when_reopened():
    text = '"First part.\n"Second part," he said.\n"Never closed.\nNext paragraph.'
    assert inner(text) == ["First part.", "Second part,"]
