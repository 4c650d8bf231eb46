"""Public registration: a badge at once and by e-mail, one visitor per e-mail, errors by field, throttled."""

import sqlalchemy as sa

from core.mail import OutboxMessage
from tests.visitors.conftest import visitor_values
from visitors.models import Badge, Visitor


def _form(**over) -> dict:
    values = visitor_values(**over)
    data = {key: value for key, value in values.items() if key not in ("sectors", "consent")}
    data["sectors"] = values["sectors"]
    if values.get("consent"):
        data["consent"] = "y"
    return data


def test_registering_shows_the_badge_and_mails_it(client, session, running_fair):
    """The badge page has the QR and the PDF links; the e-mail carries the badge link; the PDF is a PDF."""
    response = client.post(f"/f/{running_fair.code}/register", data=_form(email="Buyer@Example.vn"))
    assert response.status_code == 302 and "/badges/" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert 'data-testid="badge-qr"' in html and "Nguyễn Thị Hoa" in html
    assert page.headers["Cache-Control"] == "private, no-store"
    visitor = session.scalars(sa.select(Visitor)).one()
    assert visitor.email == "buyer@example.vn" and visitor.consent_at is not None and visitor.source == "web"
    assert visitor.address_hash and "127.0.0.1" not in visitor.address_hash
    mail = session.scalars(sa.select(OutboxMessage)).one()
    assert mail.recipient == "buyer@example.vn" and response.headers["Location"] in mail.body
    pdf = client.get(response.headers["Location"] + ".pdf?size=cr80")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"


def test_the_same_email_twice_gives_one_visitor_and_mails_the_first_badge_again(client, session, running_fair):
    """The second registration is not a second visitor; its badge goes to the address, not to the screen."""
    form = _form(email="same@example.vn")
    client.post(f"/f/{running_fair.code}/register", data=form)
    again = client.post(f"/f/{running_fair.code}/register", data={**form, "full_name": "Someone Else"})
    assert again.status_code == 302 and "/register" in again.headers["Location"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Badge)) == 1
    mails = session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.recipient for m in mails] == ["same@example.vn"] * 2
    assert mails[0].body.split("/badges/")[1].split()[0] == mails[1].body.split("/badges/")[1].split()[0]


def test_bad_input_is_refused_next_to_each_field_and_nothing_is_stored(client, session, running_fair):
    """No province for Vietnam, no consent, a bad e-mail: 422, each message by its field, no visitor."""
    response = client.post(f"/f/{running_fair.code}/register",
                           data=_form(province="", email="not-an-email", consent=False))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("province", "email", "consent"):
        assert f'id="{field}-error"' in html, field
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 0


def test_the_api_registers_once_per_email_and_maps_former_provinces(api, session, running_fair):
    """201 with the badge's serial, code and link; the same e-mail again: 200 and the same visitor.
    'Hải Dương' is stored as Hải Phòng; an unknown province answers 422 naming it; exhibitors may not."""
    caller = api("staff", gate_fairs=[running_fair])
    body = {"full_name": "Trần Văn Nam", "email": "nam@example.vn", "country": "VN", "province": "Hải Dương",
            "visitor_type": "press"}
    first = caller.post(f"/api/v1/fairs/{running_fair.id}/visitors", body)
    assert first.status_code == 201, first.json
    assert first.json["qr"].startswith("F1") and len(first.json["qr"]) == 101 and "/badges/" in first.json["badge_url"]
    again = caller.post(f"/api/v1/fairs/{running_fair.id}/visitors", {**body, "email": "NAM@example.vn"})
    assert again.status_code == 200 and again.json["id"] == first.json["id"] and again.json["created"] is False
    assert session.scalars(sa.select(Visitor.province)).one() == "Hải Phòng"
    bad = caller.post(f"/api/v1/fairs/{running_fair.id}/visitors", {**body, "email": "x@example.vn",
                                                                      "province": "Atlantis"})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert [e["field"] for e in bad.json["errors"]] == ["province"]
    assert api("exhibitor").post(f"/api/v1/fairs/{running_fair.id}/visitors", body).status_code == 403


def test_registration_is_limited_per_address(app, client, session, running_fair, monkeypatch):
    """Past the hourly limit from one address: 429 with Retry-After, and nothing stored."""
    monkeypatch.setitem(app.config, "VISITOR_REGISTRATIONS_PER_HOUR", 2)
    for _ in range(2):
        assert client.post(f"/f/{running_fair.code}/register", data=_form()).status_code == 302
    refused = client.post(f"/f/{running_fair.code}/register", data=_form())
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3600"
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 2


def test_a_closed_or_draft_fair_takes_no_registration(client, session, make_fair):
    """Closed: the page says so and a POST stores nothing; a draft fair does not exist publicly."""
    closed = make_fair(status="closed")
    draft = make_fair(status="draft")
    session.commit()
    page = client.post(f"/f/{closed.code}/register", data=_form())
    assert page.status_code == 422 and "Hội chợ đã đóng đăng ký." in page.get_data(as_text=True)
    assert client.get(f"/f/{draft.code}/register").status_code == 404
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 0


def test_a_forged_badge_link_is_not_found(client):
    """Badge pages are reached only through the signed link."""
    assert client.get("/badges/1.abcdef").status_code == 404
