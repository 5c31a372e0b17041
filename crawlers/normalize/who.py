"""Who may apply beyond nationality: residence, employer location, applicant type, title-only rules.

Reads en/ru/uz sentences into ``domain.eligibility.EligibilityFacts``:
- residence ("residents of X", "living in X", "проживающие в X", "X da doimiy yashovchi") is
  not citizenship, and "regardless of nationality" next to it opens nationality;
- employment ("working at an institution located in X", "работающие в вузах X",
  "X oliy ta'lim muassasalarida ishlaydigan");
- applicant type ("applications must be submitted by an organisation", "the applicant is the
  university", "заявителем является вуз", "ariza tashkilot tomonidan topshiriladi");
- restrictions written only in the title ("… — Uzbek Citizens Only", "для граждан Узбекистана").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from crawlers.normalize.countries import (
    EligibilityInfo,
    Mention,
    _find_mentions,
    eligible_countries,
    shorten,
)
from crawlers.normalize.text import clean, fold, item_language, sentences
from domain import country_groups
from domain.eligibility import (
    APPLICANT,
    EMPLOYMENT,
    NATIONALITY,
    RESIDENCE,
    Applicant,
    EligibilityFacts,
)

_RESIDENCE = re.compile(
    r"\b(?:permanent |legal |current )?residents? (?:of|in)\b|\bresiding in\b|\breside in\b|"
    r"\bliving in\b|\bresidence in\b|"
    r"\bresident in\b|\bdomiciled in\b|"
    r"проживающ\w*|прожива\w+ в\b|резидент\w*|постоянно прожива\w*|вид на жительство|"
    r"yashovchi|yashaydigan|istiqomat qiluvchi|rezident\w*|doimiy yash\w*|яшовчи|истиқомат"
)
_EMPLOYMENT = re.compile(
    r"\b(?:based|employed|working) (?:at|by) (?:an? |the )?(?:\w+ ){0,2}(?:institution|universit\w*|"
    r"organi[sz]ation|employer|research (?:centre|center|institute))\w* (?:located |based )?in\b|"
    r"\b[\w-]+-based (?:researchers|scientists|academics|faculty|staff|institutions|organi[sz]ations)\b|"
    r"\b(?:working|employed|work|works|affiliated|appointed)\b[^.;]{0,60}?\b(?:at|in|by|with)\b"
    r"[^.;]{0,60}?\b(?:located|based|established|registered)? ?in\b|"
    r"\b(?:staff|faculty|employees|researchers|lecturers|academics) (?:of|at|from) "
    r"(?:an? |the )?(?:universit\w*|institution\w*|organi[sz]ations?|higher education institutions?) "
    r"(?:located |based |established )?in\b|"
    r"работающ\w*|сотрудник\w* (?:вуз\w*|университет\w*|организаци\w*|учреждени\w*)|"
    r"преподавател\w* (?:вуз\w*|университет\w*)|"
    r"ishlaydigan|ishlovchi|faoliyat yurituvchi|xodimlari|ишлайдиган|ходимлари"
)
_REGARDLESS = re.compile(
    r"regardless of (?:their )?(?:nationality|citizenship)|irrespective of (?:nationality|"
    r"citizenship)|независимо от гражданства|вне зависимости от гражданства|"
    r"fuqaroligidan qat'i nazar|фуқаролигидан қатъи назар"
)
_CITIZEN_WORD = re.compile(r"citizen|national\b|nationals|nationality|passport|граждан|fuqaro|фуқаро")
_INSTITUTION = re.compile(
    r"applications? (?:must|shall|should|can only|may only) be (?:submitted|made|filed) by "
    r"(?:an? |the )?(?:organi[sz]ation|institution|universit|legal entit|host institution|"
    r"coordinator|consorti|higher education institution)|"
    r"\bthe applicant (?:is|must be|shall be) (?:an? |the )?(?:organi[sz]ation|institution|"
    r"universit|legal entit|higher education institution|host institution)|"
    r"\b(?:eligible |only )?applicants? (?:are|must be) (?:legal entities|organi[sz]ations|"
    r"institutions|universities|higher education institutions)|"
    r"\bonly (?:legal entities|organi[sz]ations|institutions|universities)\b[^.;]{0,60}?"
    r"\b(?:may|can) (?:apply|submit)|"
    r"\bindividuals? (?:are|is) not eligible|\bapplications from individuals (?:are|will) not|"
    r"\bproposals? (?:must|shall) be submitted by (?:a |an |the )?(?:consorti|coordinator|"
    r"legal entit|organi[sz]ation)|"
    r"заявк\w* (?:подаёт|подает|подаются|подаётся|подается)[^.;]{0,20}?"
    r"(?:организаци|вуз|университет|учреждени|юридическ)|"
    r"заявител\w* (?:является|выступает|может быть только) (?:\w+ )?(?:вуз|университет|"
    r"организаци|учреждени|юридическ)|(?:к участию )?допускаются (?:только )?юридические лица|"
    r"физические лица не (?:могут|допускаются)|"
    r"ariza\w* (?:faqat )?(?:tashkilot|muassasa|universitet|oliy ta'lim muassasasi|yuridik shaxs)"
    r"\w* (?:tomonidan )?(?:topshiriladi|beriladi)|"
    r"ariza beruvchi[^.;]{0,5}(?:tashkilot|muassasa|universitet|oliy ta'lim|yuridik shaxs)|"
    r"yuridik shaxslar (?:ishtirok etadi|ariza)|jismoniy shaxslar (?:ishtirok eta olmaydi|"
    r"qatnasha olmaydi|ariza topshira olmaydi)"
)
_INDIVIDUAL = re.compile(
    r"\bindividuals? (?:may|can) apply|\bapplicants? must be (?:an )?individuals?|"
    r"\bopen to individual (?:researchers|students|applicants)|"
    r"\binstitutions? (?:may|can)not apply|^\W*individuals\W*$"
)
# Organisation types in an eligibility field (Grants.gov, NIH "Eligible Organizations").
_ORG_LIST = re.compile(
    r"higher education institutions|institutions of higher education|nonprofits? |"
    r"for-profit organi[sz]ations|small businesses|state governments|county governments|"
    r"\beligible organi[sz]ations\b"
)
# Applicant types that only exist in the United States (Grants.gov eligibility categories).
_US_ONLY_TYPES = re.compile(
    r"\b(?:state|county|city or township|special district) governments\b|"
    r"independent school districts|native american tribal|indian housing|"
    r"public housing authorities|501\(c\)\(3\)|with the irs|federally recognized"
)
_OTHER_TYPES = re.compile(
    r"institutions? of higher education|higher education institutions|small business|"
    r"for.profit|unrestricted|individuals|foreign|non-domestic|others? \(see"
)
_TITLE_RULE = re.compile(
    r"citizens?\b|nationals\b|\bonly\b|residents\b|граждан|резидент|fuqaro|фуқаро|rezident"
)


# Open enumerations: the countries named are examples ("countries such as A, B and C").
_OPEN_BEFORE = re.compile(
    r"\bsuch as\b|\bincluding\b|\bincl\.|\bfor (?:example|instance)\b|\be\.\s?g\.|"
    r"\b(?:countries|states|nations) like\b|\bamong (?:them|others)\b|"
    r"\bв том числе\b|\bтак\w+(?: \w+)?,? как\b|\bнапример\b|\bвключая\b|\bк примеру\b|"
    r"\bmasalan\b|\bjumladan\b|\bmisol uchun\b|\bмасалан\b|\bжумладан\b"
)
_OPEN_AFTER = re.compile(
    r"\bkabi\b|\bкаби\b|\bva boshqa\b|\bи други\w*|\bи др\b|\band other\b|\betc\b"
)
_OPEN_GAP_BEFORE, _OPEN_GAP_AFTER = 12, 20  # characters between the cue and the list


_CITIZEN_AFTER = re.compile(
    r"\W*(?:citizens?|nationals?|residents?|passport holders|fuqaro|rezident|фуқаро)"
)


@dataclass(frozen=True, slots=True)
class Place:
    """Countries a residence or employment phrase names, with the groups and sentence."""

    codes: frozenset[str]
    groups: tuple[str, ...]
    sentence: str


def _places_after(sentence: str, cue: re.Pattern[str]) -> Place | None:
    folded = fold(sentence)
    found = cue.search(folded)
    if not found:
        return None
    mentions = [m for m in _find_mentions(sentence) if m.end > found.start() - 40]
    mentions += _union_mentions(sentence, folded)
    # "X da yashovchi" / "в X проживающие": Uzbek and Russian may name the place before the cue.
    near = [m for m in mentions if abs(m.start - found.end()) < 80 or abs(found.start() - m.end) < 40]
    if not near:
        return None
    codes = frozenset().union(*(m.codes for m in near if not m.negated))
    groups = tuple(dict.fromkeys(m.value for m in near if m.is_region))
    return Place(codes, groups, sentence) if codes else None


# "an institution in the European Union", "EU-based": the bare name is a place only here.
_EU_PLACE = re.compile(r"\b(?:in (?:the )?(?:european union|eu)\b|eu-based\b|"
                       r"в (?:европейском союзе|ес)\b|yevropa ittifoqida)")


def _union_mentions(sentence: str, folded: str) -> list:
    return [Mention("eu-member-states", True, m.start(), m.end()) for m in _EU_PLACE.finditer(folded)]


def _language(text: str) -> str | None:
    return item_language("", text)


def read_who(
    eligibility_text: str, title: str = "", info: EligibilityInfo | None = None
) -> EligibilityFacts:
    """Every "who may apply" fact of a call; ``info`` is the nationality reading already done."""
    try:
        return _read(clean(eligibility_text) and eligibility_text, title, info)
    except Exception:  # a normaliser never crashes a crawl
        return EligibilityFacts()


def _read(text: str, title: str, info: EligibilityInfo | None) -> EligibilityFacts:
    info = info if info is not None else eligible_countries(text)
    facts = EligibilityFacts(language=_language(text or title))
    residence = employment = None
    regardless = False
    for sentence in sentences(text or ""):
        folded = fold(sentence)
        regardless |= bool(_REGARDLESS.search(folded))
        if employment is None and _EMPLOYMENT.search(folded):
            employment = _places_after(sentence, _EMPLOYMENT)
            if employment is not None:
                continue
        if residence is None and _RESIDENCE.search(folded) and not _negated_residence(folded):
            residence = _places_after(sentence, _RESIDENCE)
    nationality_from_place = False
    if residence is not None:
        facts = replace(facts, residence=tuple(sorted(residence.codes)),
                        residence_groups=residence.groups)
        facts = facts.with_evidence(RESIDENCE, shorten(residence.sentence))
        nationality_from_place |= not _CITIZEN_WORD.search(fold(residence.sentence))
    if employment is not None:
        facts = replace(facts, employment=tuple(sorted(employment.codes)),
                        employment_groups=employment.groups)
        facts = facts.with_evidence(EMPLOYMENT, shorten(employment.sentence))
        nationality_from_place |= not _CITIZEN_WORD.search(fold(employment.sentence))
    facts = _nationality(facts, info, regardless, nationality_from_place, residence, employment)
    if facts.nationalities and _open_enumeration(text, info):
        facts = replace(facts, nationalities_open=True)
    folded = fold(text or "")
    if not facts.says_nationality and _US_ONLY_TYPES.search(folded) and not _OTHER_TYPES.search(
        folded
    ):  # "County governments; Native American tribal governments": US bodies only
        facts = replace(facts, nationalities=("US",)).with_evidence(NATIONALITY, shorten(text))
    if not facts.says_nationality and title:
        facts = _title_rule(facts, title)
    return _applicant(facts, text or "")


def _negated_residence(folded: str) -> bool:
    return bool(re.search(r"\bnot (?:have )?(?:resided|lived)|не (?:должен|должны)\w* прожива|"
                          r"yashamagan", folded))


def _nationality(facts, info, regardless, from_place, residence, employment) -> EligibilityFacts:
    """The nationality part: what countries.py read, minus what was residence or employment."""
    if regardless:
        return replace(facts, any_nationality=True).with_evidence(NATIONALITY, info.evidence)
    place_codes = set()
    for place in (residence, employment):
        if place is not None:
            place_codes |= place.codes
    countries = set(info.countries)
    if from_place and countries and countries <= place_codes and info.evidence and (
        (residence and info.evidence in residence.sentence)
        or (employment and info.evidence in employment.sentence)
    ):
        countries = set()  # "residents of X": a place, not a nationality
    if not (countries or info.any_nationality or info.excluded):
        return facts
    groups = tuple(r for r in info.regions if country_groups.members(r) & countries)
    excluded_groups = tuple(
        r for r in info.regions if set(country_groups.members(r)) <= set(info.excluded)
    )
    return replace(
        facts,
        nationalities=tuple(sorted(countries)),
        nationality_groups=groups,
        any_nationality=info.any_nationality,
        excluded=tuple(info.excluded),
        excluded_groups=excluded_groups,
    ).with_evidence(NATIONALITY, info.evidence)


def _open_enumeration(text: str, info: EligibilityInfo) -> bool:
    """True when the nationalities read are examples of an unnamed set: "countries such as
    A, B and C", "в том числе A и B", "A, B kabi davlatlar". A named group ("Central Asian
    countries, including A") is a closed list: the group."""
    if info.regions or info.any_nationality or not info.countries:
        return False
    listed = set(info.countries)
    for sentence in sentences(text or ""):
        folded = fold(sentence)
        named = [m for m in _find_mentions(sentence)
                 if not m.is_region and not m.negated and m.value in listed]  # fmt: skip
        if not named:
            continue
        first, last = min(m.start for m in named), max(m.end for m in named)
        for cue in _OPEN_BEFORE.finditer(folded):
            if cue.end() <= first and first - cue.end() <= _OPEN_GAP_BEFORE:
                return True
        for cue in _OPEN_AFTER.finditer(folded):
            if cue.start() >= last and cue.start() - last <= _OPEN_GAP_AFTER:
                return True
    return False


