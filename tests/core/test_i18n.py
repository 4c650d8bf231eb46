"""Vietnamese first, English one click away and remembered; locale-aware formatting."""

from pathlib import Path

import pytest

from core.i18n import money, number

ROOT = Path(__file__).resolve().parents[2]


def test_catalog_ships_compiled_with_the_code():
    """A fresh install shows Vietnamese without a compile step: the .mo is in the repository."""
    assert (ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.mo").stat().st_size > 1000


def test_home_page_is_vietnamese_by_default(client):
    """No cookie, no account: the page is Vietnamese."""
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Log in" not in html


def test_switching_to_english_is_remembered(client):
    """The language link sets a long-lived cookie; later pages are English."""
    response = client.get("/lang/en?next=/login")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert "Max-Age=31536000" in response.headers["Set-Cookie"]
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Log in" in html
    client.get("/lang/vi")
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", [
    "//evil.example/", "https://evil.example/", "/%09/evil.example", "/%0a/evil.example", "/\\evil.example",
    "%2F%2Fevil.example", "javascript:alert(1)",
])
def test_language_switch_never_redirects_off_site(client, target):
    """`next` pointing anywhere but a path of this site falls back to the home page."""
    response = client.get(f"/lang/en?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_logged_in_users_language_is_saved_on_the_account(client, login_as, session):
    """The choice (a POST from the page's own form) follows the user to another browser."""
    user = login_as("organizer")
    client.post("/lang/en", data={"next": "/account"})
    session.refresh(user)
    assert user.locale == "en"
    other_browser = client.application.test_client()
    other_browser.post("/login", data={"email": user.email, "password": "correct-horse-42"})
    assert '<html lang="en">' in other_browser.get("/account").get_data(as_text=True)


def test_a_get_link_changes_the_cookie_but_not_the_account(client, login_as, session):
    """Another site can link to /lang/en, but only the browser's cookie changes."""
    user = login_as("organizer")
    client.get("/lang/en")
    session.refresh(user)
    assert user.locale == "vi"


def test_money_and_numbers_follow_the_locale(app):
    """1.250.000 ₫ in Vietnamese, ₫1,250,000 in English."""
    with app.test_request_context("/"):
        assert money(1250000, "VND").replace("\xa0", " ") == "1.250.000 ₫"
        assert number(13000) == "13.000"
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert money(1250000, "VND") == "₫1,250,000"
        assert number(13000) == "13,000"


def test_dates_follow_the_locale(client, make_fair, session):
    """The public fair page writes dates in the reader's language."""
    from datetime import date

    make_fair(code="DATES-1", status="open", starts_on=date(2027, 3, 15), ends_on=date(2027, 3, 18),
              application_deadline=None)
    session.commit()
    vi = client.get("/f/DATES-1").get_data(as_text=True)
    assert "tháng 3" in vi
    client.get("/lang/en")
    en = client.get("/f/DATES-1").get_data(as_text=True)
    assert "March" in en


def test_api_messages_follow_accept_language(client):
    """Problem details are Vietnamese by default and English when the client asks for it."""
    vi = client.get("/api/v1/fairs").get_json()
    en = client.get("/api/v1/fairs", headers={"Accept-Language": "en-US,en;q=0.9"}).get_json()
    assert vi["status"] == en["status"] == 401
    assert en["detail"] == "A valid bearer token is required."
    assert client.get("/api/v1/nothing", headers={"Accept-Language": "vi"}).get_json()["status"] == 404


def test_json_keeps_vietnamese_characters_readable(client, make_user, session):
    """API bodies carry UTF-8 text, not \\u escapes."""
    from accounts.services import issue_api_token
    from core.db import utcnow

    user = make_user(role="organizer")
    token = issue_api_token(session, user, "t", now=utcnow())
    session.commit()
    body = {"code": "UTF-1", "name_vi": "Hội chợ Hà Nội", "name_en": "Fair", "venue": "Hà Nội",
            "province": "Hà Nội", "starts_on": "2027-05-01", "ends_on": "2027-05-03"}
    response = client.post("/api/v1/fairs", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201
    assert "Hội chợ Hà Nội" in response.get_data(as_text=True)
