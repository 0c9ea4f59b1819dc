"""What a figure counts, read off the parse: the governing verb or noun ("were killed",
"the deaths of"), its neutral canonical measure, running tolls ("the number of X killed has
reached N"), whose count it is and who is cited for it.
Used by `parallax.analyze.figures`."""
from __future__ import annotations

# Governing verbs/nouns -> neutral canonical measure.
MEASURES = {
    "killed": {"kill", "die", "death", "dead", "perish", "slay", "fatality", "toll", "massacre",
               "execute", "murder"},
    "injured": {"injure", "wound", "hurt", "injury", "wounding", "maim"},
    "displaced": {"displace", "expel", "flee", "evacuate", "uproot", "displacement", "refugee",
                  "deport", "evict"},
    "missing": {"miss", "missing", "disappear"},
    "destroyed": {"destroy", "demolish", "raze", "burn", "destruction", "flatten"},
    "damaged": {"damage"},
    "taken": {"capture", "seize", "take", "liberate", "retake", "recapture", "occupy", "free",
              "conquer", "regain", "reclaim"},
    "detained": {"arrest", "detain", "imprison", "jail"},
    "abducted": {"abduct", "kidnap"},
}
LEMMA_TO_MEASURE = {lemma: m for m, lemmas in MEASURES.items() for lemma in lemmas}
TOLL_NOUNS = {"number", "toll", "tally", "count", "total"}
TOLL_VERBS = {"reach", "rise", "climb", "stand", "hit", "exceed", "top", "surpass", "increase", "grow"}
REPORTING_VERBS = {"say", "report", "announce", "tell", "state", "add", "claim", "estimate", "confirm",
                   "put", "count", "record", "document", "publish"}


def predicate(anchor):
    """The verb or event noun a counted noun hangs from: "were killed", "the deaths of"."""
    for child in anchor.children:                   # "700 soldiers wounded in ..."
        if child.dep_ in ("acl", "relcl") and measure_lemma(child) in LEMMA_TO_MEASURE:
            return child
    node = anchor
    for _ in range(5):
        while node.dep_ == "conj" and node.head != node:
            node = node.head
        head = node.head
        if head == node:
            return node if node.pos_ in ("VERB", "AUX") else None
        if node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return head.head                        # "the deaths of 16 combatants"
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ == "NOUN" and measure_lemma(head) in LEMMA_TO_MEASURE:
            return head
        node = head
    return None


def measure_of(pred, anchor) -> tuple[str, tuple[str, object] | None]:
    """(canonical measure, toll); toll = (measure, counted noun, verb) of "the number of X killed has reached"."""
    if pred is None:
        return "", None
    lemma = measure_lemma(pred)
    toll = toll_of(pred)
    if toll is None and pred.dep_ in ("ccomp", "conj"):
        toll = toll_of(pred.head)                      # "... has reached 43,218 people are injured"
    if lemma in LEMMA_TO_MEASURE:
        return LEMMA_TO_MEASURE[lemma], toll
    if lemma in ("claim", "lose", "cost", "take") and anchor.lemma_.lower() == "life":
        return "killed", toll
    for child in pred.children:                      # "confirmed to have died", "went missing"
        if child.dep_ in ("xcomp", "acomp", "oprd") and child.lemma_.lower() in LEMMA_TO_MEASURE:
            return LEMMA_TO_MEASURE[child.lemma_.lower()], toll
        if child.dep_ == "acomp":
            return child.lower_, toll                # "become uninhabitable"
    return lemma, toll


def measure_lemma(tok) -> str:
    """Lemma, with "-ing" nominalisations mapped to their verb ("the killing of" -> kill)."""
    lemma = tok.lemma_.lower()
    if lemma not in LEMMA_TO_MEASURE and lemma.endswith("ing"):
        for stem in (lemma[:-3], lemma[:-3] + "e", lemma[:-4]):
            if stem in LEMMA_TO_MEASURE:
                return stem
    return lemma


def toll_of(verb):
    """"The number of Azerbaijani civilians killed has reached ..." -> ("killed", civilians)."""
    if verb.lemma_.lower() not in TOLL_VERBS:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lemma_.lower() not in TOLL_NOUNS:
        return None
    if subj.lemma_.lower() == "toll":
        return "killed", subj, verb
    of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if counted is None:
        return None
    for t in counted.subtree:
        if t.lemma_.lower() in LEMMA_TO_MEASURE:
            return LEMMA_TO_MEASURE[t.lemma_.lower()], counted, verb
    return None


