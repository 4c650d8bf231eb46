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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), min_size=0, max_size=70), st.data())
def test_takes_and_releases_in_any_order_keep_matching_a_scan(free, data):
    """Random takes and releases (of free, taken or mixed cells), then every query against the plain list:
    first_fit from every lower bound, is_free of runs that start before, inside and past the line, the count."""
    runs = FreeRuns(free)
    state = list(free)
    n = len(state)
    for _ in range(data.draw(st.integers(0, 8))):
        if n == 0:
            break
        start = data.draw(st.integers(0, n - 1))
        count = data.draw(st.integers(1, n - start))
        if data.draw(st.booleans()):
            runs.take(start, count)
            state[start:start + count] = [False] * count
        else:
            runs.release(start, count)
            state[start:start + count] = [True] * count
        assert runs.free_count == sum(state)
    for count in (1, 2, 3, 5):
        for lowest in range(n + 1):
            assert runs.first_fit(count, lowest) == _scan(state, count, lowest), (count, lowest)
    for start in range(-2, n + 2):
        for count in (1, 2, 4):
            expected = 0 <= start and start + count <= n and all(state[start:start + count])
            assert runs.is_free(start, count) == expected, (start, count)


def test_release_frees_a_taken_run_again_and_taking_twice_counts_once():
    """Six free cells: take 1..3, then 2..4 (2 and 3 already taken): 2 left free; release 1..4: all 6 again."""
    runs = FreeRuns([True] * 6)
    runs.take(1, 3)
    assert runs.free_count == 3 and runs.first_fit(2) == 4 and runs.first_fit(3) is None
    runs.take(2, 3)
    assert runs.free_count == 2 and runs.first_fit(1) == 0 and runs.first_fit(1, 1) == 5
    runs.release(1, 4)
    assert runs.free_count == 6 and runs.first_fit(6) == 0
    runs.release(0, 2)  # already free: nothing changes
    assert runs.free_count == 6


def test_first_fit_at_its_limits():
    """No cells, no count, a negative count, a lower bound at or past the end: None. A run ending on the last cell
    is found, and so is one cell at the last index; lengths that are not powers of two (5, 7) included."""
    assert FreeRuns([]).first_fit(1) is None and FreeRuns([]).free_count == 0
    runs = FreeRuns([False, False, True, True, True])
    assert runs.first_fit(0) is None and runs.first_fit(-1) is None
    assert runs.first_fit(3) == 2 and runs.first_fit(4) is None
    assert runs.first_fit(1, 4) == 4 and runs.first_fit(1, 5) is None and runs.first_fit(1, 9) is None
    assert runs.first_fit(2, 3) == 3 and runs.first_fit(3, 3) is None
    seven = FreeRuns([True] * 7)
    assert seven.first_fit(7) == 0 and seven.first_fit(7, 1) is None and seven.first_fit(1, 6) == 6
    assert FreeRuns([True]).first_fit(1) == 0 and FreeRuns([False]).first_fit(1) is None