def _title_rule(facts: EligibilityFacts, title: str) -> EligibilityFacts:
    """"… — Uzbek Citizens Only", "… for Kazakh nationals", "для граждан Узбекистана"."""
    folded = fold(title)
    if not facts.employment and _EMPLOYMENT.search(folded):
        place = _places_after(title, _EMPLOYMENT)
        if place is not None:  # "Data Grants for EU-Based Researchers"
            return replace(facts, employment=tuple(sorted(place.codes)),
                           employment_groups=place.groups).with_evidence(EMPLOYMENT, title)
    if not _TITLE_RULE.search(folded):
        return facts
    mentions = [
        m for m in _find_mentions(title)
        if m.about_people or m.is_region
        or _CITIZEN_AFTER.match(folded[m.end:m.end + 20])
        or re.search(r"граждан\w*\s+(?:стран\w*\s+)?$", folded[:m.start])
        or re.search(r"\b(?:citizens?|nationals|residents) of (?:the )?$", folded[:m.start])
    ]
    if not mentions:
        return facts
    codes = frozenset().union(*(m.codes for m in mentions))
    if re.search(r"\bresidents?\b|резидент|прожива|yashovchi|rezident", folded):
        return replace(facts, residence=tuple(sorted(codes))).with_evidence(RESIDENCE, title)
    groups = tuple(m.value for m in mentions if m.is_region)
    return replace(
        facts, nationalities=tuple(sorted(codes)), nationality_groups=groups
    ).with_evidence(NATIONALITY, title)


def _applicant(facts: EligibilityFacts, text: str) -> EligibilityFacts:
    folded = fold(text)
    institution = _INSTITUTION.search(folded)
    individual = _INDIVIDUAL.search(folded)
    if institution and not individual:
        kind, found = Applicant.INSTITUTION, institution
    elif individual and not institution:
        kind, found = Applicant.INDIVIDUAL, individual
    elif not institution and not individual and len(_ORG_LIST.findall(folded)) >= 2:
        kind, found = Applicant.INSTITUTION, _ORG_LIST.search(folded)
    else:
        return facts
    sentence = next((s for s in sentences(text) if found.group(0) in fold(s)), text[:200])
    return replace(facts, applicant=kind).with_evidence(APPLICANT, shorten(sentence))
