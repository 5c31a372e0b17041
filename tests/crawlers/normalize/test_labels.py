"""Labelled lines in feed summaries ("Deadline: …", "Срок подачи: …", "Topshirish muddati: …")."""

import pytest

from crawlers.normalize.labels import deadline_phrases, labelled, labelled_lines


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # English (WordPress scholarship blogs, university news feeds)
        ("Deadline: 31 March 2027", "deadline", "31 March 2027"),
        ("• Application deadline: 15 January 2027 (23:59 CET)", "deadline",
         "15 January 2027 (23:59 CET)"),
        ("Nomination deadline: 15 October 2026", "deadline", "15 October 2026"),
        ("Closing date: 1 May 2027", "deadline", "1 May 2027"),
        ("Funding: €1,000 per month and a one-off travel allowance of €500", "amount",
         "€1,000 per month and a one-off travel allowance of €500"),
        ("Amount: up to USD 50,000", "amount", "up to USD 50,000"),
        ("Stipend: CHF 2,200 per month; travel and accommodation support", "amount",
         "CHF 2,200 per month; travel and accommodation support"),
        ("Who can apply: PhD candidates of all nationalities", "eligibility",
         "PhD candidates of all nationalities"),
        ("Who could apply: master's and PhD students", "eligibility", "master's and PhD students"),
        ("Eligibility: citizens of Central Asian countries", "eligibility",
         "citizens of Central Asian countries"),
        ("Level: Master's, PhD", "level", "Master's, PhD"),
        ("Host: RWTH Aachen University and other German universities", "host",
         "RWTH Aachen University and other German universities"),
        # Russian
        ("Срок подачи: до 15 января 2027 г.", "deadline", "до 15 января 2027 г."),
        ("Срок подачи заявок: до 1 марта 2027 года", "deadline", "до 1 марта 2027 года"),
        ("Крайний срок: 30 сентября 2026 г.", "deadline", "30 сентября 2026 г."),
        ("Размер: 500 000 рублей", "amount", "500 000 рублей"),
        ("Размер стипендии: 500 000 рублей на год", "amount", "500 000 рублей на год"),
        ("Финансирование: €180 в день и €530 на проезд", "amount", "€180 в день и €530 на проезд"),
        ("Кто может подать: граждане Узбекистана и других стран СНГ.", "eligibility",
         "граждане Узбекистана и других стран СНГ."),
        ("Требования: граждане Узбекистана в возрасте до 35 лет", "eligibility",
         "граждане Узбекистана в возрасте до 35 лет"),
        ("Уровень: бакалавриат, магистратура", "level", "бакалавриат, магистратура"),
        # Uzbek (Latin with any apostrophe, and Cyrillic)
        ("Topshirish muddati: 2027-yil 15-fevral", "deadline", "2027-yil 15-fevral"),
        ("Hujjatlarni topshirish muddati: 2027-yil 1-martgacha", "deadline",
         "2027-yil 1-martgacha"),
        ("Roʻyxatdan oʻtish muddati: 2027-yil 10-mart", "deadline", "2027-yil 10-mart"),
        ("Ҳужжатларни топшириш муддати: 2027 йил 20 февраль", "deadline", "2027 йил 20 февраль"),
        ("Kim topshirishi mumkin: O'zbekiston Respublikasi fuqarolari", "eligibility",
         "O'zbekiston Respublikasi fuqarolari"),
        ("Kimlar uchun: bakalavriat va magistratura talabalari", "eligibility",
         "bakalavriat va magistratura talabalari"),
        ("Stipendiya: oyiga 1 500 AQSh dollari", "amount", "oyiga 1 500 AQSh dollari"),
        ("Grant miqdori: 50 000 000 so'mgacha", "amount", "50 000 000 so'mgacha"),
        ("Daraja: magistratura, doktorantura (PhD)", "level", "magistratura, doktorantura (PhD)"),
    ],
)
def test_labelled_line(text, fact, value):
    found = labelled(text, fact)
    assert [item.value for item in found] == [value]
    assert found[0].line.endswith(value.rstrip(" ;,"))


def test_lines_of_a_blog_post_are_read_one_by_one():
    summary = (
        "The Silk Road Government Scholarship funds full-degree study.\n"
        "Level: bachelor's, master's, PhD\n"
        "Funding: full tuition and a monthly stipend of CNY 3,000\n"
        "Deadline: 31 March 2027\n"
        "Eligibility: non-Chinese citizens in good health."
    )
    facts = {item.fact: item.value for item in labelled_lines(summary)}
    assert facts == {
        "level": "bachelor's, master's, PhD",
        "amount": "full tuition and a monthly stipend of CNY 3,000",
        "deadline": "31 March 2027",
        "eligibility": "non-Chinese citizens in good health.",
    }


def test_lines_run_together_are_cut_at_the_next_label():
    # What a summary looks like once its <li> markup was collapsed to one line.
    summary = (
        "A two-week summer school. Level: master's and PhD students Funding: €800 travel grant; "
        "tuition and accommodation free Deadline: 30 April 2026 Eligibility: citizens of Central "
        "Asian countries."
    )
    facts = {item.fact: item.value for item in labelled_lines(summary)}
    assert facts["amount"] == "€800 travel grant; tuition and accommodation free"
    assert facts["deadline"] == "30 April 2026"
    assert facts["eligibility"] == "citizens of Central Asian countries."


def test_labels_that_are_not_read_still_end_a_value():
    facts = labelled_lines("Deadline: 1 May 2027 Duration: 3 months Country: Germany")
    assert [(item.fact, item.value) for item in facts] == [("deadline", "1 May 2027")]


@pytest.mark.parametrize(
    "text",
    [
        "The deadline: see the call text.",  # lower-case inside a sentence: prose, not a label
        "Deadline 31 March 2027",  # no colon
        "Ask the funding body: they decide.",
        "",
        None,
    ],
)
def test_no_label(text):
    assert labelled_lines(text) == []


def test_lower_case_label_mid_sentence_is_not_read():
    assert labelled("Please note the deadline: 1 May 2027.", "deadline") == []
    assert labelled("Please note.\ndeadline: 1 May 2027", "deadline")[0].value == "1 May 2027"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Applications are due by 15 March 2027.", ["Applications are due by 15 March 2027."]),
        ("The deadline for applications is 1 June 2027. Good luck!",
         ["The deadline for applications is 1 June 2027."]),
        ("Applications must be submitted by 20 January 2027 via the portal.",
         ["Applications must be submitted by 20 January 2027 via the portal."]),
        ("Заявки принимаются до 1 марта 2027 г.", ["Заявки принимаются до 1 марта 2027 г."]),
        ("Hujjatlar 2027-yil 1-martgacha qabul qilinadi.",
         ["Hujjatlar 2027-yil 1-martgacha qabul qilinadi."]),
        # Dates that are not deadlines: no phrase, nothing read.
        ("The selection committee will inform all applicants by 15 December 2026.", []),
        ("The winter school runs from 1 to 12 February 2027.", []),
    ],
)
def test_deadline_phrases(text, expected):
    assert deadline_phrases(text) == expected
