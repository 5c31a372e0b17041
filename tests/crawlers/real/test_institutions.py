"""crawlers.institutions.resolve: one institution per real university across THE, QS and ARWU."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawlers.institutions import acronym_in_parentheses, normalized_name, resolve
from domain.records import InstitutionRecord, RankEntry


def inst(name: str, country: str | None, system: str = "qs", rank: str = "1",
         year: int = 2022, aliases: list[str] | None = None) -> InstitutionRecord:
    slug = normalized_name(name).replace(" ", "-")
    return InstitutionRecord(
        id=f"inst/{slug}-{(country or 'xx').lower()}", name=name, country=country,
        aliases=aliases or [], ranks=[RankEntry(system, year, rank, None)],
    )


# (name in one ranking, name in another, country): the same university, spelled as the
# rankings spell it.
SAME = [
    ("Massachusetts Institute of Technology", "Massachusetts Institute of Technology (MIT)", "US"),
    ("Free University of Berlin", "Freie Universitaet Berlin", "DE"),
    ("University of Göttingen", "University of Goettingen", "DE"),
    ("Universität des Saarlandes", "Saarland University", "DE"),
    ("Korea Advanced Institute of Science and Technology (KAIST)",
     "KAIST - Korea Advanced Institute of Science & Technology", "KR"),
    ("Karlsruhe Institute of Technology", "KIT, Karlsruhe Institute of Technology", "DE"),
    ("Carlos III University of Madrid", "Universidad Carlos III de Madrid (UC3M)", "ES"),
    ("University of Essex", "Essex, University of", "GB"),
    ("University of Milan-Bicocca", "University of Milano-Bicocca", "IT"),
    ("Sabancı University", "Sabanci University", "TR"),
    ("Université Laval", "Laval University", "CA"),
    ("Universidade Federal do Rio de Janeiro", "Federal University of Rio de Janeiro", "BR"),
    ("Tokushima University", "The University of Tokushima", "JP"),
    ("Ulster University", "University of Ulster", "GB"),
    ("Al-Farabi Kazakh National University", "Al-Farabi Kazakh National University", "KZ"),
]

# Different universities whose names are close: never merged.
DIFFERENT = [
    ("University of Miami", "Miami University", "US"),
    ("University of Washington", "Washington University in St. Louis", "US"),
    ("Jinan University", "University of Jinan", "CN"),
    ("Southeast University", "Southwest University", "CN"),
    ("Hunan University", "Henan University", "CN"),
    ("National Cheng Kung University (NCKU)", "National Chung Cheng University", "TW"),
    ("University of Salerno", "University of Salento", "IT"),
    ("Meiji University", "Meijo University", "JP"),
    ("Northwest University", "Northwest A&F University", "CN"),
    ("Université Paris 1 Panthéon-Sorbonne", "Université Paris 8", "FR"),
    ("Tashkent State Technical University", "Tashkent State University", "UZ"),
    ("Kazan Federal University", "Kazan Medical University", "RU"),
    ("University of California, Berkeley", "University of California, Los Angeles", "US"),
]


@pytest.mark.parametrize(("one", "other", "country"), SAME)
def test_same_university_is_one_institution(one: str, other: str, country: str) -> None:
    known = [inst(one, country, "the", "50")]
    (merged,) = resolve([inst(other, country, "qs", "60")], known)
    assert merged.id == known[0].id
    assert merged.name == one
    assert sorted((r.system, r.rank) for r in merged.ranks) == [("qs", "60"), ("the", "50")]
    if other != one:
        assert other in merged.aliases


@pytest.mark.parametrize(("one", "other", "country"), DIFFERENT)
def test_close_names_stay_apart(one: str, other: str, country: str) -> None:
    known = [inst(one, country, "the")]
    (kept,) = resolve([inst(other, country, "qs")], known)
    assert kept.id != known[0].id
    assert kept.name == other


def test_same_name_in_another_country_is_another_institution() -> None:
    known = [inst("Saint Petersburg State University", "RU", "the")]
    (other,) = resolve([inst("Saint Petersburg State University", "US", "qs")], known)
    assert other.id != known[0].id


def test_without_a_country_only_an_exact_name_matches() -> None:
    known = [inst("University of Cape Town", "ZA", "the")]
    exact, close = resolve(
        [inst("University of Cape Town", None, "webometrics"),
         inst("University of Capetown", None, "webometrics")],
        known,
    )
    assert exact.id == known[0].id and exact.country == "ZA"
    assert close.id != known[0].id


def test_new_records_merge_with_each_other_and_keep_every_rank() -> None:
    batch = [
        inst("Massachusetts Institute of Technology", "US", "the", "=5"),
        inst("Massachusetts Institute of Technology (MIT)", "US", "qs", "1"),
        inst("Massachusetts Institute of Technology (MIT)", "US", "arwu", "4", 2021),
        inst("Massachusetts Institute of Technology", "US", "the", "5", 2023),
    ]
    (mit,) = resolve(batch, [])
    assert mit.id == batch[0].id
    assert mit.aliases == ["Massachusetts Institute of Technology (MIT)", "MIT"]
    assert [(r.system, r.year, r.rank) for r in mit.ranks] == [
        ("arwu", 2021, "4"), ("qs", 2022, "1"), ("the", 2022, "=5"), ("the", 2023, "5"),
    ]


def test_known_records_are_not_changed() -> None:
    known = [inst("University of Oxford", "GB", "the", "1")]
    resolve([inst("University of Oxford", "GB", "qs", "2", aliases=["Oxford"])], known)
    assert known[0].aliases == [] and len(known[0].ranks) == 1


def test_a_known_alias_matches() -> None:
    known = [inst("LMU Munich", "DE", "the",
                  aliases=["Ludwig-Maximilians-Universität München"])]
    (merged,) = resolve([inst("Ludwig-Maximilians-Universität München", "DE", "qs")], known)
    assert merged.id == known[0].id
    assert merged.aliases == ["Ludwig-Maximilians-Universität München"]


@pytest.mark.parametrize(
    ("name", "acronym"),
    [("Massachusetts Institute of Technology (MIT)", "MIT"),
     ("Universidad Carlos III de Madrid (UC3M)", "UC3M"),
     ("Al-Farabi Kazakh National University (KazNU)", "KazNU"),
     ("Universitat Pompeu Fabra (Barcelona)", None),
     ("Northwest University (China)", None),
     ("University of Oxford", None)],
)
def test_acronym_in_parentheses(name: str, acronym: str | None) -> None:
    assert acronym_in_parentheses(name) == acronym


@pytest.mark.shared
@pytest.mark.slow
def test_the_qs_and_arwu_saved_rankings_resolve_to_one_row_per_university(real, crawl) -> None:
    """The saved THE 2022, QS 2022 and ARWU 2021 files, crawled into one database, resolved."""
    files = [
        ("the-rankings", ("the-rankings", "the_data_2022_first900.json"),
         "/world_university_rankings_2022_0__e7070f0c2581be5fe6ab6392da206b36.json", {}),
        ("qs-rankings", ("qs-rankings", "qs_data_2022.txt"), "/qs/3740566.txt",
         {"options": {"year": 2022}}),
        ("arwu-rankings", ("arwu", "arwu_data_2021.json"), "/arwu/rank?version=2021", {}),
    ]
    routes = {path.split("?")[0]: real.file_route(real.saved(*parts), "application/json")
              for _, parts, path, _ in files}
    with real.serve_routes(routes) as site:
        for name, _, path, changes in files:
            run = crawl(real.local_copy(name, site.base + path, **changes))
    # What each ranking's crawl produced: one record per stored rank of that system.
    stored = run.institution_list()
    by_system = {
        system: [replace(i, aliases=list(i.aliases), ranks=[r]) for i in stored
                 for r in i.ranks if r.system == system]
        for system in ("the", "qs", "arwu")
    }
    assert [len(by_system[s]) for s in ("the", "qs", "arwu")] == [900, 1300, 1000]

    resolved = resolve(by_system["qs"] + by_system["arwu"], by_system["the"])
    by_id = {r.id: r for r in resolved}

    mit = by_id["inst/massachusetts-institute-of-technology-us"]
    assert mit.name == "Massachusetts Institute of Technology"
    assert {(r.system, r.year, r.rank) for r in mit.ranks} == {
        ("the", 2022, "=5"), ("qs", 2022, "1"), ("arwu", 2021, "4"),
    }
    assert "Massachusetts Institute of Technology (MIT)" in mit.aliases

    oxford = by_id["inst/university-of-oxford-gb"]
    assert {(r.system, r.rank) for r in oxford.ranks} == {("the", "1"), ("qs", "2"), ("arwu", "7")}
    # ARWU's "Moscow State University" is not matched to "Lomonosov Moscow State University":
    # a missing word is only accepted as an acronym (a known limit, never a wrong merge).
    moscow = by_id["inst/lomonosov-moscow-state-university-ru"]
    assert {(r.system, r.rank) for r in moscow.ranks} == {("the", "=158"), ("qs", "78")}
    hku = next(r for r in resolved if r.name == "University of Hong Kong")
    assert hku.country == "HK"
    assert {r.system for r in hku.ranks} == {"the", "qs", "arwu"}
    assert "The University of Hong Kong" in hku.aliases

    # Different universities stay apart.
    miami = [r for r in resolved if r.name in ("University of Miami", "Miami University")]
    assert len({r.id for r in miami}) == len(miami) >= 1
    # Every university of QS or ARWU is in the answer exactly once.
    names = [r.name for r in resolved] + [a for r in resolved for a in r.aliases]
    assert "Al-Farabi Kazakh National University" in names
    merged_onto_the = [r for r in resolved if r.id in {t.id for t in by_system["the"]}]
    assert len(merged_onto_the) > 600
