"""Browser tests: a live server on a free loopback port and Debian's Chromium driven by Playwright."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from core.extensions import db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_executable():
    """Debian's Chromium; skipped when absent, unless E2E_REQUIRED=1 (CI) makes that a failure."""
    path = _chromium_path()
    if path is None:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail("Chromium is required for the browser tests but was not found")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The real app (CSRF on) on a temporary SQLite database."""
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    application = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                              "SECRET_KEY": "e2e-secret", "WTF_CSRF_ENABLED": True, "APP_ENV": "development",
                              "DATA_KEY_FILE": str(tmp_path_factory.mktemp("keys") / "data.key")})
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve the app on 127.0.0.1 in a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_executable, headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page, phone-friendly desktop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, chromium_executable):
    """A fresh app with `flask demo` loaded, served on a free loopback port."""
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "demo-e2e",
                      "APP_ENV": "development", "WTF_CSRF_ENABLED": True,
                      "DATA_KEY_FILE": str(tmp_path_factory.mktemp("k") / "data.key")})
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()
