"""Host universities named in titles and summaries (en/ru/uz), as names; linking is elsewhere."""

import pytest

from crawlers.normalize.hosts import find_host_institution


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # English: a capitalised name after "at" / "hosted by"
        ("Paid Summer Research Internships 2027 at the Helvetic Institute of Applied Technology",
         "Helvetic Institute of Applied Technology"),
        ("Doctoral scholarships at the Technical University of Munich (TUM), 2027",
         "Technical University of Munich"),
        ("50% Scholarship at University of Sheffield, UK – 2018", "University of Sheffield"),
        ("AfricaDev Scholarships at Loughborough University, 2018 – Apply",
         "Loughborough University"),
        ("Excellence Scholarships at University of New Brunswick, Canada – 2018",
         "University of New Brunswick"),
        ("Fellowships at King Abdullah University of Science and Technology (KAUST)",
         "King Abdullah University of Science and Technology"),
        ("Summer school hosted by KTH Royal Institute of Technology",
         "KTH Royal Institute of Technology"),
        ("Host: RWTH Aachen University and other German universities", "RWTH Aachen University"),
        # Russian: prepositional case after "в", given back in the nominative
        ("Стажировка в Казанском федеральном университете для молодых учёных",
         "Казанский федеральный университет"),
        ("Летняя школа в Московском государственном техническом университете им. Н. Э. Баумана",
         "Московский государственный технический университет им. Н. Э. Баумана"),
        ("Конференция пройдёт в Новосибирском государственном университете",
         "Новосибирский государственный университет"),
        ("Принимающая организация: МГТУ им. Н. Э. Баумана", "МГТУ им. Н. Э. Баумана"),
        # Uzbek: locative suffix on the noun, name words before it
        ("Yosh olimlar Seul milliy universitetida ilmiy stajirovka o'tadi.",
         "Seul milliy universiteti"),
        ("Talabalar Toshkent davlat texnika universitetida tahsil oladi",
         "Toshkent davlat texnika universiteti"),
        ("Toshkentdagi Inha universitetida yozgi maktab", "Inha universiteti"),
        ("Ёш олимлар Сеул миллий университетида стажировка ўтайди", "Сеул миллий университети"),
    ],
)
def test_host_named(text, name):
    found = find_host_institution(text)
    assert found is not None
    assert found.name == name
    assert found.evidence


@pytest.mark.parametrize(
    "text",
    [
        "$5,000 Vice-Chancellor Scholarships at Manchester, UK 2018",  # a city, no institution
        "Exchange semester at our partner universities",
        "Study at Partner University",  # a common noun written in title case
        "Enrolled at a university outside Switzerland",
        "Places at Korean universities",
        "Research visits at MIT and Harvard University",  # two names run together: not guessed
        "Обучение в нашем университете",
        "Обучение в государственных вузах России",
        "dunyoning yetakchi universitetlarida magistratura",  # plural, no name
        "",
        None,
    ],
)
def test_no_host_named(text):
    assert find_host_institution(text) is None


def test_a_funders_institute_in_a_summary_is_not_a_host():
    # NIH abstracts: "at the National Institute of …" is the funder's own institute.
    summary = (
        "The Division of Kidney, Urologic, and Hematologic Diseases (KUH) at the National "
        "Institute of Diabetes and Digestive and Kidney Diseases (NIDDK) supports training."
    )
    assert find_host_institution(summary, summary=True) is None
    found = find_host_institution("Offers at Harbin Institute of Technology.", summary=True)
    assert found is not None and found.name == "Harbin Institute of Technology"
