"""Quotes and speakers: who said what, with the cue, the speaker mention and the resolved speaker."""
from parallax.analyze.quotes.extract import extract_quotes

__all__ = ["extract_quotes"]
