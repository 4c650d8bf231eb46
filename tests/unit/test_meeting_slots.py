"""The business-matching grid: slots of a day, slots of a fair, the first free table."""

from datetime import date

import pytest

from contracts.slots import MeetingRules, clock, day_slots, fair_days, first_free_table, parse_clock


def test_a_day_is_cut_into_whole_slots():
    """09:00–17:00 in 30 minutes: 16 slots; a 45-minute grid leaves no slot running past closing."""
    assert day_slots(opens=540, closes=1020, length=30) == list(range(540, 1020, 30))
    slots = day_slots(opens=540, closes=1020, length=45)
    assert slots[-1] + 45 <= 1020 and len(slots) == 10
    with pytest.raises(ValueError):
        day_slots(opens=540, closes=1020, length=0)


def test_clock_round_trips_and_bad_hours_are_refused():
    """"08:30" is minute 510 and back; 25:00, 9:75 and reversed hours are refused."""
    assert parse_clock("08:30") == 510 and clock(510) == "08:30"
    for bad in ("25:00", "09:75", "nine"):
        with pytest.raises(ValueError):
            parse_clock(bad)
    with pytest.raises(ValueError):
        MeetingRules(length=30, hours="17:00-09:00", tables=5)


def test_slots_belong_to_the_fairs_days_only():
    """A slot is on a fair day and on the grid; a day before the fair or an off-grid minute is not."""
    rules = MeetingRules(length=30, hours="09:00-12:00", tables=3)
    first, last = date(2027, 4, 1), date(2027, 4, 4)
    assert fair_days(first, last) == [date(2027, 4, d) for d in range(1, 5)]
    assert rules.is_slot(date(2027, 4, 2), 570, first=first, last=last)
    assert not rules.is_slot(date(2027, 3, 31), 570, first=first, last=last)
    assert not rules.is_slot(date(2027, 4, 2), 575, first=first, last=last)
    assert not rules.is_slot(date(2027, 4, 2), 720, first=first, last=last)  # closing time is no start


def test_the_first_free_table_is_the_lowest_number_not_taken():
    """Tables 1, 2 and 4 taken of 5: table 3; all taken: none."""
    assert first_free_table({1, 2, 4}, 5) == 3
    assert first_free_table(set(range(1, 6)), 5) is None
