"""Sessions that end: logout, a password reset, a deactivation, idleness, age and "sign out everywhere"."""

from datetime import timedelta

import sqlalchemy as sa

from accounts.models import UserSession
from accounts.services import password_link_token
from core.db import utcnow
from tests.accounts.helpers import SECRET
from tests.conftest import TEST_PASSWORD, login


def _copy_of(browser, new_client):
    """Another browser holding a copy of `browser`'s session cookie (a stolen cookie)."""
    thief = new_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def _signed_in(thief) -> bool:
    return thief.get("/account").status_code == 200


def test_a_session_cookie_copied_before_logout_is_refused_after_it(client, new_client, session, make_user):
    """The copy works while the session lives and dies with the logout (the server forgets the session)."""
    user = make_user(role="organizer")
    session.commit()
    login(client, user)
    thief = _copy_of(client, new_client)
    assert _signed_in(thief)
    client.post("/logout")
    assert not _signed_in(thief)
    assert thief.get("/account").status_code == 302


def test_logout_ends_only_that_browser(client, new_client, session, make_user):
    """Logging out on the laptop leaves the phone signed in ("sign out everywhere" is the other button)."""
    user = make_user(role="exhibitor")
    session.commit()
    phone = new_client()
    login(client, user)
    login(phone, user)
    client.post("/logout")
    assert _signed_in(phone)


def test_a_password_reset_ends_every_session(client, new_client, session, make_user):
    """After the reset link is used, every earlier session of the account is refused."""
    user = make_user(role="organizer")
    session.commit()
    login(client, user)
    token = password_link_token(user, secret=SECRET, now=utcnow())
    stranger = new_client()
    assert stranger.post(f"/password/reset/{token}", data={"password": "another-long-pass-9",
                                                          "confirm": "another-long-pass-9"}).status_code == 302
    assert not _signed_in(client)


def test_deactivation_by_an_admin_ends_every_session(client, new_client, session, make_user):
    """The admin's change takes effect on the user's open browser at once."""
    user = make_user(role="staff")
    admin = make_user(role="admin")
    session.commit()
    login(client, user)
    admin_browser = new_client()
    login(admin_browser, admin)
    answer = admin_browser.post(f"/admin/users/{user.id}", data={"display_name": user.display_name, "role": "staff"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/users"), answer.status_code
    assert session.scalar(sa.select(sa.func.count()).select_from(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None))) == 0
    user.active = True  # even reactivated at once, the old session stays dead
    session.commit()
    assert not _signed_in(client)


def test_an_idle_session_ends(app, client, session, make_user):
    """Two hours without a request (an organizer) and the session is over."""
    user = make_user(role="organizer")
    session.commit()
    login(client, user)
    row = session.scalar(sa.select(UserSession).where(UserSession.user_id == user.id))
    row.last_seen_at = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    session.commit()
    assert not _signed_in(client)


def test_a_session_ends_at_its_absolute_lifetime_however_busy(app, client, session, make_user):
    """A session used a minute ago still ends once it is older than SESSION_MAX_HOURS."""
    user = make_user(role="exhibitor")
    session.commit()
    login(client, user)
    row = session.scalar(sa.select(UserSession).where(UserSession.user_id == user.id))
    row.created_at = utcnow() - timedelta(hours=app.config["SESSION_MAX_HOURS"], minutes=1)
    row.last_seen_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert not _signed_in(client)


def test_the_account_page_lists_devices_and_signs_out_one_or_all(client, new_client, session, make_user):
    """Two browsers are listed; signing the phone out ends it; "everywhere" ends this one too."""
    user = make_user(role="exhibitor")
    session.commit()
    phone, tablet = new_client(), new_client()
    login(phone, user)
    login(tablet, user)
    client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36"
    login(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert page.count("/account/sessions/") == 4  # three devices, and "sign out everywhere"
    assert "Chrome · Windows" in page and "this device" in page
    phone_row = session.scalar(sa.select(UserSession).where(UserSession.user_id == user.id)
                               .order_by(UserSession.id))
    client.post(f"/account/sessions/{phone_row.id}/end")
    assert not _signed_in(phone) and _signed_in(tablet) and _signed_in(client)
    client.post("/account/sessions/end-all")
    assert not _signed_in(tablet) and not _signed_in(client)


def test_nobody_signs_out_another_persons_session(client, new_client, session, make_user):
    """A session id of someone else is a 404 and that session lives on."""
    owner, other = make_user(role="exhibitor"), make_user(role="exhibitor")
    session.commit()
    victim = new_client()
    login(victim, other)
    login(client, owner)
    row = session.scalar(sa.select(UserSession).where(UserSession.user_id == other.id))
    assert client.post(f"/account/sessions/{row.id}/end").status_code == 404
    assert _signed_in(victim)


def test_changing_the_password_signs_out_the_other_devices(client, new_client, session, make_user):
    """The account page's password change keeps this browser and ends every other session."""
    user = make_user(role="organizer")
    session.commit()
    phone = new_client()
    login(phone, user)
    login(client, user)
    response = client.post("/account/password", data={"current_password": TEST_PASSWORD,
                                                      "password": "a-new-long-password-7",
                                                      "confirm": "a-new-long-password-7"})
    assert response.status_code == 302
    assert _signed_in(client) and not _signed_in(phone)
    assert login(new_client(), user, "a-new-long-password-7").status_code == 302


def test_a_password_change_needs_the_current_password_and_the_rules(client, session, make_user):
    """A wrong current password, or a new one too short for an organizer, changes nothing."""
    user = make_user(role="organizer")
    session.commit()
    login(client, user)
    wrong = client.post("/account/password", data={"current_password": "not-it-at-all",
                                                   "password": "a-new-long-password-7",
                                                   "confirm": "a-new-long-password-7"})
    short = client.post("/account/password", data={"current_password": TEST_PASSWORD,
                                                   "password": "short-pw-10", "confirm": "short-pw-10"})
    assert wrong.status_code == short.status_code == 422
    assert "This is not your current password." in wrong.get_data(as_text=True)
    assert "at least 12 characters" in short.get_data(as_text=True)
    assert user.check_password(TEST_PASSWORD) and _signed_in(client)
