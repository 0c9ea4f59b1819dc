"""General-English word lists used to resolve speakers: demonyms, capitals, titles, role words;
and the lookup of a country by any of its names."""
from __future__ import annotations

# country -> demonym adjectives (general English; extra spellings after the first)
DEMONYMS = {
    "Afghanistan": ["Afghan"], "Albania": ["Albanian"], "Algeria": ["Algerian"], "Argentina": ["Argentine", "Argentinian"],
    "Armenia": ["Armenian"], "Australia": ["Australian"], "Austria": ["Austrian"], "Azerbaijan": ["Azerbaijani", "Azeri"],
    "Bangladesh": ["Bangladeshi"], "Belarus": ["Belarusian"], "Belgium": ["Belgian"], "Bosnia": ["Bosnian"],
    "Brazil": ["Brazilian"], "Bulgaria": ["Bulgarian"], "Canada": ["Canadian"], "Chile": ["Chilean"],
    "China": ["Chinese"], "Colombia": ["Colombian"], "Croatia": ["Croatian"], "Cuba": ["Cuban"], "Cyprus": ["Cypriot"],
    "Czech Republic": ["Czech"], "Denmark": ["Danish"], "Egypt": ["Egyptian"], "Estonia": ["Estonian"],
    "Ethiopia": ["Ethiopian"], "Finland": ["Finnish"], "France": ["French"], "Georgia": ["Georgian"],
    "Germany": ["German"], "Greece": ["Greek"], "Hungary": ["Hungarian"], "India": ["Indian"],
    "Indonesia": ["Indonesian"], "Iran": ["Iranian"], "Iraq": ["Iraqi"], "Ireland": ["Irish"], "Israel": ["Israeli"],
    "Italy": ["Italian"], "Japan": ["Japanese"], "Jordan": ["Jordanian"], "Kazakhstan": ["Kazakh"], "Kenya": ["Kenyan"],
    "Kosovo": ["Kosovar"], "Kuwait": ["Kuwaiti"], "Kyrgyzstan": ["Kyrgyz"], "Latvia": ["Latvian"], "Lebanon": ["Lebanese"],
    "Libya": ["Libyan"], "Lithuania": ["Lithuanian"], "Malaysia": ["Malaysian"], "Mexico": ["Mexican"],
    "Moldova": ["Moldovan"], "Morocco": ["Moroccan"], "Netherlands": ["Dutch"], "Nigeria": ["Nigerian"],
    "North Korea": ["North Korean"], "Norway": ["Norwegian"], "Pakistan": ["Pakistani"], "Palestine": ["Palestinian"],
    "Philippines": ["Filipino", "Philippine"], "Poland": ["Polish"], "Portugal": ["Portuguese"], "Qatar": ["Qatari"],
    "Romania": ["Romanian"], "Russia": ["Russian"], "Saudi Arabia": ["Saudi"], "Serbia": ["Serbian", "Serb"],
    "Slovakia": ["Slovak"], "Somalia": ["Somali"], "South Africa": ["South African"], "South Korea": ["South Korean"],
    "Spain": ["Spanish"], "Sudan": ["Sudanese"], "Sweden": ["Swedish"], "Switzerland": ["Swiss"], "Syria": ["Syrian"],
    "Taiwan": ["Taiwanese"], "Tajikistan": ["Tajik"], "Thailand": ["Thai"], "Tunisia": ["Tunisian"],
    "Turkey": ["Turkish"], "Turkmenistan": ["Turkmen"], "Ukraine": ["Ukrainian"], "United Arab Emirates": ["Emirati"],
    "United Kingdom": ["British"], "United States": ["American", "US", "U.S."], "Uzbekistan": ["Uzbek"],
    "Venezuela": ["Venezuelan"], "Vietnam": ["Vietnamese"], "Yemen": ["Yemeni"], "European Union": ["European", "EU"],
}
COUNTRY_ALIASES = {"US": "United States", "U.S.": "United States", "USA": "United States", "America": "United States",
                   "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
                   "Türkiye": "Turkey", "Turkiye": "Turkey", "EU": "European Union"}
