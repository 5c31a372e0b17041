"""Stopwords for English, Russian and Uzbek (Latin and Cyrillic), already in normalised form."""

# Normalised form = lower-case, "ё" -> "е", apostrophes removed (see matcher.tokenize), so
# Uzbek "bo'yicha" is listed as "boyicha". Domain words ("grant", "programme") are kept on
# purpose: corpus-wide IDF discounts them without hiding a profile that really asks for them.
ENGLISH = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either etc few for from
further had has have having he her here hers him his how i if in into is it its itself just me
more most my no nor not now of off on once only or other our ours out over own per same she
should so some such than that the their theirs them then there these they this those through to
too under until up upon us very via was we were what when where which while who whom why will
with within without would yet you your yours
"""

RUSSIAN = """
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для
до его ее ей ему если есть еще же за здесь и из или им их к как ко когда кто ли либо мне может
мы на над не него нее нет ни них но ну о об однако он она они оно от по под при с со так также
такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы чье эта эти
это этот я которые который которая которое которых
"""

UZBEK = """
va bilan uchun bu ham yoki da ga dan ni ning esa lekin ammo agar bir har hamda boyicha orqali
kabi uning ular biz siz men sen shu shuning ushbu u emas yana keyin oldin qadar endi hamma
ва билан учун бу ҳам ёки лекин аммо агар бир ҳар ҳамда бўйича орқали каби унинг улар биз сиз
шу ушбу у эмас яна кейин олдин қадар энди ҳамма
"""

STOPWORDS = frozenset(" ".join((ENGLISH, RUSSIAN, UZBEK)).split())

# Words that fit almost every call: they may still score a little (a corpus of calls on one
# theme has its own IDF), but never alone make a call "match your interests". Normalised,
# not stemmed; matcher.tokenize stems them. Topics built from them ("international
# relations", "technology transfer") are glossary concepts (matcher.glossary_terms).
_GENERIC = """
    research researcher researchers international technology technologies technological
    management manager programme program programmes programs development innovation
    innovative science sciences scientific study studies university universities project
    projects education educational training student students applied advanced modern global
    new system systems application applications method methods practice field fields area
    areas topic topics network networks cooperation partnership partnerships excellence young
    academic higher institution institutions call calls grant grants support opportunity
    opportunities work skills capacity building leadership leaders solutions sustainable
    исследование исследования исследований международный международная международные
    международных технология технологии технологий управление управления программа программы
    развитие развития инновации инновационный наука науки научный научные научных университет
    университета проект проекта проекты образование образования обучение обучения студент
    студенты студентов система системы современный глобальный академический высшее
    сотрудничество грант гранты
    tadqiqot tadqiqotlar xalqaro texnologiya texnologiyalar boshqaruv dastur dasturi
    rivojlanish innovatsiya innovatsion fan fanlar ilmiy universitet loyiha loyihalar talim
    talaba talabalar tizim zamonaviy akademik oliy hamkorlik grant
"""
GENERIC_WORDS = frozenset(_GENERIC.split())
