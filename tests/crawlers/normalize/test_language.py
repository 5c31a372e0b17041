"""An item's language from its own text (script, Uzbek markers); the declared one is a default."""

import pytest

from crawlers.normalize.text import detect_language, item_language, sentences


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("«Vatan kelajagi» jamgʻarmasi: 2027/2028 oʻquv yili uchun xorijda magistratura va "
         "doktorantura stipendiyalari", "uz"),
        ("Talabalar uchun xalqaro «Nazariy mexanika va mashinasozlik» olimpiadasi — 2027", "uz"),
        ("Amaliy tadqiqotlar uchun innovatsion grantlar — 2027", "uz"),
        ("Yosh muhandislar innovatsion g'oyalar tanlovi — 2027", "uz"),
        ("Ёш олимлар учун хорижий илмий стажировка грантлари — 2027", "uz"),
        ("Квота 2027/28: бесплатное обучение в вузах России для граждан Узбекистана", "ru"),
        ("Стипендия фонда «Наука Евразии» для аспирантов и молодых учёных 2026", "ru"),
        ("Paid Summer Research Internships 2027 at the Helvetic Institute of Applied Technology",
         "en"),
        # English words ending like Uzbek plurals ("scholar", "solar") are not Uzbek.
        ("Scholarships for solar energy scholars and molecular biologists from all countries",
         "en"),
        ("GAEC", None),
        ("2027", None),
        ("", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("declared", "text", "language"),
    [
        # A blog's channel says en-US; its Russian and Uzbek posts are not English.
        ("en-US", "Квота 2027/28: бесплатное обучение в вузах России", "ru"),
        ("en", "Talabalar uchun xalqaro olimpiada: ro'yxatdan o'tish muddati 2027-yil 10-mart",
         "uz"),
        ("en-US", "Fully funded Joint Master in Smart Grids, intake 2027, for all nationalities",
         "en"),
        # A declared Cyrillic-script language stands for Cyrillic text (uz-Cyrl without ў/қ).
        ("uz-Cyrl", "Ёш олимлар учун грантлар", "uz"),
        ("uz", "Илмий стажировка дастури", "uz"),
        ("ru", "Конкурс академической мобильности преподавателей", "ru"),
        # Unsure text keeps the declared language; nothing declared and nothing sure: None.
        ("de", "KA171 2027", "de"),
        (None, "KA171 2027", None),
        (None, "Магистратура в Германии", "ru"),
    ],
)
def test_item_language(declared, text, language):
    assert item_language(declared, text) == language


def test_sentences_keep_names_with_initials_whole():
    text = "Стажировка в МГТУ им. Н. Э. Баумана. Срок подачи: до 1 марта 2027 г."
    assert sentences(text)[0] == "Стажировка в МГТУ им. Н. Э. Баумана."


def test_sentences_split_at_semicolons_only_when_asked():
    text = "Who can apply: staff of partner universities; all nationalities. Deadline: 1 May."
    assert sentences(text) == [
        "Who can apply: staff of partner universities;", "all nationalities.", "Deadline: 1 May."
    ]
    assert sentences(text, at_semicolons=False)[0] == (
        "Who can apply: staff of partner universities; all nationalities."
    )
