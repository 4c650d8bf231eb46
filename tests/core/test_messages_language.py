"""Built-in messages (WTForms, marshmallow, Flask-Login, error pages) in the reader's language, one per document."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.builtin_messages import translate_schema_message
from tests.conftest import login

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
FAIR = {"code": "LANG-1", "name_vi": "Hội chợ", "name_en": "Fair", "venue": "Hà Nội", "province": "Hà Nội",
        "starts_on": "2027-05-01", "ends_on": "2027-05-03"}


def test_every_catalog_entry_is_translated():
    """No entry of the Vietnamese catalog is empty or fuzzy (plural forms included)."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not m.string or (
        isinstance(m.string, tuple) and not all(m.string)))]
    assert untranslated == []


def field_errors(html: str) -> list[str]:
    """The messages shown next to fields."""
    return re.findall(r'class="field__error"[^>]*>([^<]*)<', html)


def test_an_empty_sign_up_form_is_refused_in_vietnamese_then_in_english(client):
    """WTForms' own "This field is required." and the length message are Vietnamese on a Vietnamese page."""
    errors = field_errors(client.post("/signup", data={"email": "", "password": "x"}).get_data(as_text=True))
    assert "Trường này là bắt buộc." in errors and "Phải có ít nhất 8 ký tự." in errors
    assert not any("required" in error or "characters" in error for error in errors)
    client.get("/lang/en")
    errors = field_errors(client.post("/signup", data={"email": "", "password": "x"}).get_data(as_text=True))
    assert "This field is required." in errors and "Field must be at least 8 characters long." in errors


def test_flask_logins_message_is_vietnamese(client):
    """A page that needs a login sends to the login page with a Vietnamese notice."""
    html = client.get("/account", follow_redirects=True).get_data(as_text=True)
    assert "Vui lòng đăng nhập" in html or "đăng nhập" in html.lower()
    assert "Please log in" not in html


@pytest.mark.parametrize(("language", "title", "message"), [
    ("vi", "Một số trường không hợp lệ", "Thiếu dữ liệu cho trường bắt buộc."),
    ("en", "Some fields are invalid", "Missing data for required field."),
])
def test_a_schema_error_is_one_language_chosen_by_accept_language(api, language, title, message):
    """marshmallow's messages, the title and the detail of a 422 all speak the caller's language."""
    caller = api("organizer")
    caller.headers["Accept-Language"] = language
    body = {key: value for key, value in FAIR.items() if key != "venue"}
    problem = caller.post("/api/v1/fairs", body).get_json()
    assert problem["status"] == 422 and problem["title"] == title
    assert {"field": "venue", "message": message} in problem["errors"]
    if language == "vi":
        assert "invalid" not in problem["detail"] and "Missing" not in str(problem)


def test_an_api_404_has_a_vietnamese_title_and_detail(client):
    """werkzeug's English description does not reach a Vietnamese caller."""
    problem = client.get("/api/v1/nothing-here", headers={"Accept-Language": "vi"}).get_json()
    assert problem["title"] == "Không tìm thấy" and "requested URL" not in problem["detail"]


def test_formatted_schema_messages_are_matched_back_and_translated(app):
    """A message marshmallow formatted with values is translated with the same values; others are left alone."""
    with app.test_request_context("/api/v1/x", headers={"Accept-Language": "vi"}):
        assert translate_schema_message("Must be one of: a, b.") == "Phải là một trong: a, b."
        assert translate_schema_message("Length must be between 1 and 20.") == "Độ dài phải từ 1 đến 20."
        assert translate_schema_message("Mã số thuế không hợp lệ.") == "Mã số thuế không hợp lệ."


def test_a_form_on_a_vietnamese_page_of_a_logged_in_user_speaks_vietnamese(client, make_user, session):
    """An organizer's empty new-fair form shows Vietnamese messages only."""
    user = make_user(role="organizer")
    session.commit()
    login(client, user)
    errors = field_errors(client.post("/fairs/new", data={}).get_data(as_text=True))
    assert errors and all("field" not in error.lower() for error in errors)
