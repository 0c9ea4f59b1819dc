"""A small fictional corpus with hand-made analyses and link results, for the serve tests."""
from __future__ import annotations

from parallax import model
from parallax.store import Store
from tests.conftest import make_article

HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'

TEXTS = [
    ("Northern Courier", "2025-03-03", "Floods cut off Brenmoor valley",
     'Mayor Mira Holt said on Monday that "every family will be housed by Friday".\n'
     "The river rose after three days of rain and about 300 houses were flooded, the fire service said.\n"
     "Minister Teo Varga called the response \"slow and confused\"."),
    ("Valley Post", "2025-03-04", "Brenmoor counts the damage",
     'Mira Holt promised that "every family will be housed by Friday" during a visit on Monday.\n'
     "Officials said over 450 houses were flooded in the valley.\n"
     "The regional council met on Tuesday to approve emergency funds."),
    ("Coast Daily", "2025-03-05", "Relief reaches the flooded valley " + HOSTILE,
     "Teo Varga said the national guard had been sent on Tuesday.\n"
     "Nearly 300 houses were flooded, according to the Red Cross.\n"
     "Residents of Brenmore described the night of the storm. " + HOSTILE),
]


def _span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def _sentences(body: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in body.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    return next((s, e) for s, e in sentences if s <= offset <= e)


def _quote(body, sents, text, kind, speaker, mention, cue) -> model.Quote:
    s, e = _span(body, text)
    ms, me = _span(body, mention)
    cs, ce = _span(body, cue)
    ss, se = _sentence_of(sents, s)
    return model.Quote(s, e, text, kind, cue=cue, cue_start=cs, cue_end=ce, speaker_mention=mention,
                       speaker_start=ms, speaker_end=me, speaker=speaker, sentence_start=ss, sentence_end=se)


def _figure(body, sents, text, value, qualifier, cited=None) -> model.Figure:
    s, e = _span(body, text)
    ss, se = _sentence_of(sents, s)
    return model.Figure(s, e, text, value, qualifier, "houses", what="houses", measure="flooded", cited=cited,
                        sentence_start=ss, sentence_end=se)


def _timex(body, sents, text, value) -> model.Timex:
    s, e = _span(body, text)
    ss, se = _sentence_of(sents, s)
    return model.Timex(s, e, text, "DATE", value, anchored=True, sentence_start=ss, sentence_end=se)


def _entities(body: str, names: list[tuple[str, str, str]]) -> list[model.Entity]:
    out = []
    for text, label, canonical in names:
        s, e = _span(body, text)
        out.append(model.Entity(s, e, text, label, canonical))
    return sorted(out, key=lambda x: x.start)


def build() -> tuple[list[model.Article], list[model.Analysis], model.LinkResult]:
    arts = [make_article(body, headline=h, outlet=o, published=p) for o, p, h, body in TEXTS]
    a, b, c = (x.body for x in arts)
    sa_, sb, sc = (_sentences(x) for x in (a, b, c))
    analyses = [
        model.Analysis(arts[0].id, sa_,
                       entities=_entities(a, [("Mira Holt", "PERSON", "Mira Holt"), ("Teo Varga", "PERSON",
                                                                                        "Teo Varga")]),
                       quotes=[_quote(a, sa_, "every family will be housed by Friday", "direct", "Mira Holt",
                                      "Mayor Mira Holt", "said"),
                               _quote(a, sa_, "slow and confused", "direct", "Teo Varga", "Minister Teo Varga",
                                      "called")],
                       timexes=[_timex(a, sa_, "Monday", "2025-03-03")],
                       figures=[_figure(a, sa_, "about 300", 300, "about", "the fire service")]),
        model.Analysis(arts[1].id, sb,
                       entities=_entities(b, [("Mira Holt", "PERSON", "Mira Holt"), ("regional council", "ORG", "regional council")]),
                       quotes=[_quote(b, sb, "every family will be housed by Friday", "direct", "Mira Holt",
                                      "Mira Holt", "promised")],
                       timexes=[_timex(b, sb, "Monday", "2025-03-03"), _timex(b, sb, "Tuesday", "2025-03-04")],
                       figures=[_figure(b, sb, "over 450", 450, "over", "Officials")]),
        model.Analysis(arts[2].id, sc,
                       entities=_entities(c, [("Teo Varga", "PERSON", "Teo Varga"), ("Brenmore", "GPE", "Brenmoor")]),
                       quotes=[_quote(c, sc, "the national guard had been sent on Tuesday", "indirect",
                                      "Teo Varga", "Teo Varga", "said")],
                       timexes=[_timex(c, sc, "Tuesday", "2025-03-04")],
                       figures=[_figure(c, sc, "Nearly 300", 300, "nearly", "the Red Cross")]),
    ]
    ids = [x.id for x in arts]
    links = model.LinkResult(
        aliases=[model.AliasGroup("Brenmoor", "GPE", ["Brenmoor", "Brenmore"], article_ids=[ids[1], ids[2]]),
                 model.AliasGroup("Mira Holt", "PERSON", ["Mira Holt"], roles=["Mayor"], article_ids=ids[:2])],
        quote_clusters=[model.QuoteCluster("Mira Holt", [(ids[0], 0), (ids[1], 0)], (ids[0], 0),
                                           "every family will be housed by Friday")],
        figure_groups=[model.FigureGroup("flooded", "houses", [(ids[0], 0), (ids[1], 0), (ids[2], 0)],
                                         disagreement=True)],
        events=[model.Event("2025-03-03", "Holt promises housing", [(ids[0], 0), (ids[1], 0)]),
                model.Event("2025-03-04", "Council approves funds; guard sent", [(ids[1], 1), (ids[2], 0)],
                            conflicting_values=["2025-03-05"])],
        framing=[model.FramingTerm("slow and confused", {"Northern Courier": 1}, [(ids[0], 2)], score=0.9)],
        duplicates=[(ids[0], ids[1], 0.42)],
    )
    return arts, analyses, links


def fill(store: Store) -> tuple[list[model.Article], list[model.Analysis], model.LinkResult]:
    arts, analyses, links = build()
    store.add_articles(arts)
    store.save_analyses(analyses)
    store.save_links(links)
    return arts, analyses, links
