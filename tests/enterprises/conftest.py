"""Fixtures for the enterprise tests: English pages and API callers bound to users."""

import pytest

from tests.enterprises.helpers import ApiCaller, api_for


@pytest.fixture
def client(app_ctx):
    """A browser reading English pages, so assertions can quote English messages."""
    browser = app_ctx.test_client()
    browser.set_cookie("lang", "en")
    return browser


@pytest.fixture
def api(client, session, make_user):
    """`api("exhibitor")`: a caller as a new user of that role; `api(user)` as that user; `api()` anonymous."""

    def _api(who=None) -> ApiCaller:
        if who is None:
            return ApiCaller(client, None)
        user = make_user(role=who) if isinstance(who, str) else who
        return api_for(client, session, user)

    return _api
