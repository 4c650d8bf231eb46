"""Password rules: 12 characters for the roles that run a fair, 8 and not a common one for exhibitors."""

import pytest

from accounts.passwords import common_passwords
from accounts.services import create_user
from core.errors import ValidationFailed
from tests.accounts.helpers import NOW


@pytest.mark.parametrize("role", ["admin", "organizer", "staff", "officer"])
def test_staff_roles_need_twelve_characters(session, role):
    """An 11-character password is refused for a role that runs the fair or reads everyone's data."""
    with pytest.raises(ValidationFailed, match="at least 12 characters"):
        create_user(session, f"{role}@example.vn", "k7#mQ2vZp9w", role, now=NOW)
    assert create_user(session, f"{role}@example.vn", "k7#mQ2vZp9wX", role, now=NOW).role == role


def test_an_exhibitor_may_have_eight_characters_but_not_a_common_password(session):
    """`12345678` is refused (it is on the list shipped in core/data); eight uncommon characters pass."""
    with pytest.raises(ValidationFailed, match="most common"):
        create_user(session, "a@example.vn", "12345678", "exhibitor", now=NOW)
    with pytest.raises(ValidationFailed, match="most common"):
        create_user(session, "a@example.vn", "QWERTY123", "exhibitor", now=NOW)  # case does not matter
    assert create_user(session, "a@example.vn", "k7#mQ2vZ", "exhibitor", now=NOW).role == "exhibitor"


def test_the_shipped_list_is_large():
    """The list is the real one, not a handful of words."""
    assert len(common_passwords()) > 8000 and "iloveyou" in common_passwords()


def test_the_admin_form_refuses_a_short_organizer_password(client, login_as):
    """The rule reaches the admin's form, next to the password field."""
    login_as("admin")
    page = client.post("/admin/users/new", data={"display_name": "Hà", "email": "ha@example.vn",
                                                 "role": "organizer", "password": "only-ten-c"}).get_data(as_text=True)
    assert "at least 12 characters" in page
