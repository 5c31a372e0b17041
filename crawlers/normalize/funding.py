"""Whether a call says it is fully funded (full scholarship, full tuition waiver) in en/ru/uz."""

import re

from crawlers.normalize.text import fold

_FULLY_FUNDED = re.compile(
    r"fully[- ]funded|full(?:y)? (?:paid|covered)|full (?:scholarship|funding|ride|grant|bursary)|"
    r"full tuition(?: fee)? (?:waiver|coverage|scholarship)|full(?:-| )tuition waiver|"
    r"covers? all (?:costs|expenses)|all expenses (?:paid|covered)|"
    r"100 ?% (?:tuition|funded|scholarship)|"
    r"полное финансирование|полностью (?:финансируе|оплачива|покрыва)\w*|полная стипендия|"
    r"полное покрытие|бесплатное обучение и проживание|"
    r"to'liq (?:moliyala\w*|grant|stipendiya|qoplan\w*)|barcha xarajatlar\w* (?:qoplan|to'lan)\w*|"
    r"тўлиқ (?:молиялаштир\w*|грант|стипендия|қоплан\w*)"
)
_PARTIAL = re.compile(
    r"partial(?:ly)? (?:funded|scholarship|funding|tuition)|"
    r"частичн\w+ (?:финансир|стипенд|оплат)\w*|"
    r"qisman (?:moliyala\w*|grant|stipendiya)"
)


def fully_funded(text: object) -> bool | None:
    """True if the text says fully funded, False if partially, None when it says neither."""
    try:
        folded = fold(text)
    except Exception:  # never crash a crawl on odd input
        return None
    if _FULLY_FUNDED.search(folded):
        return True
    if _PARTIAL.search(folded):
        return False
    return None
