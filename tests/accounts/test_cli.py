"""The `create-user` command."""

import sqlalchemy as sa

from accounts.models import User
from accounts.services import find_user_by_email
from tests.conftest import table_count

PASSWORD = "secret-pass-1"


def _create(cli, email: str = "ha@khuyencong.vn", role: str = "organizer", password: str = PASSWORD):
    return cli("create-user", email, "--role", role, "--password-stdin", input=password + "\n")


def test_create_user_makes_a_user_with_the_role(cli, session):
    """`create-user EMAIL --role organizer --password-stdin` creates an active organizer."""
    result = _create(cli)

    assert result.exit_code == 0, result.output
    user = find_user_by_email(session, "ha@khuyencong.vn")
    assert (user.role, user.active) == ("organizer", True)
    assert f"(id {user.id})" in result.output


def test_user_made_by_the_cli_can_log_in(client, cli):
    """The password read from standard input logs in."""
    _create(cli)

    response = client.post("/login", data={"email": "ha@khuyencong.vn", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_create_user_refuses_a_duplicate_email(cli, session):
    """A second account with the same address fails with a clear message."""
    _create(cli)

    result = _create(cli, email="HA@khuyencong.vn", role="staff")

    assert result.exit_code != 0
    assert "An account with this e-mail already exists." in result.output
    assert session.scalars(sa.select(User.role)).all() == ["organizer"]


def test_create_user_refuses_a_short_password(cli, session):
    """A password under 12 characters (an organizer's) fails with a clear message and creates nothing."""
    result = _create(cli, password="short")

    assert result.exit_code != 0
    assert "The password must have at least 12 characters." in result.output
    assert table_count(session, User) == 0


def test_create_user_refuses_an_unknown_role(cli, session):
    """A role outside the list is rejected before anything is created."""
    result = _create(cli, role="superuser")

    assert result.exit_code != 0
    assert "superuser" in result.output
    assert table_count(session, User) == 0


def test_create_user_refuses_an_invalid_email(cli, session):
    """Something that is not an e-mail address fails with a clear message."""
    result = _create(cli, email="not-an-address")

    assert result.exit_code != 0
    assert "Enter a valid e-mail address." in result.output
    assert table_count(session, User) == 0
