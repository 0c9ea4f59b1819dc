"""Token features for the attribution model (model.py): one CRF tags cue tokens sentence by
sentence, a second tags the source and content tokens around each cue.

The role features say where a token sits relative to the cue on the dependency tree (under the
cue's clause complement, its subject, beside it under a shared head, ...), on which side and how
far, and whether a quotation mark or a sentence break lies in between; the CRF learns from them
which stretch is the content and which the source, with the PolNeAR boundaries ("that", the
marks, no final full stop).
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc

from parallax.analyze.quotes import cues
from parallax.analyze.quotes.marks import QUOTE_CHARS, find_segments

WINDOW_SENTENCES = 2   # content reaches at most this many sentences before or after its cue's


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20, 35):
        if n <= limit:
            return str(limit)
    return "far"


class DocInfo:
    """Per-document arrays the features read (computed once per Doc)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.heads = [t.head.i for t in doc]
        self._chains: dict[int, list[int]] = {}
        # plain lists: reading them is much cheaper than making Token objects per feature
        self.lower = [t.lower_ for t in doc]
        self.tag = [t.tag_ for t in doc]
        self.dep = [t.dep_ for t in doc]
        self.sent_of = [0] * len(doc)
        self.sents = []
        for k, sent in enumerate(doc.sents):
            self.sents.append((sent.start, sent.end))
            for i in range(sent.start, sent.end):
                self.sent_of[i] = k
        text = doc.text
        self.para_of = []
        para, last = 0, 0
        for t in doc:
            para += text.count("\n", last, t.idx)
            last = t.idx
            self.para_of.append(para)
        segs = [(s.open_at, s.outer_end) for s in find_segments(text) if not s.single]
        opens = [a for a, _ in segs]
        self.quoted = []
        for t in doc:
            k = bisect.bisect_right(opens, t.idx) - 1
            self.quoted.append(k >= 0 and t.idx < segs[k][1] and t.idx != segs[k][0])
        self.rule_cue = [cues.is_cue(t) for t in doc]
        self.child_deps = [sorted({c.dep_ for c in t.children}) for t in doc]

    def ancestors(self, i: int) -> list[int]:
        """Heads of token i up to its sentence root (cached: every cue's window asks again)."""
        chain = self._chains.get(i)
        if chain is None:
            chain, k = [], i
            while self.heads[k] != k and len(chain) < 40:
                k = self.heads[k]
                chain.append(k)
            self._chains[i] = chain
        return chain


def cue_features(info: DocInfo, start: int, end: int) -> list[dict]:
    """Features of the tokens doc[start:end] (one sentence) for the cue tagger."""
    doc = info.doc
    out = []
    for i in range(start, end):
        t = doc[i]
        head = doc[info.heads[i]]
        lemma = t.lemma_.lower()
        f = {"b": 1.0, "w": t.lower_, "l": lemma, "p": t.tag_, "d": t.dep_, "hl": head.lemma_.lower(),
             "hp": head.tag_, "dhp": f"{t.dep_}|{head.tag_}", "lp": f"{lemma}|{t.tag_}", "s3": t.lower_[-3:],
             "q": info.quoted[i], "rule": info.rule_cue[i], "first": i == start, "last": i == end - 1,
             "title": t.is_title}
        for dep in info.child_deps[i]:
            f["ch:" + dep] = 1.0
            f["lch:" + lemma + "|" + dep] = 1.0
        for c in t.children:  # 'according to', 'called on', 'said in a statement', 'that'-clauses
            if c.dep_ in ("prep", "prt", "agent", "dative"):
                f[f"chw:{c.dep_}:{c.lower_}"] = 1.0
            elif c.dep_ == "ccomp":
                f["ccomp_mark"] = next((m.lower_ for m in c.children if m.dep_ == "mark"), "-")
                f["ccomp_side"] = "L" if c.i < i else "R"
        f["ld"] = f"{lemma}|{t.dep_}"
        f["hld"] = f"{head.lemma_.lower()}|{t.dep_}|{lemma}"
        f["qn"] = f"{info.quoted[i]}|{info.quoted[i - 1] if i > start else '-'}|{info.quoted[i + 1] if i + 1 < end else '-'}"
        if info.rule_cue[info.heads[i]] and info.heads[i] != i:
            f["head_rule"] = 1.0
        for k in (-2, -1, 1, 2):
            inside = start <= i + k < end
            f[f"w{k}"] = info.lower[i + k] if inside else "<s>"
            f[f"p{k}"] = info.tag[i + k] if inside else "<s>"
        f["w-1w"] = f"{f['w-1']}|{t.lower_}"
        f["ww1"] = f"{t.lower_}|{f['w1']}"
        out.append(f)
    return out


def cue_root(info: DocInfo, cue: list[int]) -> int:
    """The cue token that governs the others (its head lies outside the cue)."""
    inside = set(cue)
    for i in cue:
        if info.heads[i] not in inside or info.heads[i] == i:
            if info.doc[i].pos_ in ("VERB", "AUX", "NOUN", "ADP", "ADJ") or len(cue) == 1:
                return i
    return cue[0]


