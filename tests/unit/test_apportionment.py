"""Largest remainder (Hamilton) and the first pass's limits, on cases worked out by hand and on a Fraction oracle."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booths.allocation.apportionment import apportion, first_pass_limits


def test_largest_remainder_is_not_largest_quota():
    """4 seats for 5/2/2: quotas 2.22, 0.89, 0.89; the two extra seats go to the two largest remainders."""
    assert apportion(4, {"A": 5, "B": 2, "C": 2}) == {"A": 2, "B": 1, "C": 1}


def test_one_seat_short_goes_to_the_larger_remainder():
    """6 seats for 3/4: quotas 2.57 and 3.43, floors 2 and 3, the sixth seat to A (.57 > .43)."""
    assert apportion(6, {"A": 3, "B": 4}) == {"A": 3, "B": 3}
    assert apportion(6, {"B": 4, "A": 3}) == {"A": 3, "B": 3}


def test_equal_remainders_go_to_the_larger_demand_then_to_the_first_name():
    """2 seats for 1/3: quotas 0.5 and 1.5, equal remainders: the larger demand (B) takes the extra seat.
    1 seat for 1/1: equal remainders and demands: the first name in order, whatever the dict's order."""
    assert apportion(2, {"A": 1, "B": 3}) == {"A": 0, "B": 2}
    assert apportion(2, {"B": 3, "A": 1}) == {"A": 0, "B": 2}
    assert apportion(1, {"B": 1, "A": 1}) == {"A": 1, "B": 0}
    assert apportion(1, {"A": 1, "B": 1}) == {"A": 1, "B": 0}
    assert apportion(3, {"Z": 2, "Y": 2, "X": 2}) == {"X": 1, "Y": 1, "Z": 1}
    assert apportion(2, {"Z": 2, "Y": 2, "X": 2}) == {"X": 1, "Y": 1, "Z": 0}


def test_equal_remainders_are_equal_exactly_not_as_floats():
    """14 seats for 5/12/14/18 (49): A and B both have 3/7 over (70/49 = 1 r 21, 168/49 = 3 r 21); the larger demand,
    B, takes the 14th seat. As floats A's remainder came out larger by rounding error and A took it."""
    assert apportion(14, {"A": 5, "B": 12, "C": 14, "D": 18}) == {"A": 1, "B": 4, "C": 4, "D": 5}


def test_a_single_seat_is_given_out():
    """One seat for one group asking three: quota 1/3, floor 0, the seat still goes to it."""
    assert apportion(1, {"A": 3}) == {"A": 1}
    assert apportion(1, {"A": 3, "B": 1}) == {"A": 1, "B": 0}


@pytest.mark.parametrize(("seats", "demand", "expected"), [
    (0, {"A": 3, "B": 1}, {"A": 0, "B": 0}),
    (-2, {"A": 3}, {"A": 0}),
    (-1, {"A": 3, "B": 2}, {"A": 0, "B": 0}),
    (3, {"A": 0, "B": 0}, {"A": 0, "B": 0}),
    (3, {"A": 0, "B": 5}, {"A": 0, "B": 3}),
    (2, {"A": -4, "B": 3}, {"A": 0, "B": 2}),
    (10, {"A": -4, "B": 3}, {"A": 0, "B": 3}),
    (7, {"A": 3, "B": 4}, {"A": 3, "B": 4}),      # exactly enough
    (8, {"A": 3, "B": 4}, {"A": 3, "B": 4}),      # one to spare: never more than asked
    (5, {"A": 1}, {"A": 1}),
    (1, {"A": 1}, {"A": 1}),
    (2, {}, {}),
])
def test_no_seats_no_demand_negative_demand_and_enough_seats(seats, demand, expected):
    """No or negative seats give nobody anything; zero or negative demand gets nothing; enough seats give all."""
    assert apportion(seats, demand) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(-2, 40), st.dictionaries(st.sampled_from("ABCDEF"), st.integers(-3, 30), max_size=6))
