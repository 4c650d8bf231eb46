"""API bearer tokens: made by the CLI or the account page, stored hashed, revocable."""

import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa

from accounts.models import ApiToken
from accounts.services import TOKEN_CACHE_SECONDS, caller_of_api_token
from core.db import utcnow
from tests.conftest import login

PROBLEM = "application/problem+json"


def _bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def _cli_token(cli, user) -> str:
    result = cli("tokens", "create", user.email)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def _only_token(session, user) -> ApiToken:
    return session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)).one()


def test_cli_token_authenticates_the_api(client, cli, make_user, session):
    """The last line printed by `tokens create` is a bearer token the API accepts."""
    user = make_user(role="organizer")
    session.commit()

    raw = _cli_token(cli, user)

    assert client.get("/api/v1/fairs", headers=_bearer(raw)).status_code == 200


def test_api_refuses_requests_without_a_token(client):
    """No bearer token: 401 as a problem document."""
    response = client.get("/api/v1/fairs")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM


def test_api_refuses_an_unknown_token(client):
    """A made-up token: 401 as a problem document."""
    response = client.get("/api/v1/fairs", headers=_bearer("tf_made-up-token"))
    assert response.status_code == 401
    assert response.mimetype == PROBLEM


def test_api_does_not_accept_the_session_cookie(client, login_as):
    """A logged-in browser without a bearer token is refused by the API (no CSRF exposure)."""
    login_as("organizer")
    assert client.get("/account").status_code == 200
    assert client.get("/api/v1/fairs").status_code == 401


def test_raw_token_is_not_stored(cli, make_user, session):
    """The database holds only the token's sha256 hash and a short prefix, never the token."""
    user = make_user()
    session.commit()

    raw = _cli_token(cli, user)

    token = _only_token(session, user)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix) and len(token.prefix) < len(raw) // 2
    row = session.execute(sa.select(ApiToken.__table__).where(ApiToken.id == token.id)).one()
    assert not any(raw in str(value) for value in row)


def test_owner_revokes_a_token_on_the_account_page(client, cli, make_user, session):
    """After the owner revokes a token the API answers 401 with a problem document."""
    user = make_user()
    session.commit()
    raw = _cli_token(cli, user)
    login(client, user)

    response = client.post(f"/account/tokens/{_only_token(session, user).id}/revoke")

    assert response.status_code == 302
    api = client.get("/api/v1/fairs", headers=_bearer(raw))
    assert api.status_code == 401
    assert api.mimetype == PROBLEM


def test_cli_revokes_a_token(client, cli, make_user, session):
    """`tokens revoke EMAIL ID` makes the API refuse the token."""
    user = make_user()
    session.commit()
    raw = _cli_token(cli, user)
    assert client.get("/api/v1/fairs", headers=_bearer(raw)).status_code == 200

    result = cli("tokens", "revoke", user.email, str(_only_token(session, user).id))

    assert result.exit_code == 0, result.output
    api = client.get("/api/v1/fairs", headers=_bearer(raw))
    assert api.status_code == 401
    assert api.mimetype == PROBLEM


def test_cli_cannot_revoke_another_users_token(cli, make_user, session):
    """`tokens revoke` with someone else's token id fails and revokes nothing."""
    owner, other = make_user(), make_user()
    session.commit()
    _cli_token(cli, owner)
    token = _only_token(session, owner)

    result = cli("tokens", "revoke", other.email, str(token.id))

    assert result.exit_code != 0
    assert "No such token." in result.output
    session.refresh(token)
    assert token.revoked_at is None


def test_user_cannot_revoke_another_users_token(client, cli, make_user, session):
    """Posting revoke for someone else's token answers 404 and the token keeps working."""
    owner, intruder = make_user(), make_user()
    session.commit()
    raw = _cli_token(cli, owner)
    token = _only_token(session, owner)
    login(client, intruder)

    response = client.post(f"/account/tokens/{token.id}/revoke")

    assert response.status_code == 404
    session.refresh(token)
    assert token.revoked_at is None
    assert client.get("/api/v1/fairs", headers=_bearer(raw)).status_code == 200


