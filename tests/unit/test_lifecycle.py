"""The fair status lifecycle: one step forward at a time, plus reopening allocation."""

import pytest

from fairs.lifecycle import PUBLIC_STATUSES, STATUSES, can_transition, next_statuses

# Written out by hand on purpose: the table is the specification, not a copy of the code.
ALLOWED = {
    ("draft", "open"),
    ("open", "allocating"),
    ("allocating", "published"),
    ("allocating", "open"),
    ("published", "running"),
    ("running", "closed"),
}
ALL_PAIRS = [(current, target) for current in STATUSES for target in STATUSES]
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_the_statuses_are_the_six_of_the_design_in_order():
    """The lifecycle is draft → open → allocating → published → running → closed."""
    assert STATUSES == ("draft", "open", "allocating", "published", "running", "closed")


def test_the_table_covers_every_pair():
    """Allowed and refused pairs together are all 36 pairs (6 allowed, 30 refused)."""
    assert len(ALLOWED) == 6 and len(REFUSED) == 30


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition(current, target):
    """The next step (or allocating → open) is allowed."""
    assert can_transition(current, target) is True


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_refused_transition(current, target):
    """A backward step, a skipped step or staying in place is refused."""
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


@pytest.mark.parametrize("skip", [("draft", "closed"), ("draft", "allocating"), ("open", "published"),
                                  ("allocating", "running"), ("published", "closed")])
def test_skipping_a_step_is_refused(skip):
    """No step is skipped: a draft cannot jump to closed."""
    assert can_transition(*skip) is False


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
def test_next_statuses_are_the_next_step_and_reopening(current, offered):
    """Only the very next status is offered, plus allocating → open."""
    assert next_statuses(current) == offered
