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
# Seat of government -> state, every sovereign state (general knowledge; common English spellings after
# the first). A capital used as a speaker ("Lilongwe said") stands for its state's government.
# Left out on purpose: capitals that are as often a given name or another city (Victoria, Santiago,
# Kingston) and "Male", an English word; their states are then named only by country or demonym.
_STATE_CAPITALS = {
    "Afghanistan": ["Kabul"], "Albania": ["Tirana"], "Algeria": ["Algiers"], "Andorra": ["Andorra la Vella"],
    "Angola": ["Luanda"], "Antigua and Barbuda": ["St. John's"], "Argentina": ["Buenos Aires"],
    "Armenia": ["Yerevan"], "Australia": ["Canberra"], "Austria": ["Vienna"], "Azerbaijan": ["Baku"],
    "Bahamas": ["Nassau"], "Bahrain": ["Manama"], "Bangladesh": ["Dhaka"], "Barbados": ["Bridgetown"],
    "Belarus": ["Minsk"], "Belize": ["Belmopan"], "Benin": ["Porto-Novo"], "Bhutan": ["Thimphu"],
    "Bolivia": ["Sucre", "La Paz"], "Bosnia": ["Sarajevo"], "Botswana": ["Gaborone"],
    "Brazil": ["Brasilia", "Brasília"], "Brunei": ["Bandar Seri Begawan"], "Bulgaria": ["Sofia"],
    "Burkina Faso": ["Ouagadougou"], "Burundi": ["Gitega"], "Cambodia": ["Phnom Penh"],
    "Cameroon": ["Yaounde", "Yaoundé"],
    "Canada": ["Ottawa"], "Cape Verde": ["Praia"], "Central African Republic": ["Bangui"], "Chad": ["N'Djamena"],
    "China": ["Beijing"], "Colombia": ["Bogota", "Bogotá"], "Comoros": ["Moroni"],
    "Costa Rica": ["San Jose", "San José"],
    "Croatia": ["Zagreb"], "Cuba": ["Havana"], "Cyprus": ["Nicosia"], "Czech Republic": ["Prague"],
    "Democratic Republic of the Congo": ["Kinshasa"], "Denmark": ["Copenhagen"], "Djibouti": ["Djibouti"],
    "Dominica": ["Roseau"], "Dominican Republic": ["Santo Domingo"], "East Timor": ["Dili"], "Ecuador": ["Quito"],
    "Egypt": ["Cairo"], "El Salvador": ["San Salvador"], "Equatorial Guinea": ["Malabo"], "Eritrea": ["Asmara"],
    "Estonia": ["Tallinn"], "Eswatini": ["Mbabane"], "Ethiopia": ["Addis Ababa"], "Fiji": ["Suva"],
    "Finland": ["Helsinki"], "France": ["Paris"], "Gabon": ["Libreville"], "Gambia": ["Banjul"], "Georgia": ["Tbilisi"],
    "Germany": ["Berlin"], "Ghana": ["Accra"], "Greece": ["Athens"], "Grenada": ["St. George's"],
    "Guatemala": ["Guatemala City"], "Guinea": ["Conakry"], "Guinea-Bissau": ["Bissau"], "Guyana": ["Georgetown"],
    "Haiti": ["Port-au-Prince"], "Honduras": ["Tegucigalpa"], "Hungary": ["Budapest"],
    "Iceland": ["Reykjavik", "Reykjavík"], "India": ["New Delhi", "Delhi"], "Indonesia": ["Jakarta"],
    "Iran": ["Tehran", "Teheran"], "Iraq": ["Baghdad"], "Ireland": ["Dublin"], "Israel": ["Jerusalem"],
    "Italy": ["Rome"], "Ivory Coast": ["Yamoussoukro"], "Japan": ["Tokyo"], "Jordan": ["Amman"],
    "Kazakhstan": ["Astana"], "Kenya": ["Nairobi"], "Kiribati": ["Tarawa"], "Kosovo": ["Pristina"],
    "Kuwait": ["Kuwait City"], "Kyrgyzstan": ["Bishkek"], "Laos": ["Vientiane"], "Latvia": ["Riga"],
    "Lebanon": ["Beirut"], "Lesotho": ["Maseru"], "Liberia": ["Monrovia"], "Libya": ["Tripoli"],
    "Liechtenstein": ["Vaduz"], "Lithuania": ["Vilnius"], "Luxembourg": ["Luxembourg"], "Madagascar": ["Antananarivo"],
    "Malawi": ["Lilongwe"], "Malaysia": ["Kuala Lumpur", "Putrajaya"], "Maldives": ["Malé"], "Mali": ["Bamako"],
    "Malta": ["Valletta"], "Marshall Islands": ["Majuro"], "Mauritania": ["Nouakchott"], "Mauritius": ["Port Louis"],
    "Mexico": ["Mexico City"], "Micronesia": ["Palikir"], "Moldova": ["Chisinau", "Chișinău"], "Monaco": ["Monaco"],
    "Mongolia": ["Ulaanbaatar", "Ulan Bator"], "Montenegro": ["Podgorica"], "Morocco": ["Rabat"],
    "Mozambique": ["Maputo"], "Myanmar": ["Naypyidaw", "Nay Pyi Taw"], "Namibia": ["Windhoek"], "Nauru": ["Yaren"],
    "Nepal": ["Kathmandu"], "Netherlands": ["Amsterdam"], "New Zealand": ["Wellington"], "Nicaragua": ["Managua"],
    "Niger": ["Niamey"], "Nigeria": ["Abuja"], "North Korea": ["Pyongyang"], "North Macedonia": ["Skopje"],
    "Norway": ["Oslo"], "Oman": ["Muscat"], "Pakistan": ["Islamabad"], "Palau": ["Ngerulmud"],
    "Palestine": ["Ramallah"], "Panama": ["Panama City"], "Papua New Guinea": ["Port Moresby"],
    "Paraguay": ["Asuncion", "Asunción"], "Peru": ["Lima"], "Philippines": ["Manila"], "Poland": ["Warsaw"],
    "Portugal": ["Lisbon"], "Qatar": ["Doha"], "Republic of the Congo": ["Brazzaville"], "Romania": ["Bucharest"],
    "Russia": ["Moscow", "Kremlin"], "Rwanda": ["Kigali"], "Saint Kitts and Nevis": ["Basseterre"],
    "Saint Lucia": ["Castries"], "Saint Vincent and the Grenadines": ["Kingstown"], "Samoa": ["Apia"],
    "San Marino": ["San Marino"], "Sao Tome and Principe": ["Sao Tome", "São Tomé"], "Saudi Arabia": ["Riyadh"],
    "Senegal": ["Dakar"], "Serbia": ["Belgrade"], "Sierra Leone": ["Freetown"], "Singapore": ["Singapore"],
    "Slovakia": ["Bratislava"], "Slovenia": ["Ljubljana"], "Solomon Islands": ["Honiara"], "Somalia": ["Mogadishu"],
    "South Africa": ["Pretoria"], "South Korea": ["Seoul"], "South Sudan": ["Juba"], "Spain": ["Madrid"],
    "Sri Lanka": ["Colombo", "Sri Jayawardenepura Kotte"], "Sudan": ["Khartoum"], "Suriname": ["Paramaribo"],
    "Sweden": ["Stockholm"], "Switzerland": ["Bern", "Berne"], "Syria": ["Damascus"], "Taiwan": ["Taipei"],
    "Tajikistan": ["Dushanbe"], "Tanzania": ["Dodoma"], "Thailand": ["Bangkok"], "Togo": ["Lome", "Lomé"],
    "Tonga": ["Nuku'alofa"], "Trinidad and Tobago": ["Port of Spain"], "Tunisia": ["Tunis"], "Turkey": ["Ankara"],
    "Turkmenistan": ["Ashgabat"], "Tuvalu": ["Funafuti"], "Uganda": ["Kampala"], "Ukraine": ["Kyiv", "Kiev"],
    "United Arab Emirates": ["Abu Dhabi"], "United Kingdom": ["London"], "United States": ["Washington"],
    "Uruguay": ["Montevideo"], "Uzbekistan": ["Tashkent"], "Vanuatu": ["Port Vila"], "Venezuela": ["Caracas"],
    "Vietnam": ["Hanoi"], "Yemen": ["Sanaa", "Sana'a"], "Zambia": ["Lusaka"], "Zimbabwe": ["Harare"],
    "European Union": ["Brussels"],
}
CAPITALS = {capital: state for state, capitals in _STATE_CAPITALS.items() for capital in capitals}
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
