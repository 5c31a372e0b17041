"""Country groups named in eligibility rules (Central Asia, CIS, EU, Erasmus+ regions, DAC list).

Lists are transcribed from the bodies that define them; each names its source so it can be
checked and updated. ``XK`` (Kosovo) is the user-assigned code the EU and the World Bank use.
"""

import pycountry

CENTRAL_ASIA = frozenset({"KZ", "KG", "TJ", "TM", "UZ"})
# Commonwealth of Independent States: the nine full members (Turkmenistan is an associate).
CIS = frozenset({"AM", "AZ", "BY", "KZ", "KG", "MD", "RU", "TJ", "UZ"})
EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})
# Erasmus+ Programme Guide: EU members plus the third countries associated to the programme.
ERASMUS_PROGRAMME_COUNTRIES = EU_MEMBER_STATES | {"IS", "LI", "NO", "TR", "MK", "RS"}
WESTERN_BALKANS = frozenset({"AL", "BA", "ME", "MK", "RS", "XK"})
EASTERN_PARTNERSHIP = frozenset({"AM", "AZ", "BY", "GE", "MD", "UA"})
SOUTH_CAUCASUS = frozenset({"AM", "AZ", "GE"})
# OECD DAC List of ODA Recipients for reporting on 2024 and 2025 flows (LDCs, other LICs,
# LMICs and UMICs). "Developing countries" in a call means this list unless it says otherwise.
DAC_LIST = frozenset({
    # Least developed countries
    "AF", "AO", "BD", "BJ", "BF", "BI", "KH", "CF", "TD", "KM", "CD", "DJ", "ER", "ET", "GM",
    "GN", "GW", "HT", "KI", "LA", "LS", "LR", "MG", "MW", "ML", "MR", "MZ", "MM", "NP", "NE",
    "RW", "ST", "SN", "SL", "SB", "SO", "SS", "SD", "TZ", "TL", "TG", "TV", "UG", "YE", "ZM",
    # Other low-income countries
    "KP", "SY",
    # Lower middle-income countries and territories
    "DZ", "BT", "BO", "CV", "CM", "CG", "CI", "EG", "SZ", "FM", "GH", "HN", "IN", "IR", "JO",
    "KE", "KG", "LB", "MA", "MN", "NI", "NG", "PK", "PG", "PH", "WS", "LK", "TJ", "TK", "TN",
    "UA", "UZ", "VU", "VN", "PS", "ZW",
    # Upper middle-income countries and territories
    "AL", "AR", "AM", "AZ", "BY", "BZ", "BA", "BW", "BR", "CN", "CO", "CR", "CU", "DM", "DO",
    "EC", "SV", "GQ", "FJ", "GA", "GE", "GD", "GT", "GY", "ID", "IQ", "JM", "KZ", "XK", "LY",
    "MY", "MV", "MH", "MU", "MX", "MD", "ME", "MS", "NA", "NR", "NU", "MK", "PW", "PA", "PY",
    "PE", "SH", "LC", "VC", "RS", "ZA", "SR", "TH", "TO", "TR", "TM", "VE", "WF",
})


# The 54 African Union / UN member states of Africa.
AFRICA = frozenset({
    "DZ", "AO", "BJ", "BW", "BF", "BI", "CV", "CM", "CF", "TD", "KM", "CG", "CD", "CI", "DJ",
    "EG", "GQ", "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE", "LS", "LR", "LY", "MG",
    "MW", "ML", "MR", "MU", "MA", "MZ", "NA", "NE", "NG", "RW", "ST", "SN", "SC", "SL", "SO",
    "ZA", "SS", "SD", "TZ", "TG", "TN", "UG", "ZM", "ZW",
})


def _all_countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


# Erasmus+ "Partner Countries" (since 2021: "third countries not associated to the programme")
# are every country that is not a programme country.
ERASMUS_PARTNER_COUNTRIES = _all_countries() - ERASMUS_PROGRAMME_COUNTRIES

REGIONS: dict[str, frozenset[str]] = {
    "central-asia": CENTRAL_ASIA,
    "cis": CIS,
    "eu-member-states": EU_MEMBER_STATES,
    "erasmus-programme-countries": ERASMUS_PROGRAMME_COUNTRIES,
    "erasmus-partner-countries": ERASMUS_PARTNER_COUNTRIES,
    "western-balkans": WESTERN_BALKANS,
    "eastern-partnership": EASTERN_PARTNERSHIP,
    "south-caucasus": SOUTH_CAUCASUS,
    "dac-list": DAC_LIST,
    "africa": AFRICA,
}
