"""Metadata read from the classified lines: outlet, publication date, byline, credits, language."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from urllib.parse import urlparse

from parallax.clean.dates import DateMention, city_dateline, date_line_kind, find_dates, labelled_dates, month_first
from parallax.clean.lexicon import (BYLINE_RE, COUNTRIES, DESK_RE, SELF_DESCRIPTION_RE, DEMONYMS, FURNITURE_RE, LANGUAGE_STOPWORDS, MEDIA_WORDS,
                                    NAV_WORDS, WIRE_AGENCIES, WIRE_RE)
from parallax.clean.lines import WORD_RE, Line
from parallax.model import Fact

_NAME = r"(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4}?"   # a capitalised name of 1-5 words
NEWSLETTER_RE = re.compile(
    rf"(?i:subscribe to|sign up for|sign up to|get|join)\s+(?P<name>{_NAME})"
    r"(?:['’]s)?\s+(?i:newsletters?|daily|briefing|alerts?)\b"
    rf"|^(?i:follow|like)\s+(?P<followed>{_NAME})\s+(?i:on)\s"
    rf"|(?i:subscribe|sign up)\b[^.]{{0,30}}?\s(?i:and)\s+(?P<delivered>{_NAME})\s+(?i:will)\s")
COPYRIGHT_RE = re.compile(
    r"(?:©|\(c\)|(?i:copyright))\s*(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?\s*)?,?\s*"
    r"(?P<name>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})")
_LEGAL_TAIL_RE = re.compile(r"\s+(?:All|Inc|Ltd|LLC|Limited|Group|Corp)\b.*$")


def outlet_from_url(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(www\d?|m|amp|mobile|edition|en|english)\.", "", host)
    return host or None


def strip_place(name: str) -> str:
    """'Kenya Coast TV' -> 'Coast TV', 'Northern Wire Agency NORWAY' -> 'Northern Wire Agency': a country or
    demonym label before or after a media name is a section label, not part of the name."""
    words = name.split()
    while len(words) > 2 and words[-1].casefold() in COUNTRIES | DEMONYMS:
        words.pop()
    while len(words) > 2 and words[0].casefold() in COUNTRIES | DEMONYMS:
        words.pop(0)
    return " ".join(words)


def source_label(line: Line, repeated: bool) -> str | None:
    """A short line naming a news organisation ('Kenya Coast TV'); None for anything else."""
    words = line.text.split()
    if len(words) == 1 and repeated and _SINGLE_NAME_RE.fullmatch(words[0]):   # "AcmeNews"
        return words[0]
    if not 2 <= len(words) <= 5 or any(c in line.text for c in ".,:;!?|") or find_dates(line.text):
        return None
    if not all(w[0].isupper() or w.isupper() for w in words):
        return None
    lowered = [w.casefold() for w in words]
    if all(w in NAV_WORDS for w in lowered):
        return None
    if not (any(w in MEDIA_WORDS for w in lowered) or repeated):
        return None
    return strip_place(line.text)


# Words of banners and section furniture: a line made only of them ("BREAKING NEWS", "News Line",
# "Latest Updates") is never an outlet's name.
BANNER_WORDS = NAV_WORDS | frozenset("""breaking line headlines headline flash alert alerts stories story update
updates exclusive just now in today daily desk feed web online digital staff national international local
city foreign main""".split())
_CAP = r"[A-Z][\w.&'’-]*"
_PLACE_DATE_RE = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2})?\b"
                            r"|\b\d{1,2}(?:st|nd|rd|th)?\b|[,.]")
# "MOSCOW (Sputnik) -", "(Reuters) –", "BEIJING, Oct. 18 (Xinhua) --", "(MENAFN- AzerNews) ..."
_PAREN_DATELINE_RE = re.compile(r"^(?P<pre>[^()\n]{0,50}?)\((?P<inner>[^()\n]{2,80})\)\s*(?:[-–—]+|:)?\s*\S")
# "UNITED NATIONS, June 7. /TASS/. The ...", "Yerevan /Mediamax/."
_SLASH_DATELINE_RE = re.compile(r"^(?P<pre>[^/\n]{0,60}?)\s*/(?P<name>[A-Z][\w.&'’ -]{1,30}?)/\s*\.?\s*\S")
# "Source: Xinhua   Editor: ...", "SOURCE:TRT World"
_SOURCE_LINE_RE = re.compile(r"^(?i:source)\s*:\s*(?P<name>[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,3})\s*(?:$|\||\s{2,}|,)")
# "... the ministry said, Trend reports."
_REPORTS_RE = re.compile(rf",\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+reports\.?\s*$")
# a body paragraph signed off by its agency: "... to avert further conflict. (ACME)"
_SIGN_OFF_RE = re.compile(r"[.!?\"”]\s*\((?P<name>[A-Z][A-Za-z]{1,12}|[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){1,2})\)\s*$")
_SINGLE_NAME_RE = re.compile(r"[A-Z][a-z]+(?:News|Post|Times|TV|Press|Daily|Today|Media|Online|Wire)")


def _is_banner(name: str) -> bool:
    words = [w.casefold().strip(".") for w in name.split()]
    return not words or all(w in BANNER_WORDS for w in words)


def _clean_name(name: str | None) -> str | None:
    """A captured name without a sentence run-on ("Reuters. FILE PHOTO") or a leading "the"."""
    if not name:
        return None
    name = re.split(r"\.\s", name)[0].strip(" .,;:-–—|")
    name = re.sub(r"^the\s+", "", name)
    return None if not name or _is_banner(name) or find_dates(name) else name


def _place_prefix(pre: str) -> bool:
    """Empty, or a city/country dateline ("MOSCOW", "Istanbul,", "BEIJING, Oct. 18")."""
    words = _PLACE_DATE_RE.sub(" ", pre).split()
    return len(words) <= 4 and all(w[0].isupper() for w in words)


def dateline_source(text: str) -> str | None:
    """The publisher a dateline names. In a chain "(AGENCY - Publisher / Other Name - date)" the
    originating wire comes first and the publisher of the page last."""
    m = _PAREN_DATELINE_RE.match(text)
    if m and _place_prefix(m.group("pre")):
        parts = [p.strip() for p in re.split(r"\s+[-–—]\s*|\s*[-–—]\s+", m.group("inner"))]
        parts = [p for p in parts if p and not find_dates(p) and not re.search(r"\d{4}|\d{1,2}(?:st|nd|rd|th)?\s", p)]
        if parts:
            name = _clean_name(parts[-1].split(" / ")[0].split("/")[0])
            if name and len(name.split()) <= 5 and name[0].isupper() and not re.search(r"(?i)\bphoto\b", name):
                return name
    m = _SLASH_DATELINE_RE.match(text)
    if m and _place_prefix(m.group("pre")):
        return _clean_name(m.group("name"))
    return None


def self_reference(lines: list[Line], labels: list[str], kinds: list[str | None]) -> tuple[str, str, str] | None:
    """(name, how, evidence line) of the first way the text names its publisher: first the page's own
    name (a news desk, a self-description, a source line), then an agency in the dateline, a sign-off
    or a "..., X reports." lead. None when the text never names it."""
    body = [i for i, lab in enumerate(labels) if lab == "body"]
    lead = set(body[:4])
    found: dict[str, tuple[str, str, str]] = {}

    def add(how: str, name: str | None, line: Line) -> None:
        if name and how not in found:
            found[how] = (name, how, line.text)

    for i, line in enumerate(lines):
        text = line.text
        m = DESK_RE.match(text) if len(line.words) <= 20 else None
        add("text:desk", _clean_name(m and m.group("name")), line)
        if labels[i] != "body" and len(line.words) <= 20:
            m = _SOURCE_LINE_RE.match(text)
            add("text:source-line", _clean_name(m and m.group("name")), line)
            m = WIRE_RE.match(text)
            if m and kinds[i] in ("dateline", "byline", "stamp") and m.end() < len(text) and text[m.end()] == " ":
                add("text:wire-byline", m.group(1), line)
        m = SELF_DESCRIPTION_RE.match(text)
        add("text:self-description", _clean_name(m and m.group("name")), line)
        if i in lead or labels[i] != "body":
            add("text:dateline", dateline_source(text), line)
        if i in lead:
            m = _REPORTS_RE.search(text)   # "..., Reuters reports." relays a wire: a credit, not the outlet
            if m and not WIRE_RE.fullmatch(m.group("name")):
                add("text:reports", _clean_name(m.group("name")), line)
        if labels[i] == "body":
            m = _SIGN_OFF_RE.search(text)
            name = _clean_name(m and m.group("name"))
            if name and not re.fullmatch(r"(?i)with .*|photo|file|ap photo", name):
                add("text:sign-off", name, line)
    for how in ("text:desk", "text:self-description", "text:source-line", "text:dateline", "text:wire-byline",
                "text:sign-off", "text:reports"):
        if how in found:
            return found[how]
    return None


def find_outlet(lines: list[Line], labels: list[str], meta: dict, url: str | None,
                html_sitename: str | None = None, kinds: list[str | None] | None = None) -> Fact:
    """The publisher: the user's or a sidecar's word, the registry entry of the URL's domain, what the
    text says about itself (newsletter prompts, news desks, source labels, datelines, footers), the
    HTML's site name, and last the bare domain."""
    from parallax.clean.outlets import by_url

    if meta.get("outlet"):
        return Fact(str(meta["outlet"]), str(meta.get("meta_source") or "jsonl"))
    known = by_url(url)
    if known:
        return Fact(known.name, "registry:url", 0.95, url or "")
    kinds = kinds if kinds is not None else [None] * len(lines)
    boiler = [l for l, lab in zip(lines, labels) if lab == "boilerplate"]
    for line in boiler:
        m = NEWSLETTER_RE.search(line.text)
        name = m and (m.group("name") or m.group("followed") or m.group("delivered"))
        if name and name.split()[-1].casefold() not in NAV_WORDS and not _is_banner(name):
            how = "text:follow-prompt" if m.group("followed") else "text:newsletter"
            return Fact(re.sub(r"^the\s+", "", name), how, 0.9, line.text)
    own = self_reference(lines, labels, kinds)
    if own and own[1] in ("text:desk", "text:self-description", "text:source-line"):
        return Fact(own[0], own[1], 0.85, own[2])
    texts = [l.text for l in boiler]
    for line in boiler:
        # a name line that the page repeats, alone or inside another line ("Follow X on ...")
        repeated = sum(line.text in t for t in texts) > 1
        label = source_label(line, repeated)
        if label and not _is_banner(label):
            return Fact(label, "text:source-label", 0.8, line.text)
    last_body = max((i for i, lab in enumerate(labels) if lab == "body"), default=-1)
    for line in boiler:
        m = COPYRIGHT_RE.search(line.text)
        # a footer notice, not a "© Photographer" credit under a picture
        if m and (line.index > last_body or re.search(r"(?:19|20)\d\d|(?i:rights reserved)", line.text)):
            name = _clean_name(_LEGAL_TAIL_RE.sub("", m.group("name")).strip(" .,"))
            if name and name.casefold() not in NAV_WORDS:
                return Fact(name, "text:copyright", 0.8, line.text)
    if own:
        return Fact(own[0], own[1], 0.8, own[2])
    if html_sitename and not _is_banner(html_sitename):
        return Fact(html_sitename, "html:sitename", 0.8)
    domain = outlet_from_url(url)
    if domain:
        return Fact(domain, "url", 0.7, url or "")
    return Fact(None, "", 0.0)


