"""Who wrote an HTML page. Candidates come from the markup (JSON-LD and meta tags, then elements the
page marks as its author), then from the visible byline; the first that looks like a person's name
wins over accounts and organisations ("Site Team", "admin", a login name), which count only when no
person is named. The site's own name is the last resort: pages by an organisation name it as author."""
from __future__ import annotations

import re

# Words of accounts, desks and organisations: a name holding one is not a person's.
ORG_WORDS = frozenset("""team admin administrator staff editors editorial editor desk newsroom news media inc
llc ltd limited group company agency marketing services service contributors contributor guest blog
magazine press foundation institute university college department official content writers""".split())
# Labels printed before or instead of a name.
_LABEL_RE = re.compile(r"(?i)^(?:(?:(?:written|posted|published|reviewed|edited|reported|words|story|text)\s+)?by"
                       r"|authors?|about(?: the author)?|contributors?)\b\s*[:|]?\s*")
_NOT_A_NAME_RE = re.compile(r"(?i)https?:|www\.|@|[?!*:]|min(?:ute)?s?\s+read|\b(?:read more|learn more|view all|all posts|posts by|"
                            r"articles by|follow|share|subscribe|comments?)\b|^\W*$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A date printed before the name: "Dec. 19, 2025 · Jane Roe", "Sat, 20 Dec 2031 by Jane Roe".
_HEAD_DATE_RE = re.compile(rf"(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
                           rf"|\d{{1,4}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?(?:\s*[—–-]\s*\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\d{{4}}-\d\d-\d\d)(?:,?\s*(?:19|20)\d\d)?\b")
# What follows a name in a byline: a date, a time, "Last updated", "in <Section>", a reading time;
# "on" only with something after it ("Jane Roe on May 2"; a name may end in "On").
_TAIL_RE = re.compile(rf"(?i)\s+(?:[-–—|•]\s|(?:(?:last\s+)?update[ds]?|published|posted)\b|on\b(?=\s+\S)|in\s+[A-Z]|{_MONTH}\s+\d"
                      r"|\d+\s*min|(?:19|20)\d\d\b|\d{1,2}[/.:]\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,).*$")
_DATE_LEFT_RE = re.compile(rf"(?i)\b{_MONTH}\s+\d|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?$")
_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "al", "bin", "ibn", "du"}
MAX_NAME_WORDS = 8


def clean_name(text: str | None) -> str | None:
    """The name in a candidate text ("By: Jane Roe · May 2, 2031" -> "Jane Roe"), or None when it holds none."""
    text = " ".join((text or "").split()).strip(" ,|·•–—-:")
    for _ in range(2):   # "Author Posted by X", "May 2, 2031 by X"
        text = _HEAD_DATE_RE.sub("", text).strip(" ,|·•–—-:")
        text = _LABEL_RE.sub("", text).strip(" ,|·•–—-:")
    text = _TAIL_RE.sub("", text).strip(" ,|·•–—-:")
    if len(text.split()) > MAX_NAME_WORDS and person_like(text.split(",")[0]):   # a long list of authors: its first
        text = text.split(",")[0].strip()
    if not text or len(text) > 80 or len(text.split()) > MAX_NAME_WORDS:
        return None
    if _NOT_A_NAME_RE.search(text) or _DATE_LEFT_RE.search(text) or not re.search(r"[^\W\d_]", text):
        return None
    return text


def person_like(name: str) -> bool:
    """Two to four capitalised words (initials and particles allowed), no digits, no organisation word:
    "Jane K. Roe", "Ana de la Cruz, MD"; not "Acme Team", "admin", "Region"."""
    first = name.split(",")[0].split(";")[0].split(" & ")[0].split(" and ")[0]
    words = first.split()
    if not 2 <= len(words) <= 4 or re.search(r"\d", first):
        return False
    for w in words:
        bare = w.strip(".'’-")
        if bare.casefold() in ORG_WORDS:
            return False
        if bare.casefold() in _PARTICLES:
            continue
        if not bare or not bare[0].isupper() or (len(bare) > 3 and bare.isupper()):
            return False
    return True


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


STATED = ("html:json-ld", "html:meta")


def choose_author(candidates: list[tuple[str, str | None]], site_names: list[str]) -> tuple[str | None, str]:
    """(name, how) from (how, text) candidates in order of trust: the first person, else the first
    other name, else a name that is the site's own."""
    sites = {_squash(s) for s in site_names if s and len(_squash(s)) > 2}
    stated, people, others, own = [], [], [], []
    for how, text in candidates:
        name = clean_name(text)
        if not name:
            continue
        if _squash(name) in sites:
            own.append((name, how))
        elif how in STATED and len(name.split()) >= 2:   # the markup's own word, unless a login name
            stated.append((name, how))
        elif person_like(name):
            people.append((name, how))
        else:
            others.append((name, how))
    for group in (stated, people, others, own):
        if group:
            return group[0]
    return None, ""


_COPYRIGHT_PERSON_RE = re.compile(r"(?:©|\(c\)|(?i:copyright))\s*(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?\s*)?,?\s*"
                                  r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}?)\s*(?:\.|,|$|\s+All\b)")


def site_authors(sitename: str | None, lines: list[str]) -> list[tuple[str, str | None]]:
    """Candidates for when no author is named (a one-person site or an organisation's page names
    itself): a person the copyright notice names ("© 2031 Jane Roe."), then the site's name without
    its tagline ("Acme - Tools for makers" -> "Acme"), never a bare domain."""
    from parallax.clean.html import TITLE_SEPARATORS

    found: list[tuple[str, str | None]] = []
    for text in lines:
        m = _COPYRIGHT_PERSON_RE.search(text) if len(text) < 200 else None
        if m and person_like(m.group("name")):
            found.append(("html:copyright", m.group("name").rstrip(".")))
    site = TITLE_SEPARATORS.split(sitename or "")[0].strip()
    if site and not re.search(r"\w\.\w", site):
        found.append(("html:site-name", site))
    return found


_AUTHOR_MARKED = ('//body//*[contains(translate(@class, "AUTHOR", "author"), "author")'
                  ' or contains(translate(@class, "BYLINE", "byline"), "byline")'
                  ' or contains(@itemprop, "author") or @rel="author"'
                  ' or contains(@href, "/author/") or contains(@href, "/authors/")]')


def markup_authors(root, ld_article: dict, meta) -> list[tuple[str, str | None]]:
    """Author candidates the markup states, most trusted first: JSON-LD, meta tags, the "Written by"
    label of a link preview, then elements marked as the author (class, itemprop, rel, author-page links)."""
    from parallax.clean.html import _names

    found: list[tuple[str, str | None]] = [("html:json-ld", n) for n in _names(ld_article.get("author"))]
    for name in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
        found.append(("html:meta", meta(root, name)))
    for i in "1234":   # <meta name="twitter:label1" content="Written by"> + twitter:data1
        label = meta(root, f"twitter:label{i}") or ""
        if re.match(r"(?i)(?:written|posted)\s+by|author", label):
            found.append(("html:meta", meta(root, f"twitter:data{i}")))
    for el in root.xpath(_AUTHOR_MARKED)[:60]:
        if el.xpath("ancestor::nav or ancestor::footer"):
            continue
        text = el.get("content") if el.tag == "meta" else " ".join(el.itertext())
        found.append(("html:author-markup", text))
    return found