CAPITALS = {
    "Kabul": "Afghanistan", "Tirana": "Albania", "Algiers": "Algeria", "Yerevan": "Armenia", "Canberra": "Australia",
    "Vienna": "Austria", "Baku": "Azerbaijan", "Dhaka": "Bangladesh", "Minsk": "Belarus", "Brasilia": "Brazil",
    "Sofia": "Bulgaria", "Ottawa": "Canada", "Beijing": "China", "Bogota": "Colombia", "Zagreb": "Croatia",
    "Havana": "Cuba", "Nicosia": "Cyprus", "Prague": "Czech Republic", "Copenhagen": "Denmark", "Cairo": "Egypt",
    "Tallinn": "Estonia", "Helsinki": "Finland", "Paris": "France", "Tbilisi": "Georgia", "Berlin": "Germany",
    "Athens": "Greece", "Budapest": "Hungary", "New Delhi": "India", "Jakarta": "Indonesia", "Tehran": "Iran",
    "Baghdad": "Iraq", "Dublin": "Ireland", "Rome": "Italy", "Tokyo": "Japan", "Amman": "Jordan",
    "Astana": "Kazakhstan", "Nairobi": "Kenya", "Riga": "Latvia", "Beirut": "Lebanon", "Tripoli": "Libya",
    "Vilnius": "Lithuania", "Mexico City": "Mexico", "Chisinau": "Moldova", "Rabat": "Morocco",
    "Abuja": "Nigeria", "Pyongyang": "North Korea", "Oslo": "Norway", "Islamabad": "Pakistan", "Manila": "Philippines",
    "Warsaw": "Poland", "Lisbon": "Portugal", "Doha": "Qatar", "Bucharest": "Romania", "Moscow": "Russia",
    "Kremlin": "Russia", "Riyadh": "Saudi Arabia", "Belgrade": "Serbia", "Seoul": "South Korea", "Madrid": "Spain",
    "Khartoum": "Sudan", "Stockholm": "Sweden", "Bern": "Switzerland", "Damascus": "Syria", "Taipei": "Taiwan",
    "Bangkok": "Thailand", "Ankara": "Turkey", "Ashgabat": "Turkmenistan", "Kyiv": "Ukraine", "Kiev": "Ukraine",
    "London": "United Kingdom", "Washington": "United States", "Tashkent": "Uzbekistan", "Caracas": "Venezuela",
    "Hanoi": "Vietnam", "Brussels": "European Union",
}
ADJECTIVE_TO_COUNTRY = {d.lower(): c for c, ds in DEMONYMS.items() for d in ds}


def strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def country_of(word: str) -> str | None:
    """'Norwegian' / 'Norway' / 'Oslo' / "Norway's" -> 'Norway'."""
    word = strip_possessive(word)
    if word in DEMONYMS:
        return word
    if word in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[word]
    if word in CAPITALS:
        return CAPITALS[word]
    return ADJECTIVE_TO_COUNTRY.get(word.lower())

# Title and role words that may stand before a name ("Foreign Minister", "President").
TITLE_WORDS = {
    "president", "prime", "minister", "premier", "chancellor", "king", "queen", "prince", "emir", "sheikh",
    "foreign", "defense", "defence", "interior", "finance", "deputy", "vice", "secretary", "general", "state",
    "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "senator", "sen.", "rep.", "representative",
    "governor", "mayor", "chairman", "chairwoman", "chair", "chief", "head", "leader", "commander", "gen.", "general",
    "colonel", "col.", "lt.", "major", "captain", "admiral", "director", "adviser", "advisor", "aide", "official",
    "speaker", "pope", "patriarch", "judge", "justice", "attorney", "prosecutor", "ceo", "founder", "mr.", "mrs.",
    "ms.", "dr.", "professor", "prof.", "top", "former", "acting", "assistant", "press", "national", "security",
    "ombudsman", "lawmaker", "mp", "diplomat", "politician", "analyst", "expert", "researcher",
}
# A generic role word in a description and the titles it can stand for.
ROLE_SYNONYMS = {
    "leader": {"president", "premier", "prime", "chancellor", "king", "queen", "emir", "leader", "head", "chairman",
               "sheikh", "supreme"},
    "diplomat": {"foreign", "ambassador", "envoy", "diplomat", "secretary"},
    "minister": {"minister", "secretary"},
    "official": {"official", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "director",
                 "adviser", "advisor", "aide", "deputy", "head", "chief"},
    "premier": {"prime", "premier"},
    "envoy": {"envoy", "ambassador"},
    "general": {"general", "gen.", "commander"},
    "commander": {"commander", "general", "gen."},
    "head": {"head", "president", "chairman", "chief", "leader", "director"},
    "chief": {"chief", "head", "director"},
}
INSTITUTION_HEADS = {
    "ministry", "government", "office", "army", "military", "forces", "police", "council", "committee", "parliament",
    "assembly", "administration", "department", "agency", "service", "presidency", "cabinet", "leadership",
    "authorities", "spokesman", "spokeswoman", "spokesperson", "community", "group", "organization", "organisation",
    "commission", "court", "embassy", "party", "union", "movement", "coalition", "campaign", "company", "bank", "board",
    "officials", "sides", "side", "kremlin", "command", "headquarters", "staff", "secretariat", "delegation",
}
