"""The booth application lifecycle (booths.application_workflow), every pair written out by hand."""

import pytest

from booths.applications.workflow import APPLICATION_STATUSES, can_move, needs_reason

# (from, to, allowed) for all 36 pairs of the six statuses.
TABLE = [
    ("draft", "draft", False),
    ("draft", "submitted", True),
    ("draft", "approved", False),
    ("draft", "waitlisted", False),
    ("draft", "rejected", False),
    ("draft", "withdrawn", True),
    ("submitted", "draft", False),
    ("submitted", "submitted", False),
    ("submitted", "approved", True),
    ("submitted", "waitlisted", True),
    ("submitted", "rejected", True),
    ("submitted", "withdrawn", True),
    ("approved", "draft", False),
    ("approved", "submitted", False),
    ("approved", "approved", False),
    ("approved", "waitlisted", False),
    ("approved", "rejected", False),
    ("approved", "withdrawn", True),
    ("waitlisted", "draft", False),
    ("waitlisted", "submitted", False),
    ("waitlisted", "approved", True),
    ("waitlisted", "waitlisted", False),
    ("waitlisted", "rejected", True),
    ("waitlisted", "withdrawn", True),
    ("rejected", "draft", False),
    ("rejected", "submitted", False),
    ("rejected", "approved", False),
    ("rejected", "waitlisted", False),
    ("rejected", "rejected", False),
    ("rejected", "withdrawn", False),
    ("withdrawn", "draft", False),
    ("withdrawn", "submitted", False),
    ("withdrawn", "approved", False),
    ("withdrawn", "waitlisted", False),
    ("withdrawn", "rejected", False),
    ("withdrawn", "withdrawn", False),
]


def test_the_table_covers_every_pair_once():
    """The hand-written table names each (from, to) pair of the six statuses exactly once."""
    pairs = [(current, target) for current, target, _ in TABLE]
    assert len(pairs) == len(set(pairs)) == len(APPLICATION_STATUSES) ** 2
    assert {status for pair in pairs for status in pair} == set(APPLICATION_STATUSES)


@pytest.mark.parametrize(("current", "target", "allowed"), TABLE)
def test_a_transition_is_allowed_exactly_when_the_table_says(current, target, allowed):
    """can_move answers the table's verdict for this pair."""
    assert can_move(current, target) is allowed


@pytest.mark.parametrize("current", ["", "archived", None])
def test_an_unknown_status_goes_nowhere(current):
    """From a status the workflow does not know, no move is possible."""
    assert not any(can_move(current, target) for target in APPLICATION_STATUSES)


@pytest.mark.parametrize(("target", "needed"), [
    ("approved", False),
    ("waitlisted", True),
    ("rejected", True),
    ("withdrawn", False),
    ("submitted", False),
])
def test_only_waitlisting_and_rejecting_need_a_reason(target, needed):
    """A reason is required to waitlist or reject, not to approve or withdraw."""
    assert needs_reason(target) is needed