def outlet_country(outlet: Fact, meta: dict, url: str | None) -> str | None:
    """The outlet's home country: the user's or sidecar's word, else the registry's (by domain, then by name)."""
    from parallax.clean.outlets import by_name, by_url

    if meta.get("country"):
        return str(meta["country"])
    known = by_url(url) or by_name(outlet.value)
    return known.country if known else None


# On an HTML page: how many lines above the headline a bare date may sit, and how far from it a printed
# date may be to beat htmldate (WCXB dev, both folds: published .852 -> .864 against 1 and 3).
HTML_ABOVE, HTML_NEAR = 3, 5


def find_published(lines: list[Line], labels: list[str], kinds: list[str | None],
                   headline: int | None, meta: dict, html_date: str | None = None,
                   html_how: str = "html:htmldate", html_instant_days: frozenset[str] = frozenset(), *,
                   time_days: dict[str, str] | None = None, url: str | None = None) -> Fact:
    """A printed dateline wins; a bare date above the headline may be the site's current-date header,
    so it only counts when it sits right next to the headline; update stamps never count. On an HTML
    page, htmldate (which reads the page's metadata) beats datelines printed away from the headline;
    there the headline is the markup's title, so a date within a few lines above it (a kicker, a
    "Category · date" row) is the article's too, measured from the copy of the title nearest to it
    (a page may print its title in the navigation and again over the article). An unlabelled printed
    date on one of `html_instant_days` (the days the markup's publication instant falls on in other time
    zones) is the same instant in the site's zone: the markup's date as written wins. A printed date
    inside a <time> reads as its datetime attribute (`time_days`). A URL filed under a month overrules
    a date outside it (_agree_with_url). A title matched right under body text on a page is a subheading
    inside the article: the body's start anchors the header instead."""
    if meta.get("published"):
        d = _parse_iso(str(meta["published"]))
        if d:
            return Fact(d.isoformat(), str(meta.get("meta_source") or "jsonl"))
    found = _published_in_page(lines, labels, kinds, headline, html_date, html_how, html_instant_days,
                               time_days or {})
    return _agree_with_url(found, url, lines, labels)