def test_new_token_is_shown_once_on_the_page(client, login_as, session):
    """POST /account/tokens shows the new, working token, uncached."""
    user = login_as("exhibitor")

    response = client.post("/account/tokens", data={"name": "scanner gate A"})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    shown = re.search(r'data-testid="new-token">([^<]+)</code>', response.get_data(as_text=True))
    assert shown, "the new token is not on the page"
    assert _only_token(session, user).token_hash == hashlib.sha256(shown.group(1).encode()).hexdigest()


def test_account_page_lists_tokens_by_prefix_only(client, login_as, session):
    """Later, /account lists the token by name and prefix but never shows it whole."""
    user = login_as("exhibitor")
    created = client.post("/account/tokens", data={"name": "scanner gate A"}).get_data(as_text=True)
    raw = re.search(r'data-testid="new-token">([^<]+)</code>', created).group(1)

    page = client.get("/account").get_data(as_text=True)

    token = _only_token(session, user)
    assert "scanner gate A" in page
    assert f"<code>{token.prefix}…</code>" in page
    assert raw not in page


def test_deactivated_users_token_is_refused(client, cli, make_user, session):
    """Once the owner is deactivated their token answers 401."""
    user = make_user()
    session.commit()
    raw = _cli_token(cli, user)
    user.active = False
    session.commit()

    response = client.get("/api/v1/fairs", headers=_bearer(raw))

    assert response.status_code == 401
    assert response.mimetype == PROBLEM


def test_cli_token_for_an_unknown_email_fails(cli, session):
    """`tokens create` for an address nobody has exits non-zero and makes no token."""
    result = cli("tokens", "create", "nobody@example.vn")
    assert result.exit_code != 0
    assert "No user with e-mail nobody@example.vn." in result.output
    assert session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_api_use_is_recorded_on_the_token(client, cli, make_user, session):
    """Using a token sets its last_used_at."""
    user = make_user()
    session.commit()
    raw = _cli_token(cli, user)
    assert _only_token(session, user).last_used_at is None

    client.get("/api/v1/fairs", headers=_bearer(raw))

    session.refresh(_only_token(session, user))
    assert _only_token(session, user).last_used_at is not None


def test_a_user_deactivated_or_given_another_role_here_loses_api_access_at_once(client, cli, make_user, session):
    """The process's cache of token callers is emptied by any change to a user: no stale access here."""
    user = make_user(role="organizer")
    session.commit()
    raw = _cli_token(cli, user)
    fair = client.post("/api/v1/fairs", headers=_bearer(raw), json={})
    assert fair.status_code == 422  # an organizer may try (and send nothing valid)

    user.role = "exhibitor"
    session.commit()
    assert client.post("/api/v1/fairs", headers=_bearer(raw), json={}).status_code == 403

    user.active = False
    session.commit()
    assert client.get("/api/v1/fairs", headers=_bearer(raw)).status_code == 401


def test_a_token_revoked_by_another_process_is_refused_after_the_cache_time(cli, make_user, session):
    """Another worker's revocation reaches this one within TOKEN_CACHE_SECONDS (simulated: a Core update)."""
    user = make_user()
    session.commit()
    raw = _cli_token(cli, user)
    now = utcnow()
    assert caller_of_api_token(session, raw, now=now).id == user.id
    session.execute(sa.update(ApiToken).where(ApiToken.user_id == user.id).values(revoked_at=now))
    session.commit()

    assert caller_of_api_token(session, raw, now=now + timedelta(seconds=1)) is not None  # still cached
    assert caller_of_api_token(session, raw, now=now + timedelta(seconds=TOKEN_CACHE_SECONDS + 1)) is None
