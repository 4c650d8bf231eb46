"""One application per enterprise and fair, also when two submissions of it arrive at once (a double click, two
colleagues): both have looked for a previous application and found none before either writes."""


import sqlalchemy as sa

from accounts.models import User
from booths.applications.models import BoothApplication
from booths.applications.services import submit_application
from core.db import utcnow
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair
from tests.booths.conftest import application_values
from tests.races import all_read_before_any_writes, run_racers


def _looks_for_a_previous_application(statement: str) -> bool:
    """submit_application's look-up of the enterprise's application to this fair."""
    return (statement.startswith("SELECT booth_application.id") and "FROM booth_application" in statement
            and "booth_application.enterprise_id =" in statement)


def test_two_submissions_that_both_found_no_application_store_one(app, session, open_fair, enterprise, exhibitor):
    """Held until both have found no previous application: the unique (fair, enterprise) key refuses the second
    (a Conflict, not a server error). Without it two applications are stored, every run."""
    fair_id, enterprise_id, user_id = open_fair.id, enterprise.id, exhibitor.id

    def submit() -> None:
        submit_application(db.session, db.session.get(Fair, fair_id), db.session.get(Enterprise, enterprise_id),
                           application_values(), actor=db.session.get(User, user_id), now=utcnow())

    outcomes = run_racers(app, [submit, submit],
                          all_read_before_any_writes(db.engine, _looks_for_a_previous_application, 2), timeout=60)
    session.expire_all()
    assert outcomes == ["done", "refused"]
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 1