def _published_in_page(lines: list[Line], labels: list[str], kinds: list[str | None], headline: int | None,
                       html_date: str | None, html_how: str, html_instant_days: frozenset[str],
                       time_days: dict[str, str]) -> Fact:
    first_body = next((i for i, lab in enumerate(labels) if lab == "body"), len(lines))
    last_body = max((i for i, lab in enumerate(labels) if lab == "body"), default=len(lines))
    candidates: list[tuple[int, int, dt.date, str, Line]] = []  # (rank, distance, date, how, line)
    above, near = (HTML_ABOVE, HTML_NEAR) if html_date else (1, None)
    slashed_md = month_first([l.text for l in lines])
    # a page's one "Published <date>" line is its date wherever it sits (a list of posts labels several)
    only_labelled = html_date is not None and sum(date_line_kind(l.text) == "published"
                                                  for l, lab in zip(lines, labels) if lab == "boilerplate") == 1
    if html_date is not None and headline and labels[headline - 1] == "body":
        headline = None   # a title matched right under body text is a subheading: anchor on the body instead
    title_copies = [j for j, l in enumerate(lines) if headline is not None and l.text == lines[headline].text]
    stamps: list[tuple[dt.date, Line]] = []   # "Updated <date>" stamps in the article's header
    for i, line in enumerate(lines):
        if labels[i] != "boilerplate":
            continue
        dates = [_as_marked_up(line.text, d, time_days) for d in find_dates(line.text, slashed_md)]
        if not dates:
            continue
        head = min(title_copies, key=lambda j: abs(j - i)) if title_copies else None
        kind = date_line_kind(line.text)
        published = [d for label, d in labelled_dates(line.text) if label == "published"]
        if published and len(line.words) <= 30:   # "Updated: A | Created: B": B is the publication
            kind, dates = "published", published
        # on an HTML page, a short line opening with a date right under the title is its date row
        # ("March 2, 2031 | Health", "03/02/2031 by Jane Roe"), even where it looks like a teaser's
        date_row = (html_date is not None and head is not None and 0 < i - head <= 3
                    and dates[0].start <= 2 and len(line.words) <= 15 and kind != "update")
        if kind == "update" and i < first_body + 2 and (head is None or -above <= i - head <= (near or 1)):
            stamp = next((d for label, d in labelled_dates(line.text) if label == "update"), dates[0])
            stamps.append((stamp.date, line))
        if kind == "update" or (kinds[i] in ("teaser", "store-date") and not date_row):
            continue
        if kind != "published" and dates[0].date.isoformat() in html_instant_days:
            continue   # the markup's publication instant, printed in the site's time zone
        anchor = head if head is not None else first_body
        distance = abs(i - anchor)
        in_header = i < first_body + 2
        if kind == "published":   # one closing the article, or the page's only one, counts as if by the title
            anywhere = only_labelled or 0 < i - last_body <= 3
            candidates.append((0, 0 if anywhere else distance, dates[0].date, "printed:dateline", line))
        elif kinds[i] == "byline":
            candidates.append((1, distance, dates[0].date, "printed:byline", line))
        elif (kind == "bare" and in_header and (head is None or i > head or distance <= above)) or date_row:
            candidates.append((2, distance, dates[0].date, "printed:dateline", line))
        elif kind == "bare" and i > last_body and _bare_after_body_is_dateline(lines, labels, i):
            candidates.append((3, distance, dates[0].date, "printed:footer", line))
    if near is not None:
        candidates = [c for c in candidates if c[1] <= near]
    if candidates:
        # on a tie, a date under the title beats one above it (the end of the previous teaser)
        rank, _dist, date, how, line = min(candidates, key=lambda c: (c[0], c[1], c[4].index < (headline or 0)))
        return Fact(date.isoformat(), how, 1.0, line.text)
    if stamps and html_how == "html:json-ld":
        # a header that shows only an update date presents the current version as the article; JSON-LD's
        # datePublished then often dates the CMS record the page was rewritten from
        return Fact(stamps[0][0].isoformat(), "printed:update-stamp", 0.8, stamps[0][1].text)
    if html_date:
        return Fact(html_date, html_how or "html:htmldate", 0.9)
    year_less = _city_dateline_date(lines, labels)
    if year_less:
        return year_less
    stored = next((l for l, k in zip(lines, kinds) if k == "store-date"), None)
    if stored:   # the day the crawler stored the page: close to, never before, publication
        return Fact(find_dates(stored.text)[0].date.isoformat(), "inferred:store-date", 0.8, stored.text)
    return infer_published(lines, labels)


