"""Coverage-guided fuzzing of the cleaner and the analysers' string parsers with atheris.

The first input byte picks the target, the rest is its input (UTF-8, errors replaced):
  clean-text   parallax.clean.clean_document on a text/plain RawDocument
  clean-html   parallax.clean.clean_document on a text/html RawDocument
  dates        parallax.clean.dates.find_dates
  timex        parallax.analyze.timex.normalise (anchor and tense from the next bytes)
  patterns     parallax.analyze.timex.patterns.find_candidates
  numerals     parallax.analyze.numerals (parse_numeral, is_numeral_word, comma_groups, hedge_before)
  attributes   clean_document on a page whose tags carry many attributes of every form (valueless,
               quoted values holding ">" or "<", unquoted, "/" separators), as many tags as the input says
A crash is an exception other than CleanError, a broken offset invariant, a tag over the attribute cap
that is not refused, or an input slower than libFuzzer's -timeout. At exit the number of inputs run per target is printed ("per target: ...").

    python bench/fuzz_clean.py --make-seeds DIR
    python bench/fuzz_clean.py [--target NAME] -atheris_runs=50000 -timeout=10 DIR
(bench/fuzz.sh runs every target in turn and prints the counts and the findings.)
"""
from __future__ import annotations

import atexit
import datetime as dt
import signal
import sys
from collections import Counter
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["parallax"]):
    from parallax.analyze import numerals
    from parallax.analyze.timex.normalise import normalise
    from parallax.analyze.timex.patterns import find_candidates
    from parallax.clean import MAX_TAG_ATTRIBUTES, CleanError, clean_document
    from parallax.clean.dates import find_dates
    from parallax.model import RawDocument

TARGETS = ["clean-text", "clean-html", "dates", "timex", "patterns", "numerals", "attributes"]
ATTRIBUTE_FORMS = ["a{i}", 'a{i}=">"', "a{i}='<'", "a{i}=v{i}", 'a{i}=""', "/a{i}", 'a{i} = "x>y"']
SEPARATORS = [" ", "\n", "\t", "/", "  ", " / "]
PROSE = "<p>" + "The harbour of Veltmark reopened on Monday after the storm, officials said. " * 6 + "</p>"
TENSES = ["past", "present", "future"]
COUNTS: Counter = Counter()
ONLY: str | None = None        # --target NAME: fuzz that target alone (the first byte is then ignored)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    target = ONLY or TARGETS[data[0] % len(TARGETS)]
    COUNTS[target] += 1
    payload = data[1:]
    if target in ("clean-text", "clean-html"):
        check_clean(payload, "text/html" if target == "clean-html" else "text/plain")
    elif target == "dates":
        text = payload.decode("utf-8", errors="replace")
        for d in find_dates(text):
            assert 0 <= d.start < d.end <= len(text)
    elif target == "timex":
        fdp = atheris.FuzzedDataProvider(payload)
        choice = fdp.ConsumeIntInRange(0, 3)    # no anchor, the calendar's two edges, any day
        anchor = [None, dt.date.min, dt.date.max, None][choice]
        if choice == 3:
            anchor = dt.date.fromordinal(fdp.ConsumeIntInRange(1, dt.date.max.toordinal()))
        tense = TENSES[fdp.ConsumeIntInRange(0, 2)]
        previous = fdp.ConsumeUnicodeNoSurrogates(12) if fdp.ConsumeBool() else None
        result = normalise(fdp.ConsumeUnicodeNoSurrogates(200), anchor, tense, previous)
        if result is not None:
            kind, value, _mod = result
            assert isinstance(kind, str) and isinstance(value, str)
    elif target == "attributes":
        check_attributes(payload)
    elif target == "patterns":
        text = payload.decode("utf-8", errors="replace")
        for start, end in find_candidates(text):
            assert 0 <= start < end <= len(text)
    else:
        text = payload.decode("utf-8", errors="replace")
        words = text.split()
        numerals.parse_numeral(words)
        numerals.hedge_before(words)
        for w in words:
            numerals.is_numeral_word(w)
            numerals.comma_groups(w)


