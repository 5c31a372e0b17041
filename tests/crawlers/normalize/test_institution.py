"""normalize_institution: ranking rows to institutions with ISO country and rank bands."""

import pytest

from crawlers.normalize.institution import normalize_institution, rank_lower_bound


@pytest.mark.parametrize(
    ("text", "lower"),
    [
        ("201–250", 201), ("201-250", 201), ("=15", 15), ("1001+", 1001), ("1", 1),
        ("#5", 5), ("501–600", 501), ("", None), (None, None), ("—", None), ("Reporter", None),
    ],
)
def test_rank_lower_bound(text, lower):
    assert rank_lower_bound(text) == lower


def test_a_ranking_row_becomes_an_institution():
    record = normalize_institution(
        {
            "item_type": "institution", "source": "the-rankings", "name": " University of Oxford ",
            "country_text": "United Kingdom", "url": "https://www.ox.ac.uk", "system": "THE",
            "year": "2022", "rank_text": "=1", "aliases": ["Oxford", "University of Oxford", ""],
        }
    )
    assert record.id == "inst/university-of-oxford-gb"
    assert record.name == "University of Oxford"
    assert record.country == "GB"
    assert record.aliases == ["Oxford"]
    [rank] = record.ranks
    assert (rank.system, rank.year, rank.rank, rank.rank_lower) == ("the", 2022, "=1", 1)


def test_band_is_kept_as_text():
    record = normalize_institution(
        {"name": "Tashkent State Technical University", "country_text": "Uzbekistan",
         "system": "qs", "year": 2022, "rank_text": "1001-1200"}
    )
    assert record.ranks[0].rank == "1001-1200"
    assert record.ranks[0].rank_lower == 1001
    assert record.id == "inst/tashkent-state-technical-university-uz"


def test_unknown_country_stays_none_and_id_still_stable():
    record = normalize_institution({"name": "Some Institute", "country_text": "Atlantis"})
    assert record.country is None
    assert record.id == "inst/some-institute"
    assert record.ranks == []


def test_missing_name_is_a_clear_value_error():
    with pytest.raises(ValueError, match="no name"):
        normalize_institution({"country_text": "Uzbekistan"})
