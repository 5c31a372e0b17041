"""Country names pycountry lacks: short and local names (en/ru/uz), demonyms and region phrases."""

# Folded name -> ISO alpha-2. pycountry supplies official English, Russian and (partly) Uzbek
# names; these are the everyday forms pages use.
ALIASES: dict[str, str] = {
    # English
    "united states": "US", "united states of america": "US", "america": "US",
    "united kingdom": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "korea, south": "KR",
    "north korea": "KP", "russia": "RU", "iran": "IR", "syria": "SY", "vietnam": "VN",
    "laos": "LA", "lao pdr": "LA", "moldova": "MD", "tanzania": "TZ", "bolivia": "BO",
    "venezuela": "VE", "czech republic": "CZ", "slovak republic": "SK", "turkey": "TR",
    "türkiye": "TR", "turkiye": "TR", "ivory coast": "CI", "cote d'ivoire": "CI",
    "macedonia": "MK", "palestine": "PS", "taiwan": "TW", "holland": "NL",
    "the netherlands": "NL", "kyrgyz republic": "KG", "brunei": "BN", "swaziland": "SZ",
    "cape verde": "CV", "east timor": "TL", "burma": "MM", "kosovo": "XK",
    "democratic republic of the congo": "CD", "dr congo": "CD", "republic of the congo": "CG",
    "china (mainland)": "CN", "mainland china": "CN", "hong kong sar": "HK", "hong kong": "HK",
    "macau": "MO", "macao sar": "MO", "macau sar": "MO", "vatican": "VA", "micronesia": "FM",
    "the gambia": "GM", "gambia": "GM", "uae": "AE", "emirates": "AE",
    # Russian (nominative; declined forms are derived when matching)
    "россия": "RU", "российская федерация": "RU", "рф": "RU", "сша": "US", "америка": "US",
    "соединенные штаты": "US", "великобритания": "GB", "англия": "GB", "южная корея": "KR",
    "корея": "KR", "северная корея": "KP", "кндр": "KP", "иран": "IR", "турция": "TR",
    "чехия": "CZ", "молдова": "MD", "молдавия": "MD", "оаэ": "AE", "кыргызстан": "KG",
    "киргизия": "KG", "кыргызская республика": "KG", "беларусь": "BY", "белоруссия": "BY",
    "германия": "DE", "фрг": "DE", "китай": "CN", "кнр": "CN", "япония": "JP",
    "таджикистан": "TJ", "туркменистан": "TM", "туркмения": "TM", "казахстан": "KZ",
    "узбекистан": "UZ", "республика узбекистан": "UZ", "вьетнам": "VN", "сирия": "SY",
    "нидерланды": "NL", "голландия": "NL", "македония": "MK", "тайвань": "TW",
    # Uzbek Latin
    "o'zbekiston": "UZ", "o'zbekiston respublikasi": "UZ", "qozog'iston": "KZ",
    "qirg'iziston": "KG", "tojikiston": "TJ", "turkmaniston": "TM", "afg'oniston": "AF",
    "rossiya": "RU", "rossiya federatsiyasi": "RU", "germaniya": "DE", "olmoniya": "DE",
    "aqsh": "US", "amerika": "US", "buyuk britaniya": "GB", "angliya": "GB",
    "yaponiya": "JP", "xitoy": "CN", "koreya": "KR", "janubiy koreya": "KR",
    "koreya respublikasi": "KR", "turkiya": "TR", "fransiya": "FR", "italiya": "IT",
    "ispaniya": "ES", "polsha": "PL", "chexiya": "CZ", "vengriya": "HU", "avstriya": "AT",
    "shveytsariya": "CH", "niderlandiya": "NL", "gollandiya": "NL", "belgiya": "BE",
    "shvetsiya": "SE", "finlyandiya": "FI", "norvegiya": "NO", "daniya": "DK", "kanada": "CA",
    "avstraliya": "AU", "hindiston": "IN", "malayziya": "MY", "indoneziya": "ID", "baa": "AE",
    "saudiya arabistoni": "SA", "misr": "EG", "eron": "IR", "pokiston": "PK",
    "ozarbayjon": "AZ", "gruziya": "GE", "armaniston": "AM", "ukraina": "UA",
    "belarus": "BY", "latviya": "LV", "litva": "LT", "estoniya": "EE", "isroil": "IL",
    "singapur": "SG", "yangi zelandiya": "NZ", "portugaliya": "PT", "gretsiya": "GR",
    "ruminiya": "RO", "bolgariya": "BG", "irlandiya": "IE", "lyuksemburg": "LU",
    "slovakiya": "SK", "sloveniya": "SI", "xorvatiya": "HR", "serbiya": "RS",
    "mo'g'uliston": "MN", "tailand": "TH", "vetnam": "VN", "braziliya": "BR",
    "qatar": "QA", "quvayt": "KW", "iordaniya": "JO", "iroq": "IQ",
    # Uzbek Cyrillic
    "ўзбекистон": "UZ", "ўзбекистон республикаси": "UZ", "қозоғистон": "KZ",
    "қирғизистон": "KG", "тожикистон": "TJ", "туркманистон": "TM", "афғонистон": "AF",
    "россия федерацияси": "RU", "олмония": "DE", "ақш": "US", "буюк британия": "GB",
    "хитой": "CN", "жанубий корея": "KR", "туркия": "TR", "франция": "FR", "ҳиндистон": "IN",
    "покистон": "PK", "озарбайжон": "AZ", "арманистон": "AM",
}

