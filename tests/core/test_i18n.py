"""Vietnamese first, English one click away and remembered; locale-aware formatting."""

from pathlib import Path

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
    html = client.get("/lang/vi").get_data(as_text=True) and client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in html


def test_language_switch_never_redirects_off_site(client):
    """`next` pointing to another site falls back to the home page."""
    response = client.get("/lang/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_logged_in_users_language_is_saved_on_the_account(client, login_as, session):
    """The choice follows the user to another browser."""
    user = login_as("organizer")
    client.get("/lang/en")
    session.refresh(user)
    assert user.locale == "en"
    other_browser = client.application.test_client()
    other_browser.post("/login", data={"email": user.email, "password": "correct-horse-42"})
    assert '<html lang="en">' in other_browser.get("/account").get_data(as_text=True)


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