def window(info: DocInfo, cue: list[int], reach: int = WINDOW_SENTENCES) -> tuple[int, int]:
    """Token range the source and content of a cue are looked for in: its sentence and `reach`
    sentences either side, within its paragraph. `info` is anything with sents, sent_of and
    para_of over its tokens (also the attribution model's words)."""
    s = info.sent_of[cue[0]]
    lo = info.sents[max(0, s - reach)][0]
    hi = info.sents[min(len(info.sents) - 1, s + reach)][1]
    para = info.para_of[cue[0]]
    while lo < cue[0] and info.para_of[lo] != para:
        lo += 1
    while hi > cue[-1] + 1 and info.para_of[hi - 1] != para:
        hi -= 1
    return lo, hi


def _relation(info: DocInfo, i: int, root: int, root_chain: list[int], cue_set: set[int]) -> str:
    """Where token i hangs relative to the cue on the tree."""
    doc = info.doc
    if i in cue_set:
        return "CUE"
    chain = info.ancestors(i)
    if root in chain:
        below = chain[chain.index(root) - 1] if chain.index(root) > 0 else i
        t = doc[below]
        dep = t.dep_ + (":" + t.lower_ if t.dep_ in ("prep", "agent", "mark", "prt") else "")
        return "dn:" + dep
    if i in root_chain:
        return "up" + _bucket(root_chain.index(i) + 1) + ":" + info.dep[root]
    if info.sent_of[i] != info.sent_of[root]:
        return "sent" + ("-" if i < root else "+")
    seen = set(chain)
    for k, a in enumerate(root_chain):
        if a in seen:
            cue_side = info.dep[root_chain[k - 1]] if k > 0 else info.dep[root]
            j = chain.index(a)
            tok_side = info.dep[chain[j - 1]] if j > 0 else info.dep[i]
            return f"lca:{cue_side}|{tok_side}"
    return "none"


def role_features(info: DocInfo, cue: list[int], lo: int, hi: int) -> list[dict]:
    """Features of doc[lo:hi] for tagging the source and content of the cue tokens `cue`."""
    doc = info.doc
    root = cue_root(info, cue)
    root_chain = info.ancestors(root)
    cue_set = set(cue)
    cue_lemma = " ".join(doc[i].lemma_.lower() for i in cue)
    rels = [_relation(info, i, root, root_chain, cue_set) for i in range(lo, hi)]
    # quotation marks, commas and sentence breaks between each token and the cue
    marks_between, commas_between = [0] * (hi - lo), [0] * (hi - lo)
    for direction in (-1, 1):
        m = c = 0
        i = (cue[0] - 1) if direction < 0 else (cue[-1] + 1)
        while lo <= i < hi:
            w = doc[i].text
            marks_between[i - lo], commas_between[i - lo] = m, c
            if w in QUOTE_CHARS or (len(w) == 2 and w[0] in QUOTE_CHARS):
                m += 1
            elif w == ",":
                c += 1
            i += direction
    out = []
    for k, i in enumerate(range(lo, hi)):
        t = doc[i]
        rel = rels[k]
        side = "C" if i in cue_set else ("L" if i < cue[0] else "R")
        dist = 0 if i in cue_set else (cue[0] - i if i < cue[0] else i - cue[-1])
        f = {"b": 1.0, "w": t.lower_, "p": t.tag_, "d": t.dep_, "rel": rel, "relp": f"{rel}|{t.tag_}",
             "reld": f"{rel}|{t.dep_}", "side": side, "sd": side + _bucket(dist), "cl": cue_lemma,
             "clrel": f"{cue_lemma}|{rel}", "q": info.quoted[i], "qc": f"{info.quoted[i]}|{info.quoted[root]}",
             "mb": f"{side}{min(marks_between[k], 3)}", "cb": f"{side}{min(commas_between[k], 3)}",
             "sent": _bucket(abs(info.sent_of[i] - info.sent_of[root])) + side,
             "cued": doc[root].dep_, "relcued": f"{rel}|{doc[root].dep_}", "punct": t.is_punct,
             "ent": t.ent_type_ or "-"}
        for n in (-1, 1):
            j = k + n
            f[f"rel{n}"] = rels[j] if 0 <= j < len(rels) else "<s>"
            f[f"w{n}"] = info.lower[i + n] if lo <= i + n < hi else "<s>"
            f[f"p{n}"] = info.tag[i + n] if lo <= i + n < hi else "<s>"
        h = info.heads[i]
        f["hrel"] = rels[h - lo] if lo <= h < hi else "out"
        f["hw"] = doc[h].lower_ if doc[h].is_stop or doc[h].is_punct else doc[h].tag_
        f["same_quote"] = info.quoted[i] and info.quoted[root] and marks_between[k] == 0
        f["relrel1"] = f"{rel}|{f['rel1']}"
        f["rel-1rel"] = f"{f['rel-1']}|{rel}"
        out.append(f)
    return out
