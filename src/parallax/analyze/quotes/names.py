"""Person and organisation names as the article writes them: cleaned of glued symbols, with
tokenised hyphens rejoined, and the small spelling tests used to tell two spellings of one name."""
from __future__ import annotations

from spacy.tokens import Span

from parallax.analyze.quotes.lexicon import strip_possessive


def clean_name(text: str) -> str:
    """Drop symbols glued to a name ('▪️Name', emoji, variation selectors) and collapse spaces."""
    text = text.strip()
    while text and not (text[0].isalnum() or text[0] in "'’"):
        text = text[1:]
    return " ".join(text.split())


def person_name(tokens: list) -> str:
    """A name as written: 'Chang - yong' (tokenised hyphen) -> 'Chang-yong'."""
    text = "".join(t.text + t.whitespace_ for t in tokens).strip()
    return clean_name(strip_possessive(text))


def speakable(ent: Span) -> bool:
    """A named span that can speak: not one broken over lines (a dateline or label glued to a name)."""
    return "\n" not in ent.text and any(c.isalpha() for c in ent.text)


def one_letter_apart(a: str, b: str) -> bool:
    """Same length, one letter different, not the first: spellings of one transliterated name."""
    return len(a) == len(b) and a[0] == b[0] and sum(x != y for x, y in zip(a, b)) == 1


def singular(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
