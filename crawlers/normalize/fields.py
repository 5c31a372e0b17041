"""Fields of study: a small controlled list after the OECD Fields of Science (FOS 2007), matched
by keyword stems in English, Russian and Uzbek."""

import re

from crawlers.normalize.text import fold

# Field id -> (OECD FOS code, keyword pattern). Stems match at a word start ("физик" -> "физики").
_RULES: dict[str, tuple[str, str]] = {
    "mathematics": ("1.1", r"mathemat|\bmaths?\b|statistic|математ|статистик|matematik"),
    "computer-science": ("1.2", (
        r"computer|computing|informatics|information technolog|\bict\b|\bit\b(?= (?:sector|field|"
        r"specialists?))|artificial intelligence|\bai\b|machine learning|data science|software|"
        r"cyber|информатик|информационн\w* технолог|искусственн\w* интеллект|программ\w+ обеспеч|"
        r"axborot texnolog|dasturlash|sun'iy intellekt|kompyuter|компьютер"
    )),
    "physics": ("1.3", r"physics|astronom|astrophys|физик|астроном|fizika|fizik"),
    "chemistry": ("1.4", r"chemistry|chemical sciences|\bхими|kimyo"),
    "earth-environmental-sciences": ("1.5", (
        r"earth science|geolog|geophys|climate|environmental science|ecology|oceanograph|"
        r"meteorolog|геолог|климат|эколог|экологи|ekologiya|iqlim|geologiya"
    )),
    "biology": ("1.6", (
        r"biolog|genetic|genomic|molecular|microbio|neurosci|biodivers|биолог|генети|"
        r"микробиолог|biologiya|genetika"
    )),
    "civil-engineering": ("2.1", (
        r"civil engineering|construction|architect|structural engineering|строител|архитектур|"
        r"qurilish|arxitektura"
    )),
    "electrical-engineering": ("2.2", (
        r"electrical|electronic|telecommunicat|power engineering|электротех|электрон|"
        r"телекоммуникац|elektrotexnika|elektronika|telekommunikatsiya"
    )),
    "mechanical-engineering": ("2.3", (
        r"mechanical engineering|mechatronic|robotic|aerospace|automotive|машиностро|механик|"
        r"мехатрон|робот|mashinasozlik|mexanika|robototexnika"
    )),
    "chemical-engineering": ("2.4", r"chemical engineering|химическ\w* технолог|kimyo texnologiya"),
    "materials-engineering": ("2.5", (
        r"materials? (?:science|engineering)|metallurg|nanomaterial|материаловед|металлург|"
        r"materialshunoslik|metallurgiya"
    )),
    "environmental-engineering": ("2.7", (
        r"environmental engineering|renewable|energy|water (?:management|resources)|"
        r"энергети|возобновляем|водн\w* ресурс|energetika|qayta tiklanuvchi|suv resurs"
    )),
    "biotechnology": ("2.9", r"biotechnolog|биотехнолог|biotexnologiya"),
    "medical-health-sciences": ("3", (
        r"medic|clinical|health|disease|patholog|pharmac|nursing|dentist|public health|"
        r"biomedical|cancer|oncolog|медицин|здравоохран|клиническ|фармац|tibbiyot|sog'liq|"
        r"farmatsevt|соғлиқ|тиббиёт"
    )),
    "agricultural-sciences": ("4", (
        r"agricultur|agronom|veterinar|forestry|fisheries|food security|animal science|"
        r"сельск\w* хозяйств|агроном|ветеринар|qishloq xo'jalig|agronomiya|veterinariya"
    )),
    "psychology": ("5.1", r"psycholog|психолог|psixologiya"),
    "economics-business": ("5.2", (
        r"econom|business|management|finance|accounting|entrepreneur|экономик|бизнес|менеджмент|"
        r"финанс|iqtisod|biznes|moliya|tadbirkorlik"
    )),
    "education": ("5.3", (
        r"\beducation(?:al)? (?:science|research|studies)|pedagog|teacher training|педагог|"
        r"pedagogika"
    )),
    "law": ("5.5", r"\blaw\b|legal studies|jurisprud|\bправо\b|юриспруд|huquqshunoslik|\bhuquq"),
    "social-sciences": ("5", (
        r"sociolog|political science|international relations|public policy|anthropolog|"
        r"media|journalism|communication studies|human geograph|социолог|политолог|"
        r"международн\w* отношени|журналист|sotsiologiya|siyosatshunoslik|xalqaro munosabat|"
        r"jurnalistika"
    )),
    "humanities-arts": ("6", (
        r"humanities|history|philosoph|linguistic|literature|languages|\barts?\b|music|"
        r"religio|archaeolog|cultural heritage|гуманитар|истори|философ|лингвист|литератур|"
        r"искусств|tarix|falsafa|tilshunoslik|adabiyot|san'at"
    )),
}

FIELDS: dict[str, str] = {field: code for field, (code, _) in _RULES.items()}
_PATTERNS = {
    field: re.compile(rf"(?<![^\W\d_])(?:{pattern})") for field, (_, pattern) in _RULES.items()
}


def find_fields(text: object) -> list[str]:
    """Controlled field ids named in ``text``, in the list's order; never raises."""
    try:
        folded = fold(text)
    except Exception:  # never crash a crawl on odd input
        return []
    return [field for field, pattern in _PATTERNS.items() if pattern.search(folded)]
