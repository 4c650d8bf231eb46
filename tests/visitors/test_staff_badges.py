"""Staff badges can be corrected and withdrawn, and show their booth: on the page, on the badge, at the gate."""

import io

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from pypdf import PdfReader

from booths.applications.models import BoothAssignment
from core.audit import AuditEvent
from core.db import utcnow
from core.errors import NotFound
from tests.conftest import login
from visitors.models import Badge, Visitor
from visitors.staff import update_staff, withdraw_staff


@pytest.fixture
def staffed(client, session, make_user, make_enterprise, make_application, make_booth, running_fair):
    """An exhibitor with booth S-07 and two people registered (An, Bình); the owner logged in."""
    owner = make_user(role="exhibitor")
    application = make_application(fair=running_fair, enterprise=make_enterprise(owner=owner), status="approved")
    booth = make_booth(code="S-07")
    booth.fair_id = running_fair.id
    booth.hall.fair_id = running_fair.id
    session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, source="manual", locked=True,
                                assigned_at=utcnow()))
    session.commit()
    login(client, owner)
    url = f"/applications/{application.id}/staff"
    for name, email in (("Nguyễn Văn An", "an@gom.vn"), ("Trần Thị Bình", "binh@gom.vn")):
        assert client.post(url, data={"full_name": name, "email": email}).status_code == 302
    people = {v.full_name: v for v in session.scalars(sa.select(Visitor).where(Visitor.application_id ==
                                                                               application.id))}
    return application, url, people


def test_the_staff_page_and_badge_show_the_booth_code(client, staffed):
    """S-07 on the page, beside each person, and printed on the badge."""
    application, url, people = staffed
    page = client.get(url).get_data(as_text=True)
    assert "S-07" in page.split('data-testid="staff-booths"')[1].split("</p>")[0]
    assert "S-07" in page.split('data-testid="staff"')[1].split("</ul>")[0]
    pdf = client.get(f"{url}/{people['Nguyễn Văn An'].id}/badge.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "S-07" in text and "Nguyễn Văn An" in text


def test_a_staff_member_is_corrected_keeping_the_badge(client, session, staffed):
    """The edit form comes filled in; the new name and e-mail are saved and audited, the badge serial stays."""
    _application, url, people = staffed
    an = people["Nguyễn Văn An"]
    serial = session.scalar(sa.select(Badge.serial).where(Badge.visitor_id == an.id))
    form = client.get(f"{url}/{an.id}/edit").get_data(as_text=True)
    assert 'value="Nguyễn Văn An"' in form and 'value="an@gom.vn"' in form
    response = client.post(f"{url}/{an.id}/edit", data={"full_name": "Nguyễn Văn Ân", "email": "an.nv@gom.vn",
                                                        "job_title": "Nghệ nhân"})
    assert response.status_code == 302
    session.expire_all()
    assert (an.full_name, an.email, an.job_title) == ("Nguyễn Văn Ân", "an.nv@gom.vn", "Nghệ nhân")
    assert session.scalar(sa.select(Badge.serial).where(Badge.visitor_id == an.id, Badge.revoked_at.is_(None))) \
        == serial
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "staff.update")) == "staff.update"


def test_an_edit_keeps_what_was_typed_when_refused(client, staffed):
    """Taking a colleague's e-mail answers 422 with the message under the field and the typed name kept."""
    _application, url, people = staffed
    response = client.post(f"{url}/{people['Nguyễn Văn An'].id}/edit",
                           data={"full_name": "An mới", "email": "binh@gom.vn"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="An mới"' in page and "field__error" in page


def test_withdrawing_revokes_the_badge_and_frees_the_place(client, session, staffed):
    """Withdrawn: off the list, the badge revoked, and the quota place free for someone else."""
    application, url, people = staffed
    binh = people["Trần Thị Bình"]
    assert client.post(f"{url}/{binh.id}/withdraw").status_code == 302
    session.expire_all()
    assert binh.application_id is None
    assert session.scalar(sa.select(Badge.revoked_at).where(Badge.visitor_id == binh.id)) is not None
    listed = client.get(url).get_data(as_text=True).split('data-testid="staff"')[1].split("</ul>")[0]
    assert "Trần Thị Bình" not in listed and "Nguyễn Văn An" in listed
    assert client.post(url, data={"full_name": "Lê Văn Cường"}).status_code == 302
    assert client.post(url, data={"full_name": "Phạm Thu Dung"}).status_code == 302


def test_another_exhibitor_cannot_edit_or_withdraw(client, session, make_user, make_enterprise, staffed):
    """Someone else's people are a 404, and nothing changes."""
    _application, url, people = staffed
    stranger = make_user(role="exhibitor")
    make_enterprise(owner=stranger)
    session.commit()
    other = client.application.test_client()
    login(other, stranger)
    an = people["Nguyễn Văn An"]
    assert other.get(f"{url}/{an.id}/edit").status_code == 404
    assert other.post(f"{url}/{an.id}/withdraw").status_code == 404
    session.expire_all()
    assert an.application_id is not None


def test_the_services_refuse_a_stranger_too(session, make_user, make_enterprise, staffed):
    """Pages are not the only door: the services themselves answer NotFound to another exhibitor."""
    application, _url, people = staffed
    stranger = make_user(role="exhibitor")
    make_enterprise(owner=stranger)
    an = people["Nguyễn Văn An"]
    with force_locale("en"):
        with pytest.raises(NotFound):
            update_staff(session, application, an, {"full_name": "X"}, actor=stranger, now=utcnow())
        with pytest.raises(NotFound):
            withdraw_staff(session, application, an, actor=stranger, now=utcnow())
    assert an.full_name == "Nguyễn Văn An" and an.application_id == application.id