def check_clean(payload: bytes, content_type: str) -> None:
    text = payload.decode("utf-8", errors="replace")
    raw = RawDocument(uri="fuzz://in", data=payload, text=text, content_type=content_type)
    try:
        article = clean_document(raw)
    except CleanError as exc:
        assert exc.reason and isinstance(exc.reason, str)
        return
    assert article.body.strip()
    for body_start, source_start, length in article.segments:   # each body line is a source slice
        assert article.body[body_start:body_start + length] == article.source_text[source_start:source_start + length]
        if length:
            assert article.source_text[article.to_source(body_start)] == article.body[body_start]


def check_attributes(payload: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(payload)
    count = fdp.ConsumeIntInRange(0, 3000)
    tags = fdp.ConsumeIntInRange(1, 20)
    forms = [ATTRIBUTE_FORMS[fdp.ConsumeIntInRange(0, len(ATTRIBUTE_FORMS) - 1)] for _ in range(3)]
    separator = SEPARATORS[fdp.ConsumeIntInRange(0, len(SEPARATORS) - 1)]
    tag = "<div " + separator.join(forms[i % 3].format(i=i) for i in range(count)) + ">"
    html = ("<html><body>" + (tag + "x</div>") * tags + fdp.ConsumeUnicodeNoSurrogates(2000) + PROSE
            + "</body></html>")
    raw = RawDocument(uri="fuzz://attributes", data=b"", text=html, content_type="text/html")
    try:
        clean_document(raw)
    except CleanError as exc:
        assert exc.reason and isinstance(exc.reason, str)
        return
    if separator.strip() == "" or separator == " / ":   # then every form is one attribute ("/" alone can join
        assert count <= MAX_TAG_ATTRIBUTES, f"a tag with {count} attributes went to the parser"   # an unquoted value)


def make_seeds(folder: Path) -> None:
    """A few well-formed inputs of my own (fictional), one per target, for the fuzzer to mutate."""
    folder.mkdir(parents=True, exist_ok=True)
    story = ("Harbour reopens after storm\nBy Ada Quill\nPublished 12 March 2021\n"
             "The port of Veltmark reopened on Monday, officials said, after nearly 3,400 containers "
             "were stranded for two weeks. \"We are back,\" the harbour master said on Tuesday.\n"
             "More than a million tonnes of cargo pass through each year.\nShare this article\n")
    html = ("<!doctype html><html><head><title>Harbour reopens</title>"
            '<meta property="article:published_time" content="2021-03-12"></head><body><nav>Home | News</nav>'
            "<article><h1>Harbour reopens</h1>"
            + "".join(f"<p>{line}</p>" for line in story.splitlines()[3:5]) + "</article></body></html>")
    seeds = [story, html, "Updated: Oct. 15, 2020 10:30 a.m. / 2020-10-15 / 15.10.2020 / 10/15/2020",
             "\x00\x01\x00\x00last Sunday morning", "On Sept. 27, 2019, three weeks ago, in the third quarter",
             "nearly twenty-five hundred thousand 43,218 tens of thousands",
             "\x02\x00\x05\x01\x03\x00<b>seed</b>"]
    for index, text in enumerate(seeds):
        (folder / f"seed-{TARGETS[index]}").write_bytes(bytes([index]) + text.encode("utf-8"))


def warm_up() -> None:
    """Pay the one-time costs before the clock runs: the first date htmldate hands to dateparser makes it
    compile the patterns of all its ~200 locales (about 3 s, once per process), which libFuzzer would
    otherwise charge to whichever input came first."""
    page = ('<html><head><title>Harbour reopens</title><meta property="article:published_time" '
            'content="2021-<nav>Home | News</nav><h1>="2021-03-12"></head><body>' + PROSE + "</body></html>")
    try:
        clean_document(RawDocument(uri="fuzz://warm-up", data=b"", text=page, content_type="text/html"))
    except CleanError:
        pass


def report() -> None:
    # libFuzzer's -timeout alarm keeps ticking after the last input: a slow interpreter shutdown (many
    # modules, a loaded machine) would otherwise be killed by it and read as a crash
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    print("per target: " + ", ".join(f"{t}={n}" for t, n in COUNTS.items()), flush=True)


def main() -> None:
    global ONLY
    if len(sys.argv) == 3 and sys.argv[1] == "--make-seeds":
        make_seeds(Path(sys.argv[2]))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--target":
        ONLY = sys.argv[2]
        assert ONLY in TARGETS, f"--target must be one of {TARGETS}"
        del sys.argv[1:3]
    atexit.register(report)
    warm_up()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
