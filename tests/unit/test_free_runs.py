"""The free-run index finds the same runs as a plain scan, after any sequence of takes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from booths.allocation.free_runs import FreeRuns


def _scan(free: list[bool], count: int, lowest: int) -> int | None:
    for start in range(lowest, len(free) - count + 1):
        if all(free[start:start + count]):
            return start
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), min_size=0, max_size=90), st.data())
def test_first_fit_matches_a_scan(free, data):
    """For random lines and random takes, first_fit(k, lowest) is the leftmost free run a scan finds."""
    runs = FreeRuns(free)
    state = list(free)
    for _ in range(data.draw(st.integers(0, 6))):
        count = data.draw(st.integers(1, 8))
        lowest = data.draw(st.integers(0, max(0, len(state))))
        found = runs.first_fit(count, lowest)
        assert found == _scan(state, count, lowest)
        if found is not None:
            runs.take(found, count)
            state[found:found + count] = [False] * count
        assert runs.free_count == sum(state)
        assert all(runs.is_free(i, 1) == state[i] for i in range(len(state)))


def test_first_fit_skips_runs_that_are_too_short_and_honours_the_lower_bound():
    """Runs 2, 3 and 4 long: three cells fit first at the second run; from index 5 on, at the third."""
    runs = FreeRuns([True, True, False, True, True, True, False, True, True, True, True])
    assert runs.first_fit(3) == 3
    assert runs.first_fit(3, 4) == 7
    assert runs.first_fit(5) is None
    runs.take(7, 3)
    assert runs.first_fit(3, 4) is None and runs.first_fit(1, 7) == 10