# Capitalised abbreviations matched case-sensitively ("US" must not match the word "us").
ABBREVIATIONS: dict[str, str] = {
    "US": "US", "U.S.": "US", "U.S.A.": "US", "USA": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "PRC": "CN", "ROK": "KR", "DPRK": "KP", "AQSh": "US", "AQSH": "US",
    "BAA": "AE", "США": "US", "ОАЭ": "AE", "АҚШ": "US", "КНР": "CN", "РФ": "RU", "ФРГ": "DE",
}
# Demonyms count only before a word about people or bodies ("Uzbek citizens"), since
# "German language" or "Russian literature" says nothing about nationality.
DEMONYMS: dict[str, str] = {
    "uzbek": "UZ", "uzbekistani": "UZ", "kazakh": "KZ", "kazakhstani": "KZ", "kyrgyz": "KG",
    "tajik": "TJ", "turkmen": "TM", "afghan": "AF", "russian": "RU", "ukrainian": "UA",
    "belarusian": "BY", "azerbaijani": "AZ", "georgian": "GE", "armenian": "AM",
    "moldovan": "MD", "chinese": "CN", "indian": "IN", "pakistani": "PK", "bangladeshi": "BD",
    "indonesian": "ID", "malaysian": "MY", "vietnamese": "VN", "thai": "TH", "filipino": "PH",
    "korean": "KR", "japanese": "JP", "mongolian": "MN", "iranian": "IR", "turkish": "TR",
    "egyptian": "EG", "nigerian": "NG", "kenyan": "KE", "ghanaian": "GH", "ethiopian": "ET",
    "south african": "ZA", "american": "US", "canadian": "CA", "mexican": "MX",
    "brazilian": "BR", "british": "GB", "german": "DE", "french": "FR", "italian": "IT",
    "spanish": "ES", "polish": "PL", "czech": "CZ", "hungarian": "HU", "dutch": "NL",
    "belgian": "BE", "swiss": "CH", "austrian": "AT", "swedish": "SE", "norwegian": "NO",
    "danish": "DK", "finnish": "FI", "irish": "IE", "portuguese": "PT", "greek": "GR",
    "romanian": "RO", "bulgarian": "BG", "australian": "AU", "israeli": "IL", "saudi": "SA",
    "nepali": "NP", "nepalese": "NP", "sri lankan": "LK", "uganda": "UG", "ugandan": "UG",
    "tanzanian": "TZ", "rwandan": "RW", "zambian": "ZM", "zimbabwean": "ZW",
    "узбекск": "UZ", "казахск": "KZ", "кыргызск": "KG", "таджикск": "TJ", "туркменск": "TM",
    "российск": "RU", "o'zbekistonlik": "UZ", "ўзбекистонлик": "UZ",
}
DEMONYM_NOUNS = frozenset({
    "citizen", "citizens", "national", "nationals", "student", "students", "applicant",
    "applicants", "researcher", "researchers", "scholar", "scholars", "scientist", "scientists",
    "passport", "residents", "resident", "university", "universities", "institution",
    "institutions", "organisations", "organizations", "candidates", "youth", "graduates",
    "nationality", "граждан", "граждане", "гражданам", "студент", "студентов", "студенты",
    "ученые", "учёные", "ученых", "вуз", "вузов", "вузы", "fuqaro", "fuqarolari",
    "fuqarolar", "talabalar", "yoshlar", "olimlar",
})

# Country groups and their names (en/ru/uz) are in domain/country_groups.py.

ANY_NATIONALITY_PHRASES = (
    r"all nationalities|any nationality|all countries|any country|regardless of (?:their )?"
    r"(?:nationality|citizenship|country)|irrespective of (?:nationality|citizenship)|"
    r"from (?:all over|around) the world|(?:applicants|students|candidates) (?:from )?worldwide|"
    r"\bfrom [^.;]{1,40} and beyond\b|no (?:nationality|citizenship) restrictions?|"
    r"(?:open|available) to (?:all|international) (?:applicants|students|candidates)|"
    r"\bopen to (?:everyone|anyone|everybody)\b|\bof any (?:age and )?nationality\b|"
    r"non-domestic \(?non-u\.?s\.?\)? (?:entities|components)[^.]*\bare eligible|"
    r"граждане любых (?:стран|государств)|любой страны|всех стран|независимо от гражданства|"
    r"без ограничений по гражданству|"
    r"barcha (?:davlatlar|mamlakatlar)|har qanday davlat|fuqaroligidan qat'i nazar|"
    r"millatidan qat'i nazar|барча давлатлар"
)