def _as_marked_up(text: str, mention: DateMention, time_days: dict[str, str]) -> DateMention:
    """The date as the datetime attribute of the <time> printing it states, where one does."""
    for printed, day in time_days.items():
        at = text.find(printed)
        if 0 <= at <= mention.start and mention.end <= at + len(printed) and day != mention.date.isoformat():
            return dataclasses.replace(mention, date=dt.date.fromisoformat(day))
    return mention


_URL_MONTH_RE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?")


def _agree_with_url(found: Fact, url: str | None, lines: list[Line], labels: list[str]) -> Fact:
    """A URL that files the page under a month ("/2031/05/", "/2031/05/04/") dates it to that month: a
    date found outside it gives way to the first date printed in the page's header within the month,
    else to the URL's own day, else stands."""
    m = _URL_MONTH_RE.search(urlparse(url).path if url and "://" in url else "")
    if not m or (found.value or "")[:7] == f"{m.group(1)}-{m.group(2)}":
        return found
    year, month = int(m.group(1)), int(m.group(2))
    first_body = next((i for i, lab in enumerate(labels) if lab == "body"), len(lines))
    for line in lines[:first_body + 2]:
        inside = [d.date for d in find_dates(line.text) if (d.date.year, d.date.month) == (year, month)]
        if inside:
            return Fact(inside[0].isoformat(), "printed:url-month", 0.9, line.text)
    if m.group(3):
        return Fact(dt.date(year, month, int(m.group(3))).isoformat(), "url", 0.9, url or "")
    return found


