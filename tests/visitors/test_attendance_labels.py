"""The attendance chart labels days the reader's way: 04/02 in Vietnamese, Feb 4 in English (never 02-04)."""

import re

from tests.visitors.conftest import nonce


def test_the_day_chart_labels_days_day_first_in_vietnamese(client, login_as, running_fair, registered, api):
    """One entry today: its bar is labelled dd/mm, and the ISO month-day label is gone."""
    _visitor, code = registered()
    checkin = api("staff", gate_fairs=[running_fair]).post(
        f"/api/v1/fairs/{running_fair.id}/checkins", {"code": code, "gate": "Cổng 1", "nonce": nonce()})
    assert checkin.json["result"] == "admitted"  # gate staff assigned to this fair, on one of its days
    day = api("organizer").get(f"/api/v1/fairs/{running_fair.id}/attendance").json["by_day"][0]["day"]
    year, month, date = day.split("-")
    login_as("organizer", locale="vi")
    page = client.get(f"/fairs/{running_fair.id}/attendance").get_data(as_text=True)
    labels = re.findall(r'font-size="11" fill="#5f5a55">([^<]+)</text>', page)
    assert f"{date}/{month}" in labels and f"{month}-{date}" not in labels
