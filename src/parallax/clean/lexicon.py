"""General-English word lists the cleaner relies on (no site, person or story names)."""
from __future__ import annotations

import re

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves
said says say told since while however although though amid according among who whose
""".split())

# Other languages' commonest words, for a cheap language guess.
LANGUAGE_STOPWORDS = {
    "en": frozenset("the and of to in is that for it was on with as by at from".split()),
    "fr": frozenset("le la les des et est un une du que dans pour pas sur au avec".split()),
    "de": frozenset("der die das und ist nicht mit sich den dem ein eine zu auf für von".split()),
    "es": frozenset("el la los las y es en que de del por con una para se no".split()),
    "it": frozenset("il la che di e è per non un una sono del della con gli".split()),
    "pt": frozenset("o a os as e é de do da que em um uma para com não".split()),
    "tr": frozenset("ve bir bu da de için ile olarak çok daha ama gibi olan".split()),
    "nl": frozenset("de het een en van is dat op te in niet met voor".split()),
}

# Wire services and photo agencies: credited in captions and credit lines.
WIRE_AGENCIES = (
    "Associated Press", "AP", "AP Photo", "Reuters", "AFP", "Agence France-Presse", "Agence France Presse",
    "Bloomberg", "UPI", "United Press International", "Press Association", "PA", "Canadian Press", "AAP",
    "dpa", "DPA", "EFE", "EPA", "EPA-EFE", "ANSA", "Xinhua", "TASS", "RIA Novosti", "Sputnik", "Interfax",
    "Anadolu Agency", "Anadolu", "AA", "Kyodo", "Yonhap", "PTI", "ANI", "Bernama", "Antara", "IRNA", "WAFA",
    "SANA", "MENA", "KCNA", "Lusa", "Belga", "PAP", "MTI", "BTA", "Agerpres", "Ukrinform", "Getty Images",
    "Getty", "Shutterstock", "Alamy", "Pool",
)
WIRE_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(WIRE_AGENCIES, key=len, reverse=True))
                     + r")(?![\w])", re.IGNORECASE)

# Words typical of a news organisation's name ("Coast TV", "The Morning Herald").
MEDIA_WORDS = frozenset("""
tv television radio news agency times post press daily herald journal tribune gazette online network
media channel broadcasting broadcaster service observer chronicle telegraph review today monitor wire
weekly magazine express standard guardian mirror star sun courier dispatch report reporter bulletin
newspaper times insider
""".split())

# Site furniture. Calls to action and legal lines are furniture even when long ...
FURNITURE_RE = re.compile(
    r"\b(subscribe|subscription|newsletters?|sign[ -]?up|sign[ -]?in|log[ -]?in|log[ -]?out|"
    r"mailing list|contact us|about us|privacy policy|cookies?|terms (of|and) (use|service|conditions)|"
    r"all rights reserved|advertisement|sponsored content|follow us|share (this|on)|read more|"
    r"click here|learn more|join now|download (the|our) app|skip to|back to top|more stories|"
    r"related (articles?|stories|news|posts?)|most (read|popular|viewed)|you may also like|also read|"
    r"leave a (reply|comment)|print this|e-?mail this|copyright|watch live|listen live|"
    r"stay (updated|informed|connected)|breaking news alerts?|get (the|our) latest|don't miss|do not miss|"
    r"discussion thread|this is a (developing|breaking) story|read (this|the full) (article|story) on|"
    r"view (the )?comments|join the (conversation|discussion))\b"
    r"|^(tags|topics|filed under|related|categories|keywords|(read|see) also)\b"
    r"|^(follow|like|find|join) .{0,40}\bon (social media|facebook|twitter|x|instagram|telegram|youtube|whatsapp)\b"
    r"|\ball rights\b.{0,80}\breserved\b|^\S+\.(jpe?g|png|gif|webp)$"
    r"|©", re.IGNORECASE)
# Headers of the teaser lists that follow an article ("More from Education", "Most read").
SECTION_END_RE = re.compile(
    r"^\W*(more (from|in|on|about|stories|news|articles)|related( (stories|articles|news|content|posts|coverage))?|"
    r"most (read|popular|viewed|shared|commented)|you (may|might) (also )?like|recommended( for you)?|"
    r"latest (news|stories|articles|headlines)|trending( now| stories)?|read next|what to read next|"
    r"editor'?s'? (picks|choice)|top stories|also (read|on)|more on this (story|topic)|popular (now|stories))\b",
    re.IGNORECASE)
# ... navigation words only in a line of a few words ("Site logo", "Comments", "Tags: ...").
NAV_RE = re.compile(
    r"\b(logo|menu|search|home|homepage|comments?|tags?|topics?|trending|recommended|share|print|"
    r"whatsapp|facebook|twitter|linkedin|telegram|instagram|youtube|reddit|pinterest|e-?mail|"
    r"advertising|advertise|register|filed under|see also)\b", re.IGNORECASE)

# A caption or a credit line: "(photo credit: X)", "Photo: X", "— AFP" at the end, "/ X" at the end.
CREDIT_RE = re.compile(
    r"(\((?i:photo|image|picture|video|file photo|credit)[^)]*\)\s*$"
    r"|^\s*\(?(?i:photo|image|picture|photograph|credit|source|file photo)s?(?i: credit)?\s*(?::|(?i:by)|/)"
    r"|^\s*(?i:image|photo|media|video) (?i:source|caption|credit)s?\b"
    r"|\b(?i:photo(?:graph)?(?: credit)?)\s*(?::|(?i:by))\s*\S"
    r"|\s[—–-]\s*[A-Z][\w.&'/-]*(?:\s[A-Z][\w.&'/-]*){0,3}(?<=\w)\s*$"
    r"|\s/\s*[A-Z][\w.&'-]*(?:\s[A-Z][\w.&'-]*){0,3}(?<=\w)\s*$"
    r"|\((?i:" + "|".join(re.escape(a) for a in WIRE_AGENCIES) + r")(?:\s*(?:(?i:photo)|/[^)]*))?\)\s*$)")

CONTRIBUTOR_RE = re.compile(
    r"\b(contributed|contributing) (to )?(this|the) (report|article|story)\b|^\s*additional reporting by\b"
    r"|^\s*(reporting|writing|editing) by\b|^\s*\(?(edited|compiled|translated) by\b"
    r"|\bcontains material from\b|^\s*\(?with (additional )?(inputs|reporting) (from|by)\b", re.IGNORECASE)

# "Acme.co.uk is the UK's leading digital-only political website, ..."
SELF_DESCRIPTION_RE = re.compile(
    rf"^(?P<name>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,3}})\s+is\s+(?:the|a|an)\s+[^.]{{0,80}}?\b(?:website|newspaper|news|"
    r"magazine|agency|portal|outlet|broadcaster|channel|publication|site|daily|weekly)\b")
# A news desk signing the story: "Acme News Desk | Updated ...", "Acme Desk Diplomacy 2031-05-07".
DESK_RE = re.compile(r"^(?P<name>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,2}?)\s+(?:News\s+|Web\s+)?Desk\b")

BYLINE_RE = re.compile(
    r"^\s*(?i:by|written by|words by|author:|reported by)\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|and|&)){0,5})")

# A few common country names and their demonyms, to separate "Kenya Coast TV" into place + name.
COUNTRIES = frozenset("""
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahrain bangladesh
belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba
cyprus czechia denmark egypt estonia ethiopia finland france georgia germany ghana greece hungary iceland
india indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya korea kosovo kuwait kyrgyzstan
latvia lebanon libya lithuania luxembourg malaysia mali malta mexico moldova mongolia montenegro morocco
nepal netherlands nigeria norway oman pakistan palestine peru philippines poland portugal qatar romania
russia rwanda serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan
tajikistan tanzania thailand tunisia turkey türkiye turkiye turkmenistan uganda ukraine uzbekistan venezuela
vietnam yemen zambia zimbabwe uk usa us uae england scotland wales europe asia africa
""".split())
DEMONYMS = frozenset("""
afghan albanian algerian american armenian australian austrian azerbaijani azeri british canadian chinese
egyptian french georgian german greek indian iranian iraqi irish israeli italian japanese jordanian kazakh
korean kurdish lebanese libyan pakistani palestinian polish russian saudi spanish swedish syrian turkish
ukrainian uzbek european asian african arab
""".split())

NAV_WORDS = frozenset("""
home menu search contact us about news world politics business sport sports opinion editorial video videos
live latest more login sign subscribe newsletter logo advertisement related tags share print email top back
next previous section sections culture science health tech technology lifestyle entertainment weather
""".split())
