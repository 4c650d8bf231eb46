"""`flask demo` loads one user per role and the demo fair, and can run twice."""

import sqlalchemy as sa

from accounts.models import User
from accounts.setup import DEMO_PASSWORD
from core.db import utcnow
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE, demo_today
from tests.conftest import table_count


def test_demo_loads_users_per_role_a_running_fair_and_an_open_one(app, session):
    """The demo prints its logins, runs one fair today and opens another for applications."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output
    roles = set(session.scalars(sa.select(User.role)))
    assert roles == {"admin", "organizer", "staff", "exhibitor", "officer"}
    today = demo_today(utcnow())
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    assert fair.status == "running" and fair.starts_on < today <= fair.ends_on
    assert fair.province == "Hà Nội"
    open_fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_OPEN_FAIR_CODE))
    assert open_fair.status == "open" and today < open_fair.application_deadline < open_fair.starts_on


def test_demo_is_idempotent(app, session):
    """Running the demo twice adds nothing the second time."""
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    users, fairs = table_count(session, User), table_count(session, Fair)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    assert (table_count(session, User), table_count(session, Fair)) == (users, fairs)


def test_demo_organizer_can_log_in(app, client):
    """The printed organizer login works."""
    app.test_cli_runner().invoke(args=["demo"])
    response = client.post("/login", data={"email": "organizer@demo.hoicho.vn", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_demo_refuses_to_run_where_secret_key_comes_from_the_environment(app, monkeypatch):
    """A production-looking app (SECRET_KEY from the environment) gets no demo admin by accident."""
    monkeypatch.setitem(app.config, "SECRET_KEY_FROM_ENV", True)
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "--force" in result.output
