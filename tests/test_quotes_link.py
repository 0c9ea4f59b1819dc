"""cluster_quotes on hand-made analyses (no spaCy)."""
from parallax.link.quotes import cluster_quotes
from parallax.model import Analysis, Quote
from tests.conftest import make_article


def item(body, published, *quotes):
    article = make_article(body, headline=body[:20], published=published)
    qs = [Quote(0, len(t), t, "direct", speaker=s) for t, s in quotes]
    return article, Analysis(article.id, quotes=qs)


def test_same_statement_in_two_outlets_clusters_and_first_is_earliest():
    a = item("Body A one.", "2025-03-02", ("We will never give up our land, whatever it costs", "Marek Oslan"))
    b = item("Body B two.", "2025-03-01", ("we will never give up our land whatever it costs us", "Oslan"),
             ("The weather is fine today in the capital", "Ana Kervel"))
    c = item("Body C three.", "2025-03-03", ("Prices will fall next year, the bank predicts", "Ana Kervel"))
    clusters = cluster_quotes([a, b, c])
    assert len(clusters) == 1
    cluster = clusters[0]
    assert sorted(cluster.members) == sorted([(a[0].id, 0), (b[0].id, 0)])
    assert cluster.first == (b[0].id, 0)
    assert cluster.speaker in ("Marek Oslan", "Oslan")


def test_different_speakers_do_not_cluster():
    a = item("Body A one.", "2025-03-02", ("We will never give up our land, whatever it costs", "Marek Oslan"))
    b = item("Body B two.", "2025-03-01", ("We will never give up our land, whatever it costs", "Ana Kervel"))
    assert cluster_quotes([a, b]) == []


def test_unknown_speaker_joins_a_known_one():
    a = item("Body A one.", "2025-03-02", ("The bridge will be rebuilt before the winter comes", None))
    b = item("Body B two.", "2025-03-01", ("the bridge will be rebuilt before the winter comes", "Ilse Brand"))
    clusters = cluster_quotes([a, b])
    assert len(clusters) == 1 and clusters[0].speaker == "Ilse Brand"


def test_partial_quote_and_office_names_cluster_but_not_other_statements():
    """A partial quote of a longer statement, from the same office named two ways (or by its
    acronym), is one statement; another statement of the same speaker is not."""
    a = item("Body A one.", "2025-03-02",
             ("The closure of the Velmor canal puts thousands of farmers at risk and ruins the harvest", "Dastrian water ministry"),
             ("Talks with the neighbours will resume next month", "Dastrian water ministry"))
    b = item("Body B two.", "2025-03-03", ("puts thousands of farmers at risk", "local water officials"))
    c = item("Body C three.", "2025-03-04", ("the canal closure puts farmers at risk", "DWA"),
             ("prices of grain rose", "Ana Kervel"))
    d = item("Body D four.", "2025-03-04", ("the canal closure puts farmers at risk", "Dastrian Water Authority"))
    clusters = cluster_quotes([a, b, c, d])
    assert len(clusters) == 1
    assert sorted(clusters[0].members) == sorted([(a[0].id, 0), (b[0].id, 0), (c[0].id, 0), (d[0].id, 0)])


def test_a_store_clusters_an_institution_under_its_names_and_a_speaker_with_a_postmodifier():
    """Linked block by block from a store: "the Velmoran army" / "the Velmoran military" (lower-case
    heads share a block) and "Port Authority" / "Port Authority of Velm" (the head before "of")
    cluster as in memory."""
    from parallax.evaluate.corpus_layers import stored_links
    items = [item("Body A one.", "2025-03-02", ("The convoy was hit by a misfired rocket near the depot", "the Velmoran army"),
                  ("The harbour will reopen to cargo ships on Monday morning", "Port Authority of Velm")),
             item("Body B two.", "2025-03-03", ("the convoy was hit by a misfired rocket", "the Velmoran military"),
                  ("the harbour will reopen to cargo ships on Monday", "Port Authority"))]
    memory = sorted(sorted(c.members) for c in cluster_quotes(items))
    assert len(memory) == 2
    assert sorted(sorted(map(tuple, c.members)) for c in stored_links(items).quote_clusters) == memory


