"""Resolve a speaker mention to a canonical name: full person names, states, institutions.

Within one article: "Berg" -> the earlier full mention "Jonas Berg"; "he" -> the latest
person speaking or acting as a subject before it; "the Norwegian leader" -> the person whose title
shares its nationality and role ("Norwegian Prime Minister Jonas Berg"); "Oslo" -> "Norway";
"both sides" / "the two countries" -> the pair last named together ("Norway and Sweden");
"they" -> the plural subject earlier in its sentence; "the head of Xland's agency" -> the one
untitled speaker the article names; "the Ostravel MP" right after Berg's quote -> Berg; "Norway's
river safety watchdog" -> the one organisation named with those words ("Norwegian River Safety
Board"); "an official, who requested anonymity" -> "unnamed official"; any state's capital -> the state;
"it" after a sentence that sets two institutions against each other -> the institution the lead
quotes; "a local official" -> the one governor or mayor the article names.
Institutions get one descriptive name however phrased (institutions.py, organisations.py); a
state body the mention does not place belongs to the state quoted just before it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from parallax.analyze.nlp import doc_text, doc_tokens
from parallax.analyze.quotes.cues import SPEECH_LEMMAS, ents_of, ents_within, is_relay, line_start_of, sent_span
from parallax.analyze.quotes.institutions import institution_name
from parallax.analyze.quotes.lexicon import (DEMONYMS, INSTITUTION_HEADS, ROLE_SYNONYMS, TITLE_WORDS, country_of,
                                             strip_possessive)
from parallax.analyze.quotes.names import clean_name, one_letter_apart, person_name, singular, speakable
from parallax.analyze.quotes.organisations import (BODY_WORDS, COMPANY_HEADS, DOCUMENT_HEADS, LEGAL_FORMS, ORG_HEADS,
                                                   company_name, described_organisation, expand_acronym, organisations,
                                                   short_name)

PERSON_PRONOUNS = {"he", "she", "him", "her"}
# 'I' and 'we' outside quotation marks are the writer, or in an interview the one just quoted.
FIRST_PERSON = {"i", "we"}
GROUP_PRONOUNS = {"they", "we", "it"}
# Plural descriptions of two parties named together earlier: "both sides", "the two countries".
JOINT_STATE_HEADS = {"sides", "countries", "nations", "states", "parties", "governments", "neighbours", "neighbors",
                     "rivals", "foes", "adversaries", "capitals", "republics", "belligerents"}
JOINT_PERSON_HEADS = {"leaders", "presidents", "ministers", "premiers", "diplomats", "envoys", "rivals"}
INDEFINITE = {"a", "an", "another", "some", "one"}   # "an Xian official" introduces someone new
PAIR_MARKERS = {"both", "two", "warring", "opposing", "rival"}


@dataclass
class Person:
    name: str                                   # the fullest spelling in the article
    role: str | None = None                     # "Azerbaijani President"
    role_words: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


def _name_tokens(span) -> list:
    """A PERSON span without leading titles or a possessive: 'Mayor Ilse Brand's' -> Ilse Brand."""
    tokens = [t for t in span if t.tag_ != "POS" and not t.is_space]
    while tokens and (tokens[0].lower_ in TITLE_WORDS or tokens[0].pos_ == "DET"):
        tokens.pop(0)
    return tokens


def _title_before(doc: Doc, start: int) -> list:
    """Title tokens right before a name: 'Norwegian Prime Minister' in 'Norwegian Prime Minister Jonas Berg'."""
    tokens, i = [], start - 1
    while i >= 0:
        t = doc[i]
        if t.lower_ in ("of", "to", "for", "the") and i > 0 and doc[i - 1].lower_ in TITLE_WORDS | {"of", "to", "for"} \
                | {"the"} and tokens:   # 'Deputy Prime Minister of Xland', 'Representative to the UN'
            i -= 1
            continue
        if t.is_punct or t.is_space or t.pos_ in ("DET", "ADP", "VERB", "AUX", "PRON", "CCONJ"):
            break
        if not (t.lower_ in TITLE_WORDS or country_of(t.text) or (t.is_title and t.pos_ in ("PROPN", "ADJ", "NOUN"))):
            break
        tokens.insert(0, t)
        i -= 1
    # a possessive country ("Turkey's Foreign Minister") belongs to the title, other names do not
    while tokens and not (tokens[0].lower_ in TITLE_WORDS or country_of(tokens[0].text)):
        tokens.pop(0)
    return tokens


HEADING_END = tuple('.!?:;,"”’)»')


def on_heading(doc: Doc, token_i: int) -> bool:
    """The token stands on a section heading: a short line after the first with no closing
    punctuation ('Hip Belt', 'Pricing Models That Fit Your Goals'). A heading names a topic and is no
    antecedent of a pronoun; the first line is the headline, which does report who said what."""
    text = doc_text(doc)
    at = doc[token_i].idx
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    if not text[:start].strip():
        return False
    line = text[start:end if end >= 0 else len(text)].strip()
    return bool(line) and not line.endswith(HEADING_END) and len(line.split()) <= 12


