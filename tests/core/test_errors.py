"""Error pages in both languages, problem documents for the API."""

import pytest

from app import create_app
from core.errors import render_error_page


def test_404_page_is_vietnamese_then_english(client):
    """Unknown pages answer a friendly 404 in the reader's language."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)
    client.get("/lang/en")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_api_404_is_a_problem_document(client):
    """Unknown API paths answer application/problem+json."""
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 404 and body["title"]


def test_too_large_request_answers_413_page(client, app, monkeypatch):
    """A body over MAX_CONTENT_LENGTH is refused with the 413 page."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = client.post("/login", data={"email": "a@b.vn", "password": "x" * 5000})
    assert response.status_code == 413
    assert "413" in response.get_data(as_text=True)


@pytest.fixture
def crashing_app(tmp_path):
    """An app with one route that raises, to see the 500 page."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                              "SECRET_KEY": "k"})

    @application.get("/boom")
    def boom():
        raise RuntimeError("secret detail that must not leak")

    @application.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret detail that must not leak")

    return application


def test_unexpected_error_shows_500_page_without_details(crashing_app):
    """A crash shows the 500 page; the exception text stays in the log."""
    response = crashing_app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "500" in html and "secret detail" not in html


def test_unexpected_api_error_is_a_problem_document(crashing_app):
    """A crash under /api answers a 500 problem document."""
    response = crashing_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "secret detail" not in response.get_data(as_text=True)


def test_security_headers_are_set(client):
    """Every page carries a strict Content-Security-Policy and no-sniff."""
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("status", "vi", "en"), [
    (400, "Yêu cầu không hợp lệ", "Bad request"),
    (403, "Không có quyền truy cập", "Access denied"),
    (404, "Không tìm thấy trang", "Page not found"),
    (413, "quá lớn", "The upload is too large"),
    (500, "Đã xảy ra lỗi", "Something went wrong"),
])
def test_error_pages_speak_both_languages(app, status, vi, en):
    """Each error page has its own title, in Vietnamese by default and English when chosen."""
    with app.test_request_context("/"):
        html, code, _headers = render_error_page(status, None)
    assert code == status
    assert vi in html and en not in html
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        html, code, _headers = render_error_page(status, None)
    assert en in html
