"""Administrators manage accounts; nobody else may."""

import pytest

from accounts.services import find_user_by_email
from tests.accounts.helpers import flashes
from tests.conftest import login

SELF_LOCKOUT = "You cannot remove your own admin role or deactivate yourself."


def _edit(client, user, *, role: str, active: bool, display_name: str | None = None):
    data = {"display_name": display_name or user.display_name, "role": role}
    if active:
        data["active"] = "y"  # an unticked checkbox is simply absent from the form
    return client.post(f"/admin/users/{user.id}", data=data)


def test_admin_creates_a_user(client, login_as, session):
    """/admin/users/new makes an active, confirmed account with the chosen role."""
    login_as("admin")

    response = client.post("/admin/users/new", data={
        "display_name": "Nguyễn Thu Hà", "email": "ha@khuyencong.vn", "role": "organizer",
        "password": "initial-pass-1"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users"
    user = find_user_by_email(session, "ha@khuyencong.vn")
    assert (user.role, user.display_name, user.active) == ("organizer", "Nguyễn Thu Hà", True)
    assert user.email_confirmed_at is not None


def test_user_created_by_an_admin_can_log_in(client, new_client, login_as, session):
    """The initial password chosen by the admin works at the login form."""
    login_as("admin")
    client.post("/admin/users/new", data={
        "display_name": "Trần Văn Minh", "email": "minh@example.vn", "role": "staff",
        "password": "initial-pass-1"})

    gate = new_client()
    response = gate.post("/login", data={"email": "minh@example.vn", "password": "initial-pass-1"})

    assert response.status_code == 302


def test_admin_cannot_create_a_duplicate_email(client, login_as, make_user, session):
    """A taken address is shown at the e-mail field of the admin form."""
    login_as("admin")
    taken = make_user()
    session.commit()

    response = client.post("/admin/users/new", data={
        "display_name": "Copy", "email": taken.email, "role": "staff", "password": "initial-pass-1"})

    assert response.status_code == 200
    assert 'id="email-error">An account with this e-mail already exists.' in response.get_data(as_text=True)


def test_admin_changes_a_users_role(client, login_as, make_user, session):
    """Posting the edit form with another role changes it."""
    login_as("admin")
    user = make_user(role="exhibitor")
    session.commit()

    response = _edit(client, user, role="organizer", active=True)

    assert response.status_code == 302
    session.refresh(user)
    assert (user.role, user.active) == ("organizer", True)


def test_admin_deactivates_a_user(client, login_as, make_user, session):
    """Unticking "active" deactivates the account."""
    login_as("admin")
    user = make_user()
    session.commit()

    _edit(client, user, role=user.role, active=False)

    session.refresh(user)
    assert user.active is False


def test_deactivated_user_loses_their_open_session(client, new_client, login_as, make_user, session):
    """A user logged in before being deactivated is sent to the login page on the next request."""
    user = make_user()
    session.commit()
    browser = new_client()
    login(browser, user)
    assert browser.get("/account").status_code == 200

    login_as("admin")
    _edit(client, user, role=user.role, active=False)

    response = browser.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_admin_cannot_deactivate_themself(client, login_as, session):
    """An admin unticking their own "active" box gets an error and stays active."""
    admin = login_as("admin")

    response = _edit(client, admin, role="admin", active=False)

    assert response.status_code == 200
    assert SELF_LOCKOUT in flashes(response.get_data(as_text=True))
    session.refresh(admin)
    assert admin.active is True


def test_admin_cannot_drop_their_own_admin_role(client, login_as, session):
    """An admin giving themself another role gets an error and stays admin."""
    admin = login_as("admin")

    response = _edit(client, admin, role="organizer", active=True)

    assert response.status_code == 200
    assert SELF_LOCKOUT in flashes(response.get_data(as_text=True))
    session.refresh(admin)
    assert admin.role == "admin"


def test_admin_may_rename_themself(client, login_as, session):
    """The self-lockout rule does not stop an admin from editing their own name."""
    admin = login_as("admin")

    response = _edit(client, admin, role="admin", active=True, display_name="Quản trị chính")

    assert response.status_code == 302
    session.refresh(admin)
    assert admin.display_name == "Quản trị chính"


def test_admin_users_lists_every_account(client, login_as, make_user, session):
    """The admin list shows each user's e-mail."""
    login_as("admin")
    others = [make_user(role="staff"), make_user(role="officer")]
    session.commit()

    page = client.get("/admin/users").get_data(as_text=True)

    assert all(user.email in page for user in others)


@pytest.mark.parametrize("role", ["organizer", "staff", "exhibitor", "officer"])
def test_non_admins_get_403_on_admin_users(client, login_as, role):
    """Only admins may open the user list."""
    login_as(role)
    assert client.get("/admin/users").status_code == 403


@pytest.mark.parametrize("role", ["organizer", "exhibitor"])
def test_non_admins_cannot_change_a_user(client, login_as, make_user, session, role):
    """A non-admin posting the edit form gets 403 and the target is unchanged."""
    login_as(role)
    target = make_user(role="exhibitor")
    session.commit()

    response = _edit(client, target, role="admin", active=True)

    assert response.status_code == 403
    session.refresh(target)
    assert target.role == "exhibitor"


def test_anonymous_visitor_is_sent_to_login_from_admin_users(client):
    """Without a login the admin list redirects to the login page."""
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
