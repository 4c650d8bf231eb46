"""Fixtures for the accounts tests: English pages and messages, a second browser, the CLI.

Pages are read in English (the `lang` cookie) so the assertions hold whatever the
Vietnamese catalogue says. `tests/conftest.py` empties `g` before every request;
the `cli` fixture does the same before every command, which runs outside any request.
"""

import pytest
from flask import g
from flask_babel import force_locale


def _clear_g() -> None:
    """Forget everything a previous request or command left in `g`."""
    g.__dict__.clear()


def _english_browser(app):
    browser = app.test_client()
    browser.set_cookie("lang", "en")
    return browser


@pytest.fixture(autouse=True)
def _english_services(request):
    """Services called directly by a test (outside any request) give English messages."""
    if "app_ctx" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app_ctx")  # force_locale needs the app context's `g`
    with force_locale("en"):
        yield


@pytest.fixture
def client(app_ctx):
    """A browser that reads the site in English (overrides the root fixture)."""
    return _english_browser(app_ctx)


@pytest.fixture
def new_client(app_ctx):
    """Factory: another browser with its own cookies, e.g. a second person."""
    return lambda: _english_browser(app_ctx)


@pytest.fixture
def cli(app_ctx):
    """`cli("tokens", "create", email, input=...)` → click Result, run like a fresh command."""
    runner = app_ctx.test_cli_runner()

    def invoke(*args: str, input: str | None = None):
        _clear_g()  # a command runs outside any request: no locale or user cached from one
        return runner.invoke(args=list(args), input=input)

    return invoke
