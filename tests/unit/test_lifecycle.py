"""The fair status lifecycle: forward only, plus reopening allocation."""

import pytest

from fairs.lifecycle import PUBLIC_STATUSES, STATUSES, adjacent_statuses, can_transition, next_statuses

# Written out by hand on purpose: the table is the specification, not a copy of the code.
ALLOWED = {
    ("draft", "open"), ("draft", "allocating"), ("draft", "published"), ("draft", "running"),
    ("draft", "closed"),
    ("open", "allocating"), ("open", "published"), ("open", "running"), ("open", "closed"),
    ("allocating", "published"), ("allocating", "running"), ("allocating", "closed"),
    ("allocating", "open"),
    ("published", "running"), ("published", "closed"),
    ("running", "closed"),
}
ALL_PAIRS = [(current, target) for current in STATUSES for target in STATUSES]
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_the_statuses_are_the_six_of_the_design_in_order():
    """The lifecycle is draft → open → allocating → published → running → closed."""
    assert STATUSES == ("draft", "open", "allocating", "published", "running", "closed")


def test_the_table_covers_every_pair():
    """Allowed and refused pairs together are all 36 pairs (16 allowed, 20 refused)."""
    assert len(ALLOWED) == 16 and len(REFUSED) == 20


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition(current, target):
    """A forward step (or allocating → open) is allowed."""
    assert can_transition(current, target) is True


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_refused_transition(current, target):
    """A backward step or staying in place is refused."""
    assert can_transition(current, target) is False


@pytest.mark.parametrize("status", STATUSES)
def test_a_fair_cannot_move_to_its_own_status(status):
    """Moving to the same status is not a transition."""
    assert can_transition(status, status) is False


@pytest.mark.parametrize("backward", [("open", "draft"), ("published", "allocating"),
                                      ("closed", "running"), ("running", "open"),
                                      ("published", "open")])
def test_backward_steps_are_refused(backward):
    """Only allocating → open goes back; no other step does (published → open neither)."""
    assert can_transition(*backward) is False


@pytest.mark.parametrize(("current", "target"), [("cancelled", "open"), ("draft", "cancelled"),
                                                 ("", "open"), ("draft", ""), ("Draft", "open"),
                                                 (None, "open"), ("draft", None)])
def test_unknown_statuses_are_refused(current, target):
    """A status outside the lifecycle (or misspelt) never transitions."""
    assert can_transition(current, target) is False


def test_next_statuses_of_a_draft_are_every_later_status():
    """A draft may go to any later status, in lifecycle order."""
    assert next_statuses("draft") == ["open", "allocating", "published", "running", "closed"]


def test_next_statuses_of_allocating_include_reopening():
    """Allocating may go back to open or forward, in lifecycle order."""
    assert next_statuses("allocating") == ["open", "published", "running", "closed"]


def test_a_closed_fair_has_no_next_status():
    """Closed is the end of the lifecycle."""
    assert next_statuses("closed") == []


def test_an_unknown_status_has_no_next_status():
    """Nothing follows a status outside the lifecycle."""
    assert next_statuses("cancelled") == []


def test_drafts_are_the_only_hidden_status():
    """Every status but draft has a public page."""
    assert set(STATUSES) - set(PUBLIC_STATUSES) == {"draft"}


@pytest.mark.parametrize(("current", "offered"), [
    ("draft", ["open"]),
    ("open", ["allocating"]),
    ("allocating", ["open", "published"]),
    ("published", ["running"]),
    ("running", ["closed"]),
    ("closed", []),
    ("cancelled", []),
])
def test_adjacent_statuses_are_the_next_step_and_reopening(current, offered):
    """The buttons offer only the very next status, plus allocating → open."""
    assert adjacent_statuses(current) == offered