def _city_dateline_date(lines: list[Line], labels: list[str]) -> Fact | None:
    """A city dateline without a year ("BAKU, December 25.") in the lead, dated with the year of the
    page's full dates (captions, stamps, teasers) nearest to it, or, without one, None (the analysis
    stage then dates it from the corpus)."""
    lead = [l for l, lab in zip(lines, labels) if lab == "body"][:3]
    for line in lead:
        md = city_dateline(line.text)
        if not md:
            continue
        years = [d.date.year for l in lines for d in find_dates(l.text)]
        if not years:
            return None
        year = Counter(years).most_common(1)[0][0]
        try:
            day = dt.date(year, *md)
        except ValueError:
            return None
        return Fact(day.isoformat(), "inferred:city-dateline+year-in-page", 0.7, line.text)
    return None


def _bare_after_body_is_dateline(lines: list[Line], labels: list[str], i: int) -> bool:
    """A bare date right after the last body paragraph (some sites print the date at the end)."""
    return i > 0 and labels[i - 1] == "body"


def infer_published(lines: list[Line], labels: list[str]) -> Fact:
    """No printed date: the latest full date the body mentions, usually a lower bound for publication.
    A weak guess (within 3 days of the real date for 35% of the PolNeAR texts whose body has a full
    date, bench/published_inference.py; articles also cite background and future dates)."""
    mentions = [(d.date, line.text) for line, lab in zip(lines, labels) if lab == "body"
                for d in find_dates(line.text)]
    if not mentions:
        return Fact(None, "", 0.0)
    date, evidence = max(mentions)
    return Fact(date.isoformat(), "inferred:latest-date-in-body", 0.35, evidence)


