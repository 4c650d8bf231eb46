"""Which zones an applicant may ask for: its own kind of general zone and its own pavilion."""

import pytest

from booths.applications.eligibility import ZoneFacts, closed_reason, open_zone_ids

DOMESTIC = ZoneFacts(1, "domestic")
INTERNATIONAL = ZoneFacts(2, "international")
HANOI = ZoneFacts(3, "pavilion", province="Hà Nội")
JAPAN = ZoneFacts(4, "pavilion", country="JP")
TECHNICAL = ZoneFacts(5, "technical")
ZONES = [DOMESTIC, INTERNATIONAL, HANOI, JAPAN, TECHNICAL]


@pytest.mark.parametrize(("country", "province", "expected"), [
    ("VN", "Hà Nội", [1, 3]),
    ("VN", "Bắc Ninh", [1]),
    ("JP", None, [2, 4]),
    ("FR", None, [2]),
])
def test_each_applicant_may_have_its_general_zone_and_its_own_pavilion(country, province, expected):
    """Hà Nội sees the Hà Nội pavilion, Bắc Ninh does not; Japan sees its pavilion, France does not."""
    assert open_zone_ids(ZONES, country=country, province=province) == expected


def test_the_reasons_name_what_is_wrong():
    """Another province's pavilion, another country's, the other general zone, a technical zone."""
    assert closed_reason(HANOI, country="VN", province="Bắc Ninh") == "other_province"
    assert closed_reason(JAPAN, country="KR", province=None) == "other_country"
    assert closed_reason(INTERNATIONAL, country="VN", province="Hà Nội") == "international"
    assert closed_reason(DOMESTIC, country="JP", province=None) == "domestic"
    assert closed_reason(TECHNICAL, country="VN", province="Hà Nội") == "technical"
