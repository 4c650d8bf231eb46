"""Owners invite colleagues: a new exhibitor account for the same enterprise, with a link to choose a password."""

import re

import sqlalchemy as sa

from core.mail import OutboxMessage
from enterprises.models import EnterpriseMember
from tests.conftest import login


def _owner_with_enterprise(session, make_user, make_enterprise):
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    session.commit()
    return owner, enterprise


def test_an_invited_colleague_chooses_a_password_and_acts_for_the_enterprise(app, client, session, make_user,
                                                                            make_enterprise):
    """The invitation link sets the password; the colleague then sees the same enterprise."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    login(client, owner)
    assert client.post("/enterprise/invite", data={"invite-email": "colleague@example.vn"}).status_code == 302
    member = session.scalar(sa.select(EnterpriseMember).where(EnterpriseMember.role == "member"))
    assert member.enterprise_id == enterprise.id and member.user.email == "colleague@example.vn"
    body = session.scalar(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == "colleague@example.vn"))
    path = re.search(r"/password/reset/\S+", body).group(0)

    colleague = app.test_client()
    response = colleague.post(path, data={"password": "colleague-pass-1", "confirm": "colleague-pass-1"})
    assert response.status_code == 302
    assert login(colleague, member.user, "colleague-pass-1").status_code == 302
    assert enterprise.legal_name in colleague.get("/enterprise").get_data(as_text=True)


def test_someone_acting_for_another_enterprise_cannot_be_invited(client, session, make_user, make_enterprise):
    """An exhibitor of enterprise B stays with B: the invitation is refused next to the e-mail field."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    other = make_user(role="exhibitor")
    make_enterprise(owner=other)
    session.commit()
    login(client, owner)
    response = client.post("/enterprise/invite", data={"invite-email": other.email})
    assert response.status_code == 422
    assert 'id="invite-email-error"' in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(EnterpriseMember)
                          .where(EnterpriseMember.enterprise_id == enterprise.id)) == 1


def test_an_organizer_cannot_be_turned_into_a_member(client, session, make_user, make_enterprise):
    """Only exhibitor accounts can be invited."""
    owner, _enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    organizer = make_user(role="organizer")
    session.commit()
    login(client, owner)
    assert client.post("/enterprise/invite", data={"invite-email": organizer.email}).status_code == 422
    assert session.scalar(sa.select(EnterpriseMember).where(EnterpriseMember.user_id == organizer.id)) is None


def test_a_failed_invitation_keeps_the_profile_form_filled(client, session, make_user, make_enterprise):
    """The invitation's error shows under its own field while the profile above keeps the saved values, and the
    two forms' e-mail fields keep apart (no profile e-mail in the invitation box, no duplicate ids)."""
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner, legal_name="Hợp tác xã Gốm sứ Bát Tràng", email="htx@battrang.vn",
                                 tax_code="0101234567")
    session.commit()
    login(client, owner)
    response = client.post("/enterprise/invite", data={"invite-email": "not-an-address"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="invite-email-error"' in page
    assert f'value="{enterprise.legal_name}"' in page and 'value="htx@battrang.vn"' in page
    assert 'value="0101234567"' in page
    assert page.count('id="email"') == 1 and page.count('id="invite-email"') == 1


def test_a_failed_profile_save_leaves_the_invitation_box_empty(client, session, make_user, make_enterprise):
    """Posting the profile with an error does not copy its e-mail into the invitation field."""
    owner = make_user(role="exhibitor")
    make_enterprise(owner=owner, email="htx@battrang.vn")
    session.commit()
    login(client, owner)
    page = client.post("/enterprise", data={"legal_name": "", "email": "new@battrang.vn"}).get_data(as_text=True)
    invite_box = page.split('id="invite-email"')[0].rsplit("<input", 1)[1] + page.split('id="invite-email"')[1][:80]
    assert "new@battrang.vn" not in invite_box
