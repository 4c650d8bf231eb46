"""Helpers shared by the enterprise and booth application tests: API callers, outbox, page scraping."""

import html as html_lib
import re

import sqlalchemy as sa

from accounts.services import issue_api_token
from core.db import utcnow
from core.mail import OutboxMessage

VALID_TAX_CODE = "0100109106"
OTHER_TAX_CODE = "0301234562"
BRANCH_TAX_CODE = "0100109106-001"


class ApiCaller:
    """Sends JSON requests with one user's bearer token."""

    def __init__(self, client, token: str | None, user=None):
        self.client, self.user = client, user
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **query):
        """GET `path` with the token."""
        return self.client.get(path, query_string=query, headers=self.headers)

    def post(self, path, body):
        """POST `body` as JSON to `path` with the token."""
        return self.client.post(path, json=body, headers=self.headers)


def api_for(client, session, user) -> ApiCaller:
    """A caller carrying a fresh bearer token of `user` (committed)."""
    raw = issue_api_token(session, user, "test", now=utcnow())
    session.commit()
    return ApiCaller(client, raw, user)


def error_fields(response) -> list[str]:
    """The fields named by a problem document's errors."""
    return [item.get("field") for item in response.get_json().get("errors", [])]


def outbox(session, recipient: str | None = None) -> list[OutboxMessage]:
    """Queued messages (to `recipient` if given), oldest first."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(session.scalars(query))


def field_errors(page: str, field: str) -> list[str]:
    """The error messages shown next to form field `field`."""
    return [html_lib.unescape(message) for message in re.findall(
        r'<p class="field__error" id="' + re.escape(field) + r'-error">([^<]*)</p>', page)]


def flashes(page: str) -> list[str]:
    """The flash messages shown on a page."""
    return [html_lib.unescape(message) for message in re.findall(r'<p class="flash flash--\w+">([^<]*)</p>', page)]
