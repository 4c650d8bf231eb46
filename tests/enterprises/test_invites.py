"""Membership by consent: only the owner invites; nobody joins until the person behind the address accepts."""

import re

import sqlalchemy as sa

from core.mail import OutboxMessage
from enterprises.models import EnterpriseInvitation, EnterpriseMember
from tests.conftest import login


def _owner_with_enterprise(session, make_user, make_enterprise):
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    session.commit()
    return owner, enterprise


def _invitation_path(session, address: str) -> str:
    body = session.scalars(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == address)
                           .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"/invitations/\S+", body).group(0)


def _members(session, enterprise) -> set[int]:
    return set(session.scalars(sa.select(EnterpriseMember.user_id)
                               .where(EnterpriseMember.enterprise_id == enterprise.id)))


def test_inviting_an_existing_account_waits_for_its_owner_to_accept(app, client, session, make_user,
                                                                    make_enterprise):
    """The invitation is pending and the person is no member until they log in and accept it."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    colleague = make_user(role="exhibitor")
    session.commit()
    login(client, owner)
    assert client.post("/enterprise/invite", data={"invite-email": colleague.email}).status_code == 302
    assert _members(session, enterprise) == {owner.id}
    assert colleague.email in client.get("/enterprise").get_data(as_text=True)  # listed as pending
    path = _invitation_path(session, colleague.email)

    browser = app.test_client()
    assert "/login?next=/invitations/" in browser.get(path).get_data(as_text=True)  # log in to accept
    assert _members(session, enterprise) == {owner.id}
    login(browser, colleague)
    assert browser.post(path, data={"answer": "accept"}).status_code == 302
    assert _members(session, enterprise) == {owner.id, colleague.id}
    assert enterprise.legal_name in browser.get("/enterprise").get_data(as_text=True)


def test_an_invitee_can_decline_and_stays_free(app, client, session, make_user, make_enterprise):
    """Declining from the link leaves the account free to register its own enterprise; the link dies."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    colleague = make_user(role="exhibitor")
    session.commit()
    login(client, owner)
    client.post("/enterprise/invite", data={"invite-email": colleague.email})
    path = _invitation_path(session, colleague.email)
    browser = app.test_client()
    assert browser.post(path, data={"answer": "decline"}).status_code == 302
    assert _members(session, enterprise) == {owner.id}
    assert browser.get(path).status_code == 404


def test_a_new_address_joins_by_choosing_a_password(app, client, session, make_user, make_enterprise):
    """Someone without an account opens one from the link and then acts for the enterprise."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    login(client, owner)
    assert client.post("/enterprise/invite", data={"invite-email": "colleague@example.vn"}).status_code == 302
    assert _members(session, enterprise) == {owner.id}
    path = _invitation_path(session, "colleague@example.vn")

    colleague = app.test_client()
    response = colleague.post(path, data={"join-display_name": "Lan", "join-password": "colleague-pass-1",
                                          "join-confirm": "colleague-pass-1"})
    assert response.status_code == 302
    member = session.scalar(sa.select(EnterpriseMember).where(EnterpriseMember.role == "member"))
    assert member.enterprise_id == enterprise.id and member.user.email == "colleague@example.vn"
    assert login(colleague, member.user, "colleague-pass-1").status_code == 302
    assert enterprise.legal_name in colleague.get("/enterprise").get_data(as_text=True)


def test_the_invitation_answers_the_same_whether_the_address_has_an_account(client, session, make_user,
                                                                           make_enterprise):
    """An existing address, one acting for another enterprise, an organizer's and a new one: same answer."""
    owner, _enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    other = make_user(role="exhibitor")
    make_enterprise(owner=other)
    organizer = make_user(role="organizer")
    session.commit()
    login(client, owner)
    client.get("/enterprise")  # the welcome message is shown once, here
    answers = set()
    for address in (other.email, organizer.email, "nobody@example.vn"):
        response = client.post("/enterprise/invite", data={"invite-email": address}, follow_redirects=True)
        page = response.get_data(as_text=True)
        answers.add((response.status_code, tuple(re.findall(r'<p class="flash[^"]*">([^<]*)</p>', page)),
                     tuple(re.findall(r'class="field__error"[^>]*>([^<]*)<', page)),
                     re.search(r'data-testid="members">.*?</ul>', page, flags=re.S).group(0)))
    assert len(answers) == 1
    assert session.scalar(sa.select(EnterpriseMember).where(EnterpriseMember.user_id == organizer.id)) is None


def test_accepting_refuses_an_account_that_acts_for_another_enterprise(app, client, session, make_user,
                                                                       make_enterprise):
    """The rule "one enterprise per account" is checked when the person accepts, and said to them only."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    other = make_user(role="exhibitor")
    make_enterprise(owner=other)
    session.commit()
    login(client, owner)
    client.post("/enterprise/invite", data={"invite-email": other.email})
    browser = app.test_client()
    login(browser, other)
    assert browser.post(_invitation_path(session, other.email), data={"answer": "accept"}).status_code == 409
    assert _members(session, enterprise) == {owner.id}


def test_only_the_owner_invites(client, session, make_user, make_enterprise):
    """A colleague who is a member but not the owner gets 403 and no invitation is made."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    member = make_user(role="exhibitor")
    session.add(EnterpriseMember(user_id=member.id, enterprise_id=enterprise.id, role="member",
                                 joined_at=enterprise.created_at))
    session.commit()
    login(client, member)
    assert client.post("/enterprise/invite", data={"invite-email": "x@example.vn"}).status_code == 403
    assert session.scalar(sa.select(sa.func.count()).select_from(EnterpriseInvitation)) == 0


def test_the_owner_withdraws_a_pending_invitation(app, client, session, make_user, make_enterprise):
    """After withdrawal the link answers 404 and accepting is impossible."""
    owner, enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    colleague = make_user(role="exhibitor")
    session.commit()
    login(client, owner)
    client.post("/enterprise/invite", data={"invite-email": colleague.email})
    invitation = session.scalar(sa.select(EnterpriseInvitation))
    assert client.post(f"/enterprise/invitations/{invitation.id}/withdraw").status_code == 302
    browser = app.test_client()
    login(browser, colleague)
    path = _invitation_path(session, colleague.email)
    assert browser.post(path, data={"answer": "accept"}).status_code == 404
    assert _members(session, enterprise) == {owner.id}


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


def test_the_buttons_alone_carry_the_answer(app, client, session, make_user, make_enterprise):
    """The page has no other field named "answer", which a browser would send before the pressed button's."""
    owner, _enterprise = _owner_with_enterprise(session, make_user, make_enterprise)
    colleague = make_user(role="exhibitor")
    session.commit()
    login(client, owner)
    client.post("/enterprise/invite", data={"invite-email": colleague.email})
    browser = app.test_client()
    login(browser, colleague)
    page = browser.get(_invitation_path(session, colleague.email)).get_data(as_text=True)
    assert re.findall(r'<[^>]*name="answer"[^>]*>', page) == [
        '<button type="submit" name="answer" value="accept" class="button button--primary">',
        '<button type="submit" name="answer" value="decline" class="button">']
