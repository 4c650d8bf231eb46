"""accounts.throttle.seconds_until_allowed: how long a login must wait (no app needed)."""

from datetime import UTC, datetime, timedelta

from accounts.throttle import seconds_until_allowed

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = 900


def _ago(*seconds: float) -> list[datetime]:
    return [NOW - timedelta(seconds=s) for s in seconds]


def _wait(failures, limit: int = 5) -> int:
    return seconds_until_allowed(failures, now=NOW, limit=limit, window_seconds=WINDOW)


def test_no_failures_means_no_wait():
    """Without failures a login may go ahead."""
    assert _wait([]) == 0


def test_fewer_failures_than_the_limit_mean_no_wait():
    """Four failures under a limit of five do not slow anybody down."""
    assert _wait(_ago(10, 20, 30, 40)) == 0


def test_reaching_the_limit_waits_until_the_oldest_failure_leaves_the_window():
    """Five failures, the oldest 100 s ago: wait the remaining 800 s of its window."""
    assert _wait(_ago(100, 50, 40, 30, 20)) == 800


def test_failures_outside_the_window_do_not_count():
    """Failures older than the window are forgotten."""
    assert _wait(_ago(WINDOW + 1, WINDOW + 100, 30, 20, 10)) == 0


def test_failure_exactly_at_the_window_start_does_not_count():
    """A failure exactly `window` seconds old has left the window."""
    assert _wait(_ago(WINDOW, 40, 30, 20, 10)) == 0


def test_above_the_limit_waits_until_enough_failures_leave():
    """Seven failures, limit five: wait until the third oldest leaves, bringing the count to four."""
    assert _wait(_ago(300, 200, 100, 50, 40, 30, 20)) == WINDOW - 100


def test_order_of_failures_does_not_matter():
    """Failures given in any order give the same wait."""
    assert _wait(_ago(20, 300, 50, 200, 30, 100, 40)) == _wait(_ago(300, 200, 100, 50, 40, 30, 20))


def test_wait_rounds_up_to_whole_seconds():
    """A remaining 799.5 s is reported as 800 s, never less than the truth."""
    assert _wait(_ago(100.5, 50, 40, 30, 20)) == 800


def test_wait_is_at_least_one_second_while_locked():
    """Just before the oldest failure leaves, the wait is still at least one second."""
    assert _wait(_ago(WINDOW - 0.001, 50, 40, 30, 20)) == 1


def test_limit_applies_as_given():
    """With a limit of 20, nineteen failures pass and twenty lock."""
    assert _wait(_ago(*range(1, 20)), limit=20) == 0
    assert _wait(_ago(*range(1, 21)), limit=20) == WINDOW - 20


def test_accepts_any_iterable_of_moments():
    """A generator of failure times works like a list."""
    assert _wait(moment for moment in _ago(100, 50, 40, 30, 20)) == 800