class SpeakerIndex:
    """People named in one article, with their titles, for resolving mentions."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]] = ()):
        self.doc = doc
        self.people: dict[str, Person] = {}
        self.mentions: list[tuple[int, str]] = []   # (token index, canonical person) in order
        self.speaking: list[tuple[int, str]] = []   # the mentions that are subjects of a speech verb
        self.quoted = list(quoted)                  # reported content: names there are not narrators
        self._quoted_starts, self._quoted_ends = _merged(self.quoted)
        spans = [e for e in ents_of(doc) if e.label_ == "PERSON" and speakable(e) and not on_heading(doc, e.start)]
        self.surnames: dict[str, str] = {}
        for span in spans:
            tokens = _name_tokens(span)
            if len(tokens) < 2 or country_of(span.text):
                continue
            name = person_name(tokens)
            self.surnames.setdefault(name.split()[-1], name)
            self.people.setdefault(name, Person(name))
        for span in spans:  # a person the article never names in full, speaking, keeps the form it gives
            tokens = _name_tokens(span)
            speaks = any(t.dep_ == "nsubj" and t.head.lemma_ in SPEECH_LEMMAS for t in span)
            if speaks and len(tokens) == 1 and not country_of(span.text) and tokens[0].text[:1].isupper():
                name = person_name(tokens)
                if self.canonical_person(name) is None and tokens[0].lower_ not in TITLE_WORDS:
                    self.surnames[name] = name
                    self.people.setdefault(name, Person(name))
        self.orgs = organisations(doc)
        org_words = {w for name in self.orgs for w in name.split()}
        subjects = [t for t in doc_tokens(doc) if t.dep_ == "nsubj" and t.pos_ == "PROPN" and t.head.lemma_ in SPEECH_LEMMAS]
        for t in subjects:   # 'Berg stressed ...' with no entity found: a lone capitalised subject of speech
            name = clean_name(t.text)
            if name[:1].isupper() and not is_relay(t.head) \
                    and not name.isupper() and t.ent_type_ in ("", "PERSON") and not country_of(name) \
                    and name.lower() not in TITLE_WORDS and name not in org_words \
                    and singular(name) not in INSTITUTION_HEADS | COMPANY_HEADS | ORG_HEADS | DOCUMENT_HEADS \
                    and not any(c.dep_ in ("compound", "det", "amod") for c in t.children) \
                    and self.canonical_person(name) is None:
                self.surnames[name] = name
                self.people[name] = Person(name)
        for t in subjects:
            if t.ent_type_ == "":
                name = self.surnames.get(clean_name(t.text))
                if name:
                    self.mentions.append((t.i, name))
                    self.speaking.append((t.i, name))
        for ent in ents_of(doc):
            name = self.canonical_person(ent.text)
            if name is None or on_heading(doc, ent.start):
                continue
            self.mentions.append((ent.start, name))
            self._learn_role(self.people[name], ent)
            if any(t.dep_ == "nsubj" and t.head.lemma_ in SPEECH_LEMMAS for t in ent):
                self.speaking.append((ent.start, name))
        self.mentions.sort()
        self.speaking.sort()

    def canonical_person(self, text: str) -> str | None:
        text = clean_name(strip_possessive(text.strip()))
        words = text.split()
        if not words or country_of(text):
            return None
        if text in self.people:
            return text
        if words[-1] in self.surnames:
            return self.surnames[words[-1]]
        for surname, name in self.surnames.items():   # a transliteration variant: 'Berg' / 'Bergh', 'Zoli'/'Zoly'
            if len(surname) >= 5 and one_letter_apart(surname, words[-1]):
                return name
        return None

    def _learn_role(self, person: Person, ent: Span) -> None:
        named = _name_tokens(ent)
        title = _title_before(self.doc, named[0].i if named else ent.start)
        appos = [c for t in ent for c in t.children if c.dep_ == "appos" and c.i >= ent.end]
        words = [t for t in title]
        for a in appos:
            words += [t for t in a.subtree if t.i < a.i + 6]
        root = ent.root   # 'the ministry spokesman, Ana Berg,': the name stands in apposition to its title
        if root.dep_ == "appos" and root.head.i < ent.start and root.head.lower_ in TITLE_WORDS:
            words += [t for t in self.doc[root.head.left_edge.i:root.head.i + 1]]
        for t in words:
            country = country_of(t.text)
            if country:
                person.countries.add(country)
            elif t.lower_ in TITLE_WORDS or t.pos_ == "NOUN":
                person.role_words.add(t.lower_)
        if title and person.role is None:
            person.role = self.doc[title[0].i:title[-1].i + 1].text

    def add_person(self, name: str, role_tokens: list, at: int) -> None:
        """A person found only as a speaker (the recogniser missed the name), with the title given."""
        person = self.people.setdefault(name, Person(name))
        role_tokens = [t for t in _title_before(self.doc, at) if t not in role_tokens] + list(role_tokens)
        for t in role_tokens:
            if country_of(t.text):
                person.countries.add(country_of(t.text))
            elif t.lower_ in TITLE_WORDS or t.pos_ == "NOUN":
                person.role_words.add(t.lower_)
        person.role = person.role or (" ".join(t.text for t in role_tokens if t.pos_ != "DET") or None)
        self.surnames.setdefault(name.split()[-1], name)
        if (at, name) not in self.mentions:
            self.mentions.append((at, name))
            self.mentions.sort()

    def in_quoted(self, token_i: int) -> bool:
        at = doc_tokens(self.doc)[token_i].idx
        k = bisect.bisect_right(self._quoted_starts, at) - 1
        return k >= 0 and at < self._quoted_ends[k]

    def latest_person_before(self, token_i: int) -> str | None:
        """The person most recently mentioned as a subject (else at all) before token_i; a name inside
        reported words is what someone talked about, not who is talking, unless the report is that he
        spoke ('Ana Berg confirmed the truce, local media reported. She said ...')."""
        best = None
        speaking = set(self.speaking)
        tokens = doc_tokens(self.doc)
        for i, name in self.mentions:
            if i >= token_i:
                break
            if (i, name) not in speaking and self.in_quoted(i):
                continue
            subjectish = any(t.dep_ in ("nsubj", "nsubjpass") for t in tokens[i:i + 4])
            if subjectish or best is None:
                best = name
        return best

    def describe(self, tokens: list, before_i: int) -> str | None:
        """'the Norwegian leader', 'the Swedish top diplomat' -> a person whose title fits."""
        countries = {country_of(t.text) for t in tokens} - {None}
        role = {t.lower_ for t in tokens if t.pos_ == "NOUN" or t.lower_ in TITLE_WORDS} - {"top"}
        if not role:
            return None
        wanted = set()
        for r in role:
            wanted |= ROLE_SYNONYMS.get(r, {r})
        best, best_score = None, 0
        earlier = [(i, n) for i, n in self.mentions if i < before_i]
        later = [(i, n) for i, n in reversed(self.mentions) if i >= before_i]
        for i, name in later + earlier:  # the nearest earlier wins; a lead may name him only later
            person = self.people[name]
            score = 0
            if countries:
                if person.countries & countries:
                    score += 2
                elif person.countries:
                    continue
            if person.role_words & wanted:
                score += 2
            if score >= 2 and score >= best_score and (countries or person.role_words & wanted):
                best, best_score = name, score
        if best is None and (countries or not any(p.role_words for p in self.people.values())
                             or role & {"president", "minister", "premier", "chancellor", "leader"}):
            best = self.untitled_speaker(before_i)
        return best

    def untitled_speaker(self, near_i: int) -> str | None:
        """For "the Xian president" when no one carries that title: the speaking person nearest
        the description, if he is the only speaker of whom the article gives neither country nor
        role (a lead often names him only in the next paragraph)."""
        speakers = {name for _i, name in self.speaking}
        unknown = [n for n in speakers if not self.people[n].countries and not self.people[n].role_words]
        if len(unknown) != 1:
            return None
        nearest = min(self.speaking, key=lambda m: abs(m[0] - near_i))[1]
        return nearest if nearest == unknown[0] else None


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts and ends of the union of half-open `spans`, in order: a position is inside one of
    them when it is inside the merged span that starts last at or before it (one bisect, not a scan)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(s for s in spans if s[0] < s[1]):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def resolve(index: SpeakerIndex, doc: Doc, start_i: int, end_i: int,
            previous: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    """(canonical speaker, role) for the mention tokens doc[start_i:end_i].

    `previous` lists (token index, speaker) of earlier quotes, for pronouns."""
    speaker, role = _resolve(index, doc, start_i, end_i, previous)
    if speaker and speaker not in index.people:
        speaker = short_name(doc_text(doc), speaker)
        state = _state_just_quoted(index, doc, list(doc[start_i:end_i]), previous)
        if state and not any(country_of(w) for w in speaker.split()):
            speaker = _owned_by(state, speaker)
        if _anonymous(doc[start_i:end_i].root) and not speaker.lower().startswith("unnamed"):
            speaker = f"unnamed {speaker}"   # 'an official, who requested anonymity': a source, not a name
        speaker = _sentence_case_undone(doc, start_i, end_i, speaker)
    return speaker, role


def _sentence_case_undone(doc: Doc, start_i: int, end_i: int, speaker: str) -> str:
    """'Local media outlets reported' -> 'local media': a common word capitalised only because it
    opens the sentence is written lower case in the description."""
    first = next((t for t in doc[start_i:end_i] if t.pos_ != "DET"), None)
    if first is None or not (first.is_sent_start or first.i == start_i and first.i > 0 and "\n" in doc[first.i - 1].text) \
            or first.pos_ not in ("ADJ", "NOUN") or first.ent_type_ or not first.text.istitle() \
            or country_of(first.text) or not speaker.startswith(first.text + " ") and speaker != first.text:
        return speaker
    if any(t.text == first.text and not t.is_sent_start for t in doc_tokens(doc)):
        return speaker   # written capitalised inside a sentence too: a name ('Trump at the time')
    return first.lower_ + speaker[len(first.text):]


TIME_NOUNS = {"time", "moment", "day", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night"}


def _without_time_phrase(tokens: list) -> list:
    """'Berg at the time' / 'Berg that night' -> 'Berg': a time noun closing a phrase after the name."""
    if len(tokens) < 3 or tokens[-1].lower_ not in TIME_NOUNS:
        return tokens
    for k in (len(tokens) - 2, len(tokens) - 3):
        if k > 0 and (tokens[k].pos_ == "ADP" or tokens[k].lower_ in ("that", "this")):
            return tokens[:k]
    return tokens


def _anonymous(head) -> bool:
    """'an official, who requested anonymity' / 'an aide speaking on condition of anonymity'."""
    return any(c.dep_ in ("relcl", "acl") and any(t.lower_ == "anonymity" for t in c.subtree) for c in head.children)


def _resolve(index: SpeakerIndex, doc: Doc, start_i: int, end_i: int,
             previous: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    tokens = [t for t in doc[start_i:end_i]]
    breaks = [k for k, t in enumerate(tokens) if "\n" in t.text]
    if breaks:  # a mention never runs over a line: what stands before is a dateline or a label
        tokens = tokens[breaks[-1] + 1:]
    while tokens and not any(c.isalnum() for c in tokens[0].text):
        tokens = tokens[1:]
    if not tokens or any(t.text in QUOTE_MARKS for t in tokens):
        return None, None   # quoted words are what is said, never who says it
    while len(tokens) > 1 and (tokens[-1].ent_type_ in ("DATE", "TIME") or tokens[-1].is_punct):
        tokens = tokens[:-1]   # 'the group on Wednesday', 'Berg at the time': a time is not part of who spoke
        while len(tokens) > 1 and tokens[-1].pos_ == "ADP":
            tokens = tokens[:-1]
    tokens = _without_time_phrase(tokens)
    start_i, end_i = tokens[0].i, tokens[-1].i + 1
    text = " ".join(t.text for t in tokens)
    if tokens[0].lower_ in ("his", "her", "its", "their") and len(tokens) > 1:
        owner = resolve(index, doc, tokens[0].i, tokens[0].i + 1, previous)[0]
        if owner is None and tokens[0].lower_ in ("his", "her"):   # the person the sentence names
            named = [n for i, n in index.mentions if i < tokens[0].i and sent_span(doc[i]) == sent_span(tokens[0])]
            owner = named[-1] if named else None
        rest = institution_name(tokens[1:])
        return (f"{owner}'s {rest}" if owner else None), None   # 'his office' -> 'Ana Berg's office'
    org = next((e for e in ents_of(doc) if e.label_ == "ORG" and e.end == end_i and e.start > start_i), None)
    if org is not None and all(t.pos_ in ("ADJ", "NOUN", "DET") or t.ent_type_ == "NORP" for t in doc[start_i:org.start]) \
            and any(t.is_lower for t in doc[start_i:org.start]):
        name = company_name([t for t in org if t.pos_ != "DET"])   # 'militant group Xland Front'
        described = [t for t in doc[start_i:org.start] if t.pos_ != "DET"]
        nationality = described and (described[0].pos_ == "ADJ" or described[0].ent_type_ == "NORP") \
            and country_of(described[0].text)
        if nationality and described[-1].lower_ in BODY_WORDS | {"faction"} and not country_of(name.split()[0]):
            # 'Xian militant group Front' -> 'Xian Front': a movement keeps the nationality it is given
            name = f"{described[0].text} {name}"
        return name, None

    titled = _titled_person(index, doc, tokens)
    if titled:
        return titled
    issuer = _document_issuer(index, doc, tokens, previous)
    if issuer is not None:
        return issuer
    # coordinated speakers: "Armenia and Azerbaijan", "both Yerevan and Baku"
    if any(t.lower_ == "and" for t in tokens):
        parts, current = [], []
        for t in tokens:
            if t.lower_ in ("and", ",", "both"):
                if current:
                    parts.append(current)
                current = []
            else:
                current.append(t)
        if current:
            parts.append(current)
        names = [resolve(index, doc, p[0].i, p[-1].i + 1, previous)[0] for p in parts]
        named = all(any(t.pos_ == "PROPN" for t in p) for p in parts)
        if len(names) > 1 and all(names) and named:
            return " and ".join(sorted(set(names))), None
    joint = _joint_speaker(index, doc, tokens)
    if joint:
        return joint, None
    head = tokens[-1]
    lower = head.lower_
    if len(tokens) == 1 and lower in PERSON_PRONOUNS | {"his"}:
        # the later of: the last quoted person, the last person named as a subject
        candidates = [(i, s) for i, s in previous if i < start_i and s in index.people]
        latest = index.latest_person_before(start_i)
        if latest is not None:
            mention_i = max(i for i, s in index.mentions if i < start_i and s == latest)
            # 'X, speaking moments after Y announced ..., said ...': Y in a subordinate clause of the
            # sentence X speaks in is not who 'he' continues
            speaker_here = any(i < mention_i and sent_span(doc[i]) == sent_span(doc[mention_i]) for i, _s in candidates)
            if not speaker_here or _main_clause_subject(doc[mention_i]):
                candidates.append((mention_i, latest))
        if not candidates:   # a lead may quote 'he' before naming him: the next person speaking
            after = [name for i, name in index.speaking if i > end_i and not index.in_quoted(i)]
            return (after[0], index.people[after[0]].role) if after else (None, None)
        name = max(candidates)[1]
        return name, index.people[name].role
    if len(tokens) == 1 and lower in FIRST_PERSON:
        current = _speaker_just_quoted(index, doc, start_i, previous, people_only=lower == "i") \
            or (_interviewee(index, doc, start_i) if lower == "i" else None)
        return current, (index.people[current].role if current in index.people else None)
    if len(tokens) == 1 and lower in GROUP_PRONOUNS | {"its", "their"}:
        if lower == "they":   # 'Both sides agreed, but hours later they ...': the plural subject before it
            plural = _plural_subject_before(index, doc, start_i, previous)
            if plural:
                return plural, None
        # 'it' and 'they' are an institution, a state or a group, never one person the article names
        earlier = [s for i, s in previous if i < start_i and s not in index.people]
        if lower in ("it", "its"):
            here = _organisation_before(index, doc, start_i, sent_span(doc[start_i]).start,
                                        roles=("nsubj", "nsubjpass", "poss"))
            if here is not None:   # 'The Board's review found gaps, though it noted ...'
                return resolve(index, doc, here.start, here.end, previous)
            topic = _topic_over_contest(index, doc, start_i, previous)
            if topic:
                return topic, None
            if not earlier:
                named = [e for e in ents_of(doc) if e.label_ in ("ORG", "GPE") and e.end <= start_i
                         and not index.in_quoted(e.start) and not on_heading(doc, e.start)
                         and any(t.dep_ in ("nsubj", "nsubjpass") for t in e)]
                if named:
                    return resolve(index, doc, named[-1].start, named[-1].end, previous)
        return (earlier[-1] if earlier else None), None
    # a named person inside the mention: titles before the name are the role
    root = doc[start_i:end_i].root
    for ent in ents_within(doc, start_i, end_i):
        if not (ent.start <= root.i < ent.end or (root.lower_ in TITLE_WORDS and ent.start == root.i + 1)):
            continue  # 'A look at Mr. Trump's planes' is not Trump speaking
        named = _name_tokens(ent)
        name = index.canonical_person(" ".join(t.text for t in named)) if named else None
        if name:
            role_tokens = [t for t in doc[start_i:named[0].i] if t.pos_ != "DET"]
            role = " ".join(t.text for t in role_tokens) if role_tokens else index.people[name].role
            return name, role
    for k in range(len(tokens)):
        if root.i not in (t.i for t in tokens[k:]) or tokens[-1].i != root.i:
            break
        name = index.canonical_person(" ".join(t.text for t in tokens[k:]))
        if name:
            role_tokens = [t for t in tokens[:k] if t.pos_ != "DET"]
            role = " ".join(t.text for t in role_tokens) if role_tokens else index.people[name].role
            return name, role
    # a state: "Azerbaijan", "Moscow", "Baku"
    country = country_of(text)
    if country and len(tokens) <= 3:
        return country, None
    # a description of a person named earlier: "the Norwegian leader" (a short singular noun phrase, no names)
    described = [t for t in tokens if t.i <= root.i]
    if (root.lower_ not in INSTITUTION_HEADS or root.lower_ in TITLE_WORDS) \
            and (root.pos_ == "NOUN" or root.lower_ in TITLE_WORDS) \
            and root.tag_ not in ("NNS", "NNPS") and described[0].lower_ not in INDEFINITE \
            and len(described) <= 5 and all(t.lower_ in TITLE_WORDS | {"of", "the"} or country_of(t.text)
                                             for t in tokens if t.i > root.i) \
            and all(t.pos_ in ("DET", "ADJ", "NOUN") or t.tag_ == "POS" or country_of(t.text) or t.lower_ in TITLE_WORDS
                    for t in described):
        person = index.describe(described + _title_tail(tokens, root), start_i)
        if person:
            return person, index.people[person].role
    head_of = _head_of_description(index, doc, tokens, root, start_i)
    if head_of:   # 'the head of Xland's aviation agency': a person the article names
        return head_of, index.people[head_of].role
    if len(tokens) == 2 and tokens[0].lower_ == "the" and root.lower_ in COMPANY_HEADS:
        here = _organisation_before(index, doc, start_i, line_start_of(doc, start_i))
        if here is not None:   # 'the company says' -> the company its paragraph is about
            return resolve(index, doc, here.start, here.end, previous)
    generic = len(tokens) == 1 and tokens[0].lower_ in INSTITUTION_HEADS | COMPANY_HEADS | ORG_HEADS
    if described and (described[0].lower_ in ("the", "this", "that") or generic) and len(tokens) <= 5 \
            and not any(t.pos_ == "PROPN" and not t.is_title for t in tokens):
        earlier = _earlier_speaker(index, tokens, start_i, previous)
        if earlier:
            return earlier, None
    bare = [t for t in tokens if t.pos_ != "DET"]
    if len(bare) == 1 and expand_acronym(index.orgs, bare[0].text):
        return expand_acronym(index.orgs, bare[0].text), None
    if any(t.lower_ in LEGAL_FORMS for t in tokens) and all(t.pos_ == "PROPN" or t.lower_ in LEGAL_FORMS
                                                           for t in tokens):
        return company_name(tokens), None
    # a name the entity recogniser missed: titles then two or more proper nouns
    names = [t for t in tokens if t.pos_ == "PROPN" and t.lower_ not in TITLE_WORDS and not country_of(t.text)]
    if len(names) >= 2 and names == tokens[-len(names):] and head.lower_ not in INSTITUTION_HEADS:
        names = _without_place(names)
        role = " ".join(t.text for t in tokens[:-len(names)] if t.pos_ != "DET") or None
        index.add_person(person_name(names), tokens[:-len(names)], names[0].i)
        return person_name(names), role
    run = _trailing_name(tokens)
    if len(run) >= 2 and any(t.lower_ in TITLE_WORDS for t in tokens[:-len(run)]):
        name = person_name(run)   # 'Xian Permanent Representative to the UN Ana Berg'
        role = " ".join(t.text for t in tokens[:-len(run)] if t.pos_ != "DET") or None
        name = index.canonical_person(name) or name
        index.add_person(name, tokens[:-len(run)], run[0].i)
        return name, role
    owned = any(country_of(t.text) for t in tokens) or any(t.pos_ == "PROPN" for t in tokens[:-1])
    if tokens[0].lower_ == "the" and len(tokens) <= 4 and not any(country_of(t.text) for t in tokens) \
            and (root.lower_ in TITLE_WORDS or not owned and root.lower_ in COMPANY_HEADS | {"military", "army"}):
        if root.lower_ in TITLE_WORDS:
            current = _speaker_just_quoted(index, doc, start_i, previous)
            if current:   # '"...," Berg said. / "...," the Ostravel MP added.': another name for him
                return current, index.people[current].role
        return None, None   # 'the Ostravel MP', 'the airline' the article never names: no one to list
    if described and described[0].lower_ in ("a", "an") and root.lower_ in TITLE_WORDS and root.tag_ == "NN":
        # 'a ministry spokesman' the article names elsewhere: the one person it gives that role
        mods = {t.lower_ for t in described[1:-1] if t.is_lower and t.pos_ == "NOUN"}
        fits = [n for n, p in index.people.items() if root.lower_ in p.role_words and mods <= p.role_words]
        if len(fits) == 1:
            return fits[0], index.people[fits[0]].role
        local = _local_officeholder(index, doc) if root.lower_ == "official" \
            and any(t.lower_ in LOCAL_LEVELS for t in described[1:-1]) else None
        if local:
            return local, index.people[local].role
    named_org = _named_organisation(index, tokens)
    if named_org:   # 'the Xland's aviation safety watchdog' where the article names 'Xland Aviation Safety Agency'
        return named_org, None
    collective = _domain_institution(doc, tokens, root)
    if collective:
        return collective, None
    return clean_name(institution_name(tokens)), None


# 'a local official': an official of a region or town, such as its governor or mayor.
LOCAL_LEVELS = {"local", "regional", "municipal", "provincial", "district", "city", "county"}
LOCAL_POSTS = LOCAL_LEVELS | {"governor", "mayor", "region", "province", "municipality", "oblast", "prefect"}


def _local_officeholder(index: SpeakerIndex, doc: Doc) -> str | None:
    """'a local official said' in a lead that names the region's governor later: the one person the
    article names with a local post ('acting governor of the region Ana Berg', 'Mayor Jon Lund')."""
    holders = set()
    for i, name in index.mentions:
        j, words = i - 1, set()
        while j >= 0 and i - j <= 8:   # the noun phrase the name closes, back to a comma, verb or line break
            t = doc[j]
            if t.is_punct or "\n" in t.text or (t.pos_ in ("VERB", "AUX") and t.dep_ != "amod"):
                break
            words.add(t.lower_)
            j -= 1
        if words & LOCAL_POSTS or index.people[name].role_words & LOCAL_POSTS:
            holders.add(name)
    return holders.pop() if len(holders) == 1 else None


def _named_organisation(index: SpeakerIndex, tokens: list) -> str | None:
    """A description without names: its descriptive words, and its owner country in any form."""
    owners = {country_of(t.text) for t in tokens} - {None}
    if len(owners) > 1 or any(t.pos_ == "PROPN" and not country_of(t.text) for t in tokens):
        return None
    words = {t.lower_ for t in tokens[:-1] if t.pos_ in ("NOUN", "ADJ") and t.is_alpha and not country_of(t.text)}
    forms = {form for owner in owners for form in [owner, *DEMONYMS.get(owner, [])]}
    return described_organisation(index.orgs, words, forms)


STATE_BODIES = {"ministry", "government", "cabinet", "presidency", "embassy"}


def _state_just_quoted(index: SpeakerIndex, doc: Doc, tokens: list, previous: list[tuple[int, str]]) -> str | None:
    """'Xland expressed concern ... / “...,” said the Ministry of Foreign Affairs': a state body
    the mention does not place belongs to the state quoted just before it."""
    if not tokens or doc[tokens[0].i:tokens[-1].i + 1].root.lower_ not in STATE_BODIES or any(country_of(t.text) or t.ent_type_ in ("GPE", "NORP", "PERSON")
                                              or "-" in t.text for t in tokens):
        return None
    earlier = [(i, s) for i, s in previous if i < tokens[0].i]
    if not earlier or country_of(earlier[-1][1]) != earlier[-1][1]:
        return None
    i, state = earlier[-1]
    return state if sum(1 for t in doc[i:tokens[0].i] if "\n" in t.text) <= 2 else None


def _owned_by(state: str, name: str) -> str:
    """'Ministry of Foreign Affairs' of Xland -> 'Xlandic foreign ministry'."""
    adjective = DEMONYMS.get(state, [state])[0]
    ministry = re.fullmatch(r"(?i)ministry of (.+?)( affairs)?", name)
    if ministry:
        return f"{adjective} {ministry.group(1).lower()} ministry"
    return f"{adjective} {name}"


COLLECTIVE_HEADS = {"authorities", "officials"}


def _domain_institution(doc: Doc, tokens: list, root) -> str | None:
    """'health authorities in Xland' -> 'Xland health ministry': a collective named by its domain
    speaks for the one institution of that domain the article names ('a Xland health ministry
    spokesman'); a shorter form of the same name ('the health ministry') is the same institution."""
    if root.lower_ not in COLLECTIVE_HEADS or root.tag_ != "NNS":
        return None
    domain = {t.lower_ for t in tokens if t.i < root.i and t.is_alpha and t.pos_ != "DET"
              and (t.is_lower or t.i == t.sent.start) and not country_of(t.text)} - {"local", "other", "senior"}
    if not domain:
        return None
    found = set()
    for head in doc_tokens(doc):
        if head.lower_ not in INSTITUTION_HEADS or head.pos_ not in ("NOUN", "PROPN") \
                or head.tag_ in ("NNS", "NNPS") or head.lower_ in COLLECTIVE_HEADS | TITLE_WORDS:
            continue   # a single institution ('ministry'), not another collective nor a person's title
        run = []
        for t in reversed(doc[max(0, head.i - 4):head.i]):   # the nouns and names right before the head
            if t.pos_ not in ("NOUN", "PROPN") or "\n" in t.text_with_ws:
                break
            run.insert(0, t)
        if any(t.lower_ in domain for t in run):
            found.add(clean_name(institution_name(run + [head])))
    longest = {n for n in found if not any(o != n and o.lower().endswith(" " + n.lower()) for o in found)}
    return longest.pop() if len(longest) == 1 else None


def _head_of_description(index: SpeakerIndex, doc: Doc, tokens: list, root, start_i: int) -> str | None:
    """'The head of Xland's civil aviation agency': a person described by the post he holds in an
    institution is the one speaker the article names without any title (the same title in another
    institution, 'President Ana Berg', is another person)."""
    after = root.i + 1
    if tokens[0].lower_ != "the" or root.lower_ not in TITLE_WORDS or root.tag_ != "NN" \
            or after > tokens[-1].i or doc[after].lower_ != "of":
        return None
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return None
    return index.untitled_speaker(start_i)


def _speaker_just_quoted(index: SpeakerIndex, doc: Doc, at: int, previous: list[tuple[int, str]],
                         people_only: bool = True) -> str | None:
    """The person (or any speaker) quoted in this or the previous paragraph, when the article's last quote is his."""
    earlier = [(i, s) for i, s in previous if i < at and s]
    if not earlier or people_only and earlier[-1][1] not in index.people:
        return None
    i, name = earlier[-1]
    breaks = sum(1 for t in doc[i:at] if "\n" in t.text)
    return name if breaks <= 2 else None


def _plural_subject_before(index: SpeakerIndex, doc: Doc, at: int,
                           previous: list[tuple[int, str]]) -> str | None:
    """The plural subject ('both countries', 'Norway and Sweden') of an earlier clause of the
    sentence that 'they' stands in, resolved like any mention."""
    sent = sent_span(doc[at])
    for tok in reversed(doc[sent.start:at]):
        plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
        if tok.dep_ == "nsubj" and plural and not index.in_quoted(tok.i):
            return resolve(index, doc, tok.left_edge.i, tok.right_edge.i + 1, previous)[0]
    return None


def _topic_over_contest(index: SpeakerIndex, doc: Doc, at: int, previous: list[tuple[int, str]]) -> str | None:
    """'Xland Front denied it on Monday. / The ministry said A, but the army blamed the Front. /
    "...," it said.': when the last institution quoted shares its sentence with a rival institution
    that is the subject of another clause, 'it' has two recent antecedents and the reader takes the
    article's topic, the institution its lead quotes, provided that sentence names it too."""
    named = [(i, s) for i, s in previous if i < at and s not in index.people]
    if len(named) < 2 or named[0][1] == named[-1][1]:
        return None
    last_i, topic = named[-1][0], named[0][1]
    sent = sent_span(doc[last_i])
    if sent.start <= at < sent.end:
        return None
    rival = any(t.dep_ == "nsubj" and t.head.pos_ == "VERB" and t.left_edge.i != last_i
                and (t.lower_ in INSTITUTION_HEADS or t.ent_type_ in ("ORG", "GPE", "NORP")) for t in doc[sent.start:sent.end])
    mentioned = any(e.label_ in ("ORG", "GPE", "NORP") and e.start > last_i
                    and " ".join(t.text for t in e if t.pos_ != "DET") in topic
                    for e in ents_of(doc) if sent.start <= e.start < sent.end)
    return topic if rival and mentioned else None


INTERVIEW_QUESTION = re.compile(r"(?m)^Q[:.] ")


def _interviewee(index: SpeakerIndex, doc: Doc, at: int) -> str | None:
    """In a question-and-answer interview ('Q: ...' lines), 'I' answering is the person its
    introduction, before the first question, names most often."""
    text = doc_text(doc)
    first = INTERVIEW_QUESTION.search(text)
    if first is None or first.start() > doc[at].idx:
        return None
    named = [name for i, name in index.mentions if doc[i].idx < first.start()]
    if not named:
        return None
    top = max(set(named), key=named.count)
    return top if named.count(top) > 1 else None


def _organisation_before(index: SpeakerIndex, doc: Doc, at: int, since: int, roles=None) -> Span | None:
    """The last organisation named between token `since` and the mention, outside quotation marks
    (as a subject or the owner of one when `roles` says so), without its possessive ending."""
    named = [e for e in ents_of(doc) if e.label_ == "ORG" and since <= e.start and e.end <= at
             and not index.in_quoted(e.start) and (roles is None or e.root.dep_ in roles)]
    if not named:
        return None
    last = named[-1]
    return doc[last.start:last.end - 1] if last[-1].tag_ == "POS" and len(last) > 1 else last


def _main_clause_subject(tok) -> bool:
    """The name (from its first token) is the subject of its sentence's main verb."""
    while tok.dep_ in ("compound", "flat") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"


def _trailing_name(tokens: list) -> list:
    """The capitalised proper nouns closing a mention, stopping at a title, a country or an acronym."""
    run = []
    for t in reversed(tokens):
        if t.pos_ != "PROPN" or not t.is_title or t.lower_ in TITLE_WORDS or country_of(t.text):
            break
        run.insert(0, t)
    return _without_place(run)


def _without_place(run: list) -> list:
    """'Minister of Xland Ana Berg': three names right after 'of' begin with the place."""
    if len(run) >= 3 and run[0].i > 0 and run[0].doc[run[0].i - 1].lower_ in ("of", "to", "for", "in"):
        return run[1:]
    return run


QUOTE_MARKS = {'"', "“", "”", "«", "»", "„"}


def _titled_person(index: SpeakerIndex, doc: Doc, tokens: list) -> tuple[str, str | None] | None:
    """'Deputy Prime Minister and Foreign Minister of Xland Ana Berg': a person name closing the
    mention, with only titles, places and determiners before it, is the speaker."""
    last = next((e for e in ents_of(doc) if e.label_ == "PERSON" and e.start <= tokens[-1].i < e.end), None)
    if last is None or last.end - 1 != tokens[-1].i or last.start <= tokens[0].i:
        return None
    before = [t for t in tokens if t.i < last.start]
    if any(e.label_ == "PERSON" and e.start < last.start and e.end > tokens[0].i for e in ents_of(doc)):
        return None   # two people: "Ana Berg and Jon Lund"
    if not all(t.lower_ in TITLE_WORDS or t.pos_ in ("DET", "ADP", "CCONJ", "PUNCT", "ADJ", "NOUN", "PROPN")
               for t in before):
        return None
    named = _name_tokens(last)
    name = index.canonical_person(person_name(named)) or (person_name(named) if len(named) >= 2 else None)
    if not name:
        return None
    role = " ".join(t.text for t in before if t.pos_ != "DET") or None
    return name, role


def _title_tail(tokens: list, root) -> list:
    """Title words after the head: 'secretary [of state]', 'president [of Xland]'."""
    return [t for t in tokens if t.i > root.i and (t.lower_ in TITLE_WORDS or country_of(t.text))]


def _document_issuer(index: SpeakerIndex, doc: Doc, tokens: list,
                     previous: list[tuple[int, str]]) -> tuple[str | None, str | None] | None:
    """'the statement said' / 'the ministry's statement' / 'a statement from the ministry': the issuer
    of a document speaks through it; a bare 'the statement' is the last speaker's."""
    head = doc[tokens[0].i:tokens[-1].i + 1].root
    if singular(head.text) in DOCUMENT_HEADS and head.tag_ == "NNS" and len(tokens) == 1:
        return None, None   # 'Reports said': no one in particular
    if head.lower_ not in DOCUMENT_HEADS:
        return None
    owner = [t for t in tokens if t.i < head.i and t.pos_ not in ("DET",) and t.tag_ != "POS"]
    if owner and owner[-1].lower_ in ("a", "an"):
        owner = []
    if owner and not all(t.pos_ == "ADJ" and not country_of(t.text) for t in owner):
        earlier = _earlier_speaker(index, owner, tokens[0].i, previous)
        return (earlier, None) if earlier else resolve(index, doc, owner[0].i, owner[-1].i + 1, previous)
    for child in head.children:   # 'statement from/by the ministry'
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return resolve(index, doc, obj.left_edge.i, obj.i + 1, previous)
    earlier = [s for i, s in previous if i < tokens[0].i]
    return (earlier[-1] if earlier else None), None


def _earlier_speaker(index: SpeakerIndex, tokens: list, start_i: int,
                     previous: list[tuple[int, str]]) -> str | None:
    """'the ministry' / 'the spokesperson' / 'the airline': the speaker or organisation the article
    named before with the same head noun and modifiers ('the foreign ministry' -> 'Xian foreign
    ministry'); 'the company' -> the last business named."""
    head = singular(tokens[-1].text)
    mods = {t.lower_ for t in tokens[:-1] if t.pos_ != "DET" and t.tag_ != "POS" and not country_of(t.text)}
    countries = {country_of(t.text) for t in tokens} - {None}
    spoken = [s for i, s in reversed(previous) if i < start_i and s]
    named = list(dict.fromkeys(index.orgs.values()))
    for pass_ in ("head", "company"):
        for name in (spoken + named if pass_ == "head" else spoken):
            words = name.lower().split()
            if name in index.people or country_of(name):
                continue
            if pass_ == "head" and (singular(words[-1]) != head or not mods <= set(words)):
                continue
            if pass_ == "company" and (head not in COMPANY_HEADS or mods
                                       or set(map(singular, words)) & INSTITUTION_HEADS):
                continue
            if countries and not any(country_of(w) in countries for w in name.split()):
                continue
            return name
    return None


def _joint_speaker(index: SpeakerIndex, doc: Doc, tokens: list) -> str | None:
    """'both sides' / 'the two countries' / 'the two leaders' -> the pair last named together
    before the mention ('Norway and Sweden', 'Norwegian and Swedish troops')."""
    head = tokens[-1]
    markers = {t.lower_ for t in tokens[:-1]}
    if len(tokens) > 4 or not (markers & PAIR_MARKERS or head.lower_ == "sides"):
        return None
    states, people = head.lower_ in JOINT_STATE_HEADS, head.lower_ in JOINT_PERSON_HEADS
    if not (states or people):
        return None
    for tok in reversed(doc[:tokens[0].i]):
        first = tok.head
        if tok.dep_ != "conj" or first.i >= tok.i \
                or not any(c.dep_ == "cc" and c.lower_ == "and" for c in first.children):
            continue
        if sum(1 for c in first.children if c.dep_ == "conj") != 1 or any(c.dep_ == "conj" for c in tok.children):
            continue  # three or more parties are not "both sides"
        pair = [_name_at(first), _name_at(tok)]
        for kind_fits, name_of in ((states, country_of), (people, index.canonical_person)):
            names = [name_of(n) for n in pair] if kind_fits else [None]
            if all(names) and names[0] != names[1]:
                return " and ".join(sorted(names))
    return None


def _name_at(tok) -> str:
    """The entity a token belongs to ('Korea' -> 'South Korea'), else the token."""
    ent = next((e for e in ents_of(tok.doc) if e.start <= tok.i < e.end), None)
    if ent is None or any(t.lower_ == "and" for t in ent):   # "Norway and Sweden" as one entity
        return tok.text
    return ent.text