def test_a_named_speakers_statement_quoted_again_months_later_clusters_in_a_store():
    """A named speaker's block spans the year; unknown speakers' blocks stay a month long."""
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.link.quotes import block_keys
    a = item("Body A one.", "2025-01-10", ("The northern bridge will reopen before the harvest", "Mira Holt"))
    b = item("Body B two.", "2025-03-20", ("the northern bridge will reopen before the harvest", "Holt"))
    assert [sorted(map(tuple, c.members)) for c in stored_links([a, b]).quote_clusters] == \
        [sorted([(a[0].id, 0), (b[0].id, 0)])]
    c = item("Body C three.", "2025-01-10", ("The ferry is late", None))
    d = item("Body D four.", "2025-03-20", ("The ferry is late", None))
    assert block_keys(c)[0][0] != block_keys(d)[0][0]


def test_a_statement_quoted_on_either_side_of_new_year_clusters_once_in_a_store():
    """Blocks are periods of publication; a quote near a period's end is also in the next period's
    block, and the cluster is stored once, by the block of its first report."""
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.link.quotes import block_keys
    named = [item("Body A one.", "2024-12-29", ("The ferry service to the islands resumes in spring", "Ilse Brand")),
             item("Body B two.", "2025-01-04", ("the ferry service to the islands resumes in spring", "Brand"))]
    unknown = [item("Body C three.", "2025-03-30", ("Grain exports through the strait fell by half", None)),
               item("Body D four.", "2025-04-02", ("grain exports through the strait fell by half", None))]
    for a, b in (named, unknown):
        assert [sorted(map(tuple, c.members)) for c in stored_links([a, b]).quote_clusters] == \
            [sorted([(a[0].id, 0), (b[0].id, 0)])]
    far = item("Body E five.", "2025-06-15", ("Grain exports through the strait fell by half", None))
    assert [k for k, _ in block_keys(far)] == ["?|2025-06"]


def test_a_hyphenated_compound_is_one_content_word():
    """"non-escalatory" is one word (not "non" + "escalatory"): a short indirect quote sharing two of
    its four content words with a longer one is the same statement; "cease-fire" is "ceasefire"."""
    from parallax.link.quotes import content_stems
    assert content_stems("a cease-fire") == content_stems("a ceasefire")
    a = item("Body A one.", "2025-03-02", ("its raids were targeted, restrained and non-escalatory", "Velmoran army"))
    b = item("Body B two.", "2025-03-02",
             ("the army carried out successful raids on targeted depots across the border", "Velmoran army"))
    assert len(cluster_quotes([a, b])) == 1


def test_a_quote_of_two_statements_is_in_the_cluster_of_each_and_they_stay_apart(tmp_path):
    """One outlet quotes two sentences, two others one sentence each: the long quote is the same
    statement as each partial one, but the partial ones are not one statement, so they are not
    linked through it. Stored, each cluster lists its members (the long quote in both), though the
    quote's cluster_id names one."""
    from parallax import pipeline
    from parallax.link import prepare
    from parallax.serve import groups, queries
    from parallax.store import Store
    both = item("Body A one.", "2025-03-01", ("The ferry to Osk resumes its crossings in May. Fares for islanders will "
                                              "stay frozen until winter ends", "Ilse Brand"))
    ferry = item("Body B two.", "2025-03-02", ("the ferry to Osk resumes its crossings in May", "Brand"))
    fares = item("Body C three.", "2025-03-02", ("fares for islanders will stay frozen", "Ilse Brand"))
    items = [both, ferry, fares]
    expected = sorted([sorted([(both[0].id, 0), (ferry[0].id, 0)]), sorted([(both[0].id, 0), (fares[0].id, 0)])])
    assert sorted(sorted(c.members) for c in cluster_quotes(items)) == expected
    store = Store(str(tmp_path / "two.db"))
    store.add_articles([a for a, _ in items])
    store.save_analyses([prepare(x) for x in items])
    pipeline.link(store)
    with store.engine.connect() as conn:
        gids = [c["id"] for c in groups.quote_clusters(conn, limit=10)[0]]
        listed = queries.cluster_members(conn, gids)
        assert sorted(sorted((r["article_id"], r["idx"]) for r in rows) for rows in listed.values()) == expected
        for gid in gids:
            rows, total = queries.list_quotes(conn, cluster_id=gid)
            assert total == 2 and (both[0].id, 0) in {(r["article_id"], r["idx"]) for r in rows}
    store.close()
