"""Fixtures for the accounts tests: English pages, a clean `g` per request, the CLI.

The shared `client` fixture keeps one application context for the whole test, and
Flask keeps `g` on that context. Flask-Login caches the user in `g._login_user`, the
API caches the token user in `g.api_user` and Babel caches the locale in `g`, so
without help one request's user would leak into the next. A real server starts
every request with an empty `g`; `PerRequestClient` does the same.
"""

import pytest
from flask import g
from flask.testing import FlaskClient


def clear_g() -> None:
    """Forget everything a previous request or command left in `g`."""
    for name in list(g):
        g.pop(name)


class PerRequestClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as on a real server."""

    def open(self, *args, **kwargs):
        clear_g()
        return super().open(*args, **kwargs)


def _english_client(app) -> PerRequestClient:
    browser = PerRequestClient(app, app.response_class, use_cookies=True)
    browser.set_cookie("lang", "en")  # assertions read the English messages
    return browser


@pytest.fixture
def client(app_ctx):
    """A browser speaking English whose requests do not share `g` (overrides the root fixture)."""
    return _english_client(app_ctx)


@pytest.fixture
def new_client(app_ctx):
    """Factory: another browser (its own cookies), e.g. a second person."""
    return lambda: _english_client(app_ctx)


@pytest.fixture
def cli(app_ctx):
    """`cli("tokens", "create", email, input=...)` → click Result, run like a fresh command."""
    runner = app_ctx.test_cli_runner()

    def invoke(*args: str, input: str | None = None):
        clear_g()  # a command runs outside any request: nothing cached from one
        return runner.invoke(args=list(args), input=input)

    return invoke
