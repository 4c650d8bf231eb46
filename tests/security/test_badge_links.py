"""A badge link is tied to one badge (issue 21, finding 2): after a reissue the old link answers 410 for the
page, the PDF and the meetings; the new link works; a link dies some days after the fair (configurable)."""

from datetime import date, timedelta

import pytest
from itsdangerous import URLSafeSerializer

from tests.factories import link_token
from tests.visitors.conftest import registered, running_fair  # noqa: F401  (fixtures)


@pytest.fixture
def reissued(app, client, session, registered, login_as):  # noqa: F811
    """A trade buyer's link taken before the desk reissued the badge, and the link of the new badge."""
    visitor, _code = registered(visitor_type="trade_buyer")
    old = link_token(app, session, visitor)
    assert client.get(f"/badges/{old}").status_code == 200  # the old link worked before the reissue
    login_as("organizer")
    response = client.post(f"/fairs/{visitor.fair_id}/visitors/{visitor.id}/reissue")
    assert response.status_code == 302
    client.post("/logout")
    session.expire_all()
    return {"visitor": visitor, "old": old, "new": link_token(app, session, visitor)}


@pytest.mark.parametrize("path", ["/badges/{t}", "/badges/{t}.pdf", "/badges/{t}.pdf?size=cr80",
                                  "/badges/{t}/meetings", "/badges/{t}/meetings.pdf"])
def test_the_old_link_is_gone_after_a_reissue(client, reissued, path):
    """The page, both PDFs and the meetings of the old link answer 410 with the explaining page."""
    response = client.get(path.format(t=reissued["old"]))
    assert response.status_code == 410
    assert "đã được thay bằng thẻ mới" in response.get_data(as_text=True)  # says why, in Vietnamese


def test_the_old_link_cannot_act_on_meetings(client, reissued):
    """Asking for a meeting, answering or cancelling through the old link is refused too."""
    old = reissued["old"]
    assert client.post(f"/badges/{old}/meetings", data={"enterprise_id": 1}).status_code == 410
    assert client.post(f"/badges/{old}/meetings/1/answer", data={"answer": "accept"}).status_code == 410
    assert client.post(f"/badges/{old}/meetings/1/cancel").status_code == 410


@pytest.mark.parametrize("path", ["/badges/{t}", "/badges/{t}.pdf", "/badges/{t}/meetings"])
def test_the_new_link_works(client, reissued, path):
    """Positive control: the new badge's link opens the page, the PDF and the meetings."""
    response = client.get(path.format(t=reissued["new"]))
    assert response.status_code == 200


def test_a_link_expires_after_the_fair(app, client, session, registered):  # noqa: F811
    """A link works until BADGE_LINK_DAYS_AFTER_FAIR days after the fair's last day, then answers 410."""
    visitor, _code = registered()
    days = app.config["BADGE_LINK_DAYS_AFTER_FAIR"]
    visitor.fair.starts_on = date.today() - timedelta(days=days + 5)
    visitor.fair.ends_on = date.today() - timedelta(days=days)
    session.commit()
    assert client.get(f"/badges/{link_token(app, session, visitor)}").status_code == 200  # its last day
    visitor.fair.ends_on = date.today() - timedelta(days=days + 1)
    session.commit()
    assert client.get(f"/badges/{link_token(app, session, visitor)}").status_code == 410


def test_a_link_signed_with_the_visitor_id_alone_no_longer_opens(app, client, registered):  # noqa: F811
    """Links of the old kind (the visitor id, signed without serial or expiry) are 404, as are forged ones."""
    visitor, _code = registered()
    legacy = URLSafeSerializer(app.config["SECRET_KEY"], salt="visitor-badge").dumps(visitor.id)
    assert client.get(f"/badges/{legacy}").status_code == 404
    forged = URLSafeSerializer("another-secret", salt="visitor-badge-link").dumps([visitor.id, 1, "2999-01-01"])
    assert client.get(f"/badges/{forged}").status_code == 404