def subject_of(noun, pred) -> str:
    """Whose count: a nationality modifier or noun, or "(both sides)"."""
    parts = []
    if noun is not None:
        for c in noun.children:
            if c.dep_ in ("amod", "compound") and c.i < noun.i and (c.ent_type_ == "NORP" or (
                    c.text[:1].isupper() and c.pos_ in ("ADJ", "PROPN") and c.text.endswith(("an", "i", "ese", "ish")))):
                parts.append(c.text)
        if noun.tag_ == "NNPS" or (noun.pos_ == "PROPN" and noun.text.endswith("s")):
            parts.append(noun.text)
    scope = list(noun.subtree) if noun is not None else []
    if pred is not None:
        scope += [t for c in pred.children if c.dep_ == "prep" for t in c.subtree]
    if any(t.lower_ == "both" and t.head.lemma_ == "side" for t in scope):
        parts.append("(both sides)")
    return " ".join(parts)


def cited_source(sent, pred=None, text: str | None = None) -> str | None:
    """The source a figure is attributed to: "according to X", else the non-pronoun subject of a
    reporting verb governing the figure ("..., the health ministry said"). `text`: doc.text, if at
    hand, to skip the sentence's tokens when it has no "according"."""
    doc = sent.doc
    mentions = text is None or "ccording" in text[sent.start_char:sent.end_char]
    for tok in sent if mentions else ():
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return doc[obj.left_edge.i:obj.right_edge.i + 1].text
    node = pred
    while node is not None:
        if node.lemma_.lower() in REPORTING_VERBS:
            subj = next((c for c in node.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if subj is not None:
                return doc[subj.left_edge.i:subj.right_edge.i + 1].text
        node = node.head if node.head != node else None
    return None


# Verbs of change -> the canonical direction, so outlets that write "climbed" and "rose" word it alike.
DIRECTIONS = {
    "rise": {"rise", "increase", "climb", "grow", "jump", "gain", "raise", "hike", "surge", "soar", "boost",
             "lift", "expand", "accelerate", "double", "up"},
    "fall": {"fall", "drop", "decline", "decrease", "cut", "lower", "slip", "plunge", "shrink", "reduce",
             "slide", "sink", "tumble", "contract", "slow", "ease", "lose", "down"},
}
LEMMA_TO_DIRECTION = {lemma: d for d, lemmas in DIRECTIONS.items() for lemma in lemmas}


def topic_of(pred, numeral) -> tuple[str, str]:
    """(what is measured, direction) of a share or amount, from the parse: "inflation rose to 3%" ->
    ("inflation", ""), a level; "unemployment fell 0.4 points" -> ("unemployment", "fall"), a change;
    "the bank raised its key rate by 25 basis points" -> ("key rate", "rise"); "growth of 7%" -> ("growth", "")."""
    head = numeral
    while head.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod") and head.head != head \
            and head.head.pos_ in ("NOUN", "NUM", "SYM", "PROPN") and head.head.i != head.i:
        head = head.head                              # climb from the numeral to its noun ("percent", "points")
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "of" and prep.head.pos_ == "NOUN":
        return _phrase(prep.head), ""                 # "growth of 7 per cent"
    if pred is None or pred.pos_ not in ("VERB", "AUX"):
        return "", ""
    direction = LEMMA_TO_DIRECTION.get(pred.lemma_.lower(), "")
    via = prep.lower_ if prep is not None and pred in (prep.head, prep.head.head) else ""
    if via in ("to", "at"):
        direction = ""                                # "rose to 5.1%", "fell 0.4 points to 5.1%": the level reached
    obj = next((c for c in pred.children if c.dep_ == "dobj" and c.i != head.i and c.pos_ in ("NOUN", "PROPN")
                and not any(n.dep_ == "nummod" for n in c.children)), None)   # not the amount itself
    subj = next((c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"), None)
    topic = obj if obj is not None and LEMMA_TO_DIRECTION.get(pred.lemma_.lower()) else subj
    return (_phrase(topic) if topic is not None else ""), direction


def _phrase(noun) -> str:
    """The noun with its compound and adjective modifiers, lower-cased: "key rate", "jobless rate"."""
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i and c.pos_ != "PROPN"]
    return " ".join([m.lower_ for m in mods] + [noun.lemma_.lower()])