def _parse_iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        found = find_dates(text)
        return found[0].date if found else None


_NAME_STOP_RE = re.compile(r"\s+(?:(?:on|at|in|for|and|the)\s*$|\d.*$|(?:" +
                           r"|".join(["January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December", "Jan", "Feb", "Mar",
                                      "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                                      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                      "Sunday", "Published", "Updated"]) + r")\b.*$)")


_MONTH_GLUED_RE = re.compile(r"(?<=[a-z])(?:January|February|March|April|May|June|July|August|September|"
                             r"October|November|December)\b.*$")
_TEMPLATE_KEY_RE = re.compile(r"^[a-z_]{3,}(?:\.[a-z_]{3,}){2,}$")   # "page.author.name": an unfilled template
_BYLINE_LABEL_RE = re.compile(r"(?i)^(?:(?:written|posted|published|reviewed)\s+by|by|author|authors)$")


def plausible_author(name: str | None) -> bool:
    """Not an unfilled template key nor a bare byline label ("Written By")."""
    name = (name or "").strip()
    return bool(name) and not _TEMPLATE_KEY_RE.match(name) and not _BYLINE_LABEL_RE.match(name)


def _filter_menu(lines: list[Line]) -> set[str]:
    """Short "By X" lines that come two or more to a page are a filter menu ("By Topic", "By Size")."""
    short = [l.text.strip() for l in lines if len(l.words) <= 4 and re.match(r"(?i)\s*by\s", l.text)]
    return set(short) if len({t.casefold() for t in short}) >= 2 else set()


def find_byline(lines: list[Line], kinds: list[str | None], meta: dict) -> Fact:
    if meta.get("author"):
        return Fact(str(meta["author"]), "jsonl")
    menu = _filter_menu(lines)
    for line, kind in zip(lines, kinds):
        m = BYLINE_RE.match(line.text) if kind in ("byline", "dateline", "stamp") and line.text.strip() not in menu else None
        if m:   # "By Jane Roe", also "By Jane Roe | Published May 2, 2031"
            name = _NAME_STOP_RE.sub("", _MONTH_GLUED_RE.sub("", m.group("name"))).strip(" ,|-–—")
            name = re.sub(r"\s+(?:and|&)$", "", name)
            if name and not WIRE_RE.fullmatch(name):
                return Fact(name, "printed:byline", 1.0, line.text)
    return Fact(None, "", 0.0)


# "By: Jane Roe", "Posted by Jane Roe on ...", "by Jane Roe—10 min read", "Written by Jane Roe",
# "Last updated May 2, 2031 by Jane Roe" (a date between the verb and "by")
_VISIBLE_BYLINE_RE = re.compile(
    r"(?:^|\s)(?i:(?:posted|written|published|reported|words)\s+by|^by"
    r"|(?:updated|posted|published)\s+(?:on\s+)?[\w ,./-]{4,30}?\d\s+by)\s*:?\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|and|&)){0,4})")
_BIO_RE = re.compile(r"^(?P<name>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})\s+is\s+an?\s")


# A line that is only a byline label, the name on the next line ("Written by" / "Jane Roe").
_LABEL_LINE_RE = re.compile(r"(?i)^(?:article\s+)?(?:(?:written|posted|published|reported)\s+by|by|authors?|author\(s\)"
                            r"|contributors?|article\s+by)\s*:?$")
# "Author: Jane Roe", "Contributors: Jane Roe", "03/01/2031 by Jane Roe", "by jroe", "ByJane Roe"
_LABELLED_NAME_RE = re.compile(r"(?i)^(?:authors?|author\(s\)|contributors?)\s*:\s*\S"
                               r"|^(?:[\d/.\-–—·|, ]+)?\s*by\b\s*:?\s*\S|(?-i:^By(?=[A-Z][a-z]))")


# A date and a separator opening a line: the name of the author follows it.
_DATE_SEPARATOR_RE = re.compile(r"^(?P<date>[^·•|]{6,30}?)\s*[·•|]\s*")


def visible_bylines(lines: list[Line]) -> list[tuple[str, str]]:
    """Every author a web page prints, as (how, text) in page order: "By: X" / "Posted by X" lines, a
    label line with the name on the next line, "Author: X", and author boxes (a line with just a name,
    and a line of biography that starts "Name is a ...")."""
    from parallax.clean.authors import clean_name, person_like

    menu = _filter_menu(lines)
    found: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if len(line.words) > 25 or text in menu:
            continue
        m = _VISIBLE_BYLINE_RE.search(text)
        if m:
            name = _NAME_STOP_RE.sub("", m.group("name")).strip(" ,|-–—")
            name = re.sub(r"\s+(?:and|&)$", "", name)
            if name and not WIRE_RE.fullmatch(name) and name.casefold() not in NAV_WORDS:
                found.append(("html:printed-byline", name))
                continue
        dated = _DATE_SEPARATOR_RE.match(text)
        if dated and find_dates(dated.group("date")):   # "May 2, 2031 · Jane Roe", "2031-05-02 ·" / "Jane Roe"
            rest = text[dated.end():].strip() or (lines[i + 1].text if i + 1 < len(lines) else "")
            if person_like(clean_name(rest) or ""):   # not a section or a reading time
                found.append(("html:printed-byline", rest))
        elif _LABEL_LINE_RE.match(text) and i + 1 < len(lines) and len(lines[i + 1].words) <= 12:
            found.append(("html:printed-byline", lines[i + 1].text))
        elif len(line.words) <= 12 and _LABELLED_NAME_RE.match(text):
            found.append(("html:printed-byline", re.sub(r"^By(?=[A-Z])", "By ", text)))
    alone = {l.text for l in lines if 2 <= len(l.words) <= 4}
    for line in lines:
        m = _BIO_RE.match(line.text)
        if m and m.group("name") in alone:
            found.append(("html:author-box", m.group("name")))
    return found


def visible_byline(lines: list[Line]) -> Fact:
    """The first author a web page prints (visible_bylines), cleaned (authors.clean_name)."""
    from parallax.clean.authors import clean_name

    for how, text in visible_bylines(lines):
        name = clean_name(text)
        if name:
            return Fact(name, how, 0.9 if how == "html:printed-byline" else 0.8, text)
    return Fact(None, "", 0.0)


_CREDIT_TAIL_RE = re.compile(
    r"(?:^\s*(?i:image|photo|media|video) (?i:source|credit)s?\s*[,:]?\s*(?P<source>.+)"
    r"|\((?i:photo|image|picture|credit)[^:)]*:\s*(?P<paren>[^)]+)\)"
    r"|(?i:photo|image|picture)(?:\s+credit)?\s*(?::|by)\s*(?P<label>.+)"
    r"|\s[—–-]\s*(?P<dash>[A-Z][\w.&'/-]*(?:\s[A-Z][\w.&'/-]*){0,3})"
    r"|\s/\s*(?P<slash>[A-Z][\w.&'-]*(?:\s[A-Z][\w.&'-]*){0,3})"
    r"|\((?P<wire>[^)]{2,40})\))\s*$")


def find_credits(lines: list[Line], kinds: list[str | None], labels: list[str], outlet: Fact) -> list[str]:
    """Agencies credited in captions and credit lines, spelled as printed, without repeats."""
    credits: list[str] = []

    def add(name: str) -> None:
        name = name.strip(" .,;")
        if name and not FURNITURE_RE.search(name) and name.casefold() not in {c.casefold() for c in credits}:
            credits.append(name)

    for line, kind in zip(lines, kinds):
        if kind != "credit":
            continue
        m = _CREDIT_TAIL_RE.search(line.text)
        if m:
            parts = [p.strip() for p in re.split(r"\s*[/,;]\s*|\s+via\s+", next(g for g in m.groups() if g))]
            agencies = [p for p in parts if WIRE_RE.fullmatch(p)]
            # "Photographer/Agency" credits the agency; a lone photo source is kept as printed
            for part in agencies if agencies or m.group("wire") else parts:
                add(part)
    for line, kind in zip(lines, kinds):   # "By Reuters": a wire story's byline credits the agency
        m = BYLINE_RE.match(line.text) if kind == "byline" else None
        if m and WIRE_RE.fullmatch(m.group("name").strip()):
            add(m.group("name"))
        elif m:   # "By Jane Roe, Associated Press"
            tail = re.search(r",\s*(?P<wire>[^,]+?)\s*$", line.text)
            if tail and WIRE_RE.fullmatch(tail.group("wire")):
                add(tail.group("wire"))
    for line, lab in zip(lines, labels):  # "OSLO (Reuters) -" wire datelines inside the body
        m = re.match(r"^[A-Z][A-Z ,.'-]{1,40}\((?P<wire>[^)]+)\)\s*[-–—]", line.text)
        if lab == "body" and m and WIRE_RE.fullmatch(m.group("wire").strip()):
            add(m.group("wire"))
    if outlet.value and outlet.value.casefold() in {a.casefold() for a in WIRE_AGENCIES}:
        add(outlet.value)  # a wire agency's own story is credited to it
    return credits


_CYRILLIC, _ARABIC = re.compile(r"[\u0400-\u04ff]"), re.compile(r"[\u0600-\u06ff]")


def guess_language(text: str) -> str:
    words = [w.casefold() for w in WORD_RE.findall(text[:5000])]
    if not words:
        return "und"
    if sum(bool(_CYRILLIC.search(w)) for w in words) > len(words) / 2:
        return "ru"
    if sum(bool(_ARABIC.search(w)) for w in words) > len(words) / 2:
        return "ar"
    scores = {lang: sum(w in stop for w in words) for lang, stop in LANGUAGE_STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(2, len(words) * 0.05) else "und"
