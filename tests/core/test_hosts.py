"""Links in e-mails never come from a forged Host header; unknown hosts can be refused outright."""

import sqlalchemy as sa

from core.mail import OutboxMessage


def test_reset_link_uses_the_public_base_url_not_the_host_header(client, make_user, session, app, monkeypatch):
    """A forgot-password request sent with Host: evil.example still mails a link to the real site."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://hoicho.example.vn")
    user = make_user()
    session.commit()
    client.post("/password/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    body = session.scalar(sa.select(OutboxMessage.body))
    assert "https://hoicho.example.vn/password/reset/" in body
    assert "evil.example" not in body


def test_unknown_hosts_are_refused_when_trusted_hosts_is_set(client, app, monkeypatch):
    """With TRUSTED_HOSTS, a request for another host name answers 400."""
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["hoicho.example.vn"])
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "hoicho.example.vn"}).status_code == 200
