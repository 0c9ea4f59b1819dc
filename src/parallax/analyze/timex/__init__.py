"""Temporal expressions: find them in the parsed article body and give them TIMEX3 values."""
from parallax.analyze.timex.extract import clause_tense, extract_timexes
from parallax.analyze.timex.normalise import normalise

__all__ = ["extract_timexes", "normalise", "clause_tense"]
