"""The 34 provincial units of 2025 and the 63 former names that resolve to them."""

import csv

import pytest

from core.reference.provinces import DATA_FILE, all_provinces, former_names_count, resolve_province


def _csv_rows() -> list[dict]:
    """The reference file read directly, independently of the module under test."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


FORMER_TO_UNIT = [(former.strip(), row["name_vi"])
                  for row in _csv_rows() for former in row["merged_from"].split(";")]


def test_there_are_34_units():
    """Vietnam has 34 provincial-level units since 2025."""
    assert len(all_provinces()) == 34


def test_unit_names_are_unique():
    """No two units share a Vietnamese name."""
    assert len({province.name_vi for province in all_provinces()}) == 34


def test_63_former_names_are_mapped():
    """The 63 former provinces and cities each appear once."""
    assert former_names_count() == 63


def test_the_reference_file_lists_63_distinct_former_names():
    """Read directly, the CSV names 63 distinct former provinces."""
    assert len(FORMER_TO_UNIT) == 63 and len({former for former, _ in FORMER_TO_UNIT}) == 63


@pytest.mark.parametrize(("former", "unit"), FORMER_TO_UNIT)
def test_every_former_name_maps_to_its_unit(former, unit):
    """Each former name of the reference file resolves to the unit that absorbed it."""
    assert resolve_province(former).name_vi == unit


@pytest.mark.parametrize(("written", "unit"), [
    ("Hải Dương", "Hải Phòng"),
    ("Tỉnh Bình Dương", "Hồ Chí Minh"),
    ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Huế"),
    ("ha noi", "Hà Nội"),
])
def test_named_examples_resolve(written, unit):
    """The examples of the brief resolve to today's unit."""
    assert resolve_province(written).name_vi == unit


@pytest.mark.parametrize(("written", "unit"), [
    ("HẢI DƯƠNG", "Hải Phòng"),
    ("hai duong", "Hải Phòng"),
    ("Thành phố Hà Nội", "Hà Nội"),
    ("  Bà Rịa - Vũng Tàu  ", "Hồ Chí Minh"),
    ("ba ria vung tau", "Hồ Chí Minh"),
    ("Ho Chi Minh City", "Hồ Chí Minh"),
    ("Dak Lak", "Đắk Lắk"),
])
def test_spelling_variants_resolve(written, unit):
    """Case, diacritics, prefixes, hyphens and spacing do not matter."""
    assert resolve_province(written).name_vi == unit


def test_every_unit_resolves_from_its_own_names():
    """A unit's Vietnamese and English names both resolve to it."""
    for province in all_provinces():
        assert resolve_province(province.name_vi) == province
        assert resolve_province(province.name_en) == province


@pytest.mark.parametrize("unknown", ["Atlantis", "Paris", "Hà", "x"])
def test_unknown_names_resolve_to_none(unknown):
    """A name that is no province, former or current, resolves to None."""
    assert resolve_province(unknown) is None


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_names_resolve_to_none(empty):
    """Nothing written means no province."""
    assert resolve_province(empty) is None


def test_ha_tay_counts_as_ha_noi():
    """Hà Tây (merged into Hà Nội in 2008) still appears in old records."""
    assert resolve_province("Tỉnh Hà Tây").name_vi == "Hà Nội"