def test_every_share_is_its_quota_rounded_down_or_up_and_the_extra_seats_go_to_the_largest_remainders(seats, demand):
    """Exact Fractions as the oracle: all min(seats, total) seats given, each share floor or ceil of its quota,
    and nobody without the extra seat has a larger remainder (or an equal one and a larger demand)."""
    asked = {group: max(0, d) for group, d in demand.items()}
    total = sum(asked.values())
    shares = apportion(seats, demand)
    assert set(shares) == set(demand)
    assert sum(shares.values()) == max(0, min(seats, total))
    if seats <= 0 or total <= seats:
        assert shares == ({group: 0 for group in demand} if seats <= 0 else asked)
        return
    quota = {group: Fraction(seats * asked[group], total) for group in demand}
    extra = {group for group in demand if shares[group] == quota[group].__floor__() + 1}
    assert all(shares[group] - quota[group].__floor__() in (0, 1) for group in demand)
    for winner in extra:
        for loser in set(demand) - extra:
            rank = (quota[winner] - quota[winner].__floor__(), asked[winner], [-ord(c) for c in winner])
            assert rank > (quota[loser] - quota[loser].__floor__(), asked[loser], [-ord(c) for c in loser])


def test_first_pass_limits_let_a_group_go_over_when_closer_and_share_the_rest_again():
    """10 booths for A (4+4), B (3), C (3): shares 6/2/2. A takes one 4 and stays 2 below (4 more would be 2
    above: not closer, so no). B and C are 2 below and 1 above with their 3: they take it; A's share is
    worked out again on the 4 booths left."""
    assert first_pass_limits(10, {"A": [4, 4], "B": [3], "C": [3]}) == {"A": 4, "B": 3, "C": 3}


def test_first_pass_limits_equal_to_shares_when_requests_fit():
    """Requests that add up to the shares: the limits are the shares."""
    assert first_pass_limits(6, {"A": [2, 2], "B": [1, 1]}) == {"A": 4, "B": 2}
    assert first_pass_limits(4, {"A": [2, 2], "B": [1, 1]}) == {"A": 3, "B": 1}


def test_first_pass_limits_skip_a_request_too_big_and_take_a_later_one_that_fits():
    """Share 5 of 8 asked as 4, 3, 1: the 3 does not fit after the 4, the 1 does: limit 5, nobody over."""
    assert first_pass_limits(5, {"A": [4, 3, 1]}) == {"A": 5}


def test_first_pass_limits_a_tie_between_over_and_under_stays_under():
    """7 booths for A (2, 3, 2) and B (4): shares 4/3. A's 2 and 2 fill its 4; B, 3 below and 1 above with its 4,
    goes over to 4, so A's share is worked out again on the 3 left: its 2 fits, 1 below, and the next request
    would put it 1 above (2 above for the 3): as far as below is not closer, so A stays at 3."""
    assert first_pass_limits(7, {"A": [2, 3, 2], "B": [4]}) == {"A": 3, "B": 4}


def test_first_pass_limits_take_the_smallest_of_the_closer_requests():
    """Share 6 of 22 asked as 1, 8, 7, 6: the 1 fits, 5 below; 8, 7 and 6 would each be closer above (3, 2, 1):
    the smallest, 6, is taken, so the limit is 7 (not 9 with the 8)."""
    assert first_pass_limits(6, {"A": [1, 8, 7, 6]}) == {"A": 7}


def test_first_pass_limits_over_can_go_past_the_seats_when_every_group_goes_over():
    """Shares 5/5 of 10: A goes over to 6 with its second 3; B, its share worked out again on the 4 left, is then
    1 above with a 5 against 4 below, and goes over too: the limits add up to 11 (the first pass places what
    fits; these are only its limits)."""
    assert first_pass_limits(10, {"A": [3, 4, 3], "B": [5, 5]}) == {"A": 6, "B": 5}


def test_first_pass_limits_without_groups_or_seats():
    """No groups: no limits; no seats: every limit 0."""
    assert first_pass_limits(5, {}) == {}
    assert first_pass_limits(0, {"A": [1, 2], "B": [3]}) == {"A": 0, "B": 0}


def test_first_pass_limits_share_out_again_what_the_groups_going_over_left():
    """10 booths for A (6, 5, 4) and B (6, 2, 3): shares 6/4 (remainders 20/26 and 6/26). A's 6 fills its share;
    B's 2 fits, 2 below, and its 3 is 1 above: B goes over to 5. A's share is worked out again on 10 - 5 = 5
    booths (not on 10 - A's own 6): its 5 fits, so A's limit is 5."""
    assert first_pass_limits(10, {"A": [6, 5, 4], "B": [6, 2, 3]}) == {"A": 5, "B": 5}
